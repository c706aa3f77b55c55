package press

import (
	"context"
	"strconv"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/daugavpils/prdesk/internal/search"
)

// Search is the press area's part of the one search across PR Desk: the
// releases the list's search finds for q (every word in the title or the
// texts, diacritic-blind, through the trigram index), the last changed
// first, at most limit.
func Search(ctx context.Context, pool *pgxpool.Pool, q string, limit int) ([]search.Hit, error) {
	words, others, args := ListQuery{Q: q}.where(nil)
	rows, _ := pool.Query(ctx, `select r.id, r.title, r.updated_at from press_releases r
		where `+words+` and `+others+` order by r.updated_at desc, r.id desc limit `+strconv.Itoa(limit), args...)
	hits, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (search.Hit, error) {
		var h search.Hit
		var id int64
		err := row.Scan(&id, &h.Title, &h.When)
		h.Link, h.Ref = "/press/"+strconv.FormatInt(id, 10), "#"+strconv.FormatInt(id, 10)
		return h, err
	})
	return hits, err
}
