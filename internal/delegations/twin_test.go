package delegations_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/daugavpils/prdesk/internal/apptest"
	"github.com/daugavpils/prdesk/internal/delegations"
	dt "github.com/daugavpils/prdesk/internal/delegations/delegationstest"
	"github.com/daugavpils/prdesk/internal/twincities"
	tc "github.com/daugavpils/prdesk/internal/twincities/twincitiestest"
)

func TestAVisitDoneAppearsInTheTwinCitysLog(t *testing.T) {
	srv := apptest.New(t)
	staff := srv.Client(t, "staff")
	ctx := context.Background()
	agreement := tc.AddAgreement(t, srv.Pool, twincities.Agreement{City: "Šauļi", Country: "LT"})
	d := dt.AddDelegation(t, srv.Pool, delegations.Delegation{Title: "Šauļu delegācija", Country: "LT", City: "Šauļi", Status: delegations.UnderWay})
	f := delegationForm("Šauļu delegācija", "")
	f.Set("city", "Šauļi")
	f.Set("status", "done")
	f.Set("version", "1")
	if res := staff.PostForm(t, fmt.Sprintf("/delegations/%d/edit", d), f); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("done: %d %s", res.StatusCode, res.Body[:min(len(res.Body), 300)])
	}
	var n int
	if err := srv.Pool.QueryRow(ctx, `select count(*) from twin_log where agreement_id = $1 and kind = 'visit' and link_url like '%/delegations/' || $2`,
		agreement, fmt.Sprint(d)).Scan(&n); err != nil || n != 1 {
		t.Fatalf("%d lines in the twin city's log, %v", n, err)
	}
	log := staff.Get(t, fmt.Sprintf("/twincities/%d", agreement))
	if log.StatusCode != 200 {
		t.Fatalf("twin city card: %d", log.StatusCode)
	}
}

