package petitions_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/daugavpils/prdesk/internal/app"
	"github.com/daugavpils/prdesk/internal/apptest"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/petitions"
	"github.com/daugavpils/prdesk/internal/petitions/petitionstest"
)

func cardPath(p *petitions.Petition) string { return "/petitions/" + strconv.FormatInt(p.ID, 10) }

func cardCount(t *testing.T, pool *pgxpool.Pool, sql string, args ...any) int {
	t.Helper()
	var n int
	if err := pool.QueryRow(context.Background(), sql, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return n
}

func cardViews(t *testing.T, pool *pgxpool.Pool, id int64) int {
	return cardCount(t, pool, `select count(*) from audit_log where entity = 'petition' and entity_id = $1 and action = 'view'`,
		strconv.FormatInt(id, 10))
}

func TestCardAccessByRole(t *testing.T) {
	srv := server(t)
	own := register(t, srv.Pool, petitionstest.Sub{By: "clerk"})
	others := register(t, srv.Pool, petitionstest.Sub{By: "staff"})
	yesterday := register(t, srv.Pool, petitionstest.Sub{By: "clerk", At: testNow.AddDate(0, 0, -1)})

	cases := []struct {
		user string
		p    *petitions.Petition
		want int
	}{
		{"staff", others, http.StatusOK},
		{"head", others, http.StatusOK},
		{"director", others, http.StatusOK},
		{"chair", others, http.StatusOK}, // the addressee
		{"clerk", own, http.StatusOK},
		{"clerk", others, http.StatusForbidden},
		{"clerk", yesterday, http.StatusForbidden},
		{"admin", others, http.StatusForbidden},
	}
	for _, c := range cases {
		t.Run(c.user, func(t *testing.T) {
			before := cardViews(t, srv.Pool, c.p.ID)
			res := srv.Client(t, c.user).Get(t, cardPath(c.p))
			if res.StatusCode != c.want {
				t.Fatalf("GET card as %s: %d, want %d", c.user, res.StatusCode, c.want)
			}
			after := cardViews(t, srv.Pool, c.p.ID)
			if c.want == http.StatusOK {
				if after != before+1 {
					t.Errorf("views in audit log: %d → %d, want one more", before, after)
				}
				if !strings.Contains(res.Body, c.p.RegNumber) || !strings.Contains(res.Body, c.p.PersonName) {
					t.Errorf("card lacks the number or the person")
				}
			} else if after != before {
				t.Errorf("a refused opening was logged as a view")
			}
		})
	}

	t.Run("missing", func(t *testing.T) {
		if res := srv.Client(t, "staff").Get(t, "/petitions/999999999"); res.StatusCode != http.StatusNotFound {
			t.Fatalf("missing card: %d", res.StatusCode)
		}
	})
	t.Run("print", func(t *testing.T) {
		before := cardViews(t, srv.Pool, others.ID)
		res := srv.Client(t, "staff").Get(t, cardPath(others)+"/print")
		if res.StatusCode != http.StatusOK || !strings.Contains(res.Body, others.RegNumber) {
			t.Fatalf("print: %d", res.StatusCode)
		}
		if cardViews(t, srv.Pool, others.ID) != before+1 {
			t.Error("printing the card is not in the audit log")
		}
	})
}

func TestCardShowsHowTheDeadlineWasComputed(t *testing.T) {
	srv := server(t)
	p := register(t, srv.Pool, petitionstest.Sub{})
	res := srv.Client(t, "staff").Get(t, cardPath(p))
	if res.StatusCode != http.StatusOK {
		t.Fatalf("card: %d", res.StatusCode)
	}
	for _, want := range []string{
		"Kā termiņš aprēķināts",
		"Termiņa sākums",
		"Iesniegumu likum", // the legal basis of the rule
		p.LegalDueDate.Format("02.01.2006."),
		"Anna Zvaigzne",
		"Nodot vīzēšanai", // the clerk's or staff's next step
	} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("card lacks %q", want)
		}
	}
}

