// Command prbench measures PR Desk under load on this machine: it fills a
// bench database, starts bin/prdesk against it, signs in one session, and
// drives closed-loop load at a few concurrency levels, printing requests a
// second, latency percentiles and errors, then the server's resident memory.
//
//	make bench                          (builds bin/prdesk, sets DATABASE_URL)
//	go run ./cmd/prbench [-duration 5s] [-warmup 1s] [-clients 1,8,32] [-fresh]
//	make soak                           (-soak: 200 people's mixed work, 5 min a round, 1 then 2 instances)
//
// The bench database (prdesk_bench) lives on the server DATABASE_URL points
// at and is kept between runs, so generated data is made once.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"
)

type options struct {
	databaseURL string
	dbName      string
	fresh       bool
	bin         string
	duration    time.Duration
	warmup      time.Duration
	clients     []int
	logLevel    string
	only        string
	reference   string // set in the reference server's own process: its address

	// The soak (soak.go) instead of the closed loops.
	soak          bool
	soakUsers     int
	soakDuration  time.Duration
	think         time.Duration
	soakInstances []int
}

func main() {
	opts, err := parseFlags(os.Args[1:])
	if err != nil {
		fmt.Fprintln(os.Stderr, "prbench:", err)
		os.Exit(2)
	}
	if opts.reference != "" {
		fmt.Fprintln(os.Stderr, "prbench reference:", serveReference(opts.databaseURL, opts.reference))
		os.Exit(1)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, opts); err != nil {
		fmt.Fprintln(os.Stderr, "prbench:", err)
		os.Exit(1)
	}
}

func parseFlags(args []string) (options, error) {
	o := options{databaseURL: os.Getenv("DATABASE_URL")}
	fs := flag.NewFlagSet("prbench", flag.ContinueOnError)
	fs.StringVar(&o.dbName, "db", "prdesk_bench", "name of the bench database on DATABASE_URL's server")
	fs.BoolVar(&o.fresh, "fresh", false, "drop the bench database and fill it again")
	fs.StringVar(&o.bin, "bin", "bin/prdesk", "the server binary (make build makes it)")
	fs.DurationVar(&o.duration, "duration", 5*time.Second, "measured load per target and concurrency level")
	fs.DurationVar(&o.warmup, "warmup", time.Second, "unmeasured load before each measurement")
	fs.StringVar(&o.logLevel, "log-level", "info", "the server's LOG_LEVEL (info writes an access log line a request, as in production)")
	fs.StringVar(&o.only, "only", "", "measure only the targets whose name contains this text (e.g. /petitions)")
	fs.StringVar(&o.reference, "reference-server", "", "(internal) serve the reference page on this address")
	fs.BoolVar(&o.soak, "soak", false, "run the soak instead: simulated people doing a mix of the day's work (make soak)")
	fs.IntVar(&o.soakUsers, "users", 200, "the soak's simulated people")
	fs.DurationVar(&o.soakDuration, "soak-duration", 5*time.Minute, "how long the soak runs against each number of instances")
	fs.DurationVar(&o.think, "think", 2*time.Second, "the soak's mean pause between a person's steps")
	instances := fs.String("instances", "1,2", "the soak's numbers of instances on the one database, in turn")
	clients := fs.String("clients", "1,8,32", "concurrency levels: clients, each sending its next request when the last is answered")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if o.reference != "" {
		return o, nil
	}
	if o.databaseURL == "" {
		return o, errors.New("DATABASE_URL is not set (make bench sets it)")
	}
	if o.duration <= 0 || o.warmup < 0 || o.duration+o.warmup > time.Minute {
		return o, errors.New("-duration must be positive and -duration plus -warmup at most a minute")
	}
	if o.soak {
		if o.soakUsers < 1 || o.soakDuration <= 0 || o.think <= 0 {
			return o, errors.New("-users, -soak-duration and -think must be positive")
		}
		for _, c := range strings.Split(*instances, ",") {
			n, err := strconv.Atoi(strings.TrimSpace(c))
			if err != nil || n < 1 || n > 8 {
				return o, fmt.Errorf("-instances: %q is not a number from 1 to 8", c)
			}
			o.soakInstances = append(o.soakInstances, n)
		}
	}
	for _, c := range strings.Split(*clients, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(c))
		if err != nil || n < 1 || n > 1024 {
			return o, fmt.Errorf("-clients: %q is not a number from 1 to 1024", c)
		}
		o.clients = append(o.clients, n)
	}
	return o, nil
}

