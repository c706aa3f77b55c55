package visitors

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/audit"
	"github.com/daugavpils/prdesk/internal/db"
	"github.com/daugavpils/prdesk/internal/i18n"
)

// The steps taken on queue entries, and undoing them. Each step keeps the
// rows it changed as they were before it, and the versions it left them
// at: undo puts the rows back only while they are still at those versions
// (nothing has happened to the entry since), only for the person who took
// the step, and only for UndoWindow after it.

// ticketSnap is a ticket as a step found it; After is the version the step
// left it at, and New marks a ticket the step made (undo removes it).
type ticketSnap struct {
	ID              int64      `json:"id"`
	After           int        `json:"after"`
	New             bool       `json:"new,omitempty"`
	OfficialID      int64      `json:"official_id,omitempty"`
	Number          int        `json:"number,omitempty"`
	Ticket          string     `json:"ticket,omitempty"`
	State           QueueState `json:"state,omitempty"`
	Room            string     `json:"room,omitempty"`
	Outcome         string     `json:"outcome,omitempty"`
	Written         bool       `json:"written,omitempty"`
	CalledAt        *time.Time `json:"called_at,omitempty"`
	DoneAt          *time.Time `json:"done_at,omitempty"`
	RecalledAt      *time.Time `json:"recalled_at,omitempty"`
	TransferredFrom string     `json:"transferred_from,omitempty"`
}

// bookingSnap is a booking's state before a step, and its version after.
type bookingSnap struct {
	ID    int64 `json:"id"`
	After int   `json:"after"`
	State State `json:"state"`
}

// undoData is what a step changed; LogID is the visitor log's row it made.
type undoData struct {
	Tickets  []ticketSnap  `json:"tickets,omitempty"`
	Bookings []bookingSnap `json:"bookings,omitempty"`
	LogID    int64         `json:"log_id,omitempty"`
}

// step is one step as a use case records it; 0 is none for the ids and
// versions.
type step struct {
	official       int64
	day            time.Time
	ticketID       int64
	ticket         string
	bookingID      int64
	action         StepAction
	ticketVersion  int
	bookingVersion int
	undo           undoData
}

func nullID(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}

func nullInt(n int) *int {
	if n == 0 {
		return nil
	}
	return &n
}

