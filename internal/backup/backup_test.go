package backup

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/daugavpils/prdesk/internal/i18n"
)

func TestConninfoKeepsThePasswordOutOfTheCommandLine(t *testing.T) {
	cases := []struct{ in, conn, password string }{
		{"postgres://app:s%40cret@db.example:5432/prdesk?sslmode=require&pool_max_conns=20&search_path=x",
			"postgres://app@db.example:5432/prdesk?sslmode=require", "s@cret"},
		{"postgresql://postgres@127.0.0.1/prdesk", "postgresql://postgres@127.0.0.1/prdesk", ""},
		{"postgres:///prdesk?host=/run/postgresql&password=pw", "postgres:///prdesk?host=%2Frun%2Fpostgresql", "pw"},
		{"host=/tmp dbname=prdesk", "host=/tmp dbname=prdesk", ""},
	}
	for _, c := range cases {
		conn, pw, err := conninfo(c.in)
		if err != nil || conn != c.conn || pw != c.password {
			t.Errorf("conninfo(%q) = %q, %q, %v; want %q, %q", c.in, conn, pw, err, c.conn, c.password)
		}
	}
}

func TestParseVersion(t *testing.T) {
	for line, want := range map[string]int{
		"pg_dump (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)": 15,
		"pg_restore (PostgreSQL) 17.2":                        17,
		"psql (PostgreSQL) 9.6.24":                            9,
		"pg_dump 15":                                          0,
	} {
		if got, _ := parseVersion(line); got != want {
			t.Errorf("parseVersion(%q) = %d, want %d", line, got, want)
		}
	}
}

// A missing pg_dump names the Debian package to install.
func TestFindToolSaysWhatToInstall(t *testing.T) {
	_, err := FindTool(context.Background(), "pg_dump", 99, "")
	if err == nil || !strings.Contains(err.Error(), "postgresql-client-99") {
		t.Errorf("FindTool for PostgreSQL 99: %v", err)
	}
	_, err = FindTool(context.Background(), "pg_dump", 15, t.TempDir())
	if err == nil || !strings.Contains(err.Error(), "PG_BIN_DIR") {
		t.Errorf("FindTool in an empty PG_BIN_DIR: %v", err)
	}
}

func TestParseAt(t *testing.T) {
	if at, on, err := ParseAt(""); err != nil || !on || at != DefaultAt {
		t.Errorf("ParseAt(\"\") = %v %v %v", at, on, err)
	}
	if at, on, err := ParseAt("23:05"); err != nil || !on || at != (At{23, 5}) {
		t.Errorf("ParseAt(23:05) = %v %v %v", at, on, err)
	}
	if _, on, err := ParseAt("OFF"); err != nil || on {
		t.Errorf("ParseAt(OFF) = %v %v", on, err)
	}
	for _, bad := range []string{"24:00", "2:3", "noon", "02:60", "-1:00"} {
		if _, _, err := ParseAt(bad); err == nil {
			t.Errorf("ParseAt(%q) took it", bad)
		}
	}
	// 02:30 in Riga, the night after; also across the change to summer time.
	from := time.Date(2026, 3, 28, 12, 0, 0, 0, i18n.Riga)
	if got, want := (At{2, 30}).Next(from), time.Date(2026, 3, 29, 2, 30, 0, 0, i18n.Riga); !got.Equal(want) {
		t.Errorf("Next = %v, want %v", got, want)
	}
}

// Backups that were cut short are removed after a day; other folders are left alone.
func TestPruneLeavesWhatIsNotABackup(t *testing.T) {
	dir := t.TempDir()
	now := time.Date(2026, 12, 6, 3, 0, 0, 0, time.UTC)
	for _, name := range []string{"prdesk-20261201-023000Z", "prdesk-20261202-023000Z", "prdesk-20261203-023000Z", "prdesk-20261203-023000Z-1"} {
		os.MkdirAll(filepath.Join(dir, name), 0o750)
		os.WriteFile(filepath.Join(dir, name, ManifestFile), []byte("{}"), 0o640)
	}
	os.MkdirAll(filepath.Join(dir, "prdesk-20261130-023000Z"), 0o750) // no manifest: not a backup
	os.MkdirAll(filepath.Join(dir, "other"), 0o750)
	old := filepath.Join(dir, ".prdesk-20261120-023000Z.partial")
	fresh := filepath.Join(dir, ".prdesk-20261206-025900Z.partial")
	os.MkdirAll(old, 0o750)
	os.MkdirAll(fresh, 0o750)
	os.Chtimes(old, now.Add(-48*time.Hour), now.Add(-48*time.Hour))
	os.Chtimes(fresh, now.Add(-time.Minute), now.Add(-time.Minute))
	removed, err := Prune(dir, 2, "", now)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(removed, " "); got != "prdesk-20261201-023000Z prdesk-20261202-023000Z" {
		t.Errorf("removed %s", got)
	}
	var left []string
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		left = append(left, e.Name())
	}
	if got := strings.Join(left, " "); got != ".prdesk-20261206-025900Z.partial other prdesk-20261130-023000Z prdesk-20261203-023000Z prdesk-20261203-023000Z-1" {
		t.Errorf("left %s", got)
	}
}
