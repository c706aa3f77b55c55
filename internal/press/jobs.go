package press

import (
	"context"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"github.com/daugavpils/prdesk/internal/jobs"
)

type sendWorker struct {
	river.WorkerDefaults[SendArgs]
	store *Store
}

func (w *sendWorker) Work(ctx context.Context, job *river.Job[SendArgs]) error {
	// The client that runs the job queues the mail jobs too.
	client, err := river.ClientFromContextSafely[pgx.Tx](ctx)
	if err != nil {
		return err
	}
	return w.store.SendPlanned(ctx, client, job.Args.SendingID)
}

// RegisterSending makes the job client send planned sendings at their
// time, through store.
func RegisterSending(reg *jobs.Registry, store *Store) {
	jobs.Add(reg, &sendWorker{store: store})
}
