package visitors

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/audit"
	"github.com/daugavpils/prdesk/internal/db"
	"github.com/daugavpils/prdesk/internal/errs"
	"github.com/daugavpils/prdesk/internal/i18n"
)

// retentionRef names the retention setting in the audit log.
var retentionRef = ref{"setting", RetentionKey, "Apmeklētāju personas datu glabāšanas termiņš"}

// Retention reads the setting; a missing row is the default.
func (s *Store) Retention(ctx context.Context) (Retention, error) {
	return retention(ctx, s.pool)
}

func retention(ctx context.Context, q db.Querier) (Retention, error) {
	r := Retention{Days: DefaultRetentionDays}
	err := q.QueryRow(ctx, `select value::int, version from settings where key = $1`, RetentionKey).Scan(&r.Days, &r.Version)
	if errors.Is(err, pgx.ErrNoRows) {
		return r, nil
	}
	return r, err
}

// SetRetention stores days if the setting is still at version, with its
// audit record. Days out of bounds, and a setting changed since the form
// was drawn, are refused beside the form's field.
func (s *Store) SetRetention(ctx context.Context, days, version int) error {
	const field = "days"
	if days < MinRetentionDays || days > MaxRetentionDays {
		return errs.Field(field, "visitors.log.err_days", i18n.M{"min": MinRetentionDays, "max": MaxRetentionDays})
	}
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		before, err := retention(ctx, tx)
		if err != nil {
			return err
		}
		err = db.Versioned(tx.Exec(ctx, `
			update settings set value = to_jsonb($3::int), version = version + 1, updated_at = now(), updated_by = $4
			where key = $1 and version = $2`, RetentionKey, version, days, audit.ActorID(ctx)))
		if errors.Is(err, errs.Conflict) {
			return errs.FieldConflict(field, "visitors.log.err_stale")
		} else if err != nil {
			return err
		}
		e := retentionRef.entry("update", "%d dienas", days)
		e.Details = audit.Diff([][3]any{{"value", before.Days, days}})
		return audit.Record(ctx, tx, e)
	})
}

// What is due at the cutoff $1, by kind; the preview counts with the same
// conditions the run updates with.
const (
	dueBookings = `anonymized_at is null and upper(slot) < $1`
	dueLog      = `anonymized_at is null and came_at < $1`
	// Every ticket of a day before the cutoff, booked or walk-in: a walk-in's
	// name and topic are on the ticket, and anyone's outcome.
	dueQueue = `anonymized_at is null and checked_in_at < $1`
	// An entry taken off the list goes a period after it was taken off; any
	// other (waiting, or served by a booking) a period after it joined. A
	// booking that served an entry was made after it joined, and its visit
	// came later still, so an entry never outlives the contacts its booking
	// is matched by (see waiting): it cannot come back onto the list.
	dueWaitlist = `anonymized_at is null and coalesce(removed_at, created_at) < $1`
	// Visitors' mail that went out (or gave up) before the cutoff: the
	// confirmations, reminders and notices about bookings. Pending mail is
	// left to be sent.
	dueMail = `entity = 'booking' and status <> 'pending' and to_address <> '` + MailRemoved + `' and created_at < $1`
)

// RetentionPreview counts what a run at the store's clock would clear.
func (s *Store) RetentionPreview(ctx context.Context) (Cleared, Retention, error) {
	var c Cleared
	r, err := s.Retention(ctx)
	if err != nil {
		return c, r, err
	}
	before := RetentionCutoff(s.now(), r.Days)
	err = s.pool.QueryRow(ctx, `
		select (select count(*) from visit_bookings where `+dueBookings+`),
		       (select count(*) from visit_log where `+dueLog+`),
		       (select count(*) from visit_queue where `+dueQueue+`),
		       (select count(*) from visit_waitlist where `+dueWaitlist+`),
		       (select count(*) from mail_outbox where `+dueMail+`)`, before).
		Scan(&c.Bookings, &c.Log, &c.Queue, &c.Waitlist, &c.Mail)
	return c, r, err
}

// Anonymize blanks the personal details of visits older than the retention
// period at the store's clock, keeping the rows (and so every count), in
// one transaction with one audit entry holding the counts of each kind.
// Bookings lose name, phone, e-mail, topic, personal code, the help needed,
// the override reason and the notes of their history; log entries lose the
// person's name and purpose; queue tickets the walk-in's name and topic and
// the outcome; waiting-list entries name, phone, e-mail, topic and the
// reason they were taken off (an entry still waiting leaves the list);
// visitors' mail its recipient, text and last error. The steps taken on
// queue entries (kept to be undone) are deleted.
func (s *Store) Anonymize(ctx context.Context) (Cleared, error) {
	var c Cleared
	now := s.now()
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		r, err := retention(ctx, tx)
		if err != nil {
			return err
		}
		before := RetentionCutoff(now, r.Days)
		rows, _ := tx.Query(ctx, `
			update visit_bookings set visitor_name = '', phone = '', email = '', topic = '', accessibility = '',
			       person_code = '', override_reason = '', anonymized_at = $2, updated_at = $2, version = version + 1
			where `+dueBookings+` returning id`, before, now)
		ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
		if err != nil {
			return fmt.Errorf("anonymize bookings: %w", err)
		}
		c.Bookings = len(ids)
		if _, err := tx.Exec(ctx, `update visit_booking_events set note = '' where booking_id = any($1) and note <> ''`, ids); err != nil {
			return fmt.Errorf("anonymize booking history: %w", err)
		}
		for _, u := range []struct {
			what, sql string
			n         *int
		}{
			{"visitor log", `update visit_log set person_name = '', purpose = '', anonymized_at = $2, updated_at = $2,
				version = version + 1 where ` + dueLog, &c.Log},
			{"queue", `update visit_queue set visitor_name = '', topic = '', outcome = '', anonymized_at = $2,
				updated_at = $2, version = version + 1 where ` + dueQueue, &c.Queue},
			{"waiting list", `update visit_waitlist set visitor_name = '', phone = '', email = '', topic = '',
				removed_reason = '', anonymized_at = $2, updated_at = $2, version = version + 1 where ` + dueWaitlist, &c.Waitlist},
			{"mail", `update mail_outbox set to_address = '` + MailRemoved + `', to_name = '', body_text = '', last_error = '',
				updated_at = $2 where ` + dueMail, &c.Mail},
		} {
			tag, err := tx.Exec(ctx, u.sql, before, now)
			if err != nil {
				return fmt.Errorf("anonymize %s: %w", u.what, err)
			}
			*u.n = int(tag.RowsAffected())
		}
		// The steps taken on queue entries keep what they changed (an
		// outcome among it) only to be undone within minutes: the old ones go.
		if _, err := tx.Exec(ctx, `delete from visit_queue_steps where at < $1`, before); err != nil {
			return fmt.Errorf("anonymize queue steps: %w", err)
		}
		e := ref{"visitors_retention", now.Unix(), "Apmeklētāju personas datu dzēšana"}.entry("anonymize",
			"dzēsti dati, kas vecāki par %d dienām: %d pieraksti, %d žurnāla ieraksti, "+
				"%d rindas biļetes, %d gaidītāju saraksta ieraksti, %d e-pasta vēstules",
			r.Days, c.Bookings, c.Log, c.Queue, c.Waitlist, c.Mail)
		e.Details = c
		return audit.RecordAs(ctx, tx, audit.System, e)
	})
	return c, err
}
