package backup

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/daugavpils/prdesk/internal/audit"
)

// RestoreConfig says what to restore and where to.
type RestoreConfig struct {
	From     string        // the backup's folder
	Pool     *pgxpool.Pool // the target database
	URL      string        // its URL, for pg_restore
	FilesDir string        // the target files folder (FILES_DIR)
	BinDir   string        // PG_BIN_DIR; empty: found (FindTool)
	// Force restores into a database that holds tables (pg_restore's
	// --clean drops the dump's objects first, in the same transaction)
	// and into a files folder that holds files (they are kept beside),
	// and restores a backup that lacks stored files.
	Force bool
}

// Restored reports what a restore did.
type Restored struct {
	Manifest Manifest
	Tables   int   // tables compared
	Rows     int64 // rows in them
	Files    int   // blobs copied
	Audited  bool  // an entry was written to the restored audit log
}

// ErrChecksum is a backup whose parts are not what its manifest says.
var ErrChecksum = errors.New("backup: checksum mismatch")

// ErrNotEmpty is a restore refused because the target holds data.
var ErrNotEmpty = errors.New("restore: the target is not empty")

// Verify checks every part of the backup in dir against its manifest: the
// dump's size and SHA-256, the list of blobs, and every blob's size and
// SHA-256. It reads every byte of the backup.
func Verify(ctx context.Context, dir string) (Manifest, error) {
	m, err := ReadManifest(dir)
	if err != nil {
		return m, err
	}
	var problems []string
	if m.Database.File != DumpFile {
		problems = append(problems, fmt.Sprintf("the dump is named %q, not %q", m.Database.File, DumpFile))
	} else if n, sum, err := hashFile(filepath.Join(dir, DumpFile)); err != nil {
		problems = append(problems, fmt.Sprintf("%s: %v", DumpFile, err))
	} else if n != m.Database.Size || sum != m.Database.SHA256 {
		problems = append(problems, fmt.Sprintf("%s is %d bytes with SHA-256 %s; the manifest says %d bytes, %s", DumpFile, n, sum, m.Database.Size, m.Database.SHA256))
	}
	if listSum(m.Files.Blobs) != m.Files.SHA256 || len(m.Files.Blobs) != m.Files.Count {
		problems = append(problems, "the manifest's list of files does not match its own checksum or count")
	}
	var size int64
	for _, b := range m.Files.Blobs {
		if err := ctx.Err(); err != nil {
			return m, err
		}
		size += b.Size
		if !sumRe.MatchString(b.SHA256) {
			problems = append(problems, fmt.Sprintf("file %q: not a SHA-256", b.SHA256))
			continue
		}
		n, sum, err := hashFile(filepath.Join(dir, FilesDir, blobRel(b.SHA256)))
		switch {
		case err != nil:
			problems = append(problems, fmt.Sprintf("file %s: %v", b.SHA256, err))
		case n != b.Size || sum != b.SHA256:
			problems = append(problems, fmt.Sprintf("file %s is %d bytes with SHA-256 %s; the manifest says %d bytes", b.SHA256, n, sum, b.Size))
		}
	}
	if size != m.Files.Size {
		problems = append(problems, fmt.Sprintf("the files add up to %d bytes; the manifest says %d", size, m.Files.Size))
	}
	if len(problems) > 0 {
		shown := problems[:min(len(problems), 10)]
		more := ""
		if len(problems) > len(shown) {
			more = fmt.Sprintf("\n  … and %d more", len(problems)-len(shown))
		}
		return m, fmt.Errorf("%w in %s (%d problems):\n  %s%s", ErrChecksum, dir, len(problems), strings.Join(shown, "\n  "), more)
	}
	return m, nil
}

// filesEmpty tells whether the files folder holds no file (an empty tmp
// folder, or empty shard folders, do not count).
func filesEmpty(dir string) (bool, error) {
	empty := true
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if errors.Is(err, fs.ErrNotExist) && path == dir {
			return filepath.SkipAll
		}
		if err != nil {
			return err
		}
		if !d.IsDir() {
			empty = false
			return filepath.SkipAll
		}
		return nil
	})
	return empty, err
}

