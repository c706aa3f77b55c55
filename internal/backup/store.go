package backup

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/daugavpils/prdesk/internal/audit"
)

// lockKey is the advisory lock held while a backup or a restore runs, so
// that a nightly job and one run by hand never write at once.
const lockKey = 7310

// snapshot is what the database says inside the transaction whose
// snapshot pg_dump is given: the same moment the dump shows.
type snapshot struct {
	ID            string           // pg_export_snapshot()
	Database      string           // current_database()
	ServerVersion string           // server_version
	ServerMajor   int              // from server_version_num
	Migration     int64            // the newest goose migration applied
	SizeBytes     int64            // pg_database_size
	Tables        map[string]int64 // "schema.table" → rows
	Blobs         []Blob           // the stored files the rows refer to, by sha256
	FileRows      int64            // rows of files
}

// serverMajor is the database server's major version (15 for 15.20).
func serverMajor(ctx context.Context, q pgx.Tx) (int, string, error) {
	var num, version string
	if err := q.QueryRow(ctx, `select current_setting('server_version_num'), current_setting('server_version')`).Scan(&num, &version); err != nil {
		return 0, "", err
	}
	n, err := strconv.Atoi(num)
	if err != nil {
		return 0, "", fmt.Errorf("server_version_num %q: %w", num, err)
	}
	return n / 10000, version, nil
}

// tableNames lists the database's own tables (not PostgreSQL's, not an
// extension's), partitioned tables as one.
func tableNames(ctx context.Context, q pgx.Tx) ([]pgx.Identifier, error) {
	rows, err := q.Query(ctx, `
		select n.nspname, c.relname
		from pg_class c join pg_namespace n on n.oid = c.relnamespace
		where c.relkind in ('r', 'p') and not c.relispartition
		  and n.nspname not in ('pg_catalog', 'information_schema', 'pg_toast')
		  and n.nspname not like 'pg_temp%' and n.nspname not like 'pg_toast_temp%'
		  and not exists (select 1 from pg_depend d where d.classid = 'pg_class'::regclass
		                  and d.objid = c.oid and d.deptype = 'e')
		order by 1, 2`)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (pgx.Identifier, error) {
		var schema, name string
		err := r.Scan(&schema, &name)
		return pgx.Identifier{schema, name}, err
	})
}

// countRows counts every table's rows, exactly.
func countRows(ctx context.Context, q pgx.Tx) (map[string]int64, error) {
	names, err := tableNames(ctx, q)
	if err != nil {
		return nil, err
	}
	out := make(map[string]int64, len(names))
	for _, id := range names {
		var n int64
		// The name comes from the catalogue and is quoted as an identifier.
		if err := q.QueryRow(ctx, "select count(*) from "+id.Sanitize()).Scan(&n); err != nil {
			return nil, fmt.Errorf("counting %s.%s: %w", id[0], id[1], err)
		}
		out[id[0]+"."+id[1]] = n
	}
	return out, nil
}

// takeSnapshot opens a read-only repeatable-read transaction, exports its
// snapshot, reads in it what the manifest needs, and calls fn while the
// transaction is still open (pg_dump imports the snapshot; it must exist
// until then). It holds the backup lock for as long.
func takeSnapshot(ctx context.Context, pool *pgxpool.Pool, fn func(snapshot) error) error {
	conn, err := pool.Acquire(ctx)
	if err != nil {
		return err
	}
	defer conn.Release()
	var locked bool
	if err := conn.QueryRow(ctx, `select pg_try_advisory_lock($1)`, lockKey).Scan(&locked); err != nil {
		return err
	}
	if !locked {
		return ErrBusy
	}
	defer conn.Exec(context.WithoutCancel(ctx), `select pg_advisory_unlock($1)`, lockKey) //nolint:errcheck

	return pgx.BeginTxFunc(ctx, conn, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		var s snapshot
		// First statement: the transaction's snapshot is taken here.
		if err := tx.QueryRow(ctx, `select pg_export_snapshot(), current_database(), pg_database_size(current_database())`).
			Scan(&s.ID, &s.Database, &s.SizeBytes); err != nil {
			return fmt.Errorf("exporting a snapshot: %w", err)
		}
		s.ServerMajor, s.ServerVersion, err = serverMajor(ctx, tx)
		if err != nil {
			return err
		}
		if err := tx.QueryRow(ctx, `select coalesce(max(version_id), 0) from goose_db_version where is_applied`).Scan(&s.Migration); err != nil {
			return fmt.Errorf("reading the migration version (is this PR Desk's database?): %w", err)
		}
		if s.Tables, err = countRows(ctx, tx); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `select sha256, max(size) from files group by sha256 order by sha256`)
		if err != nil {
			return err
		}
		s.Blobs, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (Blob, error) {
			var b Blob
			err := r.Scan(&b.SHA256, &b.Size)
			return b, err
		})
		if err != nil {
			return err
		}
		s.FileRows = s.Tables["public.files"]
		return fn(s)
	})
}

// target is what a restore needs to know of the database it restores into.
type target struct {
	ServerMajor int
	Tables      int // the database's own tables: 0 for an empty database
}

// inspectTarget reads the target database's version and whether it holds anything.
func inspectTarget(ctx context.Context, pool *pgxpool.Pool) (target, error) {
	var t target
	err := pgx.BeginTxFunc(ctx, pool, pgx.TxOptions{AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		var err error
		if t.ServerMajor, _, err = serverMajor(ctx, tx); err != nil {
			return err
		}
		names, err := tableNames(ctx, tx)
		t.Tables = len(names)
		return err
	})
	return t, err
}

// lockRestore takes the backup lock on the target for as long as the
// returned function is not called.
func lockRestore(ctx context.Context, pool *pgxpool.Pool) (func(), error) {
	conn, err := pool.Acquire(ctx)
	if err != nil {
		return nil, err
	}
	var locked bool
	if err := conn.QueryRow(ctx, `select pg_try_advisory_lock($1)`, lockKey).Scan(&locked); err != nil {
		conn.Release()
		return nil, err
	}
	if !locked {
		conn.Release()
		return nil, ErrBusy
	}
	return func() {
		conn.Exec(context.WithoutCancel(ctx), `select pg_advisory_unlock($1)`, lockKey) //nolint:errcheck
		conn.Release()
	}, nil
}

// restoredCounts counts every table of the restored database.
func restoredCounts(ctx context.Context, pool *pgxpool.Pool) (map[string]int64, error) {
	var out map[string]int64
	err := pgx.BeginTxFunc(ctx, pool, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		var err error
		out, err = countRows(ctx, tx)
		return err
	})
	return out, err
}

// record writes one audit entry in its own transaction. A database
// without the audit log (not PR Desk's, or not migrated) is no error: the
// entry is skipped.
func record(ctx context.Context, pool *pgxpool.Pool, e audit.Entry) (bool, error) {
	var exists bool
	if err := pool.QueryRow(ctx, `select to_regclass('audit_log') is not null`).Scan(&exists); err != nil || !exists {
		return false, err
	}
	err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		return audit.RecordAs(ctx, tx, audit.System, e)
	})
	return err == nil, err
}

// ErrBusy is a backup or restore refused because another one holds the lock.
var ErrBusy = errors.New("another backup or restore of this database is running")
