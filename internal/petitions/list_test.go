package petitions_test

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"math/rand/v2"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/xuri/excelize/v2"

	"github.com/daugavpils/prdesk/internal/apptest"
	"github.com/daugavpils/prdesk/internal/calendar"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/petitions"
	"github.com/daugavpils/prdesk/internal/petitions/petitionstest"
)

// listCase is the list tests' case of the classification scheme: their
// numbers are "SAR-1/2099/<n>" (petitionstest.Row's year; 2098 for one
// of an earlier year), which listNumbers finds on a page apart from every
// other test's.
var listCase struct {
	sync.Mutex
	c petitions.Case
}

// listInsert puts a submission of the list tests into the table, received
// an hour before testNow unless in says otherwise.
func listInsert(t *testing.T, pool *pgxpool.Pool, in petitionstest.Row) petitionstest.Inserted {
	t.Helper()
	listCase.Lock()
	if listCase.c.ID == 0 {
		listCase.c = petitionstest.Case(t, pool, petitionstest.CaseSpec{Index: "SAR-1", Title: "Iedzīvotāju iesniegumi (saraksta tests)"})
	}
	in.Case = listCase.c
	listCase.Unlock()
	if in.Received.IsZero() {
		in.Received = testNow.Add(-time.Hour)
	}
	return petitionstest.Insert(t, pool, in)
}

// listTag is a run of letters no other test's names contain.
func listTag() string {
	b := make([]byte, 8)
	for i := range b {
		b[i] = byte('a' + rand.IntN(26))
	}
	return string(b)
}

var listNumberRe = regexp.MustCompile(`SAR-1/209[89]/\d+`)

// listNumbers are the list tests' registration numbers on a page, in order.
// Only the table's rows count: a number typed in the filter comes back in its field.
func listNumbers(body string) []string {
	if i := strings.Index(body, "<tbody>"); i >= 0 {
		body = body[i:]
	} else if strings.Contains(body, "<html") { // a page without a table
		return nil
	}
	return listNumberRe.FindAllString(body, -1)
}

func sameSet(got []string, want ...petitionstest.Inserted) bool {
	w := make([]string, len(want))
	for i, p := range want {
		w[i] = p.Number
	}
	g := slices.Clone(got)
	slices.Sort(g)
	slices.Sort(w)
	return slices.Equal(g, w)
}

func TestListFilters(t *testing.T) {
	srv := server(t)
	head := srv.Client(t, "head")
	tag := listTag()
	name := func(s string) string { return s + " " + tag }
	now := testNow
	today := calendar.DateOf(now)
	old := time.Date(2024, 3, 5, 10, 0, 0, 0, i18n.Riga)
	a := listInsert(t, srv.Pool, petitionstest.Row{Name: name("Anna Ozola"), State: petitions.Registered, Type: petitions.TypeComplaint, Channel: petitions.ChannelPost})
	b := listInsert(t, srv.Pool, petitionstest.Row{Name: name("Jānis Bērziņš"), State: petitions.InProgress, Executor: "staff", Addressee: "chair"})
	c := listInsert(t, srv.Pool, petitionstest.Row{Name: name("Līga Kalniņa"), State: petitions.AwaitingResolution, Received: now.AddDate(0, 0, -30), Due: today.AddDate(0, 0, -3), Addressee: "head"})
	d := listInsert(t, srv.Pool, petitionstest.Row{Name: name("Pēteris Ozols"), State: petitions.Closed, Received: old, Due: calendar.DateOf(old).AddDate(0, 0, -1)})

	type filterCase struct {
		query string
		want  []petitionstest.Inserted
	}
	cases := []filterCase{
		{"", []petitionstest.Inserted{a, b, c, d}},
		{"state=registered", []petitionstest.Inserted{a}},
		{"type=complaint", []petitionstest.Inserted{a}},
		{"channel=post", []petitionstest.Inserted{a}},
		{"addressee=" + fmt.Sprint(petitionstest.UserID(t, srv.Pool, "head")), []petitionstest.Inserted{c}},
		{"executor=" + fmt.Sprint(petitionstest.UserID(t, srv.Pool, "staff")), []petitionstest.Inserted{b}},
		{"overdue=1", []petitionstest.Inserted{c}},
		{"from=01.03.2024&to=10.03.2024", []petitionstest.Inserted{d}},
		{"from=2024-03-05&to=2024-03-05", []petitionstest.Inserted{d}},
		{"from=06.03.2024", []petitionstest.Inserted{a, b, c}},
		{"number=" + url.QueryEscape(a.Number), []petitionstest.Inserted{a}},
		{"number=SAR-1/2099/", []petitionstest.Inserted{a, b, c, d}},
		{"number=SAR-1/2098/", nil},
		{"state=closed&type=submission", []petitionstest.Inserted{d}},
	}
	for _, tc := range cases {
		checkList(t, head, "name="+tag+"&"+tc.query, tc.want...)
	}

	// Overdue in words and colour; a state in words and colour.
	res := head.Get(t, "/petitions?name="+tag)
	for _, want := range []string{`class="badge bad">Nokavēts 3 d.d.`, `class="badge warn">Gaida rezolūciju`, `class="badge ok">Slēgts`} {
		if !strings.Contains(html.UnescapeString(res.Body), want) && !strings.Contains(res.Body, want) {
			// Working days: three calendar days back is one to three working days overdue.
			if strings.HasPrefix(want, `class="badge bad">Nokavēts`) && strings.Contains(res.Body, `class="badge bad">Nokavēts`) {
				continue
			}
			t.Errorf("list lacks %s", want)
		}
	}
}

