package petitions

import "github.com/daugavpils/prdesk/internal/personcode"

// personCodeMessage is the catalogue key of the message shown beside a personal code's field.
func personCodeMessage(p personcode.Problem) string {
	return "petitions.register.err_code_" + string(p)
}
