package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// server is bin/prdesk running as a child process on a free loopback port.
type server struct {
	url  string
	cmd  *exec.Cmd
	log  *tail
	done chan struct{} // closed when the process has exited
	err  error         // its exit error, valid once done is closed

	stopOnce sync.Once
	stopped  time.Duration
	stopErr  error
}

func startServer(ctx context.Context, bin, databaseURL, logLevel string) (*server, error) {
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, "serve")
	cmd.Env = append(withoutVars(os.Environ(), "DATABASE_URL", "PORT", "LOG_LEVEL", "BASE_URL", "BACKUP_AT"),
		"DATABASE_URL="+databaseURL,
		"PORT="+strconv.Itoa(port),
		"LOG_LEVEL="+logLevel,
		"BASE_URL=http://127.0.0.1:"+strconv.Itoa(port),
		// A measurement across 02:30 must not dump the bench database.
		"BACKUP_AT=off",
	)
	s := &server{url: "http://127.0.0.1:" + strconv.Itoa(port), cmd: cmd, log: &tail{max: 64 << 10}, done: make(chan struct{})}
	cmd.Stdout = s.log
	cmd.Stderr = s.log
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting %s: %w", bin, err)
	}
	go func() {
		s.err = cmd.Wait()
		close(s.done)
	}()
	if err := s.waitHealthy(ctx, 30*time.Second); err != nil {
		s.stop()
		return nil, s.explain(err)
	}
	fmt.Printf("Server: %s serve, pid %d, at %s.\n", bin, cmd.Process.Pid, s.url)
	return s, nil
}

func (s *server) pid() int { return s.cmd.Process.Pid }

// waitHealthy polls /healthz until it answers 200.
func (s *server) waitHealthy(ctx context.Context, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	client := &http.Client{Timeout: time.Second}
	for {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.url+"/healthz", nil)
		if err != nil {
			return err
		}
		if res, err := client.Do(req); err == nil {
			io.Copy(io.Discard, res.Body) //nolint:errcheck
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return nil
			}
		}
		select {
		case <-s.done:
			return fmt.Errorf("the server exited before it was ready: %v", s.err)
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("the server did not answer /healthz within %s", limit)
		}
	}
}

// alive tells whether the server is still running.
func (s *server) alive() error {
	select {
	case <-s.done:
		return fmt.Errorf("the server exited during the bench: %v", s.err)
	default:
		return nil
	}
}

// stop sends SIGTERM and waits for the graceful exit (the server drains its
// requests for up to 20 s), killing it only if it does not come. It reports
// how long the exit took.
func (s *server) stop() (time.Duration, error) {
	s.stopOnce.Do(func() {
		select {
		case <-s.done:
			s.stopErr = fmt.Errorf("the server had already exited: %v", s.err)
			return
		default:
		}
		start := time.Now()
		if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
			s.stopErr = err
			return
		}
		select {
		case <-s.done:
			s.stopped = time.Since(start)
			if s.err != nil {
				s.stopErr = fmt.Errorf("the server exited with %v after SIGTERM", s.err)
			}
		case <-time.After(25 * time.Second):
			s.cmd.Process.Kill() //nolint:errcheck
			<-s.done
			s.stopErr = errors.New("the server did not stop within 25 s of SIGTERM and was killed")
		}
	})
	return s.stopped, s.stopErr
}

// explain adds the end of the server's log to err, leaving out the access
// log lines, which say nothing about why it failed. An interrupted bench
// needs no explaining.
func (s *server) explain(err error) error {
	if errors.Is(err, context.Canceled) {
		return errors.New("interrupted")
	}
	var keep []string
	for _, line := range strings.Split(strings.TrimSpace(s.log.String()), "\n") {
		if line != "" && !strings.Contains(line, `"msg":"request"`) {
			keep = append(keep, line)
		}
	}
	if len(keep) > 20 {
		keep = keep[len(keep)-20:]
	}
	if len(keep) == 0 {
		return err
	}
	return fmt.Errorf("%w\n--- the server's last messages ---\n%s", err, strings.Join(keep, "\n"))
}

// signIn posts the sign-in form as a browser would and returns the session cookie.
func signIn(ctx context.Context, base, username string) (*http.Cookie, error) {
	client := &http.Client{
		Timeout:       10 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	form := url.Values{"username": {username}, "password": {"demo"}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/login", strings.NewReader(form.Encode()))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", base)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	res, err := client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("signing in as %s: %w", username, err)
	}
	io.Copy(io.Discard, res.Body) //nolint:errcheck
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		return nil, fmt.Errorf("signing in as %s: status %d, want 303", username, res.StatusCode)
	}
	for _, c := range res.Cookies() {
		if c.Name == "prdesk_session" && c.Value != "" {
			// The home page must really be the signed-in one, or the bench
			// would measure the redirect to the sign-in page.
			req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/", nil)
			if err != nil {
				return nil, err
			}
			req.AddCookie(c)
			res, err := client.Do(req)
			if err != nil {
				return nil, err
			}
			body, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != http.StatusOK || !bytes.Contains(body, []byte(`action="/logout"`)) {
				return nil, fmt.Errorf("signed in as %s, but / answers %d without the sign-out button", username, res.StatusCode)
			}
			return c, nil
		}
	}
	return nil, fmt.Errorf("signing in as %s: no session cookie", username)
}

type memory struct{ rss, peak string }

// residentMemory reads VmRSS and VmHWM of a process from /proc.
func residentMemory(pid int) (memory, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return memory{}, fmt.Errorf("server memory: %w", err)
	}
	defer f.Close()
	var m memory
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if !ok {
			continue
		}
		switch k {
		case "VmRSS":
			m.rss = mebibytes(v)
		case "VmHWM":
			m.peak = mebibytes(v)
		}
	}
	if m.rss == "" {
		return m, fmt.Errorf("server memory: no VmRSS in /proc/%d/status", pid)
	}
	return m, sc.Err()
}

// mebibytes turns "  123456 kB" into "120.6 MiB".
func mebibytes(v string) string {
	f := strings.Fields(v)
	if len(f) == 2 && f[1] == "kB" {
		if kb, err := strconv.ParseFloat(f[0], 64); err == nil {
			return fmt.Sprintf("%.1f MiB", kb/1024)
		}
	}
	return strings.TrimSpace(v)
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func withoutVars(env []string, names ...string) []string {
	out := env[:0:0]
	for _, kv := range env {
		name, _, _ := strings.Cut(kv, "=")
		drop := false
		for _, n := range names {
			drop = drop || name == n
		}
		if !drop {
			out = append(out, kv)
		}
	}
	return out
}

// tail keeps the last max bytes written to it: the server's log, shown when
// something goes wrong, without holding a whole bench's access log.
type tail struct {
	mu  sync.Mutex
	max int
	buf []byte
}

func (t *tail) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, p...)
	// Trimmed only at twice the size, so a busy access log costs a copy now
	// and then rather than one a line.
	if len(t.buf) > 2*t.max {
		t.buf = append(t.buf[:0], t.buf[len(t.buf)-t.max:]...)
	}
	return len(p), nil
}

func (t *tail) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	b := t.buf
	if len(b) > t.max {
		b = b[len(b)-t.max:]
	}
	s := string(b)
	if len(t.buf) > t.max {
		if i := strings.IndexByte(s, '\n'); i >= 0 {
			s = s[i+1:] // drop the partial first line
		}
	}
	return s
}
