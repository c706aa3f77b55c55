package visitors

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/audit"
	"github.com/daugavpils/prdesk/internal/calendar"
	"github.com/daugavpils/prdesk/internal/db"
	"github.com/daugavpils/prdesk/internal/drafts"
	"github.com/daugavpils/prdesk/internal/errs"
	"github.com/daugavpils/prdesk/internal/i18n"
)

// The reception day's queue: check-in, walk-ins, calls, calls again,
// outcomes, a visitor who went away, a ticket handed to another official,
// and the board. Every step that changes an entry is kept with what it
// changed (store_steps.go), so that the person who took it may undo it.

const ticketColumns = `q.id, q.official_id, o.name as official_name, q.day, q.number, q.ticket, q.booking_id, q.walk_in,
	coalesce(b.visitor_name, q.visitor_name) as visitor_name, coalesce(b.phone, '') as phone,
	coalesce(b.email, '') as email, coalesce(b.person_code, '') as person_code,
	coalesce(b.topic, q.topic) as topic, lower(b.slot) as slot_start, q.state, q.room, q.outcome, q.written,
	q.checked_in_at, q.called_at, q.done_at, q.recalled_at, q.transferred_from, q.version`

const ticketFrom = `visit_queue q join visit_officials o on o.id = q.official_id
	left join visit_bookings b on b.id = q.booking_id`

// Queue lists the tickets of day, in the order they are called: a booked
// visitor is due at their slot's start, a walk-in when they checked in;
// equal times go by ticket number. officialID 0 lists every official's.
func (s *Store) Queue(ctx context.Context, day time.Time, officialID int64) ([]Ticket, error) {
	rows, _ := s.pool.Query(ctx, `select `+ticketColumns+` from `+ticketFrom+`
		where q.day = $1 and ($2 = 0 or q.official_id = $2)
		order by o.name, coalesce(lower(b.slot), q.checked_in_at), q.number`, calendar.DateOf(day), officialID)
	return pgx.CollectRows(rows, pgx.RowToStructByName[Ticket])
}

// QueueDigest identifies the state of day's queue and bookings: it changes
// with every ticket and booking of the day that is added or changed (each
// change moves a version on). The staff's queue page polls it, and is
// drawn again only when it changed.
func (s *Store) QueueDigest(ctx context.Context, day time.Time) (string, error) {
	d := calendar.DateOf(day)
	from, to := calendar.DayBounds(d)
	var tn, tv, tid, bn, bv, bid int64
	err := s.pool.QueryRow(ctx, `
		select (select count(*) from visit_queue where day = $1),
		       (select coalesce(sum(version), 0) from visit_queue where day = $1),
		       (select coalesce(max(id), 0) from visit_queue where day = $1),
		       count(*), coalesce(sum(version), 0), coalesce(max(id), 0)
		from visit_bookings where lower(slot) >= $2 and lower(slot) < $3`, d, from, to).Scan(&tn, &tv, &tid, &bn, &bv, &bid)
	return fmt.Sprintf("%x.%x.%x.%x.%x.%x", tn, tv, tid, bn, bv, bid), err
}

// Ticket reads one ticket.
func (s *Store) Ticket(ctx context.Context, id int64) (Ticket, error) {
	return ticket(ctx, s.pool, id)
}

func ticket(ctx context.Context, q db.Querier, id int64) (Ticket, error) {
	rows, _ := q.Query(ctx, `select `+ticketColumns+` from `+ticketFrom+` where q.id = $1`, id)
	t, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[Ticket])
	return t, db.NotFound(err, fmt.Sprintf("visitors: ticket %d", id))
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
	return b, db.NotFound(err, fmt.Sprintf("visitors: booking %d", id))
}

// setBookingState moves a locked booking to state, with its history line,
// for a step the system takes (a call, a cancelled day) whatever form was
// drawn meanwhile. It returns the booking's new version.
func setBookingState(ctx context.Context, tx pgx.Tx, id int64, state State, action, note string) (int, error) {
	var v int
	if err := tx.QueryRow(ctx, `update visit_bookings set state = $2, version = version + 1, updated_at = now() where id = $1 returning version`,
		id, state).Scan(&v); err != nil {
		return 0, fmt.Errorf("visitors: booking %d to %s: %w", id, state, err)
	}
	return v, addEvent(ctx, tx, id, action, state, note)
}

