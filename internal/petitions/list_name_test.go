package petitions_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/daugavpils/prdesk/internal/apptest"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/petitions"
	"github.com/daugavpils/prdesk/internal/petitions/petitionstest"
)

// listPages follows the next-page links from path and returns every row's
// number in the order shown, and the first page's count line.
func listPages(t *testing.T, c *apptest.Client, path string) (numbers []string, count string) {
	t.Helper()
	for pages := 0; path != ""; pages++ {
		if pages > 10 {
			t.Fatal("paging does not end")
		}
		res := c.Get(t, path)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%s: status %d", path, res.StatusCode)
		}
		if pages == 0 {
			count = between(res.Body, `data-testid="count"`, "</p>")
		}
		numbers = append(numbers, listNumbers(res.Body)...)
		path = ""
		if m := nextRe.FindStringSubmatch(res.Body); m != nil {
			path = "/petitions" + html.UnescapeString(m[1])
		}
	}
	return numbers, count
}

func numbersOf(ps ...petitionstest.Inserted) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.Number
	}
	return out
}

// A search word matches the start of a word of the name, without regard to
// diacritics, case or the order of the words, newest first.
func TestListNameWords(t *testing.T) {
	srv := server(t)
	head := srv.Client(t, "head")
	tag := listTag()
	now := testNow
	a := listInsert(t, srv.Pool, petitionstest.Row{Name: "Jānis Bērziņš " + tag + "a", Received: now.Add(-1 * time.Hour)})
	b := listInsert(t, srv.Pool, petitionstest.Row{Name: "Anna Bērziņa-" + tag + "b", Received: now.Add(-2 * time.Hour)})
	c := listInsert(t, srv.Pool, petitionstest.Row{Name: "Ģirts Kalniņš " + tag + "c", Received: now.Add(-30 * time.Minute)})

	for _, tc := range []struct {
		q    string
		want []petitionstest.Inserted
	}{
		{tag, []petitionstest.Inserted{c, a, b}},
		{strings.ToUpper(tag), []petitionstest.Inserted{c, a, b}},
		{"berz " + tag, []petitionstest.Inserted{a, b}},
		{tag + "a berz", []petitionstest.Inserted{a}},
		{"bērziņa " + tag, []petitionstest.Inserted{b}},
		{"girts " + tag, []petitionstest.Inserted{c}},
		{tag + "b kaln", nil},
		{"rzins " + tag, nil}, // the middle of a word is not its start
		{tag + "x", nil},
		{"-- " + tag, []petitionstest.Inserted{c, a, b}},
	} {
		got, count := listPages(t, head, "/petitions?name="+url.QueryEscape(tc.q))
		if !slices.Equal(got, numbersOf(tc.want...)) {
			t.Errorf("name=%q: got %v, want %v", tc.q, got, numbersOf(tc.want...))
		}
		if want := ": " + strconv.Itoa(len(tc.want)); !strings.HasSuffix(count, want) {
			t.Errorf("name=%q: the count says %s, want %d", tc.q, count, len(tc.want))
		}
	}
	for _, sort := range []string{"due", "number"} {
		got, _ := listPages(t, head, "/petitions?sort="+sort+"&name="+url.QueryEscape("berz "+tag))
		if !sameSet(got, a, b) {
			t.Errorf("sort %s: got %v, want %s and %s", sort, got, a.Number, b.Number)
		}
	}

	// Other filters narrow a name search, its rows and its count.
	got, count := listPages(t, head, "/petitions?name="+tag+"&state=registered&type=submission")
	if !slices.Equal(got, numbersOf(c, a, b)) || !strings.HasSuffix(count, ": 3") {
		t.Errorf("with state and type: %v, %s", got, count)
	}
	got, _ = listPages(t, head, "/petitions?name="+tag+"&state=closed")
	if len(got) != 0 {
		t.Errorf("with another state: %v", got)
	}

	// A changed name is found by its new words only; a removed one not at all.
	ctx := context.Background()
	if _, err := srv.Pool.Exec(ctx, `update petitions set person_name = $2 where id = $1`, a.ID, "Jānis Ozols "+tag+"a"); err != nil {
		t.Fatal(err)
	}
	if got, _ := listPages(t, head, "/petitions?name="+url.QueryEscape("berz "+tag)); !slices.Equal(got, numbersOf(b)) {
		t.Errorf("after a's change of name, berz: %v", got)
	}
	if got, _ := listPages(t, head, "/petitions?name="+url.QueryEscape("ozols "+tag)); !slices.Equal(got, numbersOf(a)) {
		t.Errorf("after a's change of name, ozols: %v", got)
	}
	if _, err := srv.Pool.Exec(ctx, `update petitions set person_name = '', personal_data_removed_at = now() where id = $1`, b.ID); err != nil {
		t.Fatal(err)
	}
	if got, _ := listPages(t, head, "/petitions?name="+tag); !slices.Equal(got, numbersOf(c, a)) {
		t.Errorf("after b's data was removed: %v", got)
	}
	// A word no name holds any more is not kept in the dictionary either;
	// one that others still hold stays.
	listInsert(t, srv.Pool, petitionstest.Row{Name: "Anna " + listTag()})
	var gone, kept bool
	if err := srv.Pool.QueryRow(ctx, `select not exists(select 1 from petition_name_dictionary where word = $1),
			exists(select 1 from petition_name_dictionary where word = 'anna')`, tag+"b").Scan(&gone, &kept); err != nil {
		t.Fatal(err)
	}
	if !gone || !kept {
		t.Errorf("after b's data was removed: its own word gone %t, a common word kept %t", gone, kept)
	}
	// Through inserts, a change of name and a removal, the dictionary's
	// counts are the words' rows, and it holds every word in use.
	if _, err := srv.Pool.Exec(ctx, `delete from petitions where id = $1`, c.ID); err != nil {
		t.Fatal(err)
	}
	var wrong, missing int
	if err := srv.Pool.QueryRow(ctx, `select
			(select count(*) from petition_name_dictionary d
			 where d.n <> (select count(*) from petition_name_words w where w.word = d.word) or d.n = 0),
			(select count(*) from (select distinct word from petition_name_words) w
			 where not exists (select 1 from petition_name_dictionary d where d.word = w.word))`).Scan(&wrong, &missing); err != nil {
		t.Fatal(err)
	}
	if wrong != 0 || missing != 0 {
		t.Errorf("the dictionary: %d words with a wrong count, %d words in use missing", wrong, missing)
	}
}

