package visitors

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"github.com/daugavpils/prdesk/internal/calendar"
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

// reminderMail is in Latvian unless the conversation is to be in English.
func reminderMail(d Reminder) mail.Message {
	ctx := i18n.WithLocale(context.Background(), mailLanguage(d.Language))
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
	_, err = w.store.SendReminders(ctx, client)
	return err
}

// RegisterReminders makes the job client remind the next working day's
// visitors every morning at ReminderHour, through the area's store (made
// with NewStore; its job client may be nil, as the job queues its mail
// through the client that runs it).
func RegisterReminders(reg *jobs.Registry, store *Store) {
	jobs.Add(reg, &reminderWorker{store: store})
	reg.Periodic(river.NewPeriodicJob(jobs.DailyAt{Hour: ReminderHour},
		func() (river.JobArgs, *river.InsertOpts) { return ReminderArgs{}, nil },
		&river.PeriodicJobOpts{RunOnStart: false}))
}
