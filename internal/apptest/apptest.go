// Package apptest runs the whole application over HTTP against the test
// package's own database, with one account a role and nothing else: each
// test builds the rows it needs with its area's fixtures.
//
// Area tests use it from an external test package (package x_test), since
// app imports every area:
//
//	func TestMain(m *testing.M) { dbtest.Main(m) }
//	srv := apptest.New(t)
//	head := srv.Client(t, "head")
//	res := head.Get(t, "/petitions")
package apptest

import (
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/daugavpils/prdesk/internal/app"
	"github.com/daugavpils/prdesk/internal/db/dbtest"
	"github.com/daugavpils/prdesk/internal/demo"
)

// Server is the application under test.
type Server struct {
	*httptest.Server
	App   *app.App
	Pool  *pgxpool.Pool
	Clock *Clock

	mu      sync.Mutex
	clients map[clientKey]*Client // signed in once a user name and clock
}

// shared is the package's one server, made by the first New.
var shared struct {
	once sync.Once
	srv  *Server
	err  error
}

// New is the package's server, started by the first test that asks: one
// app for the whole package, as starting one (and signing in) costs more
// than most tests. It lives until the package's tests end (dbtest.Main
// drops the database under it). Tests that need another configuration use
// NewWithConfig.
func New(t testing.TB) *Server {
	t.Helper()
	shared.once.Do(func() { shared.srv, shared.err = start(t, dbtest.Pool(t), func(*app.Config) {}) })
	if shared.err != nil {
		t.Fatalf("app: %v", shared.err)
	}
	return shared.srv
}

// NewWithConfig is an app of its own for one test, on the package's
// database, with a chance to change the configuration. It is closed when
// the test ends.
func NewWithConfig(t testing.TB, change func(*app.Config)) *Server {
	t.Helper()
	s, err := start(t, dbtest.Pool(t), change)
	if err != nil {
		t.Fatalf("app: %v", err)
	}
	t.Cleanup(s.Server.Close)
	return s
}

// NewInstance is another server on the package's database with a pool of
// its own, as a second `prdesk serve` behind the same proxy has: whatever
// two instances share, they share through PostgreSQL alone. It is closed
// when the test ends.
func NewInstance(t testing.TB, change func(*app.Config)) *Server {
	t.Helper()
	pool, err := pgxpool.New(context.Background(), dbtest.URL(t))
	if err != nil {
		t.Fatalf("pool: %v", err)
	}
	t.Cleanup(pool.Close)
	s, err := start(t, pool, change)
	if err != nil {
		t.Fatalf("app: %v", err)
	}
	t.Cleanup(s.Server.Close)
	return s
}

func start(t testing.TB, pool *pgxpool.Pool, change func(*app.Config)) (*Server, error) {
	if err := demo.SeedAccounts(context.Background(), pool); err != nil {
		return nil, err
	}
	cfg, err := app.FromEnv(func(string) string { return "" })
	if err != nil {
		return nil, err
	}
	clock := &Clock{}
	cfg.DatabaseURL = dbtest.URL(t)
	cfg.Demo = true
	cfg.FilesDir = dbtest.Dir("files")
	cfg.Now = clock.Now
	// The search's tests are about what is found; the one about an area
	// that does not answer sets a time of its own.
	cfg.SearchAreaTimeout = time.Minute
	change(&cfg)
	a, err := app.New(cfg, pool)
	if err != nil {
		return nil, err
	}
	return &Server{Server: httptest.NewServer(a.Handler()), App: a, Pool: pool, Clock: clock,
		clients: map[clientKey]*Client{}}, nil
}

// Clock is the server's clock: the machine's until a test sets it.
type Clock struct {
	mu  sync.Mutex
	set time.Time // zero: the machine's clock
}

// Now is the time the server reads.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.set.IsZero() {
		return time.Now()
	}
	return c.set
}

// Set stops the clock at t until Reset; the test's cleanup resets it.
func (c *Clock) Set(tb testing.TB, t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.set = t
	tb.Cleanup(c.Reset)
}

// setting is the time the clock was set to, or zero.
func (c *Clock) setting() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.set
}

// Advance moves a set clock on by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.set.IsZero() {
		c.set = c.set.Add(d)
	}
}

// Reset gives the server the machine's clock again.
func (c *Clock) Reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.set = time.Time{}
}

// Client is a browser-like client with its own cookies; it does not follow redirects.
type Client struct {
	srv  *Server
	HTTP *http.Client
}