// checkList checks that the registry list of query shows exactly want.
func checkList(t *testing.T, c *apptest.Client, query string, want ...petitionstest.Inserted) {
	t.Helper()
	res := c.Get(t, "/petitions?"+query)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("%s: status %d", query, res.StatusCode)
	}
	if got := listNumbers(res.Body); !sameSet(got, want...) {
		t.Errorf("%s: got %v, want %v", query, got, want)
	}
}

// A number's start with more matches than the list reads by id is tested
// on each row walked, within the year it names.
func TestListNumberStartWithManyMatches(t *testing.T) {
	srv := server(t)
	head := srv.Client(t, "head")
	tag := listTag()
	a := listInsert(t, srv.Pool, petitionstest.Row{Name: "Anna Ozola " + tag})
	b := listInsert(t, srv.Pool, petitionstest.Row{Name: "Jānis Bērziņš " + tag})
	earlier := listInsert(t, srv.Pool, petitionstest.Row{Name: "Līga Kalniņa " + tag, Year: 2098})
	restore := petitions.SetLookUpLimit(1)
	defer restore()
	checkList(t, head, "name="+tag+"&number=SAR-1/2099/", a, b)
	checkList(t, head, "name="+tag+"&number=SAR-1/2099", a, b)
	checkList(t, head, "name="+tag+"&number=SAR-1/2098/", earlier)
	checkList(t, head, "name="+tag+"&number=SAR-1/", a, b, earlier)
	checkList(t, head, "name="+tag+"&number="+url.QueryEscape(a.Number), a)
}

// A text search with more matches than the list reads by id is tested on
// each row walked, in every order; the store then remembers it as common,
// and the next page, read without asking the words' index again, finds the
// same submissions.
func TestListTextWithManyMatches(t *testing.T) {
	srv := server(t)
	head := srv.Client(t, "head")
	tag := listTag()
	a := listInsert(t, srv.Pool, petitionstest.Row{Name: "Anna Ozola", Subject: "Par sniega tīrīšanu " + tag})
	b := listInsert(t, srv.Pool, petitionstest.Row{Name: "Jānis Bērziņš", Subject: "Sniegs ietvē " + tag, Due: testNow.AddDate(0, 0, 3)})
	listInsert(t, srv.Pool, petitionstest.Row{Name: "Līga Kalniņa", Subject: "Par bedrēm " + tag})
	restore := petitions.SetLookUpLimit(1)
	t.Cleanup(restore) // the package's one server reads the limit
	for _, sort := range []string{"", "&sort=due", "&sort=number"} {
		checkList(t, head, "q="+url.QueryEscape("snieg "+tag)+sort, a, b)
	}
	restore()
	// Found common above, at the lowered limit: the memory still takes it as
	// such (its count, alone, is "more than" unread), and its rows are the
	// same. A search not seen before is looked up and counted exactly. (The
	// test clock stands still, so nothing is forgotten while the package
	// runs; each test's searches carry their own tag.)
	common := head.Get(t, "/petitions?q="+url.QueryEscape("snieg "+tag))
	if got := listNumbers(common.Body); !sameSet(got, a, b) || !strings.Contains(common.Body, "Atrasti: vairāk nekā") {
		t.Errorf("a search remembered as common: %v, %s", got, between(common.Body, `data-testid="count"`, "</p>"))
	}
	rare := head.Get(t, "/petitions?q="+url.QueryEscape("par snieg "+tag))
	if got := listNumbers(rare.Body); !sameSet(got, a) || !strings.Contains(rare.Body, "Atrasti: 1<") {
		t.Errorf("a search never found common: %v, %s", got, between(rare.Body, `data-testid="count"`, "</p>"))
	}
}

