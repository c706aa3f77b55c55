package db

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/daugavpils/prdesk/migrations"
)

// BackfillBatch is how many rows one transaction of a backfill fills: a
// few tenths of a second of row locks, which a registration waiting on one
// of them hardly notices.
const BackfillBatch = 2000

// Backfill does what the migrations left to the server
// (migrations.Backfills), batch after batch, until nothing is left or ctx
// ends. Each batch is one transaction that moves the backfill's settings
// row on, so a backfill cut short resumes where it stopped, and two
// servers take turns rather than fill a batch twice. Registrations go on
// meanwhile; the migration's trigger keeps the rows they write.
func Backfill(ctx context.Context, pool *pgxpool.Pool, batch int) error {
	for _, b := range migrations.Backfills {
		rows := 0
		for {
			n, more, err := backfillBatch(ctx, pool, b, batch)
			if err != nil {
				return fmt.Errorf("backfill %s: %w", b.Key, err)
			}
			rows += n
			if !more {
				break
			}
		}
		if rows > 0 {
			slog.InfoContext(ctx, "backfill done", "backfill", b.Key, "rows", rows)
		}
	}
	return nil
}

// backfillBatch fills the next batch of b; more is false once b is done
// (or was never due).
func backfillBatch(ctx context.Context, pool *pgxpool.Pool, b migrations.Backfill, batch int) (n int, more bool, err error) {
	err = InTx(ctx, pool, func(tx pgx.Tx) error {
		var below int64
		err := tx.QueryRow(ctx, `select value::bigint from settings where key = $1 for update`, b.Key).Scan(&below)
		if errors.Is(err, pgx.ErrNoRows) {
			return nil // done, here or by another server
		}
		if err != nil {
			return err
		}
		rows, _ := tx.Query(ctx, b.Lock, below, batch)
		ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
		if err != nil {
			return err
		}
		if len(ids) == 0 {
			_, err := tx.Exec(ctx, `delete from settings where key = $1`, b.Key)
			return err
		}
		if _, err := tx.Exec(ctx, b.Fill, ids); err != nil {
			return err
		}
		n, more = len(ids), true
		_, err = tx.Exec(ctx, `update settings set value = to_jsonb($2::bigint), version = version + 1, updated_at = now()
			where key = $1`, b.Key, ids[len(ids)-1])
		return err
	})
	return n, more, err
}
