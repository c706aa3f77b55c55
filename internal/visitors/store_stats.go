package visitors

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/calendar"
	"github.com/daugavpils/prdesk/internal/db"
)

// StatsOf counts [from, to) grouped by by (day, week or month). The visits
// come from visit_log_days and visit_log_hours, so a year costs a few
// thousand rows whatever the log holds.
func (s *Store) StatsOf(ctx context.Context, from, to time.Time, by string) (Stats, error) {
	st := Stats{By: by}
	err := pgx.BeginTxFunc(ctx, s.pool, pgx.TxOptions{AccessMode: pgx.ReadOnly, IsoLevel: pgx.RepeatableRead}, func(tx pgx.Tx) error {
		var err error
		if st.Report, err = summary(ctx, tx, from, to, s.now()); err != nil {
			return err
		}
		// by is one of StatsGroupings, checked by the handler, and passed as a value.
		fromDay, toDay := calendar.DateOf(from), calendar.DateOf(to)
		rows, _ := tx.Query(ctx, `
			with v as (
				select date_trunc($3, day::timestamp)::date as start, sum(visits)::int as visits
				from visit_log_days where day >= $1::date and day < $2::date group by 1
			), b as (
				select date_trunc($3, lower(slot) at time zone 'Europe/Riga')::date as start,
				       count(*) filter (where state <> 'cancelled')::int as bookings,
				       count(*) filter (where state = 'no_show')::int as no_shows
				from visit_bookings where lower(slot) >= $4 and lower(slot) < $5 group by 1
			)
			select coalesce(v.start, b.start) as start, coalesce(v.visits, 0) as visits,
			       coalesce(b.bookings, 0) as bookings, coalesce(b.no_shows, 0) as no_shows
			from v full join b on b.start = v.start
			where coalesce(v.visits, 0) + coalesce(b.bookings, 0) + coalesce(b.no_shows, 0) > 0
			order by 1`, fromDay, toDay, by, from, to)
		if st.Periods, err = pgx.CollectRows(rows, pgx.RowToStructByName[PeriodCount]); err != nil {
			return fmt.Errorf("periods: %w", err)
		}
		rows, _ = tx.Query(ctx, `
			select unit, sum(visits)::int as visits from visit_log_days
			where day >= $1::date and day < $2::date and unit <> '' group by unit order by 2 desc, 1`, fromDay, toDay)
		if st.Units, err = pgx.CollectRows(rows, pgx.RowToStructByName[UnitCount]); err != nil {
			return fmt.Errorf("units: %w", err)
		}
		rows, _ = tx.Query(ctx, `
			select hour::int, extract(isodow from day)::int - 1, sum(visits)::int
			from visit_log_hours where day >= $1::date and day < $2::date group by 1, 2`, fromDay, toDay)
		st.HourMin, st.HourMax = 24, -1
		var h, d, n int
		_, err = pgx.ForEachRow(rows, []any{&h, &d, &n}, func() error {
			st.Hours[h][d] = n
			st.HourMin, st.HourMax, st.MaxInDay = min(st.HourMin, h), max(st.HourMax, h), max(st.MaxInDay, n)
			return nil
		})
		return err
	})
	return st, err
}

// Summary counts the visitors area's figures of [from, to) for the director's
// reports: visits, the queue's visitors who left unseen, bookings and their
// outcomes, per official, the busiest hour and the mean wait; the
// statistics page shows the same (StatsOf). Visits are counted by whole days in Riga: from and to are best
// midnights there.
func (s *Store) Summary(ctx context.Context, from, to time.Time) (Report, error) {
	r, err := summary(ctx, s.pool, from, to, s.now())
	if err != nil || !from.Before(to) {
		return r, err
	}
	sessions, err := s.sessions(ctx, s.pool, 0, calendar.DateOf(from), calendar.DateOf(to.Add(-time.Nanosecond)))
	if err != nil {
		return r, fmt.Errorf("reception hours: %w", err)
	}
	now := s.now()
	for _, se := range sessions {
		if !se.Start.Before(from) && se.Start.Before(to) && se.Start.Before(now) {
			r.HoursHeld++
		}
	}
	return r, nil
}

