package delegations_test

import (
	"context"
	"testing"

	"github.com/daugavpils/prdesk/internal/db/dbtest"
	"github.com/daugavpils/prdesk/internal/delegations"
	dt "github.com/daugavpils/prdesk/internal/delegations/delegationstest"
)

func TestSummaryCountsByKindCountryAndLevelWithCosts(t *testing.T) {
	ctx := context.Background()
	pool := dbtest.Pool(t)
	from, to := dt.Date(2031, 1, 1), dt.Date(2032, 1, 1)
	a := dt.AddDelegation(t, pool, delegations.Delegation{Title: "Kopsavilkums A", Country: "LT", Level: delegations.Mayor, StartsOn: dt.Date(2031, 3, 1)})
	dt.AddDelegation(t, pool, delegations.Delegation{Title: "Kopsavilkums B", Kind: delegations.VisitAbroad, Country: "DE", Level: delegations.Minister, StartsOn: dt.Date(2031, 5, 1)})
	dt.AddDelegation(t, pool, delegations.Delegation{Title: "Kopsavilkums C", Country: "LT", Level: delegations.Mayor, StartsOn: dt.Date(2031, 6, 1), Status: delegations.Idea})
	dt.AddDelegation(t, pool, delegations.Delegation{Title: "Ārpus perioda", Country: "LT", StartsOn: dt.Date(2032, 1, 1)})
	s := dt.NewStore(t, pool)
	actual := delegations.Money(43210)
	if _, err := s.AddBudget(ctx, delegations.BudgetLine{DelegationID: a, Category: "accommodation", Planned: 45000, Actual: &actual}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddBudget(ctx, delegations.BudgetLine{DelegationID: a, Category: "gifts", Planned: 12050}); err != nil {
		t.Fatal(err)
	}
	r, err := delegations.Summary(ctx, pool, from, to)
	if err != nil {
		t.Fatal(err)
	}
	if r.Delegations != 3 || r.ByKind[delegations.Incoming] != 2 || r.ByKind[delegations.VisitAbroad] != 1 || r.ByCountry["LT"] != 2 ||
		r.ByLevel[delegations.Minister] != 1 || r.Costs.Planned != 57050 || r.Costs.Actual != 43210 || r.ByCategory["gifts"].Planned != 12050 {
		t.Fatalf("summary %+v", r)
	}
}
