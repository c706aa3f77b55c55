package main

import (
	"context"
	"testing"

	"github.com/daugavpils/prdesk/internal/db/dbtest"
)

// The delegations' generator writes what the area's triggers would have
// kept (it runs with them off): the counts by year, kind and status, and
// each delegation's ticked and open checklist items; a second run adds
// nothing.
func TestSeedDelegations(t *testing.T) {
	pool := dbtest.Pool(t)
	ctx := context.Background()
	for range 2 {
		if err := seedDelegations(ctx, pool); err != nil {
			t.Fatal(err)
		}
	}
	var rows, counted, wrong, items int
	if err := pool.QueryRow(ctx, `select (select count(*) from delegations), (select coalesce(sum(n), 0) from delegation_counts),
		(select count(*) from delegations d where d.checklist_done + d.checklist_open <> (select count(*) from delegation_checklist c where c.delegation_id = d.id)
			or d.checklist_done <> (select count(*) from delegation_checklist c where c.delegation_id = d.id and c.done_at is not null)),
		(select count(*) from delegation_programme)`).Scan(&rows, &counted, &wrong, &items); err != nil {
		t.Fatal(err)
	}
	if rows < benchDelegations || counted != rows || wrong != 0 || items < 4*benchDelegations {
		t.Fatalf("%d delegations, %d counted, %d with wrong checklist counts, %d programme items", rows, counted, wrong, items)
	}
}
