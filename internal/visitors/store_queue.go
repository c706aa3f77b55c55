package visitors

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/daugavpils/prdesk/internal/audit"
	"github.com/daugavpils/prdesk/internal/calendar"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/mail"
)

// QueueState is where a ticket stands.
type QueueState string

const (
	QWaiting      QueueState = "waiting"       // checked in, waiting to be called
	QCalled       QueueState = "called"        // on the board: go in now
	QWithOfficial QueueState = "with_official" // went in; the next one has been called since
	QDone         QueueState = "done"          // the outcome is recorded
	QLeft         QueueState = "left"          // went away without being received
)

// Tone is the colour a ticket's state is shown in.
func (s QueueState) Tone() string {
	switch s {
	case QCalled, QWithOfficial:
		return "warn"
	case QDone:
		return "ok"
	case QLeft:
		return "bad"
	}
	return "neutral"
}

// Ticket is one person in an official's queue of a day. The visitor's
// details come from the booking, or are the walk-in's own.
type Ticket struct {
	ID           int64      `db:"id"`
	OfficialID   int64      `db:"official_id"`
	OfficialName string     `db:"official_name"`
	Day          time.Time  `db:"day"`
	Number       int        `db:"number"`
	Ticket       string     `db:"ticket"`
	BookingID    *int64     `db:"booking_id"`
	WalkIn       bool       `db:"walk_in"`
	VisitorName  string     `db:"visitor_name"`
	Phone        string     `db:"phone"`
	Email        string     `db:"email"`
	PersonCode   string     `db:"person_code"`
	Topic        string     `db:"topic"`
	SlotStart    *time.Time `db:"slot_start"`
	State        QueueState `db:"state"`
	Room         string     `db:"room"`
	Outcome      string     `db:"outcome"`
	Written      bool       `db:"written"`
	CheckedInAt  time.Time  `db:"checked_in_at"`
	CalledAt     *time.Time `db:"called_at"`
	DoneAt       *time.Time `db:"done_at"`
	Version      int        `db:"version"`
}

// Why a change to a booking or a ticket is refused.
var (
	// ErrState: the booking or ticket is not in a state the change applies to.
	ErrState = errors.New("visitors: not possible in this state")
	// ErrNotToday: a booking is checked in on its own day only.
	ErrNotToday = errors.New("visitors: the booking is not today")
	// ErrNotYet: a visitor is not a no-show before their time has come.
	ErrNotYet = errors.New("visitors: the time has not come yet")
	// ErrNoSessionNow: walk-ins join only an official who is receiving now.
	ErrNoSessionNow = errors.New("visitors: the official is not receiving now")
	// ErrQueueEmpty: nobody is waiting.
	ErrQueueEmpty = errors.New("visitors: nobody is waiting")
	// ErrNoReason: cancelling, moving and no-shows need a reason.
	ErrNoReason = errors.New("visitors: no reason given")
	// ErrNotFound: no such booking or ticket.
	ErrNotFound = errors.New("visitors: not found")
)

const ticketColumns = `q.id, q.official_id, o.name as official_name, q.day, q.number, q.ticket, q.booking_id, q.walk_in,
	coalesce(b.visitor_name, q.visitor_name) as visitor_name, coalesce(b.phone, '') as phone,
	coalesce(b.email, '') as email, coalesce(b.person_code, '') as person_code,
	coalesce(b.topic, q.topic) as topic, lower(b.slot) as slot_start, q.state, q.room, q.outcome, q.written,
	q.checked_in_at, q.called_at, q.done_at, q.version`

const ticketFrom = `visit_queue q join visit_officials o on o.id = q.official_id
	left join visit_bookings b on b.id = q.booking_id`

// today is the date of the store's clock in Riga.
func (s *Store) today() time.Time { return calendar.DateOf(s.now()) }

// Queue lists the tickets of day, in the order they are called: a booked
// visitor is due at their slot's start, a walk-in when they checked in;
// equal times go by ticket number. officialID 0 lists every official's.
func (s *Store) Queue(ctx context.Context, day time.Time, officialID int64) ([]Ticket, error) {
	rows, _ := s.pool.Query(ctx, `select `+ticketColumns+` from `+ticketFrom+`
		where q.day = $1 and ($2 = 0 or q.official_id = $2)
		order by o.name, coalesce(lower(b.slot), q.checked_in_at), q.number`, calendar.DateOf(day), officialID)
	return pgx.CollectRows(rows, pgx.RowToStructByName[Ticket])
}

