// Package chaos_test breaks what PR Desk stands on while it works, and
// checks what the people at the desk were told held: the database restarted
// under load here.
package chaos_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/daugavpils/prdesk/internal/app"
	"github.com/daugavpils/prdesk/internal/db"
	"github.com/daugavpils/prdesk/internal/demo"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/petitions/petitionstest"
)

// The clerk registers submissions with scans from eight desks while
// PostgreSQL is shut down and started again. Meanwhile the app answers 503
// and /readyz says not ready; afterwards it serves again by itself, no
// restart, the session still valid, and every registration the clerk was
// told was saved is there with its scan.
func TestDatabaseRestartUnderLoad(t *testing.T) {
	ctx := context.Background()
	c := startCluster(t)
	now := time.Date(2026, 12, 7, 10, 0, 0, 0, i18n.Riga)
	srv, pool := startApp(t, c, now, t.TempDir())

	clerk := signIn(t, srv.URL, "clerk")
	caseID := petitionstest.DefaultCase(t, pool).ID
	chair := petitionstest.UserID(t, pool, "chair")
	received := now.Add(-time.Hour)

	var load loadResults
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for desk := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := 0; ; n++ {
				select {
				case <-stop:
					return
				default:
				}
				load.add(register(srv.URL, clerk, petitionForm(fmt.Sprintf("chaos-%d-%d", desk, n), received, caseID, chair), "%PDF-1.7\nskenēta lapa "+strconv.Itoa(n)))
			}
		}()
	}
	stopLoad := func() {
		select {
		case <-stop:
		default:
			close(stop)
			wg.Wait()
		}
	}
	t.Cleanup(stopLoad)

	waitFor(t, "registrations before the outage", func() bool { return load.saved() >= 10 })
	c.stop(t, "fast")
	waitFor(t, "503 answers while the database is down", func() bool { return load.count(http.StatusServiceUnavailable) >= 3 })
	if res, err := http.Get(srv.URL + "/readyz"); err != nil || res.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("/readyz while the database is down: %v %v, want 503", res.StatusCode, err)
	}
	c.start(t)
	before := load.saved()
	waitFor(t, "registrations after the database is back", func() bool { return load.saved() >= before+10 })
	stopLoad()

	for status, n := range load.statuses() {
		if status != http.StatusSeeOther && status != http.StatusServiceUnavailable {
			t.Errorf("%d answers %d: only 303 (saved) and 503 (try again) may be given", n, status)
		}
	}
	if len(load.failures) > 0 {
		t.Errorf("%d requests got no answer, the first: %v", len(load.failures), load.failures[0])
	}
	if res := get(t, clerk, srv.URL+"/petitions"); res.StatusCode != http.StatusOK {
		t.Errorf("the clerk's session after the restart: %d", res.StatusCode)
	}
	ids := load.savedIDs("petitions")
	var found, scanned int
	err := pool.QueryRow(ctx, `select count(*), count(*) filter (where exists (
			select 1 from petition_files f where f.petition_id = p.id and f.kind = 'scan'))
		from petitions p where p.id = any($1)`, ids).Scan(&found, &scanned)
	if err != nil {
		t.Fatal(err)
	}
	if found != len(ids) || scanned != len(ids) {
		t.Errorf("of %d registrations the clerk was told were saved, %d are there and %d with their scan", len(ids), found, scanned)
	}
	t.Logf("%d saved, answers %v", len(ids), load.statuses())
}

// petitionForm is the registration form of a complaint sent by e-mail,
// with idem as its idempotency key.
func petitionForm(idem string, received time.Time, caseID, addressee int64) url.Values {
	return url.Values{
		"idem":          {idem},
		"received_date": {received.Format(time.DateOnly)}, "received_time": {received.Format("15:04")},
		"channel": {"email"}, "doc_type": {"complaint"}, "pages": {"1"},
		"person_name": {"Zane Bērziņa"}, "person_address": {"Saules iela 1-1, Daugavpils, LV-5401"},
		"person_email": {"zane.berzina@example.lv"}, "reply_channel": {"email"},
		"subject": {"Iesniegums " + idem}, "summary": {"Īss izklāsts."},
		"case_id": {strconv.FormatInt(caseID, 10)}, "addressee_id": {strconv.FormatInt(addressee, 10)},
	}
}