// stepBooking is setBookingState for a step a person takes on a form drawn
// at version: a booking changed since, or a form without its version, is a
// conflict.
func stepBooking(ctx context.Context, tx pgx.Tx, id int64, version int, state State, action, note string) (int, error) {
	var v int
	err := tx.QueryRow(ctx, `
		update visit_bookings set state = $2, version = version + 1, updated_at = now()
		where id = $1 and version = $3 returning version`, id, state, version).Scan(&v)
	if err != nil {
		return 0, fmt.Errorf("visitors: booking %d to %s: %w", id, state, versionedRow(err, "booking"))
	}
	return v, addEvent(ctx, tx, id, action, state, note)
}

// lockedTicket is a ticket row held for update, with the visitor's name
// and topic (the booking's, or the walk-in's own).
type lockedTicket struct {
	ticketSnap
	Day         time.Time
	BookingID   *int64
	CheckedInAt time.Time
	Name, Topic string
}

const lockedTicketColumns = `q.id, q.version, q.official_id, q.number, q.ticket, q.state, q.room, q.outcome, q.written,
	q.called_at, q.done_at, q.recalled_at, q.transferred_from, q.day, q.booking_id, q.checked_in_at,
	coalesce(b.visitor_name, q.visitor_name), coalesce(b.topic, q.topic)`

func scanLockedTicket(row pgx.Row) (lockedTicket, error) {
	var t lockedTicket
	err := row.Scan(&t.ID, &t.After, &t.OfficialID, &t.Number, &t.Ticket, &t.State, &t.Room, &t.Outcome, &t.Written,
		&t.CalledAt, &t.DoneAt, &t.RecalledAt, &t.TransferredFrom, &t.Day, &t.BookingID, &t.CheckedInAt, &t.Name, &t.Topic)
	return t, err
}

// lockTicket reads a ticket for update.
func lockTicket(ctx context.Context, tx pgx.Tx, id int64) (lockedTicket, error) {
	t, err := scanLockedTicket(tx.QueryRow(ctx, `select `+lockedTicketColumns+`
		from visit_queue q left join visit_bookings b on b.id = q.booking_id where q.id = $1 for update of q`, id))
	return t, db.NotFound(err, fmt.Sprintf("visitors: ticket %d", id))
}

// CheckIn gives a booked visitor who has come on their day a ticket in the
// official's queue; the booking becomes arrived. version is the booking's
// as the form showed it. A booking no longer booked is ErrState, one of
// another day ErrNotToday.
func (s *Store) CheckIn(ctx context.Context, bookingID int64, version int) (Ticket, error) {
	var id int64
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		b, err := lockBooking(ctx, tx, bookingID)
		if err != nil {
			return err
		}
		switch {
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
			b.OfficialID, day, n, ticket, b.ID, b.Room, s.now(), audit.ActorID(ctx)).Scan(&id)
		if err != nil {
			return fmt.Errorf("insert ticket: %w", err)
		}
		note := i18n.T(lv(ctx), "visitors.queue.note_ticket", ticket)
		bv, err := stepBooking(ctx, tx, b.ID, version, Arrived, "state", note)
		if err != nil {
			return err
		}
		err = s.recordStep(ctx, tx, step{
			official: b.OfficialID, day: day, ticketID: id, ticket: ticket, bookingID: b.ID, action: StepCheckIn,
			ticketVersion: 1, bookingVersion: bv,
			undo: undoData{Tickets: []ticketSnap{{ID: id, After: 1, New: true}}, Bookings: []bookingSnap{{ID: b.ID, After: bv, State: Booked}}},
		})
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, bookingRef(b.ID).entry("check_in", "ieradās uz pieņemšanu %s, biļete %s", i18n.DateTime(b.Start), ticket))
	})
	if err != nil {
		return Ticket{}, err
	}
	return s.Ticket(ctx, id)
}

