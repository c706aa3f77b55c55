package visitors

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/daugavpils/prdesk/internal/audit"
	"github.com/daugavpils/prdesk/internal/calendar"
	"github.com/daugavpils/prdesk/internal/db"
	"github.com/daugavpils/prdesk/internal/errs"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/jobs"
)

// The store is the only part of the area with SQL. Each exported method
// that writes is one use case: one transaction holding the change, its
// history line, its audit entry, its mail and its job. The store's files:
//
//	store.go            officials, reception hours as read, free slots, the audit helper
//	store_book.go       booking, and reading bookings
//	store_queue.go      the reception day: check-in, walk-ins, calls, outcomes, the board
//	store_changes.go    moving, cancelling, no-shows, a cancelled day and its call list
//	store_hours.go      keeping officials and their reception hours
//	store_log.go        the visitor log
//	store_waitlist.go   the waiting list
//	store_feed.go       the officials' calendar feeds
//	store_publish.go    the published month and the deputies' frequency
//	store_reminders.go  the reminders of the next working day
//	store_retention.go  the retention period and the removal of visitors' details
//	store_stats.go      the statistics and the director's summary

// Store reads and writes officials, reception hours, bookings, the queue,
// the visitor log and the waiting list.
type Store struct {
	pool *pgxpool.Pool
	jobs *jobs.Client // inserts mail jobs; nil sends none
	// calendar is the app's working-day calendar, kept between requests.
	calendar *calendar.Store
	now      func() time.Time
}

// NewStore is the area's store, with what it takes of d: the pool, the job
// client (nil: no mail is sent), the calendar and the clock.
func NewStore(d Deps) *Store {
	return &Store{pool: d.Pool, jobs: d.Jobs, calendar: d.Calendar, now: d.Now}
}

// today is the date of the store's clock in Riga.
func (s *Store) today() time.Time { return calendar.DateOf(s.now()) }

// ref names one record of the area in the audit log.
type ref struct {
	entity string
	id     any
	name   string // "Pieraksts #12"
}

func bookingRef(id int64) ref { return ref{"booking", id, fmt.Sprintf("Pieraksts #%d", id)} }

func ticketRef(id int64, ticket string) ref {
	return ref{"visit_queue", id, fmt.Sprintf("Biļete %s (#%d)", ticket, id)}
}

func waitRef(id int64) ref {
	return ref{"visit_waitlist", id, fmt.Sprintf("Gaidītāju saraksta ieraksts #%d", id)}
}

func logRef(id int64) ref { return ref{"visit_log", id, fmt.Sprintf("Žurnāla ieraksts #%d", id)} }

// officialRef names an official by number only: the name is in the
// entry's details (officialEntry).
func officialRef(id int64) ref {
	return ref{"visit_official", id, fmt.Sprintf("Amatpersona #%d", id)}
}

// officialEntry is the audit entry of action on an official, their name
// in the details.
func officialEntry(id int64, name, action, format string, args ...any) audit.Entry {
	e := officialRef(id).entry(action, format, args...)
	e.Details = map[string]any{"name": name}
	return e
}

func ruleRef(id, officialID int64) ref {
	return ref{"visit_rule", id, fmt.Sprintf("Pieņemšanas laiks #%d amatpersonai %d", id, officialID)}
}

func extraRef(id, officialID int64) ref {
	return ref{"visit_extra_session", id, fmt.Sprintf("Papildu pieņemšana #%d amatpersonai %d", id, officialID)}
}

func cancellationRef(id, officialID int64) ref {
	return ref{"visit_cancellation", id, fmt.Sprintf("Atcelta pieņemšana #%d amatpersonai %d", id, officialID)}
}

// entry is the audit entry of action on r. Every summary of the area is
// written this way: in Latvian, beginning with the record it is about, by
// its number, and never naming the visitor, as the audit log outlives the
// visitors' details (those stay on the record's own history until the
// retention period ends).
func (r ref) entry(action, format string, args ...any) audit.Entry {
	return audit.Entry{Entity: r.entity, EntityID: r.id, Action: action, Summary: r.name + ": " + fmt.Sprintf(format, args...)}
}

