// Package dbtest gives each test package its own PostgreSQL database, cloned
// from a template that is migrated once per schema version.
//
// Use it from TestMain:
//
//	func TestMain(m *testing.M) { dbtest.Main(m) }
//
// and dbtest.Pool(t) in tests. The server comes from TEST_DATABASE_URL or
// DATABASE_URL (make test sets it through scripts/db.sh).
package dbtest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/daugavpils/prdesk/internal/db"
	"github.com/daugavpils/prdesk/migrations"
)

var state struct {
	once   sync.Once
	pool   *pgxpool.Pool
	url    string
	dbName string
	err    error
}

// Main runs the package's tests, then drops its database (with whatever
// is still connected to it) and its folders.
func Main(m *testing.M) {
	code := m.Run()
	if state.pool != nil {
		state.pool.Close()
		dropDatabase(state.dbName)
	}
	if dirs.root != "" {
		os.RemoveAll(dirs.root)
	}
	os.Exit(code)
}

var dirs struct {
	mu   sync.Mutex
	root string
}

// Dir is a folder that lasts as long as the package's tests (t.TempDir
// lasts one test): for what a server shared by the tests keeps on disk.
func Dir(name string) string {
	dirs.mu.Lock()
	defer dirs.mu.Unlock()
	if dirs.root == "" {
		root, err := os.MkdirTemp("", "prdesk-test-")
		if err != nil {
			panic(err)
		}
		dirs.root = root
	}
	d := filepath.Join(dirs.root, name)
	if err := os.MkdirAll(d, 0o755); err != nil {
		panic(err)
	}
	return d
}

// ServerURL is the URL of the server tests run against, pointing at its
// maintenance database.
func ServerURL() (string, error) {
	u := os.Getenv("TEST_DATABASE_URL")
	if u == "" {
		u = os.Getenv("DATABASE_URL")
	}
	if u == "" {
		return "", fmt.Errorf("no database: set DATABASE_URL (make test does it through scripts/db.sh)")
	}
	return withDatabase(u, "postgres")
}

func withDatabase(raw, name string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		return "", fmt.Errorf("DATABASE_URL must be a postgres:// URL")
	}
	u.Path = "/" + name
	return u.String(), nil
}

// Pool returns the test package's database, migrated and empty of data.
func Pool(t testing.TB) *pgxpool.Pool {
	t.Helper()
	state.once.Do(func() { state.pool, state.url, state.dbName, state.err = create() })
	if state.err != nil {
		t.Fatalf("test database: %v", state.err)
	}
	return state.pool
}

// Fresh is an empty database of the test's own, with no migration run:
// for tests of the migrations themselves. It is dropped when the test ends.
func Fresh(t testing.TB) *pgxpool.Pool {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	adminURL, err := ServerURL()
	if err != nil {
		t.Fatal(err)
	}
	admin, err := pgx.Connect(ctx, adminURL)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close(ctx)
	fresh.mu.Lock()
	fresh.n++
	name := fmt.Sprintf("prdesk_fresh_%d_%d", os.Getpid(), fresh.n)
	fresh.mu.Unlock()
	if _, err := admin.Exec(ctx, "drop database if exists "+name+" with (force)"); err != nil {
		t.Fatal(err)
	}
	if _, err := admin.Exec(ctx, "create database "+name); err != nil {
		t.Fatal(err)
	}
	url, err := withDatabase(adminURL, name)
	if err != nil {
		t.Fatal(err)
	}
	pool, err := db.Open(ctx, url)
	if err != nil {
		dropDatabase(name)
		t.Fatal(err)
	}
	t.Cleanup(func() {
		pool.Close()
		dropDatabase(name)
	})
	return pool
}

var fresh struct {
	mu sync.Mutex
	n  int
}

// URL is the connection URL of the test package's database (Pool must have been called).
func URL(t testing.TB) string {
	Pool(t)
	return state.url
}

func schemaHash() (string, error) {
	h := sha256.New()
	err := fs.WalkDir(migrations.FS, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(migrations.FS, path)
		if err != nil {
			return err
		}
		h.Write([]byte(path))
		h.Write(b)
		return nil
	})
	return hex.EncodeToString(h.Sum(nil))[:12], err
}

func create() (*pgxpool.Pool, string, string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	adminURL, err := ServerURL()
	if err != nil {
		return nil, "", "", err
	}
	admin, err := pgx.Connect(ctx, adminURL)
	if err != nil {
		return nil, "", "", err
	}
	defer admin.Close(ctx)

	hash, err := schemaHash()
	if err != nil {
		return nil, "", "", err
	}
	template := "prdesk_tmpl_" + hash
	// Test binaries run in parallel: one of them builds the template.
	if _, err := admin.Exec(ctx, "select pg_advisory_lock(7302)"); err != nil {
		return nil, "", "", err
	}
	defer admin.Exec(context.Background(), "select pg_advisory_unlock(7302)") //nolint:errcheck

	var exists bool
	if err := admin.QueryRow(ctx, "select exists(select 1 from pg_database where datname = $1)", template).Scan(&exists); err != nil {
		return nil, "", "", err
	}
	if !exists {
		if err := buildTemplate(ctx, admin, adminURL, template); err != nil {
			return nil, "", "", fmt.Errorf("template %s: %w", template, err)
		}
	}
	name := fmt.Sprintf("prdesk_test_%d_%d", os.Getpid(), time.Now().UnixNano()%1_000_000)
	if _, err := admin.Exec(ctx, fmt.Sprintf("create database %s template %s", name, template)); err != nil {
		return nil, "", "", err
	}
	url, err := withDatabase(adminURL, name)
	if err != nil {
		return nil, "", "", err
	}
	pool, err := db.Open(ctx, url)
	if err != nil {
		return nil, "", "", err
	}
	return pool, url, name, nil
}

func buildTemplate(ctx context.Context, admin *pgx.Conn, adminURL, template string) error {
	building := template + "_build"
	admin.Exec(ctx, "drop database if exists "+building) //nolint:errcheck
	if _, err := admin.Exec(ctx, "create database "+building); err != nil {
		return err
	}
	url, err := withDatabase(adminURL, building)
	if err != nil {
		return err
	}
	pool, err := db.Open(ctx, url)
	if err != nil {
		return err
	}
	err = db.Migrate(ctx, pool)
	pool.Close()
	if err != nil {
		return err
	}
	// Renamed only once complete, so a failed build never leaves a half template.
	if _, err := admin.Exec(ctx, fmt.Sprintf("alter database %s rename to %s", building, template)); err != nil {
		return err
	}
	// Older templates of other schema versions are no longer needed.
	rows, err := admin.Query(ctx, "select datname from pg_database where datname like 'prdesk\\_tmpl\\_%' and datname <> $1", template)
	if err != nil {
		return err
	}
	old, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return err
	}
	for _, o := range old {
		admin.Exec(ctx, "drop database if exists "+o) //nolint:errcheck
	}
	return nil
}

func dropDatabase(name string) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	adminURL, err := ServerURL()
	if err != nil {
		return
	}
	admin, err := pgx.Connect(ctx, adminURL)
	if err != nil {
		return
	}
	defer admin.Close(ctx)
	admin.Exec(ctx, "drop database if exists "+name+" with (force)") //nolint:errcheck
}
