package visitors

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/audit"
	"github.com/daugavpils/prdesk/internal/calendar"
	"github.com/daugavpils/prdesk/internal/db"
	"github.com/daugavpils/prdesk/internal/errs"
	"github.com/daugavpils/prdesk/internal/i18n"
)

// LogVisit records a visitor the clerk types in (one who came for a unit,
// or to an official outside the queue), counts them in visit_log_days and
// visit_log_hours, and audits the entry, in one transaction. The queue's
// visitors come into the log by themselves when their reception ends
// (RecordOutcome). The audit line names no one: the person's name is
// removed after the retention period, and the audit log keeps no copy. A
// refusal is beside the log form's field.
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
		row := logRow{CameAt: e.CameAt, PersonName: e.PersonName, Unit: e.Unit, Purpose: e.Purpose}
		if e.OfficialID != 0 {
			o, err := officialAny(ctx, tx, e.OfficialID)
			if errors.Is(err, errs.NotFound) {
				return unknownOfficial()
			} else if err != nil {
				return err
			}
			row.OfficialID, row.Unit = &o.ID, ""
		}
		if e.BookingID != 0 {
			row.BookingID = &e.BookingID
		}
		var err error
		if id, err = insertLog(ctx, tx, row); err != nil {
			return err
		}
		if row.OfficialID != nil {
			return audit.Record(ctx, tx, logRef(id).entry("create", "apmeklētājs %s; amatpersona #%d", i18n.DateTime(e.CameAt), *row.OfficialID))
		}
		// The unit is typed text: in the details, not the summary.
		entry := logRef(id).entry("create", "apmeklētājs %s; struktūrvienība pie ieraksta", i18n.DateTime(e.CameAt))
		entry.Details = map[string]any{"unit": row.Unit}
		return audit.Record(ctx, tx, entry)
	})
	return id, err
}

// logRow is one row of the visitor log as the store writes it.
type logRow struct {
	CameAt     time.Time
	LeftAt     *time.Time
	PersonName string
	OfficialID *int64
	Unit       string
	Purpose    string
	BookingID  *int64
	QueueID    *int64 // the ticket whose reception this row is
}

// insertLog writes r and counts it, inside the use case's transaction.
func insertLog(ctx context.Context, tx pgx.Tx, r logRow) (int64, error) {
	var id int64
	err := tx.QueryRow(ctx, `
		insert into visit_log (came_at, left_at, person_name, whom_official_id, whom_unit, purpose, booking_id, queue_id, created_by)
		values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning id`,
		r.CameAt, r.LeftAt, r.PersonName, r.OfficialID, r.Unit, r.Purpose, r.BookingID, r.QueueID, audit.ActorID(ctx)).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("insert log entry: %w", err)
	}
	return id, countVisit(ctx, tx, r.CameAt, r.OfficialID, r.Unit, 1)
}

// deleteLog removes the log's row id (a reception undone) and its count.
func deleteLog(ctx context.Context, tx pgx.Tx, id int64) error {
	var came time.Time
	var official *int64
	var unit string
	err := tx.QueryRow(ctx, `delete from visit_log where id = $1 returning came_at, whom_official_id, whom_unit`, id).Scan(&came, &official, &unit)
	if err != nil {
		return db.NotFound(err, fmt.Sprintf("visitors: log entry %d", id))
	}
	return countVisit(ctx, tx, came, official, unit, -1)
}

