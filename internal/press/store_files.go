package press

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/audit"
	"github.com/daugavpils/prdesk/internal/db"
	"github.com/daugavpils/prdesk/internal/errs"
	"github.com/daugavpils/prdesk/internal/files"
)

// A release's attachments: photos and documents journalists may use. They
// are the release's while it can be edited; once it has gone out (or is
// planned to) they stand as sent, and the public newsroom offers them with
// the published release.

// MaxAttachments is the most files one release carries.
const MaxAttachments = 20

// AttachmentTypes are the files a release may carry: photos and PDF.
var AttachmentTypes = []string{files.JPEG, files.PNG, files.PDF}

const fileColumns = `f.id, f.sha256, f.name, f.media_type, f.size, f.created_at, f.created_by`

func scanFile(row pgx.CollectableRow) (files.File, error) {
	var f files.File
	err := row.Scan(&f.ID, &f.SHA256, &f.Name, &f.MediaType, &f.Size, &f.CreatedAt, &f.CreatedBy)
	return f, err
}

// Attachments are release id's files in the order they were added.
func (s *Store) Attachments(ctx context.Context, id int64) ([]files.File, error) {
	rows, _ := s.pool.Query(ctx, `select `+fileColumns+` from press_release_files p join files f on f.id = p.file_id
		where p.release_id = $1 order by p.added_at, f.id`, id)
	return pgx.CollectRows(rows, scanFile)
}

// Attach stores staged as release id's attachments, in one transaction
// with its audit entry. A release gone out, or one that would carry more
// than MaxAttachments, is refused beside the files' field.
func (s *Store) Attach(ctx context.Context, id int64, staged []*files.Staged) error {
	if len(staged) == 0 {
		return errs.Field("files", "press.files.none_chosen")
	}
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		r, err := release(ctx, tx, id, true)
		if err != nil {
			return err
		}
		if !r.Status.Editable() {
			return errs.FieldConflict("files", "press.files.locked")
		}
		var n int
		if err := tx.QueryRow(ctx, `select count(*) from press_release_files where release_id = $1`, id).Scan(&n); err != nil {
			return err
		}
		if n+len(staged) > MaxAttachments {
			return errs.Field("files", "press.files.too_many", MaxAttachments)
		}
		now := s.now()
		var ids []string
		for _, st := range staged {
			f, err := s.files.SaveStaged(ctx, tx, st)
			if err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `insert into press_release_files (release_id, file_id, added_at, added_by) values ($1, $2, $3, $4)`,
				id, f.ID, now, audit.ActorID(ctx)); err != nil {
				return err
			}
			ids = append(ids, fmt.Sprintf("#%d", f.ID))
		}
		// File names may name people: the summary gives the files' numbers.
		e := entry(id, "attach", "pievienoti pielikumi (%d): %s", len(ids), strings.Join(ids, ", "))
		return audit.Record(ctx, tx, e)
	})
}

// Detach removes file fileID from release id as the card drew it (at
// version), in one transaction with its audit entry; the file's bytes go
// once nothing refers to them.
func (s *Store) Detach(ctx context.Context, id int64, version int, fileID int64) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		r, err := release(ctx, tx, id, true)
		if err != nil {
			return err
		}
		if r.Version != version {
			return ErrWrongStatus
		}
		if !r.Status.Editable() {
			return errs.FieldConflict("files", "press.files.locked")
		}
		tag, err := tx.Exec(ctx, `delete from press_release_files where release_id = $1 and file_id = $2`, id, fileID)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return errs.NotFound
		}
		if err := s.files.Delete(ctx, tx, fileID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, entry(id, "detach", "noņemts pielikums #%d", fileID))
	})
}

// Attachment is file fileID of release id; errs.NotFound when the release
// has no such file.
func (s *Store) Attachment(ctx context.Context, id, fileID int64) error {
	var ok bool
	err := s.pool.QueryRow(ctx, `select true from press_release_files where release_id = $1 and file_id = $2`, id, fileID).Scan(&ok)
	return db.NotFound(err, "press release file")
}

// PublicAttachments are the files of release id when it is published, for
// the newsroom; none when it is not.
func (s *Store) PublicAttachments(ctx context.Context, id int64) ([]files.File, error) {
	rows, _ := s.pool.Query(ctx, `select `+fileColumns+` from press_release_files p join files f on f.id = p.file_id
		join press_releases r on r.id = p.release_id
		where p.release_id = $2 and `+published+` order by p.added_at, f.id`, s.now(), id)
	return pgx.CollectRows(rows, scanFile)
}

// PublicAttachment is file fileID of release id when the release is
// published; errs.NotFound otherwise.
func (s *Store) PublicAttachment(ctx context.Context, id, fileID int64) error {
	var ok bool
	err := s.pool.QueryRow(ctx, `select true from press_release_files p join press_releases r on r.id = p.release_id
		where p.release_id = $2 and p.file_id = $3 and `+published, s.now(), id, fileID).Scan(&ok)
	return db.NotFound(err, "published press release file")
}
