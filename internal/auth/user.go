package auth

import (
	"context"
	"fmt"
	"time"

	"github.com/daugavpils/prdesk/internal/errs"
	"github.com/daugavpils/prdesk/templates/layout"
)

// User is an account as the rest of the application sees it.
type User struct {
	ID        int64  `db:"id"`
	Username  string `db:"username"`
	FullName  string `db:"full_name"`
	Email     string `db:"email"`
	Roles     []Role `db:"roles"`
	Active    bool   `db:"active"`
	TwoFactor bool   `db:"two_factor"` // a second factor is on (the secret itself is never read into a User)
	// Directory accounts come from the municipality's directory, which
	// checks their password: PR Desk neither sets nor changes it.
	Directory bool      `db:"directory"`
	Version   int       `db:"version"`
	CreatedAt time.Time `db:"created_at"`
	UpdatedAt time.Time `db:"updated_at"`
}

// ErrNoUser means no account matches; it is a not-found.
var ErrNoUser = fmt.Errorf("no such user: %w", errs.NotFound)

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

// signedIn is what LoadUser puts into the request's context, once, before
// the handlers run; nothing changes it afterwards.
type signedIn struct {
	user *User
	// revision is the accounts' revision the user was read at (see
	// LoadUser); known is false when none was read with the session.
	revision int64
	known    bool
}

// WithUser stores the signed-in user in ctx.
func WithUser(ctx context.Context, u *User) context.Context {
	return context.WithValue(ctx, userKey{}, signedIn{user: u})
}

// withUserAt stores the signed-in user and the accounts' revision it was
// read at.
func withUserAt(ctx context.Context, u *User, revision int64, known bool) context.Context {
	return context.WithValue(ctx, userKey{}, signedIn{user: u, revision: revision, known: known})
}

// UserFrom is the signed-in user, or nil.
func UserFrom(ctx context.Context) *User {
	s, _ := ctx.Value(userKey{}).(signedIn)
	return s.user
}

// UsersRevision is the accounts' revision read with this request's
// session, for a page that keeps what it reads of the accounts: what it
// kept at this revision still holds. It is false when the request has no
// signed-in user or its session store reads no revision.
func UsersRevision(ctx context.Context) (int64, bool) {
	s, _ := ctx.Value(userKey{}).(signedIn)
	return s.revision, s.known && s.user != nil
}
