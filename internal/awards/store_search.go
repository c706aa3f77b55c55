package awards

import (
	"context"
	"strconv"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/daugavpils/prdesk/internal/search"
)

// Search is the awards' part of the one search across PR Desk: the
// nominations the list's search finds for q (the starts of the words of
// the nominee's name, diacritic-blind, through the words' index on
// name_key: NameQuery), newest first, at most limit. The matches are read
// by the index first, as search.MatchesBound says.
func Search(ctx context.Context, pool *pgxpool.Pool, q string, limit int) ([]search.Hit, error) {
	if NameQuery(q) == "" {
		return nil, nil
	}
	where, args := ListQuery{Q: q}.where()
	bound, n := strconv.Itoa(search.MatchesBound), strconv.Itoa(limit)
	const columns = `select n.id, ` + nomineeName + `, t.name || ' ' || r.year, n.created_at` + nominationFrom
	rows, _ := pool.Query(ctx, `with hits as materialized (select n.id`+nominationFrom+` where `+where+` limit `+bound+` + 1)
		`+columns+` where n.id in (select id from hits order by id desc limit `+n+`)
			and (select count(*) from hits) <= `+bound+`
		union all
		(`+columns+` where `+where+` and (select count(*) from hits) > `+bound+` order by n.id desc limit `+n+`)
		order by 1 desc`, args...)
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (search.Hit, error) {
		var h search.Hit
		var id int64
		err := row.Scan(&id, &h.Title, &h.Detail, &h.When)
		h.Link, h.Ref = "/awards/nominations/"+strconv.FormatInt(id, 10), "#"+strconv.FormatInt(id, 10)
		return h, err
	})
}
