package monitoring

import (
	"context"
	"sync"
	"time"

	"github.com/riverqueue/river"

	"github.com/daugavpils/prdesk/internal/feeds"
	"github.com/daugavpils/prdesk/internal/jobs"
)

// The reading of feeds: a job every ReadEvery takes the feeds whose time
// has come, a few at a time, and reads each (Store.ReadDue); "Nolasīt
// tagad" on the feeds page queues the same job for one feed
// (Store.RequestRead, then Store.ReadFeed).

// ReadFeedsArgs is a job that reads the feeds due, or the one feed FeedID.
type ReadFeedsArgs struct {
	FeedID int64 `json:"feed_id,omitempty"`
}

// Kind names the job in River's table.
func (ReadFeedsArgs) Kind() string { return "monitoring_read_feeds" }

// ReadEvery is how often the job looks for feeds whose time has come.
const ReadEvery = 5 * time.Minute

const (
	// readBatch is how many feeds are read at once, each of another site.
	readBatch = 4
	// maxReadsPerRun bounds one run; what is left is read by the next.
	maxReadsPerRun = 40
	// feedTimeout bounds the read of one feed, body and all.
	feedTimeout = 30 * time.Second
)

type readWorker struct {
	river.WorkerDefaults[ReadFeedsArgs]
	store *Store
}

func (w *readWorker) Work(ctx context.Context, job *river.Job[ReadFeedsArgs]) error {
	if job.Args.FeedID != 0 {
		_, err := w.store.ReadFeed(ctx, job.Args.FeedID)
		return err
	}
	_, err := w.store.ReadDue(ctx)
	return err
}

// Timeout lets a run read its feeds: River's default minute is a few
// slow sites.
func (w *readWorker) Timeout(*river.Job[ReadFeedsArgs]) time.Duration { return 10 * time.Minute }

// RegisterFeedReads makes the job client read feeds through store: the
// feed a person asks for always, and, when scheduled, the feeds due every
// ReadEvery. The demo (make run) does not schedule: its feeds are of real
// sites, which a demo must not poll.
func RegisterFeedReads(reg *jobs.Registry, store *Store, scheduled bool) {
	jobs.Add(reg, &readWorker{store: store})
	if scheduled {
		reg.Periodic(river.NewPeriodicJob(river.PeriodicInterval(ReadEvery),
			func() (river.JobArgs, *river.InsertOpts) { return ReadFeedsArgs{}, nil },
			&river.PeriodicJobOpts{RunOnStart: true}))
	}
}

// ReadDue reads the active feeds whose time has come, readBatch at a time
// and at most maxReadsPerRun, and returns how many it read. A feed that
// fails is recorded as failing (Store.recordRead); only the database's
// errors end the run.
func (s *Store) ReadDue(ctx context.Context) (int, error) {
	m, err := s.matcher(ctx)
	if err != nil {
		return 0, err
	}
	done := 0
	for done < maxReadsPerRun {
		batch, err := s.claimDue(ctx, min(readBatch, maxReadsPerRun-done))
		if err != nil || len(batch) == 0 {
			return done, err
		}
		var wg sync.WaitGroup
		errs := make([]error, len(batch))
		for i, f := range batch {
			wg.Go(func() { _, errs[i] = s.readOne(ctx, f, m) })
		}
		wg.Wait()
		for _, err := range errs {
			if err != nil {
				return done, err
			}
		}
		done += len(batch)
	}
	return done, nil
}

// ReadFeed reads the feed id now, due or not; another reader holding it
// reads it instead.
func (s *Store) ReadFeed(ctx context.Context, id int64) (ImportResult, error) {
	batch, err := s.claimOne(ctx, id)
	if err != nil || len(batch) == 0 {
		return ImportResult{}, err
	}
	m, err := s.matcher(ctx)
	if err != nil {
		return ImportResult{}, err
	}
	return s.readOne(ctx, batch[0], m)
}

// readOne fetches a claimed feed conditionally and records what came: a
// feed that breaks partway keeps the items read before the break.
func (s *Store) readOne(ctx context.Context, f feedToRead, m *Matcher) (ImportResult, error) {
	fetchCtx, cancel := context.WithTimeout(ctx, feedTimeout)
	res, err := s.feeds.Fetch(fetchCtx, f.url, feeds.Validators{ETag: f.prev[0], LastModified: f.prev[1]})
	cancel()
	if ctx.Err() != nil {
		return ImportResult{}, ctx.Err() // shutting down: the lease runs out, and the feed is read again
	}
	var out readOutcome
	if res != nil {
		out.validators = [2]string{res.Validators.ETag, res.Validators.LastModified}
		out.notModified = res.NotModified
		if res.Feed != nil {
			out.items = make([]newItem, 0, len(res.Feed.Items))
			for _, it := range res.Feed.Items {
				if n, ok := itemOf(it); ok {
					out.items = append(out.items, n)
				}
			}
		}
	}
	if err != nil {
		out.errorCode = readErrorCode(err)
		out.retryAfter = retryAfterOf(err, s.now())
	}
	return s.recordRead(ctx, f, out, m)
}

// ImportFeed stores the items of a feed read elsewhere (a parsed file) as
// a read of feed id that went well: for tests and benchmarks of the
// import without a server.
func (s *Store) ImportFeed(ctx context.Context, id int64, feed *feeds.Feed) (ImportResult, error) {
	m, err := s.matcher(ctx)
	if err != nil {
		return ImportResult{}, err
	}
	out := readOutcome{}
	for _, it := range feed.Items {
		if n, ok := itemOf(it); ok {
			out.items = append(out.items, n)
		}
	}
	f, err := s.Feed(ctx, id)
	if err != nil {
		return ImportResult{}, err
	}
	return s.recordRead(ctx, feedToRead{id: id, url: f.URL, interval: time.Duration(f.IntervalMinutes) * time.Minute,
		failures: f.Failures, errorCode: f.LastErrorCode}, out, m)
}
