package users

import (
	"context"
	"strconv"

	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/form"
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

// ownRoles are the roles of the account being edited when it is the
// viewer's own (shown as text, as nobody changes their own), else nil.
func (v editView) ownRoles() []auth.Role {
	if !v.Self {
		return nil
	}
	if v.User.Roles == nil {
		return []auth.Role{}
	}
	return v.User.Roles
}

func ownRolesDescribedBy(errs form.Errors) string {
	if errs.Get("roles") != "" {
		return "roles-hint roles-error"
	}
	return "roles-hint"
}