// Restore restores the backup in cfg.From into cfg.Pool's database and
// cfg.FilesDir. It checks every checksum before it touches anything,
// refuses a target that holds tables or files unless cfg.Force, restores
// the dump in one transaction, copies the files, compares every table's
// row count with the manifest, and writes an audit entry into the
// restored log.
func Restore(ctx context.Context, cfg RestoreConfig) (Restored, error) {
	var r Restored
	slog.Info("restore: checking every checksum", "from", cfg.From)
	m, err := Verify(ctx, cfg.From)
	if err != nil {
		return r, err
	}
	r.Manifest = m
	if len(m.Files.Missing) > 0 && !cfg.Force {
		return r, fmt.Errorf("restore: %d stored files were missing when this backup was made (listed in its manifest); restore it anyway with -force", len(m.Files.Missing))
	}
	unlock, err := lockRestore(ctx, cfg.Pool)
	if err != nil {
		return r, err
	}
	defer unlock()
	t, err := inspectTarget(ctx, cfg.Pool)
	if err != nil {
		return r, fmt.Errorf("restore: the target database: %w", err)
	}
	if t.Tables > 0 && !cfg.Force {
		return r, fmt.Errorf("%w: the database has %d tables; restore into a new, empty database (createdb), or give -force to replace the backup's tables in this one", ErrNotEmpty, t.Tables)
	}
	empty, err := filesEmpty(cfg.FilesDir)
	if err != nil {
		return r, fmt.Errorf("restore: the files folder: %w", err)
	}
	if !empty && !cfg.Force {
		return r, fmt.Errorf("%w: the files folder %s holds files; restore into an empty folder, or give -force to add the backup's files beside them", ErrNotEmpty, cfg.FilesDir)
	}
	tool, err := FindTool(ctx, "pg_restore", max(t.ServerMajor, m.Database.PgDumpMajor), cfg.BinDir)
	if err != nil {
		return r, err
	}
	if t.ServerMajor < m.Database.ServerMajor {
		return r, fmt.Errorf("restore: the backup is of PostgreSQL %d; the target server is %d, older: restore into PostgreSQL %d or newer", m.Database.ServerMajor, t.ServerMajor, m.Database.ServerMajor)
	}
	dump := filepath.Join(cfg.From, DumpFile)
	slog.Info("restore: the database", "tables", len(m.Tables), "rows", m.Database.RowCount, "pg_restore", tool.Path)
	list, err := restoreList(ctx, tool, dump)
	if err != nil {
		return r, err
	}
	defer os.Remove(list)
	psql, err := FindTool(ctx, "psql", t.ServerMajor, cfg.BinDir)
	if err != nil {
		return r, err
	}
	args := []string{"--no-owner", "--no-acl", "--use-list=" + list}
	if t.Tables > 0 {
		args = append(args, "--clean", "--if-exists")
	}
	if err := replay(ctx, tool, psql, cfg.URL, append(args, dump)); err != nil {
		return r, fmt.Errorf("restore: %w", err)
	}
	slog.Info("restore: the files", "files", m.Files.Count, "bytes", m.Files.Size, "into", cfg.FilesDir)
	if r.Files, err = copyFiles(ctx, cfg.From, cfg.FilesDir, m.Files.Blobs); err != nil {
		return r, err
	}
	got, err := restoredCounts(ctx, cfg.Pool)
	if err != nil {
		return r, fmt.Errorf("restore: counting the restored rows: %w", err)
	}
	if diff := compareCounts(m.Tables, got); len(diff) > 0 {
		return r, fmt.Errorf("restore: the restored tables differ from the manifest: %s", strings.Join(diff, "; "))
	}
	r.Tables = len(got)
	for _, n := range got {
		r.Rows += n
	}
	r.Audited, err = record(ctx, cfg.Pool, audit.Entry{Entity: "backup", EntityID: m.Name, Action: "db_restore",
		Summary: fmt.Sprintf("Datubāze un faili atjaunoti no rezerves kopijas %s", m.Name),
		Details: map[string]any{"from": cfg.From, "dump_sha256": m.Database.SHA256, "files": r.Files,
			"tables": r.Tables, "rows": r.Rows, "backup_created_at": m.CreatedAt, "force": cfg.Force}})
	if err != nil {
		return r, fmt.Errorf("restore: done, but its audit entry: %w", err)
	}
	return r, nil
}