// countVisit moves the counts the statistics read (visit_log_days and
// visit_log_hours, by Riga's day and hour) by delta for a visit at came: an
// upsert to count one in, an update to take one out (a row being counted
// down is there, and a proposed row of -1 would fail its check first).
func countVisit(ctx context.Context, tx pgx.Tx, came time.Time, official *int64, unit string, delta int) error {
	days, hours := `
		insert into visit_log_days (day, official_id, unit, visits)
		values (($1::timestamptz at time zone 'Europe/Riga')::date, $2, $3, $4)
		on conflict (day, official_id, unit) do update set visits = visit_log_days.visits + $4`, `
		insert into visit_log_hours (day, hour, visits)
		values (($1::timestamptz at time zone 'Europe/Riga')::date, extract(hour from $1::timestamptz at time zone 'Europe/Riga'), $2)
		on conflict (day, hour) do update set visits = visit_log_hours.visits + $2`
	if delta < 0 {
		days, hours = `
			update visit_log_days set visits = visits + $4
			where day = ($1::timestamptz at time zone 'Europe/Riga')::date and official_id is not distinct from $2 and unit = $3`, `
			update visit_log_hours set visits = visits + $2
			where day = ($1::timestamptz at time zone 'Europe/Riga')::date and hour = extract(hour from $1::timestamptz at time zone 'Europe/Riga')`
	}
	if _, err := tx.Exec(ctx, days, came, official, unit, delta); err != nil {
		return fmt.Errorf("count log entry: %w", err)
	}
	if _, err := tx.Exec(ctx, hours, came, delta); err != nil {
		return fmt.Errorf("count log entry: %w", err)
	}
	return nil
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
	l.whom_unit, l.purpose, l.booking_id, l.queue_id, coalesce(q.ticket, '') as ticket, l.version`

const logFrom = `visit_log l left join visit_officials o on o.id = l.whom_official_id
	left join visit_queue q on q.id = l.queue_id`

// logSearch keeps the rows of which every word of $n appears in the name,
// the purpose, the unit or the official's name, regardless of case and
// diacritics ("berzins" finds "Bērziņš").
func logSearch(n int) string {
	p := fmt.Sprintf("$%d", n)
	return `(` + p + ` = '' or (
		select bool_and(strpos(lower(prdesk_unaccent(l.person_name || ' ' || l.purpose || ' ' || l.whom_unit || ' ' || coalesce(o.name, ''))), w) > 0)
		from unnest(regexp_split_to_array(lower(prdesk_unaccent(` + p + `)), '\s+')) w where w <> ''))`
}

// LogPageSize is how many visitors a page of the log shows.
const LogPageSize = 100

// LogCursor is where a page of the log goes on from: the last row shown.
type LogCursor struct {
	CameAt time.Time
	ID     int64
}

// LogPage is one page of a day's visitors.
type LogPage struct {
	Entries []LogEntry
	Total   int        // the day's visitors that match
	Next    *LogCursor // nil on the last page
}

// LogDay lists the visitors of the date of day that match q (LogSearch;
// "" for all), newest first, a page at a time from after (nil: the
// first), with how many match in all.
func (s *Store) LogDay(ctx context.Context, day time.Time, q string, after *LogCursor) (LogPage, error) {
	from, to := calendar.DayBounds(day)
	q = strings.TrimSpace(q)
	var p LogPage
	var at *time.Time
	var id int64
	if after != nil {
		at, id = &after.CameAt, after.ID
	}
	var b pgx.Batch
	b.Queue(`select `+logColumns+` from `+logFrom+`
		where l.came_at >= $1 and l.came_at < $2 and `+logSearch(3)+`
		  and ($4::timestamptz is null or (l.came_at, l.id) < ($4, $5))
		order by l.came_at desc, l.id desc limit $6`, from, to, q, at, id, LogPageSize+1).Query(func(rows pgx.Rows) error {
		var err error
		p.Entries, err = pgx.CollectRows(rows, pgx.RowToStructByName[LogEntry])
		return err
	})
	b.Queue(`select count(*) from `+logFrom+` where l.came_at >= $1 and l.came_at < $2 and `+logSearch(3), from, to, q).
		QueryRow(func(row pgx.Row) error { return row.Scan(&p.Total) })
	if err := s.pool.SendBatch(ctx, &b).Close(); err != nil {
		return p, err
	}
	if len(p.Entries) > LogPageSize {
		p.Entries = p.Entries[:LogPageSize]
		last := p.Entries[LogPageSize-1]
		p.Next = &LogCursor{CameAt: last.CameAt, ID: last.ID}
	}
	return p, nil
}

// MaxLogExportDays is the longest period the log is exported for at once.
const MaxLogExportDays = 366

// LogExport gives each visitor of the dates from to to (both inclusive)
// that match q to each, oldest first, one at a time, and writes who took
// how many out of the log to the audit log, in one transaction: the rows
// are personal data. An error from each (the file could not be written)
// logs nothing.
func (s *Store) LogExport(ctx context.Context, from, to time.Time, q string, each func(LogEntry) error) (int, error) {
	start, _ := calendar.DayBounds(from)
	_, end := calendar.DayBounds(to)
	q = strings.TrimSpace(q)
	n := 0
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		rows, _ := tx.Query(ctx, `select `+logColumns+` from `+logFrom+`
			where l.came_at >= $1 and l.came_at < $2 and `+logSearch(3)+` order by l.came_at, l.id`, start, end, q)
		var e LogEntry
		scan := pgx.RowToAddrOfStructByName[LogEntry]
		for rows.Next() {
			p, err := scan(rows)
			if err != nil {
				rows.Close()
				return err
			}
			e = *p
			if err := each(e); err != nil {
				rows.Close()
				return err
			}
			n++
		}
		if err := rows.Err(); err != nil {
			return err
		}
		// What was searched for may be a visitor's name: in the details only.
		search := "bez meklēšanas"
		if q != "" {
			search = "ar meklēšanu"
		}
		ex := ref{"visit_log", "export", "Apmeklētāju žurnāla eksports"}.entry("export",
			"CSV, %s–%s, %s: %d rindas", i18n.Date(from), i18n.Date(to), search, n)
		if q != "" {
			ex.Details = map[string]any{"search": q}
		}
		return audit.Record(ctx, tx, ex)
	})
	return n, err
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
