package auth

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

const userColumns = "id, username, full_name, email, roles, active, totp_enabled_at is not null as two_factor, source = 'directory' as directory, version, created_at, updated_at"

// Users reads accounts; internal/users administers them.
type Users struct{ pool *pgxpool.Pool }

// NewUsers returns the account store.
func NewUsers(pool *pgxpool.Pool) *Users { return &Users{pool: pool} }

// ByID loads one account; ErrNoUser when there is none.
func (s *Users) ByID(ctx context.Context, id int64) (*User, error) {
	rows, _ := s.pool.Query(ctx, "select "+userColumns+" from users where id = $1", id)
	u, err := pgx.CollectExactlyOneRow(rows, pgx.RowToAddrOfStructByName[User])
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, ErrNoUser
	}
	return u, err
}

// credentials returns the account, its password hash and where it comes
// from (SourceLocal or SourceDirectory) for sign-in.
func (s *Users) credentials(ctx context.Context, username string) (*User, string, string, error) {
	var hash, source string
	u := &User{}
	err := s.pool.QueryRow(ctx,
		"select "+userColumns+", password_hash, source from users where username = $1", username).
		Scan(&u.ID, &u.Username, &u.FullName, &u.Email, &u.Roles, &u.Active, &u.TwoFactor, &u.Directory, &u.Version, &u.CreatedAt, &u.UpdatedAt, &hash, &source)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, "", "", ErrNoUser
	}
	return u, hash, source, err
}

// Insert creates an account inside tx and returns its id: the part of a
// use case (users.Store.Create, the demo data, prdesk user create) that
// writes the row; the caller records the audit entry in the same tx. Roles
// one account may not hold together are refused (CheckRoles).
func Insert(ctx context.Context, tx pgx.Tx, u *User, passwordHash string, createdBy *int64) (int64, error) {
	if err := CheckRoles(u.Roles); err != nil {
		return 0, err
	}
	var id int64
	err := tx.QueryRow(ctx, `
		insert into users (username, full_name, email, roles, password_hash, active, created_by)
		values ($1, $2, $3, $4, $5, $6, $7) returning id`,
		u.Username, u.FullName, u.Email, u.Roles, passwordHash, u.Active, createdBy).Scan(&id)
	return id, err
}
