package reports

import (
	"context"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// tableRevisions is, for each pattern of table names (a LIKE pattern such
// as 'petition%'), how many rows have been inserted, updated and deleted
// in those tables since the statistics began: a number that every write
// of an area moves on, read from PostgreSQL's cumulative statistics in one
// catalogue query whatever the tables hold. A write shows in it once the
// writing session reports its statistics: at once after a second of
// work, else within ten seconds of going idle. A reset of the statistics
// moves it too (back), which only reads the figures afresh.
func tableRevisions(ctx context.Context, pool *pgxpool.Pool, patterns []string) (map[string]int64, error) {
	rows, _ := pool.Query(ctx, `
		select p, coalesce(sum(t.n_tup_ins + t.n_tup_upd + t.n_tup_del), 0)::bigint
		from unnest($1::text[]) p left join pg_stat_user_tables t on t.relname like p
		group by p`, patterns)
	out := make(map[string]int64, len(patterns))
	var p string
	var n int64
	_, err := pgx.ForEachRow(rows, []any{&p, &n}, func() error {
		out[p] = n
		return nil
	})
	return out, err
}