// lv is ctx in Latvian, for what the area writes down (history notes,
// audit summaries) whoever's language the page is in.
func lv(ctx context.Context) context.Context { return i18n.WithLocale(ctx, "lv") }

// staleAt puts a stale form's conflict beside field, where the form shows it.
func staleAt(field string, err error) error {
	if errors.Is(err, errs.Conflict) {
		return errs.FieldConflict(field, "errors.conflict")
	}
	return err
}

// versionedRow is db.Versioned for an UPDATE or DELETE guarded by "and
// version = $n" that returns a row: no row means the form was drawn from an
// older version (or the record is gone), a conflict.
func versionedRow(err error, what string) error {
	if errors.Is(err, pgx.ErrNoRows) {
		return fmt.Errorf("%s: changed since the form was drawn: %w", what, errs.Conflict)
	}
	return err
}

// unknownOfficial is an official chosen in a form that does not exist (or
// no longer receives): a refusal beside the field, and not found where no
// form asked (web.Error answers 404).
func unknownOfficial() error {
	return &errs.FieldError{Field: "official", Key: "visitors.err_unknown_official", Kind: errs.NotFound}
}

const officialColumns = `id, name, position, kind, user_id, target_weeks, active, version, contact_id`

// Officials lists the active officials by name.
func (s *Store) Officials(ctx context.Context) ([]Official, error) {
	rows, _ := s.pool.Query(ctx, `select `+officialColumns+` from visit_officials where active order by name`)
	return pgx.CollectRows(rows, pgx.RowToStructByName[Official])
}

// MaxSearch is the longest name search the booking page takes, in characters.
const MaxSearch = 100

// SearchOfficials lists the active officials, by name, whose name holds every
// word of q, ignoring case and diacritics: "kalnins" finds "Kalniņš".
func (s *Store) SearchOfficials(ctx context.Context, q string) ([]Official, error) {
	rows, _ := s.pool.Query(ctx, `
		select `+officialColumns+` from visit_officials o
		where active and (
			select bool_and(strpos(lower(prdesk_unaccent(o.name)), w) > 0)
			from unnest(regexp_split_to_array(lower(prdesk_unaccent($1)), '\s+')) w where w <> '')
		order by name`, strings.TrimSpace(q))
	return pgx.CollectRows(rows, pgx.RowToStructByName[Official])
}

// Official reads one active official, as chosen in a form: when there is
// none, the refusal is beside the form's official field (and not found
// where no form asked).
func (s *Store) Official(ctx context.Context, id int64) (Official, error) {
	return official(ctx, s.pool, id)
}

func official(ctx context.Context, q db.Querier, id int64) (Official, error) {
	rows, _ := q.Query(ctx, `select `+officialColumns+` from visit_officials where id = $1 and active`, id)
	o, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[Official])
	if errors.Is(err, pgx.ErrNoRows) {
		return o, unknownOfficial()
	}
	return o, err
}

// AnyOfficial reads one official, active or not.
func (s *Store) AnyOfficial(ctx context.Context, id int64) (Official, error) {
	rows, _ := s.pool.Query(ctx, `select `+officialColumns+` from visit_officials where id = $1`, id)
	o, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[Official])
	return o, db.NotFound(err, fmt.Sprintf("visitors: official %d", id))
}

// OfficialsOfUser lists the active officials that are this account (usually one, or none).
func (s *Store) OfficialsOfUser(ctx context.Context, userID int64) ([]Official, error) {
	rows, _ := s.pool.Query(ctx, `select `+officialColumns+` from visit_officials where active and user_id = $1`, userID)
	return pgx.CollectRows(rows, pgx.RowToStructByName[Official])
}

