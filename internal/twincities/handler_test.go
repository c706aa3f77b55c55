package twincities_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/daugavpils/prdesk/internal/apptest"
	"github.com/daugavpils/prdesk/internal/contacts"
	"github.com/daugavpils/prdesk/internal/contacts/contactstest"
	"github.com/daugavpils/prdesk/internal/twincities"
	tc "github.com/daugavpils/prdesk/internal/twincities/twincitiestest"
)

// agreementForm is a valid form for a new agreement.
func agreementForm(city, idem string) url.Values {
	return url.Values{"city": {city}, "city_original": {""}, "country": {"LT"}, "status": {"active"},
		"signed_on": {"16.05.2003."}, "review_on": {"2027-05-16"}, "fields": {"culture", "sport"}, "languages": {"lv", "lt"},
		"notes": {""}, "version": {"0"}, "idem": {idem}}
}

var idOfLocation = regexp.MustCompile(`^/twincities/(\d+)`)

func TestEveryRoleReadsOrIsRefused(t *testing.T) {
	srv := apptest.New(t)
	a := tc.AddAgreement(t, srv.Pool, twincities.Agreement{City: "Lomu pilsēta", Country: "LT"})
	for _, tcase := range []struct {
		user      string
		read, add bool
	}{
		{"head", true, true}, {"staff", true, true}, {"director", true, false},
		{"clerk", false, false}, {"chair", false, false}, {"deputy", false, false}, {"admin", false, false},
	} {
		c := srv.Client(t, tcase.user)
		for _, path := range []string{"/twincities", fmt.Sprintf("/twincities/%d", a), "/twincities/overview", "/twincities/print",
			"/twincities/greetings", "/twincities/export.csv", "/twincities/calendar.ics"} {
			res := c.Get(t, path)
			if (res.StatusCode == http.StatusOK) != tcase.read || (!tcase.read && res.StatusCode != http.StatusForbidden) {
				t.Errorf("%s GET %s: %d", tcase.user, path, res.StatusCode)
			}
		}
		res := c.Get(t, "/twincities/new")
		if (res.StatusCode == http.StatusOK) != tcase.add {
			t.Errorf("%s GET /twincities/new: %d", tcase.user, res.StatusCode)
		}
		card := c.Get(t, fmt.Sprintf("/twincities/%d", a))
		if tcase.read && strings.Contains(card.Body, "/edit\"") != tcase.add {
			t.Errorf("%s sees the edit link: %v", tcase.user, !tcase.add)
		}
	}
	// The director may not post.
	res := srv.Client(t, "director").PostForm(t, "/twincities", agreementForm("Direktora pilsēta", "director-key-1"))
	if res.StatusCode != http.StatusForbidden {
		t.Fatalf("director posts: %d", res.StatusCode)
	}
}

func TestRegisterOnceAndEditWithVersion(t *testing.T) {
	srv := apptest.New(t)
	staff := srv.Client(t, "staff")
	city := fmt.Sprintf("Panevēža %d", time.Now().UnixNano()%1_000_000)
	key := fmt.Sprintf("form-%d", time.Now().UnixNano())
	first := staff.PostForm(t, "/twincities", agreementForm(city, key))
	if first.StatusCode != http.StatusSeeOther {
		t.Fatalf("register: %d %s", first.StatusCode, first.Body)
	}
	// A double click: the same form again leads to the same agreement.
	second := staff.PostForm(t, "/twincities", agreementForm(city, key))
	if second.StatusCode != http.StatusSeeOther || second.Header.Get("Location") != first.Header.Get("Location") {
		t.Fatalf("again: %d to %s, first to %s", second.StatusCode, second.Header.Get("Location"), first.Header.Get("Location"))
	}
	var n int
	if err := srv.Pool.QueryRow(context.Background(), `select count(*) from twin_agreements where city = $1`, city).Scan(&n); err != nil || n != 1 {
		t.Fatalf("%d agreements, %v", n, err)
	}
	loc := first.Header.Get("Location")
	card := staff.Get(t, loc)
	if !strings.Contains(card.Body, city) || !strings.Contains(card.Body, "16.05.2003.") || !strings.Contains(card.Body, "Reģistrēts") {
		t.Fatalf("card lacks the agreement or its history:\n%s", card.Body)
	}
	edit := staff.Get(t, loc+"/edit")
	if !strings.Contains(edit.Body, `name="version" value="1"`) {
		t.Fatal("the edit form carries no version 1")
	}
	f := agreementForm(city, "")
	f.Set("version", "1")
	f.Set("status", "dormant")
	if res := staff.PostForm(t, loc+"/edit", f); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit: %d", res.StatusCode)
	}
	// The same version again: someone else changed it; nothing overwritten.
	f.Set("status", "ended")
	res := staff.PostForm(t, loc+"/edit", f)
	if res.StatusCode != http.StatusConflict || !strings.Contains(res.Body, "Kāds cits jau ir mainījis") {
		t.Fatalf("stale edit: %d", res.StatusCode)
	}
	card = staff.Get(t, loc)
	if !strings.Contains(card.Body, "Neaktīvs") || strings.Contains(card.Body, ">Izbeigts<") {
		t.Fatal("the stale edit overwrote the status")
	}
}