// Ticket reads one ticket.
func (s *Store) Ticket(ctx context.Context, id int64) (Ticket, error) {
	rows, _ := s.pool.Query(ctx, `select `+ticketColumns+` from `+ticketFrom+` where q.id = $1`, id)
	t, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[Ticket])
	if errors.Is(err, pgx.ErrNoRows) {
		return t, ErrNotFound
	}
	return t, err
}

// TicketOfBooking reads the ticket a booking was given at check-in.
func (s *Store) TicketOfBooking(ctx context.Context, bookingID int64) (Ticket, error) {
	rows, _ := s.pool.Query(ctx, `select `+ticketColumns+` from `+ticketFrom+` where q.booking_id = $1`, bookingID)
	t, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[Ticket])
	if errors.Is(err, pgx.ErrNoRows) {
		return t, ErrNotFound
	}
	return t, err
}

// nextTicket takes the next number of official's day. The counter row stays
// locked until tx ends: check-ins of one official queue up behind each other
// for a few milliseconds, and a rollback gives the number back. The letter is
// the official's place among all officials ever added (A for the first), so
// it does not change when another is deactivated.
func nextTicket(ctx context.Context, tx pgx.Tx, officialID int64, day time.Time) (int, string, error) {
	var n int
	var letter string
	err := tx.QueryRow(ctx, `
		insert into visit_queue_counters (official_id, day, letter, last)
		values ($1, $2, chr(65 + ((select count(*) from visit_officials where id < $1)::int % 26)), 1)
		on conflict (official_id, day) do update set last = visit_queue_counters.last + 1
		returning last, letter`, officialID, day).Scan(&n, &letter)
	if err != nil {
		return 0, "", fmt.Errorf("ticket number: %w", err)
	}
	return n, fmt.Sprintf("%s-%03d", letter, n), nil
}

// lockedBooking is a booking row held for update.
type lockedBooking struct {
	ID         int64
	OfficialID int64
	State      State
	Version    int
	Start, End time.Time
	Room       string
	Name       string
	Email      string
	Language   string
	Topic      string
}

func lockBooking(ctx context.Context, tx pgx.Tx, id int64) (lockedBooking, error) {
	var b lockedBooking
	err := tx.QueryRow(ctx, `
		select id, official_id, state, version, lower(slot), upper(slot), room, visitor_name, email, language, topic
		from visit_bookings where id = $1 for update`, id).
		Scan(&b.ID, &b.OfficialID, &b.State, &b.Version, &b.Start, &b.End, &b.Room, &b.Name, &b.Email, &b.Language, &b.Topic)
	if errors.Is(err, pgx.ErrNoRows) {
		return b, ErrNotFound
	}
	return b, err
}

// setBookingState moves a locked booking to state, with its history line.
func setBookingState(ctx context.Context, tx pgx.Tx, id int64, state State, action, note string) error {
	if _, err := tx.Exec(ctx, `update visit_bookings set state = $2, version = version + 1, updated_at = now() where id = $1`, id, state); err != nil {
		return fmt.Errorf("booking state: %w", err)
	}
	return addEvent(ctx, tx, id, action, state, note)
}

// CheckIn gives a booked visitor who has come on their day a ticket in the
// official's queue; the booking becomes arrived. version is the booking's
// as shown (0: not checked).
func (s *Store) CheckIn(ctx context.Context, bookingID int64, version int) (Ticket, error) {
	var id int64
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		b, err := lockBooking(ctx, tx, bookingID)
		if err != nil {
			return err
		}
		switch {
		case version != 0 && b.Version != version:
			return ErrStale
		case b.State != Booked:
			return ErrState
		case calendar.DateOf(b.Start) != s.today():
			return ErrNotToday
		}
		day := s.today()
		n, ticket, err := nextTicket(ctx, tx, b.OfficialID, day)
		if err != nil {
			return err
		}
		err = tx.QueryRow(ctx, `
			insert into visit_queue (official_id, day, number, ticket, booking_id, walk_in, room, checked_in_at, created_by)
			values ($1, $2, $3, $4, $5, false, $6, $7, $8) returning id`,
			b.OfficialID, day, n, ticket, b.ID, b.Room, s.now(), actorID(ctx)).Scan(&id)
		if err != nil {
			return fmt.Errorf("insert ticket: %w", err)
		}
		if err := setBookingState(ctx, tx, b.ID, Arrived, "state", i18n.T(i18n.WithLocale(ctx, "lv"), "visitors.queue.note_ticket", ticket)); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Entity: "booking", EntityID: b.ID, Action: "check_in",
			Summary: fmt.Sprintf("Ieradās uz pierakstu #%d %s, biļete %s", b.ID, i18n.DateTime(b.Start), ticket)})
	})
	if err != nil {
		return Ticket{}, err
	}
	return s.Ticket(ctx, id)
}

