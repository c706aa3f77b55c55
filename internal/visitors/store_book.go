package visitors

import (
	"context"
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

// Book books the slot of b.OfficialID starting at b.Start, in one
// transaction with its history line, the audit entry and the confirmation
// mail. A refusal is beside the booking form's field it is about: the
// official unknown; the start past, between slots, on a cancelled date or a
// holiday; no phone or e-mail; a wrong personal code; the visitor's limit
// of future bookings (MaxFutureBookings) without a reason; and, a conflict,
// the slot taken by another booking (the database decides).
func (s *Store) Book(ctx context.Context, b NewBooking) (int64, error) {
	if err := b.check(s.now()); err != nil {
		return 0, err
	}
	var id int64
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		o, err := official(ctx, tx, b.OfficialID)
		if err != nil {
			return err
		}
		slot, err := s.locate(ctx, tx, o.ID, b.Start, "start")
		if err != nil {
			return err
		}
		// Two bookings of one slot at once take turns, so the second finds
		// the first committed and is refused by the exclusion constraint:
		// racing inserts checked against each other's uncommitted rows could
		// otherwise wait on each other, and one would fail as a deadlock.
		if _, err := tx.Exec(ctx, `select pg_advisory_xact_lock(hashtextextended($1, $2))`, "slot:"+slot.Start.UTC().Format(time.RFC3339), o.ID); err != nil {
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
				return errs.Field("override_reason", "visitors.err_limit", i18n.M{"n": MaxFutureBookings})
			}
		}
		err = tx.QueryRow(ctx, `
			insert into visit_bookings (official_id, slot, room, visitor_name, phone, email, topic, language,
			                            accessibility, person_code, override_reason, created_by)
			values ($1, tstzrange($2, $3, '[)'), $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
			returning id`,
			o.ID, slot.Start, slot.End, slot.Room, b.VisitorName, b.Phone, b.Email, b.Topic, b.Language,
			b.Accessibility, b.PersonCode, b.OverrideReason, audit.ActorID(ctx)).Scan(&id)
		switch {
		case db.IsExclusion(err, "visit_bookings_official_id_slot_excl"):
			// The loser of a race for one slot.
			return errs.FieldConflict("start", "visitors.err_taken")
		case err != nil:
			return fmt.Errorf("insert booking: %w", err)
		}
		if err := addEvent(ctx, tx, id, "booked", Booked, b.OverrideReason); err != nil {
			return err
		}
		summary := fmt.Sprintf("amatpersona #%d; laiks: %s", o.ID, i18n.DateTime(slot.Start))
		if b.OverrideReason != "" {
			summary += "; pāri limitam (iemesls pieraksta vēsturē)"
		}
		if err := audit.Record(ctx, tx, bookingRef(id).entry("create", "%s", summary)); err != nil {
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

// confirmation is the mail a visitor gets, in Latvian unless they chose English.
func confirmation(b NewBooking, o Official, slot Slot, id int64) mail.Message {
	ctx := i18n.WithLocale(context.Background(), mailLanguage(b.Language))
	args := i18n.M{
		"name": b.VisitorName, "official": o.Name, "position": o.Position,
		"date": i18n.LongDate(ctx, slot.Start), "time": hhmm(slot.Start),
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

// mailLanguage is the language of a visitor's mail: English for those who
// chose it, Latvian for everyone else.
func mailLanguage(conversation string) string {
	if conversation == "en" {
		return "en"
	}
	return "lv"
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
	b, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[Booking])
	return b, db.NotFound(err, fmt.Sprintf("visitors: booking %d", id))
}

// History lists what happened to a booking, oldest first.
func (s *Store) History(ctx context.Context, id int64) ([]Event, error) {
	rows, _ := s.pool.Query(ctx, `
		select e.at, coalesce(u.full_name, e.actor_name) as actor_name, e.action, e.state, e.note
		from visit_booking_events e left join users u on u.id = e.actor_id
		where e.booking_id = $1 order by e.at, e.id`, id)
	return pgx.CollectRows(rows, pgx.RowToStructByName[Event])
}

// MonthSlot is one slot of the month view: free to book, taken, or past.
type MonthSlot struct {
	Slot
	Taken bool
	Past  bool
}

// Free tells whether the slot can be booked.
func (m MonthSlot) Free() bool { return !m.Taken && !m.Past }

// MonthSession is one session of the month view with all its slots.
type MonthSession struct {
	Session
	Slots []MonthSlot
}

// FreeCount is how many of the session's slots can be booked.
func (m MonthSession) FreeCount() int {
	n := 0
	for _, s := range m.Slots {
		if s.Free() {
			n++
		}
	}
	return n
}

// MonthSlots lists official's sessions in the month that begins on month
// (a first day, midnight UTC), holidays and cancelled dates left out, each
// with every slot free, taken or past at the store's clock: the month view
// the clerk books from when the nearest free slots are not the ones wanted.
// The schedule, the calendar's revision and the month's bookings are read
// in one round trip.
func (s *Store) MonthSlots(ctx context.Context, officialID int64, month time.Time) ([]MonthSession, error) {
	last := month.AddDate(0, 1, -1)
	from, _ := calendar.DayBounds(month)
	_, to := calendar.DayBounds(last)
	var b pgx.Batch
	pending := s.calendar.Queue(&b)
	var sch Schedule
	queueSchedule(&b, officialID, month, &sch)
	taken := &bookedTimes{}
	queueTaken(&b, officialID, from, to, taken)
	if err := s.pool.SendBatch(ctx, &b).Close(); err != nil {
		return nil, err
	}
	cal, err := pending.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	now := s.now()
	var out []MonthSession
	for _, ses := range sch.Sessions(cal, month, last) {
		if ses.OfficialID != officialID {
			continue
		}
		ms := MonthSession{Session: ses}
		for _, sl := range ses.Slots() {
			ms.Slots = append(ms.Slots, MonthSlot{Slot: sl, Taken: taken.taken(sl), Past: !sl.Start.After(now)})
		}
		out = append(out, ms)
	}
	return out, nil
}
