package jobs_test

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"github.com/daugavpils/prdesk/internal/db/dbtest"
	"github.com/daugavpils/prdesk/internal/jobs"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

type noteArgs struct {
	Text string `json:"text"`
}

func (noteArgs) Kind() string { return "jobs_test_note" }

type notes struct {
	mu   sync.Mutex
	seen []string
}

func (n *notes) add(s string) { n.mu.Lock(); n.seen = append(n.seen, s); n.mu.Unlock() }

func (n *notes) list() []string {
	n.mu.Lock()
	defer n.mu.Unlock()
	return append([]string(nil), n.seen...)
}

func TestJobsWaitInTheDatabaseUntilAClientWorksThem(t *testing.T) {
	ctx := context.Background()
	pool := dbtest.Pool(t)
	var got notes
	reg := jobs.NewRegistry()
	jobs.Add(reg, river.WorkFunc(func(_ context.Context, j *river.Job[noteArgs]) error {
		got.add(j.Args.Text)
		return nil
	}))
	reg.Queue("slow", 1)
	if q := reg.Queues(); len(q) != 2 || q[0] != river.QueueDefault || q[1] != "slow" {
		t.Fatalf("queues %v", q)
	}
	client, err := jobs.New(pool, reg, jobs.Options{Logger: slog.New(slog.DiscardHandler), FetchPollInterval: 50 * time.Millisecond, TestOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	insert := func(text string, fail bool) error {
		return pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
			if _, err := client.InsertTx(ctx, tx, noteArgs{Text: text}, nil); err != nil {
				return err
			}
			if fail {
				return errors.New("rolled back")
			}
			return nil
		})
	}
	if err := insert("kept", false); err != nil {
		t.Fatal(err)
	}
	if err := insert("rolled back", true); err == nil {
		t.Fatal("want the rollback error")
	}
	var available int
	if err := pool.QueryRow(ctx, `select count(*) from river_job where kind = 'jobs_test_note' and state = 'available'`).Scan(&available); err != nil {
		t.Fatal(err)
	}
	if available != 1 || len(got.list()) != 0 {
		t.Fatalf("before working: %d available, worked %v", available, got.list())
	}

	if err := jobs.WorkDue(ctx, client, river.QueueDefault); err != nil {
		t.Fatal(err)
	}
	if l := got.list(); len(l) != 1 || l[0] != "kept" {
		t.Fatalf("worked %v, want [kept]", l)
	}

	// A stopped client starts again (a test may drain several times).
	if err := insert("second", false); err != nil {
		t.Fatal(err)
	}
	if err := jobs.WorkDue(ctx, client, river.QueueDefault); err != nil {
		t.Fatal(err)
	}
	if l := got.list(); len(l) != 2 || l[1] != "second" {
		t.Fatalf("worked %v", l)
	}
	if err := jobs.Stop(ctx, client); err != nil {
		t.Fatalf("stopping a stopped client: %v", err)
	}
}

func TestInsertingAnUnregisteredKindFails(t *testing.T) {
	ctx := context.Background()
	pool := dbtest.Pool(t)
	reg := jobs.NewRegistry()
	jobs.Add(reg, river.WorkFunc(func(context.Context, *river.Job[noteArgs]) error { return nil }))
	client, err := jobs.New(pool, reg, jobs.Options{Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	err = pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		_, err := client.InsertTx(ctx, tx, unregistered{}, nil)
		return err
	})
	if err == nil {
		t.Fatal("a job no worker can run was accepted")
	}
}

type unregistered struct{}

func (unregistered) Kind() string { return "jobs_test_unregistered" }
