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
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/xuri/excelize/v2"

	"github.com/daugavpils/prdesk/internal/apptest"
	"github.com/daugavpils/prdesk/internal/calendar"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/petitions"
)

// listSeq numbers the list tests' submissions in a year of their own, apart
// from the numbers other tests and the registering form use.
var listSeq atomic.Int64

const listYear = 2099

// listNew is a submission a list test puts straight into the table.
type listNew struct {
	Name      string // "" with Anonymous
	Anonymous bool
	State     petitions.State
	Type      petitions.DocType
	Channel   petitions.Channel
	Addressee string // username; chair when empty
	CreatedBy string // username; staff when empty
	Created   time.Time
	Received  time.Time // an hour ago when zero
	Due       time.Time // ten days after receipt when zero
	Answered  time.Time
	Executor  string // username named in the resolution
}

type listPetition struct {
	ID     int64
	Number string
}

// listTag is a run of letters no other test's names contain.
func listTag() string {
	b := make([]byte, 8)
	for i := range b {
		b[i] = byte('a' + rand.IntN(26))
	}
	return string(b)
}

func listInsert(t *testing.T, pool *pgxpool.Pool, in listNew) listPetition {
	t.Helper()
	ctx := context.Background()
	if in.State == "" {
		in.State = petitions.Registered
	}
	if in.Type == "" {
		in.Type = petitions.TypeSubmission
	}
	if in.Channel == "" {
		in.Channel = petitions.ChannelEmail
	}
	if in.Addressee == "" {
		in.Addressee = "chair"
	}
	if in.CreatedBy == "" {
		in.CreatedBy = "staff"
	}
	if in.Received.IsZero() {
		in.Received = time.Now().Add(-time.Hour)
	}
	if in.Created.IsZero() {
		in.Created = in.Received
	}
	if in.Due.IsZero() {
		in.Due = calendar.DateOf(in.Received).AddDate(0, 0, 10)
	}
	var caseID int64
	if err := pool.QueryRow(ctx, `insert into doc_cases (case_index, title, retention_years)
		values ('SAR-1', 'Iedzīvotāju iesniegumi (saraksta tests)', 5)
		on conflict (case_index) do update set title = excluded.title returning id`).Scan(&caseID); err != nil {
		t.Fatal(err)
	}
	seq := listSeq.Add(1)
	p := listPetition{Number: fmt.Sprintf("SAR-1/%d/%d", listYear, seq)}
	var answered, resolutionAt any
	if !in.Answered.IsZero() {
		answered = in.Answered
	}
	if in.State == petitions.InProgress || in.State == petitions.Answered || in.State == petitions.Closed {
		resolutionAt = in.Received.Add(time.Hour)
	}
	var joined any
	if in.State == petitions.Joined {
		joined = 1 // any earlier submission will do; the list only reads the state
		if err := pool.QueryRow(ctx, `select min(id) from petitions`).Scan(&joined); err != nil || joined == nil {
			t.Fatalf("a submission to join to: %v", err)
		}
	}
	err := pool.QueryRow(ctx, `insert into petitions (reg_number, case_id, reg_year, reg_seq, received_at, channel, doc_type,
			anonymous, person_name, addressee_id, subject, state, due_date, legal_due_date, due_explanation,
			check_code, idempotency_key, created_at, created_by, answered_on, resolution_at, joined_to_id)
		values ($1, $2, $3, $4, $5, $6, $7, $8, $9, (select id from users where username = $10),
			'Par ielas apgaismojumu', $11, $12, $12, '{}', 'SARTEST1', $13, $14,
			(select id from users where username = $15), $16, $17, $18)
		returning id`,
		p.Number, caseID, listYear, seq, in.Received, string(in.Channel), string(in.Type),
		in.Anonymous, in.Name, in.Addressee, string(in.State), in.Due,
		fmt.Sprintf("list-test-%d-%d", listYear, seq), in.Created, in.CreatedBy, answered, resolutionAt, joined).Scan(&p.ID)
	if err != nil {
		t.Fatalf("insert %+v: %v", in, err)
	}
	if in.Executor != "" {
		if _, err := pool.Exec(ctx, `insert into petition_executors (petition_id, user_id, due_date)
			values ($1, (select id from users where username = $2), $3)`, p.ID, in.Executor, in.Due); err != nil {
			t.Fatal(err)
		}
	}
	return p
}

