package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// target is one page the bench asks for, anonymously or with a session.
type target struct {
	name   string
	path   string
	cookie *http.Cookie
}

// row is the outcome of one target at one concurrency level.
type row struct {
	target        string
	clients       int
	requests      uint64
	perSecond     float64
	p50, p95, p99 time.Duration
	errors        uint64
	firstError    string
	// CPU time per request of the server and of PostgreSQL: unlike the
	// rate, it barely moves when something else shares the machine.
	appCPU, dbCPU time.Duration
	// size is the length of one answer's body (HTML as sent), 0 unknown.
	size int
}

// measure runs a closed loop of n clients against tg: each client sends its
// next request as soon as its last one is answered, so the load is what the
// server can take at that concurrency rather than a rate imposed from outside.
// A warm-up round first fills connection pools and caches and is not counted.
func measure(ctx context.Context, base string, serverPID int, tg target, n int, warmup, duration time.Duration) (row, error) {
	vt := vegeta.Target{Method: http.MethodGet, URL: base + tg.path, Header: http.Header{}}
	if tg.cookie != nil {
		vt.Header.Set("Cookie", tg.cookie.String())
	}
	r := row{target: tg.name, clients: n}
	if warmup > 0 {
		if _, err := attack(ctx, vt, n, warmup, nil); err != nil {
			return r, err
		}
	}
	before := sampleCPU(serverPID)
	m, err := attack(ctx, vt, n, duration, &r)
	if err != nil {
		return r, err
	}
	after := sampleCPU(serverPID)
	r.requests = m.Requests
	if m.Requests > 0 {
		r.appCPU = (after.app - before.app) / time.Duration(m.Requests)
		r.dbCPU = (after.db - before.db) / time.Duration(m.Requests)
	}
	if elapsed := m.Duration + m.Wait; elapsed > 0 {
		r.perSecond = float64(m.Requests) / elapsed.Seconds()
	}
	r.p50, r.p95, r.p99 = m.Latencies.P50, m.Latencies.P95, m.Latencies.P99
	r.size, err = bodySize(ctx, base, tg)
	return r, err
}

// bodySize is the length of the body of one answer to tg: the load reads
// and discards the bodies, so the size is read once apart.
func bodySize(ctx context.Context, base string, tg target) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+tg.path, nil)
	if err != nil {
		return 0, err
	}
	if tg.cookie != nil {
		req.AddCookie(tg.cookie)
	}
	client := &http.Client{Timeout: 10 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := client.Do(req)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", tg.path, err)
	}
	defer res.Body.Close()
	n, err := io.Copy(io.Discard, res.Body)
	return int(n), err
}

// attack runs n workers for d. Every answer but a 200 is an error: a
// redirect would mean the session was lost and the bench measured the
// sign-in page instead.
func attack(ctx context.Context, vt vegeta.Target, n int, d time.Duration, r *row) (*vegeta.Metrics, error) {
	atk := vegeta.NewAttacker(
		vegeta.Workers(uint64(n)),
		vegeta.MaxWorkers(uint64(n)),
		vegeta.Connections(n),
		vegeta.KeepAlive(true),
		vegeta.Redirects(vegeta.NoFollow),
		vegeta.Timeout(10*time.Second),
		vegeta.MaxBody(0), // read and discarded; nothing kept
	)
	stop := context.AfterFunc(ctx, func() { atk.Stop() })
	defer stop()
	var m vegeta.Metrics
	// Freq 0 is no pacing: with Workers = MaxWorkers = n that makes the closed loop.
	for res := range atk.Attack(vegeta.NewStaticTargeter(vt), vegeta.Rate{Freq: 0}, d, "") {
		m.Add(res)
		if r != nil && (res.Code != http.StatusOK || res.Error != "") {
			r.errors++
			if r.firstError == "" {
				r.firstError = fmt.Sprintf("status %d %s", res.Code, res.Error)
			}
		}
	}
	m.Close()
	return &m, ctx.Err()
}

func printHeader() {
	fmt.Printf("%-32s %7s %10s %6s %9s %9s %9s %7s %9s %9s %6s\n", "target", "clients", "req/s", "% ref", "p50", "p95", "p99", "errors", "app CPU", "db CPU", "KB")
}

// printRow prints r with its rate as a share of the reference's at the
// same number of clients (ref: clients to requests a second).
func printRow(r row, ref map[int]float64) {
	share := "-"
	if base := ref[r.clients]; base > 0 {
		share = fmt.Sprintf("%.0f", 100*r.perSecond/base)
	}
	size := "-"
	if r.size > 0 {
		size = fmt.Sprintf("%.1f", float64(r.size)/1024)
	}
	fmt.Printf("%-32s %7d %10.0f %6s %9s %9s %9s %7d %9s %9s %6s\n", r.target, r.clients, r.perSecond, share, ms(r.p50), ms(r.p95), ms(r.p99), r.errors, ms(r.appCPU), ms(r.dbCPU), size)
}

// percentile is the p-th of sorted latencies (p from 0 to 1).
func percentile(sorted []time.Duration, p float64) time.Duration {
	return sorted[min(len(sorted)-1, int(float64(len(sorted))*p))]
}

// ms shows a latency in milliseconds with enough digits for loopback speeds.
func ms(d time.Duration) string {
	v := float64(d) / float64(time.Millisecond)
	switch {
	case v < 10:
		return fmt.Sprintf("%.2f ms", v)
	case v < 100:
		return fmt.Sprintf("%.1f ms", v)
	default:
		return fmt.Sprintf("%.0f ms", v)
	}
}
