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
	"github.com/daugavpils/prdesk/internal/delegations"
	dt "github.com/daugavpils/prdesk/internal/delegations/delegationstest"
)

// delegationForm is a valid form for a new delegation.
func delegationForm(title, idem string) url.Values {
	return url.Values{"kind": {"incoming"}, "title": {title}, "purpose": {"Sadarbība kultūrā"}, "country": {"LT"},
		"city": {"Viļņa"}, "level": {"mayor"}, "starts_on": {"10.03.2027."}, "ends_on": {"11.03.2027."},
		"languages": {"lv", "lt"}, "status": {"idea"}, "responsible_id": {""}, "version": {"0"}, "idem": {idem}}
}

func key() string { return fmt.Sprintf("key-%d", time.Now().UnixNano()) }

func TestEveryRoleReadsOrIsRefused(t *testing.T) {
	srv := apptest.New(t)
	d := dt.AddDelegation(t, srv.Pool, delegations.Delegation{Title: "Lomu delegācija"})
	for _, tc := range []struct {
		user      string
		read, add bool
	}{
		{"head", true, true}, {"staff", true, true}, {"director", true, false},
		{"clerk", false, false}, {"chair", false, false}, {"deputy", false, false}, {"admin", false, false},
	} {
		c := srv.Client(t, tc.user)
		for _, path := range []string{"/delegations", fmt.Sprintf("/delegations/%d", d), "/delegations/export.csv", "/delegations/export.xlsx"} {
			res := c.Get(t, path)
			if (res.StatusCode == http.StatusOK) != tc.read || (!tc.read && res.StatusCode != http.StatusForbidden) {
				t.Errorf("%s GET %s: %d", tc.user, path, res.StatusCode)
			}
		}
		if res := c.Get(t, "/delegations/new"); (res.StatusCode == http.StatusOK) != tc.add {
			t.Errorf("%s GET /delegations/new: %d", tc.user, res.StatusCode)
		}
		card := c.Get(t, fmt.Sprintf("/delegations/%d", d))
		if tc.read && strings.Contains(card.Body, "/edit\"") != tc.add {
			t.Errorf("%s sees the edit link: %v", tc.user, !tc.add)
		}
	}
	if res := srv.Client(t, "director").PostForm(t, "/delegations", delegationForm("Direktora delegācija", key())); res.StatusCode != http.StatusForbidden {
		t.Fatalf("director posts: %d", res.StatusCode)
	}
}

func TestRegisterOnceEditWithVersionAndStatusMachine(t *testing.T) {
	srv := apptest.New(t)
	staff := srv.Client(t, "staff")
	title := fmt.Sprintf("Viļņas delegācija %d", time.Now().UnixNano()%1_000_000)
	k := key()
	first := staff.PostForm(t, "/delegations", delegationForm(title, k))
	if first.StatusCode != http.StatusSeeOther {
		t.Fatalf("register: %d %s", first.StatusCode, first.Body)
	}
	second := staff.PostForm(t, "/delegations", delegationForm(title, k))
	if second.StatusCode != http.StatusSeeOther || second.Header.Get("Location") != first.Header.Get("Location") {
		t.Fatalf("again: %d to %s", second.StatusCode, second.Header.Get("Location"))
	}
	var n, open int
	if err := srv.Pool.QueryRow(context.Background(), `select count(*), max(checklist_open) from delegations where title = $1`, title).Scan(&n, &open); err != nil || n != 1 || open != 7 {
		t.Fatalf("%d delegations with %d open items, %v", n, open, err)
	}
	loc := first.Header.Get("Location")
	card := staff.Get(t, loc)
	if !strings.Contains(card.Body, title) || !strings.Contains(card.Body, "10.03.2027.–11.03.2027.") || !strings.Contains(card.Body, "Reģistrēta") {
		t.Fatalf("card lacks the delegation or its history:\n%s", card.Body)
	}
	f := delegationForm(title, "")
	f.Set("version", "1")
	f.Set("status", "done") // idea → done is no move
	if res := staff.PostForm(t, loc+"/edit", f); res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("idea → done: %d", res.StatusCode)
	}
	f.Set("status", "preparing")
	if res := staff.PostForm(t, loc+"/edit", f); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit: %d %s", res.StatusCode, res.Body)
	}
	// The same version again: someone else changed it; nothing overwritten.
	f.Set("status", "cancelled")
	res := staff.PostForm(t, loc+"/edit", f)
	if res.StatusCode != http.StatusConflict || !strings.Contains(res.Body, "Kāds cits jau ir mainījis") {
		t.Fatalf("stale edit: %d", res.StatusCode)
	}
	if card := staff.Get(t, loc); !strings.Contains(card.Body, "Tiek gatavota") {
		t.Fatal("the stale edit overwrote the status")
	}
}