func TestListNameIgnoresDiacritics(t *testing.T) {
	srv := server(t)
	head := srv.Client(t, "head")
	tag := listTag()
	p := listInsert(t, srv.Pool, petitionstest.Row{Name: "Jānis Bērziņš-" + tag})
	other := listInsert(t, srv.Pool, petitionstest.Row{Name: "Jānis Kalniņš-" + tag})
	for _, q := range []string{"berzins-" + tag, "BĒRZIŅŠ-" + tag, "Berziņs-" + tag, "janis berzins-" + tag} {
		res := head.Get(t, "/petitions?name="+url.QueryEscape(q))
		if got := listNumbers(res.Body); !sameSet(got, p) {
			t.Errorf("name=%s: got %v, want only %s", q, got, p.Number)
		}
		if !strings.Contains(res.Body, "Bērziņš-"+tag) {
			t.Errorf("name=%s: the name is not shown as written", q)
		}
	}
	res := head.Get(t, "/petitions?name="+tag)
	if got := listNumbers(res.Body); !sameSet(got, p, other) {
		t.Errorf("name=%s: got %v", tag, got)
	}
	// A % typed in the field is no wildcard: "j%s" does not find "Jānis".
	// (It parts words, as a space does: "s" must start a word of the name,
	// so the letter is one the tag does not start with.)
	letter := "s"
	if strings.HasPrefix(tag, letter) {
		letter = "q"
	}
	res = head.Get(t, "/petitions?name="+url.QueryEscape("j%"+letter+"-"+tag))
	if got := listNumbers(res.Body); len(got) != 0 {
		t.Errorf("%% matched as a wildcard: %v", got)
	}
}

var nextRe = regexp.MustCompile(`<a href="([^"]*)" rel="next"`)

func TestListKeysetPaging(t *testing.T) {
	srv := server(t)
	head := srv.Client(t, "head")
	tag := listTag()
	base := testNow.Add(-48 * time.Hour).Truncate(time.Second)
	var all []string
	for i := range 123 {
		// Groups of three share a receipt time and a due date, so the id must break the ties.
		at := base.Add(-time.Duration(i/3) * time.Minute)
		p := listInsert(t, srv.Pool, petitionstest.Row{Name: "Persona " + tag, Received: at, Due: calendar.DateOf(base).AddDate(0, 0, i/3)})
		all = append(all, p.Number)
	}
	slices.Sort(all)
	for _, sort := range []string{"received", "due", "number"} {
		path := "/petitions?name=" + tag + "&sort=" + sort
		var seen []string
		pages := 0
		for path != "" {
			res := head.Get(t, path)
			if res.StatusCode != http.StatusOK {
				t.Fatalf("%s: status %d", path, res.StatusCode)
			}
			got := listNumbers(res.Body)
			if len(got) > petitions.ListPageSize {
				t.Fatalf("%s: %d rows on a page", path, len(got))
			}
			seen = append(seen, got...)
			pages++
			path = ""
			if m := nextRe.FindStringSubmatch(res.Body); m != nil {
				path = "/petitions" + html.UnescapeString(m[1])
				if !strings.Contains(path, "name="+tag) || !strings.Contains(path, "sort="+sort) {
					t.Fatalf("the next-page link drops the filters: %s", path)
				}
			}
			if pages > 10 {
				t.Fatal("paging does not end")
			}
		}
		if pages != 3 {
			t.Errorf("sort %s: %d pages, want 3", sort, pages)
		}
		got := slices.Clone(seen)
		slices.Sort(got)
		if !slices.Equal(got, all) {
			t.Errorf("sort %s: %d rows over the pages, want each of %d once", sort, len(seen), len(all))
		}
	}
}

// Each viewer sees the same whether the lists read what they may see by
// id first (few) or test each row (many).
func TestListVisibility(t *testing.T) {
	t.Run("few", func(t *testing.T) { testListVisibility(t) })
	t.Run("many", func(t *testing.T) {
		defer petitions.SetFewVisible(-1)()
		testListVisibility(t)
	})
}

