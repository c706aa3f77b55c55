package audit_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/daugavpils/prdesk/internal/audit"
	"github.com/daugavpils/prdesk/internal/db"
	"github.com/daugavpils/prdesk/internal/db/dbtest"
)

func recordIn(t *testing.T, pool *pgxpool.Pool, n int) {
	t.Helper()
	for i := range n {
		err := pgx.BeginFunc(context.Background(), pool, func(tx pgx.Tx) error {
			return audit.RecordAs(context.Background(), tx, audit.System, audit.Entry{Entity: "chain_test", EntityID: i,
				Action: "update", Summary: "Ieraksts Nr. " + string(rune('A'+i)), Details: map[string]any{"n": i}})
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

// The sealed log verifies; an entry changed by hand, one removed, or a
// chain rewritten from an entry on are each found where they are.
func TestAChangedAuditEntryBreaksTheChainThere(t *testing.T) {
	ctx := context.Background()
	pool := dbtest.Fresh(t) // its own database: the test breaks the chain
	if err := db.Migrate(ctx, pool); err != nil {
		t.Fatal(err)
	}
	recordIn(t, pool, 6)
	if n, err := audit.Seal(ctx, pool); err != nil || n < 6 {
		t.Fatalf("sealed %d: %v", n, err)
	}
	recordIn(t, pool, 2) // committed after the seal: not in the chain yet
	v, err := audit.Verify(ctx, pool)
	if err != nil || v.Broken != 0 || v.Unsealed != 2 || len(v.LastHash) != 32 {
		t.Fatalf("an untouched log: %+v %v", v, err)
	}
	if n, _ := audit.Seal(ctx, pool); n != 2 {
		t.Fatalf("the second seal took %d", n)
	}
	var third, thirdID int64
	if err := pool.QueryRow(ctx, `select chain_seq, id from audit_log where entity = 'chain_test' order by chain_seq offset 2 limit 1`).
		Scan(&third, &thirdID); err != nil {
		t.Fatal(err)
	}
	// A summary changed by hand.
	if _, err := pool.Exec(ctx, `update audit_log set summary = summary || '!' where id = $1`, thirdID); err != nil {
		t.Fatal(err)
	}
	if v, _ := audit.Verify(ctx, pool); v.Broken != third || v.BrokenID != thirdID {
		t.Errorf("a changed summary: %+v, want the break at %d", v, third)
	}
	// Its hash recomputed too: the next entry no longer follows.
	if _, err := pool.Exec(ctx, `update audit_log a set hash = sha256(
			(select p.hash from audit_log p where p.chain_seq = a.chain_seq - 1) || audit_entry_bytes(a)) where id = $1`, thirdID); err != nil {
		t.Fatal(err)
	}
	if v, _ := audit.Verify(ctx, pool); v.Broken != third+1 {
		t.Errorf("a rewritten hash: %+v, want the break at %d", v, third+1)
	}
	// An entry removed: the numbers have a gap.
	if _, err := pool.Exec(ctx, `delete from audit_log where id = $1`, thirdID); err != nil {
		t.Fatal(err)
	}
	if v, _ := audit.Verify(ctx, pool); v.Broken != third+1 || v.Reason != fmt.Sprintf("entry %d of the chain is missing", third) {
		t.Errorf("a removed entry: %+v, want the break at %d", v, third+1)
	}
}
