package users

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/daugavpils/prdesk/internal/audit"
	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/db"
	"github.com/daugavpils/prdesk/internal/errs"
)

// columns matches auth.User's db tags.
const columns = "id, username, full_name, email, roles, active, totp_enabled_at is not null as two_factor, source = 'directory' as directory, version, created_at, updated_at"

// Store reads and writes accounts for the administration pages. Each
// exported write is one use case: one transaction with its audit entry.
type Store struct{ pool *pgxpool.Pool }

// NewStore returns the account store.
func NewStore(pool *pgxpool.Pool) *Store { return &Store{pool: pool} }

// List returns every account, by name in Latvian order. A department has a
// few dozen accounts, so the list is not paged.
func (s *Store) List(ctx context.Context) ([]auth.User, error) {
	rows, _ := s.pool.Query(ctx, "select "+columns+` from users
		order by full_name collate "lv-x-icu", username`)
	return pgx.CollectRows(rows, pgx.RowToStructByName[auth.User])
}

// Get loads one account; errs.NotFound when there is none.
func (s *Store) Get(ctx context.Context, id int64) (*auth.User, error) {
	rows, _ := s.pool.Query(ctx, "select "+columns+" from users where id = $1", id)
	return one(rows, id)
}

// Create makes an account, active, with its audit entry. A user name in
// use is the username field's refusal.
func (s *Store) Create(ctx context.Context, in userForm, hash string) (int64, error) {
	var id int64
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		u := &auth.User{Username: in.Username, FullName: in.FullName, Email: in.Email, Roles: in.Roles, Active: true}
		var err error
		id, err = auth.Insert(ctx, tx, u, hash, audit.ActorID(ctx))
		if db.IsUnique(err, "users_username_key") {
			return errs.Field("username", "field.username_taken")
		}
		if err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, createEntry(ctx, id, in)); err != nil {
			return err
		}
		return recordGrant(ctx, tx, id, in.Username, nil, in.Roles)
	})
	return id, err
}

// recordGrant writes the audit entry the head's list of access given reads
// (Grants), when roles gives the account a role that reads personal data
// that before did not.
func recordGrant(ctx context.Context, tx pgx.Tx, id int64, username string, before, roles []auth.Role) error {
	if e, ok := grantEntry(ctx, id, username, before, roles); ok {
		return audit.Record(ctx, tx, e)
	}
	return nil
}

// Update writes the editable fields of account id when it is still at
// version, with its audit entry; errs.Conflict when someone saved in
// between. A form that changes nothing writes nothing. Nobody changes their
// own roles, and no account holds the administrator's role with one that
// reads personal data (auth.CheckRoles): both are the roles field's
// refusal. Giving a role that reads personal data is an entry of its own
// in the log, which the head reads (Grants).
func (s *Store) Update(ctx context.Context, id int64, version int, in userForm) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		before, err := lock(ctx, tx, id)
		if err != nil {
			return err
		}
		if before.Version != version {
			return fmt.Errorf("users: account %d is at version %d, the form at %d: %w", id, before.Version, version, errs.Conflict)
		}
		if me := auth.UserFrom(ctx); me != nil && me.ID == id && !slices.Equal(canonicalRoles(before.Roles), canonicalRoles(in.Roles)) {
			return errs.Field("roles", "users.err_own_roles")
		}
		if err := auth.CheckRoles(in.Roles); err != nil {
			return err
		}
		entry, changed := updateEntry(ctx, before, in)
		if !changed {
			return nil
		}
		// The version moves on, so an edit form opened before is stale.
		err = db.Versioned(tx.Exec(ctx, `
			update users set full_name = $3, email = $4, roles = $5, active = $6,
				version = version + 1, updated_at = now()
			where id = $1 and version = $2`,
			id, version, in.FullName, in.Email, in.Roles, in.Active))
		if err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, entry); err != nil {
			return err
		}
		return recordGrant(ctx, tx, id, before.Username, before.Roles, in.Roles)
	})
}

// SetActive deactivates or activates account id, with its audit entry;
// an account already so is left alone. The version moves on, so an edit
// form opened before it is stale.
func (s *Store) SetActive(ctx context.Context, id int64, active bool) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		before, err := lock(ctx, tx, id)
		if err != nil || before.Active == active {
			return err
		}
		if _, err := tx.Exec(ctx, `update users set active = $2, version = version + 1, updated_at = now() where id = $1`,
			id, active); err != nil {
			return err
		}
		return audit.Record(ctx, tx, activeEntry(before, active))
	})
}

