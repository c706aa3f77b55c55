// Package apptest runs the whole application over HTTP against the test
// package's own database, with a signed-in client per demo account.
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
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/daugavpils/prdesk/internal/app"
	"github.com/daugavpils/prdesk/internal/db/dbtest"
	"github.com/daugavpils/prdesk/internal/demo"
)

// Server is the application under test.
type Server struct {
	*httptest.Server
	App  *app.App
	Pool *pgxpool.Pool
}

// New starts the application on the test package's database, seeded with
// the demo data (once per package). It is closed when the test ends.
func New(t testing.TB) *Server {
	t.Helper()
	return NewWithConfig(t, func(*app.Config) {})
}

// NewWithConfig is New with a chance to change the configuration.
func NewWithConfig(t testing.TB, change func(*app.Config)) *Server {
	t.Helper()
	pool := dbtest.Pool(t)
	if _, err := demo.Seed(context.Background(), pool); err != nil {
		t.Fatalf("demo data: %v", err)
	}
	cfg, err := app.FromEnv(func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	cfg.DatabaseURL = dbtest.URL(t)
	cfg.Demo = true
	cfg.FilesDir = t.TempDir()
	change(&cfg)
	a, err := app.New(cfg, pool)
	if err != nil {
		t.Fatalf("app: %v", err)
	}
	srv := httptest.NewServer(a.Handler())
	t.Cleanup(func() {
		srv.Close()
		a.Close()
	})
	return &Server{Server: srv, App: a, Pool: pool}
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

// Client signs in as username with password (demo.Password when omitted).
func (s *Server) Client(t testing.TB, username string, password ...string) *Client {
	t.Helper()
	pw := demo.Password
	if len(password) > 0 {
		pw = password[0]
	}
	c := s.Anonymous(t)
	res := c.PostForm(t, "/login", url.Values{"username": {username}, "password": {pw}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign-in as %s: status %d: %s", username, res.StatusCode, res.Body)
	}
	return c
}

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

// Roles are the demo accounts, one a role, for tests that walk every role.
func Roles() []string {
	out := make([]string, len(demo.Accounts))
	for i, a := range demo.Accounts {
		out[i] = a.Username
	}
	return out
}