// compareCounts lists the tables whose row counts differ (want is the
// manifest's, got the restored database's).
func compareCounts(want, got map[string]int64) []string {
	var diff []string
	for name, n := range want {
		g, ok := got[name]
		switch {
		case !ok:
			diff = append(diff, name+" is missing")
		case g != n:
			diff = append(diff, fmt.Sprintf("%s has %d rows, the backup %d", name, g, n))
		}
	}
	slices.Sort(diff)
	return diff
}

// restoreList writes pg_restore's table of contents for dump without the
// comments on extensions, which only an extension's owner may set: a
// target whose extensions an administrator created beforehand (pg_trgm,
// unaccent, btree_gist) would otherwise stop the restore.
func restoreList(ctx context.Context, tool Tool, dump string) (string, error) {
	var out, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, tool.Path, "--list", dump)
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("restore: pg_restore --list: %w: %s", err, strings.TrimSpace(stderr.String()))
	}
	var b strings.Builder
	sc := bufio.NewScanner(&out)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if strings.Contains(line, " COMMENT - EXTENSION ") {
			line = ";" + line
		}
		b.WriteString(line + "\n")
	}
	if err := sc.Err(); err != nil {
		return "", err
	}
	f, err := os.CreateTemp("", "prdesk-restore-*.list")
	if err != nil {
		return "", err
	}
	defer f.Close()
	if _, err := f.WriteString(b.String()); err != nil {
		os.Remove(f.Name())
		return "", err
	}
	return f.Name(), nil
}

// copyFiles copies the backup's blobs into the files folder, each by way
// of the folder's tmp and a rename, as the app stores them. A blob already
// there with the right content is left as it is.
func copyFiles(ctx context.Context, from, filesDir string, blobs []Blob) (int, error) {
	tmp := filepath.Join(filesDir, "tmp")
	if err := os.MkdirAll(tmp, 0o750); err != nil {
		return 0, fmt.Errorf("restore: the files folder: %w", err)
	}
	n := 0
	for _, b := range blobs {
		if err := ctx.Err(); err != nil {
			return n, err
		}
		dst := filepath.Join(filesDir, blobRel(b.SHA256))
		if size, sum, err := hashFile(dst); err == nil && size == b.Size && sum == b.SHA256 {
			continue
		}
		staged := filepath.Join(tmp, "restore-"+b.SHA256)
		os.Remove(staged) //nolint:errcheck
		ok, err := copyBlob(filepath.Join(from, FilesDir, blobRel(b.SHA256)), staged, b)
		if err != nil {
			return n, fmt.Errorf("restore: %w", err)
		}
		if !ok {
			return n, fmt.Errorf("%w: file %s changed while it was restored", ErrChecksum, b.SHA256)
		}
		if err := os.MkdirAll(filepath.Dir(dst), 0o750); err != nil {
			return n, fmt.Errorf("restore: %w", err)
		}
		if err := os.Rename(staged, dst); err != nil {
			return n, fmt.Errorf("restore: %w", err)
		}
		n++
	}
	return n, syncDir(filesDir)
}

