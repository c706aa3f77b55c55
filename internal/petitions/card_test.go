package petitions_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/daugavpils/prdesk/internal/app"
	"github.com/daugavpils/prdesk/internal/apptest"
	"github.com/daugavpils/prdesk/internal/calendar"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/petitions"
)

// cardSeq keeps the test submissions' numbers apart from those the
// registering form hands out (which start at 1).
var cardSeq atomic.Int64

// cardNew describes a submission a test puts straight into the table.
type cardNew struct {
	Addressee string // username; chair when empty
	CreatedBy string // username; clerk when empty
	Reply     string // reply channel; email when empty
	Anonymous bool
	Created   time.Time // zero: now
	Received  time.Time // zero: an hour ago
}

type cardPetition struct {
	ID        int64
	Number    string
	CheckCode string
	Name      string
	LegalDue  time.Time
}

func cardUserID(t *testing.T, pool *pgxpool.Pool, username string) int64 {
	t.Helper()
	var id int64
	if err := pool.QueryRow(context.Background(), `select id from users where username = $1`, username).Scan(&id); err != nil {
		t.Fatalf("user %s: %v", username, err)
	}
	return id
}

// cardInsert registers a submission directly, received an hour ago, with its deadline by the rules.
func cardInsert(t *testing.T, pool *pgxpool.Pool, in cardNew) cardPetition {
	t.Helper()
	ctx := context.Background()
	if in.Addressee == "" {
		in.Addressee = "chair"
	}
	if in.CreatedBy == "" {
		in.CreatedBy = "clerk"
	}
	if in.Reply == "" {
		in.Reply = "email"
	}
	if in.Created.IsZero() {
		in.Created = time.Now()
	}
	var caseID int64
	err := pool.QueryRow(ctx, `insert into doc_cases (case_index, title, retention_years)
		values ('KART-1', 'Iedzīvotāju iesniegumi (kartītes tests)', 5)
		on conflict (case_index) do update set title = excluded.title returning id`).Scan(&caseID)
	if err != nil {
		t.Fatal(err)
	}
	rules, err := petitions.NewStore(petitions.Deps{Pool: pool}).Rules(ctx)
	if err != nil {
		t.Fatal(err)
	}
	cal, err := calendar.NewStore(pool).Load(ctx, pool)
	if err != nil {
		t.Fatal(err)
	}
	received := in.Received
	if received.IsZero() {
		received = time.Now().Add(-time.Hour)
	}
	rule, ok := petitions.RuleFor(rules, petitions.RuleAnswer, received)
	if !ok {
		t.Fatal("no answer rule")
	}
	dl, err := petitions.ComputeDeadline(cal, rule, received)
	if err != nil {
		t.Fatal(err)
	}
	seq := 900000 + cardSeq.Add(1)
	year := received.Year()
	p := cardPetition{
		Number:    fmt.Sprintf("KART-1/%d/%d", year, seq),
		CheckCode: "KC" + strconv.FormatInt(seq, 10),
		Name:      "Anna Zvaigzne " + strconv.FormatInt(seq, 10),
		LegalDue:  dl.Due,
	}
	name, email, address := p.Name, fmt.Sprintf("anna%d@example.lv", seq), "Rīgas iela 1, Daugavpils"
	var reply *string
	if in.Anonymous {
		name, email, address, p.Name = "", "", "", ""
	} else {
		reply = &in.Reply
	}
	err = pool.QueryRow(ctx, `insert into petitions (reg_number, case_id, reg_year, reg_seq, received_at, channel, doc_type,
			anonymous, person_name, person_address, person_email, reply_channel, addressee_id, subject, summary,
			due_date, legal_due_date, due_explanation, check_code, idempotency_key, created_at, created_by)
		values ($1, $2, $3, $4, $5, 'email', 'submission', $6, $7, $8, $9, $10,
			(select id from users where username = $11), 'Ielu apgaismojums Cietokšņa ielā', 'Lūdz salabot laternas.',
			$12, $12, $13, $14, $15, $16, (select id from users where username = $17))
		returning id`,
		p.Number, caseID, year, seq, received, in.Anonymous, name, address, email, reply,
		in.Addressee, dl.Due, dl, p.CheckCode, "card-test-"+strconv.FormatInt(seq, 10), in.Created, in.CreatedBy).Scan(&p.ID)
	if err != nil {
		t.Fatalf("insert petition: %v", err)
	}
	if _, err := pool.Exec(ctx, `insert into petition_events (petition_id, kind, to_state, created_by)
		values ($1, 'registered', 'registered', (select id from users where username = $2))`, p.ID, in.CreatedBy); err != nil {
		t.Fatal(err)
	}
	return p
}