type ruleRow struct {
	ID          int64      `db:"id"`
	OfficialID  int64      `db:"official_id"`
	Kind        RuleKind   `db:"kind"`
	Weekday     int        `db:"weekday"`
	EveryWeeks  int        `db:"every_weeks"`
	Nth         *int       `db:"nth"`
	Start       int        `db:"start_min"`
	End         int        `db:"end_min"`
	Room        string     `db:"room"`
	SlotMinutes int        `db:"slot_minutes"`
	ValidFrom   time.Time  `db:"valid_from"`
	ValidTo     *time.Time `db:"valid_to"`
}

func (r ruleRow) rule() Rule {
	nth := 0
	if r.Nth != nil {
		nth = *r.Nth
	}
	return Rule{
		ID: r.ID, OfficialID: r.OfficialID, Kind: r.Kind, Weekday: time.Weekday(r.Weekday),
		EveryWeeks: r.EveryWeeks, Nth: nth, Start: Clock(r.Start), End: Clock(r.End), Room: r.Room,
		SlotMinutes: r.SlotMinutes, ValidFrom: r.ValidFrom, ValidTo: r.ValidTo,
	}
}

type extraRow struct {
	ID          int64     `db:"id"`
	OfficialID  int64     `db:"official_id"`
	Day         time.Time `db:"day"`
	Start       int       `db:"start_min"`
	End         int       `db:"end_min"`
	Room        string    `db:"room"`
	SlotMinutes int       `db:"slot_minutes"`
}

// Schedule loads the reception hours of official (0: of every active
// official) that can touch the dates from on.
func (s *Store) Schedule(ctx context.Context, officialID int64, from time.Time) (Schedule, error) {
	return schedule(ctx, s.pool, officialID, from)
}

func schedule(ctx context.Context, q db.Querier, officialID int64, from time.Time) (Schedule, error) {
	var b pgx.Batch
	var sch Schedule
	queueSchedule(&b, officialID, from, &sch)
	err := q.SendBatch(ctx, &b).Close()
	return sch, err
}

// queueSchedule queues the three reads of a schedule (rules, one-off
// sessions, cancelled dates) into b, to fill sch when b is sent: one round
// trip, with whatever else the caller reads alongside.
func queueSchedule(b *pgx.Batch, officialID int64, from time.Time, sch *Schedule) {
	d := calendar.DateOf(from)
	const who = `official_id in (select id from visit_officials where active and ($1 = 0 or id = $1))`
	b.Queue(`
		select id, official_id, kind, weekday, every_weeks, nth,
		       (extract(epoch from start_time) / 60)::int as start_min,
		       (extract(epoch from end_time) / 60)::int as end_min,
		       room, slot_minutes, valid_from, valid_to
		from visit_rules where `+who+` and (valid_to is null or valid_to >= $2) order by id`, officialID, d).
		Query(func(rows pgx.Rows) error {
			rules, err := pgx.CollectRows(rows, pgx.RowToStructByName[ruleRow])
			if err != nil {
				return fmt.Errorf("reception rules: %w", err)
			}
			for _, r := range rules {
				sch.Rules = append(sch.Rules, r.rule())
			}
			return nil
		})
	b.Queue(`
		select id, official_id, day,
		       (extract(epoch from start_time) / 60)::int as start_min,
		       (extract(epoch from end_time) / 60)::int as end_min,
		       room, slot_minutes
		from visit_extra_sessions where `+who+` and day >= $2 order by day, start_time`, officialID, d).
		Query(func(rows pgx.Rows) error {
			extras, err := pgx.CollectRows(rows, pgx.RowToStructByName[extraRow])
			if err != nil {
				return fmt.Errorf("one-off sessions: %w", err)
			}
			for _, e := range extras {
				sch.Extras = append(sch.Extras, Extra{ID: e.ID, OfficialID: e.OfficialID, Day: e.Day,
					Start: Clock(e.Start), End: Clock(e.End), Room: e.Room, SlotMinutes: e.SlotMinutes})
			}
			return nil
		})
	b.Queue(`select id, official_id, day, reason from visit_cancellations where `+who+` and day >= $2`, officialID, d).
		Query(func(rows pgx.Rows) error {
			var err error
			sch.Cancelled, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (Cancellation, error) {
				var c Cancellation
				err := row.Scan(&c.ID, &c.OfficialID, &c.Day, &c.Reason)
				return c, err
			})
			if err != nil {
				return fmt.Errorf("cancelled dates: %w", err)
			}
			return nil
		})
}