func TestBadInputIsRefusedBesideItsField(t *testing.T) {
	srv := apptest.New(t)
	staff := srv.Client(t, "staff")
	count := func() int {
		var n int
		if err := srv.Pool.QueryRow(context.Background(), `select count(*) from twin_agreements`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := count()
	key := func() string { return fmt.Sprintf("bad-%d", time.Now().UnixNano()) }
	for _, tcase := range []struct {
		name  string
		edit  func(url.Values)
		wants []string
	}{
		{"empty", func(f url.Values) {
			for _, k := range []string{"city", "country", "status", "signed_on"} {
				f.Set(k, "")
			}
		}, []string{"Ievadiet pilsētas nosaukumu", "Izvēlieties valsti", "Izvēlieties līguma statusu"}},
		{"10 000 characters", func(f url.Values) { f.Set("city", strings.Repeat("ā", 10_000)) }, []string{"Ne vairāk kā 200"}},
		{"a country not offered", func(f url.Values) { f.Set("country", "XX") }, []string{"Izvēlieties valsti no saraksta"}},
		{"not a date", func(f url.Values) { f.Set("signed_on", "31.02.2003.") }, []string{"Datums 31.02.2003. neeksistē"}},
		{"active and unsigned", func(f url.Values) { f.Set("signed_on", "") }, []string{"Ievadiet parakstīšanas datumu"}},
		{"review before signing", func(f url.Values) { f.Set("review_on", "01.01.2000.") }, []string{"nevar būt agrāks"}},
		{"a field not offered", func(f url.Values) { f["fields"] = []string{"culture", "space"} }, []string{"Izvēlieties sadarbības jomas no saraksta"}},
		{"HTML and script, shown as text", func(f url.Values) {
			f.Set("city", `<script>alert("x")</script>`)
			f.Set("country", "")
		}, []string{`&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;`}},
		{"no such contact", func(f url.Values) { f.Set("partner_org_id", "999999999") }, []string{"error"}},
	} {
		t.Run(tcase.name, func(t *testing.T) {
			f := agreementForm("Kļūdu pilsēta", key())
			tcase.edit(f)
			res := staff.PostForm(t, "/twincities", f)
			if res.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("status %d", res.StatusCode)
			}
			if !strings.Contains(res.Body, `class="error-summary"`) {
				t.Error("no error summary")
			}
			for _, w := range tcase.wants {
				if !strings.Contains(res.Body, w) {
					t.Errorf("no %q on the page", w)
				}
			}
			if strings.Contains(res.Body, `<script>alert`) {
				t.Error("the script came back as HTML")
			}
		})
	}
	if count() != before {
		t.Fatalf("bad input saved: %d agreements, were %d", count(), before)
	}
	// Without the form's key the post is refused outright.
	f := agreementForm("Bez atslēgas", "")
	if res := staff.PostForm(t, "/twincities", f); res.StatusCode != http.StatusBadRequest {
		t.Fatalf("no idempotency key: %d", res.StatusCode)
	}
}

func TestLookupPicksTheDirectorysContacts(t *testing.T) {
	srv := apptest.New(t)
	staff := srv.Client(t, "staff")
	n := contactstest.Unique()
	orgName := fmt.Sprintf("Kutaisi pašvaldība %d", n)
	org := contactstest.Org(t, srv.Pool, orgName, contacts.ForeignMunicipality)
	person := contactstest.AddPerson(t, srv.Pool, contactstest.Person{Given: "Nino", Family: fmt.Sprintf("Beridze%d", n), Original: "ნინო ბერიძე"})
	f := agreementForm(fmt.Sprintf("Kutaisi %d", n), fmt.Sprintf("lookup-%d", n))
	f.Set("country", "GE")
	// Picked by id (with JavaScript), and typed (without it).
	f.Set("partner_org_id", fmt.Sprint(org))
	f.Set("partner_org_id_q", orgName)
	f.Set("partner_coordinator_id_q", fmt.Sprintf("beridze%d", n))
	res := staff.PostForm(t, "/twincities", f)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("register: %d\n%s", res.StatusCode, res.Body)
	}
	card := staff.Get(t, res.Header.Get("Location"))
	for _, want := range []string{fmt.Sprintf(`href="/contacts/%d"`, org), fmt.Sprintf(`href="/contacts/%d"`, person), orgName} {
		if !strings.Contains(card.Body, want) {
			t.Errorf("card lacks %q", want)
		}
	}
	// The director reads the names but gets no link into the directory.
	if d := srv.Client(t, "director").Get(t, res.Header.Get("Location")); strings.Contains(d.Body, "/contacts/") || !strings.Contains(d.Body, orgName) {
		t.Error("the director's card links to the directory, or lacks the partner")
	}
	// The contact's card shows what it is to the agreement.
	m := idOfLocation.FindStringSubmatch(res.Header.Get("Location"))
	if c := staff.Get(t, fmt.Sprintf("/contacts/%d", person)); !strings.Contains(c.Body, "/twincities/"+m[1]) {
		t.Errorf("the contact's card does not link to the agreement")
	}
	// An organisation typed as a coordinator names no person: refused.
	f.Set("idem", fmt.Sprintf("lookup2-%d", n))
	f.Set("our_coordinator_id_q", orgName)
	if res := staff.PostForm(t, "/twincities", f); res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("an organisation as a coordinator: %d", res.StatusCode)
	}
}

