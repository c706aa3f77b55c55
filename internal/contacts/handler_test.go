package contacts_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/daugavpils/prdesk/internal/apptest"
	"github.com/daugavpils/prdesk/internal/contacts"
	"github.com/daugavpils/prdesk/internal/contacts/contactstest"
)

func personForm(given, family, email string) url.Values {
	return url.Values{
		"kind": {"person"}, "given_name": {given}, "family_name": {family}, "country": {"LV"},
		"emails": {email}, "phones": {"29 123 456"}, "legal_basis": {"legitimate_interest"},
		"source": {"vizītkarte"}, "languages": {"lv", "ru"}, "topics": {"culture"}, "tags": {"Latgale, kultūra"},
		"idem": {fmt.Sprintf("idem-%d", contactstest.Unique())}, "version": {"0"},
	}
}

var cardLink = regexp.MustCompile(`^/contacts/(\d+)$`)

func TestAddingAPersonOnceWhateverTheClicks(t *testing.T) {
	srv := apptest.New(t)
	c := srv.Client(t, "staff")
	n := contactstest.Unique()
	f := personForm("Ieva", fmt.Sprintf("Divklikšķe%d", n), fmt.Sprintf("ieva%d@example.lv", n))
	res := c.PostForm(t, "/contacts", f)
	if res.StatusCode != http.StatusSeeOther || !cardLink.MatchString(res.Header.Get("Location")) {
		t.Fatalf("create: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	again := c.PostForm(t, "/contacts", f)
	if again.Header.Get("Location") != res.Header.Get("Location") {
		t.Errorf("the same form twice: %s, then %s", res.Header.Get("Location"), again.Header.Get("Location"))
	}
	var count int
	srv.Pool.QueryRow(t.Context(), `select count(*) from contacts where family_name = $1`, f.Get("family_name")).Scan(&count)
	if count != 1 {
		t.Errorf("%d records", count)
	}
	card := c.Get(t, res.Header.Get("Location"))
	for _, want := range []string{"Ieva " + f.Get("family_name"), "+371 2912 3456", "latviešu, krievu", "Leģitīmās intereses", "latgale"} {
		if !strings.Contains(card.Body, want) {
			t.Errorf("card lacks %q", want)
		}
	}
}

func TestTheFormRefusesBadInputBesideItsFields(t *testing.T) {
	srv := apptest.New(t)
	c := srv.Client(t, "staff")
	n := contactstest.Unique()
	for name, c2 := range map[string]struct {
		change func(url.Values)
		want   []string
	}{
		"empty": {func(f url.Values) {
			for k := range f {
				if k != "idem" && k != "kind" {
					f.Del(k)
				}
			}
		}, []string{"Ievadiet vārdu", "Ievadiet uzvārdu", "Ievadiet, no kurienes dati iegūti", "Izvēlieties datu apstrādes pamatu"}},
		"too long":             {func(f url.Values) { f.Set("family_name", strings.Repeat("ā", 10000)) }, []string{"Uzvārds"}},
		"bad email":            {func(f url.Values) { f.Set("emails", "ne-adrese") }, []string{"„ne-adrese” nav e-pasta adrese"}},
		"bad phone":            {func(f url.Values) { f.Set("phones", "zvanīt vakarā") }, []string{"nav tālruņa numurs"}},
		"consent without date": {func(f url.Values) { f.Set("legal_basis", "consent") }, []string{"Ievadiet piekrišanas datumu"}},
		"wrong type":           {func(f url.Values) { f.Set("legal_basis", "<b>cits</b>") }, []string{"error-summary"}},
	} {
		f := personForm("Kļūda", fmt.Sprintf("Lauciņa%d", n), "")
		c2.change(f)
		res := c.PostForm(t, "/contacts", f)
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("%s: status %d", name, res.StatusCode)
		}
		for _, w := range c2.want {
			if !strings.Contains(res.Body, w) {
				t.Errorf("%s: the page lacks %q", name, w)
			}
		}
	}
	var count int
	srv.Pool.QueryRow(t.Context(), `select count(*) from contacts where family_name like $1`, fmt.Sprintf("Lauciņa%d%%", n)).Scan(&count)
	if count != 0 {
		t.Errorf("%d saved", count)
	}
	// HTML typed into a name is shown as text.
	f := personForm("<script>alert(1)</script>", fmt.Sprintf("Skripts%d", n), "")
	f.Set("phones", "")
	res := c.PostForm(t, "/contacts", f)
	card := c.Get(t, res.Header.Get("Location"))
	if strings.Contains(card.Body, "<script>alert(1)") || !strings.Contains(card.Body, "&lt;script&gt;alert(1)") {
		t.Errorf("the name is not escaped")
	}
}

func TestAStaleEditIsAConflict(t *testing.T) {
	srv := apptest.New(t)
	c := srv.Client(t, "head")
	n := contactstest.Unique()
	org := contactstest.Org(t, srv.Pool, fmt.Sprintf("Novecojusī iestāde %d", n), contacts.State)
	edit := func(name string) *apptest.Response {
		return c.PostForm(t, fmt.Sprintf("/contacts/%d/edit", org), url.Values{"name": {name}, "org_type": {"state"},
			"country": {"LV"}, "active": {"on"}, "version": {"1"}})
	}
	if res := edit(fmt.Sprintf("Jaunā iestāde %d", n)); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("first edit: %d", res.StatusCode)
	}
	res := edit(fmt.Sprintf("Vēl jaunāka iestāde %d", n))
	if res.StatusCode != http.StatusConflict || !strings.Contains(res.Body, "Kāds cits jau ir mainījis šo ierakstu.") {
		t.Errorf("stale edit: %d", res.StatusCode)
	}
}

