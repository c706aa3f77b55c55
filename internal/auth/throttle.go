package auth

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// Sign-in throttling: after MaxFailures failed attempts for one user name
// within Window, that name is refused for Lockout from the last of them.
const (
	MaxFailures = 5
	Window      = 15 * time.Minute
	Lockout     = 15 * time.Minute
)

type attempts struct{ pool *pgxpool.Pool }

// lockedUntil is the end of the name's lockout, or zero when it may try.
// Refused attempts are stored as 'locked', not as failures, so trying
// during a lockout does not prolong it.
func (a attempts) lockedUntil(ctx context.Context, username string, now time.Time) (time.Time, error) {
	var last *time.Time
	var n int
	err := a.pool.QueryRow(ctx, `
		with since as (
			select coalesce(max(created_at), '-infinity') as t from login_attempts
			where username = $1 and outcome = 'success'
		), failures as (
			select created_at from login_attempts, since
			where username = $1 and outcome = 'failure' and created_at > since.t
		), last as (select max(created_at) as t from failures)
		select last.t, (select count(*) from failures where created_at > last.t - $2::interval)
		from last`, username, Window).Scan(&last, &n)
	if err != nil || last == nil || n < MaxFailures {
		return time.Time{}, err
	}
	if until := last.Add(Lockout); until.After(now) {
		return until, nil
	}
	return time.Time{}, nil
}

func (a attempts) record(ctx context.Context, username, outcome, remote string) error {
	_, err := a.pool.Exec(ctx,
		"insert into login_attempts (username, outcome, remote_addr) values ($1, $2, $3)", username, outcome, remote)
	return err
}