// searchPathLine is where pg_dump's script empties the search path: every
// name it writes is qualified, but the bodies of SQL functions are not
// rewritten. Since migration 00154 the functions that generated columns and
// indexes are built on name what they call with its schema; in a backup
// taken before it, contact_search_words calls contact_fold unqualified and
// cannot be evaluated with the path empty. The restore runs the script
// through psql with the path set to public: the dump is our own, restored
// into a database of our own, so no one else's objects can shadow a name.
const (
	searchPathLine = "SELECT pg_catalog.set_config('search_path', '', false);"
	searchPathOurs = "SELECT pg_catalog.set_config('search_path', 'public', false);"
)

// replay runs pg_restore's script of the dump (restoreArgs) through psql
// into the database at dbURL, in one transaction that stops at the first
// error, with searchPathLine replaced.
func replay(ctx context.Context, restore, psql Tool, dbURL string, restoreArgs []string) error {
	conn, password, err := conninfo(dbURL)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	script := exec.CommandContext(ctx, restore.Path, append([]string{"--file=-"}, restoreArgs...)...)
	var restoreErr, psqlErr tailBuffer
	script.Stderr = &restoreErr
	out, err := script.StdoutPipe()
	if err != nil {
		return err
	}
	run := exec.CommandContext(ctx, psql.Path, "--no-psqlrc", "--quiet", "--set=ON_ERROR_STOP=1",
		"--single-transaction", "--file=-", "--output=/dev/null", "--dbname="+conn)
	run.Env = append(os.Environ(), "PGAPPNAME=prdesk-restore")
	if password != "" {
		run.Env = append(run.Env, "PGPASSWORD="+password)
	}
	run.Stderr = &psqlErr
	in, err := run.StdinPipe()
	if err != nil {
		return err
	}
	if err := script.Start(); err != nil {
		return fmt.Errorf("pg_restore: %w", err)
	}
	if err := run.Start(); err != nil {
		cancel()
		script.Wait() //nolint:errcheck
		return fmt.Errorf("psql: %w", err)
	}
	copyErr := copyScript(in, out)
	if copyErr != nil {
		// psql stopped reading (an error in the script: it rolled back and
		// said why), or the pipe broke: both are stopped, psql before it
		// could see the end of the script and commit half of it.
		cancel()
		in.Close()
		psqlWait := run.Wait()
		script.Wait() //nolint:errcheck
		if msg := psqlErr.String(); msg != "" {
			return fmt.Errorf("psql: %v: %s", psqlWait, msg)
		}
		return fmt.Errorf("feeding the script to psql: %w", copyErr)
	}
	if err := script.Wait(); err != nil {
		// psql must never see the end of half a script: it would commit
		// what it has. Killed, its transaction is rolled back.
		cancel()
		in.Close()
		run.Wait() //nolint:errcheck
		return fmt.Errorf("pg_restore: %w: %s", err, restoreErr.String())
	}
	in.Close()
	if err := run.Wait(); err != nil {
		return fmt.Errorf("psql: %w: %s", err, psqlErr.String())
	}
	return nil
}

// copyScript copies the script, replacing searchPathLine where it stands
// in the header (pg_dump writes it once, among the first lines).
func copyScript(w io.Writer, r io.Reader) error {
	br := bufio.NewReaderSize(r, 64<<10)
	for i := 0; i < 100; i++ {
		line, err := br.ReadString('\n')
		if strings.TrimRight(line, "\r\n") == searchPathLine {
			line = searchPathOurs + "\n"
		}
		if _, werr := io.WriteString(w, line); werr != nil {
			return werr
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if strings.HasPrefix(line, searchPathOurs) {
			break
		}
	}
	_, err := io.Copy(w, br)
	return err
}

// tailBuffer keeps the last 4 KB written to it: a program's last words.
type tailBuffer struct{ b []byte }

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.b = append(t.b, p...)
	if len(t.b) > 4096 {
		t.b = t.b[len(t.b)-4096:]
	}
	return len(p), nil
}

func (t *tailBuffer) String() string { return strings.TrimSpace(string(t.b)) }
