package files

import (
	"archive/zip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/daugavpils/prdesk/internal/audit"
	"github.com/daugavpils/prdesk/internal/errs"
	"github.com/daugavpils/prdesk/internal/i18n"
)

// Store keeps files under one directory and their rows in PostgreSQL.
type Store struct {
	pool *pgxpool.Pool
	dir  string
	now  func() time.Time
}

// NewStore uses dir (created if missing) for the blobs. Uploads are staged
// in dir/tmp, on the same file system, so that moving one into place is an
// atomic rename. now is the clock (the app's Config.Now): a saved blob's
// time, and Sweep's cutoff, are read from it.
func NewStore(pool *pgxpool.Pool, dir string, now func() time.Time) (*Store, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("files directory: %w", err)
	}
	if err := os.MkdirAll(filepath.Join(abs, "tmp"), 0o750); err != nil {
		return nil, fmt.Errorf("files directory: %w", err)
	}
	return &Store{pool: pool, dir: abs, now: now}, nil
}

// Dir is the absolute storage directory.
func (s *Store) Dir() string { return s.dir }

func (s *Store) tmpDir() string { return filepath.Join(s.dir, "tmp") }

func (s *Store) blobPath(sum string) string {
	return filepath.Join(s.dir, sum[0:2], sum[2:4], sum)
}

// Staged is an upload that passed the checks and waits in a temporary file
// for SaveStaged (or Discard).
type Staged struct {
	Field     string // the form field it came in, when read by ReadMultipart
	Name      string // cleaned
	MediaType string
	Size      int64
	SHA256    string
	path      string // the temporary file; "" once moved or discarded
}

// Discard removes the temporary file of an upload that was not saved. It is
// safe to call after SaveStaged, and more than once.
func (st *Staged) Discard() {
	if st == nil || st.path == "" {
		return
	}
	os.Remove(st.path) //nolint:errcheck // a leftover is removed by Sweep
	st.path = ""
}

// Stage streams r into a temporary file in the storage directory while
// hashing and counting it. The type is sniffed from the first bytes and
// refused (*TypeError) before anything is written when it is not in allowed;
// more than limit bytes is refused with *TooLargeError, and nothing is left
// behind. An empty file is ErrEmpty.
func (s *Store) Stage(name string, r io.Reader, limit int64, allowed []string) (*Staged, error) {
	if limit <= 0 {
		return nil, errors.New("files: limit must be positive")
	}
	head := make([]byte, sniffLen)
	n, err := io.ReadFull(r, head)
	if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
		return nil, err
	}
	head = head[:n]
	if n == 0 {
		return nil, ErrEmpty
	}
	mt := Sniff(head)
	// A ZIP archive may be a Word document: staged as one, and looked into
	// once it is whole (docx).
	if mt == zipType && slices.Contains(allowed, DOCX) {
		mt = DOCX
	}
	if !Known(mt) || !slices.Contains(allowed, mt) {
		return nil, &TypeError{Detected: mt, Allowed: allowed}
	}
	if int64(n) > limit {
		return nil, &TooLargeError{Limit: limit}
	}

	tmp, err := os.CreateTemp(s.tmpDir(), "upload-*")
	if err != nil {
		return nil, s.writeError(err)
	}
	st := &Staged{Name: CleanName(name, mt), MediaType: mt, path: tmp.Name()}
	fail := func(err error) (*Staged, error) {
		tmp.Close()
		st.Discard()
		return nil, err
	}
	h := sha256.New()
	w := io.MultiWriter(tmp, h)
	if _, err := w.Write(head); err != nil {
		return fail(s.writeError(err))
	}
	// One byte past the limit tells "exactly limit" from "more".
	rest, err := io.Copy(w, io.LimitReader(r, limit-int64(n)+1))
	if err != nil {
		return fail(s.writeError(err))
	}
	st.Size = int64(n) + rest
	if st.Size > limit {
		return fail(&TooLargeError{Limit: limit})
	}
	// The row will promise these bytes; make sure they reached the disk.
	if err := tmp.Sync(); err != nil {
		return fail(s.writeError(err))
	}
	if err := tmp.Close(); err != nil {
		st.Discard()
		return nil, s.writeError(err)
	}
	if mt == DOCX && !isDOCX(st.path, st.Size) {
		st.Discard()
		return nil, &TypeError{Detected: zipType, Allowed: allowed}
	}
	st.SHA256 = hex.EncodeToString(h.Sum(nil))
	return st, nil
}

