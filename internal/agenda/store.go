package agenda

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/db"
)

// Read is one area's items alone, read through q in one round trip.
func Read(ctx context.Context, q db.Querier, queue Queue, o Official, from, to time.Time) ([]Item, error) {
	var b pgx.Batch
	pending := queue(&b, o, from, to)
	if err := q.SendBatch(ctx, &b).Close(); err != nil {
		return nil, err
	}
	return pending(ctx, q)
}
