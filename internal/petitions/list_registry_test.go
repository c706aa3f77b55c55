package petitions_test

import (
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/daugavpils/prdesk/internal/app"
	"github.com/daugavpils/prdesk/internal/apptest"
	"github.com/daugavpils/prdesk/internal/calendar"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/petitions"
	"github.com/daugavpils/prdesk/internal/petitions/petitionstest"
)

// The registry list's search in the subject and the summary: every word
// typed starts a word of either, in any order, whatever the case and the
// diacritics; the middle of a word is not a match, and punctuation alone
// finds nothing.
func TestListTextSearch(t *testing.T) {
	srv := server(t)
	head := srv.Client(t, "head")
	tag := listTag()
	a := listInsert(t, srv.Pool, petitionstest.Row{Name: "Teksts Viens", Subject: "Ielu apgaismojums Ūdens ielā " + tag})
	b := listInsert(t, srv.Pool, petitionstest.Row{Name: "Teksts Divi", Subject: "Bedres ietvē " + tag})
	listCase.Lock()
	c := listCase.c
	listCase.Unlock()
	p := register(t, srv.Pool, petitionstest.Sub{Case: c.ID, Subject: "Par kokiem " + tag, Summary: "Lūdzu nozāģēt bīstamo kļavu pagalmā pie kafejnīcas «Vēsma»."})
	summary := petitionstest.Inserted{ID: p.ID, Number: p.RegNumber}
	for _, tc := range []struct {
		q    string
		want []petitionstest.Inserted
	}{
		{tag, []petitionstest.Inserted{a, b, summary}},
		{"APGAISM " + tag, []petitionstest.Inserted{a}},
		{"udens " + tag, []petitionstest.Inserted{a}},
		{tag + " ūdens", []petitionstest.Inserted{a}},
		{"klavu nozag " + tag, []petitionstest.Inserted{summary}}, // the summary, without diacritics
		{"vesma " + tag, []petitionstest.Inserted{summary}},       // a name in «» quotes, which unaccent makes <<…>>
		{"gaismojums " + tag, nil},                                // the middle of a word
		{"bedres " + tag + " apgaism", nil},                       // every word must match
	} {
		res := head.Get(t, "/petitions?q="+url.QueryEscape(tc.q))
		if res.StatusCode != 200 {
			t.Fatalf("q=%s: status %d", tc.q, res.StatusCode)
		}
		got := append(listNumbers(res.Body), regexp.MustCompile(regexp.QuoteMeta(p.RegNumber)).FindAllString(tableOf(res.Body), -1)...)
		if !sameSet(got, tc.want...) {
			t.Errorf("q=%s: got %v, want %v", tc.q, got, tc.want)
		}
	}
	// Punctuation alone finds nothing, and says so.
	if res := head.Get(t, "/petitions?q="+url.QueryEscape("!!! --")); !strings.Contains(res.Body, "Atrasti: 0<") {
		t.Errorf("a search of punctuation: %s", between(res.Body, `data-testid="count"`, "</p>"))
	}
	// The exports take the same filter.
	if res := head.Get(t, "/petitions/export.csv?q="+url.QueryEscape("apgaism "+tag)); !strings.Contains(res.Body, a.Number) || strings.Contains(res.Body, b.Number) {
		t.Errorf("the CSV of a text search:\n%s", res.Body)
	}
}

// tableOf is the table's body of a list page.
func tableOf(body string) string {
	if i := strings.Index(body, "<tbody>"); i >= 0 {
		return body[i:]
	}
	return ""
}

