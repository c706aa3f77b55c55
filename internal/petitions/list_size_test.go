package petitions_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/daugavpils/prdesk/internal/apptest"
	"github.com/daugavpils/prdesk/internal/petitions"
	"github.com/daugavpils/prdesk/internal/petitions/petitionstest"
)

// listPageBytes is what a full page of the registry as the head sees it
// (every column, 50 believable submissions, every filter) may weigh. The
// aim for a list page is about 15 KB of HTML. The page's shell and its
// filters are about 8 KB of it, and a row's own text (number, dates,
// person, subject, addressee, executor, state, term) about 200 bytes. The
// page was 34 400 bytes when each cell named its wrapping, isolated its
// text in <bdi> and carried test ids; the rows now carry none of that
// (app.css says it once, by position). The bound keeps repeated markup
// from creeping back into the rows.
const listPageBytes = 26_000

// TestTheListPageStaysSmall: a page of 50 believable submissions stays near
// the aim for a list page, with its table still read the same way: a header
// per column, each row's number linking to its card, the terms under the
// due date.
func TestTheListPageStaysSmall(t *testing.T) {
	srv := server(t)
	head := srv.Client(t, "head")
	tag := listTag()
	people := []string{"Līga Vanaga", "Aivars Puķītis", "Jeļena Petrova", "Mārtiņš Ozoliņš", "Svetlana Kuzņecova", "Jānis Bērziņš"}
	subjects := []string{"Siltumapgāde bērnudārzā Jātnieku ielā", "Sabiedriskā transporta pieejamība cilvēkiem ratiņkrēslā",
		"Par ielas apgaismojumu Ķīmiķu mikrorajonā", "Koku zāģēšana pagalmā Raiņa ielā 23", "Bērnu rotaļu laukuma remonts"}
	for i := range 55 {
		row := petitionstest.Row{Name: people[i%len(people)] + " " + tag, Subject: subjects[i%len(subjects)],
			Received: testNow.Add(-time.Duration(i) * time.Hour)}
		switch i % 3 {
		case 0:
			row.State, row.Executor = petitions.InProgress, "staff"
		case 1:
			row.State, row.Forward = petitions.Registered, testNow.AddDate(0, 0, 3)
		default:
			row.State = petitions.AwaitingResolution
		}
		listInsert(t, srv.Pool, row)
	}
	res := head.Get(t, "/petitions?name="+tag)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("list: %d", res.StatusCode)
	}
	if got := len(listNumbers(res.Body)); got != petitions.ListPageSize {
		t.Fatalf("%d submissions on the page, want %d", got, petitions.ListPageSize)
	}
	for _, col := range []string{"Izpildītājs", "Stāvoklis"} {
		if !hasColumn(res.Body, col) {
			t.Errorf("the list has no column %s", col)
		}
	}
	for _, want := range []string{`<th scope="row"><a href="/petitions/`, `>Termiņš</a></th>`, "pārsūtīt līdz", `<td class="wide-only">`} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("the list lacks %s", want)
		}
	}
	apptest.PageWithin(t, fmt.Sprintf("the list page with %d submissions", petitions.ListPageSize), res.Body, listPageBytes, "PETITIONS_LIST_HTML")
}
