package metrics

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func scrape(t *testing.T, m *Metrics) string {
	t.Helper()
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	if rec.Code != http.StatusOK {
		t.Fatalf("scrape: %d %s", rec.Code, rec.Body)
	}
	return rec.Body.String()
}

// A source that fails or overruns its time is left out and counted; the
// scrape still answers with everything else.
func TestSourcesNeverFailTheScrape(t *testing.T) {
	m := New(nil, time.Now)
	ok := NewDesc("test_ok", "A source that works.", Gauge, "kind")
	bad := NewDesc("test_bad", "A source that fails.", Gauge)
	slow := NewDesc("test_slow", "A source that overruns its time.", Gauge)
	m.Add(Source{Name: "ok", Descs: []*Desc{ok}, Read: func(_ context.Context, emit Emit) error {
		emit(ok, 7, "a")
		return nil
	}})
	m.Add(Source{Name: "bad", Descs: []*Desc{bad}, Read: func(_ context.Context, emit Emit) error {
		emit(bad, 1)
		return errors.New("no database")
	}})
	m.Add(Source{Name: "slow", Timeout: 50 * time.Millisecond, Descs: []*Desc{slow}, Read: func(ctx context.Context, emit Emit) error {
		<-ctx.Done()
		emit(slow, 1)
		return nil
	}})
	start := time.Now()
	body := scrape(t, m)
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("the scrape took %s", d)
	}
	for _, want := range []string{`test_ok{kind="a"} 7`, `prdesk_metrics_collect_errors_total{source="bad"} 1`,
		`prdesk_metrics_collect_errors_total{source="slow"} 1`, `prdesk_metrics_collect_errors_total{source="ok"} 0`,
		`prdesk_metrics_collect_duration_seconds{source="ok"}`, "go_goroutines", `prdesk_signin_lockouts_total{reason="throttled"} 0`} {
		if !strings.Contains(body, want) {
			t.Errorf("the scrape lacks %s", want)
		}
	}
	for _, gone := range []string{"test_bad ", "test_slow "} {
		if strings.Contains(body, gone) {
			t.Errorf("the scrape gives %s of a failed source", gone)
		}
	}
}

func TestRequestLabelsAreBounded(t *testing.T) {
	m := New(nil, time.Now)
	m.ObserveRequest("BREW", "", 418, time.Millisecond)
	m.SignInAttempt("failure")
	m.SignInAttempt("success")
	m.SignInAttempt("throttled")
	body := scrape(t, m)
	for _, want := range []string{`prdesk_http_requests_total{method="other",route="unmatched",status="418"} 1`,
		"prdesk_signin_failures_total 1", `prdesk_signin_lockouts_total{reason="throttled"} 1`} {
		if !strings.Contains(body, want) {
			t.Errorf("the scrape lacks %s", want)
		}
	}
}
