// Package jobs builds the River client that runs background work (outgoing
// mail, reminders) from the PostgreSQL pool.
//
// Areas contribute workers to a Registry before the client exists; the app
// builds one Client from it. Jobs are inserted inside the caller's
// transaction (client.InsertTx), so a rolled-back write leaves no job behind.
// Building the client does not start it: tests and the HTTP test server use
// an unstarted client, and inserted jobs simply stay queued until something
// calls Start (app.Serve does, and so may a test).
package jobs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivertype"
)

// Client is the application's River client: InsertTx to queue a job in a
// transaction; Start and Stop to work jobs.
type Client = river.Client[pgx.Tx]

// DefaultQueueWorkers is how many jobs of river's default queue run at once.
const DefaultQueueWorkers = 4

// Registry collects workers, the queues they run in, and periodic jobs.
// Build it, register every area, then pass it to New; it is not used after.
type Registry struct {
	workers  *river.Workers
	queues   map[string]river.QueueConfig
	periodic []*river.PeriodicJob
}

// NewRegistry is a registry with river's default queue and no workers.
func NewRegistry() *Registry {
	return &Registry{
		workers: river.NewWorkers(),
		queues:  map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: DefaultQueueWorkers}},
	}
}

// Add registers the worker of one job kind. Registering a kind twice panics:
// that is a programming error caught by any test that builds the app.
func Add[T river.JobArgs](r *Registry, w river.Worker[T]) {
	river.AddWorker(r.workers, w)
}

// Queue makes the client work the named queue with at most maxWorkers jobs at
// once. A queue that is never declared is still accepted by InsertTx; its jobs
// wait until a client that works it starts.
func (r *Registry) Queue(name string, maxWorkers int) {
	r.queues[name] = river.QueueConfig{MaxWorkers: maxWorkers}
}

// Periodic adds a job inserted on a schedule by whichever client is leader.
func (r *Registry) Periodic(j *river.PeriodicJob) {
	r.periodic = append(r.periodic, j)
}

// Queues lists the queues the client will work, sorted.
func (r *Registry) Queues() []string {
	return slices.Sorted(maps.Keys(r.queues))
}

// Options tune the client; the zero value suits production.
type Options struct {
	Logger *slog.Logger // default slog.Default()
	// FetchPollInterval is the fallback poll when no notification arrives;
	// tests shorten it. Zero keeps River's default (1s).
	FetchPollInterval time.Duration
	// TestOnly skips River's jittered start-up of maintenance services, which
	// only slows tests down.
	TestOnly bool
}

// New builds the client on pool; it does not start it.
func New(pool *pgxpool.Pool, reg *Registry, opts Options) (*Client, error) {
	logger := opts.Logger
	if logger == nil {
		logger = slog.Default()
	}
	cfg := &river.Config{
		Logger:            logger.With("component", "jobs"),
		Workers:           reg.workers,
		Queues:            maps.Clone(reg.queues),
		PeriodicJobs:      reg.periodic,
		FetchPollInterval: opts.FetchPollInterval,
		// A job that is still running this long after Stop gets its
		// context cancelled, so shutdown never hangs on a slow SMTP server.
		SoftStopTimeout: 15 * time.Second,
		TestOnly:        opts.TestOnly,
	}
	if opts.FetchPollInterval > 0 && opts.FetchPollInterval < river.FetchCooldownDefault {
		cfg.FetchCooldown = opts.FetchPollInterval
	}
	c, err := river.NewClient(riverpgxv5.New(pool), cfg)
	if err != nil {
		return nil, fmt.Errorf("job client: %w", err)
	}
	return c, nil
}

// Stop stops c gracefully: running jobs get until ctx ends (and River's soft
// stop timeout) to finish. Stopping a client that never started is a no-op.
func Stop(ctx context.Context, c *Client) error {
	if err := c.Stop(ctx); err != nil {
		return fmt.Errorf("stopping jobs: %w", err)
	}
	return nil
}

// WorkDue starts c, waits until no job that is due remains in the queues it
// works, and stops it. Jobs that fail and are scheduled for a later retry do
// not count as due. Meant for tests and one-off commands; a server calls
// Start and leaves the client running.
func WorkDue(ctx context.Context, c *Client, queues ...string) error {
	if len(queues) == 0 {
		return errors.New("WorkDue: name the queues to drain")
	}
	if err := c.Start(ctx); err != nil {
		return err
	}
	defer Stop(context.WithoutCancel(ctx), c) //nolint:errcheck
	params := river.NewJobListParams().
		Queues(queues...).
		States(rivertype.JobStateAvailable, rivertype.JobStateRunning).
		Where("(state = 'running' or scheduled_at <= now())").
		First(1)
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		res, err := c.JobList(ctx, params)
		if err != nil {
			return err
		}
		if len(res.Jobs) == 0 {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-tick.C:
		}
	}
}