// WalkIn puts a person without a booking in the queue of an official who is
// receiving now. name may be empty; topic may not. An official not
// receiving now is refused beside the form's official field.
func (s *Store) WalkIn(ctx context.Context, officialID int64, name, topic string) (Ticket, error) {
	if topic == "" {
		return Ticket{}, errs.Field("topic", "visitors.queue.walkin_form.topic_required")
	}
	var id int64
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := official(ctx, tx, officialID); err != nil {
			return err
		}
		ses, ok, err := s.sessionNow(ctx, tx, officialID)
		if err != nil {
			return err
		}
		if !ok {
			return errs.Field("official", "visitors.queue.err_not_receiving")
		}
		day := s.today()
		n, ticket, err := nextTicket(ctx, tx, officialID, day)
		if err != nil {
			return err
		}
		err = tx.QueryRow(ctx, `
			insert into visit_queue (official_id, day, number, ticket, walk_in, visitor_name, topic, room, checked_in_at, created_by)
			values ($1, $2, $3, $4, true, $5, $6, $7, $8, $9) returning id`,
			officialID, day, n, ticket, name, topic, ses.Room, s.now(), audit.ActorID(ctx)).Scan(&id)
		if err != nil {
			return fmt.Errorf("insert walk-in: %w", err)
		}
		err = s.recordStep(ctx, tx, step{
			official: officialID, day: day, ticketID: id, ticket: ticket, action: StepCheckIn, ticketVersion: 1,
			undo: undoData{Tickets: []ticketSnap{{ID: id, After: 1, New: true}}},
		})
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, ticketRef(id, ticket).entry("walk_in", "bez pieraksta"))
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
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		day := s.today()
		var one int
		err := tx.QueryRow(ctx, `select 1 from visit_queue_counters where official_id = $1 and day = $2 for update`, officialID, day).Scan(&one)
		if errors.Is(err, pgx.ErrNoRows) {
			return ErrQueueEmpty
		} else if err != nil {
			return err
		}
		err = tx.QueryRow(ctx, `
			select q.id from visit_queue q left join visit_bookings b on b.id = q.booking_id
			where q.official_id = $1 and q.day = $2 and q.state = 'waiting'
			order by coalesce(lower(b.slot), q.checked_in_at), q.number limit 1`, officialID, day).Scan(&id)
		if errors.Is(err, pgx.ErrNoRows) {
			return ErrQueueEmpty
		} else if err != nil {
			return err
		}
		var undo undoData
		// The one called before went in.
		rows, _ := tx.Query(ctx, `select `+lockedTicketColumns+`
			from visit_queue q left join visit_bookings b on b.id = q.booking_id
			where q.official_id = $1 and q.day = $2 and q.state = 'called' order by q.id for update of q`, officialID, day)
		before, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (lockedTicket, error) { return scanLockedTicket(row) })
		if err != nil {
			return err
		}
		for _, p := range before {
			snap := p.ticketSnap
			if err := tx.QueryRow(ctx, `
				update visit_queue set state = 'with_official', version = version + 1, updated_at = now()
				where id = $1 returning version`, p.ID).Scan(&snap.After); err != nil {
				return err
			}
			undo.Tickets = append(undo.Tickets, snap)
		}
		t, err := lockTicket(ctx, tx, id)
		if err != nil {
			return err
		}
		snap := t.ticketSnap
		if err := tx.QueryRow(ctx, `
			update visit_queue set state = 'called', called_at = $2, recalled_at = null, version = version + 1, updated_at = now()
			where id = $1 returning version`, id, s.now()).Scan(&snap.After); err != nil {
			return err
		}
		undo.Tickets = append(undo.Tickets, snap)
		st := step{official: officialID, day: day, ticketID: id, ticket: t.Ticket, action: StepCall, ticketVersion: snap.After}
		if t.BookingID != nil {
			b, err := lockBooking(ctx, tx, *t.BookingID)
			if err != nil {
				return err
			}
			st.bookingID = b.ID
			if b.State == Arrived {
				bv, err := setBookingState(ctx, tx, b.ID, WithOfficial, "state", t.Ticket)
				if err != nil {
					return err
				}
				st.bookingVersion = bv
				undo.Bookings = append(undo.Bookings, bookingSnap{ID: b.ID, After: bv, State: Arrived})
			}
		}
		st.undo = undo
		if err := s.recordStep(ctx, tx, st); err != nil {
			return err
		}
		return audit.Record(ctx, tx, ticketRef(id, t.Ticket).entry("call", "aicināta"))
	})
	if err != nil {
		return Ticket{}, err
	}
	return s.Ticket(ctx, id)
}