// SessionNow is the session official holds at the store's clock, if any.
func (s *Store) SessionNow(ctx context.Context, officialID int64) (Session, bool, error) {
	now := s.now()
	sessions, err := s.SessionsOn(ctx, now, officialID)
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

// SessionsOn lists the sessions on the date of day, of official (0: of all).
func (s *Store) SessionsOn(ctx context.Context, day time.Time, officialID int64) ([]Session, error) {
	cal, err := s.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	sch, err := s.Schedule(ctx, officialID, day)
	if err != nil {
		return nil, err
	}
	return sch.Sessions(cal, day, day), nil
}

// WalkIn puts a person without a booking in the queue of an official who is
// receiving now. name may be empty; topic may not.
func (s *Store) WalkIn(ctx context.Context, officialID int64, name, topic string) (Ticket, error) {
	if topic == "" {
		return Ticket{}, ErrNoReason
	}
	if _, err := s.Official(ctx, officialID); err != nil {
		return Ticket{}, err
	}
	ses, ok, err := s.SessionNow(ctx, officialID)
	if err != nil {
		return Ticket{}, err
	}
	if !ok {
		return Ticket{}, ErrNoSessionNow
	}
	var id int64
	err = pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		day := s.today()
		n, ticket, err := nextTicket(ctx, tx, officialID, day)
		if err != nil {
			return err
		}
		err = tx.QueryRow(ctx, `
			insert into visit_queue (official_id, day, number, ticket, walk_in, visitor_name, topic, room, checked_in_at, created_by)
			values ($1, $2, $3, $4, true, $5, $6, $7, $8, $9) returning id`,
			officialID, day, n, ticket, name, topic, ses.Room, s.now(), actorID(ctx)).Scan(&id)
		if err != nil {
			return fmt.Errorf("insert walk-in: %w", err)
		}
		return audit.Record(ctx, tx, audit.Entry{Entity: "visit_queue", EntityID: id, Action: "walk_in",
			Summary: fmt.Sprintf("Bez pieraksta, biļete %s", ticket)})
	})
	if err != nil {
		return Ticket{}, err
	}
	return s.Ticket(ctx, id)
}

// CallNext calls official's next waiting ticket of today: it goes on the
// board as called, and its booking (if any) becomes with_official. The
// ticket called before it leaves the board as with_official: that person
// went in. The counter row is locked first, so two "call next" at once, or a
// call during a check-in, take turns. ErrQueueEmpty when nobody waits.
func (s *Store) CallNext(ctx context.Context, officialID int64) (Ticket, error) {
	var id int64
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		day := s.today()
		var one int
		err := tx.QueryRow(ctx, `select 1 from visit_queue_counters where official_id = $1 and day = $2 for update`, officialID, day).Scan(&one)
		if errors.Is(err, pgx.ErrNoRows) {
			return ErrQueueEmpty
		} else if err != nil {
			return err
		}
		var bookingID *int64
		var ticket string
		err = tx.QueryRow(ctx, `
			select q.id, q.booking_id, q.ticket from visit_queue q left join visit_bookings b on b.id = q.booking_id
			where q.official_id = $1 and q.day = $2 and q.state = 'waiting'
			order by coalesce(lower(b.slot), q.checked_in_at), q.number limit 1`, officialID, day).Scan(&id, &bookingID, &ticket)
		if errors.Is(err, pgx.ErrNoRows) {
			return ErrQueueEmpty
		} else if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `
			update visit_queue set state = 'with_official', version = version + 1, updated_at = now()
			where official_id = $1 and day = $2 and state = 'called'`, officialID, day); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `
			update visit_queue set state = 'called', called_at = $2, version = version + 1, updated_at = now()
			where id = $1`, id, s.now()); err != nil {
			return err
		}
		if bookingID != nil {
			b, err := lockBooking(ctx, tx, *bookingID)
			if err != nil {
				return err
			}
			if b.State == Arrived {
				if err := setBookingState(ctx, tx, b.ID, WithOfficial, "state", ticket); err != nil {
					return err
				}
			}
		}
		return audit.Record(ctx, tx, audit.Entry{Entity: "visit_queue", EntityID: id, Action: "call",
			Summary: fmt.Sprintf("Aicināta biļete %s", ticket)})
	})
	if err != nil {
		return Ticket{}, err
	}
	return s.Ticket(ctx, id)
}