// ResetPassword stores a password an administrator set for account id,
// with its audit entry (that it happened, never what it is).
func (s *Store) ResetPassword(ctx context.Context, id int64, hash string) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		before, err := lock(ctx, tx, id)
		if err != nil {
			return err
		}
		if before.Directory {
			return ErrDirectoryPassword
		}
		if err := setPassword(ctx, tx, id, hash); err != nil {
			return err
		}
		return audit.Record(ctx, tx, resetEntry(before))
	})
}

// ChangeOwnPassword stores the new password the signed-in person me chose,
// with its audit entry.
func (s *Store) ChangeOwnPassword(ctx context.Context, me *auth.User, hash string) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		now, err := lock(ctx, tx, me.ID)
		if err != nil {
			return err
		}
		if now.Directory {
			return ErrDirectoryPassword
		}
		if err := setPassword(ctx, tx, me.ID, hash); err != nil {
			return err
		}
		return audit.Record(ctx, tx, changeEntry(me))
	})
}

// ErrDirectoryPassword refuses setting the password of an account from the
// municipality's directory: the directory checks it at every sign-in, so a
// password set here would never be asked for, and an administrator could
// not give themselves a way into someone else's account by setting one.
var ErrDirectoryPassword = errors.New("users: the directory keeps this account's password")

// passwordHash reads the stored hash of one account.
func (s *Store) passwordHash(ctx context.Context, id int64) (string, error) {
	var h string
	err := s.pool.QueryRow(ctx, "select password_hash from users where id = $1", id).Scan(&h)
	return h, db.NotFound(err, fmt.Sprintf("users: account %d", id))
}

// lock loads one account inside tx and holds its row until tx ends, so that
// the version compared is the version overwritten.
func lock(ctx context.Context, tx pgx.Tx, id int64) (*auth.User, error) {
	rows, _ := tx.Query(ctx, "select "+columns+" from users where id = $1 for update", id)
	return one(rows, id)
}

func one(rows pgx.Rows, id int64) (*auth.User, error) {
	u, err := pgx.CollectExactlyOneRow(rows, pgx.RowToAddrOfStructByName[auth.User])
	return u, db.NotFound(err, fmt.Sprintf("users: account %d", id))
}

// setPassword stores a new hash. The version stays: no form shows the
// password, so an open edit form is not stale because of it.
func setPassword(ctx context.Context, tx pgx.Tx, id int64, hash string) error {
	_, err := tx.Exec(ctx, `update users set password_hash = $2, updated_at = now() where id = $1`, id, hash)
	return err
}

// Grant is one time access to residents' personal data was given through
// an account, as the head's list shows it: roles that read personal data
// given to it, or its password set by an administrator.
type Grant struct {
	ID       int64     `db:"id"` // the audit entry's
	At       time.Time `db:"created_at"`
	By       string    `db:"actor_name"`
	UserID   int64     `db:"user_id"`
	Username string    `db:"username"`
	FullName string    `db:"full_name"`
	Action   string    `db:"action"` // grant_personal_data or reset_password
	Roles    []string  `db:"roles"`  // the roles that read personal data it concerns
}

// grantsWhere picks the entries of Grant from the audit log.
const grantsWhere = `a.entity = 'user' and (a.action = 'grant_personal_data'
	or (a.action = 'reset_password' and a.details ? 'personal_data_roles'))`

// Grants lists up to limit grants, newest first, older than the entry
// before (0: from the newest).
func (s *Store) Grants(ctx context.Context, before int64, limit int) ([]Grant, error) {
	rows, _ := s.pool.Query(ctx, `
		select a.id, a.created_at, coalesce(b.full_name, a.actor_name) as actor_name, coalesce(u.id, 0) as user_id, coalesce(u.username, '') as username,
			coalesce(u.full_name, '') as full_name, a.action,
			coalesce(array(select jsonb_array_elements_text(a.details->'personal_data_roles')), '{}') as roles
		from audit_log a left join users u on u.id::text = a.entity_id left join users b on b.id = a.actor_id
		where `+grantsWhere+` and ($1 = 0 or a.id < $1)
		order by a.id desc limit $2`, before, limit)
	return pgx.CollectRows(rows, pgx.RowToStructByName[Grant])
}

// GrantsSince counts the grants made at or after since.
func (s *Store) GrantsSince(ctx context.Context, since time.Time) (int, error) {
	var n int
	err := s.pool.QueryRow(ctx, `select count(*) from audit_log a where `+grantsWhere+` and a.created_at >= $1`, since).Scan(&n)
	return n, err
}