func TestTheClerkReadsButDoesNotKeepTheDirectory(t *testing.T) {
	srv := apptest.New(t)
	c := srv.Client(t, "clerk")
	if res := c.Get(t, "/contacts"); res.StatusCode != http.StatusOK || strings.Contains(res.Body, `href="/contacts/new`) {
		t.Errorf("clerk's list: %d", res.StatusCode)
	}
	if res := c.PostForm(t, "/contacts", personForm("Klerks", "Nedrīkst", "")); res.StatusCode != http.StatusForbidden {
		t.Errorf("clerk's create: %d", res.StatusCode)
	}
	if res := srv.Client(t, "director").Get(t, "/contacts"); res.StatusCode != http.StatusForbidden {
		t.Errorf("director: %d", res.StatusCode)
	}
}

func TestOpeningAPersonIsAudited(t *testing.T) {
	srv := apptest.New(t)
	p := contactstest.NewPerson(t, srv.Pool, "Auditētā", fmt.Sprintf("Persona%d", contactstest.Unique()))
	srv.Client(t, "clerk").Get(t, fmt.Sprintf("/contacts/%d", p))
	var n int
	srv.Pool.QueryRow(t.Context(), `select count(*) from audit_log where entity = 'contact' and entity_id = $1 and action = 'view'`, fmt.Sprint(p)).Scan(&n)
	if n != 1 {
		t.Errorf("%d openings recorded", n)
	}
}

// A possible duplicate (the same phone) is shown before saving; the person
// saves anyway by ticking the box.
func TestDuplicatesAreShownBeforeSaving(t *testing.T) {
	srv := apptest.New(t)
	c := srv.Client(t, "staff")
	n := contactstest.Unique()
	phone := fmt.Sprintf("+3712%07d", n%10000000)
	first := contactstest.AddPerson(t, srv.Pool, contactstest.Person{Given: "Pirmā", Family: fmt.Sprintf("Tālrune%d", n), Phones: []string{phone}})
	f := personForm("Otrā", fmt.Sprintf("Tālrune%d", n), "")
	f.Set("phones", phone)
	res := c.PostForm(t, "/contacts", f)
	if res.StatusCode != http.StatusOK || !strings.Contains(res.Body, `data-testid="duplicates"`) ||
		!strings.Contains(res.Body, fmt.Sprintf("/contacts/%d", first)) || !strings.Contains(res.Body, "tas pats tālrunis") {
		t.Fatalf("duplicate not shown: %d", res.StatusCode)
	}
	f.Set("confirm", "on")
	if res := c.PostForm(t, "/contacts", f); res.StatusCode != http.StatusSeeOther {
		t.Errorf("saving anyway: %d", res.StatusCode)
	}
}

