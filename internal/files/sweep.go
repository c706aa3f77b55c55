package files

import (
	"context"
	"time"

	"github.com/riverqueue/river"

	"github.com/daugavpils/prdesk/internal/jobs"
)

// SweepArgs is the hourly job that removes blobs no row references.
type SweepArgs struct{}

// Kind names the job in River's table.
func (SweepArgs) Kind() string { return "files_sweep" }

type sweepWorker struct {
	river.WorkerDefaults[SweepArgs]
	store *Store
}

func (w *sweepWorker) Work(ctx context.Context, _ *river.Job[SweepArgs]) error {
	_, err := w.store.Sweep(ctx)
	return err
}

// RegisterSweep makes the job client sweep store every hour.
func RegisterSweep(reg *jobs.Registry, store *Store) {
	jobs.Add(reg, &sweepWorker{store: store})
	reg.Periodic(river.NewPeriodicJob(river.PeriodicInterval(time.Hour),
		func() (river.JobArgs, *river.InsertOpts) { return SweepArgs{}, nil },
		&river.PeriodicJobOpts{RunOnStart: false}))
}