// startApp migrates a database of c, adds the demo accounts, and serves the
// app on it with its clock stopped at now and its files in filesDir.
func startApp(t *testing.T, c *cluster, now time.Time, filesDir string) (*httptest.Server, *pgxpool.Pool) {
	t.Helper()
	ctx := context.Background()
	pool, err := db.Open(ctx, c.url("prdesk"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	if err := db.Migrate(ctx, pool); err != nil {
		t.Fatal(err)
	}
	if err := demo.SeedAccounts(ctx, pool); err != nil {
		t.Fatal(err)
	}
	cfg, err := app.FromEnv(func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	cfg.DatabaseURL = c.url("prdesk")
	cfg.Demo = true
	cfg.FilesDir = filesDir
	cfg.Now = func() time.Time { return now }
	a, err := app.New(cfg, pool)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(a.Handler())
	t.Cleanup(srv.Close)
	return srv, pool
}

// loadResults gathers the desks' answers.
type loadResults struct {
	mu       sync.Mutex
	ids      map[string][]int64 // what the answers said was saved: "petitions" or "visitors/bookings" → ids
	status   map[int]int
	failures []error
}

// savedAt is where the app sends the browser after saving a registration
// or a booking.
var savedAt = regexp.MustCompile(`^/(petitions|visitors/bookings)/(\d+)(\?|$)`)

func (l *loadResults) add(res *http.Response, err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.status == nil {
		l.status, l.ids = map[int]int{}, map[string][]int64{}
	}
	if err != nil {
		l.failures = append(l.failures, err)
		return
	}
	l.status[res.StatusCode]++
	if m := savedAt.FindStringSubmatch(res.Header.Get("Location")); res.StatusCode == http.StatusSeeOther && m != nil {
		id, _ := strconv.ParseInt(m[2], 10, 64)
		l.ids[m[1]] = append(l.ids[m[1]], id)
	}
}

// saved counts the answers that said a record was saved.
func (l *loadResults) saved() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for _, ids := range l.ids {
		n += len(ids)
	}
	return n
}

func (l *loadResults) savedIDs(kind string) []int64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]int64(nil), l.ids[kind]...)
}

func (l *loadResults) count(status int) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.status[status]
}

func (l *loadResults) statuses() map[int]int {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := map[int]int{}
	for k, v := range l.status {
		out[k] = v
	}
	return out
}

// signIn is a client signed in as username, following no redirects.
func signIn(t *testing.T, base, username string) *http.Client {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	req, _ := http.NewRequest(http.MethodPost, base+"/login",
		bytes.NewBufferString(url.Values{"username": {username}, "password": {demo.Password}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	sameOrigin(req, base)
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign-in as %s: %d", username, res.StatusCode)
	}
	return c
}

func sameOrigin(req *http.Request, base string) {
	req.Header.Set("Origin", base)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
}

// register posts the registration form with one scan, as the browser does.
func register(base string, c *http.Client, form url.Values, scan string) (*http.Response, error) {
	res, _, err := registerPage(base, c, form, scan)
	return res, err
}

// registerPage is register with the page it answered.
func registerPage(base string, c *http.Client, form url.Values, scan string) (*http.Response, string, error) {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, vs := range form {
		for _, v := range vs {
			mw.WriteField(k, v) //nolint:errcheck // a bytes.Buffer
		}
	}
	w, _ := mw.CreateFormFile("scans", "skenets.pdf")
	io.WriteString(w, scan) //nolint:errcheck
	mw.Close()
	req, err := http.NewRequest(http.MethodPost, base+"/petitions/new", &body)
	if err != nil {
		return nil, "", err
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	sameOrigin(req, base)
	res, err := c.Do(req)
	if err != nil {
		return nil, "", err
	}
	page, err := io.ReadAll(res.Body)
	res.Body.Close()
	return res, string(page), err
}

func get(t *testing.T, c *http.Client, u string) *http.Response {
	t.Helper()
	res, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, res.Body) //nolint:errcheck
	res.Body.Close()
	return res
}

// waitFor waits until ok holds; it fails the test after two minutes, which
// only a server that does not recover reaches.
func waitFor(t *testing.T, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("waited two minutes for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
