package contacts_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/daugavpils/prdesk/internal/contacts"
	"github.com/daugavpils/prdesk/internal/db/dbtest"
	"github.com/daugavpils/prdesk/internal/errs"
)

// TestMain serves this package's tests on the package's own database.
func TestMain(m *testing.M) { dbtest.Main(m) }

// fixedNow is when the tests' store clocks stand.
var fixedNow = time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)

func newStore(t *testing.T) (*contacts.Store, *pgxpool.Pool) {
	t.Helper()
	pool := dbtest.Pool(t)
	return freshStore(pool), pool
}

// freshStore is a store on pool with nothing remembered (crowded words).
func freshStore(pool *pgxpool.Pool) *contacts.Store {
	return contacts.NewStore(contacts.Deps{Pool: pool, Now: func() time.Time { return fixedNow }})
}

// refusal is where and why err refuses a form: "field: key".
func refusal(err error) string {
	if fe, ok := errs.AsField(err); ok {
		return fe.Field + ": " + fe.Key
	}
	if err == nil {
		return "<nil>"
	}
	return err.Error()
}

func isConflict(err error) bool { return errors.Is(err, errs.Conflict) }

func ctx() context.Context { return context.Background() }
