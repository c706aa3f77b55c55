package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/daugavpils/prdesk/internal/calendar"
	"github.com/daugavpils/prdesk/internal/db"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/jobs"
	"github.com/daugavpils/prdesk/internal/mail"
	"github.com/daugavpils/prdesk/internal/metrics"
)

// MetricsHandler serves the application's metrics in Prometheus's text
// format: what METRICS_ADDR serves at /metrics, and what tests scrape.
func (a *App) MetricsHandler() http.Handler { return a.metrics.Handler() }

// addMetricSources registers what is read at each scrape: the pool,
// River's jobs, the outbox, and the business gauges, each bounded in time
// and left out of the scrape (and counted) when it fails.
func (a *App) addMetricSources() {
	a.metrics.Add(metrics.PoolSource(a.pool))

	riverJobs := metrics.NewDesc("prdesk_river_jobs", "River's jobs by queue and state: available, scheduled, retryable (waiting), running, discarded (failed for good, kept about a week).", metrics.Gauge, "queue", "state")
	depth := metrics.NewDesc("prdesk_river_queue_depth", "River's jobs waiting in a queue: available + scheduled + retryable.", metrics.Gauge, "queue")
	a.metrics.Add(metrics.Source{Name: "river", Descs: []*metrics.Desc{riverJobs, depth},
		Read: func(ctx context.Context, emit metrics.Emit) error {
			counts, err := jobs.Counts(ctx, a.pool)
			if err != nil {
				return err
			}
			// Every queue worked (and any other seen) gives every state, zeros
			// too, so that a queue's series exist before its first job.
			byQueue := map[string]map[string]int64{}
			for _, q := range a.jobQueues {
				byQueue[q] = map[string]int64{}
			}
			for _, c := range counts {
				if byQueue[c.Queue] == nil {
					byQueue[c.Queue] = map[string]int64{}
				}
				byQueue[c.Queue][c.State] = c.N
			}
			for q, states := range byQueue {
				for _, st := range jobs.CountedStates {
					emit(riverJobs, float64(states[st]), q, st)
				}
				emit(depth, float64(states["available"]+states["scheduled"]+states["retryable"]), q)
			}
			return nil
		}})

	outbox := metrics.NewDesc("prdesk_mail_outbox_messages", "Mail in the outbox by status: pending (waiting or being retried), failed (given up for good).", metrics.Gauge, "status")
	oldest := metrics.NewDesc("prdesk_mail_outbox_oldest_pending_seconds", "Age of the oldest pending mail (0 when none is pending): mail is retried for about nine hours, so past an hour the server is refusing it.", metrics.Gauge)
	a.metrics.Add(metrics.Source{Name: "mail", Descs: []*metrics.Desc{outbox, oldest},
		Read: func(ctx context.Context, emit metrics.Emit) error {
			t, err := mail.Tally(ctx, a.pool)
			if err != nil {
				return err
			}
			emit(outbox, float64(t.Pending), "pending")
			emit(outbox, float64(t.Failed), "failed")
			age := 0.0
			if t.OldestPending != nil {
				age = max(0, a.cfg.Now().Sub(*t.OldestPending).Seconds())
			}
			emit(oldest, age)
			return nil
		}})

	overdue := metrics.NewDesc("prdesk_petitions_overdue", "Open submissions (registered, awaiting resolution, in progress) past their due date.", metrics.Gauge)
	dueToday := metrics.NewDesc("prdesk_petitions_due_today", "Open submissions due today (Riga).", metrics.Gauge)
	a.metrics.Add(metrics.Source{Name: "petitions", Descs: []*metrics.Desc{overdue, dueToday},
		Read: func(ctx context.Context, emit metrics.Emit) error {
			d, err := a.petitions.Deadlines(ctx, a.today())
			if err != nil {
				return err
			}
			emit(overdue, float64(d.Overdue))
			emit(dueToday, float64(d.DueToday))
			return nil
		}})

	bookings := metrics.NewDesc("prdesk_visitor_bookings_today", "Visitors' bookings for today (Riga), not cancelled.", metrics.Gauge)
	toCome := metrics.NewDesc("prdesk_visitor_bookings_to_come_today", "Today's bookings whose visitor has not come yet.", metrics.Gauge)
	waiting := metrics.NewDesc("prdesk_visitor_queue_waiting", "Tickets waiting in today's visitors' queue.", metrics.Gauge)
	a.metrics.Add(metrics.Source{Name: "visitors", Descs: []*metrics.Desc{bookings, toCome, waiting},
		Read: func(ctx context.Context, emit metrics.Emit) error {
			d, err := a.visitors.DeskDay(ctx, a.today())
			if err != nil {
				return err
			}
			emit(bookings, float64(d.Bookings))
			emit(toCome, float64(d.ToCome))
			emit(waiting, float64(d.Waiting))
			return nil
		}})
}

// today is the calendar date in Riga, as the home page counts it.
func (a *App) today() time.Time { return calendar.DateOf(a.cfg.Now().In(i18n.Riga)) }

// readyz answers 200 when the database answers and is at the binary's
// newest migration, else 503 with the reason: a load balancer sends this
// server requests only then. It names no personal data.
func (a *App) readyz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	st, err := db.ReadSchemaState(ctx, a.pool, a.schema)
	switch {
	case err != nil:
		slog.WarnContext(r.Context(), "readiness: database unreachable", "err", err)
		w.WriteHeader(http.StatusServiceUnavailable)
		fmt.Fprintln(w, "database unreachable")
	case st.Version < st.Newest || st.Missing > 0:
		w.WriteHeader(http.StatusServiceUnavailable)
		fmt.Fprintf(w, "migrations behind: the database is at %d with %d missing, this binary's newest is %d\n", st.Version, st.Missing, st.Newest)
	case st.Version > st.Newest:
		w.WriteHeader(http.StatusServiceUnavailable)
		fmt.Fprintf(w, "database ahead: the database is at %d, this binary's newest is %d\n", st.Version, st.Newest)
	default:
		fmt.Fprintln(w, "ok")
	}
}

// listenMetrics starts serving the metrics at addr's /metrics on a
// listener of its own; it returns once the address is bound (an address
// in use fails the start), and the server it returns is shut down with
// the application's.
func (a *App) listenMetrics(addr string) (*http.Server, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("METRICS_ADDR: %w", err)
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", a.metrics.Handler())
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second, WriteTimeout: 30 * time.Second,
		ErrorLog: slog.NewLogLogger(slog.Default().Handler(), slog.LevelWarn)}
	slog.Info("metrics listening", "addr", ln.Addr().String())
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			slog.Warn("metrics server stopped", "addr", addr, "err", err)
		}
	}()
	return srv, nil
}
