package files

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/daugavpils/prdesk/internal/db/dbtest"
	"github.com/daugavpils/prdesk/internal/errs"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

var all = []string{PDF, JPEG, PNG, TIFF}

func newStore(t *testing.T) (*Store, *pgxpool.Pool) {
	t.Helper()
	pool := dbtest.Pool(t)
	s, err := NewStore(pool, t.TempDir(), time.Now)
	if err != nil {
		t.Fatal(err)
	}
	return s, pool
}

func sum(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// save stores one upload in its own committed transaction.
func save(t *testing.T, s *Store, pool *pgxpool.Pool, name string, content []byte, limit int64, allowed []string) (File, error) {
	t.Helper()
	var f File
	err := pgx.BeginFunc(context.Background(), pool, func(tx pgx.Tx) error {
		var err error
		f, err = s.Save(context.Background(), tx, name, bytes.NewReader(content), limit, allowed)
		return err
	})
	return f, err
}

// onDisk lists every file under the storage directory, relative to it.
func onDisk(t *testing.T, s *Store) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(s.Dir(), func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(s.Dir(), path)
		out = append(out, rel)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// unique makes a test's content its own, so that rows from an earlier run
// (go test -count) in the same database do not count.
func unique(note string) string {
	return fmt.Sprintf("%s %d", note, time.Now().UnixNano())
}

func rowsWith(t *testing.T, pool *pgxpool.Pool, sha string) int {
	t.Helper()
	var n int
	if err := pool.QueryRow(context.Background(), `select count(*) from files where sha256 = $1`, sha).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func age(t *testing.T, path string, d time.Duration) {
	t.Helper()
	old := time.Now().Add(-d)
	if err := os.Chtimes(path, old, old); err != nil {
		t.Fatal(err)
	}
}

func TestSniff(t *testing.T) {
	for _, tc := range []struct {
		name    string
		content []byte
		want    string
	}{
		{"pdf", samplePDF("x"), PDF},
		{"jpeg", sampleJPEG(t, 1), JPEG},
		{"png", samplePNG(t, 1), PNG},
		{"tiff little-endian", sampleTIFF(binary.LittleEndian, 1), TIFF},
		{"tiff big-endian", sampleTIFF(binary.BigEndian, 1), TIFF},
		{"exe", sampleEXE(), "application/octet-stream"},
		{"html", sampleHTML(), "text/html"},
		{"text", []byte("Labdien!"), "text/plain"},
		{"gif", []byte("GIF89a\x01\x00\x01\x00"), "image/gif"},
		{"empty", nil, "text/plain"},
	} {
		if got := Sniff(tc.content); got != tc.want {
			t.Errorf("%s: Sniff = %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestSaveDetectsEachTypeFromContent(t *testing.T) {
	s, pool := newStore(t)
	ctx := context.Background()
	for _, tc := range []struct {
		name    string
		content []byte
		want    string
	}{
		{"pdf", samplePDF("each type"), PDF},
		{"jpeg", sampleJPEG(t, 2), JPEG},
		{"png", samplePNG(t, 2), PNG},
		{"tiff II", sampleTIFF(binary.LittleEndian, 2), TIFF},
		{"tiff MM", sampleTIFF(binary.BigEndian, 2), TIFF},
	} {
		// The name says nothing: the type must come from the bytes.
		f, err := save(t, s, pool, "upload.bin", tc.content, MaxFileBytes, all)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if f.MediaType != tc.want || f.Size != int64(len(tc.content)) || f.SHA256 != sum(tc.content) || f.ID == 0 {
			t.Errorf("%s: saved %+v", tc.name, f)
		}
		got, rc, err := s.Open(ctx, f.ID)
		if err != nil {
			t.Fatalf("%s: open: %v", tc.name, err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		if !bytes.Equal(b, tc.content) || got.MediaType != tc.want || got.Name != "upload.bin" {
			t.Errorf("%s: read back %+v, %d bytes", tc.name, got, len(b))
		}
		if _, err := os.Stat(filepath.Join(s.Dir(), f.SHA256[:2], f.SHA256[2:4], f.SHA256)); err != nil {
			t.Errorf("%s: blob not at its content address: %v", tc.name, err)
		}
		var audited int
		pool.QueryRow(ctx, `select count(*) from audit_log where entity = 'file' and entity_id = $1 and action = 'create'`,
			fmt.Sprint(f.ID)).Scan(&audited)
		if audited != 1 {
			t.Errorf("%s: %d audit entries", tc.name, audited)
		}
	}
	if tmp, _ := os.ReadDir(filepath.Join(s.Dir(), "tmp")); len(tmp) != 0 {
		t.Errorf("temporary files left: %v", tmp)
	}
}

func TestPNGNamedPDFIsStoredAsPNG(t *testing.T) {
	s, pool := newStore(t)
	f, err := save(t, s, pool, "Iesniegums.pdf", samplePNG(t, 3), MaxFileBytes, all)
	if err != nil {
		t.Fatal(err)
	}
	if f.MediaType != PNG || f.Name != "Iesniegums.pdf" {
		t.Errorf("saved %+v", f)
	}
	if got := DownloadName(f); got != "Iesniegums.pdf.png" {
		t.Errorf("DownloadName = %q", got)
	}
	// When only PDFs are allowed, a PNG in disguise is refused.
	_, err = save(t, s, pool, "Iesniegums.pdf", samplePNG(t, 4), MaxFileBytes, []string{PDF})
	var te *TypeError
	if !errors.As(err, &te) || te.Detected != PNG {
		t.Errorf("PNG as PDF-only: %v", err)
	}
}

func TestRefusedTypesLeaveNothing(t *testing.T) {
	s, pool := newStore(t)
	for _, tc := range []struct {
		name    string
		content []byte
		want    string
	}{
		{"setup.pdf", sampleEXE(), "application/octet-stream"},
		{"scan.jpg", sampleHTML(), "text/html"},
	} {
		_, err := save(t, s, pool, tc.name, tc.content, MaxFileBytes, all)
		var te *TypeError
		if !errors.Is(err, ErrType) || !errors.As(err, &te) || te.Detected != tc.want {
			t.Errorf("%s: err = %v, want a TypeError for %s", tc.name, err, tc.want)
		}
		if n := rowsWith(t, pool, sum(tc.content)); n != 0 {
			t.Errorf("%s: %d rows", tc.name, n)
		}
	}
	if _, err := save(t, s, pool, "empty.pdf", nil, MaxFileBytes, all); !errors.Is(err, ErrEmpty) {
		t.Errorf("empty file: %v", err)
	}
	if left := onDisk(t, s); len(left) != 0 {
		t.Errorf("left on disk: %v", left)
	}
}

func TestOverLimitIsRefusedAndLeavesNothing(t *testing.T) {
	s, pool := newStore(t)
	content := append(samplePDF(unique("limit")), bytes.Repeat([]byte("%padding\n"), 200)...)
	limit := int64(len(content) - 1)
	_, err := save(t, s, pool, "big.pdf", content, limit, all)
	var tl *TooLargeError
	if !errors.Is(err, ErrTooLarge) || !errors.As(err, &tl) || tl.Limit != limit {
		t.Fatalf("err = %v, want TooLargeError", err)
	}
	if n := rowsWith(t, pool, sum(content)); n != 0 {
		t.Errorf("%d rows", n)
	}
	if left := onDisk(t, s); len(left) != 0 {
		t.Errorf("left on disk: %v", left)
	}
	// Exactly the limit is allowed.
	if _, err := save(t, s, pool, "big.pdf", content, int64(len(content)), all); err != nil {
		t.Errorf("at the limit: %v", err)
	}
	// A limit below the sniffed head is honoured too.
	if _, err := save(t, s, pool, "big.pdf", content, 100, all); !errors.Is(err, ErrTooLarge) {
		t.Errorf("limit 100: %v", err)
	}
}

func TestSameContentTwiceIsOneBlobTwoRows(t *testing.T) {
	s, pool := newStore(t)
	content := samplePDF(unique("twice"))
	a, err := save(t, s, pool, "iesniegums.pdf", content, MaxFileBytes, all)
	if err != nil {
		t.Fatal(err)
	}
	b, err := save(t, s, pool, "tas pats iesniegums.pdf", content, MaxFileBytes, all)
	if err != nil {
		t.Fatal(err)
	}
	if a.ID == b.ID || a.SHA256 != b.SHA256 || b.Name != "tas pats iesniegums.pdf" {
		t.Errorf("rows %+v and %+v", a, b)
	}
	if n := rowsWith(t, pool, a.SHA256); n != 2 {
		t.Errorf("%d rows", n)
	}
	if left := onDisk(t, s); len(left) != 1 {
		t.Errorf("on disk: %v, want one blob", left)
	}
}

func TestRolledBackSaveLeavesNoRowAndSweepRemovesItsBlob(t *testing.T) {
	s, pool := newStore(t)
	ctx := context.Background()
	content := samplePDF(unique("rolled back"))
	kept, err := save(t, s, pool, "kept.pdf", samplePDF("kept"), MaxFileBytes, all)
	if err != nil {
		t.Fatal(err)
	}

	boom := errors.New("the submission failed after its file was saved")
	err = pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		if _, err := s.Save(ctx, tx, "lost.pdf", bytes.NewReader(content), MaxFileBytes, all); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v", err)
	}
	if n := rowsWith(t, pool, sum(content)); n != 0 {
		t.Fatalf("%d rows after rollback", n)
	}
	blob := s.blobPath(sum(content))
	if _, err := os.Stat(blob); err != nil {
		t.Fatalf("blob of the rolled-back upload: %v", err)
	}

	// A young orphan may belong to an upload in flight: it stays.
	if n, err := s.Sweep(ctx); err != nil || n != 0 {
		t.Fatalf("Sweep of a young orphan = %d, %v", n, err)
	}
	// A stale temporary file from a crashed upload, and an old orphan.
	stale := filepath.Join(s.Dir(), "tmp", "upload-crashed")
	os.WriteFile(stale, []byte("half"), 0o600)
	age(t, stale, 2*Grace)
	age(t, blob, 2*Grace)
	age(t, s.blobPath(kept.SHA256), 2*Grace)

	n, err := s.Sweep(ctx)
	if err != nil || n != 2 {
		t.Fatalf("Sweep = %d, %v; want 2", n, err)
	}
	if _, err := os.Stat(blob); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("orphan blob still there: %v", err)
	}
	if _, err := os.Stat(stale); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("stale temporary file still there: %v", err)
	}
	// An old blob with its row is kept.
	if _, rc, err := s.Open(ctx, kept.ID); err != nil {
		t.Errorf("kept file: %v", err)
	} else {
		rc.Close()
	}
}

// Sweep must not remove a blob that a transaction still open is about to
// reference, even when the blob is old (the same bytes stored long ago and
// since deleted).
func TestSweepSparesBlobOfOpenTransaction(t *testing.T) {
	s, pool := newStore(t)
	ctx := context.Background()
	content := samplePDF(unique("open transaction"))
	tx, err := pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	f, err := s.Save(ctx, tx, "arhīvs.pdf", bytes.NewReader(content), MaxFileBytes, all)
	if err != nil {
		t.Fatal(err)
	}
	age(t, s.blobPath(f.SHA256), 2*Grace)
	if n, err := s.Sweep(ctx); err != nil || n != 0 {
		t.Fatalf("Sweep during the transaction = %d, %v", n, err)
	}
	if err := tx.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	if n, err := s.Sweep(ctx); err != nil || n != 0 {
		t.Fatalf("Sweep after commit = %d, %v", n, err)
	}
	if _, rc, err := s.Open(ctx, f.ID); err != nil {
		t.Errorf("open after sweeps: %v", err)
	} else {
		rc.Close()
	}
}

// Storing bytes again whose old blob is about to be swept makes it young again.
func TestReusedOldBlobIsRefreshed(t *testing.T) {
	s, pool := newStore(t)
	ctx := context.Background()
	content := samplePNG(t, 99)
	path := s.blobPath(sum(content))
	pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		s.Save(ctx, tx, "a.png", bytes.NewReader(content), MaxFileBytes, all)
		return errors.New("roll back")
	})
	age(t, path, 2*Grace)
	if _, err := save(t, s, pool, "b.png", content, MaxFileBytes, all); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(path); err != nil || time.Since(fi.ModTime()) > time.Minute {
		t.Errorf("blob not refreshed: %v", err)
	}
}

func TestDeleteThenSweep(t *testing.T) {
	s, pool := newStore(t)
	ctx := context.Background()
	content := samplePDF(unique("deleted"))
	a, _ := save(t, s, pool, "a.pdf", content, MaxFileBytes, all)
	b, _ := save(t, s, pool, "b.pdf", content, MaxFileBytes, all)
	del := func(id int64) error {
		return pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error { return s.Delete(ctx, tx, id) })
	}
	if err := del(a.ID); err != nil {
		t.Fatal(err)
	}
	if err := del(a.ID); !errors.Is(err, errs.NotFound) {
		t.Errorf("second delete: %v", err)
	}
	if _, _, err := s.Open(ctx, a.ID); !errors.Is(err, errs.NotFound) {
		t.Errorf("open deleted: %v", err)
	}
	age(t, s.blobPath(a.SHA256), 2*Grace)
	if n, _ := s.Sweep(ctx); n != 0 {
		t.Errorf("swept a blob still referenced by %d", b.ID)
	}
	if err := del(b.ID); err != nil {
		t.Fatal(err)
	}
	if n, err := s.Sweep(ctx); err != nil || n != 1 {
		t.Errorf("Sweep after the last delete = %d, %v", n, err)
	}
	if left := onDisk(t, s); len(left) != 0 {
		t.Errorf("left on disk: %v", left)
	}
}

func TestOpenMissingBlobIsNotNotFound(t *testing.T) {
	s, pool := newStore(t)
	f, err := save(t, s, pool, "x.png", samplePNG(t, 42), MaxFileBytes, all)
	if err != nil {
		t.Fatal(err)
	}
	os.Remove(s.blobPath(f.SHA256))
	_, _, err = s.Open(context.Background(), f.ID)
	if err == nil || errors.Is(err, errs.NotFound) {
		t.Errorf("lost blob: err = %v, want an internal error", err)
	}
}

func TestTableChecks(t *testing.T) {
	pool := dbtest.Pool(t)
	ctx := context.Background()
	good := strings.Repeat("a", 64)
	for _, tc := range []struct {
		sha, name, mt string
		size          int64
	}{
		{good, "x.html", "text/html", 1},
		{good, "x.pdf", PDF, 0},
		{"ABC", "x.pdf", PDF, 1},
		{good, "", PDF, 1},
		{good, "a/b.pdf", PDF, 1},
		{good, `a\b.pdf`, PDF, 1},
		{good, "a\nb.pdf", PDF, 1},
	} {
		_, err := pool.Exec(ctx, `insert into files (sha256, name, media_type, size) values ($1, $2, $3, $4)`,
			tc.sha, tc.name, tc.mt, tc.size)
		if err == nil {
			t.Errorf("accepted %+v", tc)
		}
	}
	if _, err := pool.Exec(ctx, `insert into files (sha256, name, media_type, size) values ($1, 'Bērziņš.pdf', $2, 1)`, good, PDF); err != nil {
		t.Errorf("a good row: %v", err)
	}
}

func TestCleanName(t *testing.T) {
	long := strings.Repeat("ā", 300) + ".pdf"
	for _, tc := range []struct{ in, mt, want string }{
		{"Iesniegums_Bērziņš.pdf", PDF, "Iesniegums_Bērziņš.pdf"},
		{`C:\Users\Anna\Desktop\skenējums.pdf`, PDF, "skenējums.pdf"},
		{"../../etc/passwd", PDF, "passwd"},
		{"  foto.jpg  ", JPEG, "foto.jpg"},
		{"a\x00b\r\nc.png", PNG, "abc.png"},
		{"rēķins\u202Efdp.exe", PDF, "rēķinsfdp.exe"},
		{"", TIFF, "file.tif"},
		{"..", PDF, "file.pdf"},
		{"bad\xffutf8.pdf", PDF, "badutf8.pdf"},
	} {
		if got := CleanName(tc.in, tc.mt); got != tc.want {
			t.Errorf("CleanName(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	got := CleanName(long, PDF)
	if n := len([]rune(got)); n != 255 || !strings.HasSuffix(got, "ā.pdf") {
		t.Errorf("long name: %d characters, %q…", n, got[len(got)-12:])
	}
}

// The same bytes uploaded at once by several people: every row, one blob.
func TestConcurrentSavesOfTheSameContent(t *testing.T) {
	s, pool := newStore(t)
	content := samplePDF(unique("concurrent"))
	const n = 8
	errs := make(chan error, n)
	for i := range n {
		go func() {
			_, err := save(t, s, pool, fmt.Sprintf("kopija %d.pdf", i), content, MaxFileBytes, all)
			errs <- err
		}()
	}
	for range n {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
	if got := rowsWith(t, pool, sum(content)); got != n {
		t.Errorf("%d rows, want %d", got, n)
	}
	if left := onDisk(t, s); len(left) != 1 {
		t.Errorf("on disk: %v, want one blob", left)
	}
}

// TestAccept: a file input's accept attribute lists the extensions of the
// types allowed, in their order, and nothing for a type not stored.
func TestAccept(t *testing.T) {
	for _, tc := range []struct {
		types []string
		want  string
	}{
		{nil, ""},
		{[]string{PDF}, ".pdf"},
		{[]string{PDF, PNG, DOCX}, ".pdf,.png,.docx"},
		{[]string{JPEG, "text/html"}, ".jpg,.jpeg,.jpe,.jfif"},
	} {
		if got := Accept(tc.types...); got != tc.want {
			t.Errorf("Accept(%v) = %q, want %q", tc.types, got, tc.want)
		}
	}
}
