package users

import (
	"context"
	"strconv"

	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/templates/components"
)

func roleOptions(ctx context.Context, selected []auth.Role) []components.Option {
	out := make([]components.Option, len(auth.Roles))
	for i, r := range auth.Roles {
		out[i] = components.Option{Value: string(r), Label: i18n.T(ctx, "role."+string(r)), Selected: hasRole(selected, r)}
	}
	return out
}

func userPath(id int64, suffix string) string {
	return "/admin/users/" + strconv.FormatInt(id, 10) + suffix
}
