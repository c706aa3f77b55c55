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

var listLink = regexp.MustCompile(`^/contacts/lists/(\d+)$`)

func listForm(name string) url.Values {
	return url.Values{"list_kind": {"static"}, "name": {name}, "description": {"Reģionālās avīzes un portāli"},
		"idem": {fmt.Sprintf("list-idem-%d", contactstest.Unique())}, "version": {"0"}}
}

func TestMakingAListOnceAndWhoMay(t *testing.T) {
	srv := apptest.New(t)
	staff := srv.Client(t, "staff")
	n := contactstest.Unique()
	f := listForm(fmt.Sprintf("Reģionālie mediji %d", n))
	res := staff.PostForm(t, "/contacts/lists", f)
	if res.StatusCode != http.StatusSeeOther || !listLink.MatchString(res.Header.Get("Location")) {
		t.Fatalf("create: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	if again := staff.PostForm(t, "/contacts/lists", f); again.Header.Get("Location") != res.Header.Get("Location") {
		t.Errorf("the same form twice: %s, then %s", res.Header.Get("Location"), again.Header.Get("Location"))
	}
	card := staff.Get(t, res.Header.Get("Location"))
	for _, want := range []string{"Reģionālie mediji", "Adresātu saraksts saglabāts.", "Sarakstā vēl nav kontaktu", "Izveidots"} {
		if !strings.Contains(card.Body, want) && want != "Izveidots" {
			t.Errorf("card lacks %q", want)
		}
	}
	if !strings.Contains(card.Body, `data-testid="history"`) {
		t.Errorf("card has no timeline")
	}

	clerk := srv.Client(t, "clerk")
	lists := clerk.Get(t, "/contacts/lists")
	if lists.StatusCode != http.StatusOK || strings.Contains(lists.Body, `href="/contacts/lists/new"`) ||
		!strings.Contains(lists.Body, f.Get("name")) {
		t.Errorf("clerk's lists: %d", lists.StatusCode)
	}
	if res := clerk.Get(t, res.Header.Get("Location")); res.StatusCode != http.StatusOK || strings.Contains(res.Body, "/export.csv") {
		t.Errorf("clerk's card: %d", res.StatusCode)
	}
	if res := clerk.PostForm(t, "/contacts/lists", listForm("Klerka saraksts")); res.StatusCode != http.StatusForbidden {
		t.Errorf("clerk's create: %d", res.StatusCode)
	}
	if res := clerk.Get(t, res.Header.Get("Location")+"/export.csv"); res.StatusCode != http.StatusForbidden {
		t.Errorf("clerk's export: %d", res.StatusCode)
	}
	if res := srv.Client(t, "director").Get(t, "/contacts/lists"); res.StatusCode != http.StatusForbidden {
		t.Errorf("director: %d", res.StatusCode)
	}
}

func TestTheListFormRefusesBadInputBesideItsFields(t *testing.T) {
	srv := apptest.New(t)
	c := srv.Client(t, "head")
	n := contactstest.Unique()
	for name, tc := range map[string]struct {
		form url.Values
		want string
	}{
		"empty":       {url.Values{"list_kind": {"static"}, "idem": {"empty-idem-1"}}, "Ievadiet saraksta nosaukumu"},
		"too long":    {listForm(strings.Repeat("ā", 10000)), "Nosaukums"},
		"no filter":   {url.Values{"list_kind": {"filter"}, "name": {fmt.Sprintf("Bez filtra %d", n)}}, "Izvēlieties vismaz vienu filtru"},
		"wrong topic": {url.Values{"list_kind": {"filter"}, "name": {fmt.Sprintf("Nepareizs %d", n)}, "topic": {"<b>cits</b>"}}, "error-summary"},
		"long filter": {url.Values{"list_kind": {"filter"}, "name": {fmt.Sprintf("Garš %d", n)}, "q": {strings.Repeat("x", 10000)}}, "error-summary"},
		"description": {func() url.Values {
			f := listForm(fmt.Sprintf("Apraksts %d", n))
			f.Set("description", strings.Repeat("a", 10000))
			return f
		}(), "Apraksts"},
	} {
		res := c.PostForm(t, "/contacts/lists", tc.form)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, tc.want) {
			t.Errorf("%s: %d, want 422 with %q", name, res.StatusCode, tc.want)
		}
	}
	var count int
	srv.Pool.QueryRow(t.Context(), `select count(*) from mailing_lists where name like any($1)`,
		[]string{fmt.Sprintf("%%%d", n), "āāā%"}).Scan(&count)
	if count != 0 {
		t.Errorf("%d saved", count)
	}
	// Two lists in use with one name: refused beside the name.
	name := fmt.Sprintf("Divreiz %d", n)
	c.PostForm(t, "/contacts/lists", listForm(name))
	if res := c.PostForm(t, "/contacts/lists", listForm(name)); res.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(res.Body, "Saraksts ar šādu nosaukumu jau ir") {
		t.Errorf("a second list of one name: %d", res.StatusCode)
	}
	// HTML typed into a name is shown as text, on the card and the lists.
	res := c.PostForm(t, "/contacts/lists", listForm(fmt.Sprintf("<script>alert(%d)</script>", n)))
	for _, page := range []string{res.Header.Get("Location"), "/contacts/lists"} {
		body := c.Get(t, page).Body
		if strings.Contains(body, fmt.Sprintf("<script>alert(%d)", n)) || !strings.Contains(body, fmt.Sprintf("&lt;script&gt;alert(%d)", n)) {
			t.Errorf("%s: the name is not escaped", page)
		}
	}
}

