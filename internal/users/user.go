// Package users is the administration of accounts (/admin/users) and each
// person's own account (/account): create, edit, deactivate, set passwords.
// Every write is one transaction with its audit entry; no password or hash
// ever reaches the log.
package users

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/daugavpils/prdesk/internal/audit"
	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/i18n"
)

// roleWords names roles in the language of ctx, in the order of auth.Roles.
func roleWords(ctx context.Context, roles []auth.Role) string {
	var names []string
	for _, r := range auth.Roles {
		for _, x := range roles {
			if x == r {
				names = append(names, i18n.T(ctx, "role."+string(r)))
				break
			}
		}
	}
	return strings.Join(names, ", ")
}

func roleStrings(roles []auth.Role) []string {
	out := make([]string, len(roles))
	for i, r := range roles {
		out[i] = string(r)
	}
	return out
}

// canonicalRoles orders roles as auth.Roles does, so that ticking the same
// boxes in another order is no change.
func canonicalRoles(roles []auth.Role) []auth.Role {
	out := []auth.Role{}
	for _, r := range auth.Roles {
		for _, x := range roles {
			if x == r {
				out = append(out, r)
				break
			}
		}
	}
	return out
}

// The audit log is kept in Latvian whatever language the person uses.
func lv(ctx context.Context) context.Context { return i18n.WithLocale(ctx, "lv") }

func activeWord(active bool) string {
	if active {
		return "aktīvs"
	}
	return "deaktivizēts"
}

// The summaries name the account by its user name and say what was done,
// in the department's fixed words (roles, status); what a person typed
// (a name, an e-mail address) is only in the details, as in every area's
// entries (internal/audit).

// createEntry describes a new account.
func createEntry(ctx context.Context, id int64, u userForm) audit.Entry {
	return audit.Entry{
		Entity: "user", EntityID: id, Action: "create",
		Summary: fmt.Sprintf("Izveidots lietotājs %s, lomas: %s", u.Username, roleWords(lv(ctx), u.Roles)),
		Details: audit.Diff([][3]any{
			{"username", nil, u.Username},
			{"full_name", nil, u.FullName},
			{"email", nil, u.Email},
			{"roles", nil, roleStrings(u.Roles)},
			{"active", nil, u.Active},
		}),
	}
}

// updateEntry describes an edit, or reports false when nothing changed.
func updateEntry(ctx context.Context, before *auth.User, after userForm) (audit.Entry, bool) {
	changes := audit.Diff([][3]any{
		{"full_name", before.FullName, after.FullName},
		{"email", before.Email, after.Email},
		{"roles", roleStrings(before.Roles), roleStrings(after.Roles)},
		{"active", before.Active, after.Active},
	})
	if len(changes) == 0 {
		return audit.Entry{}, false
	}
	var parts []string
	for _, c := range changes {
		switch c.Field {
		case "full_name":
			parts = append(parts, "vārds")
		case "email":
			parts = append(parts, "e-pasts")
		case "roles":
			parts = append(parts, fmt.Sprintf("lomas: %s → %s", roleWords(lv(ctx), before.Roles), roleWords(lv(ctx), after.Roles)))
		case "active":
			parts = append(parts, "statuss: "+activeWord(before.Active)+" → "+activeWord(after.Active))
		}
	}
	action := "update"
	if before.Active != after.Active && len(changes) == 1 {
		action = map[bool]string{true: "activate", false: "deactivate"}[after.Active]
	}
	return audit.Entry{
		Entity: "user", EntityID: before.ID, Action: action,
		Summary: fmt.Sprintf("Mainīti lietotāja %s dati: %s", before.Username, strings.Join(parts, "; ")),
		Details: changes,
	}, true
}

// activeEntry describes a deactivation or an activation.
func activeEntry(u *auth.User, active bool) audit.Entry {
	e := audit.Entry{
		Entity: "user", EntityID: u.ID, Action: "deactivate",
		Summary: fmt.Sprintf("Lietotājs %s deaktivizēts", u.Username),
		Details: audit.Diff([][3]any{{"active", u.Active, active}}),
	}
	if active {
		e.Action = "activate"
		e.Summary = fmt.Sprintf("Lietotājs %s aktivizēts", u.Username)
	}
	return e
}

// resetEntry describes a password set by an administrator: that it
// happened, never what it is. For an account whose roles read personal
// data it says so: whoever knows the password can read them, and the head
// sees it in the list of access given (Grants).
func resetEntry(u *auth.User) audit.Entry {
	e := audit.Entry{
		Entity: "user", EntityID: u.ID, Action: "reset_password",
		Summary: fmt.Sprintf("Lietotājam %s iestatīta jauna parole", u.Username),
	}
	if personal := auth.PersonalDataRoles(u.Roles); len(personal) > 0 {
		e.Details = map[string]any{"personal_data_roles": roleStrings(personal)}
	}
	return e
}

// grantEntry describes giving account id (username) a role that reads
// personal data, which roles gives and before did not; false when it gives
// none.
func grantEntry(ctx context.Context, id int64, username string, before, roles []auth.Role) (audit.Entry, bool) {
	var added []auth.Role
	for _, r := range auth.PersonalDataRoles(roles) {
		if !slices.Contains(before, r) {
			added = append(added, r)
		}
	}
	if len(added) == 0 {
		return audit.Entry{}, false
	}
	return audit.Entry{
		Entity: "user", EntityID: id, Action: "grant_personal_data",
		Summary: fmt.Sprintf("Lietotājam %s piešķirta piekļuve personas datiem: %s", username, roleWords(lv(ctx), added)),
		Details: map[string]any{"personal_data_roles": roleStrings(added), "roles": roleStrings(canonicalRoles(roles))},
	}, true
}

// changeEntry describes a person changing their own password.
func changeEntry(u *auth.User) audit.Entry {
	return audit.Entry{
		Entity: "user", EntityID: u.ID, Action: "change_password",
		Summary: fmt.Sprintf("Lietotājs %s nomainīja savu paroli", u.Username),
	}
}

// AuditEntities are the accounts' entity in the audit log: the staff's
// accounts are no residents' personal data, and the administrator who keeps
// them opens their details.
func AuditEntities() audit.Entities { return audit.Entities{"user": false} }
