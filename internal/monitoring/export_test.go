package monitoring

import (
	"context"

	"github.com/jackc/pgx/v5"
)

// ListWay is List with the way to the page chosen: the search's matches
// found by the text index (byHits), or the list's order walked.
func (s *Store) ListWay(ctx context.Context, q ListQuery, byHits bool) (ListPage, error) {
	var p ListPage
	var b pgx.Batch
	queuePage(&b, q, byHits, &p)
	if err := s.pool.SendBatch(ctx, &b).Close(); err != nil {
		return p, err
	}
	l := &listRead{q: q, p: &p, queued: true}
	return p, l.finish(ctx, s)
}
