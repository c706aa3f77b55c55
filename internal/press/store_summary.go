package press

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// Report is what the executive director's reports take from the press
// area: counts only, for [From, To).
type Report struct {
	From, To time.Time
	// ReleasesWritten were begun in the period; ReleasesApproved are the
	// head's approvals in it (a release approved twice counts twice);
	// ReleasesSent went out in it for the first time.
	ReleasesWritten, ReleasesApproved, ReleasesSent int
	// Mails are the mails of the period's sendings by their state now:
	// sent, failed after every attempt, refused by the server, waiting.
	MailsSent, MailsFailed, MailsRefused, MailsQueued int
	// Events held in the period, by kind, and their journalists:
	// accredited, and marked as come.
	EventsHeld     int
	EventsByKind   map[EventKind]int
	Accredited     int
	AccreditedCame int
	// Interviews asked for in the period, and of those done, declined,
	// and still open at To with their deadline passed.
	InterviewsAsked, InterviewsDone, InterviewsDeclined, InterviewsOverdue int
	// OfficialTexts needed in the period, by kind, and those of them
	// delivered.
	OfficialTexts          int
	OfficialTextsByKind    map[OfficialKind]int
	OfficialTextsDelivered int
	// Emergencies declared to begin in the period; the statements submitted
	// in it, those rejected, and those decided after their target time or
	// still waiting past it at To.
	Emergencies, Statements, StatementsRejected, StatementsLate int
}

// Summary is the press area's figures for [from, to).
func Summary(ctx context.Context, pool *pgxpool.Pool, from, to time.Time) (Report, error) {
	return NewStore(Deps{Pool: pool, Now: time.Now}).Summary(ctx, from, to)
}

// Summary is the press area's figures for [from, to).
func (s *Store) Summary(ctx context.Context, from, to time.Time) (Report, error) {
	r := Report{From: from, To: to, EventsByKind: map[EventKind]int{}, OfficialTextsByKind: map[OfficialKind]int{}}
	err := s.pool.QueryRow(ctx, `
		select (select count(*) from press_releases where created_at >= $1 and created_at < $2),
		       (select count(*) from press_release_reviews where decision = 'approved' and decided_at >= $1 and decided_at < $2),
		       (select count(*) from (select release_id from press_sendings where status = 'sent'
		            group by release_id having min(sent_at) >= $1 and min(sent_at) < $2) f)`, from, to).
		Scan(&r.ReleasesWritten, &r.ReleasesApproved, &r.ReleasesSent)
	if err != nil {
		return r, err
	}
	err = s.pool.QueryRow(ctx, `
		select count(*) filter (where st = 'sent'), count(*) filter (where st = 'failed'),
		       count(*) filter (where st = 'refused'), count(*) filter (where st = 'queued')
		from (select `+deliveryState+` st
		      from press_sendings x join press_deliveries d on d.sending_id = x.id join mail_outbox o on o.id = d.outbox_id
		      where x.status = 'sent' and x.sent_at >= $1 and x.sent_at < $2) m`, from, to).
		Scan(&r.MailsSent, &r.MailsFailed, &r.MailsRefused, &r.MailsQueued)
	if err != nil {
		return r, err
	}
	rows, _ := s.pool.Query(ctx, `
		select e.kind, count(*),
		       coalesce(sum((select count(*) from press_accreditations a where a.event_id = e.id)), 0),
		       coalesce(sum((select count(*) from press_accreditations a where a.event_id = e.id and a.attended)), 0)
		from press_events e where e.status = 'held' and e.starts_at >= $1 and e.starts_at < $2 group by e.kind`, from, to)
	for rows.Next() {
		var kind EventKind
		var n, acc, came int
		if err := rows.Scan(&kind, &n, &acc, &came); err != nil {
			rows.Close()
			return r, err
		}
		r.EventsByKind[kind] = n
		r.EventsHeld += n
		r.Accredited += acc
		r.AccreditedCame += came
	}
	if err := rows.Err(); err != nil {
		return r, err
	}
	err = s.pool.QueryRow(ctx, `
		select count(*), count(*) filter (where status = 'done'), count(*) filter (where status = 'declined'),
		       count(*) filter (where status in ('new', 'agreeing') and deadline_at < $2)
		from press_interviews
		where created_at >= $1 and created_at < $2`, from, to).
		Scan(&r.InterviewsAsked, &r.InterviewsDone, &r.InterviewsDeclined, &r.InterviewsOverdue)
	if err != nil {
		return r, err
	}
	err = s.pool.QueryRow(ctx, `
		select (select count(*) from press_emergencies where starts_at >= $1 and starts_at < $2),
		       count(*), count(*) filter (where status = 'rejected'),
		       count(*) filter (where coalesce(decided_at, $2) > due_at)
		from press_statements where submitted_at >= $1 and submitted_at < $2`, from, to).
		Scan(&r.Emergencies, &r.Statements, &r.StatementsRejected, &r.StatementsLate)
	if err != nil {
		return r, err
	}
	// The days needed are dates; the period's bounds are instants in Riga.
	rows, _ = s.pool.Query(ctx, `
		select kind, count(*), count(*) filter (where status = 'delivered')
		from press_official_texts
		where needed_on >= ($1::timestamptz at time zone 'Europe/Riga')::date and needed_on < ($2::timestamptz at time zone 'Europe/Riga')::date
		group by kind`, from, to)
	for rows.Next() {
		var kind OfficialKind
		var n, delivered int
		if err := rows.Scan(&kind, &n, &delivered); err != nil {
			rows.Close()
			return r, err
		}
		r.OfficialTextsByKind[kind] = n
		r.OfficialTexts += n
		r.OfficialTextsDelivered += delivered
	}
	return r, rows.Err()
}