// isDOCX tells whether the ZIP archive at path is a Word document: its
// directory reads and names the package's content types and the document's
// body. Only the directory is read, whatever the entries would unpack to.
func isDOCX(path string, size int64) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	zr, err := zip.NewReader(f, size)
	if err != nil {
		return false
	}
	var types, body bool
	for _, e := range zr.File {
		switch e.Name {
		case "[Content_Types].xml":
			types = true
		case "word/document.xml":
			body = true
		}
	}
	return types && body
}

// writeError is err from writing to the storage directory: ErrNoSpace when
// the disk is full or over its quota, logged as the administrator's
// problem it is; otherwise err as it came.
func (s *Store) writeError(err error) error {
	if errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EDQUOT) {
		slog.Error("files: the storage directory is full; uploads are refused until there is room", "dir", s.dir, "err", err)
		return ErrNoSpace
	}
	return fmt.Errorf("files: %w", err)
}

// lockBlob takes the advisory lock of one blob until tx ends. It is shared:
// uploads of the same bytes do not wait for each other, only Sweep's
// exclusive try-lock fails while any of them is in flight.
func lockBlob(ctx context.Context, tx pgx.Tx, sum string) error {
	_, err := tx.Exec(ctx, `select pg_advisory_xact_lock_shared(hashtextextended('files/' || $1, 0))`, sum)
	return err
}

// SaveStaged moves a staged upload to its content address (or, when the same
// bytes are already stored, drops the copy) and inserts its row, with an
// audit entry, inside tx. If tx later rolls back, the blob stays until Sweep
// finds it unreferenced.
func (s *Store) SaveStaged(ctx context.Context, tx pgx.Tx, st *Staged) (File, error) {
	if st == nil || st.path == "" {
		return File{}, errors.New("files: upload already saved or discarded")
	}
	// Held until tx ends, so Sweep cannot remove the blob before our row is visible.
	if err := lockBlob(ctx, tx, st.SHA256); err != nil {
		return File{}, err
	}
	if err := s.place(st); err != nil {
		return File{}, err
	}
	actor := audit.ActorOf(ctx)
	var createdBy *int64
	if actor.ID != 0 {
		createdBy = &actor.ID
	}
	rows, err := tx.Query(ctx, `
		insert into files (sha256, name, media_type, size, created_by)
		values ($1, $2, $3, $4, $5)
		returning id, sha256, name, media_type, size, created_at, created_by`,
		st.SHA256, st.Name, st.MediaType, st.Size, createdBy)
	if err != nil {
		return File{}, err
	}
	f, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[File])
	if err != nil {
		return File{}, err
	}
	err = audit.RecordAs(ctx, tx, actor, audit.Entry{
		Entity: "file", EntityID: f.ID, Action: "create",
		Summary: fmt.Sprintf("Pievienots fails Nr. %d (%s, %s baiti)", f.ID, f.MediaType, i18n.Number(f.Size)),
		Details: map[string]any{"sha256": f.SHA256, "media_type": f.MediaType, "size": f.Size},
	})
	return f, err
}

