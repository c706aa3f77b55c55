package auth

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// attempts is the sign-in attempts' table (login_attempts).
type attempts struct{ pool *pgxpool.Pool }

// throttleOf reads, in one round trip, what the throttle needs to judge an
// attempt as username from remote at now (see throttle.go): the address's
// failures within AddressWindow, and the name's failures in a row since
// its last success (by id: a clock may show both at one time); only those from remote when the name signed in from
// remote within KnownAddress. Refused attempts are not failures.
func (a attempts) throttleOf(ctx context.Context, username, remote string, now time.Time) (throttle, error) {
	var t throttle
	var oldest, last *time.Time
	err := a.pool.QueryRow(ctx, `
		with since as (
			select coalesce(max(id), 0) as last_success from login_attempts
			where username = $1 and outcome = 'success'
		), known as (
			select exists(select 1 from login_attempts
				where username = $1 and remote_addr = $2 and outcome = 'success' and created_at > $3::timestamptz - $4::interval) as yes
		), name_failures as (
			select created_at from login_attempts, since, known
			where username = $1 and outcome = 'failure' and id > since.last_success and (not known.yes or remote_addr = $2)
			order by id desc limit $5
		), address_failures as (
			select created_at from login_attempts
			where remote_addr = $2 and outcome = 'failure' and created_at > $3::timestamptz - $6::interval
			order by created_at desc limit $7
		)
		select (select yes from known), (select count(*) from address_failures), (select min(created_at) from address_failures),
			(select count(*) from name_failures), (select max(created_at) from name_failures)`,
		username, remote, now, KnownAddress, failuresCounted, AddressWindow, AddressFailures).
		Scan(&t.known, &t.addressFailures, &oldest, &t.failures, &last)
	if oldest != nil {
		t.oldestCounted = *oldest
	}
	if last != nil {
		t.lastFailure = *last
	}
	return t, err
}

// record stores one attempt at the time at.
func (a attempts) record(ctx context.Context, username, outcome, remote string, at time.Time) error {
	_, err := a.pool.Exec(ctx,
		"insert into login_attempts (username, outcome, remote_addr, created_at) values ($1, $2, $3, $4)",
		username, outcome, remote, at)
	return err
}

// Attempt is one sign-in attempt as the administrator's list shows it.
type Attempt struct {
	ID        int64     `db:"id"`
	CreatedAt time.Time `db:"created_at"`
	Username  string    `db:"username"`
	Remote    string    `db:"remote_addr"`
	Outcome   string    `db:"outcome"`
}

// AttemptFilter narrows the list; zero values do not filter. After is the
// keyset: attempts older than the attempt (AfterAt, AfterID).
type AttemptFilter struct {
	Username string
	Remote   string
	AfterAt  time.Time
	AfterID  int64
}

// list reads up to limit attempts, newest first.
func (a attempts) list(ctx context.Context, f AttemptFilter, limit int) ([]Attempt, error) {
	var after *time.Time
	if f.AfterID > 0 {
		after = &f.AfterAt
	}
	rows, _ := a.pool.Query(ctx, `
		select id, created_at, username, remote_addr, outcome from login_attempts
		where ($1 = '' or username = $1) and ($2 = '' or remote_addr = $2)
		  and ($3::timestamptz is null or (created_at, id) < ($3, $4))
		order by created_at desc, id desc
		limit $5`, f.Username, f.Remote, after, f.AfterID, limit)
	return pgx.CollectRows(rows, pgx.RowToStructByName[Attempt])
}

// PruneAttempts removes the attempts made before before.
func PruneAttempts(ctx context.Context, pool *pgxpool.Pool, before time.Time) (int64, error) {
	tag, err := pool.Exec(ctx, `delete from login_attempts where created_at < $1`, before)
	return tag.RowsAffected(), err
}