func testListVisibility(t *testing.T) {
	srv := server(t)
	tag := listTag()
	yesterday := testNow.AddDate(0, 0, -1)
	clerkToday := listInsert(t, srv.Pool, petitionstest.Row{Name: "Viens " + tag, CreatedBy: "clerk", Addressee: "head"})
	clerkYesterday := listInsert(t, srv.Pool, petitionstest.Row{Name: "Divi " + tag, CreatedBy: "clerk", Received: yesterday, Created: yesterday, Addressee: "head"})
	staffToday := listInsert(t, srv.Pool, petitionstest.Row{Name: "Trīs " + tag, CreatedBy: "staff", Addressee: "head"})
	toChair := listInsert(t, srv.Pool, petitionstest.Row{Name: "Četri " + tag, CreatedBy: "staff", Addressee: "chair", Received: yesterday, Created: yesterday})
	assignedToChair := listInsert(t, srv.Pool, petitionstest.Row{Name: "Pieci " + tag, State: petitions.InProgress, Addressee: "head", Executor: "chair"})
	all := []petitionstest.Inserted{clerkToday, clerkYesterday, staffToday, toChair, assignedToChair}
	// One more than the clerk's own, and not the chair's, so the registry's
	// count is never the clerk's.
	all = append(all, listInsert(t, srv.Pool, petitionstest.Row{Name: "Seši " + tag, CreatedBy: "staff", Addressee: "head"}))

	for _, tc := range []struct {
		user string
		want []petitionstest.Inserted
	}{
		{"head", all},
		{"staff", all},
		{"director", all},
		{"clerk", []petitionstest.Inserted{clerkToday}},
		{"chair", []petitionstest.Inserted{toChair, assignedToChair}},
	} {
		c := srv.Client(t, tc.user)
		res := c.Get(t, "/petitions?name="+tag)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%s: status %d", tc.user, res.StatusCode)
		}
		if got := listNumbers(res.Body); !sameSet(got, tc.want...) {
			t.Errorf("%s sees %v, want %v", tc.user, got, tc.want)
		}
		// The exports show what the list shows.
		res = c.Get(t, "/petitions/export.csv?name="+tag)
		if got := listNumbers(res.Body); !sameSet(got, tc.want...) {
			t.Errorf("%s exports %v, want %v", tc.user, got, tc.want)
		}
	}
	// The clerk's state counts are their own, not the registry's.
	res := srv.Client(t, "clerk").Get(t, "/petitions")
	var total int64
	if err := srv.Pool.QueryRow(context.Background(), `select sum(n) from petition_state_counts`).Scan(&total); err != nil {
		t.Fatal(err)
	}
	if total <= 1 {
		t.Fatalf("the registry counts %d submissions", total)
	}
	if strings.Contains(res.Body, "("+i18n.Number(total)+")") {
		t.Errorf("the clerk sees the registry's total count %d", total)
	}
	for _, who := range []string{"admin"} {
		c := srv.Client(t, who)
		for _, path := range []string{"/petitions", "/petitions/export.csv", "/petitions/export.xlsx", "/petitions/resolutions", "/petitions/assigned"} {
			if res := c.Get(t, path); res.StatusCode != http.StatusForbidden {
				t.Errorf("%s %s: status %d, want 403", who, path, res.StatusCode)
			}
		}
	}
}