// place puts the staged bytes at their content address. The caller holds the
// blob's lock. Uploads of the same bytes may race here: renaming identical
// content over itself is harmless.
func (s *Store) place(st *Staged) error {
	final := s.blobPath(st.SHA256)
	if err := os.MkdirAll(filepath.Dir(final), 0o750); err != nil {
		return s.writeError(err)
	}
	switch _, err := os.Stat(final); {
	case err == nil:
		// The same content is already stored: the copy is not needed.
		st.Discard()
	case errors.Is(err, fs.ErrNotExist):
		if err := os.Rename(st.path, final); err != nil {
			return fmt.Errorf("files: %w", err)
		}
		st.path = ""
		if err := syncDir(filepath.Dir(final)); err != nil {
			return err
		}
	default:
		return fmt.Errorf("files: %w", err)
	}
	// A fresh time keeps Sweep's hands off for Grace should tx roll back,
	// also when the blob was an old unreferenced one being reused.
	now := s.now()
	if err := os.Chtimes(final, now, now); err != nil {
		return fmt.Errorf("files: %w", err)
	}
	return nil
}

// syncDir makes a rename into dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("files: %w", err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("files: %w", err)
	}
	return nil
}

// Save is Stage followed by SaveStaged: it checks and stores one upload and
// inserts its row inside tx.
func (s *Store) Save(ctx context.Context, tx pgx.Tx, name string, r io.Reader, limit int64, allowed []string) (File, error) {
	st, err := s.Stage(name, r, limit, allowed)
	if err != nil {
		return File{}, err
	}
	defer st.Discard()
	return s.SaveStaged(ctx, tx, st)
}

// Get reads a file's row. A missing row is errs.NotFound.
func (s *Store) Get(ctx context.Context, id int64) (File, error) {
	rows, err := s.pool.Query(ctx, `
		select id, sha256, name, media_type, size, created_at, created_by
		from files where id = $1`, id)
	if err != nil {
		return File{}, err
	}
	f, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[File])
	if errors.Is(err, pgx.ErrNoRows) {
		return File{}, fmt.Errorf("file %d: %w", id, errs.NotFound)
	}
	return f, err
}

// Open reads a file's row and opens its bytes; the caller closes them. A
// missing row is errs.NotFound; a row whose blob is missing or of the wrong
// size is an internal error, since it means lost data.
func (s *Store) Open(ctx context.Context, id int64) (File, io.ReadSeekCloser, error) {
	f, err := s.Get(ctx, id)
	if err != nil {
		return File{}, nil, err
	}
	blob, err := os.Open(s.blobPath(f.SHA256))
	if err != nil {
		return File{}, nil, fmt.Errorf("file %d: blob: %w", id, err)
	}
	fi, err := blob.Stat()
	if err != nil || fi.Size() != f.Size {
		blob.Close()
		return File{}, nil, fmt.Errorf("file %d: blob %s is not %d bytes (%v)", id, f.SHA256, f.Size, err)
	}
	return f, blob, nil
}

// Delete removes a file's row inside tx, with an audit entry. The blob goes
// with the next Sweep once no row references it. A missing row is
// errs.NotFound; a row still referenced by its owner fails on the owner's
// foreign key.
func (s *Store) Delete(ctx context.Context, tx pgx.Tx, id int64) error {
	var sum string
	err := tx.QueryRow(ctx, `delete from files where id = $1 returning sha256`, id).Scan(&sum)
	if errors.Is(err, pgx.ErrNoRows) {
		return fmt.Errorf("file %d: %w", id, errs.NotFound)
	}
	if err != nil {
		return err
	}
	return audit.Record(ctx, tx, audit.Entry{
		Entity: "file", EntityID: id, Action: "delete",
		Summary: fmt.Sprintf("Dzēsts fails Nr. %d", id),
		Details: map[string]any{"sha256": sum},
	})
}

var blobName = regexp.MustCompile(`^[0-9a-f]{64}$`)

