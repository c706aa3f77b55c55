package auth

import (
	"context"
	"time"
)

// Sign-in throttling: after MaxFailures failed attempts for one user name
// within Window, that name is refused for Lockout from the last of them.
const (
	MaxFailures = 5
	Window      = 15 * time.Minute
	Lockout     = 15 * time.Minute
)

// lockedUntil is the end of the name's lockout, or zero when it may try.
func (a attempts) lockedUntil(ctx context.Context, username string, now time.Time) (time.Time, error) {
	last, n, err := a.failures(ctx, username, Window)
	if err != nil || last == nil || n < MaxFailures {
		return time.Time{}, err
	}
	if until := last.Add(Lockout); until.After(now) {
		return until, nil
	}
	return time.Time{}, nil
}
