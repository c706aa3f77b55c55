package reports_test

import (
	"context"
	"github.com/daugavpils/prdesk/internal/app"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/daugavpils/prdesk/internal/apptest"
	"github.com/daugavpils/prdesk/internal/contacts/contactstest"
	"github.com/daugavpils/prdesk/internal/delegations"
	"github.com/daugavpils/prdesk/internal/delegations/delegationstest"
	"github.com/daugavpils/prdesk/internal/monitoring"
	"github.com/daugavpils/prdesk/internal/monitoring/monitoringtest"
	"github.com/daugavpils/prdesk/internal/petitions"
	"github.com/daugavpils/prdesk/internal/petitions/petitionstest"
	"github.com/daugavpils/prdesk/internal/press"
	"github.com/daugavpils/prdesk/internal/press/presstest"
	"github.com/daugavpils/prdesk/internal/twincities"
	"github.com/daugavpils/prdesk/internal/twincities/twincitiestest"
	"github.com/daugavpils/prdesk/internal/visitors"
	"github.com/daugavpils/prdesk/internal/visitors/visitorstest"
)

// fold lower-cases s and takes the Latvian diacritics off ("Bērziņš" → "berzins").
var fold = func() func(string) string {
	r := strings.NewReplacer("ā", "a", "č", "c", "ē", "e", "ģ", "g", "ī", "i", "ķ", "k", "ļ", "l", "ņ", "n", "š", "s", "ū", "u", "ž", "z")
	return func(s string) string { return r.Replace(strings.ToLower(s)) }
}()

// people is one surname of this run, in every area the search looks in.
type people struct {
	family   string // "Bērziņš<n>"
	query    string // the surname as typed without diacritics
	petition *petitions.Petition
	booking  int64
	release  int64
	event    int64 // a press conference on the surname
	clipping int64
	contact  int64
	visit    int64
	twin     int64
}

func seed(t *testing.T, srv *apptest.Server) people {
	t.Helper()
	n := strconv.FormatInt(contactstest.Unique(), 10)
	p := people{family: "Bērziņš" + n, query: "berzins" + n}
	p.petition = petitionstest.Register(t, srv.Pool, petitionstest.Sub{At: srv.Clock.Now(), Name: "Jānis " + p.family,
		Subject: "Ielu apgaismojums Ģimnāzijas ielā"})
	vs := visitorstest.NewStore(t, srv.Pool)
	official := visitorstest.NewOfficial(t, srv.Pool, "Meklēšanas amatpersona "+n)
	var err error
	if p.booking, err = vs.Book(context.Background(), visitors.NewBooking{OfficialID: official, Start: visitorstest.Wednesday(11, 0),
		VisitorName: p.family + " Ilze", Phone: "+37126661234", Topic: "Sadarbība ar skolu", Language: "lv"}); err != nil {
		t.Fatal(err)
	}
	p.release = presstest.AddRelease(t, srv.Pool, press.Input{Content: press.Content{
		Texts: []press.Text{presstest.Latvian(p.family + " atklāj jauno tiltu")}}})
	p.event = presstest.AddEvent(t, srv.Pool, press.Event{Title: "Preses konference: " + p.family + " par jauno tiltu"})
	p.clipping = monitoringtest.AddClipping(t, srv.Pool, monitoring.Clipping{Title: "Intervija: " + p.family + " par pilsētas svētkiem"})
	p.contact = contactstest.AddPerson(t, srv.Pool, contactstest.Person{Given: "Anna", Family: p.family})
	p.visit = delegationstest.AddDelegation(t, srv.Pool, delegations.Delegation{Title: "Vizīte pie " + p.family})
	p.twin = twincitiestest.AddAgreement(t, srv.Pool, twincities.Agreement{City: p.family + "burga", Country: "LT"})
	return p
}

// searchPatiently searches for q as c, again when an area did not answer
// in its time, as a person would: on this shared test machine a test's
// queries can wait longer than an area's time, and these tests are about
// what is found, not how fast (TestSlowAreaDoesNotHoldThePage is).
func searchPatiently(t *testing.T, c *apptest.Client, q string) *apptest.Response {
	t.Helper()
	for try := 1; ; try++ {
		res := c.Get(t, "/reports/search?q="+url.QueryEscape(q))
		if res.StatusCode != http.StatusOK {
			t.Fatalf("status %d", res.StatusCode)
		}
		if !strings.Contains(res.Body, `data-testid="search-timeout"`) || try == 5 {
			return res
		}
	}
}

func hitLink(path string, id int64) string { return `href="` + path + strconv.FormatInt(id, 10) + `"` }

