// Package backup writes one dated backup of the database and the stored
// files together, and restores one into an empty database and files folder.
//
// A backup is a folder <Dir>/prdesk-YYYYMMDD-HHMMSSZ holding
//
//	database.dump   pg_dump's custom format, taken in one snapshot
//	files/ab/cd/…   the stored files the dump's files rows refer to, laid out as FILES_DIR lays them
//	manifest.json   counts, sizes and SHA-256 checksums of both, and every table's row count
//
// The snapshot: a read-only repeatable-read transaction exports its
// snapshot (pg_export_snapshot), pg_dump dumps that snapshot (--snapshot),
// and the same transaction counts every table and lists the files rows'
// blobs, so the dump, the counts and the files are one moment. The folder
// is written under a hidden name and renamed when complete: a backup that
// was cut short never looks like one. After each backup the oldest are
// removed so that Keep remain.
//
// A restore checks every checksum first, refuses a database that holds
// tables or a files folder that holds files (unless told to go on), runs
// pg_restore in one transaction, copies the files, and compares every
// table's row count with the manifest's.
package backup

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/daugavpils/prdesk/internal/audit"
	"github.com/daugavpils/prdesk/internal/i18n"
)

// FormatVersion is the manifest's format; a restore refuses another.
const FormatVersion = 1

// DefaultKeep is how many backups are kept when nothing else is set.
const DefaultKeep = 7

// Names inside a backup folder.
const (
	DumpFile     = "database.dump"
	FilesDir     = "files"
	ManifestFile = "manifest.json"
)

// Config says where a backup is read from and written to.
type Config struct {
	Pool     *pgxpool.Pool // the database (its URL is given to pg_dump)
	URL      string        // the database's URL, for pg_dump and pg_restore
	FilesDir string        // FILES_DIR: where the stored files are
	Dir      string        // BACKUP_DIR: where backup folders are written
	Keep     int           // BACKUP_KEEP: how many backups remain after one is written; 0 keeps all
	BinDir   string        // PG_BIN_DIR: where pg_dump and pg_restore are; empty: found (FindTool)
	Now      func() time.Time
}

// Manifest describes one backup; it is written as manifest.json.
type Manifest struct {
	Format    int       `json:"format"`
	Name      string    `json:"name"` // the folder's name
	CreatedAt time.Time `json:"created_at"`
	Seconds   float64   `json:"seconds"` // how long the backup took
	Database  Database  `json:"database"`
	Files     Files     `json:"files"`
	// Tables is every table's row count in the snapshot, "schema.table" → rows.
	Tables map[string]int64 `json:"tables"`
}

// Database is the manifest's part on the dump.
type Database struct {
	Name          string `json:"name"`
	ServerVersion string `json:"server_version"`
	ServerMajor   int    `json:"server_major"`
	PgDump        string `json:"pg_dump"` // the version line of the pg_dump that wrote it
	PgDumpMajor   int    `json:"pg_dump_major"`
	Migration     int64  `json:"migration"` // the newest goose migration applied
	SizeOnServer  int64  `json:"size_on_server"`
	File          string `json:"file"`
	Size          int64  `json:"size"`
	SHA256        string `json:"sha256"`
	TableCount    int    `json:"table_count"`
	RowCount      int64  `json:"row_count"`
}

// Files is the manifest's part on the stored files.
type Files struct {
	Dir   string `json:"dir"`
	Rows  int64  `json:"rows"`  // rows of the files table
	Count int    `json:"count"` // distinct blobs in the backup
	// Linked of them are hard links to the previous backup's copies.
	Linked int   `json:"linked"`
	Size   int64 `json:"size"` // their bytes
	// SHA256 is the checksum of the list of blobs, one "sha256 size\n" a
	// blob in order: it changes when any blob is added, lost or altered.
	SHA256 string `json:"sha256"`
	Blobs  []Blob `json:"blobs"`
	// Missing are the blobs rows referred to that were not in FILES_DIR
	// (or not what their name says) when the backup was made.
	Missing []string `json:"missing,omitempty"`
}

// Blob is one stored file: its content's SHA-256 (which is its name) and size.
type Blob struct {
	SHA256 string `json:"sha256"`
	Size   int64  `json:"size"`
}