// lockTicket reads a ticket for update and checks its version.
func lockTicket(ctx context.Context, tx pgx.Tx, id int64, version int) (state QueueState, ticket string, bookingID *int64, err error) {
	var v int
	err = tx.QueryRow(ctx, `select state, ticket, booking_id, version from visit_queue where id = $1 for update`, id).
		Scan(&state, &ticket, &bookingID, &v)
	if errors.Is(err, pgx.ErrNoRows) {
		return state, ticket, nil, ErrNotFound
	}
	if err == nil && version != 0 && v != version {
		err = ErrStale
	}
	return state, ticket, bookingID, err
}

// RecordOutcome closes a ticket that was called: the conversation's outcome
// in a line, and whether the visitor left a written submission to register.
// Its booking becomes done, with the outcome on its history.
func (s *Store) RecordOutcome(ctx context.Context, ticketID int64, version int, outcome string, written bool) error {
	if outcome == "" {
		return ErrNoReason
	}
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		state, ticket, bookingID, err := lockTicket(ctx, tx, ticketID, version)
		if err != nil {
			return err
		}
		if state != QCalled && state != QWithOfficial {
			return ErrState
		}
		if _, err := tx.Exec(ctx, `
			update visit_queue set state = 'done', outcome = $2, written = $3, done_at = $4,
			       version = version + 1, updated_at = now()
			where id = $1`, ticketID, outcome, written, s.now()); err != nil {
			return err
		}
		if bookingID != nil {
			if _, err := lockBooking(ctx, tx, *bookingID); err != nil {
				return err
			}
			if err := setBookingState(ctx, tx, *bookingID, Done, "state", outcome); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, audit.Entry{Entity: "visit_queue", EntityID: ticketID, Action: "outcome",
			Summary: fmt.Sprintf("Biļete %s (#%d): ierakstīts sarunas iznākums", ticket, ticketID)})
	})
}

// Leave takes a waiting or called ticket off the queue: the person went
// away. Their booking becomes a no-show, with the reason on its history.
func (s *Store) Leave(ctx context.Context, ticketID int64, version int) error {
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		state, ticket, bookingID, err := lockTicket(ctx, tx, ticketID, version)
		if err != nil {
			return err
		}
		if state != QWaiting && state != QCalled {
			return ErrState
		}
		if _, err := tx.Exec(ctx, `
			update visit_queue set state = 'left', done_at = $2, version = version + 1, updated_at = now()
			where id = $1`, ticketID, s.now()); err != nil {
			return err
		}
		if bookingID != nil {
			if _, err := lockBooking(ctx, tx, *bookingID); err != nil {
				return err
			}
			note := i18n.T(i18n.WithLocale(ctx, "lv"), "visitors.queue.note_left", ticket)
			if err := setBookingState(ctx, tx, *bookingID, NoShow, "state", note); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, audit.Entry{Entity: "visit_queue", EntityID: ticketID, Action: "left",
			Summary: fmt.Sprintf("Biļete %s: aizgāja", ticket)})
	})
}

// BoardTicket is what the waiting room may see of a ticket: its number and
// room, and nothing about the person.
type BoardTicket struct {
	Ticket string `db:"ticket"`
	Room   string `db:"room"`
}

// Board is the waiting-room display.
type Board struct {
	Called  []BoardTicket // newest call first
	Waiting []BoardTicket // in the order they will be called
}

// BoardWaiting is how many waiting tickets the board shows.
const BoardWaiting = 8

