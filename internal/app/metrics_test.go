package app_test

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/app"
	"github.com/daugavpils/prdesk/internal/apptest"
	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/calendar"
	"github.com/daugavpils/prdesk/internal/db"
	"github.com/daugavpils/prdesk/internal/db/dbtest"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/mail"
	"github.com/daugavpils/prdesk/internal/petitions"
	"github.com/daugavpils/prdesk/internal/petitions/petitionstest"
)

// scrape reads the app's metrics as Prometheus would: every series
// ("name{labels}") with its value.
func scrape(t *testing.T, a *app.App) (map[string]float64, string) {
	t.Helper()
	rec := httptest.NewRecorder()
	a.MetricsHandler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	if rec.Code != http.StatusOK {
		t.Fatalf("/metrics: %d: %s", rec.Code, rec.Body)
	}
	out := map[string]float64{}
	sc := bufio.NewScanner(strings.NewReader(rec.Body.String()))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		i := strings.LastIndexByte(line, ' ')
		v, err := strconv.ParseFloat(line[i+1:], 64)
		if err != nil {
			t.Fatalf("metrics line %q: %v", line, err)
		}
		out[line[:i]] = v
	}
	return out, rec.Body.String()
}

// need is the value of series, failing the test when it is missing.
func need(t *testing.T, m map[string]float64, series string) float64 {
	t.Helper()
	v, ok := m[series]
	if !ok {
		t.Fatalf("no series %s in the scrape", series)
	}
	return v
}

