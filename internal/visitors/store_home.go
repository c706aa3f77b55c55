package visitors

import (
	"context"
	"time"

	"github.com/daugavpils/prdesk/internal/calendar"
)

// DeskDay is the front desk's day at a glance, for the clerk's home page:
// the day's bookings not cancelled, those of them whose visitor has not
// come yet, and the tickets waiting in the queue to be called.
type DeskDay struct {
	Bookings int
	ToCome   int
	Waiting  int
}

// DeskDay counts the day of today (a calendar date) for the home page in one
// statement, on the bookings' slot index and the queue's (day, official,
// state) index.
func (s *Store) DeskDay(ctx context.Context, today time.Time) (DeskDay, error) {
	from, to := calendar.DayBounds(today)
	var d DeskDay
	err := s.pool.QueryRow(ctx, `
		select count(*) filter (where state <> 'cancelled'), count(*) filter (where state = 'booked'),
		       (select count(*) from visit_queue where day = $3::date and state = 'waiting')
		from visit_bookings where lower(slot) >= $1 and lower(slot) < $2`, from, to, today).
		Scan(&d.Bookings, &d.ToCome, &d.Waiting)
	return d, err
}

// Glance is the part of Summary the home page shows for [from, to): the
// visits, and the bookings with their past ones and no-shows, counted as
// Summary counts them (so NoShowRate and Upcoming agree with the
// statistics page of the same period), in one statement.
func (s *Store) Glance(ctx context.Context, from, to time.Time) (Report, error) {
	r := Report{From: from, To: to, BusiestHour: -1}
	err := s.pool.QueryRow(ctx, `
		select coalesce((select sum(visits) from visit_log_days where day >= $4::date and day < $5::date), 0)::int,
		       count(*) filter (where state <> 'cancelled'),
		       count(*) filter (where state in ('done', 'left', 'no_show') or (state <> 'cancelled' and lower(slot) < $3)),
		       count(*) filter (where state = 'no_show')
		from visit_bookings where lower(slot) >= $1 and lower(slot) < $2`,
		from, to, s.now(), calendar.DateOf(from), calendar.DateOf(to)).
		Scan(&r.Visits, &r.Bookings, &r.Past, &r.NoShows)
	return r, err
}
