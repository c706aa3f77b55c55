package demo_test

import (
	"context"
	"maps"
	"testing"
	"time"

	"github.com/daugavpils/prdesk/internal/db/dbtest"
	"github.com/daugavpils/prdesk/internal/demo"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

// The demo data fills a new database (make run's), once.
func TestDemoDataFillsANewDatabase(t *testing.T) {
	ctx := context.Background()
	pool := dbtest.Pool(t)
	now := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	seeded, err := demo.Seed(ctx, pool, now)
	if err != nil || !seeded {
		t.Fatalf("Seed on a new database: %v %v", seeded, err)
	}
	counts := func() map[string]int {
		out := map[string]int{}
		for _, table := range []string{"users", "petitions", "visit_bookings", "visit_officials", "calendar_days", "audit_log"} {
			var n int
			if err := pool.QueryRow(ctx, "select count(*) from "+table).Scan(&n); err != nil {
				t.Fatal(err)
			}
			out[table] = n
		}
		return out
	}
	first := counts()
	if first["users"] != len(demo.Accounts) {
		t.Errorf("%d accounts, want one a role: %d", first["users"], len(demo.Accounts))
	}
	for table, n := range first {
		if n == 0 {
			t.Errorf("the demo data wrote nothing into %s", table)
		}
	}
	// Every demo account signs in with the demo password.
	var hashes int
	if err := pool.QueryRow(ctx, "select count(*) from users where password_hash like '$argon2id$%'").Scan(&hashes); err != nil || hashes != len(demo.Accounts) {
		t.Errorf("%d accounts have a password hash: %v", hashes, err)
	}

	seeded, err = demo.Seed(ctx, pool, now.AddDate(0, 1, 0))
	if err != nil || seeded {
		t.Fatalf("a second Seed: %v %v, want nothing written", seeded, err)
	}
	if again := counts(); !maps.Equal(again, first) {
		t.Errorf("a second Seed wrote: %v, then %v", first, again)
	}
}
