package backup

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Tool is one of PostgreSQL's client programs (pg_dump, pg_restore) found
// on this machine, with its major version.
type Tool struct {
	Path    string
	Version string // as it prints it: "pg_dump (PostgreSQL) 15.20 (Debian …)"
	Major   int
}

var versionRe = regexp.MustCompile(`\(PostgreSQL\)\s+(\d+)(?:\.(\d+))?`)

// parseVersion reads the major version from a tool's --version line.
func parseVersion(line string) (int, bool) {
	m := versionRe.FindStringSubmatch(line)
	if m == nil {
		return 0, false
	}
	n, err := strconv.Atoi(m[1])
	return n, err == nil
}

// toolVersion runs path --version.
func toolVersion(ctx context.Context, path string) (Tool, error) {
	out, err := exec.CommandContext(ctx, path, "--version").Output()
	if err != nil {
		return Tool{}, fmt.Errorf("%s --version: %w", path, err)
	}
	line := strings.TrimSpace(string(out))
	major, ok := parseVersion(line)
	if !ok {
		return Tool{}, fmt.Errorf("%s --version said %q, not a PostgreSQL version", path, line)
	}
	return Tool{Path: path, Version: line, Major: major}, nil
}

// FindTool finds the client program name (pg_dump or pg_restore) for a
// server of major version want: a program older than the server cannot
// read it (pg_dump refuses), and one of the server's own version is the
// safest. It looks, in order, in binDir when one is given (PG_BIN_DIR;
// then only there), in Debian's /usr/lib/postgresql/<want>/bin, in
// RHEL's /usr/pgsql-<want>/bin, on PATH, and in Debian's folders of newer
// versions. It takes the first of exactly the wanted version, else the
// oldest newer one.
func FindTool(ctx context.Context, name string, want int, binDir string) (Tool, error) {
	var candidates []string
	if binDir != "" {
		candidates = []string{filepath.Join(binDir, name)}
	} else {
		candidates = []string{
			filepath.Join("/usr/lib/postgresql", strconv.Itoa(want), "bin", name),
			filepath.Join("/usr/pgsql-"+strconv.Itoa(want), "bin", name),
		}
		if p, err := exec.LookPath(name); err == nil {
			candidates = append(candidates, p)
		}
		others, _ := filepath.Glob(filepath.Join("/usr/lib/postgresql", "*", "bin", name))
		candidates = append(candidates, others...)
	}
	var found []Tool
	var tried []string
	for _, c := range candidates {
		if fi, err := os.Stat(c); err != nil || fi.IsDir() {
			continue
		}
		t, err := toolVersion(ctx, c)
		if err != nil {
			tried = append(tried, err.Error())
			continue
		}
		if t.Major == want {
			return t, nil
		}
		found = append(found, t)
		tried = append(tried, fmt.Sprintf("%s is version %d", c, t.Major))
	}
	newer := slices.DeleteFunc(slices.Clone(found), func(t Tool) bool { return t.Major < want })
	if len(newer) > 0 {
		slices.SortStableFunc(newer, func(a, b Tool) int { return a.Major - b.Major })
		return newer[0], nil
	}
	msg := fmt.Sprintf("%s for PostgreSQL %d not found", name, want)
	if len(tried) > 0 {
		msg += " (" + strings.Join(tried, "; ") + ")"
	}
	if binDir != "" {
		return Tool{}, fmt.Errorf("%s in PG_BIN_DIR %s: install PostgreSQL %d's client programs there, or leave PG_BIN_DIR empty to search the usual places", msg, binDir, want)
	}
	return Tool{}, fmt.Errorf("%s: install Debian's postgresql-client-%d (apt-get install postgresql-client-%d; it puts them in /usr/lib/postgresql/%d/bin), or set PG_BIN_DIR to the folder holding them", msg, want, want, want)
}

// libpq's connection keywords: a pgx URL may carry others (pool_max_conns,
// runtime parameters) that libpq's programs refuse.
var libpqParams = map[string]bool{
	"host": true, "hostaddr": true, "port": true, "dbname": true, "user": true, "passfile": true,
	"channel_binding": true, "connect_timeout": true, "client_encoding": true, "options": true,
	"application_name": true, "fallback_application_name": true, "keepalives": true,
	"keepalives_idle": true, "keepalives_interval": true, "keepalives_count": true,
	"tcp_user_timeout": true, "replication": true, "gssencmode": true, "sslmode": true,
	"requiressl": true, "sslcompression": true, "sslcert": true, "sslkey": true,
	"sslpassword": true, "sslrootcert": true, "sslcrl": true, "sslcrldir": true, "sslsni": true,
	"requirepeer": true, "ssl_min_protocol_version": true, "ssl_max_protocol_version": true,
	"krbsrvname": true, "gsslib": true, "service": true, "target_session_attrs": true,
	"load_balance_hosts": true,
}

// conninfo turns the app's database URL into what pg_dump and pg_restore
// are given: the URL without its password and without what only pgx
// reads. The password goes to the program in PGPASSWORD, so that it never
// shows in the machine's process list. A key=value string is passed as it is.
func conninfo(raw string) (conn, password string, err error) {
	if !strings.HasPrefix(raw, "postgres://") && !strings.HasPrefix(raw, "postgresql://") {
		return raw, "", nil
	}
	u, err := url.Parse(raw)
	if err != nil {
		return "", "", fmt.Errorf("database url: %w", err)
	}
	if u.User != nil {
		password, _ = u.User.Password()
		u.User = url.User(u.User.Username())
	}
	q := u.Query()
	if pw := q.Get("password"); pw != "" {
		password = pw
	}
	for k := range q {
		if !libpqParams[k] {
			q.Del(k)
		}
	}
	u.RawQuery = q.Encode()
	return u.String(), password, nil
}

// runTool runs a client program against the database at dbURL; its
// standard error, when it fails, is part of the error.
func runTool(ctx context.Context, t Tool, dbURL string, args ...string) error {
	conn, password, err := conninfo(dbURL)
	if err != nil {
		return err
	}
	cmd := exec.CommandContext(ctx, t.Path, append(args, "--dbname="+conn)...)
	cmd.Env = append(os.Environ(), "PGAPPNAME=prdesk-backup")
	if password != "" {
		cmd.Env = append(cmd.Env, "PGPASSWORD="+password)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(stderr.String())
		if len(msg) > 2000 {
			msg = "…" + msg[len(msg)-2000:]
		}
		if msg == "" {
			return fmt.Errorf("%s: %w", filepath.Base(t.Path), err)
		}
		return fmt.Errorf("%s: %w: %s", filepath.Base(t.Path), err, msg)
	}
	return nil
}
