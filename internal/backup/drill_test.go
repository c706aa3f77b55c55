package backup_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"

	"github.com/daugavpils/prdesk/internal/backup"
	"github.com/daugavpils/prdesk/internal/db/dbtest"
	"github.com/daugavpils/prdesk/internal/demo"
	"github.com/daugavpils/prdesk/internal/jobs"
	"github.com/daugavpils/prdesk/internal/monitoring/monitoringtest"
	"github.com/daugavpils/prdesk/internal/petitions/petitionstest"
	"github.com/daugavpils/prdesk/internal/press/presstest"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

// The areas that hold data when a backup is taken: each must have rows in
// the drill's database, so that a new area's tables that the dump missed
// or could not restore are seen.
var areaTables = []string{
	"users", "audit_log", "calendar_days", "petitions", "petition_events", "visit_officials",
	"visit_bookings", "contacts", "twin_agreements", "press_releases", "press_release_versions",
	"monitoring_clippings", "files", "mail_outbox", "river_job",
}

// The drill: a database with data in every built area and stored files is
// backed up, restored into a new database and a new files folder, and
// every table's row count and every file's checksum compared.
func TestDrill(t *testing.T) {
	ctx := context.Background()
	pool := dbtest.Pool(t)
	now := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	start := time.Now()
	if seeded, err := demo.Seed(ctx, pool, now); err != nil || !seeded {
		t.Fatalf("demo data: %v %v", seeded, err)
	}
	// Stored files through the areas' own use cases: scans of submissions
	// (one scan twice: two rows, one blob), a release's photo, a clipping's
	// screenshot, and a larger scan.
	big := bigPDF(1000 << 10) // under the fixture's limit of 1 MiB
	petitionstest.Register(t, pool, petitionstest.Sub{At: now, Scans: []petitionstest.Scan{
		{Name: "iesniegums.pdf", Content: petitionstest.PDF}, {Name: "pielikums.pdf", Content: big}}})
	petitionstest.Register(t, pool, petitionstest.Sub{At: now, Scans: []petitionstest.Scan{
		{Name: "tas pats.pdf", Content: petitionstest.PDF}}})
	presstest.AddAttachment(t, pool, anyID(t, pool, "press_releases", "status = 'draft'"), "foto.png")
	monitoringtest.AddFile(t, pool, anyID(t, pool, "monitoring_clippings", "true"), "ekrans.png")
	filled := time.Since(start)

	source := counts(t, pool)
	for _, table := range areaTables {
		if source["public."+table] == 0 {
			t.Errorf("the drill's database has no rows in %s: its area would go unchecked", table)
		}
	}

	cfg := backup.Config{Pool: pool, URL: dbtest.URL(t), FilesDir: dbtest.Dir("files"), Dir: t.TempDir(), Keep: 2, Now: time.Now}
	start = time.Now()
	dir, m, err := backup.Run(ctx, cfg)
	if err != nil {
		t.Fatalf("backup: %v", err)
	}
	tookBackup := time.Since(start)
	if filepath.Dir(dir) != cfg.Dir || m.Name != filepath.Base(dir) {
		t.Errorf("backup written to %s, named %s", dir, m.Name)
	}
	// The manifest's counts are the database's (nothing wrote since).
	for name, n := range source {
		if m.Tables[name] != n {
			t.Errorf("manifest: %s has %d rows, the database %d", name, m.Tables[name], n)
		}
	}
	if len(m.Tables) != len(source) {
		t.Errorf("manifest counts %d tables, the database has %d", len(m.Tables), len(source))
	}
	if m.Files.Rows != source["public.files"] || m.Files.Count != len(fileSums(t, pool)) || m.Files.Rows <= int64(m.Files.Count) {
		t.Errorf("manifest: %d file rows and %d blobs; the database has %d rows and %d blobs (one blob shared by two rows)",
			m.Files.Rows, m.Files.Count, source["public.files"], len(fileSums(t, pool)))
	}
	if len(m.Files.Missing) != 0 || m.Database.SHA256 == "" || m.Database.Size == 0 || m.Files.Size < int64(len(big)) {
		t.Errorf("manifest: %+v", m.Database)
	}
	if fi, err := os.Stat(filepath.Join(dir, backup.DumpFile)); err != nil || fi.Mode().Perm()&0o007 != 0 {
		t.Errorf("the dump is readable by anyone: %v %v", fi.Mode(), err)
	}
	if n := auditCount(t, pool, "create"); n != 1 {
		t.Errorf("%d audit entries of the backup, want 1", n)
	}

	// Into a new database and a new files folder.
	target := dbtest.Fresh(t)
	targetURL := target.Config().ConnString()
	filesDir := filepath.Join(t.TempDir(), "files")
	start = time.Now()
	r, err := backup.Restore(ctx, backup.RestoreConfig{From: dir, Pool: target, URL: targetURL, FilesDir: filesDir})
	if err != nil {
		t.Fatalf("restore: %v", err)
	}
	tookRestore := time.Since(start)
	if !r.Audited || auditCount(t, target, "db_restore") != 1 {
		t.Errorf("the restore left no audit entry in the restored database")
	}

	// Every table's rows (the restore's own audit entry is one more).
	restored := counts(t, target)
	for name, n := range source {
		want := n
		if name == "public.audit_log" {
			want++
		}
		if restored[name] != want {
			t.Errorf("restored %s has %d rows, the source %d", name, restored[name], want)
		}
	}
	if len(restored) != len(source) {
		t.Errorf("restored %d tables, the source has %d", len(restored), len(source))
	}
	// Every file row's blob is there, with the bytes its checksum names,
	// the same as the source's.
	rows := fileSums(t, target)
	if len(rows) == 0 {
		t.Fatal("no files rows restored")
	}
	for sum := range rows {
		got := sumOf(t, filepath.Join(filesDir, sum[0:2], sum[2:4], sum))
		src := sumOf(t, filepath.Join(cfg.FilesDir, sum[0:2], sum[2:4], sum))
		if got != sum || src != sum {
			t.Errorf("file %s: restored bytes hash to %s, the source's to %s", sum, got, src)
		}
	}
	if r.Files != len(rows) {
		t.Errorf("restore copied %d files, the rows refer to %d", r.Files, len(rows))
	}
	info, _ := os.Stat(filepath.Join(dir, backup.DumpFile))
	t.Logf("drill: filled in %v; backup %v (%d tables, %d rows, dump %d bytes, %d files of %d bytes); restore %v",
		filled.Round(time.Millisecond), tookBackup.Round(time.Millisecond), m.Database.TableCount, m.Database.RowCount,
		info.Size(), m.Files.Count, m.Files.Size, tookRestore.Round(time.Millisecond))

	// A second restore into the same target is refused; with Force it goes ahead.
	again := backup.RestoreConfig{From: dir, Pool: target, URL: targetURL, FilesDir: filesDir}
	if _, err := backup.Restore(ctx, again); !errors.Is(err, backup.ErrNotEmpty) {
		t.Errorf("restore into a restored database: %v, want ErrNotEmpty", err)
	}
	again.Force = true
	if _, err := backup.Restore(ctx, again); err != nil {
		t.Errorf("restore with force: %v", err)
	}
	if n := counts(t, target)["public.petitions"]; n != source["public.petitions"] {
		t.Errorf("after a forced restore petitions has %d rows, want %d", n, source["public.petitions"])
	}
}