// listSum is the checksum of a list of blobs (Files.SHA256).
func listSum(blobs []Blob) string {
	h := sha256.New()
	for _, b := range blobs {
		fmt.Fprintf(h, "%s %d\n", b.SHA256, b.Size)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// ErrIncomplete is a backup that was written but lacks files the database
// refers to: they were missing from FILES_DIR or not what their name says.
var ErrIncomplete = errors.New("backup: stored files are missing")

var sumRe = regexp.MustCompile(`^[0-9a-f]{64}$`)

func blobRel(sum string) string { return filepath.Join(sum[0:2], sum[2:4], sum) }

// namePrefix starts every backup folder's name; the rest is the UTC time.
const namePrefix = "prdesk-"

var nameRe = regexp.MustCompile(`^prdesk-\d{8}-\d{6}Z(-\d+)?$`)

// Run writes one backup into cfg.Dir, then removes the oldest so that
// cfg.Keep remain, and records it in the audit log. It returns the
// backup's folder and manifest. When stored files were missing the backup
// is still written (it is the best copy there is) and the error is
// ErrIncomplete.
func Run(ctx context.Context, cfg Config) (string, Manifest, error) {
	if cfg.Now == nil {
		return "", Manifest{}, errors.New("backup: no clock")
	}
	if cfg.Dir == "" {
		return "", Manifest{}, errors.New("backup: no folder to write to (BACKUP_DIR or -dir)")
	}
	if err := os.MkdirAll(cfg.Dir, 0o750); err != nil {
		return "", Manifest{}, fmt.Errorf("backup folder: %w", err)
	}
	start := cfg.Now()
	name := namePrefix + start.UTC().Format("20060102-150405") + "Z"
	for i := 1; exists(filepath.Join(cfg.Dir, name)); i++ {
		name = fmt.Sprintf("%s%sZ-%d", namePrefix, start.UTC().Format("20060102-150405"), i)
	}
	final := filepath.Join(cfg.Dir, name)
	partial := filepath.Join(cfg.Dir, "."+name+".partial")
	// What a backup cut short in this same second left.
	if err := os.RemoveAll(partial); err != nil {
		return "", Manifest{}, fmt.Errorf("backup folder: %w", err)
	}
	if err := os.MkdirAll(filepath.Join(partial, FilesDir), 0o750); err != nil {
		return "", Manifest{}, fmt.Errorf("backup folder: %w", err)
	}
	done := false
	defer func() {
		if !done {
			os.RemoveAll(partial) //nolint:errcheck // a leftover is removed by a later Prune
		}
	}()

	m := Manifest{Format: FormatVersion, Name: name, CreatedAt: start.UTC()}
	var blobs []Blob
	// The transaction, and so the snapshot, lasts as long as pg_dump: the
	// files are copied after it, so that a long copy does not hold back
	// the database's vacuum.
	slog.Info("backup: the database", "into", partial)
	err := takeSnapshot(ctx, cfg.Pool, func(s snapshot) error {
		dump, err := FindTool(ctx, "pg_dump", s.ServerMajor, cfg.BinDir)
		if err != nil {
			return err
		}
		m.Database = Database{Name: s.Database, ServerVersion: s.ServerVersion, ServerMajor: s.ServerMajor,
			PgDump: dump.Version, PgDumpMajor: dump.Major, Migration: s.Migration, SizeOnServer: s.SizeBytes,
			File: DumpFile, TableCount: len(s.Tables)}
		m.Tables = s.Tables
		for _, n := range s.Tables {
			m.Database.RowCount += n
		}
		m.Files = Files{Dir: FilesDir, Rows: s.FileRows}
		blobs = s.Blobs
		dumpPath := filepath.Join(partial, DumpFile)
		if err := runTool(ctx, dump, cfg.URL, "--format=custom", "--snapshot="+s.ID,
			"--lock-wait-timeout=300000", "--no-sync", "--file="+dumpPath); err != nil {
			return err
		}
		// It holds residents' personal data: for the owner and the group only.
		if err := os.Chmod(dumpPath, 0o640); err != nil {
			return fmt.Errorf("backup: %w", err)
		}
		m.Database.Size, m.Database.SHA256, err = hashSync(dumpPath)
		return err
	})
	if err != nil {
		return "", Manifest{}, fmt.Errorf("backup: %w", err)
	}
	// A blob is the same bytes for ever: the previous backup's copy is
	// linked rather than copied again, where the share allows it.
	prev := ""
	if names, err := List(cfg.Dir); err == nil && len(names) > 0 {
		prev = filepath.Join(cfg.Dir, names[len(names)-1], FilesDir)
	}
	slog.Info("backup: the files", "files", len(blobs), "dump_bytes", m.Database.Size)
	for _, b := range blobs {
		if err := ctx.Err(); err != nil {
			return "", Manifest{}, err
		}
		if !sumRe.MatchString(b.SHA256) {
			m.Files.Missing = append(m.Files.Missing, b.SHA256)
			continue
		}
		src := filepath.Join(cfg.FilesDir, blobRel(b.SHA256))
		dst := filepath.Join(partial, FilesDir, blobRel(b.SHA256))
		ok, linked, err := linkOrCopy(src, dst, prev, b)
		if err != nil {
			return "", Manifest{}, err
		}
		if !ok {
			m.Files.Missing = append(m.Files.Missing, b.SHA256)
			continue
		}
		if linked {
			m.Files.Linked++
		}
		m.Files.Blobs = append(m.Files.Blobs, b)
		m.Files.Size += b.Size
	}
	m.Files.Count = len(m.Files.Blobs)
	m.Files.SHA256 = listSum(m.Files.Blobs)
	m.Seconds = cfg.Now().Sub(start).Seconds()
	if err := writeManifest(partial, m); err != nil {
		return "", Manifest{}, err
	}
	if err := os.Rename(partial, final); err != nil {
		return "", Manifest{}, fmt.Errorf("backup: %w", err)
	}
	done = true
	syncDir(cfg.Dir) //nolint:errcheck // best effort on a network share

	if _, err := Prune(cfg.Dir, cfg.Keep, name, cfg.Now()); err != nil {
		return final, m, fmt.Errorf("backup written to %s, but removing old ones: %w", final, err)
	}
	summary := fmt.Sprintf("Izveidota rezerves kopija %s: datubāze %s baiti, %s faili (%s baiti)",
		name, i18n.Number(m.Database.Size), i18n.Number(int64(m.Files.Count)), i18n.Number(m.Files.Size))
	if len(m.Files.Missing) > 0 {
		summary += fmt.Sprintf("; trūka %s failu", i18n.Number(int64(len(m.Files.Missing))))
	}
	if _, err := record(ctx, cfg.Pool, audit.Entry{Entity: "backup", EntityID: name, Action: "create", Summary: summary,
		Details: map[string]any{"folder": final, "dump_sha256": m.Database.SHA256, "dump_size": m.Database.Size,
			"files": m.Files.Count, "files_size": m.Files.Size, "files_sha256": m.Files.SHA256,
			"missing": len(m.Files.Missing), "tables": m.Database.TableCount, "rows": m.Database.RowCount,
			"seconds": m.Seconds}}); err != nil {
		return final, m, fmt.Errorf("backup written to %s, but its audit entry: %w", final, err)
	}
	if len(m.Files.Missing) > 0 {
		return final, m, fmt.Errorf("%w: %d of %d, listed in %s (first %s)", ErrIncomplete,
			len(m.Files.Missing), len(m.Files.Missing)+m.Files.Count, filepath.Join(final, ManifestFile), m.Files.Missing[0])
	}
	return final, m, nil
}

func exists(path string) bool {
	_, err := os.Lstat(path)
	return err == nil
}

// linkOrCopy puts one stored file into the backup: a hard link to the
// previous backup's copy (in prevDir) when that has the size the row says
// and the file is still in FILES_DIR, else a checked copy. ok is false
// when the file is missing from FILES_DIR or not what its name says.
func linkOrCopy(src, dst, prevDir string, b Blob) (ok, linked bool, err error) {
	if prevDir != "" {
		if fi, err := os.Stat(src); err == nil && fi.Size() == b.Size {
			old := filepath.Join(prevDir, blobRel(b.SHA256))
			if pi, err := os.Stat(old); err == nil && pi.Size() == b.Size {
				if err := os.MkdirAll(filepath.Dir(dst), 0o750); err != nil {
					return false, false, fmt.Errorf("backup: %w", err)
				}
				if os.Link(old, dst) == nil {
					return true, true, nil
				}
			}
		}
	}
	ok, err = copyBlob(src, dst, b)
	return ok, false, err
}

// copyBlob copies one stored file, checking on the way that its bytes are
// what its name says. A file that is missing or altered is not copied
// (false); only an error writing the copy is an error.
func copyBlob(src, dst string, b Blob) (bool, error) {
	in, err := os.Open(src)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("backup: reading %s: %w", src, err)
	}
	defer in.Close()
	if err := os.MkdirAll(filepath.Dir(dst), 0o750); err != nil {
		return false, fmt.Errorf("backup: %w", err)
	}
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o640)
	if err != nil {
		return false, fmt.Errorf("backup: %w", err)
	}
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(out, h), in)
	if err == nil {
		err = out.Sync()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(dst) //nolint:errcheck
		return false, fmt.Errorf("backup: copying %s: %w", src, err)
	}
	if n != b.Size || hex.EncodeToString(h.Sum(nil)) != b.SHA256 {
		os.Remove(dst) //nolint:errcheck
		return false, nil
	}
	return true, nil
}