func summary(ctx context.Context, q db.Querier, from, to, now time.Time) (Report, error) {
	r := Report{From: from, To: to, BusiestHour: -1}
	// The visits are counted by whole days in Riga.
	fromDay, toDay := calendar.DateOf(from), calendar.DateOf(to)
	err := q.QueryRow(ctx, `select coalesce(sum(visits), 0) from visit_log_days where day >= $1::date and day < $2::date`,
		fromDay, toDay).Scan(&r.Visits)
	if err != nil {
		return r, fmt.Errorf("visits: %w", err)
	}
	err = q.QueryRow(ctx, `
		select count(*) filter (where state <> 'cancelled'),
		       count(*) filter (where state in ('done', 'left', 'no_show') or (state <> 'cancelled' and lower(slot) < $3)),
		       count(*) filter (where state = 'done'),
		       count(*) filter (where state = 'left'),
		       count(*) filter (where state = 'no_show')
		from visit_bookings where lower(slot) >= $1 and lower(slot) < $2`, from, to, now).
		Scan(&r.Bookings, &r.Past, &r.Received, &r.BookingsLeft, &r.NoShows)
	if err != nil {
		return r, fmt.Errorf("bookings: %w", err)
	}
	err = q.QueryRow(ctx, `
		select count(*) filter (where state = 'done'), count(*) filter (where state = 'left')
		from visit_queue where day >= $1::date and day < $2::date`, fromDay, toDay).Scan(&r.QueueVisits, &r.Left)
	if err != nil {
		return r, fmt.Errorf("queue: %w", err)
	}
	// Every official with a visit, a booking or a ticket in the period,
	// busiest first.
	rows, _ := q.Query(ctx, `
		with v as (
			select official_id, sum(visits)::int as visits from visit_log_days
			where day >= $3::date and day < $4::date and official_id is not null group by official_id
		), b as (
			select official_id, count(*) filter (where state <> 'cancelled')::int as bookings,
			       count(*) filter (where state = 'no_show')::int as no_shows
			from visit_bookings where lower(slot) >= $1 and lower(slot) < $2 group by official_id
		), t as (
			select official_id, count(*)::int as left_unseen from visit_queue
			where day >= $3::date and day < $4::date and state = 'left' group by official_id
		)
		select o.id, o.name, coalesce(v.visits, 0) as visits, coalesce(b.bookings, 0) as bookings,
		       coalesce(b.no_shows, 0) as no_shows, coalesce(t.left_unseen, 0) as left_unseen
		from visit_officials o left join v on v.official_id = o.id left join b on b.official_id = o.id
		left join t on t.official_id = o.id
		where v.official_id is not null or b.official_id is not null or t.official_id is not null
		order by coalesce(v.visits, 0) + coalesce(b.bookings, 0) desc, o.name`, from, to, fromDay, toDay)
	if r.PerOfficial, err = pgx.CollectRows(rows, pgx.RowToStructByName[OfficialCount]); err != nil {
		return r, fmt.Errorf("per official: %w", err)
	}
	err = q.QueryRow(ctx, `
		select hour::int, sum(visits)::int from visit_log_hours where day >= $1::date and day < $2::date
		group by 1 order by 2 desc, 1 limit 1`, fromDay, toDay).Scan(&r.BusiestHour, &r.BusiestHourVisits)
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return r, fmt.Errorf("busiest hour: %w", err)
	}
	r.AvgWait, r.WaitFrom, err = averageWait(ctx, q, from, to)
	return r, err
}

// averageWait is the mean time from check-in to call over [from, to). The
// waiting queue (visit_queue, with checked_in_at and called_at) is the whole
// record, walk-ins included, once it exists; before it, the bookings'
// history gives the booked visitors' waits: 'arrived' to 'with_official'.
func averageWait(ctx context.Context, q db.Querier, from, to time.Time) (*time.Duration, string, error) {
	var hasQueue bool
	err := q.QueryRow(ctx, `
		select count(*) = 2 from pg_attribute
		where attrelid = to_regclass('visit_queue') and attname in ('checked_in_at', 'called_at') and not attisdropped`).Scan(&hasQueue)
	if err != nil {
		return nil, "", err
	}
	if hasQueue {
		d, err := waitFromQueue(ctx, q, from, to)
		return d, "queue", err
	}
	d, err := waitFromHistory(ctx, q, from, to)
	return d, "history", err
}

func waitFromQueue(ctx context.Context, q db.Querier, from, to time.Time) (*time.Duration, error) {
	return secondsOf(q.QueryRow(ctx, `
		select extract(epoch from avg(called_at - checked_in_at))::float8 from visit_queue
		where checked_in_at >= $1 and checked_in_at < $2 and called_at >= checked_in_at`, from, to))
}

func waitFromHistory(ctx context.Context, q db.Querier, from, to time.Time) (*time.Duration, error) {
	return secondsOf(q.QueryRow(ctx, `
		select extract(epoch from avg(c.at - a.at))::float8
		from visit_booking_events a
		cross join lateral (
			select min(c.at) as at from visit_booking_events c
			where c.booking_id = a.booking_id and c.state = 'with_official' and c.at >= a.at
		) c
		where a.state = 'arrived' and a.at >= $1 and a.at < $2 and c.at is not null`, from, to))
}

func secondsOf(row pgx.Row) (*time.Duration, error) {
	var secs *float64
	if err := row.Scan(&secs); err != nil {
		return nil, fmt.Errorf("average wait: %w", err)
	}
	if secs == nil {
		return nil, nil
	}
	d := time.Duration(*secs * float64(time.Second)).Round(time.Second)
	return &d, nil
}