func TestListCounts(t *testing.T) {
	srv := server(t)
	head := srv.Client(t, "head")
	tag := listTag()
	ctx := context.Background()
	listInsert(t, srv.Pool, petitionstest.Row{Name: "Skaits " + tag}) // makes the case
	// Past the bound: inserted in one statement, as the list only needs the rows.
	if _, err := srv.Pool.Exec(ctx, `insert into petitions (reg_number, case_id, reg_year, reg_seq, received_at, channel, doc_type,
			person_name, addressee_id, subject, due_date, legal_due_date, due_explanation, check_code, idempotency_key)
		select 'SAR-B/' || $1 || '/' || g, $4, 2098, g - 1 + $3, $5::timestamptz, 'email', 'letter',
			'Skaits ' || $1, (select id from users where username = 'chair'), 'Par skaitu', $5::timestamptz::date, $5::timestamptz::date, '{}', 'SARTEST2',
			'list-count-' || $1 || '-' || g
		from generate_series(1, $2) g`, tag, petitions.CountBound+5, petitionstest.Seqs(petitions.CountBound+5), listCase.c.ID, testNow); err != nil {
		t.Fatal(err)
	}
	// One whole word of a name, and nothing else: the dictionary of name
	// words counts it exactly, past the bound too.
	res := head.Get(t, "/petitions?name="+tag)
	if want := "Atrasti: " + i18n.Number(petitions.CountBound+6) + "<"; !strings.Contains(res.Body, want) {
		t.Errorf("a one-word name search: want %q in %s", want, between(res.Body, `data-testid="count"`, "</p>"))
	}
	res = head.Get(t, "/petitions?name="+tag+"&type=letter")
	if !strings.Contains(res.Body, "vairāk nekā 1") || !strings.Contains(res.Body, "000") {
		t.Errorf("a count past the bound does not say vairāk nekā: %s", between(res.Body, `data-testid="count"`, "</p>"))
	}
	res = head.Get(t, "/petitions?name="+tag+"&type=submission")
	if !strings.Contains(res.Body, "Atrasti: 1<") {
		t.Errorf("a small count is not exact: %s", between(res.Body, `data-testid="count"`, "</p>"))
	}
	// With no filter, or only the state, the count is the kept one, exact.
	var n int64
	if err := srv.Pool.QueryRow(ctx, `select n from petition_state_counts where state = 'registered'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	res = head.Get(t, "/petitions?state=registered")
	if want := "Atrasti: " + i18n.Number(n) + "<"; !strings.Contains(res.Body, want) {
		t.Errorf("the state count: want %q in %s", want, between(res.Body, `data-testid="count"`, "</p>"))
	}
	if !strings.Contains(res.Body, `<option value="registered" selected>Reģistrēts (`+i18n.Number(n)+")</option>") {
		t.Errorf("the state filter lacks Reģistrēts (%d), chosen", n)
	}
}

func between(s, from, to string) string {
	i := strings.Index(s, from)
	if i < 0 {
		return ""
	}
	s = s[i:]
	if j := strings.Index(s, to); j >= 0 {
		return s[:j]
	}
	return s
}

func TestListBadInput(t *testing.T) {
	srv := server(t)
	head := srv.Client(t, "head")
	res := head.Get(t, "/petitions?from=31.02.2025&to=nav")
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("status %d, want 422", res.StatusCode)
	}
	for _, want := range []string{`id="from-error"`, `id="to-error"`, "Ievadiet datumu formā dd.mm.gggg.", `href="#from"`, `value="31.02.2025"`} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("the page lacks %s", want)
		}
	}
	for _, q := range []string{"state=lost", "type=x", "addressee=abc", "from=10.03.2025&to=01.03.2025"} {
		if res := head.Get(t, "/petitions?"+q); res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("%s: status %d, want 422", q, res.StatusCode)
		}
	}
	if res := head.Get(t, "/petitions/export.csv?from=nav"); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("export with a bad date: status %d, want 422", res.StatusCode)
	}
	if res := head.Get(t, "/petitions?after=garbage"); res.StatusCode != http.StatusBadRequest {
		t.Errorf("a broken cursor: status %d, want 400", res.StatusCode)
	}
}

func TestListExports(t *testing.T) {
	srv := server(t)
	head := srv.Client(t, "head")
	tag := listTag()
	p1 := listInsert(t, srv.Pool, petitionstest.Row{Name: "Ērika Šķēle-Ūdre " + tag, Type: petitions.TypeComplaint})
	p2 := listInsert(t, srv.Pool, petitionstest.Row{Name: "=HYPERLINK(1) " + tag})
	listInsert(t, srv.Pool, petitionstest.Row{Anonymous: true, State: petitions.Unexamined}) // not matched by the name

	count := func() int {
		var n int
		if err := srv.Pool.QueryRow(context.Background(), `select count(*) from audit_log where entity = 'petition' and action = 'export'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := count()
	res := head.Get(t, "/petitions/export.csv?name="+tag)
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/csv") {
		t.Fatalf("csv: status %d, %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	if !strings.HasPrefix(res.Body, "\ufeffNumurs;Saņemts;Veids;") {
		t.Errorf("csv does not start with the BOM and a Latvian header: %q", res.Body[:min(60, len(res.Body))])
	}
	if !strings.Contains(res.Body, "Ērika Šķēle-Ūdre "+tag) || !strings.Contains(res.Body, ";Sūdzība;") {
		t.Error("csv lost the Latvian letters")
	}
	if !strings.Contains(res.Body, "'=HYPERLINK(1)") {
		t.Error("a cell starting with = is not kept from running as a formula")
	}
	if got := listNumbers(res.Body); !sameSet(got, p1, p2) {
		t.Errorf("csv rows %v", got)
	}
	if lines := strings.Count(res.Body, "\r\n"); lines != 3 {
		t.Errorf("csv has %d lines, want a header and 2 rows", lines)
	}
	if count() != before+1 {
		t.Error("the csv export is not in the audit log")
	}
	var summary string
	if err := srv.Pool.QueryRow(context.Background(), `select summary from audit_log where entity = 'petition' and action = 'export'
		and details->>'format' = 'CSV' and details->>'filter' = $1`, "name="+tag).Scan(&summary); err != nil {
		t.Fatal(err)
	}
	// The filter (here a name typed into the search) is in the details only:
	// the administrator reads the summaries.
	if !strings.Contains(summary, "2 rindas") || !strings.Contains(summary, "ar atlasi") || strings.Contains(summary, tag) {
		t.Errorf("audit summary %q lacks the row count, or holds the filter", summary)
	}

	res = head.Get(t, "/petitions/export.xlsx?name="+tag)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("xlsx: status %d", res.StatusCode)
	}
	book, err := excelize.OpenReader(bytes.NewReader([]byte(res.Body)))
	if err != nil {
		t.Fatalf("xlsx does not open: %v", err)
	}
	defer book.Close()
	rows, err := book.GetRows("Iesniegumi")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || rows[0][0] != "Numurs" {
		t.Fatalf("xlsx rows: %v", rows)
	}
	var names []string
	for _, r := range rows[1:] {
		names = append(names, r[4])
	}
	if !slices.Contains(names, "Ērika Šķēle-Ūdre "+tag) {
		t.Errorf("xlsx names %v", names)
	}
	if count() != before+2 {
		t.Error("the xlsx export is not in the audit log")
	}
}

func TestResolutionQueueAndAssigned(t *testing.T) {
	srv := server(t)
	tag := listTag()
	older := listInsert(t, srv.Pool, petitionstest.Row{Name: "Vecāks " + tag, State: petitions.AwaitingResolution, Received: testNow.AddDate(0, 0, -5)})
	newer := listInsert(t, srv.Pool, petitionstest.Row{Name: "Jaunāks " + tag, State: petitions.AwaitingResolution})
	toHead := listInsert(t, srv.Pool, petitionstest.Row{Name: "Citam " + tag, State: petitions.AwaitingResolution, Addressee: "head"})
	mine := listInsert(t, srv.Pool, petitionstest.Row{Name: "Izpilde " + tag, State: petitions.InProgress, Executor: "staff", Due: calendar.DateOf(testNow).AddDate(0, 0, 20)})
	sooner := listInsert(t, srv.Pool, petitionstest.Row{Name: "Drīzāk " + tag, State: petitions.InProgress, Executor: "staff", Due: calendar.DateOf(testNow).AddDate(0, 0, 2)})

	res := srv.Client(t, "chair").Get(t, "/petitions/resolutions")
	got := listNumbers(res.Body)
	if !slices.Contains(got, older.Number) || !slices.Contains(got, newer.Number) || slices.Contains(got, toHead.Number) {
		t.Errorf("the chair's queue: %v", got)
	}
	if slices.Index(got, older.Number) > slices.Index(got, newer.Number) {
		t.Error("the queue is not oldest first")
	}
	if !strings.Contains(res.Body, `href="/petitions/`+fmt.Sprint(older.ID)+`"`) {
		t.Error("the queue does not link to the card")
	}
	res = srv.Client(t, "head").Get(t, "/petitions/resolutions")
	got = listNumbers(res.Body)
	if !slices.Contains(got, toHead.Number) || !slices.Contains(got, older.Number) {
		t.Errorf("the head's queue: %v", got)
	}
	if !strings.Contains(res.Body, `scope="rowgroup"`) || !strings.Contains(res.Body, "Valdis Liepiņš") {
		t.Error("the head's queue is not grouped by addressee")
	}

	res = srv.Client(t, "staff").Get(t, "/petitions/assigned")
	got = listNumbers(res.Body)
	if i, j := slices.Index(got, sooner.Number), slices.Index(got, mine.Number); i < 0 || j < 0 || i > j {
		t.Errorf("staff's assigned list %v, want %s then %s", got, sooner.Number, mine.Number)
	}
	res = srv.Client(t, "head").Get(t, "/petitions/assigned")
	if got := listNumbers(res.Body); slices.Contains(got, mine.Number) {
		t.Error("the head sees staff's assignments as their own")
	}
}
