package monitoring

import (
	"context"
	"strconv"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/daugavpils/prdesk/internal/search"
)

// Search is media monitoring's part of the one search across PR Desk: the
// clippings the list's search finds for q (every word begins a word of the
// title, the author or the text, diacritic-blind, through the words'
// index), the latest published first, at most limit.
func Search(ctx context.Context, pool *pgxpool.Pool, q string, limit int) ([]search.Hit, error) {
	if TSQuery(q) == "" {
		return nil, nil
	}
	where, args := ListQuery{Q: q}.where(nil)
	rows, _ := pool.Query(ctx, `select c.id, c.title, c.published_at, coalesce(o.name, '')
		from monitoring_clippings c left join contacts o on o.id = c.outlet_id
		where `+where+` order by c.published_at desc, c.id desc limit `+strconv.Itoa(limit), args...)
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (search.Hit, error) {
		var h search.Hit
		var id int64
		err := row.Scan(&id, &h.Title, &h.When, &h.Detail)
		h.Link, h.Ref = "/monitoring/"+strconv.FormatInt(id, 10), "#"+strconv.FormatInt(id, 10)
		return h, err
	})
}
