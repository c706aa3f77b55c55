package chaos_test

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
)

// cluster is a PostgreSQL of the test's own, which it may stop, kill and
// start: the server the other packages share must not go down under them.
type cluster struct {
	bin, data, socket string
	port              int
}

// pgBin is the folder of PostgreSQL's server programs: PG_BIN_DIR, else the
// newest of Debian's, else where pg_ctl is on the PATH.
func pgBin() string {
	if d := os.Getenv("PG_BIN_DIR"); d != "" {
		return d
	}
	if ds, _ := filepath.Glob("/usr/lib/postgresql/*/bin"); len(ds) > 0 {
		sort.Strings(ds)
		return ds[len(ds)-1]
	}
	if p, err := exec.LookPath("pg_ctl"); err == nil {
		return filepath.Dir(p)
	}
	return ""
}

// startCluster makes and starts a cluster in a folder of its own; the test's
// end stops it at once and removes it.
func startCluster(t *testing.T) *cluster {
	t.Helper()
	bin := pgBin()
	if _, err := os.Stat(filepath.Join(bin, "initdb")); err != nil {
		t.Skip("PostgreSQL's server programs (initdb, pg_ctl) are not installed; set PG_BIN_DIR")
	}
	// Not t.TempDir: initdb refuses root, and the postgres user must reach the folder.
	dir, err := os.MkdirTemp("", "prdesk-chaos-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	c := &cluster{bin: bin, data: filepath.Join(dir, "data"), socket: dir, port: l.Addr().(*net.TCPAddr).Port}
	l.Close()
	if os.Getuid() == 0 {
		if out, err := exec.Command("chown", "postgres:postgres", dir).CombinedOutput(); err != nil {
			t.Fatalf("chown: %v: %s", err, out)
		}
	}
	c.run(t, "initdb", "-D", c.data, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync")
	c.start(t)
	t.Cleanup(func() { c.pgctl("stop", "-m", "immediate") }) //nolint:errcheck // the folder goes anyway
	conn, err := pgx.Connect(context.Background(), c.url("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(context.Background(), "create database prdesk"); err != nil {
		t.Fatal(err)
	}
	return c
}

// url is the address of database name on the cluster.
func (c *cluster) url(name string) string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/%s?sslmode=disable", c.port, name)
}

// start starts the cluster and waits until it takes connections.
func (c *cluster) start(t *testing.T) {
	t.Helper()
	opts := fmt.Sprintf("-c listen_addresses=127.0.0.1 -p %d -k %s -c max_connections=100 -c fsync=off", c.port, c.socket)
	if out, err := c.pgctl("start", "-w", "-l", filepath.Join(c.socket, "server.log"), "-o", opts); err != nil {
		t.Fatalf("pg_ctl start: %v: %s", err, out)
	}
}

// stop shuts the cluster down the way mode says ("fast": connections are
// ended; "immediate": as a crash).
func (c *cluster) stop(t *testing.T, mode string) {
	t.Helper()
	if out, err := c.pgctl("stop", "-w", "-m", mode); err != nil {
		t.Fatalf("pg_ctl stop: %v: %s", err, out)
	}
}

func (c *cluster) pgctl(args ...string) ([]byte, error) {
	return c.command("pg_ctl", append([]string{"-D", c.data}, args...)...).CombinedOutput()
}

func (c *cluster) run(t *testing.T, prog string, args ...string) {
	t.Helper()
	if out, err := c.command(prog, args...).CombinedOutput(); err != nil {
		t.Fatalf("%s %s: %v: %s", prog, strings.Join(args, " "), err, out)
	}
}

// command runs one of the server's programs, as the postgres user when the
// test runs as root (the server refuses to run as root).
func (c *cluster) command(prog string, args ...string) *exec.Cmd {
	path := filepath.Join(c.bin, prog)
	if os.Getuid() == 0 {
		return exec.Command("runuser", append([]string{"-u", "postgres", "--", path}, args...)...)
	}
	return exec.Command(path, args...)
}
