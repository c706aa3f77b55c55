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
	for _, want := range []string{"03.04.2026. Lielā Piektdiena", "06.04.2026. Otrās Lieldienas", "3 brīvdienas", "05.04.2026. Lieldienas", "31.03.2026.", "15.04.2026."} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("the deadline's explanation lacks %q", want)
		}
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