// Board reads today's display, of one official or (0) of all. It selects
// only ticket numbers and rooms, so no name can reach the screen.
func (s *Store) Board(ctx context.Context, officialID int64) (Board, error) {
	var b Board
	day := s.today()
	rows, _ := s.pool.Query(ctx, `
		select ticket, room from visit_queue
		where day = $1 and ($2 = 0 or official_id = $2) and state = 'called'
		order by called_at desc, id desc`, day, officialID)
	var err error
	if b.Called, err = pgx.CollectRows(rows, pgx.RowToStructByName[BoardTicket]); err != nil {
		return b, err
	}
	rows, _ = s.pool.Query(ctx, `
		select q.ticket, q.room from visit_queue q left join visit_bookings b on b.id = q.booking_id
		where q.day = $1 and ($2 = 0 or q.official_id = $2) and q.state = 'waiting'
		order by coalesce(lower(b.slot), q.checked_in_at), q.number limit $3`, day, officialID, BoardWaiting)
	b.Waiting, err = pgx.CollectRows(rows, pgx.RowToStructByName[BoardTicket])
	return b, err
}

// Cancel cancels a booked visit at the visitor's or the office's request;
// the slot is free again at once (the database's exclusion skips cancelled
// bookings).
func (s *Store) Cancel(ctx context.Context, bookingID int64, version int, reason string) error {
	if reason == "" {
		return ErrNoReason
	}
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		b, err := lockBooking(ctx, tx, bookingID)
		if err != nil {
			return err
		}
		switch {
		case version != 0 && b.Version != version:
			return ErrStale
		case b.State != Booked:
			return ErrState
		}
		if err := setBookingState(ctx, tx, b.ID, Cancelled, "cancelled", reason); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Entity: "booking", EntityID: b.ID, Action: "cancel",
			Summary: fmt.Sprintf("Atcelts pieraksts #%d %s (iemesls pieraksta vēsturē)", b.ID, i18n.DateTime(b.Start))})
	})
}

// NoShow marks a booked visitor who did not come, once their time has begun.
func (s *Store) NoShow(ctx context.Context, bookingID int64, version int, reason string) error {
	if reason == "" {
		return ErrNoReason
	}
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		b, err := lockBooking(ctx, tx, bookingID)
		if err != nil {
			return err
		}
		switch {
		case version != 0 && b.Version != version:
			return ErrStale
		case b.State != Booked:
			return ErrState
		case s.now().Before(b.Start):
			return ErrNotYet
		}
		if err := setBookingState(ctx, tx, b.ID, NoShow, "state", reason); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Entity: "booking", EntityID: b.ID, Action: "no_show",
			Summary: fmt.Sprintf("Neieradās uz pierakstu #%d %s (iemesls pieraksta vēsturē)", b.ID, i18n.DateTime(b.Start))})
	})
}

// Move moves a booked visit to another slot of the same official in one
// statement: the row's range changes, so the old slot is free and the new one
// taken at the same instant, and the exclusion constraint still refuses a
// slot someone else holds (ErrSlotTaken). The visitor is told by e-mail
// where they gave one. Other refusals as Book's: ErrPast, ErrNoSession,
// ErrCancelled, ErrHoliday.
func (s *Store) Move(ctx context.Context, bookingID int64, version int, start time.Time, reason string) error {
	if reason == "" {
		return ErrNoReason
	}
	if !start.After(s.now()) {
		return ErrPast
	}
	cal, err := s.Calendar(ctx)
	if err != nil {
		return err
	}
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		b, err := lockBooking(ctx, tx, bookingID)
		if err != nil {
			return err
		}
		switch {
		case version != 0 && b.Version != version:
			return ErrStale
		case b.State != Booked:
			return ErrState
		}
		o, err := official(ctx, tx, b.OfficialID)
		if err != nil {
			return err
		}
		sch, err := schedule(ctx, tx, o.ID, start)
		if err != nil {
			return err
		}
		slot, err := sch.Locate(cal, o.ID, start)
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `
			update visit_bookings set slot = tstzrange($2, $3, '[)'), room = $4, version = version + 1, updated_at = now()
			where id = $1`, b.ID, slot.Start, slot.End, slot.Room)
		if err != nil {
			if pgErr, ok := errors.AsType[*pgconn.PgError](err); ok && pgErr.Code == "23P01" {
				return ErrSlotTaken
			}
			return fmt.Errorf("move booking: %w", err)
		}
		lv := i18n.WithLocale(ctx, "lv")
		note := i18n.T(lv, "visitors.queue.note_moved", i18n.M{"from": i18n.DateTime(b.Start), "to": i18n.DateTime(slot.Start), "reason": reason})
		if err := addEvent(ctx, tx, b.ID, "moved", Booked, note); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, audit.Entry{Entity: "booking", EntityID: b.ID, Action: "move",
			Summary: fmt.Sprintf("Pārcelts pieraksts #%d no %s uz %s (iemesls pieraksta vēsturē)", b.ID,
				i18n.DateTime(b.Start), i18n.DateTime(slot.Start))}); err != nil {
			return err
		}
		if b.Email != "" && s.jobs != nil {
			if _, err := mail.Enqueue(ctx, tx, s.jobs, visitorNotice(b, o, "moved", slot.Start, slot.Room, reason)); err != nil {
				return err
			}
		}
		return nil
	})
}