func cardPath(p cardPetition) string { return "/petitions/" + strconv.FormatInt(p.ID, 10) }

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
	srv := apptest.New(t)
	apptest.SeedDemo(t, srv) // until the test builds its own rows
	own := cardInsert(t, srv.Pool, cardNew{CreatedBy: "clerk"})
	others := cardInsert(t, srv.Pool, cardNew{CreatedBy: "staff"})
	yesterday := cardInsert(t, srv.Pool, cardNew{CreatedBy: "clerk", Created: time.Now().AddDate(0, 0, -1)})

	cases := []struct {
		user string
		p    cardPetition
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
				if !strings.Contains(res.Body, c.p.Number) || !strings.Contains(res.Body, c.p.Name) {
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
		if res.StatusCode != http.StatusOK || !strings.Contains(res.Body, others.Number) {
			t.Fatalf("print: %d", res.StatusCode)
		}
		if cardViews(t, srv.Pool, others.ID) != before+1 {
			t.Error("printing the card is not in the audit log")
		}
	})
}

func TestCardShowsHowTheDeadlineWasComputed(t *testing.T) {
	srv := apptest.New(t)
	apptest.SeedDemo(t, srv) // until the test builds its own rows
	p := cardInsert(t, srv.Pool, cardNew{})
	res := srv.Client(t, "staff").Get(t, cardPath(p))
	if res.StatusCode != http.StatusOK {
		t.Fatalf("card: %d", res.StatusCode)
	}
	for _, want := range []string{
		"Kā termiņš aprēķināts",
		"Termiņa sākums",
		"Iesniegumu likum", // the legal basis of the rule
		p.LegalDue.Format("02.01.2006."),
		"Anna Zvaigzne",
		"Nodot vīzēšanai", // the clerk's or staff's next step
	} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("card lacks %q", want)
		}
	}
}

func TestCardNamesTheHolidaysItSkipped(t *testing.T) {
	srv := apptest.New(t)
	apptest.SeedDemo(t, srv) // until the test builds its own rows
	// Received on Monday 30 March 2026: ten working days step over Good
	// Friday and Easter Monday as well as two weekends.
	received := time.Date(2026, 3, 30, 10, 0, 0, 0, i18n.Riga)
	p := cardInsert(t, srv.Pool, cardNew{Received: received, CreatedBy: "staff"})
	res := srv.Client(t, "staff").Get(t, cardPath(p))
	if res.StatusCode != http.StatusOK {
		t.Fatalf("card: %d", res.StatusCode)
	}
	for _, want := range []string{"03.04.2026. Lielā Piektdiena", "06.04.2026. Otrās Lieldienas", "3 brīvdienas", "05.04.2026. Lieldienas", "31.03.2026.", "15.04.2026."} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("the deadline's explanation lacks %q", want)
		}
	}
	if !strings.Contains(res.Body, "Nokavēts") && time.Now().After(p.LegalDue.AddDate(0, 0, 1)) {
		t.Error("an overdue submission is not marked overdue")
	}
}

func TestCardAnonymous(t *testing.T) {
	srv := apptest.New(t)
	apptest.SeedDemo(t, srv) // until the test builds its own rows
	p := cardInsert(t, srv.Pool, cardNew{Anonymous: true})
	res := srv.Client(t, "staff").Get(t, cardPath(p))
	if res.StatusCode != http.StatusOK || !strings.Contains(res.Body, "Anonīms") {
		t.Fatalf("anonymous card: %d", res.StatusCode)
	}
}

func TestStatusPage(t *testing.T) {
	// An app of its own: the lookups it makes are counted against this client.
	srv := apptest.NewWithConfig(t, func(*app.Config) {})
	apptest.SeedDemo(t, srv) // until the test builds its own rows
	p := cardInsert(t, srv.Pool, cardNew{})
	anon := srv.Anonymous(t)

	res := anon.Get(t, "/status")
	if res.StatusCode != http.StatusOK || !strings.Contains(res.Body, "Pārbaudes kods") {
		t.Fatalf("status form: %d", res.StatusCode)
	}
	if strings.Contains(res.Body, "sidenav") {
		t.Error("the public page shows the intranet's navigation")
	}

	res = anon.PostForm(t, "/status", url.Values{"number": {p.Number}, "code": {strings.ToLower(p.CheckCode)}})
	if res.StatusCode != http.StatusOK {
		t.Fatalf("right pair: %d", res.StatusCode)
	}
	if !strings.Contains(res.Body, "Reģistrēts") || !strings.Contains(res.Body, p.LegalDue.Format("02.01.2006.")) {
		t.Error("the status page does not show the state and the due date")
	}
	for _, personal := range []string{p.Name, "Zvaigzne", "example.lv", "Rīgas iela", "Ielu apgaismojums"} {
		if strings.Contains(res.Body, personal) {
			t.Errorf("the status page shows %q", personal)
		}
	}

	wrongCode := anon.PostForm(t, "/status", url.Values{"number": {p.Number}, "code": {"WRONG234"}})
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
		if r := anon.PostForm(t, "/status", url.Values{"number": {p.Number}, "code": {"WRONG234"}}); r.StatusCode == http.StatusTooManyRequests {
			t.Fatalf("lookup %d refused", i)
		}
	}
	res = anon.PostForm(t, "/status", url.Values{"number": {p.Number}, "code": {p.CheckCode}})
	if res.StatusCode != http.StatusTooManyRequests || !strings.Contains(res.Body, "Pārāk daudz") {
		t.Fatalf("11th lookup: %d", res.StatusCode)
	}
}
