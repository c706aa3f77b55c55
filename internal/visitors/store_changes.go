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
	"github.com/daugavpils/prdesk/internal/mail"
)

// The changes to a booking (its change page) and to a whole day of
// reception (cancelling a session, and the list of the visitors to call).
// A refusal is beside the field of the form that asked: the reason's for a
// stale form or a booking no longer booked, the new slot's for a slot that
// cannot be taken.

// Cancel cancels a booked visit at the visitor's or the office's request;
// the slot is free again at once (the database's exclusion skips cancelled
// bookings). version is the booking's as the form showed it.
func (s *Store) Cancel(ctx context.Context, bookingID int64, version int, reason string) error {
	const field = "cancel_reason"
	if reason == "" {
		return errs.Field(field, "visitors.change_form.cancel_reason_required")
	}
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		b, err := lockBooking(ctx, tx, bookingID)
		if err != nil {
			return err
		}
		if b.State != Booked {
			return errs.FieldConflict(field, "visitors.queue.err_state")
		}
		if _, err := stepBooking(ctx, tx, b.ID, version, Cancelled, "cancelled", reason); err != nil {
			return staleAt(field, err)
		}
		if err := audit.Record(ctx, tx, bookingRef(b.ID).entry("cancel", "atcelts, pieņemšana %s (iemesls pieraksta vēsturē)", i18n.DateTime(b.Start))); err != nil {
			return err
		}
		// The visitor is told, as of a move: through the outbox, in this
		// transaction, so a cancellation that rolls back sends nothing.
		if b.Email == "" || s.jobs == nil {
			return nil
		}
		o, err := officialAny(ctx, tx, b.OfficialID)
		if err != nil {
			return err
		}
		_, err = mail.Enqueue(ctx, tx, s.jobs, visitorNotice(b, o, "cancelled", b.Start, b.Room, reason))
		return err
	})
}

// NoShow marks a booked visitor who did not come, once their time has begun.
// version is the booking's as the form showed it.
func (s *Store) NoShow(ctx context.Context, bookingID int64, version int, reason string) error {
	const field = "noshow_reason"
	if reason == "" {
		return errs.Field(field, "visitors.change_form.noshow_reason_required")
	}
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		b, err := lockBooking(ctx, tx, bookingID)
		if err != nil {
			return err
		}
		switch {
		case b.State != Booked:
			return errs.FieldConflict(field, "visitors.queue.err_state")
		case s.now().Before(b.Start):
			return errs.Field(field, "visitors.queue.err_not_yet")
		}
		bv, err := stepBooking(ctx, tx, b.ID, version, NoShow, "state", reason)
		if err != nil {
			return staleAt(field, err)
		}
		err = s.recordStep(ctx, tx, step{official: b.OfficialID, day: calendar.DateOf(b.Start), bookingID: b.ID, action: StepNoShow,
			bookingVersion: bv, undo: undoData{Bookings: []bookingSnap{{ID: b.ID, After: bv, State: Booked}}}})
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, bookingRef(b.ID).entry("no_show", "neieradās uz pieņemšanu %s (iemesls pieraksta vēsturē)", i18n.DateTime(b.Start)))
	})
}

