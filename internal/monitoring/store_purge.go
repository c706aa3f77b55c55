package monitoring

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/audit"
	"github.com/daugavpils/prdesk/internal/db"
	"github.com/daugavpils/prdesk/internal/i18n"
)

// UnmatchedKeptDays is how long a feed's item no rule matched is kept: long
// enough for a rule tried on the last weeks, or applied to what came
// before it, to find it; after that it is only what the feeds brought.
// Matched items stay, as the inbox's history and the clippings' source.
const UnmatchedKeptDays = 180

// purgeBatch bounds one delete, so that the feed reads are not held up.
const purgeBatch = 5000

// PurgeUnmatched deletes the items no rule matched that were first seen
// over UnmatchedKeptDays ago, a batch a transaction, each with its audit
// entry of how many, and returns how many it deleted.
func (s *Store) PurgeUnmatched(ctx context.Context) (int, error) {
	cutoff := s.now().AddDate(0, 0, -UnmatchedKeptDays)
	total := 0
	for {
		var n int
		err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
			tag, err := tx.Exec(ctx, `delete from monitoring_items where id in (
					select id from monitoring_items where not matched and first_seen_at < $1
					order by first_seen_at limit $2 for update skip locked)`, cutoff, purgeBatch)
			if err != nil {
				return err
			}
			if n = int(tag.RowsAffected()); n == 0 {
				return nil
			}
			return audit.Record(ctx, tx, audit.Entry{Entity: "monitoring_items_purge", EntityID: s.now().Unix(), Action: "delete",
				Summary: fmt.Sprintf("dzēsti plūsmu ieraksti, kuriem neatbilda neviens noteikums un kuri pirmo reizi redzēti pirms %s (skaits: %d)",
					i18n.Date(cutoff), n)})
		})
		total += n
		if err != nil || n < purgeBatch {
			return total, err
		}
	}
}