func TestCardNamesTheHolidaysItSkipped(t *testing.T) {
	srv := server(t)
	// Received on Monday 30 March 2026: ten working days step over Good
	// Friday and Easter Monday as well as two weekends.
	received := time.Date(2026, 3, 30, 10, 0, 0, 0, i18n.Riga)
	p := register(t, srv.Pool, petitionstest.Sub{Received: received, By: "staff"})
	res := srv.Client(t, "staff").Get(t, cardPath(p))
	if res.StatusCode != http.StatusOK {
		t.Fatalf("card: %d", res.StatusCode)
	}
	how := between(res.Body, `data-testid="deadline-how"`, "</details>")
	for _, want := range []string{"03.04.2026., piektdiena — Lielā Piektdiena", "06.04.2026., pirmdiena — Otrās Lieldienas",
		"05.04.2026., svētdiena — Lieldienas", "31.03.2026.", "15.04.2026.",
		// Saturday 4, Saturday 11 and Sunday 12 April: Easter Sunday is a
		// holiday, named once, and not counted again among the weekend days.
		"3 sestdienas un svētdienas"} {
		if !strings.Contains(how, want) {
			t.Errorf("the deadline's explanation lacks %q", want)
		}
	}
	if n := strings.Count(how, "05.04.2026."); n != 1 {
		t.Errorf("Easter Sunday is written %d times", n)
	}
	// Due on 15 April; the server's clock says 10 June.
	if !strings.Contains(res.Body, "Nokavēts") {
		t.Error("an overdue submission is not marked overdue")
	}
}

func TestCardAnonymous(t *testing.T) {
	srv := server(t)
	p := register(t, srv.Pool, petitionstest.Sub{Anonymous: true})
	res := srv.Client(t, "staff").Get(t, cardPath(p))
	if res.StatusCode != http.StatusOK || !strings.Contains(res.Body, "Anonīms") {
		t.Fatalf("anonymous card: %d", res.StatusCode)
	}
}

func TestStatusPage(t *testing.T) {
	// An app of its own: the lookups it makes are counted against this client.
	srv := apptest.NewWithConfig(t, func(*app.Config) {})
	srv.Clock.Set(t, testNow)
	p := register(t, srv.Pool, petitionstest.Sub{})
	anon := srv.Anonymous(t)

	res := anon.Get(t, "/status")
	if res.StatusCode != http.StatusOK || !strings.Contains(res.Body, "Pārbaudes kods") {
		t.Fatalf("status form: %d", res.StatusCode)
	}
	if strings.Contains(res.Body, "sidenav") {
		t.Error("the public page shows the intranet's navigation")
	}

	res = anon.PostForm(t, "/status", url.Values{"number": {p.RegNumber}, "code": {strings.ToLower(p.CheckCode)}})
	if res.StatusCode != http.StatusOK {
		t.Fatalf("right pair: %d", res.StatusCode)
	}
	if !strings.Contains(res.Body, "Reģistrēts") || !strings.Contains(res.Body, p.LegalDueDate.Format("02.01.2006.")) {
		t.Error("the status page does not show the state and the due date")
	}
	for _, personal := range []string{p.PersonName, "Zvaigzne", "example.lv", "Rīgas iela", "Ielu apgaismojums"} {
		if strings.Contains(res.Body, personal) {
			t.Errorf("the status page shows %q", personal)
		}
	}

	wrongCode := anon.PostForm(t, "/status", url.Values{"number": {p.RegNumber}, "code": {"WRONG234"}})
	wrongNumber := anon.PostForm(t, "/status", url.Values{"number": {"KART-1/1999/1"}, "code": {p.CheckCode}})
	for _, r := range []*apptest.Response{wrongCode, wrongNumber} {
		if r.StatusCode != http.StatusNotFound || !strings.Contains(r.Body, `data-testid="not-found"`) || strings.Contains(r.Body, "Reģistrēts") {
			t.Errorf("a wrong pair: %d", r.StatusCode)
		}
	}
	// The same message whichever part was wrong.
	msg := func(body string) string {
		i := strings.Index(body, `data-testid="not-found"`)
		return body[i : i+200]
	}
	if msg(wrongCode.Body) != msg(wrongNumber.Body) {
		t.Error("wrong code and wrong number answer differently")
	}

	// Three lookups so far; the limit is ten a minute.
	for i := 4; i <= 10; i++ {
		if r := anon.PostForm(t, "/status", url.Values{"number": {p.RegNumber}, "code": {"WRONG234"}}); r.StatusCode == http.StatusTooManyRequests {
			t.Fatalf("lookup %d refused", i)
		}
	}
	res = anon.PostForm(t, "/status", url.Values{"number": {p.RegNumber}, "code": {p.CheckCode}})
	if res.StatusCode != http.StatusTooManyRequests || !strings.Contains(res.Body, "Pārāk daudz") {
		t.Fatalf("11th lookup: %d", res.StatusCode)
	}
}

