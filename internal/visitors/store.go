package visitors

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/daugavpils/prdesk/internal/audit"
	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/calendar"
	"github.com/daugavpils/prdesk/internal/db"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/jobs"
	"github.com/daugavpils/prdesk/internal/mail"
	"github.com/daugavpils/prdesk/internal/personcode"
)

// Kind is an official's office.
type Kind string

const (
	Chair             Kind = "chair"
	DeputyChair       Kind = "deputy_chair"
	ExecutiveDirector Kind = "executive_director"
	Deputy            Kind = "deputy"
)

// Official is a person who receives residents.
type Official struct {
	ID          int64  `db:"id"`
	Name        string `db:"name"`
	Position    string `db:"position"`
	Kind        Kind   `db:"kind"`
	UserID      *int64 `db:"user_id"`
	TargetWeeks *int   `db:"target_weeks"`
	Active      bool   `db:"active"`
	Version     int    `db:"version"`
}

// State is where a booking stands.
type State string

const (
	Booked       State = "booked"
	Arrived      State = "arrived"
	WithOfficial State = "with_official"
	Done         State = "done"
	NoShow       State = "no_show"
	Cancelled    State = "cancelled"
)

// Tone is the colour a state is shown in, beside its name.
func (s State) Tone() string {
	switch s {
	case Arrived, WithOfficial:
		return "warn"
	case Done:
		return "ok"
	case NoShow, Cancelled:
		return "bad"
	}
	return "neutral"
}

// Languages a conversation may be held in.
var Languages = []string{"lv", "ru", "en", "other"}

// Booking is one booked slot.
type Booking struct {
	ID             int64     `db:"id"`
	OfficialID     int64     `db:"official_id"`
	OfficialName   string    `db:"official_name"`
	Start          time.Time `db:"start_at"`
	End            time.Time `db:"end_at"`
	Room           string    `db:"room"`
	State          State     `db:"state"`
	VisitorName    string    `db:"visitor_name"`
	Phone          string    `db:"phone"`
	Email          string    `db:"email"`
	Topic          string    `db:"topic"`
	Language       string    `db:"language"`
	Accessibility  string    `db:"accessibility"`
	PersonCode     string    `db:"person_code"`
	OverrideReason string    `db:"override_reason"`
	Version        int       `db:"version"`
	CreatedAt      time.Time `db:"created_at"`
}

// Event is one line of a booking's history.
type Event struct {
	At        time.Time `db:"at"`
	ActorName string    `db:"actor_name"`
	Action    string    `db:"action"`
	State     State     `db:"state"`
	Note      string    `db:"note"`
}

// NewBooking is what the clerk enters.
type NewBooking struct {
	OfficialID     int64
	Start          time.Time
	VisitorName    string
	Phone          string // normalised by NormalisePhone
	Email          string
	Topic          string
	Language       string
	Accessibility  string
	PersonCode     string // normalised by personcode.Normalise
	OverrideReason string // set to book past MaxFutureBookings
}

// MaxFutureBookings is how many future bookings one visitor may hold with one
// official before the clerk must give a reason.
const MaxFutureBookings = 2

// Why a booking is refused.
var (
	ErrUnknownOfficial = errors.New("visitors: no such official")
	ErrPast            = errors.New("visitors: the time has passed")
	ErrNoContact       = errors.New("visitors: neither phone nor e-mail")
	ErrPersonCode      = errors.New("visitors: invalid personal code")
	// ErrSlotTaken is what the loser of a race for one slot gets.
	ErrSlotTaken = errors.New("visitors: the slot was just taken")
	// ErrLimit: the visitor already holds MaxFutureBookings with the official.
	ErrLimit = errors.New("visitors: too many future bookings")
)

// Store reads and writes officials, reception hours and bookings.
type Store struct {
	pool *pgxpool.Pool
	jobs *jobs.Client // inserts confirmation mail jobs; nil sends none
	// calendar keeps the built working-day calendar between requests.
	calendar *calendar.Store
	now      func() time.Time
}

// NewStore returns the store; jobs may be nil when no mail is to be sent.
func NewStore(pool *pgxpool.Pool, jobs *jobs.Client) *Store {
	return &Store{pool: pool, jobs: jobs, calendar: calendar.NewStore(pool), now: time.Now}
}