// recordStep keeps st inside the use case's transaction. A step taken by
// no one signed in (the system, a script) is not kept: nobody could undo it.
func (s *Store) recordStep(ctx context.Context, tx pgx.Tx, st step) error {
	actor := audit.ActorID(ctx)
	if actor == nil {
		return nil
	}
	undo, err := json.Marshal(st.undo)
	if err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `
		insert into visit_queue_steps (official_id, day, ticket_id, ticket, booking_id, action, ticket_version, booking_version,
		                               undo, at, created_by)
		values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
		st.official, st.day, nullID(st.ticketID), st.ticket, nullID(st.bookingID), st.action, nullInt(st.ticketVersion),
		nullInt(st.bookingVersion), undo, s.now(), *actor)
	if err != nil {
		return fmt.Errorf("visitors: record the step: %w", err)
	}
	return nil
}

// UndoableSteps lists the steps userID took in the last UndoWindow that can
// still be undone (their entry has not changed since), newest first; of
// one booking's entry when bookingID is not 0.
func (s *Store) UndoableSteps(ctx context.Context, userID, bookingID int64) ([]Step, error) {
	rows, _ := s.pool.Query(ctx, `
		select s.id, s.action, s.ticket, s.booking_id, s.official_id, o.name as official_name,
		       coalesce(b.visitor_name, q.visitor_name, '') as visitor_name, s.at
		from visit_queue_steps s
		join visit_officials o on o.id = s.official_id
		left join visit_queue q on q.id = s.ticket_id
		left join visit_bookings b on b.id = s.booking_id
		where s.created_by = $1 and s.undone_at is null and s.at > $2 and ($3 = 0 or s.booking_id = $3)
		  and (s.ticket_id is null or q.version = s.ticket_version)
		  and (s.booking_version is null or b.version = s.booking_version)
		order by s.at desc, s.id desc limit 10`, userID, s.now().Add(-UndoWindow), bookingID)
	return pgx.CollectRows(rows, pgx.RowToStructByName[Step])
}

// Undo puts back what step id changed, for the person who took it, within
// UndoWindow, while nothing has changed the entry since: ErrNotYours,
// ErrUndoLate, ErrUndone or ErrUndoStale otherwise. The booking's history
// and the audit log say it was undone. It returns the step as it was.
func (s *Store) Undo(ctx context.Context, id int64) (Step, error) {
	actor := audit.ActorID(ctx)
	if actor == nil {
		return Step{}, ErrNotYours
	}
	var st Step
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		var undoJSON []byte
		var by int64
		var undone *time.Time
		err := tx.QueryRow(ctx, `
			select s.id, s.action, s.ticket, s.booking_id, s.official_id, o.name, coalesce(b.visitor_name, q.visitor_name, ''),
			       s.at, s.undo, s.created_by, s.undone_at
			from visit_queue_steps s join visit_officials o on o.id = s.official_id
			left join visit_queue q on q.id = s.ticket_id left join visit_bookings b on b.id = s.booking_id
			where s.id = $1 for update of s`, id).
			Scan(&st.ID, &st.Action, &st.Ticket, &st.BookingID, &st.OfficialID, &st.OfficialName, &st.VisitorName, &st.At, &undoJSON, &by, &undone)
		if err != nil {
			return db.NotFound(err, fmt.Sprintf("visitors: step %d", id))
		}
		now := s.now()
		switch {
		case by != *actor:
			return ErrNotYours
		case undone != nil:
			return ErrUndone
		case now.Sub(st.At) > UndoWindow:
			return ErrUndoLate
		}
		var u undoData
		if err := json.Unmarshal(undoJSON, &u); err != nil {
			return fmt.Errorf("visitors: step %d: %w", id, err)
		}
		for _, t := range u.Tickets {
			if err := undoTicket(ctx, tx, t); err != nil {
				return err
			}
		}
		if u.LogID != 0 {
			if err := deleteLog(ctx, tx, u.LogID); err != nil {
				return err
			}
		}
		note := i18n.T(lv(ctx), "visitors.undo.note", i18n.T(lv(ctx), "visitors.undo.action_"+string(st.Action)))
		restored := map[int64]bool{}
		for _, b := range u.Bookings {
			var v int
			err := tx.QueryRow(ctx, `
				update visit_bookings set state = $3, version = version + 1, updated_at = now()
				where id = $1 and version = $2 returning version`, b.ID, b.After, b.State).Scan(&v)
			if err != nil {
				return fmt.Errorf("visitors: undo step %d: %w", id, stale(err))
			}
			if err := addEvent(ctx, tx, b.ID, "undone", b.State, note); err != nil {
				return err
			}
			restored[b.ID] = true
		}
		// A step that changed no booking's state (a transfer, say) is on its
		// history all the same.
		if st.BookingID != nil && !restored[*st.BookingID] {
			b, err := lockBooking(ctx, tx, *st.BookingID)
			if err != nil {
				return err
			}
			if err := addEvent(ctx, tx, b.ID, "undone", b.State, note); err != nil {
				return err
			}
		}
		if _, err := tx.Exec(ctx, `update visit_queue_steps set undone_at = $2, undone_by = $3, updated_at = now() where id = $1`,
			id, now, *actor); err != nil {
			return err
		}
		r := bookingRef(0)
		if st.BookingID != nil {
			r = bookingRef(*st.BookingID)
		}
		if st.Ticket != "" {
			r = ticketRef(firstTicket(u), st.Ticket)
		}
		return audit.Record(ctx, tx, r.entry("undo", "atsaukta darbība „%s”, kas veikta %s", i18n.T(lv(ctx), "visitors.undo.action_"+string(st.Action)),
			i18n.DateTime(st.At)))
	})
	return st, err
}

// firstTicket is the id of the ticket a step was about (the last it lists:
// a call lists the one called before first).
func firstTicket(u undoData) int64 {
	if len(u.Tickets) == 0 {
		return 0
	}
	return u.Tickets[len(u.Tickets)-1].ID
}

// stale is ErrUndoStale for a row no longer at the version a step left it at.
func stale(err error) error {
	if errors.Is(err, pgx.ErrNoRows) {
		return ErrUndoStale
	}
	return err
}

// undoTicket puts one ticket back as the step found it, or removes the one
// the step made. Its number is not given back: it may have been printed or
// shown on the board, and another visitor must not get it the same day.
func undoTicket(ctx context.Context, tx pgx.Tx, t ticketSnap) error {
	if t.New {
		var gone int64
		err := tx.QueryRow(ctx, `delete from visit_queue where id = $1 and version = $2 returning id`, t.ID, t.After).Scan(&gone)
		if err != nil {
			return fmt.Errorf("visitors: undo ticket %d: %w", t.ID, stale(err))
		}
		return nil
	}
	var v int
	err := tx.QueryRow(ctx, `
		update visit_queue set official_id = $3, number = $4, ticket = $5, state = $6, room = $7, outcome = $8, written = $9,
		       called_at = $10, done_at = $11, recalled_at = $12, transferred_from = $13, version = version + 1, updated_at = now()
		where id = $1 and version = $2 returning version`,
		t.ID, t.After, t.OfficialID, t.Number, t.Ticket, t.State, t.Room, t.Outcome, t.Written, t.CalledAt, t.DoneAt,
		t.RecalledAt, t.TransferredFrom).Scan(&v)
	if err != nil {
		return fmt.Errorf("visitors: undo ticket %d: %w", t.ID, stale(err))
	}
	return nil
}

// StepOf reads step id as the undo form names it, for a refused undo's
// message; not found when there is none.
func (s *Store) StepOf(ctx context.Context, id int64) (Step, error) {
	rows, _ := s.pool.Query(ctx, `
		select s.id, s.action, s.ticket, s.booking_id, s.official_id, o.name as official_name,
		       coalesce(b.visitor_name, q.visitor_name, '') as visitor_name, s.at
		from visit_queue_steps s join visit_officials o on o.id = s.official_id
		left join visit_queue q on q.id = s.ticket_id left join visit_bookings b on b.id = s.booking_id
		where s.id = $1`, id)
	st, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[Step])
	if err != nil {
		return st, db.NotFound(err, fmt.Sprintf("visitors: step %d", id))
	}
	return st, nil
}
