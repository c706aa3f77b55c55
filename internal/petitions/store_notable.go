package petitions

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/calendar"
)

// Late is a submission the head's report to the director names as late:
// its number and dates, no personal data.
type Late struct {
	ID       int64
	Number   string
	Due      time.Time  // the answer's due date
	Answered *time.Time // nil: not answered yet
}

// LateIn are the submissions whose answer was due in [from, to) and came
// after its due date or has not come, the earliest due first, at most
// limit: what the head's weekly and monthly reports list as late.
func (s *Store) LateIn(ctx context.Context, from, to time.Time, limit int) ([]Late, error) {
	rows, _ := s.pool.Query(ctx, `select id, reg_number, due_date, answered_on from petitions
		where due_date >= $1::date and due_date < $2::date
		  and (answered_on > due_date or (answered_on is null and state in ('registered', 'awaiting_resolution', 'in_progress')))
		order by due_date, id limit $3`, calendar.DateOf(from), calendar.DateOf(to), limit)
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (Late, error) {
		var l Late
		err := row.Scan(&l.ID, &l.Number, &l.Due, &l.Answered)
		return l, err
	})
}

// LateForward is a submission forwarded to the competent institution after
// its forwarding term: its number and dates, no personal data.
type LateForward struct {
	ID     int64
	Number string
	Due    time.Time // the forwarding term
	// Forwarded is when it was forwarded; nil for one forwarded before
	// PR Desk kept the steps' history.
	Forwarded *time.Time
}

// ForwardedLateIn are the submissions whose forwarding term fell in
// [from, to) and that were forwarded after it, the earliest term first, at
// most limit: the head's weekly and monthly reports list them beside the
// late answers, as the law sets a term for forwarding too.
func (s *Store) ForwardedLateIn(ctx context.Context, from, to time.Time, limit int) ([]LateForward, error) {
	rows, _ := s.pool.Query(ctx, `select p.id, p.reg_number, p.forward_due_date, e.created_at from petitions p
		left join lateral (select created_at from petition_events
			where petition_id = p.id and to_state = 'forwarded' order by id desc limit 1) e on true
		where p.forwarded_on_time = false and p.forward_due_date >= $1::date and p.forward_due_date < $2::date
		order by p.forward_due_date, p.id limit $3`, calendar.DateOf(from), calendar.DateOf(to), limit)
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (LateForward, error) {
		var l LateForward
		err := row.Scan(&l.ID, &l.Number, &l.Due, &l.Forwarded)
		return l, err
	})
}