// visitorNotice is a mail about a change to the visitor's booking, in
// Latvian unless they chose English. kind is "moved" or "session_cancelled".
func visitorNotice(b lockedBooking, o Official, kind string, at time.Time, room, reason string) mail.Message {
	lang := "lv"
	if b.Language == "en" {
		lang = "en"
	}
	ctx := i18n.WithLocale(context.Background(), lang)
	args := i18n.M{
		"name": b.Name, "official": o.Name, "position": o.Position,
		"date": i18n.LongDate(ctx, at), "time": at.In(i18n.Riga).Format("15:04"),
		"room": room, "topic": b.Topic, "reason": reason,
	}
	return mail.Message{
		To: b.Email, ToName: b.Name,
		Subject:  i18n.T(ctx, "visitors.queue.mail_"+kind+"_subject", args),
		Body:     i18n.T(ctx, "visitors.queue.mail_"+kind+"_body", args),
		Entity:   "booking",
		EntityID: b.ID,
	}
}

// CancelSession cancels official's reception on the date of day with a
// reason, and with it every booking of that day not yet received (booked,
// or arrived and waiting): each gets the reason on its history, and a mail
// where the visitor gave an address. The clerk calls the others from the
// list DayCancellation gives. A date already cancelled keeps its first
// reason, and its remaining bookings are cancelled now. It returns the
// cancellation's id.
func (s *Store) CancelSession(ctx context.Context, officialID int64, day time.Time, reason string) (int64, error) {
	if reason == "" {
		return 0, ErrNoReason
	}
	d := calendar.DateOf(day)
	if d.Before(s.today()) {
		return 0, ErrPast
	}
	var id int64
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		o, err := official(ctx, tx, officialID)
		if err != nil {
			return err
		}
		err = tx.QueryRow(ctx, `select id, reason from visit_cancellations where official_id = $1 and day = $2 for update`, o.ID, d).Scan(&id, &reason)
		if errors.Is(err, pgx.ErrNoRows) {
			if id, err = InsertCancellation(ctx, tx, Cancellation{OfficialID: o.ID, Day: d, Reason: reason}); err != nil {
				return err
			}
		} else if err != nil {
			return err
		}
		return s.cancelDayBookings(ctx, tx, o, d, reason)
	})
	return id, err
}

// CancelBookingsOf cancels, and notifies, the bookings still live on a date
// whose reception was cancelled (as CancelSession does), for a cancellation
// entered on the reception-hours page.
func (s *Store) CancelBookingsOf(ctx context.Context, cancellationID int64) error {
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		var officialID int64
		var d time.Time
		var reason string
		err := tx.QueryRow(ctx, `select official_id, day, reason from visit_cancellations where id = $1 for update`, cancellationID).
			Scan(&officialID, &d, &reason)
		if errors.Is(err, pgx.ErrNoRows) {
			return ErrNotFound
		} else if err != nil {
			return err
		}
		rows, _ := tx.Query(ctx, `select `+officialColumns+` from visit_officials where id = $1`, officialID)
		o, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[Official])
		if err != nil {
			return err
		}
		return s.cancelDayBookings(ctx, tx, o, d, reason)
	})
}