// Calendar loads the working-day calendar the sessions skip holidays by.
func (s *Store) Calendar(ctx context.Context) (*calendar.Calendar, error) {
	return s.calendar.Load(ctx, s.pool)
}

// Sessions lists the sessions of official (0: of every active official)
// on the dates from to to, both inclusive, in order of start.
func (s *Store) Sessions(ctx context.Context, officialID int64, from, to time.Time) ([]Session, error) {
	return s.sessions(ctx, s.pool, officialID, from, to)
}

// sessions lists the sessions of official (0: of all) on the dates from to
// to, read through q.
func (s *Store) sessions(ctx context.Context, q db.Querier, officialID int64, from, to time.Time) ([]Session, error) {
	cal, err := s.calendar.Load(ctx, q)
	if err != nil {
		return nil, err
	}
	sch, err := schedule(ctx, q, officialID, from)
	if err != nil {
		return nil, err
	}
	return sch.Sessions(cal, from, to), nil
}

// SessionNow is the session official holds at the store's clock, if any.
func (s *Store) SessionNow(ctx context.Context, officialID int64) (Session, bool, error) {
	return s.sessionNow(ctx, s.pool, officialID)
}

func (s *Store) sessionNow(ctx context.Context, q db.Querier, officialID int64) (Session, bool, error) {
	now := s.now()
	sessions, err := s.sessions(ctx, q, officialID, now, now)
	if err != nil {
		return Session{}, false, err
	}
	for _, ses := range sessions {
		if !ses.Start.After(now) && now.Before(ses.End) {
			return ses, true, nil
		}
	}
	return Session{}, false, nil
}

// bookedTimes are an official's live bookings' times, by start. They never
// overlap (the exclusion constraint), so their ends are in order too.
type bookedTimes []bookedTime

type bookedTime struct{ start, end time.Time }

// taken: sl overlaps a booking. Not only one that starts with it: a
// booking made before the hours' rule changed its slots' length or start
// lies across the new slots, and the constraint refuses those too.
func (bt bookedTimes) taken(sl Slot) bool {
	i, _ := slices.BinarySearchFunc(bt, sl.Start, func(b bookedTime, t time.Time) int {
		if b.end.After(t) {
			return 1
		}
		return -1
	})
	return i < len(bt) && bt[i].start.Before(sl.End)
}

// taken lists official's live bookings between from and to.
func (s *Store) taken(ctx context.Context, officialID int64, from, to time.Time) (*bookedTimes, error) {
	var b pgx.Batch
	bt := &bookedTimes{}
	queueTaken(&b, officialID, from, to, bt)
	return bt, s.pool.SendBatch(ctx, &b).Close()
}

// queueTaken queues taken's read into b, to fill bt when b is sent.
func queueTaken(b *pgx.Batch, officialID int64, from, to time.Time, bt *bookedTimes) {
	b.Queue(`
		select lower(slot), upper(slot) from visit_bookings
		where official_id = $1 and state <> 'cancelled' and slot && tstzrange($2, $3)
		order by lower(slot)`, officialID, from, to).
		Query(func(rows pgx.Rows) error {
			var start, end time.Time
			_, err := pgx.ForEachRow(rows, []any{&start, &end}, func() error {
				*bt = append(*bt, bookedTime{start, end})
				return nil
			})
			return err
		})
}