// Move moves a booked visit to another slot of the same official in one
// statement: the row's range changes, so the old slot is free and the new one
// taken at the same instant, and the exclusion constraint still refuses a
// slot someone else holds (a conflict beside the new slot's field). The
// visitor is told by e-mail where they gave one. The new slot is refused as
// a booking's would be: past, between slots, on a cancelled date or a
// holiday. version is the booking's as the form showed it.
func (s *Store) Move(ctx context.Context, bookingID int64, version int, start time.Time, reason string) error {
	const field, slotField = "move_reason", "move_start"
	if reason == "" {
		return errs.Field(field, "visitors.change_form.move_reason_required")
	}
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		b, err := lockBooking(ctx, tx, bookingID)
		if err != nil {
			return err
		}
		if b.State != Booked {
			return errs.FieldConflict(field, "visitors.queue.err_state")
		}
		o, err := officialAny(ctx, tx, b.OfficialID)
		if err != nil {
			return err
		}
		slot, err := s.locate(ctx, tx, o.ID, start, slotField)
		if err != nil {
			return err
		}
		err = db.Versioned(tx.Exec(ctx, `
			update visit_bookings set slot = tstzrange($3, $4, '[)'), room = $5, version = version + 1, updated_at = now()
			where id = $1 and version = $2`, b.ID, version, slot.Start, slot.End, slot.Room))
		switch {
		case db.IsExclusion(err, "visit_bookings_official_id_slot_excl"):
			return errs.FieldConflict(slotField, "visitors.err_taken")
		case err != nil:
			return staleAt(field, fmt.Errorf("visitors: move booking %d: %w", b.ID, err))
		}
		note := i18n.T(lv(ctx), "visitors.queue.note_moved", i18n.M{"from": i18n.DateTime(b.Start), "to": i18n.DateTime(slot.Start), "reason": reason})
		if err := addEvent(ctx, tx, b.ID, "moved", Booked, note); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, bookingRef(b.ID).entry("move", "pārcelts no %s uz %s (iemesls pieraksta vēsturē)",
			i18n.DateTime(b.Start), i18n.DateTime(slot.Start))); err != nil {
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
// Latvian unless they chose English. kind is "moved", "cancelled" (the
// booking alone) or "session_cancelled" (the whole day's reception).
func visitorNotice(b lockedBooking, o Official, kind string, at time.Time, room, reason string) mail.Message {
	ctx := i18n.WithLocale(context.Background(), mailLanguage(b.Language))
	args := i18n.M{
		"name": b.Name, "official": o.Name, "position": o.Position,
		"date": i18n.LongDate(ctx, at), "time": hhmm(at),
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
// cancellation's id. A past date is refused beside the form's day.
func (s *Store) CancelSession(ctx context.Context, officialID int64, day time.Time, reason string) (int64, error) {
	if reason == "" {
		return 0, errs.Field("reason", "visitors.cancel_session_form.reason_required")
	}
	d := calendar.DateOf(day)
	if d.Before(s.today()) {
		return 0, errs.Field("day", "visitors.err_past")
	}
	var id int64
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
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
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		var officialID int64
		var d time.Time
		var reason string
		err := tx.QueryRow(ctx, `select official_id, day, reason from visit_cancellations where id = $1 for update`, cancellationID).
			Scan(&officialID, &d, &reason)
		if err != nil {
			return db.NotFound(err, fmt.Sprintf("visitors: cancelled day %d", cancellationID))
		}
		o, err := officialAny(ctx, tx, officialID)
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
		if _, err := setBookingState(ctx, tx, b.ID, Cancelled, "cancelled", note); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, bookingRef(b.ID).entry("cancel", "atcelts kopā ar pieņemšanas dienu, pieņemšana %s (iemesls pieraksta vēsturē)", i18n.DateTime(b.Start))); err != nil {
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
	return i18n.T(lv(ctx), "visitors.queue.note_day_cancelled", reason)
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
	if err != nil {
		return v, db.NotFound(err, fmt.Sprintf("visitors: cancelled day %d", id))
	}
	from, to := calendar.DayBounds(c.Day)
	var b pgx.Batch
	b.Queue(`select `+officialColumns+` from visit_officials where id = $1`, c.OfficialID).Query(func(rows pgx.Rows) error {
		var err error
		v.Official, err = pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[Official])
		return err
	})
	b.Queue(`
		select b.id, lower(b.slot) as start_at, b.visitor_name, b.phone, b.email, b.language,
		       coalesce((select m.status from mail_outbox m where m.entity = 'booking' and m.entity_id = b.id::text
		                 order by m.id desc limit 1), '') as mailed
		from visit_bookings b
		where b.official_id = $1 and b.state = 'cancelled' and lower(b.slot) >= $2 and lower(b.slot) < $3
		  and exists (select 1 from visit_booking_events e where e.booking_id = b.id and e.action = 'cancelled' and e.note = $4)
		order by lower(b.slot), b.id`,
		c.OfficialID, from, to, dayCancelledNote(ctx, c.Reason)).Query(func(rows pgx.Rows) error {
		var err error
		v.Calls, err = pgx.CollectRows(rows, pgx.RowToStructByName[CallRow])
		return err
	})
	b.Queue(`select count(*) from visit_bookings
		where official_id = $1 and state in ('booked', 'arrived') and lower(slot) >= $2 and lower(slot) < $3`,
		c.OfficialID, from, to).QueryRow(func(row pgx.Row) error { return row.Scan(&v.Live) })
	return v, s.pool.SendBatch(ctx, &b).Close()
}