// A visit to or from a twin city is in its log from the day it is
// confirmed, as one line that follows it to done or cancelled; only what
// happened is counted.
func TestAConfirmedVisitIsPlannedInTheTwinCitysLog(t *testing.T) {
	srv := apptest.New(t)
	staff := srv.Client(t, "staff")
	ctx := context.Background()
	agreement := tc.AddAgreement(t, srv.Pool, twincities.Agreement{City: "Klaipēda", Country: "LT"})
	twins := twincities.NewStore(twincities.Deps{Pool: srv.Pool, Now: time.Now})
	line := func(d int64) (n int, state string, on time.Time) {
		t.Helper()
		if err := srv.Pool.QueryRow(ctx, `select count(*), coalesce(min(state), ''), coalesce(min(happened_on), '0001-01-01')
			from twin_log where agreement_id = $1 and idempotency_key = $2`, agreement, fmt.Sprintf("delegation-%d", d)).Scan(&n, &state, &on); err != nil {
			t.Fatal(err)
		}
		return n, state, on
	}
	counted := func() (n int) {
		t.Helper()
		acts, err := twins.Activity(ctx, 2027, 2027)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range acts {
			if a.AgreementID == agreement {
				n += a.N
			}
		}
		return n
	}
	version := 1
	move := func(d int64, status, startsOn string) {
		t.Helper()
		f := delegationForm("Klaipēdas delegācija", "")
		f.Set("city", "Klaipēda")
		f.Set("status", status)
		f.Set("starts_on", startsOn)
		f.Set("ends_on", startsOn)
		f.Set("version", fmt.Sprint(version))
		if res := staff.PostForm(t, fmt.Sprintf("/delegations/%d/edit", d), f); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("%s: %d %s", status, res.StatusCode, res.Body[:min(len(res.Body), 300)])
		}
		version++
	}

	d := dt.AddDelegation(t, srv.Pool, delegations.Delegation{Title: "Klaipēdas delegācija", Country: "LT", City: "Klaipēda"})
	if n, _, _ := line(d); n != 0 {
		t.Fatal("a visit being prepared is in the log")
	}
	move(d, "confirmed", "10.03.2027.")
	if n, state, _ := line(d); n != 1 || state != "planned" {
		t.Fatalf("confirmed: %d lines, %q", n, state)
	}
	card := staff.Get(t, fmt.Sprintf("/twincities/%d", agreement))
	if card.StatusCode != 200 || !strings.Contains(card.Body, "Plānota vizīte") {
		t.Fatalf("the twin city's card does not show the planned visit: %d", card.StatusCode)
	}
	a, err := twins.Agreement(ctx, agreement)
	if err != nil {
		t.Fatal(err)
	}
	if a.LastActivity != nil || counted() != 0 {
		t.Fatal("a planned visit counts as activity")
	}
	// Saved again with a new date, and back a step: still one line.
	move(d, "confirmed", "12.03.2027.")
	move(d, "preparing", "12.03.2027.")
	move(d, "confirmed", "12.03.2027.")
	move(d, "under_way", "12.03.2027.")
	if n, state, on := line(d); n != 1 || state != "planned" || !on.Equal(dt.Date(2027, 3, 12)) {
		t.Fatalf("under way: %d lines, %q on %v", n, state, on)
	}
	move(d, "done", "12.03.2027.")
	if n, state, _ := line(d); n != 1 || state != "happened" {
		t.Fatalf("done: %d lines, %q", n, state)
	}
	if a, _ = twins.Agreement(ctx, agreement); a.LastActivity == nil || counted() != 1 {
		t.Fatal("the visit done is not counted")
	}

	// Confirmed, then cancelled: the line says so and is not counted.
	version = 1
	c := dt.AddDelegation(t, srv.Pool, delegations.Delegation{Title: "Klaipēdas delegācija", Country: "LT", City: "Klaipēda"})
	move(c, "confirmed", "20.04.2027.")
	move(c, "cancelled", "20.04.2027.")
	if n, state, _ := line(c); n != 1 || state != "cancelled" || counted() != 1 {
		t.Fatalf("cancelled: %d lines, %q", n, state)
	}
	if card := staff.Get(t, fmt.Sprintf("/twincities/%d", agreement)); !strings.Contains(card.Body, "Vizīte atcelta") {
		t.Fatal("the twin city's card does not show the cancelled visit")
	}
	// Cancelled before it was confirmed: never in the log.
	version = 1
	p := dt.AddDelegation(t, srv.Pool, delegations.Delegation{Title: "Klaipēdas delegācija", Country: "LT", City: "Klaipēda"})
	move(p, "cancelled", "20.05.2027.")
	if n, _, _ := line(p); n != 0 {
		t.Fatal("a visit cancelled while being prepared is in the log")
	}
	// Registered as confirmed: in the log at once.
	f := delegationForm("Klaipēdas delegācija", key())
	f.Set("city", "Klaipēda")
	f.Set("status", "confirmed")
	if res := staff.PostForm(t, "/delegations", f); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: %d", res.StatusCode)
	}
	var created int64
	if err := srv.Pool.QueryRow(ctx, `select id from delegations where idempotency_key = $1`, f.Get("idem")).Scan(&created); err != nil {
		t.Fatal(err)
	}
	if n, state, _ := line(created); n != 1 || state != "planned" {
		t.Fatalf("registered confirmed: %d lines, %q", n, state)
	}
}

func TestTwinStateOf(t *testing.T) {
	for _, tc := range []struct {
		status delegations.Status
		state  delegations.TwinState
		add    bool
	}{
		{delegations.Idea, delegations.TwinPlanned, false},
		{delegations.Preparing, delegations.TwinPlanned, false},
		{delegations.Confirmed, delegations.TwinPlanned, true},
		{delegations.UnderWay, delegations.TwinPlanned, true},
		{delegations.Done, delegations.TwinHappened, true},
		{delegations.Cancelled, delegations.TwinCancelled, false},
	} {
		if state, add := delegations.TwinStateOf(tc.status); state != tc.state || add != tc.add {
			t.Errorf("%s: %s, add %v; want %s, add %v", tc.status, state, add, tc.state, tc.add)
		}
	}
}