const officialColumns = `id, name, position, kind, user_id, target_weeks, active, version`

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

// Official reads one active official; ErrUnknownOfficial when there is none.
func (s *Store) Official(ctx context.Context, id int64) (Official, error) {
	return official(ctx, s.pool, id)
}

func official(ctx context.Context, q db.Querier, id int64) (Official, error) {
	rows, _ := q.Query(ctx, `select `+officialColumns+` from visit_officials where id = $1 and active`, id)
	o, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[Official])
	if errors.Is(err, pgx.ErrNoRows) {
		return o, ErrUnknownOfficial
	}
	return o, err
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

// batcher is a pool or a transaction: anything that sends a batch.
type batcher interface {
	SendBatch(ctx context.Context, b *pgx.Batch) pgx.BatchResults
}

func schedule(ctx context.Context, q batcher, officialID int64, from time.Time) (Schedule, error) {
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
				nth := 0
				if r.Nth != nil {
					nth = *r.Nth
				}
				sch.Rules = append(sch.Rules, Rule{
					ID: r.ID, OfficialID: r.OfficialID, Kind: r.Kind, Weekday: time.Weekday(r.Weekday),
					EveryWeeks: r.EveryWeeks, Nth: nth, Start: Clock(r.Start), End: Clock(r.End), Room: r.Room,
					SlotMinutes: r.SlotMinutes, ValidFrom: r.ValidFrom, ValidTo: r.ValidTo,
				})
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

// taken lists the starts of official's live bookings between from and to.
func (s *Store) taken(ctx context.Context, officialID int64, from, to time.Time) (map[int64]bool, error) {
	var b pgx.Batch
	m := map[int64]bool{}
	queueTaken(&b, officialID, from, to, m)
	return m, s.pool.SendBatch(ctx, &b).Close()
}

// queueTaken queues taken's read into b, to fill m when b is sent.
func queueTaken(b *pgx.Batch, officialID int64, from, to time.Time, m map[int64]bool) {
	b.Queue(`
		select lower(slot) from visit_bookings
		where official_id = $1 and state <> 'cancelled' and slot && tstzrange($2, $3)`, officialID, from, to).
		Query(func(rows pgx.Rows) error {
			var t time.Time
			_, err := pgx.ForEachRow(rows, []any{&t}, func() error {
				m[t.Unix()] = true
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
	firstTaken := map[int64]bool{}
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
				if !sl.Start.After(after) || taken[sl.Start.Unix()] || (len(out) > 0 && !sl.Start.After(out[len(out)-1].Start)) {
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

// contactKeys are the ways one visitor is recognised among an official's bookings.
func (b NewBooking) contactKeys() []string {
	var keys []string
	if b.Phone != "" {
		keys = append(keys, "phone:"+b.Phone)
	}
	if b.Email != "" {
		keys = append(keys, "email:"+strings.ToLower(b.Email))
	}
	if b.PersonCode != "" {
		keys = append(keys, "code:"+b.PersonCode)
	}
	slices.Sort(keys)
	return keys
}

// check refuses what no booking may hold, whatever the form did.
func (b NewBooking) check() error {
	switch {
	case b.Phone == "" && b.Email == "":
		return ErrNoContact
	case b.PersonCode != "" && personcode.Check(b.PersonCode) != personcode.OK:
		return ErrPersonCode
	}
	return nil
}

// Book books the slot of b.OfficialID starting at b.Start, in one
// transaction with its history line, the audit entry and the confirmation
// mail. It refuses with ErrUnknownOfficial, ErrPast, ErrNoSession,
// ErrCancelled, ErrHoliday, ErrNoContact, ErrPersonCode, ErrLimit, or
// ErrSlotTaken when another booking holds the slot (the database decides).
func (s *Store) Book(ctx context.Context, b NewBooking) (int64, error) {
	if err := b.check(); err != nil {
		return 0, err
	}
	if !b.Start.After(s.now()) {
		return 0, ErrPast
	}
	// Loaded before the transaction: it takes a connection of its own.
	cal, err := s.Calendar(ctx)
	if err != nil {
		return 0, err
	}
	var id int64
	err = pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		o, err := official(ctx, tx, b.OfficialID)
		if err != nil {
			return err
		}
		sch, err := schedule(ctx, tx, o.ID, b.Start)
		if err != nil {
			return err
		}
		slot, err := sch.Locate(cal, o.ID, b.Start)
		if err != nil {
			return err
		}
		// The same visitor booking twice at once must not both pass the limit.
		for _, k := range b.contactKeys() {
			if _, err := tx.Exec(ctx, `select pg_advisory_xact_lock(hashtextextended($1, $2))`, "visitor:"+k, o.ID); err != nil {
				return err
			}
		}
		if b.OverrideReason == "" {
			n, err := s.futureBookings(ctx, tx, o.ID, b)
			if err != nil {
				return err
			}
			if n >= MaxFutureBookings {
				return ErrLimit
			}
		}
		err = tx.QueryRow(ctx, `
			insert into visit_bookings (official_id, slot, room, visitor_name, phone, email, topic, language,
			                            accessibility, person_code, override_reason, created_by)
			values ($1, tstzrange($2, $3, '[)'), $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
			returning id`,
			o.ID, slot.Start, slot.End, slot.Room, b.VisitorName, b.Phone, b.Email, b.Topic, b.Language,
			b.Accessibility, b.PersonCode, b.OverrideReason, actorID(ctx)).Scan(&id)
		if err != nil {
			if pgErr, ok := errors.AsType[*pgconn.PgError](err); ok && pgErr.Code == "23P01" {
				return ErrSlotTaken
			}
			return fmt.Errorf("insert booking: %w", err)
		}
		note := b.OverrideReason
		if err := addEvent(ctx, tx, id, "booked", Booked, note); err != nil {
			return err
		}
		// The audit log says what was done, never who the visitor is: their
		// details go after the retention period, the audit log stays.
		summary := fmt.Sprintf("Pieraksts #%d pie %s %s", id, o.Name, i18n.DateTime(slot.Start))
		if b.OverrideReason != "" {
			summary += "; pāri limitam (iemesls pieraksta vēsturē)"
		}
		if err := audit.Record(ctx, tx, audit.Entry{Entity: "booking", EntityID: id, Action: "create", Summary: summary}); err != nil {
			return err
		}
		if b.Email != "" && s.jobs != nil {
			if _, err := mail.Enqueue(ctx, tx, s.jobs, confirmation(b, o, slot, id)); err != nil {
				return err
			}
		}
		return nil
	})
	return id, err
}

// futureBookings counts the visitor's live future bookings with the official.
func (s *Store) futureBookings(ctx context.Context, tx pgx.Tx, officialID int64, b NewBooking) (int, error) {
	var n int
	err := tx.QueryRow(ctx, `
		select count(*) from visit_bookings
		where official_id = $1 and state = 'booked' and lower(slot) > $2
		  and (($3 <> '' and phone = $3) or ($4 <> '' and lower(email) = lower($4)) or ($5 <> '' and person_code = $5))`,
		officialID, s.now(), b.Phone, b.Email, b.PersonCode).Scan(&n)
	return n, err
}

func actorID(ctx context.Context) *int64 {
	if u := auth.UserFrom(ctx); u != nil {
		return &u.ID
	}
	return nil
}

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

// confirmation is the mail a visitor gets, in Latvian unless they chose English.
func confirmation(b NewBooking, o Official, slot Slot, id int64) mail.Message {
	lang := "lv"
	if b.Language == "en" {
		lang = "en"
	}
	ctx := i18n.WithLocale(context.Background(), lang)
	args := i18n.M{
		"name": b.VisitorName, "official": o.Name, "position": o.Position,
		"date": i18n.LongDate(ctx, slot.Start), "time": slot.Start.In(i18n.Riga).Format("15:04"),
		"room": slot.Room, "topic": b.Topic,
	}
	return mail.Message{
		To: b.Email, ToName: b.VisitorName,
		Subject:  i18n.T(ctx, "visitors.mail_subject", args),
		Body:     i18n.T(ctx, "visitors.mail_body", args),
		Entity:   "booking",
		EntityID: id,
	}
}

const bookingColumns = `b.id, b.official_id, o.name as official_name, lower(b.slot) as start_at, upper(b.slot) as end_at,
	b.room, b.state, b.visitor_name, b.phone, b.email, b.topic, b.language, b.accessibility, b.person_code,
	b.override_reason, b.version, b.created_at`

// Day lists the bookings (cancelled ones too) of the date of day, by time,
// of one official or, with officialID 0, of all.
func (s *Store) Day(ctx context.Context, day time.Time, officialID int64) ([]Booking, error) {
	from, to := calendar.DayBounds(day)
	rows, _ := s.pool.Query(ctx, `
		select `+bookingColumns+`
		from visit_bookings b join visit_officials o on o.id = b.official_id
		where lower(b.slot) >= $1 and lower(b.slot) < $2 and ($3 = 0 or b.official_id = $3)
		order by o.name, lower(b.slot), b.id`, from, to, officialID)
	return pgx.CollectRows(rows, pgx.RowToStructByName[Booking])
}

// Booking reads one booking.
func (s *Store) Booking(ctx context.Context, id int64) (Booking, error) {
	rows, _ := s.pool.Query(ctx, `
		select `+bookingColumns+`
		from visit_bookings b join visit_officials o on o.id = b.official_id where b.id = $1`, id)
	return pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[Booking])
}

// History lists what happened to a booking, oldest first.
func (s *Store) History(ctx context.Context, id int64) ([]Event, error) {
	rows, _ := s.pool.Query(ctx, `
		select at, actor_name, action, state, note from visit_booking_events
		where booking_id = $1 order by at, id`, id)
	return pgx.CollectRows(rows, pgx.RowToStructByName[Event])
}

// InsertOfficial adds an official inside tx (demo data, tests; the
// officials' page is still to come).
func InsertOfficial(ctx context.Context, tx pgx.Tx, o Official) (int64, error) {
	var id int64
	err := tx.QueryRow(ctx, `
		insert into visit_officials (name, position, kind, user_id, target_weeks, created_by)
		values ($1, $2, $3, $4, $5, $6) returning id`,
		o.Name, o.Position, o.Kind, o.UserID, o.TargetWeeks, actorID(ctx)).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("insert official: %w", err)
	}
	return id, audit.Record(ctx, tx, audit.Entry{Entity: "visit_official", EntityID: id, Action: "create", Summary: "Amatpersona " + o.Name})
}

func clockSQL(c Clock) string { return fmt.Sprintf("%02d:%02d", int(c)/60, int(c)%60) }

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
		r.SlotMinutes, r.ValidFrom, r.ValidTo, actorID(ctx)).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("insert rule: %w", err)
	}
	return id, audit.Record(ctx, tx, audit.Entry{Entity: "visit_rule", EntityID: id, Action: "create",
		Summary: fmt.Sprintf("Pieņemšanas laiks amatpersonai %d: %s %s–%s, %s", r.OfficialID, r.Weekday, clockSQL(r.Start), clockSQL(r.End), r.Room)})
}