// hashSync syncs a written file to disk and returns its size and SHA-256.
func hashSync(path string) (int64, string, error) {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return 0, "", fmt.Errorf("backup: %w", err)
	}
	defer f.Close()
	if err := f.Sync(); err != nil {
		return 0, "", fmt.Errorf("backup: %w", err)
	}
	return hashReader(f)
}

func hashFile(path string) (int64, string, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, "", err
	}
	defer f.Close()
	return hashReader(f)
}

func hashReader(r io.Reader) (int64, string, error) {
	h := sha256.New()
	n, err := io.Copy(h, r)
	if err != nil {
		return 0, "", err
	}
	return n, hex.EncodeToString(h.Sum(nil)), nil
}

func writeManifest(dir string, m Manifest) error {
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	path := filepath.Join(dir, ManifestFile)
	if err := os.WriteFile(path, append(b, '\n'), 0o640); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if _, _, err := hashSync(path); err != nil {
		return err
	}
	return syncDir(dir)
}

// ReadManifest reads the manifest of the backup in dir.
func ReadManifest(dir string) (Manifest, error) {
	var m Manifest
	b, err := os.ReadFile(filepath.Join(dir, ManifestFile))
	if err != nil {
		return m, fmt.Errorf("not a backup folder (no %s): %w", ManifestFile, err)
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return m, fmt.Errorf("%s: %w", filepath.Join(dir, ManifestFile), err)
	}
	if m.Format != FormatVersion {
		return m, fmt.Errorf("%s: format %d, this prdesk reads format %d", filepath.Join(dir, ManifestFile), m.Format, FormatVersion)
	}
	return m, nil
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	return nil
}