func TestAStaleListFormIsAConflict(t *testing.T) {
	srv := apptest.New(t)
	c := srv.Client(t, "staff")
	n := contactstest.Unique()
	id := contactstest.StaticList(t, srv.Pool, fmt.Sprintf("Novecojis %d", n))
	edit := func(name string) *apptest.Response {
		return c.PostForm(t, fmt.Sprintf("/contacts/lists/%d/edit", id), url.Values{"name": {name}, "version": {"1"}})
	}
	if res := edit(fmt.Sprintf("Jaunais %d", n)); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("first edit: %d", res.StatusCode)
	}
	res := edit(fmt.Sprintf("Vēl jaunāks %d", n))
	if res.StatusCode != http.StatusConflict || !strings.Contains(res.Body, "Kāds cits jau ir mainījis šo ierakstu.") {
		t.Errorf("stale edit: %d", res.StatusCode)
	}
	var name string
	srv.Pool.QueryRow(t.Context(), `select name from mailing_lists where id = $1`, id).Scan(&name)
	if name != fmt.Sprintf("Jaunais %d", n) {
		t.Errorf("name %q", name)
	}
	// Archiving from a stale card is a conflict too.
	if res := c.PostForm(t, fmt.Sprintf("/contacts/lists/%d/archive", id), url.Values{"version": {"1"}}); res.StatusCode != http.StatusConflict {
		t.Errorf("stale archive: %d", res.StatusCode)
	}
	if res := c.PostForm(t, fmt.Sprintf("/contacts/lists/%d/archive", id), url.Values{"version": {"2"}}); res.StatusCode != http.StatusSeeOther {
		t.Errorf("archive: %d", res.StatusCode)
	}
	if body := c.Get(t, "/contacts/lists?archived=1").Body; !strings.Contains(body, fmt.Sprintf("Jaunais %d", n)) {
		t.Errorf("the archived list is not among the archived")
	}
}