// InsertExtra adds a one-off reception inside tx.
func InsertExtra(ctx context.Context, tx pgx.Tx, e Extra) (int64, error) {
	var id int64
	err := tx.QueryRow(ctx, `
		insert into visit_extra_sessions (official_id, day, start_time, end_time, room, slot_minutes, created_by)
		values ($1, $2, $3::time, $4::time, $5, $6, $7) returning id`,
		e.OfficialID, calendar.DateOf(e.Day), clockSQL(e.Start), clockSQL(e.End), e.Room, e.SlotMinutes, actorID(ctx)).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("insert one-off session: %w", err)
	}
	return id, audit.Record(ctx, tx, audit.Entry{Entity: "visit_extra_session", EntityID: id, Action: "create",
		Summary: fmt.Sprintf("Papildu pieņemšana amatpersonai %d %s", e.OfficialID, i18n.Date(e.Day))})
}

// InsertCancellation cancels an official's reception on a date inside tx.
func InsertCancellation(ctx context.Context, tx pgx.Tx, c Cancellation) (int64, error) {
	var id int64
	err := tx.QueryRow(ctx, `
		insert into visit_cancellations (official_id, day, reason, created_by) values ($1, $2, $3, $4) returning id`,
		c.OfficialID, calendar.DateOf(c.Day), c.Reason, actorID(ctx)).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("insert cancellation: %w", err)
	}
	return id, audit.Record(ctx, tx, audit.Entry{Entity: "visit_cancellation", EntityID: id, Action: "create",
		Summary: fmt.Sprintf("Atcelta pieņemšana amatpersonai %d %s: %s", c.OfficialID, i18n.Date(c.Day), c.Reason)})
}
