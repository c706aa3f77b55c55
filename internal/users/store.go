package users

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/errs"
)

// columns matches auth.User's db tags.
const columns = "id, username, full_name, email, roles, active, version, created_at, updated_at"

// Store reads and writes accounts for the administration pages. Writes take
// the caller's transaction, so that the audit entry commits with them.
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
	return one(rows)
}

// lock loads one account inside tx and holds its row until tx ends, so that
// the version compared is the version overwritten.
func lock(ctx context.Context, tx pgx.Tx, id int64) (*auth.User, error) {
	rows, _ := tx.Query(ctx, "select "+columns+" from users where id = $1 for update", id)
	return one(rows)
}

func one(rows pgx.Rows) (*auth.User, error) {
	u, err := pgx.CollectExactlyOneRow(rows, pgx.RowToAddrOfStructByName[auth.User])
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, errs.NotFound
	}
	return u, err
}

// errUsernameTaken is the unique constraint on users.username speaking.
var errUsernameTaken = errors.New("user name taken")

// create inserts an account; errUsernameTaken when the name is in use.
func create(ctx context.Context, tx pgx.Tx, u *auth.User, hash string, by int64) (int64, error) {
	id, err := auth.Insert(ctx, tx, u, hash, &by)
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == "23505" && pgErr.ConstraintName == "users_username_key" {
		return 0, errUsernameTaken
	}
	return id, err
}

// update writes the editable fields when the row is still at version;
// errs.Conflict when someone saved in between.
func update(ctx context.Context, tx pgx.Tx, u *auth.User, version int) error {
	tag, err := tx.Exec(ctx, `
		update users set full_name = $3, email = $4, roles = $5, active = $6,
			version = version + 1, updated_at = now()
		where id = $1 and version = $2`,
		u.ID, version, u.FullName, u.Email, u.Roles, u.Active)
	if err != nil {
		return err
	}
	if tag.RowsAffected() == 0 {
		return errs.Conflict
	}
	return nil
}

// setActive (de)activates an account. It moves the version on, so an edit
// form opened before it is stale.
func setActive(ctx context.Context, tx pgx.Tx, id int64, active bool) error {
	_, err := tx.Exec(ctx, `update users set active = $2, version = version + 1, updated_at = now() where id = $1`, id, active)
	return err
}

// setPassword stores a new hash. The version stays: no form shows the
// password, so an open edit form is not stale because of it.
func setPassword(ctx context.Context, tx pgx.Tx, id int64, hash string) error {
	_, err := tx.Exec(ctx, `update users set password_hash = $2, updated_at = now() where id = $1`, id, hash)
	return err
}

// passwordHash reads the stored hash of one account.
func (s *Store) passwordHash(ctx context.Context, id int64) (string, error) {
	var h string
	err := s.pool.QueryRow(ctx, "select password_hash from users where id = $1", id).Scan(&h)
	return h, err
}