// The list shows who carries each submission out, counts the overdue ones
// by executor for those who see everything, linking to them, and sorts by
// the column headings.
func TestListExecutorsAndOverdue(t *testing.T) {
	srv := server(t)
	head := srv.Client(t, "head")
	tag := listTag()
	today := calendar.DateOf(testNow)
	late := listInsert(t, srv.Pool, petitionstest.Row{Name: "Izpildītājs " + tag, State: petitions.InProgress, Executor: "staff", Due: today.AddDate(0, 0, -2)})
	listInsert(t, srv.Pool, petitionstest.Row{Name: "Izpildītājs " + tag, State: petitions.Registered})
	staffID := petitionstest.UserID(t, srv.Pool, "staff")
	staffName := petitionstest.User(t, srv.Pool, "staff").FullName

	res := head.Get(t, "/petitions?name="+tag)
	if !hasColumn(res.Body, "Izpildītājs") {
		t.Error("the list has no executor column")
	}
	if row := between(res.Body, ">"+late.Number+"<", "</tr>"); !strings.Contains(row, `<td class="wide-only">`+staffName+"</td>") {
		t.Errorf("the executor's name is not in the list:\n%s", tableOf(res.Body))
	}
	if strings.Contains(res.Body, `data-testid="overdue-by-executor"`) || !strings.Contains(res.Body, `href="/petitions?overdue=on&amp;sort=due"`) {
		t.Error("the whole list counts the overdue by executor, or does not link to them")
	}
	overdue := between(head.Get(t, "/petitions?overdue=on").Body, `data-testid="overdue-by-executor"`, "</section>")
	link := fmt.Sprintf(`/petitions?executor=%d&amp;overdue=on&amp;sort=due`, staffID)
	if !strings.Contains(overdue, link) || !strings.Contains(overdue, staffName) {
		t.Fatalf("the overdue count by executor lacks the staff member's link %s:\n%s", link, overdue)
	}
	m := regexp.MustCompile(`badge bad">(\d+)<`).FindStringSubmatch(between(overdue, link, "</li>"))
	if m == nil {
		t.Fatalf("no count beside the staff member: %s", between(overdue, link, "</li>"))
	}
	if n, _ := strconv.Atoi(m[1]); n < 1 {
		t.Errorf("the staff member has %d overdue, want at least 1", n)
	}
	// The link's list has the late one.
	res = head.Get(t, strings.ReplaceAll(link, "&amp;", "&")+"&name="+tag)
	if got := listNumbers(res.Body); !sameSet(got, late) {
		t.Errorf("the staff member's overdue list: %v, want %s", got, late.Number)
	}
	// The clerk and the chair, who do not see everything, get no such counts.
	for _, who := range []string{"clerk", "chair"} {
		if res := srv.Client(t, who).Get(t, "/petitions?overdue=on"); strings.Contains(res.Body, "overdue-by-executor") {
			t.Errorf("%s sees the overdue counts by executor", who)
		}
	}

	// The headings sort: the current order is marked, the others link to theirs.
	res = head.Get(t, "/petitions?name="+tag+"&sort=due")
	if !strings.Contains(res.Body, `aria-sort="ascending"><a href="/petitions?name=`+tag+`&amp;sort=due" aria-current="true">Termiņš ↑</a>`) {
		t.Errorf("sorted by due date, the heading does not say so:\n%s", between(res.Body, "<thead>", "</thead>"))
	}
	if !strings.Contains(res.Body, `<a href="/petitions?name=`+tag+`">Saņemts</a>`) || !strings.Contains(res.Body, `<a href="/petitions?name=`+tag+`&amp;sort=number">Numurs</a>`) {
		t.Errorf("the other headings do not link to their order:\n%s", between(res.Body, "<thead>", "</thead>"))
	}
	res = head.Get(t, "/petitions?name="+tag)
	if !strings.Contains(res.Body, `aria-sort="descending"`) || !strings.Contains(res.Body, "Saņemts ↓") {
		t.Errorf("the default order (newest first) is not marked:\n%s", between(res.Body, "<thead>", "</thead>"))
	}
}

// A column with one value on every row is left out, and the value said
// once; the state is left out of a list of one state. The state filter is
// one drop-down with the counts, not a list of links; the list prints.
func TestListColumnsAndCompactFilter(t *testing.T) {
	srv := server(t)
	head := srv.Client(t, "head")
	tag := listTag()
	listInsert(t, srv.Pool, petitionstest.Row{Name: "Kolonna " + tag, State: petitions.InProgress, Executor: "staff"})
	listInsert(t, srv.Pool, petitionstest.Row{Name: "Kolonna " + tag, State: petitions.InProgress, Executor: "staff"})
	listInsert(t, srv.Pool, petitionstest.Row{Name: "Kolonna " + tag, State: petitions.Registered, Addressee: "head"})

	res := head.Get(t, "/petitions?name="+tag)
	for _, col := range []string{"Adresāts", "Izpildītājs", "Stāvoklis"} {
		if !hasColumn(res.Body, col) {
			t.Errorf("rows that differ: the %s column is missing", col)
		}
	}
	if strings.Contains(res.Body, `data-testid="same"`) {
		t.Errorf("rows that differ: a same-value note: %s", between(res.Body, `data-testid="same"`, "</p>"))
	}
	res = head.Get(t, "/petitions?name="+tag+"&state=in_progress")
	for _, col := range []string{"Adresāts", "Izpildītājs", "Stāvoklis"} {
		if hasColumn(res.Body, col) {
			t.Errorf("one state, one addressee, one executor: the %s column is shown", col)
		}
	}
	chair := petitionstest.User(t, srv.Pool, "chair").FullName
	staff := petitionstest.User(t, srv.Pool, "staff").FullName
	same := between(res.Body, `data-testid="same"`, "</p>")
	if !strings.Contains(same, "Adresāts: <bdi>"+chair+"</bdi>") || !strings.Contains(same, "Izpildītājs: <bdi>"+staff+"</bdi>") {
		t.Errorf("the same-value note: %s", same)
	}
	if strings.Contains(same, "Stāvoklis") {
		t.Errorf("the state chosen in the filter is repeated in the note: %s", same)
	}

	if strings.Contains(res.Body, `class="state-tabs"`) {
		t.Error("the states are still a list of links")
	}
	if !strings.Contains(res.Body, `<select id="state" name="state">`) || !strings.Contains(res.Body, `<option value="in_progress" selected>Izpildē (`) {
		t.Errorf("the state filter is not one drop-down with counts:\n%s", between(res.Body, `<select id="state"`, "</select>"))
	}
	if !strings.Contains(res.Body, `data-print`) || !strings.Contains(res.Body, `class="print-only"`) {
		t.Error("the list has no print button or printed heading")
	}
	if printed := between(res.Body, `data-testid="print-heading"`, "</div>"); !strings.Contains(printed, "Stāvoklis: <bdi>Izpildē</bdi>") {
		t.Errorf("the printed heading does not name the filters: %s", printed)
	}
}

