package awards

import (
	"context"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/daugavpils/prdesk/internal/db"
	"github.com/daugavpils/prdesk/internal/files"
)

// ForceStatus sets round id's status straight, for fixtures and demo data:
// a decided or awarded round gets a decision number and date when it has
// none.
func ForceStatus(ctx context.Context, pool *pgxpool.Pool, id int64, status Status) error {
	_, err := pool.Exec(ctx, `update award_rounds set status = $2,
		decision_number = case when $2 in ('decided', 'awarded') and decision_number = '' then '12/' || year else decision_number end,
		decision_date = case when $2 in ('decided', 'awarded') then coalesce(decision_date, coalesce(decision_on, closes_on)) else decision_date end,
		version = version + 1 where id = $1`, id, status)
	return err
}

// AttachDocument stores content as a document of nomination id, for fixtures.
func AttachDocument(ctx context.Context, pool *pgxpool.Pool, fs *files.Store, nomination int64, name, content string) (int64, error) {
	st, err := fs.Stage(name, strings.NewReader(content), 1<<20, []string{files.PDF})
	if err != nil {
		return 0, err
	}
	var id int64
	err = db.InTx(ctx, pool, func(tx pgx.Tx) error {
		f, err := fs.SaveStaged(ctx, tx, st)
		if err != nil {
			return err
		}
		id = f.ID
		_, err = tx.Exec(ctx, `insert into award_nomination_files (nomination_id, file_id, created_at) values ($1, $2, $3)`,
			nomination, f.ID, f.CreatedAt)
		return err
	})
	return id, err
}

// ForceLaureate marks nomination id a laureate straight, for fixtures and demo data.
func ForceLaureate(ctx context.Context, pool *pgxpool.Pool, id int64) error {
	_, err := pool.Exec(ctx, `update award_nominations set laureate = true where id = $1`, id)
	return err
}
