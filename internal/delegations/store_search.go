package delegations

import (
	"context"
	"strconv"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/daugavpils/prdesk/internal/search"
)

// Search is the delegations' part of the one search across PR Desk: those
// the list's search finds for q (in the title, city, country code and
// purpose, diacritic-blind, through the trigram index), the latest start
// first, at most limit.
func Search(ctx context.Context, pool *pgxpool.Pool, q string, limit int) ([]search.Hit, error) {
	rows, _ := pool.Query(ctx, `select d.id, d.title, d.city, d.starts_on from delegations d
		where `+listWhere+` order by d.starts_on desc, d.id desc limit `+strconv.Itoa(limit), ListQuery{Q: q}.args()...)
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (search.Hit, error) {
		var h search.Hit
		var id int64
		err := row.Scan(&id, &h.Title, &h.Detail, &h.When)
		h.Link, h.Ref = "/delegations/"+strconv.FormatInt(id, 10), search.IDRef(id)
		return h, err
	})
}