// section is the part of the page of one area's results, "" when there is none.
func section(body, area string) string {
	i := strings.Index(body, `data-testid="search-area-`+area+`"`)
	if i < 0 {
		return ""
	}
	rest := body[i:]
	if j := strings.Index(rest[1:], `data-testid="search-area-`); j >= 0 {
		return rest[:j+1]
	}
	return rest
}

// A surname typed without diacritics finds its records in every area the
// role may open, grouped by area in the navigation's order; an area the
// role may not open shows nothing of its own, and the administrator, who
// reads no personal data, gets no area at all.
func TestSearchFindsEachRoleWhatItMayOpen(t *testing.T) {
	srv := apptest.New(t)
	p := seed(t, srv)
	order := []string{"petitions", "visitors", "press", "monitoring", "delegations", "twincities", "contacts"}
	found := map[string]string{
		"petitions":   hitLink("/petitions/", p.petition.ID),
		"visitors":    hitLink("/visitors/bookings/", p.booking),
		"press":       hitLink("/press/", p.release),
		"monitoring":  hitLink("/monitoring/", p.clipping),
		"delegations": hitLink("/delegations/", p.visit),
		"twincities":  hitLink("/twincities/", p.twin),
		"contacts":    hitLink("/contacts/", p.contact),
	}
	for _, tc := range []struct {
		role  string
		areas []string
	}{
		{"staff", order},
		{"head", order},
		{"clerk", []string{"petitions", "visitors", "monitoring", "contacts"}},
		{"director", []string{"petitions", "monitoring", "delegations", "twincities"}},
		{"admin", nil},
	} {
		t.Run(tc.role, func(t *testing.T) {
			res := searchPatiently(t, srv.Client(t, tc.role), p.query)
			if !strings.Contains(res.Body, `value="`+p.query+`"`) {
				t.Error("the query is not kept in the box")
			}
			last := -1
			for _, area := range order {
				want := false
				for _, a := range tc.areas {
					want = want || a == area
				}
				sec := section(res.Body, area)
				if got := strings.Contains(sec, found[area]); got != want {
					t.Errorf("%s: found %v, want %v (timed out: %v)", area, got, want, strings.Contains(sec, "search-timeout"))
				}
				if !want && strings.Contains(res.Body, found[area]) {
					t.Errorf("%s: its record is on the page of a role that may not open it", area)
				}
				// The press group holds the press conference as well, linked to its card.
				if event := hitLink("/press/events/", p.event); area == "press" && strings.Contains(sec, event) != want ||
					!want && area == "press" && strings.Contains(res.Body, event) {
					t.Errorf("press: the event found %v, want %v", strings.Contains(res.Body, event), want)
				}
				if want {
					at := strings.Index(res.Body, `data-testid="search-area-`+area+`"`)
					if at < last {
						t.Errorf("%s is out of the navigation's order", area)
					}
					last = at
				}
			}
			if tc.areas == nil {
				if !strings.Contains(res.Body, `data-testid="search-no-areas"`) || strings.Contains(fold(res.Body), p.query) &&
					strings.Count(fold(res.Body), p.query) > 1 {
					t.Error("the administrator is not told that there is nothing to search, or sees the name beyond the box")
				}
			}
		})
	}
}

// A registration number or a check code (in any case) of one submission
// goes straight to its card; the start of a number that many share lists them.
func TestSearchByNumberOpensTheCard(t *testing.T) {
	srv := apptest.New(t)
	p := seed(t, srv)
	staff := srv.Client(t, "staff")
	card := "/petitions/" + strconv.FormatInt(p.petition.ID, 10)
	for _, q := range []string{p.petition.RegNumber, " " + p.petition.RegNumber + " ", strings.ToLower(p.petition.CheckCode)} {
		res := staff.Get(t, "/reports/search?q="+url.QueryEscape(q))
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != card {
			t.Errorf("%q: status %d to %q, want %s", q, res.StatusCode, res.Header.Get("Location"), card)
		}
	}
	// The case index and the year alone: a list, not a card.
	prefix := p.petition.RegNumber[:strings.LastIndex(p.petition.RegNumber, "/")+1]
	petitionstest.Register(t, srv.Pool, petitionstest.Sub{At: srv.Clock.Now()})
	if res := staff.Get(t, "/reports/search?q="+url.QueryEscape(prefix)); res.StatusCode != http.StatusOK ||
		!strings.Contains(section(res.Body, "petitions"), hitLink("/petitions/", p.petition.ID)) {
		t.Errorf("a number's start: status %d, or the submission not listed", res.StatusCode)
	}
}

