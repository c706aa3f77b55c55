package reports

import (
	"context"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// statTables is, for each pattern of table names (a LIKE pattern such as
// 'petition%'), the tables it names, as pg_stat_user_tables would list
// them: read once a server, since tables come and go only with a
// migration, which runs before the server starts.
func statTables(ctx context.Context, pool *pgxpool.Pool, patterns []string) (map[string][]uint32, error) {
	rows, _ := pool.Query(ctx, `
		select p, c.oid
		from unnest($1::text[]) p
		join pg_class c on c.relname like p and c.relkind in ('r', 't', 'm', 'p')
		join pg_namespace n on n.oid = c.relnamespace
		where n.nspname not in ('pg_catalog', 'information_schema') and n.nspname !~ '^pg_toast'`, patterns)
	out := make(map[string][]uint32, len(patterns))
	var p string
	var oid uint32
	_, err := pgx.ForEachRow(rows, []any{&p, &oid}, func() error {
		out[p] = append(out[p], oid)
		return nil
	})
	return out, err
}

// tableWrites is, for each table (by oid), how many rows have been
// inserted, updated and deleted in it since the statistics began: a
// number that every write moves on, read from PostgreSQL's cumulative
// statistics by the functions pg_stat_user_tables is made of, for only the
// tables asked (the view computes every column of every table, and the
// LIKE patterns scan pg_class: a millisecond and more of the database an
// opening). A write shows in it once the writing session reports its
// statistics: at once after a second of work, else within ten seconds of
// going idle. A reset of the statistics moves it too (back), which only
// reads the figures afresh.
func tableWrites(ctx context.Context, pool *pgxpool.Pool, oids []uint32) (map[uint32]int64, error) {
	rows, _ := pool.Query(ctx, `
		select o, pg_stat_get_tuples_inserted(o) + pg_stat_get_tuples_updated(o) + pg_stat_get_tuples_deleted(o)
		from unnest($1::oid[]) o`, oids)
	out := make(map[uint32]int64, len(oids))
	var oid uint32
	var n int64
	_, err := pgx.ForEachRow(rows, []any{&oid, &n}, func() error {
		out[oid] = n
		return nil
	})
	return out, err
}