func TestBadInputIsRefusedBesideItsField(t *testing.T) {
	srv := apptest.New(t)
	staff := srv.Client(t, "staff")
	count := func() int {
		var n int
		if err := srv.Pool.QueryRow(context.Background(), `select count(*) from delegations`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := count()
	for _, tc := range []struct {
		name, field, value, want string
	}{
		{"empty title", "title", "", "Ievadiet nosaukumu"},
		{"long title", "title", strings.Repeat("ā", 10_000), "200"},
		{"unknown kind", "kind", "holiday", "Izvēlieties veidu no saraksta"},
		{"no date", "starts_on", "", "Ievadiet sākuma datumu"},
		{"no such date", "starts_on", "31.02.2027.", "31.02.2027."},
		{"wrong type", "starts_on", "rīt", "datum"},
		{"ends before", "ends_on", "01.03.2027.", "Beigu datums nevar būt agrāks"},
		{"long purpose", "purpose", strings.Repeat("x", 10_000), "4000"},
		{"status a new one cannot have", "status", "done", "Izvēlieties statusu no saraksta"},
		{"responsible not staff", "responsible_id", "999999", "Izvēlieties darbinieku no saraksta"},
	} {
		f := delegationForm("Slikta delegācija", key())
		f.Set(tc.field, tc.value)
		res := staff.PostForm(t, "/delegations", f)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, tc.want) {
			t.Errorf("%s: %d, want 422 with %q", tc.name, res.StatusCode, tc.want)
		}
		if !strings.Contains(res.Body, `class="error-summary`) && !strings.Contains(res.Body, "error-summary") {
			t.Errorf("%s: no error summary", tc.name)
		}
	}
	// HTML and script are shown as text.
	f := delegationForm(`<script>alert("x")</script>`, key())
	res := staff.PostForm(t, "/delegations", f)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("html title: %d", res.StatusCode)
	}
	card := staff.Get(t, res.Header.Get("Location"))
	if strings.Contains(card.Body, `<script>alert("x")`) || !strings.Contains(card.Body, "&lt;script&gt;") {
		t.Fatal("the title's HTML is not shown as text")
	}
	if got := count(); got != before+1 {
		t.Fatalf("%d delegations saved, want 1", got-before)
	}
}

func TestListFiltersSearchAndExports(t *testing.T) {
	srv := apptest.New(t)
	staff := srv.Client(t, "staff")
	tag := fmt.Sprintf("%d", time.Now().UnixNano()%1_000_000)
	dt.AddDelegation(t, srv.Pool, delegations.Delegation{Title: "Bērziņa vizīte " + tag, Country: "DE", Level: delegations.Minister, Kind: delegations.VisitAbroad})
	dt.AddDelegation(t, srv.Pool, delegations.Delegation{Title: "=HYPERLINK(1) " + tag, Country: "PL"})
	res := staff.Get(t, "/delegations?q=berzina+vizite+"+tag)
	if res.StatusCode != 200 || !strings.Contains(res.Body, "Bērziņa vizīte "+tag) || strings.Contains(res.Body, "HYPERLINK") {
		t.Fatalf("diacritic-blind search: %d", res.StatusCode)
	}
	res = staff.Get(t, "/delegations?country=DE&level=minister&kind=visit_abroad&year=2027")
	if !strings.Contains(res.Body, "Bērziņa vizīte "+tag) || strings.Contains(res.Body, "HYPERLINK(1) "+tag) {
		t.Fatal("filters")
	}
	if res := staff.Get(t, "/delegations?kind=holiday"); res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("bad filter: %d", res.StatusCode)
	}
	csv := staff.Get(t, "/delegations/export.csv?q="+tag)
	if csv.StatusCode != 200 || !strings.Contains(csv.Body, "'=HYPERLINK(1)") || !strings.Contains(csv.Body, "Bērziņa vizīte") {
		t.Fatalf("csv: %d\n%s", csv.StatusCode, csv.Body)
	}
	var n int
	if err := srv.Pool.QueryRow(context.Background(), `select count(*) from audit_log where entity = 'delegation' and action = 'export'`).Scan(&n); err != nil || n == 0 {
		t.Fatalf("export not audited: %d %v", n, err)
	}
}