// Pages of a name search merge the submissions of every word the search
// word starts, newest first, each once; and a search word that starts too
// many words to look up still finds them all.
func TestListNameWordsPaging(t *testing.T) {
	srv := server(t)
	head := srv.Client(t, "head")
	tag := listTag()
	base := testNow.Add(-time.Hour).Truncate(time.Second)
	var want []string
	for i := range 70 {
		// Three words take turns, and pairs share a receipt time.
		word := tag + string(rune('a'+i%3))
		p := listInsert(t, srv.Pool, petitionstest.Row{Name: "Vārds " + word, Received: base.Add(-time.Duration(i/2) * time.Minute)})
		want = append(want, p.Number)
	}
	got, count := listPages(t, head, "/petitions?name="+tag)
	if len(got) != len(want) || !strings.HasSuffix(count, ": 70") {
		t.Fatalf("%d rows over the pages (count %s), want 70", len(got), count)
	}
	seen := map[string]bool{}
	for _, n := range got {
		if seen[n] {
			t.Fatalf("%s shown twice", n)
		}
		seen[n] = true
	}
	// Newest first: want is in receipt order; within a pair the id decides.
	for i := 0; i < len(want); i += 2 {
		pair := []string{want[i], want[i+1]}
		if !sameSetStrings(got[i:i+2], pair) {
			t.Fatalf("rows %d–%d: %v, want %v", i, i+1, got[i:i+2], pair)
		}
	}

	// More words than the dictionary lookup takes: the names are filtered instead.
	other := listTag()
	var many []petitionstest.Inserted
	for i := range 105 {
		many = append(many, listInsert(t, srv.Pool, petitionstest.Row{Name: "Vārds " + other + strconv.Itoa(i)}))
	}
	got, count = listPages(t, head, "/petitions?name="+other)
	if !sameSet(got, many...) || !strings.HasSuffix(count, ": 105") {
		t.Errorf("a word starting %d dictionary words: %d rows, count %s", len(many), len(got), count)
	}
	if petitions.ListPageSize*3 < len(many) {
		t.Fatal("the page size grew: the test wants three pages at most")
	}
}

