package delegations_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"

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
