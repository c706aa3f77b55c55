package monitoring

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Headline is a clipping as another area's list names it: its title,
// outlet, date and address.
type Headline struct {
	ID          int64
	Title       string
	Outlet      string
	PublishedAt time.Time
	URL         string
}

// NegativeCoverage are the negative clippings published in [from, to),
// the earliest first, at most limit: what the head's weekly and monthly
// reports to the director list.
func NegativeCoverage(ctx context.Context, pool *pgxpool.Pool, from, to time.Time, limit int) ([]Headline, error) {
	rows, _ := pool.Query(ctx, `select c.id, c.title, coalesce(o.name, ''), c.published_at, c.url
		from monitoring_clippings c left join contacts o on o.id = c.outlet_id
		where c.tone = 'negative' and c.published_at >= $1 and c.published_at < $2
		order by c.published_at, c.id limit $3`, from, to, limit)
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (Headline, error) {
		var h Headline
		err := row.Scan(&h.ID, &h.Title, &h.Outlet, &h.PublishedAt, &h.URL)
		return h, err
	})
}
