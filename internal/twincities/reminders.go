package twincities

import (
	"context"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"github.com/daugavpils/prdesk/internal/jobs"
)

// ReminderHour is the hour of the morning, Riga time, the review reminders go out.
const ReminderHour = 7

// ReviewReminderArgs is the daily job that reminds the coordinators of
// their agreements' reviews.
type ReviewReminderArgs struct{}

// Kind names the job in River's table.
func (ReviewReminderArgs) Kind() string { return "twincities_review_reminders" }

type reminderWorker struct {
	river.WorkerDefaults[ReviewReminderArgs]
	store *Store
}

func (w *reminderWorker) Work(ctx context.Context, _ *river.Job[ReviewReminderArgs]) error {
	// The client that runs the job queues the mail jobs too.
	client, err := river.ClientFromContextSafely[pgx.Tx](ctx)
	if err != nil {
		return err
	}
	_, err = w.store.SendReviewReminders(ctx, client)
	return err
}

// RegisterReminders makes the job client send the review reminders every
// morning at ReminderHour, through store (its job client may be nil: the
// job queues its mail through the client that runs it).
func RegisterReminders(reg *jobs.Registry, store *Store) {
	jobs.Add(reg, &reminderWorker{store: store})
	reg.Periodic(river.NewPeriodicJob(jobs.DailyAt{Hour: ReminderHour},
		func() (river.JobArgs, *river.InsertOpts) { return ReviewReminderArgs{}, nil },
		&river.PeriodicJobOpts{RunOnStart: true}))
}