// The lookup's list, and the same field without the script: the text alone
// picks the one contact it names, or offers the several it matches.
func TestTheLookupFindsAndResolves(t *testing.T) {
	srv := apptest.New(t)
	c := srv.Client(t, "staff")
	n := contactstest.Unique()
	one := contactstest.Org(t, srv.Pool, fmt.Sprintf("Vienīgā Ūdensrozes redakcija %d", n), contacts.Media)
	contactstest.Org(t, srv.Pool, fmt.Sprintf("Dubultā redakcija %d A", n), contacts.Media)
	contactstest.Org(t, srv.Pool, fmt.Sprintf("Dubultā redakcija %d B", n), contacts.Media)
	res := c.Get(t, fmt.Sprintf("/contacts/lookup/options?field=org&kind=organisation&org_q=udensrozes+%d", n))
	if res.StatusCode != http.StatusOK || !strings.Contains(res.Body, fmt.Sprintf(`data-id="%d"`, one)) || !strings.Contains(res.Body, "Izveidot jaunu") {
		t.Errorf("options: %d %s", res.StatusCode, res.Body)
	}
	if res := c.Get(t, fmt.Sprintf("/contacts/lookup/options?field=org&kind=person&nocreate=1&org_q=udensrozes+%d", n)); strings.Contains(res.Body, "data-id=") || strings.Contains(res.Body, "Izveidot") {
		t.Errorf("a person lookup offers organisations: %s", res.Body)
	}
	p := contactstest.NewPerson(t, srv.Pool, "Bez", fmt.Sprintf("Skripta%d", n))
	path := fmt.Sprintf("/contacts/%d/memberships", p)
	res = c.PostForm(t, path, url.Values{"org": {""}, "org_q": {fmt.Sprintf("dubulta %d", n)}})
	if res.StatusCode != http.StatusUnprocessableEntity || strings.Count(res.Body, `type="radio" id="org-c`) != 2 {
		t.Errorf("several matches: %d, %d radios", res.StatusCode, strings.Count(res.Body, `type="radio"`))
	}
	res = c.PostForm(t, path, url.Values{"org": {""}, "org_q": {fmt.Sprintf("ūdensrozes %d", n)}, "role": {"autors"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("one match: %d", res.StatusCode)
	}
	card := c.Get(t, fmt.Sprintf("/contacts/%d", p))
	if !strings.Contains(card.Body, fmt.Sprintf("Vienīgā Ūdensrozes redakcija %d", n)) {
		t.Errorf("the card lacks the organisation picked by text")
	}
	res = c.PostForm(t, path, url.Values{"org": {""}, "org_q": {fmt.Sprintf("nekas %d", n)}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "Direktorijā nav neviena kontakta") {
		t.Errorf("no match: %d", res.StatusCode)
	}
	// The search page, with a way back to the form that asked.
	res = c.Get(t, fmt.Sprintf("/contacts/lookup?q=dubulta+%d&kind=organisation&field=org&back=/press/new", n))
	if !strings.Contains(res.Body, "/press/new?org=") {
		t.Errorf("the search page's picks do not lead back")
	}
	if res := c.Get(t, fmt.Sprintf("/contacts/lookup?q=dubulta+%d&back=//evil.example/", n)); strings.Contains(res.Body, "evil.example") {
		t.Errorf("a pick leads off the site")
	}
}

// The list sorts by its column headings, each keeping the filters, and
// pages in the order chosen.
func TestTheListSortsByItsHeadings(t *testing.T) {
	srv := apptest.New(t)
	pool := srv.Pool
	n := contactstest.Unique()
	word := fmt.Sprintf("Kārtot%d", n)
	for i := range contacts.PageSize + 2 {
		contactstest.AddPerson(t, pool, contactstest.Person{Given: fmt.Sprintf("P%02d", i), Family: word})
	}
	contactstest.Org(t, pool, word+" biedrība", contacts.NGO)
	c := srv.Client(t, "staff")
	q := url.QueryEscape(strings.ToLower(word))
	res := c.Get(t, "/contacts?q="+q+"&sort=updated")
	if res.StatusCode != http.StatusOK || !strings.Contains(res.Body, `aria-sort="descending"`) ||
		!strings.Contains(res.Body, `href="/contacts?q=`+q+`"`) || !strings.Contains(res.Body, `href="/contacts?q=`+q+`&amp;sort=type"`) {
		t.Fatalf("by the last change: %d, headings %v", res.StatusCode, regexp.MustCompile(`<th[^>]*>.*?</th>`).FindAllString(res.Body, -1))
	}
	// By type the organisation comes first; its next page holds the rest.
	res = c.Get(t, "/contacts?q="+q+"&sort=type")
	org := strings.Index(res.Body, word+" biedrība")
	person := strings.Index(res.Body, "P00 "+word)
	next := regexp.MustCompile(`href="(/contacts\?[^"]*after=[^"]*)"`).FindStringSubmatch(res.Body)
	if org < 0 || person < 0 || org > person || next == nil || !strings.Contains(next[1], "sort=type") {
		t.Fatalf("by type: organisation at %d, person at %d, next %v", org, person, next)
	}
	res = c.Get(t, strings.ReplaceAll(next[1], "&amp;", "&"))
	if res.StatusCode != http.StatusOK || !strings.Contains(res.Body, "P50 "+word) || strings.Contains(res.Body, "P00 "+word) {
		t.Errorf("by type, page 2: %d", res.StatusCode)
	}
	// A cursor of another order is no cursor here: the first page.
	if res := c.Get(t, "/contacts?sort=updated&after="+contacts.Cursor{Key: "x", ID: 1}.String()); res.StatusCode != http.StatusOK {
		t.Errorf("a foreign cursor: %d", res.StatusCode)
	}
}

// A person with a position and no organisation, a phone and no e-mail: the
// second line of a cell is the first, with no empty line above it.
func TestAListCellStartsWithWhatItHas(t *testing.T) {
	srv := apptest.New(t)
	family := fmt.Sprintf("Vienrinda%d", contactstest.Unique())
	id := contactstest.AddPerson(t, srv.Pool, contactstest.Person{Given: "Ilze", Family: family, Phones: []string{"+37129111222"}})
	if _, err := srv.Pool.Exec(t.Context(), `update contacts set position = 'speciāliste' where id = $1`, id); err != nil {
		t.Fatal(err)
	}
	res := srv.Client(t, "staff").Get(t, "/contacts?q="+url.QueryEscape(strings.ToLower(family)))
	if res.StatusCode != http.StatusOK || !strings.Contains(res.Body, "speciāliste") || strings.Contains(res.Body, "<td><br>") {
		t.Errorf("%d: a cell begins with an empty line", res.StatusCode)
	}
}