// The front desk's registry says plainly that it holds only what they
// registered today, and an empty one says that nothing was registered
// today, not that the registry is empty. The management are told theirs
// is what is addressed to them.
func TestListScopeSaidPlainly(t *testing.T) {
	srv := apptest.NewWithConfig(t, func(*app.Config) {})
	day := time.Date(2031, 3, 5, 12, 0, 0, 0, i18n.Riga) // a day nobody registers on
	srv.Clock.Set(t, day)
	clerk := srv.Client(t, "clerk")
	res := clerk.Get(t, "/petitions")
	scope := between(res.Body, `data-testid="scope"`, "</p>")
	if !strings.Contains(scope, "tikai Jūsu šodien (05.03.2031.) reģistrētie") || !strings.Contains(scope, `href="/petitions/new"`) {
		t.Errorf("the clerk's list does not say whose it is: %s", scope)
	}
	if !strings.Contains(res.Body, "Šodien vēl nav neviena Jūsu reģistrēta iesnieguma.") {
		t.Errorf("the clerk's empty list does not say why:\n%s", between(res.Body, `data-testid="count"`, "</main>"))
	}
	if strings.Contains(res.Body, `class="filters"`) {
		t.Error("the clerk's empty list offers filters over nothing")
	}
	// Registered today, it is there.
	p := petitionstest.Register(t, srv.Pool, petitionstest.Sub{At: day, By: "clerk"})
	res = clerk.Get(t, "/petitions")
	if !strings.Contains(tableOf(res.Body), p.RegNumber) || !strings.Contains(res.Body, `class="filters"`) {
		t.Errorf("the clerk's own registration of today is not listed, or cannot be filtered")
	}
	if !strings.Contains(between(srv.Client(t, "chair").Get(t, "/petitions").Body, `data-testid="scope"`, "</p>"), "adresēti Jums vai nodoti Jums izpildei") {
		t.Error("the chair's list does not say whose it is")
	}
	if strings.Contains(srv.Client(t, "head").Get(t, "/petitions").Body, `data-testid="scope"`) {
		t.Error("the head, who sees the whole registry, is told it is limited")
	}
}

// The registry's row of pages offers "awaiting my resolution" only to who
// writes resolutions, and "assigned to me" only to who can be named an
// executor; the page itself still opens for the others.
func TestAreaNavByRole(t *testing.T) {
	srv := server(t)
	for _, tc := range []struct {
		who                 string
		resolutions, assign bool
	}{
		{"chair", true, false},
		{"head", true, true},
		{"staff", false, true},
		{"clerk", false, false},
		{"director", false, false},
	} {
		nav := between(srv.Client(t, tc.who).Get(t, "/petitions").Body, `class="subnav"`, "</nav>")
		if got := strings.Contains(nav, `href="/petitions/resolutions"`); got != tc.resolutions {
			t.Errorf("%s: the resolution queue in the row of pages: %v, want %v", tc.who, got, tc.resolutions)
		}
		if got := strings.Contains(nav, `href="/petitions/assigned"`); got != tc.assign {
			t.Errorf("%s: the assigned list in the row of pages: %v, want %v", tc.who, got, tc.assign)
		}
	}
	// Opened anyway, the page is there and marked.
	res := srv.Client(t, "clerk").Get(t, "/petitions/assigned")
	if nav := between(res.Body, `class="subnav"`, "</nav>"); res.StatusCode != 200 || !strings.Contains(nav, `href="/petitions/assigned" aria-current="page"`) {
		t.Errorf("the clerk opening the assigned list: status %d, row of pages %s", res.StatusCode, nav)
	}
}

// hasColumn tells whether the list's table has a column headed label (one
// a tablet leaves out included).
func hasColumn(body, label string) bool {
	return regexp.MustCompile(`<th scope="col"( class="wide-only")?>` + regexp.QuoteMeta(label) + `</th>`).MatchString(body)
}
