package monitoring

import (
	"context"
	"fmt"
	"strconv"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/daugavpils/prdesk/internal/search"
)

// Search is media monitoring's part of the one search across PR Desk: the
// clippings the list's search finds for q (every word begins a word of the
// title, the author or the text, diacritic-blind, through the words'
// index), the latest published first, at most limit. The matches are read
// by the index first, as search.MatchesBound says, unless common knows the
// words to be common; a search that finds them common tells common.
func Search(ctx context.Context, pool *pgxpool.Pool, common *search.CommonWords, q string, limit int) ([]search.Hit, error) {
	tsq := TSQuery(q)
	if tsq == "" {
		return nil, nil
	}
	where, args := ListQuery{Q: q}.where(nil)
	bound, n := strconv.Itoa(search.MatchesBound), strconv.Itoa(limit)
	// Each row says whether it came by the walk: then the words are common.
	const columns = `select c.id, c.title, c.published_at, coalesce(o.name, ''), %s
		from monitoring_clippings c left join contacts o on o.id = c.outlet_id`
	walk := func(only string) string {
		return fmt.Sprintf(columns, "true") + ` where ` + where + only + ` order by c.published_at desc, c.id desc limit ` + n
	}
	sql := walk("")
	if !common.Known(tsq) {
		sql = `with hits as materialized (select c.id, c.published_at from monitoring_clippings c where ` + where + ` limit ` + bound + ` + 1)
		` + fmt.Sprintf(columns, "false") + ` where c.id in (select id from hits order by published_at desc, id desc limit ` + n + `)
			and (select count(*) from hits) <= ` + bound + `
		union all
		(` + walk(` and (select count(*) from hits) > `+bound) + `)
		order by 3 desc, 1 desc`
	}
	rows, _ := pool.Query(ctx, sql, args...)
	walked := false
	hits, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (search.Hit, error) {
		var h search.Hit
		var id int64
		var w bool
		err := row.Scan(&id, &h.Title, &h.When, &h.Detail, &w)
		walked = walked || w
		h.Link, h.Ref = "/monitoring/"+strconv.FormatInt(id, 10), search.IDRef(id)
		return h, err
	})
	if err == nil && walked {
		common.Found(tsq)
	}
	return hits, err
}
