package twincities

import (
	"context"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/daugavpils/prdesk/internal/search"
)

// Search is the twin cities' part of the one search across PR Desk: the
// agreements the list's search finds for q (the city in either spelling,
// the country code, diacritic-blind, through the trigram index), by city,
// at most limit.
func Search(ctx context.Context, pool *pgxpool.Pool, q string, limit int) ([]search.Hit, error) {
	rows, _ := pool.Query(ctx, `select a.id, a.city, a.country from twin_agreements a
		where `+listWhere+` order by a.sort_city, a.id limit `+strconv.Itoa(limit), strings.TrimSpace(q), "", "", "")
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (search.Hit, error) {
		var h search.Hit
		var id int64
		err := row.Scan(&id, &h.Title, &h.Detail)
		h.Link, h.Ref = "/twincities/"+strconv.FormatInt(id, 10), search.IDRef(id)
		return h, err
	})
}
