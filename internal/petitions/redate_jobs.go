package petitions

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"github.com/daugavpils/prdesk/internal/jobs"
)

type recomputeWorker struct {
	river.WorkerDefaults[RecomputeArgs]
	store *Store
}

// Work recomputes one batch and, when it was full, queues the next one in
// the same transaction through the client that runs it.
func (w *recomputeWorker) Work(ctx context.Context, job *river.Job[RecomputeArgs]) error {
	client := river.ClientFromContext[pgx.Tx](ctx)
	_, err := w.store.Recompute(ctx, job.Args, func(ctx context.Context, tx pgx.Tx, next RecomputeArgs) error {
		_, err := client.InsertTx(ctx, tx, next, nil)
		return err
	})
	return err
}

type fillForwardWorker struct {
	river.WorkerDefaults[FillForwardArgs]
	store *Store
}

func (w *fillForwardWorker) Work(ctx context.Context, _ *river.Job[FillForwardArgs]) error {
	_, err := w.store.FillForward(ctx)
	return err
}

// Timeout leaves a first run over a large registry time to finish.
func (w *fillForwardWorker) Timeout(*river.Job[FillForwardArgs]) time.Duration { return time.Hour }

// RegisterDeadlines makes the job client recompute due dates when the
// calendar or the rules change (RecomputeArgs, queued by CalendarHook and
// AddRule), and give the open submissions registered before the forwarding
// term was kept their forwarding term, at start and every night.
// It needs d's Pool, Calendar and Now.
func RegisterDeadlines(reg *jobs.Registry, d Deps) {
	s := NewStore(d)
	jobs.Add(reg, &recomputeWorker{store: s})
	jobs.Add(reg, &fillForwardWorker{store: s})
	reg.Periodic(river.NewPeriodicJob(jobs.DailyAt{Hour: 3, Minute: 45},
		func() (river.JobArgs, *river.InsertOpts) { return FillForwardArgs{}, nil },
		&river.PeriodicJobOpts{RunOnStart: true}))
}
