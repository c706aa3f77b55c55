package petitions_test

import (
	"context"
	"errors"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/petitions"
)

// The demo data fills the registry through the registering code: some
// forty submissions in every state, some overdue. It is written in a
// transaction that is rolled back: other tests share the database.
func TestDemoSubmissions(t *testing.T) {
	srv := server(t)
	ctx := context.Background()
	err := pgx.BeginFunc(ctx, srv.Pool, func(tx pgx.Tx) error {
		if err := petitions.FillDemo(ctx, tx, testNow); err != nil {
			return err
		}
		var n, states, overdue, late int
		if err := tx.QueryRow(ctx, `select count(*), count(distinct state),
			count(*) filter (where state in ('registered', 'awaiting_resolution', 'in_progress') and due_date < $1::date),
			(select count(*) from petition_events e join petitions p on p.id = e.petition_id
			 where p.idempotency_key like 'demo-%' and e.created_at > $1)
			from petitions where idempotency_key like 'demo-%'`, testNow).Scan(&n, &states, &overdue, &late); err != nil {
			return err
		}
		if n < 35 || states != 8 || overdue == 0 {
			t.Errorf("demo: %d submissions in %d states, %d overdue", n, states, overdue)
		}
		if late != 0 {
			t.Errorf("%d demo events after the moment the demo was made", late)
		}
		return errRollback
	})
	if !errors.Is(err, errRollback) {
		t.Fatal(err)
	}
}

var errRollback = errors.New("rolled back")
