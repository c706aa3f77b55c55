package visitors

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"

	"github.com/daugavpils/prdesk/internal/audit"
	"github.com/daugavpils/prdesk/internal/calendar"
	"github.com/daugavpils/prdesk/internal/db"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/jobs"
	"github.com/daugavpils/prdesk/internal/mail"
)

// ReminderHour is the hour of the morning, Riga time, the reminders go out.
const ReminderHour = 8

// ReminderWindow is what the reminder run of the moment now covers: on a
// working day, the bookings after today up to the end of the next working
// day, so Friday's run reminds the Monday visitors (and any of the weekend),
// and the run before a holiday reminds those of the day after it. On a day
// off there is no run (ok false): the working day before has done it.
func ReminderWindow(cal *calendar.Calendar, now time.Time) (from, to time.Time, ok bool) {
	today := calendar.DateOf(now)
	if !cal.IsWorkingDay(today) {
		return time.Time{}, time.Time{}, false
	}
	_, from = calendar.DayBounds(today)
	_, to = calendar.DayBounds(cal.NextWorkingDay(today))
	return from, to, true
}

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
// whose booking starts in the window of now.
func (s *Store) DueReminders(ctx context.Context, now time.Time) ([]Reminder, error) {
	cal, err := s.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	from, to, ok := ReminderWindow(cal, now)
	if !ok {
		return nil, nil
	}
	return dueReminders(ctx, s.pool, from, to)
}

func dueReminders(ctx context.Context, q db.Querier, from, to time.Time) ([]Reminder, error) {
	rows, _ := q.Query(ctx, `
		select b.id, o.name as official_name, o.position, lower(b.slot) as start_at, b.room, b.visitor_name,
		       b.email, b.topic, b.language
		from visit_bookings b join visit_officials o on o.id = b.official_id
		where b.reminded_at is null and b.state = 'booked' and b.email <> ''
		  and lower(b.slot) >= $1 and lower(b.slot) < $2
		order by lower(b.slot), b.id`, from, to)
	return pgx.CollectRows(rows, pgx.RowToStructByName[Reminder])
}

// SendReminders queues the reminder mail of every booking due one at now,
// each in its own transaction with its history line and audit entry, and
// returns how many it queued. The reminded_at mark is set in the same
// transaction under the row's lock, so a second run, even at the same
// moment, sends nothing twice.
func (s *Store) SendReminders(ctx context.Context, client *jobs.Client, now time.Time) (int, error) {
	due, err := s.DueReminders(ctx, now)
	if err != nil {
		return 0, err
	}
	sent := 0
	for _, d := range due {
		err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
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
			sent++
			return audit.Record(ctx, tx, audit.Entry{Entity: "booking", EntityID: d.ID, Action: "remind",
				Summary: fmt.Sprintf("Atgādinājums par pierakstu #%d %s nosūtīts", d.ID, i18n.DateTime(d.Start))})
		})
		if err != nil {
			return sent, fmt.Errorf("reminder of booking %d: %w", d.ID, err)
		}
	}
	return sent, nil
}

// reminderMail is in Latvian unless the conversation is to be in English.
func reminderMail(d Reminder) mail.Message {
	lang := "lv"
	if d.Language == "en" {
		lang = "en"
	}
	ctx := i18n.WithLocale(context.Background(), lang)
	args := i18n.M{"name": d.VisitorName, "official": d.OfficialName, "position": d.Position,
		"date": i18n.LongDate(ctx, d.Start), "time": hhmm(d.Start), "room": d.Room, "topic": d.Topic}
	return mail.Message{To: d.Email, ToName: d.VisitorName, Entity: "booking", EntityID: d.ID,
		Subject: i18n.T(ctx, "visitors.hours.reminder_subject", args), Body: i18n.T(ctx, "visitors.hours.reminder_body", args)}
}

// ReminderArgs is the daily job that sends the reminders.
type ReminderArgs struct{}

// Kind names the job in River's table.
func (ReminderArgs) Kind() string { return "visitors_reminders" }

type reminderWorker struct {
	river.WorkerDefaults[ReminderArgs]
	store *Store
}

func (w *reminderWorker) Work(ctx context.Context, _ *river.Job[ReminderArgs]) error {
	// The client that runs the job queues the mail jobs too.
	client, err := river.ClientFromContextSafely[pgx.Tx](ctx)
	if err != nil {
		return err
	}
	_, err = w.store.SendReminders(ctx, client, w.store.now())
	return err
}

// dailyAt is a schedule of every day at one hour, Riga time; summer time
// does not move it. Whether the day is a working day is the job's to check,
// since the calendar lives in the database.
type dailyAt struct{ hour int }

func (d dailyAt) Next(t time.Time) time.Time {
	l := t.In(i18n.Riga)
	next := time.Date(l.Year(), l.Month(), l.Day(), d.hour, 0, 0, 0, i18n.Riga)
	if !next.After(t) {
		next = time.Date(l.Year(), l.Month(), l.Day()+1, d.hour, 0, 0, 0, i18n.Riga)
	}
	return next
}

// RegisterReminders makes the job client remind the next working day's
// visitors every morning at ReminderHour.
func RegisterReminders(reg *jobs.Registry, pool *pgxpool.Pool) {
	jobs.Add(reg, &reminderWorker{store: NewStore(pool, nil)})
	reg.Periodic(river.NewPeriodicJob(dailyAt{hour: ReminderHour},
		func() (river.JobArgs, *river.InsertOpts) { return ReminderArgs{}, nil },
		&river.PeriodicJobOpts{RunOnStart: false}))
}
