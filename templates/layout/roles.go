package layout

import (
	"context"
	"strings"

	"github.com/daugavpils/prdesk/internal/i18n"
)

func roleNames(ctx context.Context, roles []string) string {
	names := make([]string, len(roles))
	for i, r := range roles {
		names[i] = i18n.T(ctx, "role."+r)
	}
	return strings.Join(names, ", ")
}
