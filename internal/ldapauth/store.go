package ldapauth

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/daugavpils/prdesk/internal/audit"
	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/db"
)

// noPassword is the password_hash of a directory account: no password
// matches it, so such an account signs in only through the directory.
const noPassword = "!directory"

type store struct{ pool *pgxpool.Pool }

// provision creates the account of username from e, or brings its name,
// e-mail and roles up to date, in one transaction with its audit entry.
// A local account of the same name is not touched (sign-in never asks the
// directory about one). The account is read back as sign-in sees it.
func (s store) provision(ctx context.Context, username string, e entry) (*auth.User, error) {
	var id int64
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		var source, name, email string
		var roles []auth.Role
		err := tx.QueryRow(ctx, `select id, source, full_name, email, roles from users where username = $1 for update`, username).
			Scan(&id, &source, &name, &email, &roles)
		switch {
		case errors.Is(err, pgx.ErrNoRows):
			u := &auth.User{Username: username, FullName: e.Name, Email: e.Email, Roles: e.Roles, Active: true}
			if id, err = auth.Insert(ctx, tx, u, noPassword, nil); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `update users set source = 'directory' where id = $1`, id); err != nil {
				return err
			}
			return audit.RecordAs(ctx, tx, audit.System, audit.Entry{Entity: "user", EntityID: id, Action: "create",
				Summary: fmt.Sprintf("Konts izveidots, piesakoties ar pašvaldības katalogu; lomas: %s", roleList(e.Roles))})
		case err != nil:
			return err
		case source != auth.SourceDirectory:
			return fmt.Errorf("ldap: %q is a local account", username)
		}
		if name == e.Name && email == e.Email && slices.Equal(roles, e.Roles) {
			return nil
		}
		if _, err := tx.Exec(ctx, `update users set full_name = $2, email = $3, roles = $4, version = version + 1, updated_at = now()
			where id = $1`, id, e.Name, e.Email, e.Roles); err != nil {
			return err
		}
		summary := "Konta dati atjaunoti no pašvaldības kataloga"
		if !slices.Equal(roles, e.Roles) {
			summary += fmt.Sprintf("; lomas: %s (bija: %s)", roleList(e.Roles), roleList(roles))
		}
		return audit.RecordAs(ctx, tx, audit.System, audit.Entry{Entity: "user", EntityID: id, Action: "update", Summary: summary})
	})
	if err != nil {
		return nil, err
	}
	return auth.NewUsers(s.pool).ByID(ctx, id)
}

func roleList(roles []auth.Role) string {
	words := make([]string, len(roles))
	for i, r := range roles {
		words[i] = string(r)
	}
	return strings.Join(words, ", ")
}
