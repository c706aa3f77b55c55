package visitors

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/audit"
	"github.com/daugavpils/prdesk/internal/calendar"
	"github.com/daugavpils/prdesk/internal/db"
	"github.com/daugavpils/prdesk/internal/errs"
	"github.com/daugavpils/prdesk/internal/i18n"
)

// LogVisit records a visitor, counts them in visit_log_days and
// visit_log_hours, and audits the entry, in one transaction. The audit line
// names no one: the person's name is removed after the retention period,
// and the audit log keeps no copy. A refusal is beside the log form's field.
func (s *Store) LogVisit(ctx context.Context, e NewLogEntry) (int64, error) {
	now := s.now()
	if e.CameAt.IsZero() {
		e.CameAt = now
	}
	if err := e.check(now); err != nil {
		return 0, err
	}
	var id int64
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		var official *int64
		whom := e.Unit
		if e.OfficialID != 0 {
			o, err := officialAny(ctx, tx, e.OfficialID)
			if errors.Is(err, errs.NotFound) {
				return unknownOfficial()
			} else if err != nil {
				return err
			}
			official, whom, e.Unit = &o.ID, o.Name, ""
		}
		var booking *int64
		if e.BookingID != 0 {
			booking = &e.BookingID
		}
		err := tx.QueryRow(ctx, `
			insert into visit_log (came_at, person_name, whom_official_id, whom_unit, purpose, booking_id, created_by)
			values ($1, $2, $3, $4, $5, $6, $7) returning id`,
			e.CameAt, e.PersonName, official, e.Unit, e.Purpose, booking, audit.ActorID(ctx)).Scan(&id)
		if err != nil {
			return fmt.Errorf("insert log entry: %w", err)
		}
		if _, err := tx.Exec(ctx, `
			insert into visit_log_days (day, official_id, unit, visits)
			values (($1::timestamptz at time zone 'Europe/Riga')::date, $2, $3, 1)
			on conflict (day, official_id, unit) do update set visits = visit_log_days.visits + 1`,
			e.CameAt, official, e.Unit); err != nil {
			return fmt.Errorf("count log entry: %w", err)
		}
		if _, err := tx.Exec(ctx, `
			insert into visit_log_hours (day, hour, visits)
			values (($1::timestamptz at time zone 'Europe/Riga')::date, extract(hour from $1::timestamptz at time zone 'Europe/Riga'), 1)
			on conflict (day, hour) do update set visits = visit_log_hours.visits + 1`, e.CameAt); err != nil {
			return fmt.Errorf("count log entry: %w", err)
		}
		return audit.Record(ctx, tx, logRef(id).entry("create", "apmeklētājs %s pie: %s", i18n.DateTime(e.CameAt), whom))
	})
	return id, err
}

// LogOut records the time the visitor left; a second time is ErrAlreadyOut.
func (s *Store) LogOut(ctx context.Context, id int64) error {
	now := s.now()
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		var came time.Time
		var left *time.Time
		err := tx.QueryRow(ctx, `select came_at, left_at from visit_log where id = $1 for update`, id).Scan(&came, &left)
		if err != nil {
			return db.NotFound(err, fmt.Sprintf("visitors: log entry %d", id))
		}
		if left != nil {
			return ErrAlreadyOut
		}
		at := laterOf(now, came)
		if _, err := tx.Exec(ctx, `update visit_log set left_at = $2, version = version + 1, updated_at = now() where id = $1`, id, at); err != nil {
			return err
		}
		return audit.Record(ctx, tx, logRef(id).entry("update", "aizgāja %s", i18n.DateTime(at)))
	})
}

func laterOf(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

const logColumns = `l.id, l.came_at, l.left_at, l.person_name, l.whom_official_id, coalesce(o.name, '') as official_name,
	l.whom_unit, l.purpose, l.booking_id, l.version`

// LogDay lists the visitors of the date of day, newest first.
func (s *Store) LogDay(ctx context.Context, day time.Time) ([]LogEntry, error) {
	from, to := calendar.DayBounds(day)
	rows, _ := s.pool.Query(ctx, `
		select `+logColumns+`
		from visit_log l left join visit_officials o on o.id = l.whom_official_id
		where l.came_at >= $1 and l.came_at < $2
		order by l.came_at desc, l.id desc`, from, to)
	return pgx.CollectRows(rows, pgx.RowToStructByName[LogEntry])
}

// LogEntryByID reads one entry.
func (s *Store) LogEntryByID(ctx context.Context, id int64) (LogEntry, error) {
	rows, _ := s.pool.Query(ctx, `
		select `+logColumns+`
		from visit_log l left join visit_officials o on o.id = l.whom_official_id where l.id = $1`, id)
	e, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[LogEntry])
	return e, db.NotFound(err, fmt.Sprintf("visitors: log entry %d", id))
}

// LogSuggestions reads the most frequent of each kind in the last
// SuggestionDays, in one round trip.
func (s *Store) LogSuggestions(ctx context.Context) (Suggestions, error) {
	var out Suggestions
	since := s.now().AddDate(0, 0, -SuggestionDays)
	var b pgx.Batch
	for _, q := range []struct {
		col string
		dst *[]string
	}{{"person_name", &out.Names}, {"whom_unit", &out.Units}, {"purpose", &out.Purposes}} {
		// col is one of three fixed names above, never input.
		b.Queue(`
			select `+q.col+` from visit_log where came_at >= $1 and `+q.col+` <> ''
			group by 1 order by count(*) desc, 1 limit 30`, since).Query(func(rows pgx.Rows) error {
			var err error
			*q.dst, err = pgx.CollectRows(rows, pgx.RowTo[string])
			return err
		})
	}
	return out, s.pool.SendBatch(ctx, &b).Close()
}
