package auth

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// attempts is the sign-in attempts' table (login_attempts).
type attempts struct{ pool *pgxpool.Pool }

// failures reads the name's failed attempts since its last success: the
// time of the last of them (nil when none), and how many fell within
// window before it. Refused attempts are stored as 'locked', not as
// failures, so trying during a lockout does not prolong it.
func (a attempts) failures(ctx context.Context, username string, window time.Duration) (*time.Time, int, error) {
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
		from last`, username, window).Scan(&last, &n)
	return last, n, err
}

// record stores one attempt at the time at.
func (a attempts) record(ctx context.Context, username, outcome, remote string, at time.Time) error {
	_, err := a.pool.Exec(ctx,
		"insert into login_attempts (username, outcome, remote_addr, created_at) values ($1, $2, $3, $4)",
		username, outcome, remote, at)
	return err
}