var listNumberRe = regexp.MustCompile(`SAR-1/2099/\d+`)

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

func userID(t *testing.T, pool *pgxpool.Pool, username string) int64 {
	t.Helper()
	var id int64
	if err := pool.QueryRow(context.Background(), `select id from users where username = $1`, username).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

func sameSet(got []string, want ...listPetition) bool {
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
	srv := apptest.New(t)
	apptest.SeedDemo(t, srv) // until the test builds its own rows
	head := srv.Client(t, "head")
	tag := listTag()
	name := func(s string) string { return s + " " + tag }
	now := time.Now()
	today := calendar.DateOf(now)
	old := time.Date(2024, 3, 5, 10, 0, 0, 0, i18n.Riga)
	a := listInsert(t, srv.Pool, listNew{Name: name("Anna Ozola"), State: petitions.Registered, Type: petitions.TypeComplaint, Channel: petitions.ChannelPost})
	b := listInsert(t, srv.Pool, listNew{Name: name("Jānis Bērziņš"), State: petitions.InProgress, Executor: "staff", Addressee: "chair"})
	c := listInsert(t, srv.Pool, listNew{Name: name("Līga Kalniņa"), State: petitions.AwaitingResolution, Received: now.AddDate(0, 0, -30), Due: today.AddDate(0, 0, -3), Addressee: "head"})
	d := listInsert(t, srv.Pool, listNew{Name: name("Pēteris Ozols"), State: petitions.Closed, Received: old, Due: calendar.DateOf(old).AddDate(0, 0, -1)})

	cases := []struct {
		query string
		want  []listPetition
	}{
		{"", []listPetition{a, b, c, d}},
		{"state=registered", []listPetition{a}},
		{"type=complaint", []listPetition{a}},
		{"channel=post", []listPetition{a}},
		{"addressee=" + fmt.Sprint(userID(t, srv.Pool, "head")), []listPetition{c}},
		{"executor=" + fmt.Sprint(userID(t, srv.Pool, "staff")), []listPetition{b}},
		{"overdue=1", []listPetition{c}},
		{"from=01.03.2024&to=10.03.2024", []listPetition{d}},
		{"from=2024-03-05&to=2024-03-05", []listPetition{d}},
		{"from=06.03.2024", []listPetition{a, b, c}},
		{"number=" + url.QueryEscape(a.Number), []listPetition{a}},
		{"number=SAR-1/2099/", []listPetition{a, b, c, d}},
		{"state=closed&type=submission", []listPetition{d}},
	}
	for _, tc := range cases {
		q := "name=" + tag
		if tc.query != "" {
			q += "&" + tc.query
		}
		res := head.Get(t, "/petitions?"+q)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%s: status %d", q, res.StatusCode)
		}
		if got := listNumbers(res.Body); !sameSet(got, tc.want...) {
			t.Errorf("%s: got %v, want %v", q, got, tc.want)
		}
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

func TestListNameIgnoresDiacritics(t *testing.T) {
	srv := apptest.New(t)
	apptest.SeedDemo(t, srv) // until the test builds its own rows
	head := srv.Client(t, "head")
	tag := listTag()
	p := listInsert(t, srv.Pool, listNew{Name: "Jānis Bērziņš-" + tag})
	other := listInsert(t, srv.Pool, listNew{Name: "Jānis Kalniņš-" + tag})
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
	srv := apptest.New(t)
	apptest.SeedDemo(t, srv) // until the test builds its own rows
	head := srv.Client(t, "head")
	tag := listTag()
	base := time.Now().Add(-48 * time.Hour).Truncate(time.Second)
	var all []string
	for i := range 123 {
		// Groups of three share a receipt time and a due date, so the id must break the ties.
		at := base.Add(-time.Duration(i/3) * time.Minute)
		p := listInsert(t, srv.Pool, listNew{Name: "Persona " + tag, Received: at, Due: calendar.DateOf(base).AddDate(0, 0, i/3)})
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

func TestListVisibility(t *testing.T) {
	srv := apptest.New(t)
	apptest.SeedDemo(t, srv) // until the test builds its own rows
	tag := listTag()
	yesterday := time.Now().AddDate(0, 0, -1)
	clerkToday := listInsert(t, srv.Pool, listNew{Name: "Viens " + tag, CreatedBy: "clerk", Addressee: "head"})
	clerkYesterday := listInsert(t, srv.Pool, listNew{Name: "Divi " + tag, CreatedBy: "clerk", Received: yesterday, Created: yesterday, Addressee: "head"})
	staffToday := listInsert(t, srv.Pool, listNew{Name: "Trīs " + tag, CreatedBy: "staff", Addressee: "head"})
	toChair := listInsert(t, srv.Pool, listNew{Name: "Četri " + tag, CreatedBy: "staff", Addressee: "chair", Received: yesterday, Created: yesterday})
	assignedToChair := listInsert(t, srv.Pool, listNew{Name: "Pieci " + tag, State: petitions.InProgress, Addressee: "head", Executor: "chair"})
	all := []listPetition{clerkToday, clerkYesterday, staffToday, toChair, assignedToChair}

	for _, tc := range []struct {
		user string
		want []listPetition
	}{
		{"head", all},
		{"staff", all},
		{"director", all},
		{"clerk", []listPetition{clerkToday}},
		{"chair", []listPetition{toChair, assignedToChair}},
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
	if total > 5 && strings.Contains(res.Body, "("+i18n.Number(total)+")") {
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
	srv := apptest.New(t)
	apptest.SeedDemo(t, srv) // until the test builds its own rows
	head := srv.Client(t, "head")
	tag := listTag()
	ctx := context.Background()
	listInsert(t, srv.Pool, listNew{Name: "Skaits " + tag}) // makes the case
	// Past the bound: inserted in one statement, as the list only needs the rows.
	if _, err := srv.Pool.Exec(ctx, `insert into petitions (reg_number, case_id, reg_year, reg_seq, received_at, channel, doc_type,
			person_name, addressee_id, subject, due_date, legal_due_date, due_explanation, check_code, idempotency_key)
		select 'SAR-B/' || $1 || '/' || g, (select id from doc_cases where case_index = 'SAR-1'), 2098, g + $3, now(), 'email', 'letter',
			'Skaits ' || $1, (select id from users where username = 'chair'), 'Par skaitu', current_date, current_date, '{}', 'SARTEST2',
			'list-count-' || $1 || '-' || g
		from generate_series(1, $2) g`, tag, petitions.CountBound+5, listSeq.Add(10000)); err != nil {
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
	if !strings.Contains(res.Body, "Reģistrēts <span class=\"count\">("+i18n.Number(n)+")") {
		t.Errorf("the state tabs lack Reģistrēts (%d)", n)
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
	srv := apptest.New(t)
	apptest.SeedDemo(t, srv) // until the test builds its own rows
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
	srv := apptest.New(t)
	apptest.SeedDemo(t, srv) // until the test builds its own rows
	head := srv.Client(t, "head")
	tag := listTag()
	p1 := listInsert(t, srv.Pool, listNew{Name: "Ērika Šķēle-Ūdre " + tag, Type: petitions.TypeComplaint})
	p2 := listInsert(t, srv.Pool, listNew{Name: "=HYPERLINK(1) " + tag})
	listInsert(t, srv.Pool, listNew{Anonymous: true, State: petitions.Unexamined}) // not matched by the name

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
	if err := srv.Pool.QueryRow(context.Background(), `select summary from audit_log where entity = 'petition' and action = 'export' order by id desc limit 1`).Scan(&summary); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(summary, "2 rindas") || !strings.Contains(summary, "name="+tag) {
		t.Errorf("audit summary %q lacks the row count or the filter", summary)
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
	srv := apptest.New(t)
	apptest.SeedDemo(t, srv) // until the test builds its own rows
	tag := listTag()
	older := listInsert(t, srv.Pool, listNew{Name: "Vecāks " + tag, State: petitions.AwaitingResolution, Received: time.Now().AddDate(0, 0, -5)})
	newer := listInsert(t, srv.Pool, listNew{Name: "Jaunāks " + tag, State: petitions.AwaitingResolution})
	toHead := listInsert(t, srv.Pool, listNew{Name: "Citam " + tag, State: petitions.AwaitingResolution, Addressee: "head"})
	mine := listInsert(t, srv.Pool, listNew{Name: "Izpilde " + tag, State: petitions.InProgress, Executor: "staff", Due: calendar.DateOf(time.Now()).AddDate(0, 0, 20)})
	sooner := listInsert(t, srv.Pool, listNew{Name: "Drīzāk " + tag, State: petitions.InProgress, Executor: "staff", Due: calendar.DateOf(time.Now()).AddDate(0, 0, 2)})

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

func TestSummary(t *testing.T) {
	srv := apptest.New(t)
	apptest.SeedDemo(t, srv) // until the test builds its own rows
	day := func(d int) time.Time { return time.Date(1995, 3, d, 10, 0, 0, 0, i18n.Riga) }
	date := func(d int) time.Time { return time.Date(1995, 3, d, 0, 0, 0, 0, time.UTC) }
	tag := listTag()
	// Wednesday 1 March to Wednesday 8 March: 5 working days, on time.
	listInsert(t, srv.Pool, listNew{Name: "A " + tag, State: petitions.Closed, Received: day(1), Due: date(15), Answered: date(8), Type: petitions.TypeComplaint, Channel: petitions.ChannelPost})
	// Monday 6 to Friday 10: 4, on time.
	listInsert(t, srv.Pool, listNew{Name: "B " + tag, State: petitions.Answered, Received: day(6), Due: date(20), Answered: date(10)})
	// Friday 10 to Monday 20: 6 over a weekend, late (due Friday 17).
	listInsert(t, srv.Pool, listNew{Name: "C " + tag, State: petitions.Answered, Received: day(10), Due: date(17), Answered: date(20)})
	// Not answered.
	listInsert(t, srv.Pool, listNew{Name: "D " + tag, State: petitions.InProgress, Received: day(30), Due: date(31), Channel: petitions.ChannelPost})
	// Outside the period.
	listInsert(t, srv.Pool, listNew{Name: "E " + tag, State: petitions.Closed, Received: time.Date(1995, 4, 1, 10, 0, 0, 0, i18n.Riga), Answered: date(31).AddDate(0, 0, 5)})

	rep, err := petitions.Summary(context.Background(), srv.Pool, calendar.NewStore(srv.Pool), time.Date(1995, 3, 1, 0, 0, 0, 0, i18n.Riga), time.Date(1995, 4, 1, 0, 0, 0, 0, i18n.Riga))
	if err != nil {
		t.Fatal(err)
	}
	if rep.Total != 4 || rep.ByType[petitions.TypeComplaint] != 1 || rep.ByType[petitions.TypeSubmission] != 3 {
		t.Errorf("by type: total %d, %v", rep.Total, rep.ByType)
	}
	if rep.ByChannel[petitions.ChannelPost] != 2 || rep.ByChannel[petitions.ChannelEmail] != 2 {
		t.Errorf("by channel: %v", rep.ByChannel)
	}
	if rep.ByState[petitions.Answered] != 2 || rep.ByState[petitions.Closed] != 1 || rep.ByState[petitions.InProgress] != 1 {
		t.Errorf("by state: %v", rep.ByState)
	}
	if rep.Answered != 3 || rep.OnTime != 2 || rep.Late != 1 {
		t.Errorf("answered %d, on time %d, late %d; want 3, 2, 1", rep.Answered, rep.OnTime, rep.Late)
	}
	if rep.MedianWorkingDays != 5 {
		t.Errorf("median %v working days, want 5", rep.MedianWorkingDays)
	}

	// An even number answered: the median is between the middle two.
	listInsert(t, srv.Pool, listNew{Name: "F " + tag, State: petitions.Answered, Received: day(13), Due: date(31), Answered: date(27)})
	rep, err = petitions.Summary(context.Background(), srv.Pool, calendar.NewStore(srv.Pool), time.Date(1995, 3, 1, 0, 0, 0, 0, i18n.Riga), time.Date(1995, 4, 1, 0, 0, 0, 0, i18n.Riga))
	if err != nil {
		t.Fatal(err)
	}
	// 4, 5, 6 and 10 (Monday 13 to Monday 27): the median is 5.5.
	if rep.MedianWorkingDays != 5.5 {
		t.Errorf("median %v, want 5.5", rep.MedianWorkingDays)
	}
}
