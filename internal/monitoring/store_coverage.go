package monitoring

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/db"
)

// Coverage is one clipping a press release brought, as the release's card
// lists it.
type Coverage struct {
	ID          int64
	Title       string
	OutletName  string
	PublishedAt time.Time
	Tone        Tone
	URL         string
}

// ReleaseCoverage is the clippings of release id, newest first, at most
// limit, and how many there are: what the press area's card shows of the
// release's coverage.
func ReleaseCoverage(ctx context.Context, q db.Querier, id int64, limit int) ([]Coverage, int, error) {
	total := 0
	rows, _ := q.Query(ctx, `select c.id, c.title, k.name, c.published_at, c.tone, c.url, count(*) over ()
		from monitoring_clippings c
		join contacts o on o.id = c.outlet_id
		join contacts k on k.id = coalesce(o.merged_into, o.id)
		where c.release_id = $1 order by c.published_at desc, c.id desc limit $2`, id, limit)
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (Coverage, error) {
		var c Coverage
		err := row.Scan(&c.ID, &c.Title, &c.OutletName, &c.PublishedAt, &c.Tone, &c.URL, &total)
		return c, err
	})
	return out, total, err
}