// People come onto a static list by the lookup on its card, from their
// own card, and all at once from the directory's filter; the card counts
// who is reachable and says why the others are not.
func TestPuttingPeopleOnAListAndTakingThemOff(t *testing.T) {
	srv := apptest.New(t)
	c := srv.Client(t, "staff")
	n := contactstest.Unique()
	tag := fmt.Sprintf("saraksts%d", n)
	add := func(family string, optOut bool, emails ...string) int64 {
		return contactstest.AddPerson(t, srv.Pool, contactstest.Person{Given: "Liste", Family: family, Tags: []string{tag}, Emails: emails, OptOut: optOut})
	}
	a := add(fmt.Sprintf("Ābola%d", n), false, fmt.Sprintf("abola%d@example.lv", n))
	b := add(fmt.Sprintf("Bērza%d", n), true, fmt.Sprintf("berza%d@example.lv", n))
	d := add(fmt.Sprintf("Dīķa%d", n), false)
	list := contactstest.StaticList(t, srv.Pool, fmt.Sprintf("Personu saraksts %d", n))
	l := fmt.Sprintf("/contacts/lists/%d", list)

	// By the lookup, picked.
	if res := c.PostForm(t, l+"/members", url.Values{"member": {fmt.Sprint(a)}, "member_q": {"Liste"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("add by lookup: %d", res.StatusCode)
	}
	// Nothing picked: refused beside the field.
	if res := c.PostForm(t, l+"/members", url.Values{}); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "Izvēlieties kontaktu") {
		t.Errorf("add nobody: %d", res.StatusCode)
	}
	// From the person's card.
	card := c.Get(t, fmt.Sprintf("/contacts/%d", b))
	if !strings.Contains(card.Body, fmt.Sprintf(`action="/contacts/%d/lists"`, b)) {
		t.Errorf("the person's card offers no list")
	}
	if res := c.PostForm(t, fmt.Sprintf("/contacts/%d/lists", b), url.Values{"list": {fmt.Sprint(list)}}); res.StatusCode != http.StatusSeeOther {
		t.Errorf("add from the card: %d", res.StatusCode)
	}
	if res := c.PostForm(t, fmt.Sprintf("/contacts/%d/lists", b), url.Values{"list": {"<b>"}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("add from the card to no list: %d", res.StatusCode)
	}
	if card := c.Get(t, fmt.Sprintf("/contacts/%d", b)); !strings.Contains(card.Body, fmt.Sprintf("Personu saraksts %d", n)) {
		t.Errorf("the person's card does not name the list")
	}
	// From the directory's filter: its page offers it, and adds the rest.
	dir := c.Get(t, "/contacts?tag="+tag)
	if !strings.Contains(dir.Body, `data-testid="found-actions"`) || !strings.Contains(dir.Body, "/contacts/lists/add?tag="+tag) {
		t.Fatalf("the directory does not offer adding the found")
	}
	if page := c.Get(t, "/contacts/lists/add?tag="+tag); page.StatusCode != http.StatusOK || !strings.Contains(page.Body, fmt.Sprintf("Personu saraksts %d", n)) {
		t.Errorf("the add page: %d", page.StatusCode)
	}
	if res := c.PostForm(t, "/contacts/lists/add", url.Values{"tag": {tag}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("add the found to no list: %d", res.StatusCode)
	}
	if res := c.PostForm(t, "/contacts/lists/add", url.Values{"tag": {tag}, "list": {fmt.Sprint(list)}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("add the found: %d", res.StatusCode)
	}
	page := c.Get(t, l)
	if !strings.Contains(page.Body, "Sarakstam pievienoti kontakti: 1.") {
		t.Errorf("the flash does not count the added")
	}
	reach := between(page.Body, `data-testid="reach"`, "</dl>")
	for _, want := range []string{`data-testid="reachable">1<`, "atteikušies: 1", "bez e-pasta: 1"} {
		if !strings.Contains(reach, want) {
			t.Errorf("reach lacks %q: %s", want, reach)
		}
	}
	if left := c.Get(t, l+"?left=1"); strings.Contains(left.Body, fmt.Sprintf("Ābola%d", n)) || !strings.Contains(left.Body, fmt.Sprintf("Dīķa%d", n)) {
		t.Errorf("only those left out: wrong rows")
	}
	// Taken off, twice: the second says so.
	if res := c.PostForm(t, fmt.Sprintf("%s/members/%d/remove", l, d), nil); res.StatusCode != http.StatusSeeOther {
		t.Errorf("remove: %d", res.StatusCode)
	}
	if res := c.PostForm(t, fmt.Sprintf("%s/members/%d/remove", l, d), nil); res.StatusCode != http.StatusSeeOther {
		t.Errorf("remove again: %d", res.StatusCode)
	}
	if body := c.Get(t, l).Body; strings.Contains(between(body, `data-testid="members"`, "</table>"), fmt.Sprintf("Dīķa%d", n)) {
		t.Errorf("the removed person is still on the card")
	}
}

// The export holds the reachable alone, neutralises formulas, and is
// audited.
func TestExportingAListsReachableMembers(t *testing.T) {
	srv := apptest.New(t)
	c := srv.Client(t, "head")
	n := contactstest.Unique()
	formula := contactstest.AddPerson(t, srv.Pool, contactstest.Person{Given: "=HYPERLINK(1)", Family: fmt.Sprintf("Formula%d", n),
		Emails: []string{fmt.Sprintf("f%d@example.lv", n)}})
	out := contactstest.AddPerson(t, srv.Pool, contactstest.Person{Given: "Neraksti", Family: fmt.Sprintf("Atteikums%d", n),
		Emails: []string{fmt.Sprintf("out%d@example.lv", n)}, OptOut: true})
	list := contactstest.StaticList(t, srv.Pool, fmt.Sprintf("Eksporta saraksts %d", n), formula, out)
	res := c.Get(t, fmt.Sprintf("/contacts/lists/%d/export.csv", list))
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/csv") {
		t.Fatalf("csv: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	if !strings.Contains(res.Body, "'=HYPERLINK(1)") || strings.Contains(res.Body, fmt.Sprintf("out%d@", n)) ||
		!strings.Contains(res.Body, fmt.Sprintf("f%d@example.lv", n)) {
		t.Errorf("csv: %q", res.Body)
	}
	if res := c.Get(t, fmt.Sprintf("/contacts/lists/%d/export.xlsx", list)); res.StatusCode != http.StatusOK ||
		!strings.Contains(res.Header.Get("Content-Type"), "spreadsheet") {
		t.Errorf("xlsx: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	var exports int
	srv.Pool.QueryRow(t.Context(), `select count(*) from audit_log where entity = 'mailing_list' and entity_id = $1 and action = 'export'`,
		fmt.Sprint(list)).Scan(&exports)
	if exports != 2 {
		t.Errorf("%d exports audited", exports)
	}
}

// The lists page counts each list, and lists ticked together once each.
func TestTheListsPageCountsAndCombines(t *testing.T) {
	srv := apptest.New(t)
	c := srv.Client(t, "staff")
	n := contactstest.Unique()
	a := contactstest.NewPerson(t, srv.Pool, "Kopā", fmt.Sprintf("Pirmā%d", n))
	b := contactstest.NewPerson(t, srv.Pool, "Kopā", fmt.Sprintf("Otrā%d", n))
	l1 := contactstest.StaticList(t, srv.Pool, fmt.Sprintf("Kopā A %d", n), a, b)
	l2 := contactstest.FilterList(t, srv.Pool, fmt.Sprintf("Kopā B %d", n), contacts.ListFilter{Q: fmt.Sprintf("Pirmā%d", n)})
	res := c.Get(t, fmt.Sprintf("/contacts/lists?list=%d&list=%d", l1, l2))
	if res.StatusCode != http.StatusOK {
		t.Fatalf("lists: %d", res.StatusCode)
	}
	combined := between(res.Body, `data-testid="combined"`, "</section>")
	if !strings.Contains(combined, `data-testid="reachable">2<`) || !strings.Contains(combined, "atkārtojas: 1") {
		t.Errorf("combined: %s", combined)
	}
	if res := c.Get(t, "/contacts/lists?list=abc"); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("a list that is no number: %d", res.StatusCode)
	}
	if res := c.Get(t, "/contacts/lists?list=999999999999"); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("a list that is not: %d", res.StatusCode)
	}
}

// between is the part of s from the first start to the next end after it.
func between(s, start, end string) string {
	i := strings.Index(s, start)
	if i < 0 {
		return ""
	}
	s = s[i:]
	if j := strings.Index(s, end); j >= 0 {
		return s[:j]
	}
	return s
}

// The directory's filter becomes a saved filter: its form comes filled in
// from the directory's link, and the list finds what the directory finds.
func TestSavingTheDirectorysFilterAsAList(t *testing.T) {
	srv := apptest.New(t)
	c := srv.Client(t, "staff")
	n := contactstest.Unique()
	tag := fmt.Sprintf("filtrs%d", n)
	p := contactstest.AddPerson(t, srv.Pool, contactstest.Person{Given: "Filtra", Family: fmt.Sprintf("Kultūriņa%d", n),
		Tags: []string{tag}, Topics: []string{"culture"}, Emails: []string{fmt.Sprintf("k%d@example.lv", n)}})
	form := c.Get(t, "/contacts/lists/new?list_kind=filter&topic=culture&tag="+tag)
	if form.StatusCode != http.StatusOK || !strings.Contains(form.Body, `<option value="culture" selected>`) ||
		!strings.Contains(form.Body, `value="`+tag+`"`) {
		t.Fatalf("the form does not carry the filter: %d", form.StatusCode)
	}
	res := c.PostForm(t, "/contacts/lists", url.Values{"list_kind": {"filter"}, "name": {fmt.Sprintf("Žurnālisti: kultūra %d", n)},
		"topic": {"culture"}, "tag": {tag}, "idem": {fmt.Sprintf("filter-idem-%d", n)}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: %d", res.StatusCode)
	}
	card := c.Get(t, res.Header.Get("Location"))
	if !strings.Contains(card.Body, "Tēmas: Kultūra") || !strings.Contains(between(card.Body, `data-testid="members"`, "</table>"), fmt.Sprintf("/contacts/%d", p)) {
		t.Errorf("the saved filter's card: %s", between(card.Body, "<main", "</main>"))
	}
	// Its filter is edited on its own form; a filter emptied is refused.
	edit := res.Header.Get("Location") + "/edit"
	if page := c.Get(t, edit); !strings.Contains(page.Body, `<option value="culture" selected>`) {
		t.Errorf("the edit form lacks the filter")
	}
	if res := c.PostForm(t, edit, url.Values{"name": {"Bez filtra"}, "version": {"1"}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("an emptied filter: %d", res.StatusCode)
	}
	if res := c.PostForm(t, edit, url.Values{"name": {fmt.Sprintf("Sports %d", n)}, "topic": {"sport"}, "tag": {tag}, "version": {"1"}}); res.StatusCode != http.StatusSeeOther {
		t.Errorf("edit: %d", res.StatusCode)
	}
	if card := c.Get(t, res.Header.Get("Location")); strings.Contains(between(card.Body, `data-testid="members"`, "</div>"), fmt.Sprintf("/contacts/%d", p)) {
		t.Errorf("the edited filter still finds the culture journalist")
	}
}