func (s *Store) cancelDayBookings(ctx context.Context, tx pgx.Tx, o Official, d time.Time, reason string) error {
	from, to := calendar.DayBounds(d)
	rows, _ := tx.Query(ctx, `
		select id from visit_bookings
		where official_id = $1 and state in ('booked', 'arrived') and lower(slot) >= $2 and lower(slot) < $3
		order by lower(slot) for update`, o.ID, from, to)
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return err
	}
	note := dayCancelledNote(ctx, reason)
	for _, bid := range ids {
		b, err := lockBooking(ctx, tx, bid)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `
			update visit_queue set state = 'left', done_at = $2, version = version + 1, updated_at = now()
			where booking_id = $1 and state = 'waiting'`, b.ID, s.now()); err != nil {
			return err
		}
		if err := setBookingState(ctx, tx, b.ID, Cancelled, "cancelled", note); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, audit.Entry{Entity: "booking", EntityID: b.ID, Action: "cancel",
			Summary: fmt.Sprintf("Atcelts pieraksts #%d %s: %s", b.ID, i18n.DateTime(b.Start), note)}); err != nil {
			return err
		}
		if b.Email != "" && s.jobs != nil {
			if _, err := mail.Enqueue(ctx, tx, s.jobs, visitorNotice(b, o, "session_cancelled", b.Start, b.Room, reason)); err != nil {
				return err
			}
		}
	}
	return nil
}

// dayCancelledNote is the history note of a booking cancelled with its day;
// the call list finds the bookings by it.
func dayCancelledNote(ctx context.Context, reason string) string {
	return i18n.T(i18n.WithLocale(ctx, "lv"), "visitors.queue.note_day_cancelled", reason)
}

// CallRow is one visitor of a cancelled day, for the clerk to call.
type CallRow struct {
	BookingID int64     `db:"id"`
	Start     time.Time `db:"start_at"`
	Name      string    `db:"visitor_name"`
	Phone     string    `db:"phone"`
	Email     string    `db:"email"`
	Language  string    `db:"language"`
	// Mailed is the status of the notice mail ("pending", "sent",
	// "failed"), or "" when none went out.
	Mailed string `db:"mailed"`
}

// DayCancelled is a cancelled day with the visitors to call.
type DayCancelled struct {
	Cancellation Cancellation
	Official     Official
	Calls        []CallRow // the bookings cancelled with the day
	Live         int       // bookings of the day still live: cancelled elsewhere, not yet told
}

// DayCancellation reads a cancelled day and the bookings it cancelled.
func (s *Store) DayCancellation(ctx context.Context, id int64) (DayCancelled, error) {
	var v DayCancelled
	c := &v.Cancellation
	err := s.pool.QueryRow(ctx, `select id, official_id, day, reason from visit_cancellations where id = $1`, id).
		Scan(&c.ID, &c.OfficialID, &c.Day, &c.Reason)
	if errors.Is(err, pgx.ErrNoRows) {
		return v, ErrNotFound
	} else if err != nil {
		return v, err
	}
	rows, _ := s.pool.Query(ctx, `select `+officialColumns+` from visit_officials where id = $1`, c.OfficialID)
	if v.Official, err = pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[Official]); err != nil {
		return v, err
	}
	from, to := calendar.DayBounds(c.Day)
	rows, _ = s.pool.Query(ctx, `
		select b.id, lower(b.slot) as start_at, b.visitor_name, b.phone, b.email, b.language,
		       coalesce((select m.status from mail_outbox m where m.entity = 'booking' and m.entity_id = b.id::text
		                 order by m.id desc limit 1), '') as mailed
		from visit_bookings b
		where b.official_id = $1 and b.state = 'cancelled' and lower(b.slot) >= $2 and lower(b.slot) < $3
		  and exists (select 1 from visit_booking_events e where e.booking_id = b.id and e.action = 'cancelled' and e.note = $4)
		order by lower(b.slot), b.id`,
		c.OfficialID, from, to, dayCancelledNote(ctx, c.Reason))
	if v.Calls, err = pgx.CollectRows(rows, pgx.RowToStructByName[CallRow]); err != nil {
		return v, err
	}
	err = s.pool.QueryRow(ctx, `select count(*) from visit_bookings
		where official_id = $1 and state in ('booked', 'arrived') and lower(slot) >= $2 and lower(slot) < $3`,
		c.OfficialID, from, to).Scan(&v.Live)
	return v, err
}