func run(ctx context.Context, o options) error {
	// prbench's own messages; the server's go to its log tail.
	slog.SetDefault(slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})))

	if _, err := os.Stat(o.bin); err != nil {
		return fmt.Errorf("%s: %w (run make build, or make bench)", o.bin, err)
	}
	if o.soak {
		return runSoak(ctx, o)
	}
	started := time.Now()
	benchDatabase = o.dbName
	benchURL, err := prepareDatabase(ctx, o.databaseURL, o.dbName, o.fresh, o.only)
	if err != nil {
		return err
	}

	if wants(o.only, "/press") {
		// The newsroom is read from many addresses, through the bench (newsLoad).
		if err := trustBenchAsProxy(); err != nil {
			return err
		}
	}
	srv, err := startServer(ctx, o.bin, benchURL, o.logLevel)
	if err != nil {
		return err
	}
	// Stopped on every path, so no server outlives the bench.
	defer srv.stop()

	cookie, err := signIn(ctx, srv.url, "head")
	if err != nil {
		return srv.explain(err)
	}

	targets := []target{
		{name: "GET /login (anonymous)", path: "/login"},
		{name: "GET / (head)", path: "/", cookie: cookie},
	}
	// Each area's targets, when -only does not name another area (its
	// data may not be there).
	for _, a := range []struct {
		area    string
		targets func(context.Context, string, *http.Cookie) ([]target, error)
	}{{"/petitions", petitionTargets}, {"/visitors", visitorTargets}, {"/contacts", contactTargets}, {"/press", pressTargets}, {"/monitoring", monitoringTargets},
		{"/delegations", delegationTargets}, {"/awards", awardTargets}, {"/reports", reportTargets}, {"/reports/search", searchTargets}, {"/reports/agenda", agendaTargets}} {
		if !wants(o.only, a.area) {
			continue
		}
		more, err := a.targets(ctx, benchURL, cookie)
		if err != nil {
			return err
		}
		targets = append(targets, more...)
	}
	fmt.Printf("\nPR Desk under closed-loop load: %s of load after %s of warm-up per row; %d CPUs, GOMAXPROCS %d; load generator on the same machine.\nCPU columns: CPU time per request of the server and of the PostgreSQL processes working for the bench database, which other work on the machine barely moves.\n\n",
		o.duration, o.warmup, runtime.NumCPU(), runtime.GOMAXPROCS(0))
	var rows []row
	printHeader()
	// The yardstick first, at every number of clients: each row below is
	// read as a share of it.
	ref := map[int]float64{}
	refSrv, err := startReference(ctx, benchURL)
	if err != nil {
		return err
	}
	for _, n := range o.clients {
		r, err := measure(ctx, refSrv.url, refSrv.pid(), target{name: "reference: chi+templ, 50 rows", path: "/reference?after=500000"}, n, o.warmup, o.duration)
		if err != nil {
			refSrv.stop()
			return refSrv.explain(err)
		}
		ref[n] = r.perSecond
		printRow(r, ref)
		rows = append(rows, r)
	}
	refSrv.stop()
	for _, tg := range targets {
		if !strings.Contains(tg.name, o.only) {
			continue
		}
		for _, n := range o.clients {
			r, err := measure(ctx, srv.url, srv.pid(), tg, n, o.warmup, o.duration)
			if err != nil {
				return srv.explain(err)
			}
			printRow(r, ref)
			rows = append(rows, r)
		}
	}
	if wants(o.only, "/press") {
		news, err := newsLoad(ctx, o, srv.url, srv.pid(), ref)
		if err != nil {
			return srv.explain(err)
		}
		rows = append(rows, news...)
	}
	if strings.Contains("POST /petitions/new", o.only) || strings.Contains(o.only, "regist") {
		fmt.Println()
		if err := registrationRate(ctx, benchURL, srv.url, cookie); err != nil {
			return srv.explain(err)
		}
	}
	if strings.Contains("/visitors/board", o.only) || strings.Contains(o.only, "board") {
		fmt.Println()
		if err := boardLag(ctx, benchURL, srv.url, cookie); err != nil {
			return srv.explain(err)
		}
	}
	if err := srv.alive(); err != nil {
		return srv.explain(err)
	}

	mem, err := residentMemory(srv.pid())
	if err != nil {
		return err
	}
	fmt.Printf("\nServer resident memory after the load: %s (peak %s).\n", mem.rss, mem.peak)
	stopped, err := srv.stop()
	if err != nil {
		return srv.explain(err)
	}
	fmt.Printf("Server stopped on SIGTERM in %s. Whole run: %s.\n", stopped.Round(time.Millisecond), time.Since(started).Round(100*time.Millisecond))
	for _, r := range rows {
		if r.errors > 0 {
			return fmt.Errorf("%d of %d requests to %s with %d clients failed: %s", r.errors, r.requests, r.target, r.clients, r.firstError)
		}
	}
	return nil
}
