package feeds

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func testdata(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// testClient may reach the tests' servers, which listen on 127.0.0.1.
func testClient() *Client { return &Client{AllowPrivate: true} }

func TestFetchConditionally(t *testing.T) {
	feed := testdata(t, "rss2.xml")
	const etag, modified = `"48213-a"`, "Wed, 11 Mar 2026 07:20:11 GMT"
	var userAgent atomic.Value
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		userAgent.Store(r.UserAgent())
		if r.Header.Get("If-None-Match") == etag && r.Header.Get("If-Modified-Since") == modified {
			w.Header().Set("ETag", etag) // a 304 that repeats only the ETag
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml; charset=UTF-8")
		w.Header().Set("ETag", etag)
		w.Header().Set("Last-Modified", modified)
		w.Write(feed)
	}))
	defer srv.Close()
	c := testClient()
	ctx := context.Background()

	res, err := c.Fetch(ctx, srv.URL+"/feed/", Validators{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != 200 || res.NotModified || res.Feed == nil || len(res.Feed.Items) != 3 {
		t.Fatalf("first fetch: %+v", res)
	}
	if res.Validators != (Validators{ETag: etag, LastModified: modified}) {
		t.Errorf("validators %+v", res.Validators)
	}
	if got := userAgent.Load(); got != DefaultUserAgent {
		t.Errorf("User-Agent %q", got)
	}
	// the relative link resolves against where the feed was fetched
	if got, want := res.Feed.Items[2].Link, srv.URL+"/pasvaldiba/2026/03/10/budzeta-grozijumi/"; got != want {
		t.Errorf("link %q, want %q", got, want)
	}

	again, err := c.Fetch(ctx, srv.URL+"/feed/", res.Validators)
	if err != nil {
		t.Fatal(err)
	}
	if !again.NotModified || again.Status != 304 || again.Feed != nil {
		t.Fatalf("second fetch: %+v", again)
	}
	if again.Validators != res.Validators {
		t.Errorf("a 304 lost the validators: %+v", again.Validators)
	}
}

func TestFetchStatusErrors(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		code, _ := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/"))
		if ra := r.URL.Query().Get("retry"); ra != "" {
			w.Header().Set("Retry-After", ra)
		}
		w.WriteHeader(code)
		fmt.Fprintf(w, "<html><body>%d</body></html>", code)
	}))
	defer srv.Close()
	now := time.Date(2026, 3, 13, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		path       string
		code       int
		delay      time.Duration
		retryAfter bool
	}{
		{"/500", 500, 0, false},
		{"/404", 404, 0, false},
		{"/410", 410, 0, false},
		{"/429?retry=120", 429, 120 * time.Second, true},
		{"/503?retry=" + strings.ReplaceAll("Fri, 13 Mar 2026 12:30:00 GMT", " ", "+"), 503, 30 * time.Minute, true},
		{"/503?retry=" + strings.ReplaceAll("Fri, 13 Mar 2026 11:00:00 GMT", " ", "+"), 503, 0, true},
		{"/503?retry=soon", 503, 0, false},
	}
	for _, tt := range tests {
		_, err := testClient().Fetch(context.Background(), srv.URL+tt.path, Validators{})
		var se *StatusError
		if !errors.As(err, &se) || se.Code != tt.code {
			t.Errorf("%s: %v, want a StatusError %d", tt.path, err, tt.code)
			continue
		}
		if delay, ok := se.Delay(now); delay != tt.delay || ok != tt.retryAfter {
			t.Errorf("%s: Delay %v %v, want %v %v", tt.path, delay, ok, tt.delay, tt.retryAfter)
		}
	}
}

func TestFetchRefusesOversizeBodies(t *testing.T) {
	body := strings.Repeat("<!-- padding -->", 200)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/chunked" {
			// no Content-Length: only reading finds the size out
			w.Write([]byte(body[:100]))
			w.(http.Flusher).Flush()
			w.Write([]byte(body[100:]))
			return
		}
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.Write([]byte(body))
	}))
	defer srv.Close()
	c := &Client{AllowPrivate: true, MaxBytes: 1024}
	for _, path := range []string{"/sized", "/chunked"} {
		if _, err := c.Fetch(context.Background(), srv.URL+path, Validators{}); !errors.Is(err, ErrTooLarge) {
			t.Errorf("%s: %v, want ErrTooLarge", path, err)
		}
	}
}