// FreeSlotsHorizon is how far ahead FreeSlots looks.
const FreeSlotsHorizon = 366 * 24 * time.Hour

// FreeSlots lists up to n free slots of official starting after after, in
// order, looking at most FreeSlotsHorizon ahead.
func (s *Store) FreeSlots(ctx context.Context, officialID int64, after time.Time, n int) ([]Slot, error) {
	// Eight weeks at a time: most searches end in the first window, whose
	// bookings are read in one round trip with the schedule and the
	// calendar's revision.
	const window = 8 * 7 * 24 * time.Hour
	var b pgx.Batch
	pending := s.calendar.Queue(&b)
	var sch Schedule
	queueSchedule(&b, officialID, after, &sch)
	firstTaken := &bookedTimes{}
	queueTaken(&b, officialID, after, after.Add(window).Add(24*time.Hour), firstTaken)
	if err := s.pool.SendBatch(ctx, &b).Close(); err != nil {
		return nil, err
	}
	cal, err := pending.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	var out []Slot
	for i, from := 0, after; from.Before(after.Add(FreeSlotsHorizon)) && len(out) < n; i, from = i+1, from.Add(window) {
		to := from.Add(window)
		taken := firstTaken
		if i > 0 {
			if taken, err = s.taken(ctx, officialID, from, to.Add(24*time.Hour)); err != nil {
				return nil, err
			}
		}
		// Sessions works in whole dates; the windows overlap by a day, so a
		// slot already seen is skipped by its start.
		for _, ses := range sch.Sessions(cal, from, to) {
			if ses.OfficialID != officialID {
				continue
			}
			for _, sl := range ses.Slots() {
				// A slot before from is the previous window's, read with its bookings.
				if !sl.Start.After(after) || sl.Start.Before(from) || taken.taken(sl) || (len(out) > 0 && !sl.Start.After(out[len(out)-1].Start)) {
					continue
				}
				out = append(out, sl)
				if len(out) == n {
					return out, nil
				}
			}
		}
	}
	return out, nil
}

// slotRefusal is why start cannot be taken (Schedule.Locate's answer),
// beside the form's field that chose it.
func slotRefusal(field string, err error) error {
	for _, r := range []struct {
		err error
		key string
	}{{ErrNoSession, "visitors.err_no_session"}, {ErrCancelled, "visitors.err_cancelled"}, {ErrHoliday, "visitors.err_holiday"}} {
		if errors.Is(err, r.err) {
			return errs.Field(field, r.key)
		}
	}
	return err
}

// locate finds official's slot starting at start for a booking made or
// moved at the store's clock, reading the schedule and the calendar through
// the use case's transaction; a refusal is beside the form's field.
func (s *Store) locate(ctx context.Context, tx pgx.Tx, officialID int64, start time.Time, field string) (Slot, error) {
	if !start.After(s.now()) {
		return Slot{}, errs.Field(field, "visitors.err_past")
	}
	cal, err := s.calendar.Load(ctx, tx)
	if err != nil {
		return Slot{}, err
	}
	sch, err := schedule(ctx, tx, officialID, start)
	if err != nil {
		return Slot{}, err
	}
	slot, err := sch.Locate(cal, officialID, start)
	return slot, slotRefusal(field, err)
}

// addEvent writes a line of a booking's history.
func addEvent(ctx context.Context, tx pgx.Tx, bookingID int64, action string, state State, note string) error {
	a := audit.ActorOf(ctx)
	var actor *int64
	if a.ID != 0 {
		actor = &a.ID
	}
	_, err := tx.Exec(ctx, `
		insert into visit_booking_events (booking_id, actor_id, actor_name, action, state, note)
		values ($1, $2, $3, $4, $5, $6)`, bookingID, actor, a.Name, action, state, note)
	return err
}

