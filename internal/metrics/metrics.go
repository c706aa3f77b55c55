// Package metrics keeps PR Desk's Prometheus metrics in a registry of its
// own (never the global default): the requests by route pattern, the
// sign-in failures, Go's and the process's own figures, and sources read
// at scrape time (the pool, River's jobs, the outbox, the business
// gauges). The app serves the registry on a listener of its own
// (METRICS_ADDR), never on the application's port.
//
// A scrape-time source bounds its own time (Source.Timeout) and never
// fails the scrape: on an error its figures are left out of that scrape and
// prdesk_metrics_collect_errors_total{source} counts the error.
package metrics

import (
	"context"
	"log/slog"
	"net/http"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// DefaultTimeout bounds one source's reading at scrape time.
const DefaultTimeout = 2 * time.Second

// Unmatched is the route label of a request no route matched.
const Unmatched = "unmatched"

// Metrics is the application's registry and the metrics it updates as it
// runs.
type Metrics struct {
	reg         *prometheus.Registry
	requests    *prometheus.CounterVec
	duration    *prometheus.HistogramVec
	signinFails prometheus.Counter
	lockouts    *prometheus.CounterVec
	logger      *slog.Logger
	// stopwatch is the machine's clock, for how long a source takes: the
	// app gives time.Now (a test's stopped clock would measure nothing).
	stopwatch func() time.Time
}

// New is a registry with Go's and the process's collectors and PR Desk's
// request and sign-in metrics. stopwatch is the machine's clock (time.Now),
// which times the scrape-time sources.
func New(logger *slog.Logger, stopwatch func() time.Time) *Metrics {
	if logger == nil {
		logger = slog.Default()
	}
	m := &Metrics{reg: prometheus.NewRegistry(), logger: logger, stopwatch: stopwatch}
	m.requests = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "prdesk_http_requests_total",
		Help: "HTTP requests answered, by method, chi route pattern (\"unmatched\" when no route matched) and status code.",
	}, []string{"method", "route", "status"})
	m.duration = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "prdesk_http_request_duration_seconds",
		Help:    "Time to answer an HTTP request, by method and chi route pattern.",
		Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
	}, []string{"method", "route"})
	m.signinFails = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "prdesk_signin_failures_total",
		Help: "Sign-in attempts with a wrong password, an unknown user name or an inactive account.",
	})
	m.lockouts = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "prdesk_signin_lockouts_total",
		Help: "Sign-in attempts refused without checking the password: reason throttled (too many failures from the address) or delayed (the user name must wait).",
	}, []string{"reason"})
	m.reg.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		m.requests, m.duration, m.signinFails, m.lockouts,
	)
	// Present from the start, so that rate() and alerts see a zero.
	for _, r := range []string{"throttled", "delayed"} {
		m.lockouts.WithLabelValues(r)
	}
	return m
}

// Registry is the registry, for tests and for sources of another shape.
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

// Handler serves the registry in Prometheus's text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{
		Registry:          m.reg, // promhttp_metric_handler_errors_total
		ErrorHandling:     promhttp.ContinueOnError,
		Timeout:           10 * time.Second,
		EnableOpenMetrics: false,
		ErrorLog:          slog.NewLogLogger(m.logger.Handler(), slog.LevelWarn),
	})
}

// knownMethods bounds the method label.
var knownMethods = map[string]bool{
	http.MethodGet: true, http.MethodHead: true, http.MethodPost: true, http.MethodPut: true,
	http.MethodPatch: true, http.MethodDelete: true, http.MethodOptions: true,
}

// ObserveRequest counts one answered request. route is chi's route
// pattern ("/petitions/{id}"), never the raw path: "" is Unmatched.
func (m *Metrics) ObserveRequest(method, route string, status int, d time.Duration) {
	if !knownMethods[method] {
		method = "other"
	}
	if route == "" {
		route = Unmatched
	}
	m.requests.WithLabelValues(method, route, strconv.Itoa(status)).Inc()
	m.duration.WithLabelValues(method, route).Observe(d.Seconds())
}

// SignInAttempt counts a sign-in attempt by its outcome, as auth records
// it in login_attempts: failure, or a refusal (throttled, delayed).
// Successes are not counted here.
func (m *Metrics) SignInAttempt(outcome string) {
	switch outcome {
	case "failure":
		m.signinFails.Inc()
	case "throttled", "delayed", "locked":
		m.lockouts.WithLabelValues(outcome).Inc()
	}
}

// Kind is a metric's Prometheus type.
type Kind int

const (
	// Gauge is a figure that goes up and down.
	Gauge Kind = iota
	// Counter only grows (from the start of the process).
	Counter
)

// Desc describes one metric a source gives.
type Desc struct {
	desc *prometheus.Desc
	kind Kind
}

// NewDesc describes a metric named name of kind with the variable labels.
func NewDesc(name, help string, kind Kind, labels ...string) *Desc {
	return &Desc{desc: prometheus.NewDesc(name, help, labels, nil), kind: kind}
}

