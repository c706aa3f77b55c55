package jobs

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/db"
)

// StateCount is how many of a queue's jobs are in one state.
type StateCount struct {
	Queue string `db:"queue"`
	State string `db:"state"`
	N     int64  `db:"n"`
}

// CountedStates are the states Counts reads: the jobs waiting (available,
// scheduled, retryable: the queue's depth), those running, and those River
// gave up on (discarded, kept until its cleaner removes them, a week by
// default). Completed and cancelled jobs, the bulk of the table, are not read.
var CountedStates = []string{"available", "scheduled", "retryable", "running", "discarded"}

// Counts counts the jobs of each queue in CountedStates, in one statement
// on River's (state, queue, …) fetching index.
func Counts(ctx context.Context, q db.Querier) ([]StateCount, error) {
	rows, _ := q.Query(ctx, `
		select queue, state::text as state, count(*) as n from river_job
		where state in ('available', 'scheduled', 'retryable', 'running', 'discarded')
		group by queue, state
		order by queue, state`)
	return pgx.CollectRows(rows, pgx.RowToStructByName[StateCount])
}