func TestLogDaysAndPages(t *testing.T) {
	srv := apptest.New(t)
	staff := srv.Client(t, "staff")
	a := tc.AddAgreement(t, srv.Pool, twincities.Agreement{City: fmt.Sprintf("Žurnāla pilsēta %d", time.Now().UnixNano()%1_000_000), Country: "PL"})
	card := fmt.Sprintf("/twincities/%d", a)
	log := url.Values{"kind": {"visit"}, "happened_on": {"14.09.2026."}, "field": {"education"}, "result": {"Skolotāju pieredzes apmaiņa"},
		"participants": {"6 skolotāji"}, "link_url": {"https://www.daugavpils.lv/foto/1"}, "version": {"0"}, "idem": {fmt.Sprintf("log-form-%d", a)}}
	for range 2 { // a double click logs it once
		if res := staff.PostForm(t, card+"/log", log); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("log: %d %s", res.StatusCode, res.Body)
		}
	}
	page := staff.Get(t, card)
	if strings.Count(page.Body, "Skolotāju pieredzes apmaiņa") != 1 || !strings.Contains(page.Body, `href="https://www.daugavpils.lv/foto/1"`) {
		t.Fatal("the log line is not on the card once with its link")
	}
	bad := url.Values{"kind": {"visit"}, "happened_on": {""}, "field": {"education"}, "result": {""}, "link_url": {"javascript:alert(1)"},
		"version": {"0"}, "idem": {fmt.Sprintf("log-bad-%d", a)}}
	res := staff.PostForm(t, card+"/log", bad)
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "Ievadiet īsu rezultātu") ||
		!strings.Contains(res.Body, "Ievadiet datumu") || !strings.Contains(res.Body, "https://") {
		t.Fatalf("bad log line: %d", res.StatusCode)
	}

	// A yearly day; a wrong one refused beside its field.
	if res := staff.PostForm(t, card+"/days", url.Values{"day": {"31.04."}, "occasion": {"Nav tādas dienas"}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("31.04.: %d", res.StatusCode)
	}
	if res := staff.PostForm(t, card+"/days", url.Values{"day": {"15.06."}, "occasion": {"Pilsētas svētki"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("day: %d", res.StatusCode)
	}
	srv.Clock.Set(t, time.Date(2026, 6, 5, 9, 0, 0, 0, time.UTC))
	staff = srv.Client(t, "staff")
	plan := staff.Get(t, "/twincities/greetings?year=2026")
	if !strings.Contains(plan.Body, "15.06.2026.") || !strings.Contains(plan.Body, "Jāsagatavo") || !strings.Contains(plan.Body, "kind=greeting") {
		t.Fatalf("greetings plan lacks the day to prepare")
	}
	ics := staff.Get(t, "/twincities/calendar.ics")
	if ics.Header.Get("Content-Type") != "text/calendar; charset=utf-8" || !strings.Contains(ics.Body, "Pilsētas svētki") {
		t.Fatalf("calendar: %s", ics.Header.Get("Content-Type"))
	}
	over := staff.Get(t, "/twincities/overview?year=2026")
	if over.StatusCode != http.StatusOK || !strings.Contains(over.Body, "Aktivitātes pa jomām, 2026. gads") {
		t.Fatalf("overview: %d", over.StatusCode)
	}
	srv.Clock.Reset()
}

func TestListExportsAndPrint(t *testing.T) {
	srv := apptest.New(t)
	staff := srv.Client(t, "staff")
	tag := fmt.Sprint(time.Now().UnixNano() % 1_000_000)
	tc.AddAgreement(t, srv.Pool, twincities.Agreement{City: "=HYPERLINK(\"x\")" + tag, Country: "DE", Status: twincities.Dormant})
	tc.AddAgreement(t, srv.Pool, twincities.Agreement{City: "Čerņihiva" + tag, CityOriginal: "Чернігів", Country: "UA"})
	tc.AddAgreement(t, srv.Pool, twincities.Agreement{City: "Tartu" + tag, Country: "EE", Status: twincities.Preparation})

	list := staff.Get(t, "/twincities?q=cernihiva"+tag)
	if !strings.Contains(list.Body, "Čerņihiva"+tag) || strings.Contains(list.Body, "Tartu"+tag) || !strings.Contains(list.Body, "Atrasti līgumi: 1") {
		t.Fatal("a search without diacritics does not find the city alone")
	}
	if res := staff.Get(t, "/twincities?status=bogus"); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "Izvēlieties statusu no saraksta") {
		t.Fatalf("bad filter: %d", res.StatusCode)
	}
	csv := staff.Get(t, "/twincities/export.csv?q="+tag)
	if !strings.HasPrefix(csv.Body, "\ufeff") || !strings.Contains(csv.Body, "'=HYPERLINK") || !strings.Contains(csv.Body, "Čerņihiva"+tag) {
		t.Fatalf("csv:\n%s", csv.Body)
	}
	xlsx := staff.Get(t, "/twincities/export.xlsx?q="+tag)
	if xlsx.StatusCode != http.StatusOK || !strings.HasPrefix(xlsx.Body, "PK") {
		t.Fatalf("xlsx: %d", xlsx.StatusCode)
	}
	print := staff.Get(t, "/twincities/print")
	if !strings.Contains(print.Body, "Čerņihiva"+tag) || strings.Contains(print.Body, "Tartu"+tag) {
		t.Fatal("the published list shows an agreement in preparation, or lacks a signed one")
	}
}

func TestScanUpload(t *testing.T) {
	srv := apptest.New(t)
	staff := srv.Client(t, "staff")
	post := func(name, content, idem string) *apptest.Response {
		return staff.PostMultipart(t, "/twincities", agreementForm("Skenēta "+idem, idem),
			apptest.File{Field: "scan", Name: name, Content: []byte(content)})
	}
	n := time.Now().UnixNano()
	if res := post("ligums.exe", "MZ not a scan", fmt.Sprintf("scan-bad-%d", n)); res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("a program as the scan: %d", res.StatusCode)
	}
	res := post("ligums.pdf", tc.ScanPDF, fmt.Sprintf("scan-ok-%d", n))
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("scan: %d %s", res.StatusCode, res.Body)
	}
	card := staff.Get(t, res.Header.Get("Location"))
	m := regexp.MustCompile(`href="(/twincities/\d+/scan/\d+)"`).FindStringSubmatch(card.Body)
	if m == nil {
		t.Fatal("no scan on the card")
	}
	if f := staff.Get(t, m[1]); f.StatusCode != http.StatusOK || !strings.HasPrefix(f.Body, "%PDF") {
		t.Fatalf("scan: %d", f.StatusCode)
	}
	// Another agreement's number with this file: not found.
	other := tc.AddAgreement(t, srv.Pool, twincities.Agreement{City: "Cita", Country: "EE"})
	wrong := regexp.MustCompile(`/twincities/\d+/`).ReplaceAllString(m[1], fmt.Sprintf("/twincities/%d/", other))
	if f := staff.Get(t, wrong); f.StatusCode != http.StatusNotFound {
		t.Fatalf("another agreement's scan: %d", f.StatusCode)
	}
}
