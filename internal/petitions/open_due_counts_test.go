package petitions_test

import (
	"context"
	"testing"

	"github.com/daugavpils/prdesk/internal/petitions"
	"github.com/daugavpils/prdesk/internal/petitions/petitionstest"
)

// The open submissions' counts by due date (migration 00204) change in
// the transaction of every change to a submission: in one snapshot they
// are what counting the submissions gives, after submissions are taken
// along every way out of the open states, have their term extended, and
// are put straight into the table.
func TestOpenDueCountsAreTheSubmissions(t *testing.T) {
	srv := server(t)
	at := testNow
	for _, state := range []petitions.State{petitions.Registered, petitions.AwaitingResolution, petitions.InProgress,
		petitions.Answered, petitions.Closed, petitions.Forwarded, petitions.Unexamined, petitions.Joined} {
		p := petitionstest.Register(t, srv.Pool, petitionstest.Sub{At: at, Name: "Skaitīšana " + string(state)})
		petitionstest.Progress(t, srv.Pool, p, state, at)
	}
	extended := petitionstest.Progress(t, srv.Pool, petitionstest.Register(t, srv.Pool, petitionstest.Sub{At: at, Name: "Pagarinātais"}), petitions.InProgress, at)
	petitionstest.Step(t, srv.Pool, extended.ID, "staff", petitions.ActExtend, petitions.Step{Reason: "Jāpieprasa atzinums."}, at)
	for _, state := range []petitions.State{petitions.Registered, petitions.InProgress, petitions.Closed} {
		petitionstest.Insert(t, srv.Pool, petitionstest.Row{Name: "Tieši tabulā", State: state, Executor: "staff", Received: at.AddDate(0, 0, -40)})
	}

	rows, err := srv.Pool.Query(context.Background(), `
		select coalesce(c.due_date, p.due_date)::text, coalesce(c.n, 0), coalesce(p.n, 0)
		from (select due_date, n from petition_open_due_counts where n > 0) c
		full join (select due_date, count(*) n from petitions
		           where state in ('registered', 'awaiting_resolution', 'in_progress') group by due_date) p
		  on p.due_date = c.due_date
		where c.n is distinct from p.n`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var day string
		var kept, counted int64
		if err := rows.Scan(&day, &kept, &counted); err != nil {
			t.Fatal(err)
		}
		t.Errorf("due %s: %d kept, %d open submissions", day, kept, counted)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
}