// A month term counts every day: the card says only why its end moved,
// and names its rule "1 mēnesis" ("1 month"), not "1 mēn." or "1 months".
func TestCardExplainsAMonthTermByItsEnd(t *testing.T) {
	srv := server(t)
	// Received Wednesday 2 April 2025 (the old rules): the month ends on
	// Friday 2 May, a day off by the Cabinet's order; 3–5 May are off too.
	received := time.Date(2025, 4, 2, 10, 0, 0, 0, i18n.Riga)
	p := register(t, srv.Pool, petitionstest.Sub{Received: received, By: "staff"})
	if got := i18n.Date(p.DueDate); got != "06.05.2025." {
		t.Fatalf("due %s, want 06.05.2025.", got)
	}
	res := srv.Client(t, "staff").Get(t, cardPath(p))
	how := between(res.Body, `data-testid="deadline-how"`, "</details>")
	for _, want := range []string{"1 mēnesis", "02.05.2025.", "06.05.2025.",
		"02.05.2025., piektdiena — Darba diena pārcelta uz sestdienu, 10. maiju",
		"03.05.2025., sestdiena", "04.05.2025., svētdiena — Latvijas Republikas Neatkarības deklarācijas pasludināšanas diena",
		"05.05.2025., pirmdiena — Brīvdiena: 4. maijs iekrīt brīvdienā"} {
		if !strings.Contains(how, want) {
			t.Errorf("the explanation lacks %q", want)
		}
	}
	// Every day of April counts: neither the weekends nor Good Friday and
	// Easter Monday 2025 are listed as days not counted.
	for _, not := range []string{"18.04.2025.", "21.04.2025.", "sestdienas un svētdienas", "Neieskaitītās dienas", "1 mēn."} {
		if strings.Contains(how, not) {
			t.Errorf("a month term's explanation lists %q", not)
		}
	}
	if n := strings.Count(how, "04.05.2025."); n != 1 {
		t.Errorf("Sunday 4 May, a holiday, is written %d times", n)
	}
	en := srv.Client(t, "staff")
	en.PostForm(t, "/lang", url.Values{"lang": {"en"}})
	defer en.PostForm(t, "/lang", url.Values{"lang": {"lv"}})
	how = between(en.Get(t, cardPath(p)).Body, `data-testid="deadline-how"`, "</details>")
	if !strings.Contains(how, "1 month —") || strings.Contains(how, "1 months") {
		t.Errorf("English: %s", how)
	}
}

// A Saturday worked by the Cabinet's order is named: in a month term that
// ends on it (the term ends there), and in a working-day term it counts.
func TestCardNamesAWorkedSaturday(t *testing.T) {
	srv := server(t)
	staff := srv.Client(t, "staff")
	// 10 April 2025 + one month = Saturday 10 May 2025, worked.
	month := register(t, srv.Pool, petitionstest.Sub{Received: time.Date(2025, 4, 10, 10, 0, 0, 0, i18n.Riga), By: "staff"})
	how := between(staff.Get(t, cardPath(month)).Body, `data-testid="deadline-how"`, "</details>")
	if !strings.Contains(how, `data-testid="deadline-worked"`) || !strings.Contains(how, "10.05.2025., sestdiena — Darba diena (pārcelta no piektdienas, 2. maija)") ||
		strings.Contains(how, `data-testid="deadline-moved"`) || i18n.Date(month.DueDate) != "10.05.2025." {
		t.Errorf("month term ending on a worked Saturday (due %s): %s", i18n.Date(month.DueDate), how)
	}
	// Friday 26 June 2026 + ten working days: Saturday 27 June is the first.
	days := register(t, srv.Pool, petitionstest.Sub{Received: time.Date(2026, 6, 26, 10, 0, 0, 0, i18n.Riga), By: "staff"})
	how = between(staff.Get(t, cardPath(days)).Body, `data-testid="deadline-how"`, "</details>")
	for _, want := range []string{"10 darbdienas", "Ieskaitītās darba sestdienas", "27.06.2026., sestdiena — Darba diena (pārcelta no pirmdienas, 22. jūnija)",
		"Neieskaitītās dienas", "3 sestdienas un svētdienas", "09.07.2026."} {
		if !strings.Contains(how, want) {
			t.Errorf("working-day term lacks %q: %s", want, how)
		}
	}
}