// Sweep removes blobs that no row references and that are older than Grace,
// and temporary files left by uploads that never finished. It reports how
// many files it removed. Run it now and then (a periodic job); it is safe
// alongside uploads. Empty shard directories are kept: removing one could
// race an upload about to rename into it.
func (s *Store) Sweep(ctx context.Context) (int, error) {
	cutoff := s.now().Add(-Grace)
	removed := 0

	tmps, err := os.ReadDir(s.tmpDir())
	if err != nil {
		return 0, fmt.Errorf("files: %w", err)
	}
	for _, e := range tmps {
		if fi, err := e.Info(); err == nil && fi.Mode().IsRegular() && fi.ModTime().Before(cutoff) {
			if os.Remove(filepath.Join(s.tmpDir(), e.Name())) == nil {
				removed++
			}
		}
	}

	firsts, err := os.ReadDir(s.dir)
	if err != nil {
		return removed, fmt.Errorf("files: %w", err)
	}
	for _, a := range firsts {
		if !a.IsDir() || len(a.Name()) != 2 {
			continue
		}
		seconds, err := os.ReadDir(filepath.Join(s.dir, a.Name()))
		if err != nil {
			return removed, fmt.Errorf("files: %w", err)
		}
		for _, b := range seconds {
			if !b.IsDir() || len(b.Name()) != 2 {
				continue
			}
			if err := ctx.Err(); err != nil {
				return removed, err
			}
			n, err := s.sweepShard(ctx, filepath.Join(s.dir, a.Name(), b.Name()), cutoff)
			removed += n
			if err != nil {
				return removed, err
			}
		}
	}
	return removed, nil
}

// sweepShard handles one ab/cd directory: one query for which of its old
// blobs are referenced, then a locked re-check of each one that seems not to be.
func (s *Store) sweepShard(ctx context.Context, dir string, cutoff time.Time) (int, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return 0, fmt.Errorf("files: %w", err)
	}
	var old []string
	for _, e := range entries {
		if !blobName.MatchString(e.Name()) {
			continue
		}
		if fi, err := e.Info(); err == nil && fi.ModTime().Before(cutoff) {
			old = append(old, e.Name())
		}
	}
	if len(old) == 0 {
		return 0, nil
	}
	rows, err := s.pool.Query(ctx, `select distinct sha256 from files where sha256 = any($1)`, old)
	if err != nil {
		return 0, err
	}
	used, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return 0, err
	}
	removed := 0
	for _, sum := range old {
		if slices.Contains(used, sum) {
			continue
		}
		ok, err := s.removeIfUnused(ctx, sum, cutoff)
		if err != nil {
			return removed, err
		}
		if ok {
			removed++
		}
	}
	return removed, nil
}

// removeIfUnused removes one blob under its lock, after checking again that
// no row references it and that no upload has touched it since the listing.
// A blob locked by a transaction in flight is left for the next sweep.
func (s *Store) removeIfUnused(ctx context.Context, sum string, cutoff time.Time) (bool, error) {
	removed := false
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		var locked bool
		if err := tx.QueryRow(ctx, `select pg_try_advisory_xact_lock(hashtextextended('files/' || $1, 0))`, sum).Scan(&locked); err != nil || !locked {
			return err
		}
		var used bool
		if err := tx.QueryRow(ctx, `select exists (select 1 from files where sha256 = $1)`, sum).Scan(&used); err != nil || used {
			return err
		}
		path := s.blobPath(sum)
		fi, err := os.Stat(path)
		if err != nil || !fi.ModTime().Before(cutoff) {
			return nil
		}
		if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("files: %w", err)
		}
		removed = true
		return nil
	})
	return removed, err
}

// AuditEntities are the files' entity in the audit log: an upload belongs
// to a record of an area, often about a person (a scanned submission), so
// its entries count as personal data. Their summaries name a file by its
// number, never by the name it was uploaded with, which is often the
// person's ("Bērziņš Jānis iesniegums.pdf").
func AuditEntities() audit.Entities { return audit.Entities{"file": true} }