// Emit gives one value of d with its label values.
type Emit func(d *Desc, v float64, labels ...string)

// Source is a set of metrics read together at scrape time: Read gives
// their values through emit, within ctx, which ends after Timeout.
type Source struct {
	Name    string // the source label of the errors counter
	Timeout time.Duration
	Descs   []*Desc
	Read    func(ctx context.Context, emit Emit) error
}

// Add registers s: it is read at every scrape, concurrently with the others.
func (m *Metrics) Add(s Source) {
	if s.Timeout <= 0 {
		s.Timeout = DefaultTimeout
	}
	label := prometheus.Labels{"source": s.Name}
	m.reg.MustRegister(&sourceCollector{m: m, s: s,
		seconds: prometheus.NewDesc("prdesk_metrics_collect_duration_seconds",
			"Time the scrape-time source took to read, by source.", nil, label),
		errors: prometheus.NewDesc("prdesk_metrics_collect_errors_total",
			"Scrape-time sources that failed or timed out, by source; their figures were left out of that scrape.", nil, label)})
}

// sourceCollector reads one source at each scrape. It counts its own
// errors and gives the count in the same scrape, so that a scrape whose
// figures are missing also shows why.
type sourceCollector struct {
	m       *Metrics
	s       Source
	seconds *prometheus.Desc
	errors  *prometheus.Desc
	failed  atomic.Int64
}

func (c *sourceCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range c.s.Descs {
		ch <- d.desc
	}
	ch <- c.seconds
	ch <- c.errors
}

func (c *sourceCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), c.s.Timeout)
	defer cancel()
	start := c.m.stopwatch()
	var out []prometheus.Metric
	var emitErr error
	err := c.s.Read(ctx, func(d *Desc, v float64, labels ...string) {
		t := prometheus.GaugeValue
		if d.kind == Counter {
			t = prometheus.CounterValue
		}
		pm, err := prometheus.NewConstMetric(d.desc, t, v, labels...)
		if err != nil {
			emitErr = err
			return
		}
		out = append(out, pm)
	})
	if err == nil {
		err = emitErr
	}
	if err == nil {
		err = ctx.Err() // read past its time: what it gave may be partial
	}
	if err != nil {
		c.failed.Add(1)
		c.m.logger.Warn("metrics: a source failed; its figures are left out of this scrape", "source", c.s.Name, "err", err)
	} else {
		for _, pm := range out {
			ch <- pm
		}
	}
	ch <- prometheus.MustNewConstMetric(c.seconds, prometheus.GaugeValue, c.m.stopwatch().Sub(start).Seconds())
	ch <- prometheus.MustNewConstMetric(c.errors, prometheus.CounterValue, float64(c.failed.Load()))
}

// PoolSource reads the pool's figures (pool.Stat()): connections by state
// now, and the acquires that had to wait, cumulative since start.
func PoolSource(pool *pgxpool.Pool) Source {
	conns := NewDesc("prdesk_db_pool_connections", "Connections of the database pool, by state: acquired (in use), idle, constructing.", Gauge, "state")
	total := NewDesc("prdesk_db_pool_connections_open", "Connections the database pool holds open (acquired + idle + constructing).", Gauge)
	maxc := NewDesc("prdesk_db_pool_connections_max", "The most connections the database pool opens.", Gauge)
	acquires := NewDesc("prdesk_db_pool_acquires_total", "Connections taken from the pool.", Counter)
	waited := NewDesc("prdesk_db_pool_acquires_waited_total", "Acquires that found no idle connection and waited for one (to be opened or freed).", Counter)
	waitSecs := NewDesc("prdesk_db_pool_acquire_wait_seconds_total", "Time acquires spent waiting for a connection when none was idle.", Counter)
	acquireSecs := NewDesc("prdesk_db_pool_acquire_seconds_total", "Time spent acquiring connections, waiting or not.", Counter)
	canceled := NewDesc("prdesk_db_pool_acquires_canceled_total", "Acquires given up because their request ended first.", Counter)
	return Source{Name: "pool", Descs: []*Desc{conns, total, maxc, acquires, waited, waitSecs, acquireSecs, canceled},
		Read: func(_ context.Context, emit Emit) error {
			s := pool.Stat()
			emit(conns, float64(s.AcquiredConns()), "acquired")
			emit(conns, float64(s.IdleConns()), "idle")
			emit(conns, float64(s.ConstructingConns()), "constructing")
			emit(total, float64(s.TotalConns()))
			emit(maxc, float64(s.MaxConns()))
			emit(acquires, float64(s.AcquireCount()))
			emit(waited, float64(s.EmptyAcquireCount()))
			emit(waitSecs, s.EmptyAcquireWaitTime().Seconds())
			emit(acquireSecs, s.AcquireDuration().Seconds())
			emit(canceled, float64(s.CanceledAcquireCount()))
			return nil
		}}
}
