package visitors_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/daugavpils/prdesk/internal/db/dbtest"
	"github.com/daugavpils/prdesk/internal/errs"
	"github.com/daugavpils/prdesk/internal/jobs"
	"github.com/daugavpils/prdesk/internal/visitors"
	"github.com/daugavpils/prdesk/internal/visitors/visitorstest"
)

// TestMain serves this package's tests, the internal ones (rules) and the
// external ones (the store and the pages), on the package's own database.
func TestMain(m *testing.M) { dbtest.Main(m) }

var (
	riga      = visitorstest.Riga
	day       = visitorstest.Date
	wednesday = visitorstest.Wednesday
	// fixedNow is a Monday morning; the fixtures' officials receive on Wednesdays.
	fixedNow = visitorstest.Monday
)

// fixture is a store whose clock stands at fixedNow, and an official of its
// own (visitorstest.NewOfficial's: Wednesdays 10:00–12:00).
type fixture struct {
	store    *visitors.Store
	pool     *pgxpool.Pool
	jobs     *jobs.Client
	clock    *visitorstest.Clock
	official int64
}

func newFixture(t *testing.T, name string) fixture {
	t.Helper()
	pool := dbtest.Pool(t)
	s := visitorstest.NewStore(t, pool)
	return fixture{store: s.Store, pool: pool, jobs: s.Jobs, clock: s.Clock, official: visitorstest.NewOfficial(t, pool, name)}
}

// at sets the store's clock.
func (f fixture) at(t time.Time) { f.clock.Set(t) }

// refusal is where and why err refuses a form: "field: key", or the error
// itself when it is no field's refusal.
func refusal(err error) string {
	if fe, ok := errs.AsField(err); ok {
		return fe.Field + ": " + fe.Key
	}
	if err == nil {
		return "<nil>"
	}
	return err.Error()
}

// wantRefused fails unless err refuses field with the message key.
func wantRefused(t *testing.T, err error, field, key string) {
	t.Helper()
	if got := refusal(err); got != field+": "+key {
		t.Fatalf("refusal %q, want %q", got, field+": "+key)
	}
}

// isConflict tells whether err is a conflict (a stale form among them).
func isConflict(err error) bool { return errors.Is(err, errs.Conflict) }

// keepRetention puts the retention period back as it was when the test
// ends: the tests share the setting.
func keepRetention(t *testing.T, pool *pgxpool.Pool) {
	t.Helper()
	ctx := context.Background()
	var days string
	if err := pool.QueryRow(ctx, `select value::text from settings where key = $1`, visitors.RetentionKey).Scan(&days); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if _, err := pool.Exec(ctx, `update settings set value = $2::jsonb, version = version + 1 where key = $1`, visitors.RetentionKey, days); err != nil {
			t.Error(err)
		}
	})
}