// A backup whose parts are not what its manifest says is refused before
// anything is restored: a changed file, a changed dump.
func TestRestoreChecksEveryChecksum(t *testing.T) {
	ctx := context.Background()
	pool := dbtest.Pool(t)
	petitionstest.Register(t, pool, petitionstest.Sub{At: time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC),
		Scans: []petitionstest.Scan{{Name: "a.pdf", Content: petitionstest.PDF + "% checksum test\n"}}})
	cfg := backup.Config{Pool: pool, URL: dbtest.URL(t), FilesDir: dbtest.Dir("files"), Dir: t.TempDir(), Keep: 0, Now: time.Now}
	dir, m, err := backup.Run(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := backup.Verify(ctx, dir); err != nil {
		t.Fatalf("a fresh backup: %v", err)
	}
	blob := filepath.Join(dir, backup.FilesDir, m.Files.Blobs[0].SHA256[0:2], m.Files.Blobs[0].SHA256[2:4], m.Files.Blobs[0].SHA256)
	orig, err := os.ReadFile(blob)
	if err != nil {
		t.Fatal(err)
	}
	changed := bytes.Clone(orig)
	changed[len(changed)-2] ^= 1
	if err := os.WriteFile(blob, changed, 0o640); err != nil {
		t.Fatal(err)
	}
	target := dbtest.Fresh(t)
	_, err = backup.Restore(ctx, backup.RestoreConfig{From: dir, Pool: target, URL: target.Config().ConnString(), FilesDir: t.TempDir()})
	if !errors.Is(err, backup.ErrChecksum) || !strings.Contains(err.Error(), m.Files.Blobs[0].SHA256) {
		t.Errorf("restore of a backup with a changed file: %v", err)
	}
	if n := len(counts(t, target)); n != 0 {
		t.Errorf("a refused restore left %d tables", n)
	}
	if err := os.WriteFile(blob, orig, 0o640); err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(filepath.Join(dir, backup.DumpFile), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("x") //nolint:errcheck
	f.Close()
	if _, err := backup.Verify(ctx, dir); !errors.Is(err, backup.ErrChecksum) || !strings.Contains(err.Error(), backup.DumpFile) {
		t.Errorf("verify of a changed dump: %v", err)
	}
}

// Keep: after each backup the oldest go, so that Keep remain.
func TestKeepsTheLastN(t *testing.T) {
	ctx := context.Background()
	pool := dbtest.Pool(t)
	clock := time.Date(2026, 12, 1, 1, 30, 0, 0, time.UTC)
	cfg := backup.Config{Pool: pool, URL: dbtest.URL(t), FilesDir: dbtest.Dir("files"), Dir: t.TempDir(), Keep: 2,
		Now: func() time.Time { return clock }}
	petitionstest.Register(t, pool, petitionstest.Sub{At: clock, Scans: []petitionstest.Scan{{Name: "a.pdf", Content: petitionstest.PDF + "% keep\n"}}})
	var made []string
	for i := range 4 {
		if i < 3 { // the fourth in the same second as the third
			clock = clock.Add(24 * time.Hour)
		}
		dir, m, err := backup.Run(ctx, cfg)
		if err != nil {
			t.Fatal(err)
		}
		// The files of the backup before are linked, not copied again.
		if want := map[bool]int{true: 0, false: m.Files.Count}[i == 0]; m.Files.Count == 0 || m.Files.Linked != want {
			t.Errorf("backup %d: %d files, %d linked, want %d", i, m.Files.Count, m.Files.Linked, want)
		}
		if _, err := backup.Verify(ctx, dir); err != nil {
			t.Error(err)
		}
		made = append(made, filepath.Base(dir))
	}
	left, err := backup.List(cfg.Dir)
	if err != nil {
		t.Fatal(err)
	}
	if want := made[2:]; fmt.Sprint(left) != fmt.Sprint(want) {
		t.Errorf("left %v, want the last two %v (made %v)", left, want, made)
	}
	entries, _ := os.ReadDir(cfg.Dir)
	if len(entries) != 2 {
		t.Errorf("%d entries in the folder, want the 2 backups", len(entries))
	}
}

// counts is every table's row count, read independently of the package.
func counts(t *testing.T, pool *pgxpool.Pool) map[string]int64 {
	t.Helper()
	ctx := context.Background()
	rows, err := pool.Query(ctx, `
		select n.nspname, c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
		where c.relkind in ('r', 'p') and not c.relispartition
		  and n.nspname not in ('pg_catalog', 'information_schema', 'pg_toast')`)
	if err != nil {
		t.Fatal(err)
	}
	names, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (pgx.Identifier, error) {
		var s, n string
		err := r.Scan(&s, &n)
		return pgx.Identifier{s, n}, err
	})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int64{}
	for _, id := range names {
		var n int64
		if err := pool.QueryRow(ctx, "select count(*) from "+id.Sanitize()).Scan(&n); err != nil {
			t.Fatal(err)
		}
		out[id[0]+"."+id[1]] = n
	}
	return out
}

