package press

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"github.com/daugavpils/prdesk/internal/jobs"
)

// ReminderArgs is the hourly job that reminds the department of the press
// area's deadlines (SendReminders).
type ReminderArgs struct{}

// Kind names the job in River's table.
func (ReminderArgs) Kind() string { return "press_reminders" }

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

// RegisterReminders makes the job client remind of the deadlines every
// hour: a journalist's deadline is hours away, not days.
func RegisterReminders(reg *jobs.Registry, store *Store) {
	jobs.Add(reg, &reminderWorker{store: store})
	reg.Periodic(river.NewPeriodicJob(river.PeriodicInterval(time.Hour),
		func() (river.JobArgs, *river.InsertOpts) { return ReminderArgs{}, nil },
		&river.PeriodicJobOpts{RunOnStart: true}))
}