func TestFetchFollowsRedirectsUpToFive(t *testing.T) {
	feed := testdata(t, "atom.xml")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/file":
			http.Redirect(w, r, "file:///etc/passwd", http.StatusFound)
		case strings.HasPrefix(r.URL.Path, "/hop/"):
			n, _ := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/hop/"))
			if n == 0 {
				w.Header().Set("Content-Type", "application/atom+xml")
				w.Write(feed)
				return
			}
			http.Redirect(w, r, fmt.Sprintf("/hop/%d", n-1), http.StatusMovedPermanently)
		}
	}))
	defer srv.Close()
	c := testClient()
	res, err := c.Fetch(context.Background(), srv.URL+"/hop/5", Validators{})
	if err != nil {
		t.Fatal(err)
	}
	if res.URL != srv.URL+"/hop/0" || len(res.Feed.Items) != 2 {
		t.Errorf("after 5 redirects: %s, %d items", res.URL, len(res.Feed.Items))
	}
	if _, err := c.Fetch(context.Background(), srv.URL+"/hop/6", Validators{}); !errors.Is(err, ErrTooManyRedirects) {
		t.Errorf("6 redirects: %v, want ErrTooManyRedirects", err)
	}
	if _, err := c.Fetch(context.Background(), srv.URL+"/file", Validators{}); !errors.Is(err, ErrUnsupportedScheme) {
		t.Errorf("redirect to file: %v, want ErrUnsupportedScheme", err)
	}
}

func TestFetchReturnsItemsBeforeABreak(t *testing.T) {
	broken := testdata(t, "broken.xml")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write(broken) }))
	defer srv.Close()
	res, err := testClient().Fetch(context.Background(), srv.URL, Validators{})
	var perr *ParseError
	if !errors.As(err, &perr) || res == nil || len(res.Feed.Items) != 2 {
		t.Fatalf("%+v, %v; want 2 items and a *ParseError", res, err)
	}
}

func TestFetchNotAFeed(t *testing.T) {
	page := testdata(t, "not-a-feed.html")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(page)
	}))
	defer srv.Close()
	if res, err := testClient().Fetch(context.Background(), srv.URL, Validators{}); !errors.Is(err, ErrNotAFeed) || res != nil {
		t.Errorf("%+v, %v; want ErrNotAFeed", res, err)
	}
}

func TestFetchStopsWithTheContext(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done() // a site that never answers
	}))
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if _, err := testClient().Fetch(ctx, srv.URL, Validators{}); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("%v, want the context's deadline", err)
	}
}

func TestFetchRefusesInternalAddresses(t *testing.T) {
	var reached atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { reached.Add(1) }))
	defer srv.Close()
	c := &Client{} // as in production: AllowPrivate false
	host := srv.Listener.Addr().(*net.TCPAddr).IP.String()
	urls := []string{srv.URL + "/feed"}
	if _, err := net.LookupHost("localhost"); err == nil {
		urls = append(urls, strings.Replace(srv.URL, host, "localhost", 1))
	}
	for _, u := range urls {
		_, err := c.Fetch(context.Background(), u, Validators{})
		if !errors.Is(err, ErrForbiddenAddress) {
			t.Errorf("%s: %v, want ErrForbiddenAddress", u, err)
			continue
		}
		if !strings.Contains(err.Error(), "not a public one") {
			t.Errorf("%s: the error %q does not say why", u, err)
		}
	}
	if !strings.Contains(fmt.Sprint(c.Fetch(context.Background(), srv.URL, Validators{})), host) {
		t.Error("the error does not name the address refused")
	}
	if n := reached.Load(); n != 0 {
		t.Errorf("the server was reached %d times", n)
	}
	for _, u := range []string{"file:///etc/passwd", "ftp://127.0.0.1/feed.xml", "gopher://x.example/", "//x.example/feed", "feed.xml"} {
		if _, err := c.Fetch(context.Background(), u, Validators{}); !errors.Is(err, ErrUnsupportedScheme) {
			t.Errorf("%s: %v, want ErrUnsupportedScheme", u, err)
		}
	}
}

type otherTransport struct{}

func (otherTransport) RoundTrip(*http.Request) (*http.Response, error) {
	return nil, errors.New("must not be used")
}

func TestClientWillNotGoUnguarded(t *testing.T) {
	c := &Client{HTTP: &http.Client{Transport: otherTransport{}}}
	_, err := c.Fetch(context.Background(), "https://x.example/feed", Validators{})
	if err == nil || !strings.Contains(err.Error(), "guard") {
		t.Errorf("%v, want a refusal to send through a transport without the guard", err)
	}
}

func TestIsPublic(t *testing.T) {
	for addr, want := range map[string]bool{
		"127.0.0.1": false, "127.1.2.3": false, "10.1.2.3": false, "172.16.0.1": false,
		"172.31.255.255": false, "192.168.1.1": false, "169.254.169.254": false,
		"100.100.100.200": false, "0.0.0.0": false, "0.1.2.3": false, "224.0.0.1": false,
		"255.255.255.255": false, "198.18.0.1": false, "240.0.0.1": false,
		"::1": false, "::": false, "fe80::1": false, "fc00::1": false, "fd12:3456::1": false,
		"ff02::1": false, "::ffff:127.0.0.1": false, "::ffff:10.0.0.1": false,
		"64:ff9b::7f00:1": false, "2002:c0a8:101::1": false, "fec0::1": false,
		"8.8.8.8": true, "1.1.1.1": true, "85.254.0.1": true, "172.32.0.1": true,
		"2001:4860:4860::8888": true, "64:ff9b::808:808": true, "::ffff:8.8.8.8": true,
	} {
		if got := isPublic(netip.MustParseAddr(addr)); got != want {
			t.Errorf("isPublic(%s) = %v, want %v", addr, got, want)
		}
	}
}