// List names the complete backups in dir, oldest first.
func List(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range entries {
		if e.IsDir() && nameRe.MatchString(e.Name()) && exists(filepath.Join(dir, e.Name(), ManifestFile)) {
			out = append(out, e.Name())
		}
	}
	slices.SortFunc(out, func(a, b string) int { return cmp.Compare(sortKey(a), sortKey(b)) })
	return out, nil
}

// sortKey orders prdesk-…Z-2 after prdesk-…Z-1 and both after prdesk-…Z.
func sortKey(name string) string {
	base, n, _ := strings.Cut(name, "Z-")
	return fmt.Sprintf("%s %08s", strings.TrimSuffix(base, "Z"), n)
}

// Prune removes the oldest complete backups in dir so that keep remain
// (keep 0 removes none), never the one named current, and what backups cut
// short left behind a day before now. It returns the names it removed.
func Prune(dir string, keep int, current string, now time.Time) ([]string, error) {
	var removed []string
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		if e.IsDir() && strings.HasPrefix(e.Name(), "."+namePrefix) && strings.HasSuffix(e.Name(), ".partial") {
			// Another backup may be writing one right now only on another
			// database; a day is long enough for any.
			if fi, err := e.Info(); err == nil && now.Sub(fi.ModTime()) > 24*time.Hour {
				if err := os.RemoveAll(filepath.Join(dir, e.Name())); err != nil {
					return removed, err
				}
			}
		}
	}
	if keep <= 0 {
		return removed, nil
	}
	names, err := List(dir)
	if err != nil {
		return removed, err
	}
	for len(names) > keep {
		old := names[0]
		names = names[1:]
		if old == current {
			continue
		}
		if err := os.RemoveAll(filepath.Join(dir, old)); err != nil {
			return removed, err
		}
		removed = append(removed, old)
	}
	return removed, nil
}

// AuditEntities: a backup's entries name folders and counts, no personal data.
func AuditEntities() audit.Entities { return audit.Entities{"backup": false} }
