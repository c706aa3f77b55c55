package visitors

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/audit"
	"github.com/daugavpils/prdesk/internal/db"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/jobs"
	"github.com/daugavpils/prdesk/internal/mail"
)

// Reminder is a booking due a reminder.
type Reminder struct {
	ID           int64     `db:"id"`
	OfficialName string    `db:"official_name"`
	Position     string    `db:"position"`
	Start        time.Time `db:"start_at"`
	Room         string    `db:"room"`
	VisitorName  string    `db:"visitor_name"`
	Email        string    `db:"email"`
	Topic        string    `db:"topic"`
	Language     string    `db:"language"`
}

// DueReminders lists the booked visitors with an e-mail and no reminder yet
// whose booking starts in the reminder window of the store's clock.
func (s *Store) DueReminders(ctx context.Context) ([]Reminder, error) {
	cal, err := s.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	from, to, ok := ReminderWindow(cal, s.now())
	if !ok {
		return nil, nil
	}
	rows, _ := s.pool.Query(ctx, `
		select b.id, o.name as official_name, o.position, lower(b.slot) as start_at, b.room, b.visitor_name,
		       b.email, b.topic, b.language
		from visit_bookings b join visit_officials o on o.id = b.official_id
		where b.reminded_at is null and b.state = 'booked' and b.email <> ''
		  and lower(b.slot) >= $1 and lower(b.slot) < $2
		order by lower(b.slot), b.id`, from, to)
	return pgx.CollectRows(rows, pgx.RowToStructByName[Reminder])
}

// SendReminders queues, through client, the reminder mail of every booking
// due one at the store's clock, and returns how many it queued. Each
// reminder is a use case of its own, in its own transaction with its
// history line and audit entry, so that one that fails holds back no
// other. The reminded_at mark is set in the same transaction under the
// row's lock, so a second run, even at the same moment, sends nothing twice.
func (s *Store) SendReminders(ctx context.Context, client *jobs.Client) (int, error) {
	due, err := s.DueReminders(ctx)
	if err != nil {
		return 0, err
	}
	now := s.now()
	sent := 0
	for _, d := range due {
		queued := false
		err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
			tag, err := tx.Exec(ctx, `update visit_bookings set reminded_at = $2
				where id = $1 and reminded_at is null and state = 'booked' and email <> ''`, d.ID, now)
			if err != nil || tag.RowsAffected() == 0 {
				return err
			}
			if _, err := mail.Enqueue(ctx, tx, client, reminderMail(d)); err != nil {
				return err
			}
			if err := addEvent(ctx, tx, d.ID, "edited", Booked, "Nosūtīts atgādinājums uz "+d.Email); err != nil {
				return err
			}
			queued = true
			return audit.Record(ctx, tx, bookingRef(d.ID).entry("remind", "nosūtīts atgādinājums par pieņemšanu %s", i18n.DateTime(d.Start)))
		})
		if err != nil {
			return sent, fmt.Errorf("reminder of booking %d: %w", d.ID, err)
		}
		if queued {
			sent++
		}
	}
	return sent, nil
}
