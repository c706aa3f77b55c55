package awards

import (
	"context"
	"fmt"
	"strconv"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/daugavpils/prdesk/internal/search"
)

// Search is the awards' part of the one search across PR Desk: the
// nominations the list's search finds for q (the starts of the words of
// the nominee's name, diacritic-blind, through the words' index on
// name_key: NameQuery), newest first, at most limit. The matches are read
// by the index first, as search.MatchesBound says, unless common knows the
// words to be common; a search that finds them common tells common.
func Search(ctx context.Context, pool *pgxpool.Pool, common *search.CommonWords, q string, limit int) ([]search.Hit, error) {
	nq := NameQuery(q)
	if nq == "" {
		return nil, nil
	}
	where, args := ListQuery{Q: q}.where()
	bound, n := strconv.Itoa(search.MatchesBound), strconv.Itoa(limit)
	// Each row says whether it came by the walk: then the words are common.
	const columns = `select n.id, ` + nomineeName + `, t.name || ' ' || r.year, n.created_at, %s` + nominationFrom
	walk := func(only string) string {
		return fmt.Sprintf(columns, "true") + ` where ` + where + only + ` order by n.id desc limit ` + n
	}
	sql := walk("")
	if !common.Known(nq) {
		sql = `with hits as materialized (select n.id` + nominationFrom + ` where ` + where + ` limit ` + bound + ` + 1)
		` + fmt.Sprintf(columns, "false") + ` where n.id in (select id from hits order by id desc limit ` + n + `)
			and (select count(*) from hits) <= ` + bound + `
		union all
		(` + walk(` and (select count(*) from hits) > `+bound) + `)
		order by 1 desc`
	}
	rows, _ := pool.Query(ctx, sql, args...)
	walked := false
	hits, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (search.Hit, error) {
		var h search.Hit
		var id int64
		var w bool
		err := row.Scan(&id, &h.Title, &h.Detail, &h.When, &w)
		walked = walked || w
		h.Link, h.Ref = "/awards/nominations/"+strconv.FormatInt(id, 10), search.IDRef(id)
		return h, err
	})
	if err == nil && walked {
		common.Found(nq)
	}
	return hits, err
}