// Recall calls a called ticket again, for a visitor who did not hear the
// first call: it goes to the top of the board, which announces it anew.
// version is the ticket's as the form showed it; a ticket not called (or
// already gone in) is ErrState.
func (s *Store) Recall(ctx context.Context, ticketID int64, version int) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		t, err := lockTicket(ctx, tx, ticketID)
		if err != nil {
			return err
		}
		if t.State != QCalled {
			return ErrState
		}
		if err := db.Versioned(tx.Exec(ctx, `
			update visit_queue set recalled_at = $3, version = version + 1, updated_at = now()
			where id = $1 and version = $2`, ticketID, version, s.now())); err != nil {
			return fmt.Errorf("visitors: recall ticket %d: %w", ticketID, err)
		}
		return audit.Record(ctx, tx, ticketRef(ticketID, t.Ticket).entry("recall", "aicināta atkārtoti"))
	})
}

// RecordOutcome closes a ticket that was called: the conversation's outcome
// in a line, and whether the visitor left a written submission to register.
// Its booking becomes done, with the outcome on its history, and the visit
// goes into the visitor log (one visit, one row: the clerk does not type it
// again). version is the ticket's as the form showed it; a ticket not
// called is ErrState.
func (s *Store) RecordOutcome(ctx context.Context, ticketID int64, version int, outcome string, written bool) error {
	if outcome == "" {
		return errs.Field("outcome", "visitors.queue.outcome_required")
	}
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		t, err := lockTicket(ctx, tx, ticketID)
		if err != nil {
			return err
		}
		if t.State != QCalled && t.State != QWithOfficial {
			return ErrState
		}
		now := s.now()
		snap := t.ticketSnap
		err = tx.QueryRow(ctx, `
			update visit_queue set state = 'done', outcome = $3, written = $4, done_at = $5,
			       version = version + 1, updated_at = now()
			where id = $1 and version = $2 returning version`, ticketID, version, outcome, written, now).Scan(&snap.After)
		if err != nil {
			return fmt.Errorf("visitors: outcome of ticket %d: %w", ticketID, versionedRow(err, "ticket"))
		}
		undo := undoData{Tickets: []ticketSnap{snap}}
		st := step{official: t.OfficialID, day: t.Day, ticketID: t.ID, ticket: t.Ticket, action: StepOutcome, ticketVersion: snap.After}
		if t.BookingID != nil {
			b, err := lockBooking(ctx, tx, *t.BookingID)
			if err != nil {
				return err
			}
			bv, err := setBookingState(ctx, tx, b.ID, Done, "state", outcome)
			if err != nil {
				return err
			}
			st.bookingID, st.bookingVersion = b.ID, bv
			undo.Bookings = append(undo.Bookings, bookingSnap{ID: b.ID, After: bv, State: b.State})
		}
		official := t.OfficialID
		purpose := t.Topic
		if purpose == "" {
			purpose = i18n.T(lv(ctx), "visitors.log.reception")
		}
		var booking *int64
		if t.BookingID != nil {
			booking = t.BookingID
		}
		if undo.LogID, err = insertLog(ctx, tx, logRow{
			CameAt: t.CheckedInAt, LeftAt: &now, PersonName: t.Name, OfficialID: &official, Purpose: purpose,
			BookingID: booking, QueueID: &t.ID,
		}); err != nil {
			return err
		}
		st.undo = undo
		if err := s.recordStep(ctx, tx, st); err != nil {
			return err
		}
		return audit.Record(ctx, tx, ticketRef(ticketID, t.Ticket).entry("outcome", "ierakstīts sarunas iznākums; apmeklējums žurnālā #%d", undo.LogID))
	})
}

// Leave takes a waiting or called ticket off the queue: the person went
// away without being received. Their booking becomes left (aizgāja
// neapkalpots), not a no-show: they came. version is the ticket's as the
// form showed it; a ticket neither waiting nor called is ErrState.
func (s *Store) Leave(ctx context.Context, ticketID int64, version int) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		t, err := lockTicket(ctx, tx, ticketID)
		if err != nil {
			return err
		}
		if t.State != QWaiting && t.State != QCalled {
			return ErrState
		}
		snap := t.ticketSnap
		err = tx.QueryRow(ctx, `
			update visit_queue set state = 'left', done_at = $3, version = version + 1, updated_at = now()
			where id = $1 and version = $2 returning version`, ticketID, version, s.now()).Scan(&snap.After)
		if err != nil {
			return fmt.Errorf("visitors: ticket %d left: %w", ticketID, versionedRow(err, "ticket"))
		}
		undo := undoData{Tickets: []ticketSnap{snap}}
		st := step{official: t.OfficialID, day: t.Day, ticketID: t.ID, ticket: t.Ticket, action: StepLeft, ticketVersion: snap.After}
		if t.BookingID != nil {
			b, err := lockBooking(ctx, tx, *t.BookingID)
			if err != nil {
				return err
			}
			note := i18n.T(lv(ctx), "visitors.queue.note_left", t.Ticket)
			bv, err := setBookingState(ctx, tx, b.ID, Left, "state", note)
			if err != nil {
				return err
			}
			st.bookingID, st.bookingVersion = b.ID, bv
			undo.Bookings = append(undo.Bookings, bookingSnap{ID: b.ID, After: bv, State: b.State})
		}
		st.undo = undo
		if err := s.recordStep(ctx, tx, st); err != nil {
			return err
		}
		return audit.Record(ctx, tx, ticketRef(ticketID, t.Ticket).entry("left", "aizgāja neapkalpots"))
	})
}