// The requests are counted by chi's route pattern, never the raw path; a
// failed sign-in, an enqueued mail and the pool show in the next scrape,
// and no scrape-time source fails on a working database.
func TestMetricsAfterRequests(t *testing.T) {
	srv := apptest.New(t)
	before, _ := scrape(t, srv.App)

	p := petitionstest.Register(t, srv.Pool, petitionstest.Sub{By: "staff", Addressee: "head", Reply: "post", At: petitionstest.Clock()})
	head := srv.Client(t, "head")
	path := "/petitions/" + strconv.FormatInt(p.ID, 10)
	for range 3 {
		if res := head.Get(t, path); res.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: %d", path, res.StatusCode)
		}
	}
	if res := head.Get(t, "/petitions/999999999"); res.StatusCode != http.StatusNotFound {
		t.Fatalf("GET an unknown submission: %d", res.StatusCode)
	}
	srv.Anonymous(t).Get(t, "/no/such/page")
	res := srv.Anonymous(t).PostForm(t, "/login", url.Values{"username": {"metrics.nobody"}, "password": {"wrong password"}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("a wrong password: %d", res.StatusCode)
	}
	// A user name past its free failures must wait: the next attempt is
	// refused without a password check, a lock-out. The clock stands still
	// meanwhile: on a busy machine the password checks alone can outlast
	// the first wait.
	srv.Clock.Set(t, time.Now())
	for i := range auth.FreeFailures + 1 {
		res := srv.Anonymous(t).PostForm(t, "/login", url.Values{"username": {"metrics.guessed"}, "password": {"guess"}})
		if want := http.StatusUnprocessableEntity; i == auth.FreeFailures {
			if res.StatusCode != http.StatusTooManyRequests {
				t.Fatalf("attempt %d after %d failures: %d, want 429", i+1, auth.FreeFailures, res.StatusCode)
			}
		} else if res.StatusCode != want {
			t.Fatalf("attempt %d: %d, want %d", i+1, res.StatusCode, want)
		}
	}
	srv.Clock.Reset()
	// Received two months ago: its deadline has passed. One due today, and
	// one answered (no longer running against its deadline) past it.
	petitionstest.Register(t, srv.Pool, petitionstest.Sub{By: "staff", Addressee: "head", Reply: "post",
		At: petitionstest.Clock().AddDate(0, -2, 0)})
	today := calendar.DateOf(time.Now().In(i18n.Riga))
	petitionstest.Insert(t, srv.Pool, petitionstest.Row{Name: "Jānis Bērziņš", Due: today, Received: today.AddDate(0, 0, -10)})
	petitionstest.Insert(t, srv.Pool, petitionstest.Row{Name: "Anna Ozola", State: petitions.Answered, Due: today.AddDate(0, 0, -1),
		Received: today.AddDate(0, 0, -12), Answered: today.AddDate(0, 0, -1)})
	ctx := context.Background()
	err := db.InTx(ctx, srv.Pool, func(tx pgx.Tx) error {
		_, err := mail.Enqueue(ctx, tx, srv.App.Jobs(), mail.Message{To: "metrics@example.lv", Subject: "Metrikas", Body: "x"})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}

	after, _ := scrape(t, srv.App)
	card := `prdesk_http_requests_total{method="GET",route="/petitions/{id}",status="200"}`
	if got := need(t, after, card) - before[card]; got != 3 {
		t.Errorf("%s rose by %v, want 3", card, got)
	}
	need(t, after, `prdesk_http_requests_total{method="GET",route="/petitions/{id}",status="404"}`)
	need(t, after, `prdesk_http_requests_total{method="GET",route="unmatched",status="404"}`)
	need(t, after, `prdesk_http_request_duration_seconds_count{method="GET",route="/petitions/{id}"}`)
	need(t, after, `prdesk_http_requests_total{method="POST",route="/login",status="422"}`)
	for series := range after {
		if strings.Contains(series, `route="`+path+`"`) || strings.Contains(series, "999999999") {
			t.Errorf("a raw path is a label: the route must be chi's pattern: %s", series)
		}
	}
	if got, want := need(t, after, "prdesk_signin_failures_total")-before["prdesk_signin_failures_total"], float64(1+auth.FreeFailures); got != want {
		t.Errorf("sign-in failures rose by %v, want %v", got, want)
	}
	delayed := `prdesk_signin_lockouts_total{reason="delayed"}`
	if got := need(t, after, delayed) - before[delayed]; got != 1 {
		t.Errorf("lock-outs rose by %v, want 1", got)
	}
	pending := `prdesk_mail_outbox_messages{status="pending"}`
	if got := need(t, after, pending) - before[pending]; got != 1 {
		t.Errorf("pending mail rose by %v, want 1", got)
	}
	need(t, after, `prdesk_mail_outbox_messages{status="failed"}`)
	if got := need(t, after, "prdesk_petitions_overdue") - before["prdesk_petitions_overdue"]; got != 1 {
		t.Errorf("overdue submissions rose by %v, want 1", got)
	}
	if got := need(t, after, "prdesk_petitions_due_today") - before["prdesk_petitions_due_today"]; got != 1 {
		t.Errorf("submissions due today rose by %v, want 1", got)
	}
	if need(t, after, `prdesk_river_queue_depth{queue="`+mail.Queue+`"}`) < 1 {
		t.Error("the mail's job is not in its queue's depth")
	}
	need(t, after, `prdesk_river_jobs{queue="default",state="discarded"}`)
	if need(t, after, "prdesk_db_pool_connections_open") < 1 {
		t.Error("the pool holds no connection")
	}
	for _, s := range []string{`prdesk_db_pool_connections{state="acquired"}`, `prdesk_db_pool_connections{state="idle"}`,
		"prdesk_db_pool_connections_max", "prdesk_db_pool_acquires_waited_total", "prdesk_db_pool_acquire_wait_seconds_total",
		"prdesk_petitions_overdue", "prdesk_petitions_due_today", "prdesk_visitor_bookings_today",
		"go_goroutines", "process_resident_memory_bytes"} {
		need(t, after, s)
	}
	for _, source := range []string{"pool", "river", "mail", "petitions", "visitors"} {
		if v := need(t, after, fmt.Sprintf(`prdesk_metrics_collect_errors_total{source=%q}`, source)); v != 0 {
			t.Errorf("source %s failed %v times", source, v)
		}
		need(t, after, fmt.Sprintf(`prdesk_metrics_collect_duration_seconds{source=%q}`, source))
	}
}

// A source that fails leaves its figures out and is counted; the others
// are still scraped.
func TestMetricsWithoutDatabase(t *testing.T) {
	pool, err := db.Open(context.Background(), dbtest.URL(t))
	if err != nil {
		t.Fatal(err)
	}
	cfg, _ := app.FromEnv(func(string) string { return "" })
	a, err := app.New(cfg, pool)
	if err != nil {
		t.Fatal(err)
	}
	pool.Close()
	m, _ := scrape(t, a)
	for _, source := range []string{"river", "mail", "petitions", "visitors"} {
		if v := need(t, m, fmt.Sprintf(`prdesk_metrics_collect_errors_total{source=%q}`, source)); v != 1 {
			t.Errorf("source %s: %v errors counted, want 1", source, v)
		}
	}
	if _, ok := m[`prdesk_mail_outbox_messages{status="pending"}`]; ok {
		t.Error("the outbox's figures were given without a database")
	}
	need(t, m, "prdesk_db_pool_connections_max")
	need(t, m, "go_goroutines")
}

// /readyz: 200 on a database at the binary's newest migration; 503 with
// the reason on one a migration behind, or ahead, or unreachable.
func TestReadiness(t *testing.T) {
	srv := apptest.New(t)
	res := srv.Anonymous(t).Get(t, "/readyz")
	if res.StatusCode != http.StatusOK || strings.TrimSpace(res.Body) != "ok" {
		t.Fatalf("/readyz on a migrated database: %d %q", res.StatusCode, res.Body)
	}
	if res.Header.Get("Set-Cookie") != "" {
		t.Error("/readyz set a cookie")
	}

	versions, err := db.EmbeddedMigrations()
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(versions)
	ctx := context.Background()
	pool := dbtest.Fresh(t)
	if err := db.MigrateUpTo(ctx, pool, versions[len(versions)-2]); err != nil {
		t.Fatal(err)
	}
	cfg, _ := app.FromEnv(func(string) string { return "" })
	cfg.FilesDir = t.TempDir()
	a, err := app.New(cfg, pool)
	if err != nil {
		t.Fatal(err)
	}
	readyz := func() *httptest.ResponseRecorder {
		rec := httptest.NewRecorder()
		a.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/readyz", nil))
		return rec
	}
	if rec := readyz(); rec.Code != http.StatusServiceUnavailable || !strings.Contains(rec.Body.String(), "migrations behind") {
		t.Errorf("/readyz a migration behind: %d %q", rec.Code, rec.Body)
	}
	if err := db.Migrate(ctx, pool); err != nil {
		t.Fatal(err)
	}
	if rec := readyz(); rec.Code != http.StatusOK {
		t.Errorf("/readyz once migrated: %d %q", rec.Code, rec.Body)
	}
	if _, err := pool.Exec(ctx, `insert into goose_db_version (version_id, is_applied) values ($1, true)`, versions[len(versions)-1]+1); err != nil {
		t.Fatal(err)
	}
	if rec := readyz(); rec.Code != http.StatusServiceUnavailable || !strings.Contains(rec.Body.String(), "database ahead") {
		t.Errorf("/readyz on a database newer than the binary: %d %q", rec.Code, rec.Body)
	}
	pool.Close()
	if rec := readyz(); rec.Code != http.StatusServiceUnavailable || !strings.Contains(rec.Body.String(), "database unreachable") {
		t.Errorf("/readyz without a database: %d %q", rec.Code, rec.Body)
	}
}

func TestMetricsAddrIsChecked(t *testing.T) {
	for addr, ok := range map[string]bool{"": true, ":9464": true, "127.0.0.1:9464": true, "[::1]:9464": true,
		"9464": false, "localhost": false, ":http-alt": false, ":0": false, ":70000": false} {
		cfg, err := app.FromEnv(func(k string) string {
			if k == "METRICS_ADDR" {
				return addr
			}
			return ""
		})
		if (err == nil) != ok {
			t.Errorf("METRICS_ADDR=%q: err %v, want ok %v", addr, err, ok)
		}
		if ok && cfg.MetricsAddr != addr {
			t.Errorf("METRICS_ADDR=%q read as %q", addr, cfg.MetricsAddr)
		}
	}
}
