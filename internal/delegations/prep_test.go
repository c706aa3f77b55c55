package delegations_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/daugavpils/prdesk/internal/apptest"
	"github.com/daugavpils/prdesk/internal/delegations"
	dt "github.com/daugavpils/prdesk/internal/delegations/delegationstest"
)

func TestPreparationChecklistLogisticsAndBudget(t *testing.T) {
	srv := apptest.New(t)
	staff := srv.Client(t, "staff")
	ctx := context.Background()
	d := dt.AddDelegation(t, srv.Pool, delegations.Delegation{Title: "Sagatavošanas delegācija", Kind: delegations.VisitAbroad, Country: "DE"})
	loc := fmt.Sprintf("/delegations/%d", d)
	var item int64
	if err := srv.Pool.QueryRow(ctx, `select id from delegation_checklist where delegation_id = $1 order by position limit 1`, d).Scan(&item); err != nil {
		t.Fatal(err)
	}
	if res := staff.PostForm(t, fmt.Sprintf("%s/checklist/%d", loc, item), url.Values{"done": {"on"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("tick: %d", res.StatusCode)
	}
	var done, open int
	if err := srv.Pool.QueryRow(ctx, `select checklist_done, checklist_open from delegations where id = $1`, d).Scan(&done, &open); err != nil || done != 1 || open != 6 {
		t.Fatalf("kept counts %d/%d, %v", done, open, err)
	}
	list := staff.Get(t, "/delegations?q=Sagatavošanas+delegācija")
	if !strings.Contains(list.Body, "Sagatavošana: izpildīti / atlikuši") || !strings.Contains(list.Body, "<td>1 / 6</td>") {
		t.Fatal("the list does not show the checklist's counts")
	}
	if res := staff.PostForm(t, loc+"/logistics", url.Values{"kind": {"accommodation"}, "description": {"Viesnīca „Latgola”, 3 numuri"},
		"date": {"10.03.2027."}, "start": {"14:00"}, "end_date": {"12.03.2027."}, "end": {"12:00"}, "quantity": {"3"}, "reference": {"LG-4471"}, "confirmed": {"on"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("logistics: %d", res.StatusCode)
	}
	if res := staff.PostForm(t, loc+"/logistics", url.Values{"kind": {"rocket"}, "description": {""}, "quantity": {"x"}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("bad logistics: %d", res.StatusCode)
	}
	for _, f := range []url.Values{
		{"category": {"accommodation"}, "planned": {"450,00"}, "actual": {"432,10"}, "budget_description": {"3 numuri, 2 naktis"}},
		{"category": {"gifts"}, "planned": {"1 200"}},
	} {
		if res := staff.PostForm(t, loc+"/budget", f); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("budget: %d", res.StatusCode)
		}
	}
	for _, f := range []url.Values{{"category": {"gifts"}, "planned": {"-3"}}, {"category": {"gifts"}, "planned": {""}}, {"category": {"x"}, "planned": {"1"}}} {
		if res := staff.PostForm(t, loc+"/budget", f); res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("bad budget %v: %d", f, res.StatusCode)
		}
	}
	page := srv.Client(t, "director").Get(t, loc+"/preparation")
	if page.StatusCode != 200 || !strings.Contains(page.Body, "Viesnīca „Latgola”, 3 numuri") || !strings.Contains(page.Body, "1\u00a0650,00 EUR") ||
		!strings.Contains(page.Body, "432,10 EUR") {
		t.Fatalf("preparation page: %d", page.StatusCode)
	}
	year := staff.Get(t, "/delegations/budget?year=2027")
	if year.StatusCode != 200 || !strings.Contains(year.Body, "1\u00a0200,00 EUR") {
		t.Fatalf("year budget: %d", year.StatusCode)
	}
}

func TestTheHeadEditsTheChecklistTemplates(t *testing.T) {
	srv := apptest.New(t)
	if res := srv.Client(t, "staff").Get(t, "/delegations/checklists"); res.StatusCode != http.StatusForbidden {
		t.Fatalf("staff opens the templates: %d", res.StatusCode)
	}
	head := srv.Client(t, "head")
	if res := head.PostForm(t, "/delegations/checklists", url.Values{"kind": {"representation"}, "text": {"Runas teksts sagatavots"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("add: %d", res.StatusCode)
	}
	if res := head.PostForm(t, "/delegations/checklists", url.Values{"kind": {"representation"}, "text": {""}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("empty: %d", res.StatusCode)
	}
	d := dt.AddDelegation(t, srv.Pool, delegations.Delegation{Title: "Pārstāvība konferencē", Kind: delegations.Representation, Country: "LV"})
	var n int
	if err := srv.Pool.QueryRow(context.Background(), `select count(*) from delegation_checklist where delegation_id = $1 and text = 'Runas teksts sagatavots'`, d).Scan(&n); err != nil || n != 1 {
		t.Fatalf("the new delegation's checklist lacks the template's new item: %d %v", n, err)
	}
}

// A logistics line and a budget line are edited where they were added: the
// form opens filled in, bad input is refused beside the field with nothing
// saved, a stale form overwrites nothing, and each edit is audited.
func TestLogisticsAndBudgetLinesAreEdited(t *testing.T) {
	srv := apptest.New(t)
	staff := srv.Client(t, "staff")
	ctx := context.Background()
	d := dt.AddDelegation(t, srv.Pool, delegations.Delegation{Title: "Labojamā delegācija", Country: "PL"})
	loc := fmt.Sprintf("/delegations/%d", d)
	if res := staff.PostForm(t, loc+"/logistics", url.Values{"kind": {"accommodation"}, "description": {"Viesnīca „Park Hotel Latgola”"},
		"date": {"10.03.2027."}, "start": {"14:00"}, "quantity": {"2"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("logistics: %d", res.StatusCode)
	}
	if res := staff.PostForm(t, loc+"/budget", url.Values{"category": {"meals"}, "planned": {"300"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("budget: %d", res.StatusCode)
	}
	var logistics, budget int64
	if err := srv.Pool.QueryRow(ctx, `select (select id from delegation_logistics where delegation_id = $1),
		(select id from delegation_budget where delegation_id = $1)`, d).Scan(&logistics, &budget); err != nil {
		t.Fatal(err)
	}
	lpath, bpath := fmt.Sprintf("%s/logistics/%d/edit", loc, logistics), fmt.Sprintf("%s/budget/%d/edit", loc, budget)

	page := staff.Get(t, lpath)
	if page.StatusCode != 200 || !strings.Contains(page.Body, `value="Viesnīca „Park Hotel Latgola”"`) || !strings.Contains(page.Body, `value="10.03.2027."`) ||
		!strings.Contains(page.Body, `action="`+lpath+`"`) {
		t.Fatalf("the logistics form is not filled in: %d", page.StatusCode)
	}
	edit := url.Values{"kind": {"accommodation"}, "description": {"Viesnīca „Park Hotel Latgola”, 3 numuri"}, "date": {"10.03.2027."},
		"start": {"14:00"}, "quantity": {"3"}, "reference": {"PH-2207"}, "confirmed": {"on"}, "version": {"1"}}
	bad := url.Values{"kind": {"accommodation"}, "description": {""}, "quantity": {"daudz"}, "version": {"1"}}
	if res := staff.PostForm(t, lpath, bad); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "error-summary") {
		t.Fatalf("bad logistics edit: %d", res.StatusCode)
	}
	if res := staff.PostForm(t, lpath, edit); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("logistics edit: %d", res.StatusCode)
	}
	if res := staff.PostForm(t, lpath, edit); res.StatusCode != http.StatusConflict {
		t.Fatalf("a stale logistics form: %d, want 409", res.StatusCode)
	}
	var ref string
	var quantity int
	var confirmed bool
	if err := srv.Pool.QueryRow(ctx, `select reference, quantity, confirmed from delegation_logistics where id = $1`, logistics).Scan(&ref, &quantity, &confirmed); err != nil ||
		ref != "PH-2207" || quantity != 3 || !confirmed {
		t.Fatalf("the logistics line: %q %d %v, %v", ref, quantity, confirmed, err)
	}

	page = staff.Get(t, bpath)
	if page.StatusCode != 200 || !strings.Contains(page.Body, `value="300,00"`) {
		t.Fatalf("the budget form is not filled in: %d", page.StatusCode)
	}
	if res := staff.PostForm(t, bpath, url.Values{"category": {"meals"}, "planned": {"-1"}, "version": {"1"}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("bad budget edit: %d", res.StatusCode)
	}
	if res := staff.PostForm(t, bpath, url.Values{"category": {"meals"}, "planned": {"350,50"}, "actual": {"341"}, "budget_description": {"Pusdienas Rātsnamā"}, "version": {"1"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("budget edit: %d", res.StatusCode)
	}
	if res := staff.PostForm(t, bpath, url.Values{"category": {"meals"}, "planned": {"1"}, "version": {"1"}}); res.StatusCode != http.StatusConflict {
		t.Fatalf("a stale budget form: %d, want 409", res.StatusCode)
	}
	prep := staff.Get(t, loc+"/preparation")
	if !strings.Contains(prep.Body, "350,50 EUR") || !strings.Contains(prep.Body, "341,00 EUR") || !strings.Contains(prep.Body, "Pusdienas Rātsnamā") {
		t.Fatal("the preparation page does not show the edited budget line")
	}
	var edits int
	if err := srv.Pool.QueryRow(ctx, `select count(*) from audit_log where entity = 'delegation' and entity_id = $1 and action in ('logistics_update', 'budget_update')`, fmt.Sprint(d)).Scan(&edits); err != nil || edits != 2 {
		t.Fatalf("%d edits audited, %v", edits, err)
	}
	if res := srv.Client(t, "director").Get(t, lpath); res.StatusCode != http.StatusForbidden {
		t.Errorf("the director opens the edit form: %d", res.StatusCode)
	}
	if res := staff.Get(t, fmt.Sprintf("%s/logistics/%d/edit", loc, budget+1_000_000)); res.StatusCode != http.StatusNotFound {
		t.Errorf("an unknown line: %d", res.StatusCode)
	}
}
