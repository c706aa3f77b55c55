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

const ticketColumns = `q.id, q.official_id, o.name as official_name, q.day, q.number, q.ticket, q.booking_id, q.walk_in,
	coalesce(b.visitor_name, q.visitor_name) as visitor_name, coalesce(b.phone, '') as phone,
	coalesce(b.email, '') as email, coalesce(b.person_code, '') as person_code,
	coalesce(b.topic, q.topic) as topic, lower(b.slot) as slot_start, q.state, q.room, q.outcome, q.written,
	q.checked_in_at, q.called_at, q.done_at, q.version`

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
// drawn meanwhile.
func setBookingState(ctx context.Context, tx pgx.Tx, id int64, state State, action, note string) error {
	if _, err := tx.Exec(ctx, `update visit_bookings set state = $2, version = version + 1, updated_at = now() where id = $1`,
		id, state); err != nil {
		return fmt.Errorf("visitors: booking %d to %s: %w", id, state, err)
	}
	return addEvent(ctx, tx, id, action, state, note)
}

// stepBooking is setBookingState for a step a person takes on a form drawn
// at version: a booking changed since, or a form without its version, is a
// conflict.
func stepBooking(ctx context.Context, tx pgx.Tx, id int64, version int, state State, action, note string) error {
	err := db.Versioned(tx.Exec(ctx, `
		update visit_bookings set state = $2, version = version + 1, updated_at = now()
		where id = $1 and version = $3`, id, state, version))
	if err != nil {
		return fmt.Errorf("visitors: booking %d to %s: %w", id, state, err)
	}
	return addEvent(ctx, tx, id, action, state, note)
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
		if err := stepBooking(ctx, tx, b.ID, version, Arrived, "state", note); err != nil {
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
		return Ticket{}, errs.Field("topic", "field.required")
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
		return audit.Record(ctx, tx, ticketRef(id, ticket).entry("call", "aicināta"))
	})
	if err != nil {
		return Ticket{}, err
	}
	return s.Ticket(ctx, id)
}

// lockTicket reads a ticket for update.
func lockTicket(ctx context.Context, tx pgx.Tx, id int64) (state QueueState, ticket string, bookingID *int64, err error) {
	err = tx.QueryRow(ctx, `select state, ticket, booking_id from visit_queue where id = $1 for update`, id).
		Scan(&state, &ticket, &bookingID)
	return state, ticket, bookingID, db.NotFound(err, fmt.Sprintf("visitors: ticket %d", id))
}

// RecordOutcome closes a ticket that was called: the conversation's outcome
// in a line, and whether the visitor left a written submission to register.
// Its booking becomes done, with the outcome on its history. version is the
// ticket's as the form showed it; a ticket not called is ErrState.
func (s *Store) RecordOutcome(ctx context.Context, ticketID int64, version int, outcome string, written bool) error {
	if outcome == "" {
		return errs.Field("outcome", "field.required")
	}
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		state, ticket, bookingID, err := lockTicket(ctx, tx, ticketID)
		if err != nil {
			return err
		}
		if state != QCalled && state != QWithOfficial {
			return ErrState
		}
		if err := db.Versioned(tx.Exec(ctx, `
			update visit_queue set state = 'done', outcome = $3, written = $4, done_at = $5,
			       version = version + 1, updated_at = now()
			where id = $1 and version = $2`, ticketID, version, outcome, written, s.now())); err != nil {
			return fmt.Errorf("visitors: outcome of ticket %d: %w", ticketID, err)
		}
		if bookingID != nil {
			if _, err := lockBooking(ctx, tx, *bookingID); err != nil {
				return err
			}
			if err := setBookingState(ctx, tx, *bookingID, Done, "state", outcome); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, ticketRef(ticketID, ticket).entry("outcome", "ierakstīts sarunas iznākums"))
	})
}

// Leave takes a waiting or called ticket off the queue: the person went
// away. Their booking becomes a no-show, with the reason on its history.
// version is the ticket's as the form showed it; a ticket neither waiting
// nor called is ErrState.
func (s *Store) Leave(ctx context.Context, ticketID int64, version int) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		state, ticket, bookingID, err := lockTicket(ctx, tx, ticketID)
		if err != nil {
			return err
		}
		if state != QWaiting && state != QCalled {
			return ErrState
		}
		if err := db.Versioned(tx.Exec(ctx, `
			update visit_queue set state = 'left', done_at = $3, version = version + 1, updated_at = now()
			where id = $1 and version = $2`, ticketID, version, s.now())); err != nil {
			return fmt.Errorf("visitors: ticket %d left: %w", ticketID, err)
		}
		if bookingID != nil {
			if _, err := lockBooking(ctx, tx, *bookingID); err != nil {
				return err
			}
			note := i18n.T(lv(ctx), "visitors.queue.note_left", ticket)
			if err := setBookingState(ctx, tx, *bookingID, NoShow, "state", note); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, ticketRef(ticketID, ticket).entry("left", "aizgāja"))
	})
}

// Board reads today's display, of one official or (0) of all, in one round
// trip. It selects only ticket numbers and rooms, so no name can reach the
// screen.
func (s *Store) Board(ctx context.Context, officialID int64) (Board, error) {
	var bd Board
	day := s.today()
	var b pgx.Batch
	b.Queue(`
		select ticket, room from visit_queue
		where day = $1 and ($2 = 0 or official_id = $2) and state = 'called'
		order by called_at desc, id desc`, day, officialID).Query(func(rows pgx.Rows) error {
		var err error
		bd.Called, err = pgx.CollectRows(rows, pgx.RowToStructByName[BoardTicket])
		return err
	})
	b.Queue(`
		select q.ticket, q.room from visit_queue q left join visit_bookings b on b.id = q.booking_id
		where q.day = $1 and ($2 = 0 or q.official_id = $2) and q.state = 'waiting'
		order by coalesce(lower(b.slot), q.checked_in_at), q.number limit $3`, day, officialID, BoardWaiting).Query(func(rows pgx.Rows) error {
		var err error
		bd.Waiting, err = pgx.CollectRows(rows, pgx.RowToStructByName[BoardTicket])
		return err
	})
	return bd, s.pool.SendBatch(ctx, &b).Close()
}
