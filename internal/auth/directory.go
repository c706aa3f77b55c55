package auth

import (
	"context"
	"errors"
)

// Where an account comes from (users.source).
const (
	SourceLocal     = "local"     // its password is kept here
	SourceDirectory = "directory" // the municipality's directory checks it (internal/ldapauth)
)

// Directory checks a password of an account kept in the municipality's
// directory, and creates or updates the account from it. Sign-in asks it
// for every user name that is not a local account.
type Directory interface {
	// Authenticate returns the account, created or updated from the
	// directory, when password is the user's there: ErrBadCredentials when
	// it is not (or there is no such user), ErrNoAccess when the user is in
	// no group that gives a role here, ErrDirectoryDown when the directory
	// cannot be reached.
	Authenticate(ctx context.Context, username, password string) (*User, error)
}

var (
	ErrBadCredentials = errors.New("auth: wrong user name or password")
	ErrNoAccess       = errors.New("auth: the directory's groups give no role")
	ErrDirectoryDown  = errors.New("auth: the directory cannot be reached")
)