// Transfer hands a waiting or called ticket to another official who
// receives today: it takes the next number of their queue (the board shows
// the old one beside it), waits there in its turn, and goes to their room.
// A called visitor's booking is back to arrived. version is the ticket's as
// the form showed it; the refusals are beside the form's official field.
func (s *Store) Transfer(ctx context.Context, ticketID int64, version int, toOfficial int64) (Ticket, error) {
	const field = "official"
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		t, err := lockTicket(ctx, tx, ticketID)
		if err != nil {
			return err
		}
		if t.State != QWaiting && t.State != QCalled {
			return ErrState
		}
		if toOfficial == t.OfficialID {
			return errs.Field(field, "visitors.transfer.err_same")
		}
		to, err := official(ctx, tx, toOfficial)
		if err != nil {
			return err
		}
		now := s.now()
		day := s.today()
		sessions, err := s.sessions(ctx, tx, to.ID, now, now)
		if err != nil {
			return err
		}
		room := ""
		for _, ses := range sessions {
			if ses.OfficialID == to.ID && ses.End.After(now) {
				room = ses.Room
				break
			}
		}
		if room == "" {
			return errs.Field(field, "visitors.transfer.err_no_session")
		}
		n, label, err := nextTicket(ctx, tx, to.ID, day)
		if err != nil {
			return err
		}
		snap := t.ticketSnap
		err = tx.QueryRow(ctx, `
			update visit_queue set official_id = $3, number = $4, ticket = $5, room = $6, state = 'waiting',
			       called_at = null, recalled_at = null, transferred_from = $7, version = version + 1, updated_at = now()
			where id = $1 and version = $2 returning version`,
			ticketID, version, to.ID, n, label, room, t.Ticket).Scan(&snap.After)
		if err != nil {
			return staleAt(field, fmt.Errorf("visitors: transfer ticket %d: %w", ticketID, versionedRow(err, "ticket")))
		}
		undo := undoData{Tickets: []ticketSnap{snap}}
		st := step{official: to.ID, day: day, ticketID: t.ID, ticket: label, action: StepTransfer, ticketVersion: snap.After}
		if t.BookingID != nil {
			b, err := lockBooking(ctx, tx, *t.BookingID)
			if err != nil {
				return err
			}
			st.bookingID = b.ID
			note := i18n.T(lv(ctx), "visitors.transfer.note", i18n.M{"official": to.Name, "from": t.Ticket, "to": label})
			if b.State == WithOfficial {
				bv, err := setBookingState(ctx, tx, b.ID, Arrived, "transferred", note)
				if err != nil {
					return err
				}
				st.bookingVersion = bv
				undo.Bookings = append(undo.Bookings, bookingSnap{ID: b.ID, After: bv, State: b.State})
			} else if err := addEvent(ctx, tx, b.ID, "transferred", b.State, note); err != nil {
				return err
			}
		}
		st.undo = undo
		if err := s.recordStep(ctx, tx, st); err != nil {
			return err
		}
		return audit.Record(ctx, tx, ticketRef(ticketID, label).entry("transfer", "nodota amatpersonai #%d; iepriekšējais numurs %s", to.ID, t.Ticket))
	})
	if err != nil {
		return Ticket{}, err
	}
	return s.Ticket(ctx, ticketID)
}

