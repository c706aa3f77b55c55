package auth

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/daugavpils/prdesk/templates/layout"
)

// User is an account as the rest of the application sees it.
type User struct {
	ID        int64     `db:"id"`
	Username  string    `db:"username"`
	FullName  string    `db:"full_name"`
	Email     string    `db:"email"`
	Roles     []Role    `db:"roles"`
	Active    bool      `db:"active"`
	Version   int       `db:"version"`
	CreatedAt time.Time `db:"created_at"`
	UpdatedAt time.Time `db:"updated_at"`
}

// Can tells whether the user's roles grant p.
func (u *User) Can(p Permission) bool { return u != nil && Can(u.Roles, p) }

// Has tells whether the user holds role r.
func (u *User) Has(r Role) bool {
	if u == nil {
		return false
	}
	for _, x := range u.Roles {
		if x == r {
			return true
		}
	}
	return false
}

// Viewer is the user as the page shell shows them.
func (u *User) Viewer() *layout.Viewer {
	roles := make([]string, len(u.Roles))
	for i, r := range u.Roles {
		roles[i] = string(r)
	}
	return &layout.Viewer{ID: u.ID, Username: u.Username, FullName: u.FullName, Roles: roles}
}

type userKey struct{}

// WithUser stores the signed-in user in ctx.
func WithUser(ctx context.Context, u *User) context.Context {
	return context.WithValue(ctx, userKey{}, u)
}

// UserFrom is the signed-in user, or nil.
func UserFrom(ctx context.Context) *User {
	u, _ := ctx.Value(userKey{}).(*User)
	return u
}

const userColumns = "id, username, full_name, email, roles, active, version, created_at, updated_at"

// Users reads and writes accounts.
type Users struct{ pool *pgxpool.Pool }

// NewUsers returns the account store.
func NewUsers(pool *pgxpool.Pool) *Users { return &Users{pool: pool} }

// ErrNoUser means no account matches.
var ErrNoUser = errors.New("no such user")

// ByID loads one account.
func (s *Users) ByID(ctx context.Context, id int64) (*User, error) {
	rows, _ := s.pool.Query(ctx, "select "+userColumns+" from users where id = $1", id)
	u, err := pgx.CollectExactlyOneRow(rows, pgx.RowToAddrOfStructByName[User])
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, ErrNoUser
	}
	return u, err
}

// credentials returns the account and its password hash for sign-in.
func (s *Users) credentials(ctx context.Context, username string) (*User, string, error) {
	var hash string
	u := &User{}
	err := s.pool.QueryRow(ctx,
		"select "+userColumns+", password_hash from users where username = $1", username).
		Scan(&u.ID, &u.Username, &u.FullName, &u.Email, &u.Roles, &u.Active, &u.Version, &u.CreatedAt, &u.UpdatedAt, &hash)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, "", ErrNoUser
	}
	return u, hash, err
}

// PasswordHash returns the stored hash of one account.
func (s *Users) PasswordHash(ctx context.Context, q interface {
	QueryRow(context.Context, string, ...any) pgx.Row
}, id int64) (string, error) {
	var h string
	err := q.QueryRow(ctx, "select password_hash from users where id = $1", id).Scan(&h)
	return h, err
}

// Insert creates an account inside tx and returns its id.
func Insert(ctx context.Context, tx pgx.Tx, u *User, passwordHash string, createdBy *int64) (int64, error) {
	var id int64
	err := tx.QueryRow(ctx, `
		insert into users (username, full_name, email, roles, password_hash, active, created_by)
		values ($1, $2, $3, $4, $5, $6, $7) returning id`,
		u.Username, u.FullName, u.Email, u.Roles, passwordHash, u.Active, createdBy).Scan(&id)
	return id, err
}