// fileSums is the set of blobs the files rows refer to.
func fileSums(t *testing.T, pool *pgxpool.Pool) map[string]bool {
	t.Helper()
	rows, err := pool.Query(context.Background(), `select distinct sha256 from files`)
	if err != nil {
		t.Fatal(err)
	}
	sums, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for _, s := range sums {
		out[s] = true
	}
	return out
}

func auditCount(t *testing.T, pool *pgxpool.Pool, action string) int {
	t.Helper()
	var n int
	if err := pool.QueryRow(context.Background(), `select count(*) from audit_log where entity = 'backup' and action = $1`, action).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// anyID is the id of one row of table of the demo data that matches where.
func anyID(t *testing.T, pool *pgxpool.Pool, table, where string) int64 {
	t.Helper()
	var id int64
	if err := pool.QueryRow(context.Background(), "select min(id) from "+pgx.Identifier{table}.Sanitize()+" where "+where).Scan(&id); err != nil {
		t.Fatalf("a row of %s: %v", table, err)
	}
	return id
}

func sumOf(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Error(err)
		return ""
	}
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// bigPDF is a PDF of about n bytes that does not compress away.
func bigPDF(n int) string {
	var b strings.Builder
	b.WriteString("%PDF-1.4\n%")
	h := sha256.Sum256([]byte("drill"))
	for b.Len() < n {
		h = sha256.Sum256(h[:])
		b.WriteString(hex.EncodeToString(h[:]))
	}
	b.WriteString("\n%%EOF\n")
	return b.String()
}

// The nightly job writes a backup as the command does.
func TestJobWritesABackup(t *testing.T) {
	ctx := context.Background()
	pool := dbtest.Pool(t)
	cfg := backup.Config{Pool: pool, URL: dbtest.URL(t), FilesDir: dbtest.Dir("files"), Dir: t.TempDir(), Keep: 3, Now: time.Now}
	reg := jobs.NewRegistry()
	backup.Register(reg, cfg, backup.DefaultAt, true)
	c, err := jobs.New(pool, reg, jobs.Options{TestOnly: true, FetchPollInterval: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Insert(ctx, backup.Args{}, nil); err != nil {
		t.Fatal(err)
	}
	if err := jobs.WorkDue(ctx, c, river.QueueDefault); err != nil {
		t.Fatal(err)
	}
	names, err := backup.List(cfg.Dir)
	if err != nil || len(names) != 1 {
		t.Fatalf("after the job: %v %v", names, err)
	}
	if _, err := backup.Verify(ctx, filepath.Join(cfg.Dir, names[0])); err != nil {
		t.Error(err)
	}
}

// A forced restore that fails part way (here a view of the target's own
// stands on a table the backup drops and makes again) leaves the target as
// it was: the script runs in one transaction.
func TestFailedRestoreChangesNothing(t *testing.T) {
	ctx := context.Background()
	pool := dbtest.Pool(t)
	cfg := backup.Config{Pool: pool, URL: dbtest.URL(t), FilesDir: dbtest.Dir("files"), Dir: t.TempDir(), Now: time.Now}
	dir, _, err := backup.Run(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	target := dbtest.Fresh(t)
	if _, err := target.Exec(ctx, `create table users (id bigint primary key, note text);
		insert into users values (1, 'kept');
		create view users_kept as select note from users`); err != nil {
		t.Fatal(err)
	}
	_, err = backup.Restore(ctx, backup.RestoreConfig{From: dir, Pool: target, URL: target.Config().ConnString(),
		FilesDir: t.TempDir(), Force: true})
	if err == nil || !strings.Contains(err.Error(), "users_kept") {
		t.Fatalf("forced restore over a view on users: %v, want psql's error naming the view", err)
	}
	var note string
	if err := target.QueryRow(ctx, `select note from users_kept`).Scan(&note); err != nil || note != "kept" {
		t.Errorf("after the failed restore: %q %v", note, err)
	}
	if n := len(counts(t, target)); n != 1 {
		t.Errorf("the failed restore left %d tables, want the target's 1", n)
	}
}

// A file the database refers to that is gone from FILES_DIR: the backup is
// still written, names it, and says so; restoring it needs force.
func TestMissingFileIsNamed(t *testing.T) {
	ctx := context.Background()
	pool := dbtest.Pool(t)
	content := petitionstest.PDF + "% missing\n"
	petitionstest.Register(t, pool, petitionstest.Sub{At: time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC),
		Scans: []petitionstest.Scan{{Name: "a.pdf", Content: content}}})
	sum := sha256.Sum256([]byte(content))
	name := hex.EncodeToString(sum[:])
	blob := filepath.Join(dbtest.Dir("files"), name[0:2], name[2:4], name)
	aside := blob + ".aside"
	if err := os.Rename(blob, aside); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Rename(aside, blob) })

	cfg := backup.Config{Pool: pool, URL: dbtest.URL(t), FilesDir: dbtest.Dir("files"), Dir: t.TempDir(), Now: time.Now}
	dir, m, err := backup.Run(ctx, cfg)
	if !errors.Is(err, backup.ErrIncomplete) || !strings.Contains(err.Error(), name) {
		t.Fatalf("backup without a file: %v", err)
	}
	if fmt.Sprint(m.Files.Missing) != "["+name+"]" {
		t.Errorf("missing %v, want [%s]", m.Files.Missing, name)
	}
	if names, _ := backup.List(cfg.Dir); len(names) != 1 {
		t.Errorf("the incomplete backup was not kept: %v", names)
	}
	target := dbtest.Fresh(t)
	rc := backup.RestoreConfig{From: dir, Pool: target, URL: target.Config().ConnString(), FilesDir: t.TempDir()}
	if _, err := backup.Restore(ctx, rc); err == nil || !strings.Contains(err.Error(), "-force") {
		t.Errorf("restore of an incomplete backup: %v, want a refusal naming -force", err)
	}
	rc.Force = true
	if r, err := backup.Restore(ctx, rc); err != nil || r.Files != m.Files.Count {
		t.Errorf("forced restore of an incomplete backup: %d files, %v", r.Files, err)
	}
}