// InsertOfficial adds an official inside tx (demo data, tests; the
// officials' page goes through CreateOfficial).
func InsertOfficial(ctx context.Context, tx pgx.Tx, o Official) (int64, error) {
	var id int64
	err := tx.QueryRow(ctx, `
		insert into visit_officials (name, position, kind, user_id, target_weeks, contact_id, created_by)
		values ($1, $2, $3, $4, $5, $6, $7) returning id`,
		o.Name, o.Position, o.Kind, o.UserID, o.TargetWeeks, o.ContactID, audit.ActorID(ctx)).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("insert official: %w", err)
	}
	e := officialEntry(id, o.Name, "create", "pievienota, %s%s", kindText(o.Kind), contactText(nil, o.ContactID))
	if o.ContactID != nil {
		e.Details = map[string]any{"name": o.Name, "contact_id": *o.ContactID}
	}
	return id, audit.Record(ctx, tx, e)
}

func clockSQL(c Clock) string { return fmt.Sprintf("%02d:%02d", int(c)/60, int(c)%60) }

// kindText names an office in Latvian, for the audit log.
func kindText(k Kind) string {
	return i18n.T(lv(context.Background()), "visitors.hours.kind_"+string(k))
}

// ruleSummary describes a rule in Latvian, for the audit log.
func ruleSummary(r Rule) string {
	return ruleText(lv(context.Background()), r) + ", " + r.Room
}

// InsertRule adds a recurring reception inside tx.
func InsertRule(ctx context.Context, tx pgx.Tx, r Rule) (int64, error) {
	var nth *int
	if r.Kind == Monthly {
		nth = &r.Nth
	}
	var id int64
	err := tx.QueryRow(ctx, `
		insert into visit_rules (official_id, kind, weekday, every_weeks, nth, start_time, end_time, room,
		                         slot_minutes, valid_from, valid_to, created_by)
		values ($1, $2, $3, $4, $5, $6::time, $7::time, $8, $9, $10, $11, $12) returning id`,
		r.OfficialID, r.Kind, int(r.Weekday), max(r.EveryWeeks, 1), nth, clockSQL(r.Start), clockSQL(r.End), r.Room,
		r.SlotMinutes, r.ValidFrom, r.ValidTo, audit.ActorID(ctx)).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("insert rule: %w", err)
	}
	return id, audit.Record(ctx, tx, ruleRef(id, r.OfficialID).entry("create", "%s", ruleSummary(r)))
}

// InsertExtra adds a one-off reception inside tx.
func InsertExtra(ctx context.Context, tx pgx.Tx, e Extra) (int64, error) {
	var id int64
	err := tx.QueryRow(ctx, `
		insert into visit_extra_sessions (official_id, day, start_time, end_time, room, slot_minutes, created_by)
		values ($1, $2, $3::time, $4::time, $5, $6, $7) returning id`,
		e.OfficialID, calendar.DateOf(e.Day), clockSQL(e.Start), clockSQL(e.End), e.Room, e.SlotMinutes, audit.ActorID(ctx)).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("insert one-off session: %w", err)
	}
	return id, audit.Record(ctx, tx, extraRef(id, e.OfficialID).entry("create", "%s %s–%s, %s",
		i18n.Date(e.Day), clockSQL(e.Start), clockSQL(e.End), e.Room))
}

// InsertCancellation cancels an official's reception on a date inside tx.
func InsertCancellation(ctx context.Context, tx pgx.Tx, c Cancellation) (int64, error) {
	var id int64
	err := tx.QueryRow(ctx, `
		insert into visit_cancellations (official_id, day, reason, created_by) values ($1, $2, $3, $4) returning id`,
		c.OfficialID, calendar.DateOf(c.Day), c.Reason, audit.ActorID(ctx)).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("insert cancellation: %w", err)
	}
	// The reason is free text: in the details, never in the summary.
	e := cancellationRef(id, c.OfficialID).entry("create", "pieņemšana %s atcelta", i18n.Date(c.Day))
	e.Details = map[string]any{"reason": c.Reason}
	return id, audit.Record(ctx, tx, e)
}