func sameSetStrings(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

// A search repeated after a new word came into the names finds that word
// too: what the server keeps of a search gives way to the new dictionary.
func TestListNameSearchSeesNewWords(t *testing.T) {
	srv := server(t)
	head := srv.Client(t, "head")
	tag := listTag()
	first := listInsert(t, srv.Pool, petitionstest.Row{Name: "Vārds " + tag + "pirmais", Received: testNow.Add(-2 * time.Hour)})
	for range 2 { // the second time from what the server kept
		if got, _ := listPages(t, head, "/petitions?name="+tag); !slices.Equal(got, numbersOf(first)) {
			t.Fatalf("before: %v", got)
		}
	}
	second := listInsert(t, srv.Pool, petitionstest.Row{Name: "Vārds " + tag + "otrais", Received: testNow.Add(-time.Hour)})
	if got, _ := listPages(t, head, "/petitions?name="+tag); !slices.Equal(got, numbersOf(second, first)) {
		t.Errorf("after a new word: %v, want %v", got, numbersOf(second, first))
	}
}

// A name with two words that one search word starts is one submission, in
// the rows and in a count past the bound.
func TestListNameCountsSubmissionsOnce(t *testing.T) {
	srv := server(t)
	head := srv.Client(t, "head")
	tag := listTag()
	ctx := context.Background()
	listInsert(t, srv.Pool, petitionstest.Row{Name: "Dubults " + tag + "a " + tag + "b"}) // makes the case
	n := petitions.CountBound/2 + 100
	if _, err := srv.Pool.Exec(ctx, `insert into petitions (reg_number, case_id, reg_year, reg_seq, received_at, channel, doc_type,
			person_name, addressee_id, subject, due_date, legal_due_date, due_explanation, check_code, idempotency_key)
		select 'SAR-D/' || $1 || '/' || g, $4, 2097, g - 1 + $3, $5::timestamptz, 'email', 'letter',
			'Dubults ' || $1 || 'a ' || $1 || 'b', (select id from users where username = 'chair'), 'Par skaitu', $5::timestamptz::date, $5::timestamptz::date, '{}', 'SARTEST3',
			'list-double-' || $1 || '-' || g
		from generate_series(1, $2) g`, tag, n-1, petitionstest.Seqs(n), listCase.c.ID, testNow); err != nil {
		t.Fatal(err)
	}
	res := head.Get(t, "/petitions?name="+tag)
	if got, want := between(res.Body, `data-testid="count"`, "</p>"), ": "+i18n.Number(int64(n)); !strings.HasSuffix(got, want) {
		t.Errorf("count %s, want %d", got, n)
	}
}

// Cyrillic names, names with digits and words joined by an underscore are
// found by each of their words, whatever the database's own locale.
func TestListNameWordsOfEveryScript(t *testing.T) {
	srv := server(t)
	head := srv.Client(t, "head")
	tag := listTag()
	ru := listInsert(t, srv.Pool, petitionstest.Row{Name: "Иван Петров " + tag})
	mixed := listInsert(t, srv.Pool, petitionstest.Row{Name: "Vārds " + tag + "long_" + tag + "s 3b"})
	for _, tc := range []struct {
		q    string
		want []petitionstest.Inserted
	}{
		{"петров " + tag, []petitionstest.Inserted{ru}},
		{"ИВ " + tag, []petitionstest.Inserted{ru}},
		{tag + "long " + tag + "s", []petitionstest.Inserted{mixed}},
		{tag + "s 3b", []petitionstest.Inserted{mixed}},
		{"3 " + tag + "s", []petitionstest.Inserted{mixed}},
	} {
		if got, _ := listPages(t, head, "/petitions?name="+url.QueryEscape(tc.q)); !sameSet(got, tc.want...) {
			t.Errorf("name=%q: %v, want %v", tc.q, got, numbersOf(tc.want...))
		}
	}
}

// The filters offer a member of the management added a moment ago, though
// the server keeps the people it offered before.
func TestListFiltersOfferNewPeople(t *testing.T) {
	srv := server(t)
	head := srv.Client(t, "head")
	name := "Jauna Deputāte " + listTag()
	for range 2 {
		if res := head.Get(t, "/petitions"); strings.Contains(res.Body, name) {
			t.Fatal("offered before being added")
		}
	}
	if _, err := srv.Pool.Exec(context.Background(), `insert into users (username, full_name, roles, password_hash)
		values ($1, $2, '{management}', 'x')`, "dep-"+listTag(), name); err != nil {
		t.Fatal(err)
	}
	if res := head.Get(t, "/petitions"); !strings.Contains(res.Body, name) {
		t.Error("a new member of the management is not offered as addressee")
	}
}
