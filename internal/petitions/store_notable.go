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
