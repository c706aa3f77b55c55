package delegations_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/daugavpils/prdesk/internal/apptest"
	"github.com/daugavpils/prdesk/internal/delegations"
	dt "github.com/daugavpils/prdesk/internal/delegations/delegationstest"
)

// TestListPagesThroughEveryMatchInEitherOrder: a search that matches more
// than a page gives every match once across the pages, in the order
// chosen, and the filters set with it narrow each page and the count.
func TestListPagesThroughEveryMatchInEitherOrder(t *testing.T) {
	srv := apptest.New(t)
	s := dt.NewStore(t, srv.Pool)
	tag := fmt.Sprintf("lapas%d", time.Now().UnixNano()%1_000_000_000)
	const n = delegations.PageSize + 3
	for i := range n {
		d := delegations.Delegation{Title: fmt.Sprintf("Vizīte %s %02d", tag, i), StartsOn: dt.Date(2030, 1, 1+i%20)}
		if i%2 == 1 {
			d.Country, d.Status = "EE", delegations.Confirmed
		}
		dt.AddDelegation(t, srv.Pool, d)
	}
	for _, sort := range []delegations.Sort{delegations.ByStart, delegations.ByTitle} {
		q := delegations.ListQuery{Q: tag, Sort: sort}
		var seen []delegations.Delegation
		for page := 0; ; page++ {
			p, err := s.List(t.Context(), q)
			if err != nil {
				t.Fatal(err)
			}
			if page == 0 && p.Total != n {
				t.Errorf("%s: %d counted, want %d", sort, p.Total, n)
			}
			seen = append(seen, p.Rows...)
			if p.Next == nil || page > 3 {
				break
			}
			q.After = p.Next
		}
		if len(seen) != n {
			t.Fatalf("%s: %d rows over the pages, want %d", sort, len(seen), n)
		}
		ids := map[int64]bool{}
		for i, d := range seen {
			ids[d.ID] = true
			if i == 0 {
				continue
			}
			prev := seen[i-1]
			inOrder := prev.StartsOn.After(d.StartsOn) || prev.StartsOn.Equal(d.StartsOn) && prev.ID > d.ID
			if sort == delegations.ByTitle {
				inOrder = prev.Title < d.Title
			}
			if !inOrder {
				t.Fatalf("%s: %q before %q", sort, prev.Title, d.Title)
			}
		}
		if len(ids) != n {
			t.Errorf("%s: %d different rows, want %d", sort, len(ids), n)
		}
	}
	p, err := s.List(t.Context(), delegations.ListQuery{Q: tag, Country: "EE", Status: delegations.Confirmed, Year: 2030})
	if err != nil {
		t.Fatal(err)
	}
	if p.Total != n/2 || len(p.Rows) != n/2 || p.Next != nil {
		t.Errorf("filtered: %d counted, %d rows, want %d", p.Total, len(p.Rows), n/2)
	}
	for _, d := range p.Rows {
		if d.Country != "EE" || d.Status != delegations.Confirmed {
			t.Errorf("filtered: %q is %s, %s", d.Title, d.Country, d.Status)
		}
	}
}