// The search that showed personal data is in the audit log, with how many
// records each area showed and their numbers, and never the name that was
// typed; a search that showed none is not.
func TestSearchIsAuditedWithoutTheName(t *testing.T) {
	srv := apptest.New(t)
	p := seed(t, srv)
	ctx := context.Background()
	var before int64
	if err := srv.Pool.QueryRow(ctx, `select coalesce(max(id), 0) from audit_log`).Scan(&before); err != nil {
		t.Fatal(err)
	}
	searchPatiently(t, srv.Client(t, "staff"), p.query)
	var summary, details string
	if err := srv.Pool.QueryRow(ctx, `select summary, details::text from audit_log
		where id > $1 and entity = 'site_search' and action = 'search' order by id desc limit 1`, before).Scan(&summary, &details); err != nil {
		t.Fatalf("no audit entry of the search: %v", err)
	}
	for _, s := range []string{summary, details} {
		if strings.Contains(fold(s), "berzin") || strings.Contains(s, p.family) {
			t.Errorf("the audit entry holds the name: %s", s)
		}
	}
	if !strings.Contains(summary, "Iesniegumi 1") || !strings.Contains(details, p.petition.RegNumber) {
		t.Errorf("the entry does not say what was shown: %s / %s", summary, details)
	}
	// A city found only in the twin cities shows no personal data.
	if err := srv.Pool.QueryRow(ctx, `select coalesce(max(id), 0) from audit_log`).Scan(&before); err != nil {
		t.Fatal(err)
	}
	if res := searchPatiently(t, srv.Client(t, "staff"), p.query+"burga"); !strings.Contains(res.Body, hitLink("/twincities/", p.twin)) {
		t.Fatal("the twin city is not found")
	}
	var n int
	if err := srv.Pool.QueryRow(ctx, `select count(*) from audit_log where id > $1 and entity = 'site_search'`, before).Scan(&n); err != nil || n != 0 {
		t.Errorf("a search without personal data audited %d times (%v)", n, err)
	}
}

// An area that does not answer in its time (here a table locked by
// another transaction) is shown as such, and the other areas' results are
// on the page without waiting for it.
func TestSlowAreaDoesNotHoldThePage(t *testing.T) {
	// A server of its own with a time short enough for the test, long
	// enough for the areas that are not locked on a busy machine.
	srv := apptest.NewWithConfig(t, func(c *app.Config) { c.SearchAreaTimeout = 5 * time.Second })
	p := seed(t, srv)
	ctx := context.Background()
	tx, err := srv.Pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx) //nolint:errcheck // ends the lock
	if _, err := tx.Exec(ctx, `lock table twin_agreements in access exclusive mode`); err != nil {
		t.Fatal(err)
	}
	res := srv.Client(t, "staff").Get(t, "/reports/search?q="+url.QueryEscape(p.query))
	if res.StatusCode != http.StatusOK {
		t.Fatalf("status %d", res.StatusCode)
	}
	if !strings.Contains(section(res.Body, "twincities"), `data-testid="search-timeout"`) {
		t.Error("the locked area is not shown as not answering in time")
	}
	if !strings.Contains(section(res.Body, "petitions"), hitLink("/petitions/", p.petition.ID)) {
		t.Error("the other areas' results are missing")
	}
}

// What is typed is shown as text, however long or whatever it holds, and
// a search that cannot be made says what to do.
func TestSearchInputs(t *testing.T) {
	srv := apptest.New(t)
	staff := srv.Client(t, "staff")
	for _, tc := range []struct {
		name, q, want string
	}{
		{"no query yet", "", `action="/reports/search"`},
		{"empty", "?q=", "Ierakstiet, ko meklēt"},
		{"one character", "?q=b", "Ierakstiet vismaz 2 rakstzīmes"},
		{"10 000 characters", "?q=" + strings.Repeat("ā", 10000), "ne vairāk kā 100 rakstzīmes"},
		{"HTML", "?q=" + url.QueryEscape(`<script>alert(1)</script>`), `value="&lt;script&gt;alert(1)&lt;/script&gt;"`},
		{"nothing found", "?q=zzqxyneesosa", `data-testid="search-none"`},
		{"only signs", "?q=" + url.QueryEscape("%%__"), "Ierakstiet burtus vai ciparus"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := staff.Get(t, "/reports/search"+tc.q)
			if res.StatusCode != http.StatusOK {
				t.Fatalf("status %d", res.StatusCode)
			}
			if !strings.Contains(res.Body, tc.want) {
				t.Errorf("the page lacks %q", tc.want)
			}
			if strings.Contains(res.Body, "<script>alert") {
				t.Error("the query is in the page as HTML")
			}
		})
	}
	// The box is in the shell of every page for those signed in.
	if res := staff.Get(t, "/petitions"); !strings.Contains(res.Body, `class="shell-search"`) || !strings.Contains(res.Body, `for="shell-q"`) {
		t.Error("the shell has no labelled search box")
	}
}
