package monitoring

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/audit"
	"github.com/daugavpils/prdesk/internal/db"
	"github.com/daugavpils/prdesk/internal/errs"
	"github.com/daugavpils/prdesk/internal/files"
)

// errNoFile is a clipping without a file asked for its file.
var errNoFile = fmt.Errorf("monitoring: the clipping has no file: %w", errs.NotFound)

// File is the clipping's file as stored.
func (s *Store) File(ctx context.Context, id int64) (files.File, error) {
	return s.files.Get(ctx, id)
}

// SetFile keeps staged as clipping id's file in place of the one before,
// or removes it when staged is nil (version as the card drew it), in one
// transaction with its audit entry. The file before stays in storage
// until nothing refers to it (the files' sweep).
func (s *Store) SetFile(ctx context.Context, id int64, version int, staged *files.Staged) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		var v int
		var old *int64
		if err := tx.QueryRow(ctx, `select version, file_id from monitoring_clippings where id = $1 for update`, id).Scan(&v, &old); err != nil {
			return db.NotFound(err, "monitoring clipping")
		}
		if v != version {
			return errs.FieldConflict("file", "errors.conflict")
		}
		var fileID *int64
		summary := "fails noņemts"
		if staged != nil {
			f, err := s.files.SaveStaged(ctx, tx, staged)
			if err != nil {
				return err
			}
			fileID = &f.ID
			// A file's name may name people: the summary gives its number.
			summary = fmt.Sprintf("pievienots fails Nr. %d", f.ID)
		} else if old == nil {
			return nil
		}
		if _, err := tx.Exec(ctx, `update monitoring_clippings set file_id = $2, updated_at = $3, version = version + 1 where id = $1`,
			id, fileID, s.now()); err != nil {
			return err
		}
		action := "attach"
		if staged == nil {
			action = "detach"
		}
		return audit.Record(ctx, tx, clippingEntry(id, action, "%s", summary))
	})
}
