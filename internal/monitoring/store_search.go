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
// index), the latest published first, at most limit. The matches are read
// by the index first, as search.MatchesBound says.
func Search(ctx context.Context, pool *pgxpool.Pool, q string, limit int) ([]search.Hit, error) {
	if TSQuery(q) == "" {
		return nil, nil
	}
	where, args := ListQuery{Q: q}.where(nil)
	bound, n := strconv.Itoa(search.MatchesBound), strconv.Itoa(limit)
	const columns = `select c.id, c.title, c.published_at, coalesce(o.name, '')
		from monitoring_clippings c left join contacts o on o.id = c.outlet_id`
	rows, _ := pool.Query(ctx, `with hits as materialized (select c.id, c.published_at from monitoring_clippings c where `+where+` limit `+bound+` + 1)
		`+columns+` where c.id in (select id from hits order by published_at desc, id desc limit `+n+`)
			and (select count(*) from hits) <= `+bound+`
		union all
		(`+columns+` where `+where+` and (select count(*) from hits) > `+bound+`
			order by c.published_at desc, c.id desc limit `+n+`)
		order by 3 desc, 1 desc`, args...)
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (search.Hit, error) {
		var h search.Hit
		var id int64
		err := row.Scan(&id, &h.Title, &h.When, &h.Detail)
		h.Link, h.Ref = "/monitoring/"+strconv.FormatInt(id, 10), "#"+strconv.FormatInt(id, 10)
		return h, err
	})
}