// Board reads today's display, of one official or (0) of all, in one round
// trip: the called tickets, newest call first; the next BoardWaiting to be
// called, each with its expected wait (ExpectedWait). It selects only
// ticket numbers, rooms and times, so no name can reach the screen.
func (s *Store) Board(ctx context.Context, officialID int64) (Board, error) {
	bd := Board{Now: s.now()}
	day := s.today()
	type waiting struct {
		BoardTicket
		Official int64 `db:"official_id"`
		Pos      int   `db:"pos"`
	}
	var ws []waiting
	mean := map[int64]time.Duration{}
	busy := map[int64]bool{}
	var b pgx.Batch
	b.Queue(`
		select ticket, room, recalled_at is not null as recalled, transferred_from, coalesce(recalled_at, called_at) as called
		from visit_queue
		where day = $1 and ($2 = 0 or official_id = $2) and state = 'called'
		order by coalesce(recalled_at, called_at) desc, id desc`, day, officialID).Query(func(rows pgx.Rows) error {
		var err error
		bd.Called, err = pgx.CollectRows(rows, pgx.RowToStructByNameLax[BoardTicket])
		return err
	})
	b.Queue(`
		select ticket, room, recalled, transferred_from, official_id, pos, null::timestamptz as called from (
			select q.ticket, q.room, false as recalled, q.transferred_from, q.official_id,
			       row_number() over (partition by q.official_id order by coalesce(lower(b.slot), q.checked_in_at), q.number)::int as pos,
			       coalesce(lower(b.slot), q.checked_in_at) as due, q.number
			from visit_queue q left join visit_bookings b on b.id = q.booking_id
			where q.day = $1 and ($2 = 0 or q.official_id = $2) and q.state = 'waiting'
		) w order by due, number limit $3`, day, officialID, BoardWaiting).Query(func(rows pgx.Rows) error {
		var err error
		ws, err = pgx.CollectRows(rows, pgx.RowToStructByNameLax[waiting])
		return err
	})
	// The mean length of each official's latest receptions of the day, and
	// who is with an official now.
	b.Queue(`
		select official_id, extract(epoch from avg(done_at - called_at))::float8 from (
			select official_id, called_at, done_at,
			       row_number() over (partition by official_id order by done_at desc) as n
			from visit_queue where day = $1 and ($2 = 0 or official_id = $2) and state = 'done' and called_at is not null
		) d where n <= $3 group by official_id`, day, officialID, ServiceSample).Query(func(rows pgx.Rows) error {
		var id int64
		var secs float64
		_, err := pgx.ForEachRow(rows, []any{&id, &secs}, func() error {
			mean[id] = time.Duration(secs * float64(time.Second))
			return nil
		})
		return err
	})
	b.Queue(`
		select distinct official_id from visit_queue
		where day = $1 and ($2 = 0 or official_id = $2) and state in ('called', 'with_official')`, day, officialID).Query(func(rows pgx.Rows) error {
		var id int64
		_, err := pgx.ForEachRow(rows, []any{&id}, func() error {
			busy[id] = true
			return nil
		})
		return err
	})
	if err := s.pool.SendBatch(ctx, &b).Close(); err != nil {
		return bd, err
	}
	for _, w := range ws {
		t := w.BoardTicket
		t.Wait = ExpectedWait(w.Pos, busy[w.Official], mean[w.Official])
		bd.Waiting = append(bd.Waiting, t)
	}
	return bd, nil
}

// SubmissionDraft keeps the registry's registration form started with the
// details of a received visitor who left a written submission, as a draft
// on the server (drafts.Keep), and returns its key: the person's name,
// personal code and contacts never travel in an address. A ticket not
// received, or without a written submission, is ErrState.
func (s *Store) SubmissionDraft(ctx context.Context, ticketID int64) (string, error) {
	var key string
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		t, err := ticket(ctx, tx, ticketID)
		if err != nil {
			return err
		}
		if t.State != QDone || !t.Written {
			return ErrState
		}
		values := url.Values{
			"person_name": {t.VisitorName}, "person_phone": {t.Phone}, "person_email": {t.Email},
			"person_code": {t.PersonCode}, "channel": {"in_person"}, "subject": {t.Topic},
		}
		if key, err = drafts.Keep(ctx, tx, "petitions.register", values, s.now()); err != nil {
			return err
		}
		return audit.Record(ctx, tx, ticketRef(t.ID, t.Ticket).entry("submission_draft",
			"iesnieguma reģistrācijas veidlapa sagatavota ar apmeklētāja datiem"))
	})
	return key, err
}
