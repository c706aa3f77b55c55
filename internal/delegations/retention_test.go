package delegations_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/daugavpils/prdesk/internal/apptest"
	"github.com/daugavpils/prdesk/internal/db/dbtest"
	"github.com/daugavpils/prdesk/internal/delegations"
	dt "github.com/daugavpils/prdesk/internal/delegations/delegationstest"
	"github.com/daugavpils/prdesk/internal/privacy"
)

func TestRetentionEmptiesTheNeedsOfPastVisits(t *testing.T) {
	ctx := context.Background()
	s := dt.NewStore(t, dbtest.Pool(t))
	// The store's clock: 4 December 2026; the period: 90 days.
	old := dt.AddDelegation(t, s.Pool, delegations.Delegation{Title: "Sena vizīte", StartsOn: dt.Date(2026, 6, 1), EndsOn: dt.Date(2026, 6, 2), Status: delegations.Idea})
	recent := dt.AddDelegation(t, s.Pool, delegations.Delegation{Title: "Nesena vizīte", StartsOn: dt.Date(2026, 11, 20), EndsOn: dt.Date(2026, 11, 21), Status: delegations.Idea})
	dt.AddGuest(t, s.Pool, old, "Aldona Vaitkutė")
	dt.AddGuest(t, s.Pool, recent, "Jonas Petraitis")
	p, err := s.RetentionPreview(ctx)
	if err != nil || p.Delegations < 1 || p.People < 1 || !p.Cutoff.Equal(dt.Date(2026, 9, 5)) {
		t.Fatalf("preview %+v %v", p, err)
	}
	c, err := s.RunRetention(ctx)
	if err != nil || c.Delegations != p.Delegations || c.People != p.People {
		t.Fatalf("run %+v, preview %+v, %v", c, p, err)
	}
	people := func(d int64) delegations.Participant {
		ps, err := s.People(ctx, d)
		if err != nil || len(ps) != 1 {
			t.Fatalf("people of %d: %v %v", d, ps, err)
		}
		return ps[0]
	}
	if g := people(old); g.Dietary != "" || g.AddressForm != "" || g.Position != "" || g.Name != "Aldona Vaitkutė" {
		t.Fatalf("the old visit's guest %+v", g)
	}
	if g := people(recent); g.Dietary != "veģetārietis" {
		t.Fatalf("the recent visit's guest lost the needs: %+v", g)
	}
	var logged int
	if err := s.Pool.QueryRow(ctx, `select count(*) from audit_log where entity = 'delegation_retention'`).Scan(&logged); err != nil || logged == 0 {
		t.Fatalf("the run is not in the audit log: %d %v", logged, err)
	}
	// Again: nothing more to remove.
	if c, err := s.RunRetention(ctx); err != nil || c.Delegations != 0 {
		t.Fatalf("second run %+v %v", c, err)
	}
}

func TestRetentionPageAndPrivacySearch(t *testing.T) {
	srv := apptest.New(t)
	head := srv.Client(t, "head")
	if res := srv.Client(t, "staff").Get(t, "/delegations/retention"); res.StatusCode != http.StatusForbidden {
		t.Fatalf("staff: %d", res.StatusCode)
	}
	if res := head.Get(t, "/delegations/retention"); res.StatusCode != 200 || !strings.Contains(res.Body, `data-testid="preview"`) {
		t.Fatalf("page: %d", res.StatusCode)
	}
	if res := head.PostForm(t, "/delegations/retention", url.Values{}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("run: %d", res.StatusCode)
	}
	d := dt.AddDelegation(t, srv.Pool, delegations.Delegation{Title: "Privātuma delegācija", StartsOn: time.Now().AddDate(1, 0, 0)})
	dt.AddGuest(t, srv.Pool, d, "Ērika Zvirbule")
	found, err := delegations.PrivacySource(delegations.Deps{}).Find(context.Background(), srv.Pool, privacy.Person{Name: "erika zvirbule"}, true)
	if err != nil || len(found) != 1 || found[0].Link != fmt.Sprintf("/delegations/%d", d) || len(found[0].Sections) != 1 {
		t.Fatalf("found %+v %v", found, err)
	}
}