// Anonymous is a client nobody is signed in on.
func (s *Server) Anonymous(t testing.TB) *Client {
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &Client{srv: s, HTTP: &http.Client{
		Jar:           jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
}

// clientKey: a session signed in while the clock stood at one time goes
// idle when a test moves the clock elsewhere (the idle timeout reads the
// server's clock), so sessions are kept by the clock they were made at.
type clientKey struct {
	username string
	clock    time.Time // zero: the machine's clock
}

// Client is a client signed in as username (a demo account), signed in
// once for the server (and the clock the test set) and shared by the
// tests that ask. A test that signs out, or changes the account, uses
// SignIn.
func (s *Server) Client(t testing.TB, username string) *Client {
	t.Helper()
	key := clientKey{username, s.Clock.setting()}
	s.mu.Lock()
	defer s.mu.Unlock()
	if c, ok := s.clients[key]; ok {
		return c
	}
	c := s.SignIn(t, username, demo.Password)
	s.clients[key] = c
	return c
}

// SignIn is a new session of username with password.
func (s *Server) SignIn(t testing.TB, username, password string) *Client {
	t.Helper()
	c := s.Anonymous(t)
	if err := enrolAdmin(context.Background(), s.Pool, username); err != nil {
		t.Fatal(err)
	}
	res := c.PostForm(t, "/login", url.Values{"username": {username}, "password": {password}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign-in as %s: status %d: %s", username, res.StatusCode, res.Body)
	}
	if res.Header.Get("Location") == "/login/code" {
		res = c.PostForm(t, "/login/code", url.Values{"code": {s.Code(t, username)}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("sign-in as %s, the code: status %d: %s", username, res.StatusCode, res.Body)
		}
	}
	return c
}

// On is this client, its cookies and all, talking to srv instead: a
// browser whose next request the proxy sends to another instance. Cookies
// are kept by host, not port, so the session goes along.
func (c *Client) On(srv *Server) *Client { return &Client{srv: srv, HTTP: c.HTTP} }

// Response is a read answer.
type Response struct {
	StatusCode int
	Header     http.Header
	Body       string
}

// Get requests path.
func (c *Client) Get(t testing.TB, path string) *Response {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, c.srv.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	return c.Do(t, req)
}

// PostForm posts a form to path, as a same-origin browser would.
func (c *Client) PostForm(t testing.TB, path string, form url.Values) *Response {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, c.srv.URL+path, strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", c.srv.URL)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return c.Do(t, req)
}

// File is a file input's part of a multipart form.
type File struct {
	Field, Name string
	Content     []byte
}

// PostMultipart posts a form with its files to path, as a same-origin
// browser posts a form of enctype multipart/form-data.
func (c *Client) PostMultipart(t testing.TB, path string, form url.Values, files ...File) *Response {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, vs := range form {
		for _, v := range vs {
			if err := mw.WriteField(k, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, f := range files {
		w, err := mw.CreateFormFile(f.Field, f.Name)
		if err == nil {
			_, err = w.Write(f.Content)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	req, err := http.NewRequest(http.MethodPost, c.srv.URL+path, &body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Origin", c.srv.URL)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return c.Do(t, req)
}

// Do sends req and reads the whole answer.
func (c *Client) Do(t testing.TB, req *http.Request) *Response {
	t.Helper()
	res, err := c.HTTP.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return &Response{StatusCode: res.StatusCode, Header: res.Header, Body: string(b)}
}

// RouteSample is a route with path parameters filled in with a real
// record's ids (or a POST whose form names one), for the route × role test
// in internal/app: an allowed route must then answer something other than
// 404. Each area's fixture package (internal/<area>/<area>test) gives a
// sample of every such route.
type RouteSample struct {
	Pattern string     // as registered: "/petitions/{id}"
	Path    string     // "/petitions/17"
	Form    url.Values // what a POST sends, for a route that names its record in the form
	// Refused are the demo accounts the route's own check on this record
	// refuses (403) although the permission table lets them in: an official
	// calling another official's queue.
	Refused []string
}

// PageWithin fails t when page (what names it in the message) weighs more
// than maxBytes, and logs its weight. When the variable env is set, the page
// is written to the file it names, for a person to read what the bytes are.
func PageWithin(t testing.TB, what, page string, maxBytes int, env string) {
	t.Helper()
	if out := os.Getenv(env); out != "" {
		_ = os.WriteFile(out, []byte(page), 0o644)
	}
	t.Logf("%s: %d bytes", what, len(page))
	if len(page) > maxBytes {
		t.Errorf("%s is %d bytes, more than %d", what, len(page), maxBytes)
	}
}
