package delegations_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/daugavpils/prdesk/internal/apptest"
	"github.com/daugavpils/prdesk/internal/contacts"
	"github.com/daugavpils/prdesk/internal/contacts/contactstest"
	"github.com/daugavpils/prdesk/internal/delegations"
	dt "github.com/daugavpils/prdesk/internal/delegations/delegationstest"
)

// listPageBytes is what a full page of the list (50 of the demo's kinds
// of delegation, with their organisations, checklists and every filter)
// may weigh. The aim for a list page is about 15 KB of HTML; this one was
// 24 190 bytes and is 21 071 now: the page's shell and the filters are
// about 6 900 of them, and a row about 280, half of it the row's own text
// (title, kind, dates, place, level, status, counts), which no markup
// saving can take away. The bound keeps repeated markup from creeping
// back into the rows.
const listPageBytes = 21_500

// TestTheListPageStaysSmall: a page of 50 believable delegations stays
// near the aim for a list page, with its table still read the same way:
// the caption, a header per column (the checklist's counts named there),
// each row's link to its card.
func TestTheListPageStaysSmall(t *testing.T) {
	srv := apptest.New(t)
	staff := srv.Client(t, "staff")
	// The demo's kinds of visit, in a year no other test uses, so that the
	// year's filter shows these alone.
	visits := []struct {
		kind          delegations.Kind
		title, org    string
		country, city string
		level         delegations.Level
		status        delegations.Status
	}{
		{delegations.Incoming, "Panevēžas mēra vizīte", "Panevēžas pilsētas pašvaldība", "LT", "Panevēža", delegations.Mayor, delegations.Confirmed},
		{delegations.Incoming, "Lietuvas vēstnieka darba vizīte", "", "LT", "Rīga", delegations.Ambassador, delegations.Preparing},
		{delegations.VisitAbroad, "Delegācijas vizīte Lublinā", "Lublinas pilsētas pašvaldība", "PL", "Lublina", delegations.Mayor, delegations.Done},
		{delegations.Incoming, "Kultūras ministra vizīte Daugavpilī", "", "LV", "Rīga", delegations.Minister, delegations.Done},
		{delegations.VisitLatvia, "Domes vadības vizīte Rēzeknē", "", "LV", "Rēzekne", delegations.Mayor, delegations.Confirmed},
		{delegations.Representation, "Pārstāvība Latvijas Pašvaldību savienības kongresā", "", "LV", "Rīga", delegations.OtherLevel, delegations.Done},
		{delegations.Incoming, "Narvas pilsētas delegācija", "Narvas pilsētas pašvaldība", "EE", "Narva", delegations.Mayor, delegations.Idea},
		{delegations.VisitAbroad, "Vizīte Čerņihivā", "Čerņihivas pilsētas pašvaldība", "UA", "Čerņihiva", delegations.Mayor, delegations.Done},
		{delegations.Incoming, "Vācijas vēstnieces vizīte", "", "DE", "Rīga", delegations.Ambassador, delegations.Done},
		{delegations.Representation, "Pārstāvība Tūrisma izstādē „Balttour”", "", "LV", "Rīga", delegations.OtherLevel, delegations.Done},
		{delegations.VisitAbroad, "Vizīte Kutaisi", "Kutaisi pilsētas pašvaldība", "GE", "Kutaisi", delegations.Mayor, delegations.Cancelled},
		{delegations.Incoming, "Valsts prezidenta vizīte Latgalē", "", "LV", "Rīga", delegations.HeadOfState, delegations.Done},
	}
	orgs := map[string]int64{}
	for i := range 55 {
		v := visits[i%len(visits)]
		d := delegations.Delegation{Kind: v.kind, Title: v.title, Country: v.country, City: v.city, Level: v.level, Status: v.status,
			StartsOn: dt.Date(2043, time.Month(1+i%12), 1+i%28), EndsOn: dt.Date(2043, time.Month(1+i%12), 1+i%28+i%3)}
		if v.org != "" {
			if orgs[v.org] == 0 {
				orgs[v.org] = contactstest.Org(t, srv.Pool, v.org, contacts.ForeignMunicipality)
			}
			org := orgs[v.org]
			d.OrgID = &org
		}
		dt.AddDelegation(t, srv.Pool, d)
	}
	res := staff.Get(t, "/delegations?year=2043")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("list: %d", res.StatusCode)
	}
	rows := strings.Count(res.Body, "<tr>") + strings.Count(res.Body, "<tr ")
	if rows != delegations.PageSize+1 {
		t.Fatalf("%d rows (a header and %d delegations expected)", rows, delegations.PageSize)
	}
	for _, want := range []string{`<caption class="visually-hidden">`, `<th scope="col">Sagatavošana: izpildīti / atlikuši</th>`,
		`aria-sort="descending"`, `<a href="/delegations/`} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("the list lacks %s", want)
		}
	}
	apptest.PageWithin(t, fmt.Sprintf("the list page with %d delegations", delegations.PageSize), res.Body, listPageBytes, "DELEGATIONS_LIST_HTML")
}
