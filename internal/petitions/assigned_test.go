package petitions_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/calendar"
	"github.com/daugavpils/prdesk/internal/petitions"
	"github.com/daugavpils/prdesk/internal/petitions/petitionstest"
)

// The home page's "assigned to me" reads the due dates the executors' rows
// carry while their submission is in progress (migration 00203): they
// must follow the submission through the resolution, an extended term, a
// change of executors and the answer, each taken the way the card takes
// it.
func TestAssignedToFollowsTheSubmission(t *testing.T) {
	srv := server(t)
	ctx := context.Background()
	store := petitions.NewStore(petitions.Deps{Pool: srv.Pool})
	n := time.Now().UnixNano()
	firstName, secondName := fmt.Sprintf("izpilde_a_%d", n), fmt.Sprintf("izpilde_b_%d", n)
	first, second := assignedUser(t, srv.Pool, firstName), assignedUser(t, srv.Pool, secondName)
	at := testNow
	want := func(what string, user int64, today time.Time, n, overdue int) {
		t.Helper()
		got, err := store.AssignedTo(ctx, user, today)
		if err != nil {
			t.Fatal(err)
		}
		if got.N != n || got.Overdue != overdue {
			t.Errorf("%s: %d assigned, %d overdue; want %d and %d", what, got.N, got.Overdue, n, overdue)
		}
	}

	p := petitionstest.Register(t, srv.Pool, petitionstest.Sub{At: at, Name: "Kārlis Izpildes"})
	petitionstest.Step(t, srv.Pool, p.ID, "clerk", petitions.ActSend, petitions.Step{}, at)
	want("sent for a resolution", first, calendar.DateOf(at), 0, 0)
	petitionstest.Step(t, srv.Pool, p.ID, "chair", petitions.ActResolve, petitions.Step{
		Resolution: "Sagatavot atbildi.", Users: []int64{first}, ExecDue: p.LegalDueDate}, at)
	due := petitionstest.Get(t, srv.Pool, p.ID).DueDate
	want("resolved", first, calendar.DateOf(at), 1, 0)
	want("resolved, the day after its term", first, calendar.DateOf(due).AddDate(0, 0, 1), 1, 1)

	petitionstest.Step(t, srv.Pool, p.ID, firstName, petitions.ActExtend, petitions.Step{Reason: "Jāpieprasa atzinums."}, at)
	extended := petitionstest.Get(t, srv.Pool, p.ID).DueDate
	if !extended.After(due) {
		t.Fatalf("the term was not extended: %s, then %s", due, extended)
	}
	want("extended, the day after the old term", first, calendar.DateOf(due).AddDate(0, 0, 1), 1, 0)
	want("extended, the day after the new term", first, calendar.DateOf(extended).AddDate(0, 0, 1), 1, 1)

	petitionstest.Step(t, srv.Pool, p.ID, "head", petitions.ActReassign, petitions.Step{
		Users: []int64{second}, ExecDue: calendar.DateOf(extended)}, at)
	want("reassigned, the one before", first, calendar.DateOf(at), 0, 0)
	want("reassigned, the one after", second, calendar.DateOf(extended).AddDate(0, 0, 1), 1, 1)
	// While the rows written before 00203 are being filled in, the count
	// looks the executors up: the same figures (a store of its own, which
	// has not yet seen the backfill done).
	if _, err := srv.Pool.Exec(ctx, `insert into settings (key, value) values ('backfill.petition_executors_open_due', '0')`); err != nil {
		t.Fatal(err)
	}
	filling := petitions.NewStore(petitions.Deps{Pool: srv.Pool})
	if got, err := filling.AssignedTo(ctx, second, calendar.DateOf(extended).AddDate(0, 0, 1)); err != nil || got != (petitions.Tally{N: 1, Overdue: 1}) {
		t.Errorf("reassigned, counted as before 00203: %+v, %v", got, err)
	}
	if _, err := srv.Pool.Exec(ctx, `delete from settings where key = 'backfill.petition_executors_open_due'`); err != nil {
		t.Fatal(err)
	}

	petitionstest.Step(t, srv.Pool, p.ID, secondName, petitions.ActAnswer, petitions.Step{
		AnswerNumber: "ATB-" + p.RegNumber, AnswerOn: calendar.DateOf(at), AnswerChannel: petitions.ReplyPost, AnswerText: "Atbilde."}, at)
	want("answered", second, calendar.DateOf(extended).AddDate(0, 0, 1), 0, 0)
}

// assignedUser is a staff member of this test alone, so that no other
// test's submissions are counted as theirs; inactive after it, so that
// the lists' filters the other tests weigh do not offer them.
func assignedUser(t *testing.T, pool *pgxpool.Pool, username string) int64 {
	t.Helper()
	id := petitionstest.Account(t, pool, username, "Izpildītājs "+username, auth.RoleStaff)
	t.Cleanup(func() {
		if _, err := pool.Exec(context.Background(), `update users set active = false where id = $1`, id); err != nil {
			t.Error(err)
		}
	})
	return id
}
