package twincities_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/contacts"
	"github.com/daugavpils/prdesk/internal/contacts/contactstest"
	"github.com/daugavpils/prdesk/internal/db/dbtest"
	"github.com/daugavpils/prdesk/internal/errs"
	"github.com/daugavpils/prdesk/internal/mail"
	"github.com/daugavpils/prdesk/internal/twincities"
	tc "github.com/daugavpils/prdesk/internal/twincities/twincitiestest"
)

// refusal is where and why err refuses a form: "field: key".
func refusal(err error) string {
	if fe, ok := errs.AsField(err); ok {
		return fe.Field + ": " + fe.Key
	}
	if err == nil {
		return "<nil>"
	}
	return err.Error()
}

// unique makes a city name no other test uses.
func unique(t *testing.T, base string) string {
	return fmt.Sprintf("%s %s %d", base, strings.ReplaceAll(t.Name(), "/", " "), time.Now().UnixNano()%1_000_000)
}

func TestCreateUpdateAndConflicts(t *testing.T) {
	ctx := context.Background()
	s := tc.NewStore(t, dbtest.Pool(t))
	city := unique(t, "Lublina")
	a := twincities.Agreement{City: city, CityOriginal: "Lublin", Country: "PL", Status: twincities.Active,
		SignedOn: tc.DatePtr(2009, 4, 22), Languages: []string{"lv", "pl"}, Fields: []twincities.Field{twincities.Education, twincities.Culture},
		ReviewOn: tc.DatePtr(2027, 4, 22), IdempotencyKey: "key-" + fmt.Sprint(time.Now().UnixNano())}
	id, err := s.Create(ctx, a, nil)
	if err != nil {
		t.Fatal(err)
	}
	// The same form again: refused as a duplicate, one record.
	if _, err := s.Create(ctx, a, nil); !errors.Is(err, twincities.ErrDuplicateKey) {
		t.Fatalf("second create: %v", err)
	}
	if got, err := s.ByIdempotencyKey(ctx, a.IdempotencyKey); err != nil || got != id {
		t.Fatalf("by key: %d, %v", got, err)
	}
	got, err := s.Agreement(ctx, id)
	if err != nil || got.Version != 1 || got.Name() != city+" (Lublin)" || len(got.Fields) != 2 || got.SignedOn == nil {
		t.Fatalf("read back %+v, %v", got, err)
	}

	// Active without a date signed, review before signing: refused beside the field.
	bad := got
	bad.SignedOn = nil
	if err := s.Update(ctx, bad, nil); refusal(err) != "signed_on: twincities.err_signed_required" {
		t.Fatalf("unsigned: %s", refusal(err))
	}

	got.Status = twincities.Dormant
	if err := s.Update(ctx, got, nil); err != nil {
		t.Fatal(err)
	}
	// The same version again is stale: a conflict, nothing overwritten.
	got.Status = twincities.Ended
	err = s.Update(ctx, got, nil)
	if !errors.Is(err, errs.Conflict) {
		t.Fatalf("stale update: %v", err)
	}
	now, _ := s.Agreement(ctx, id)
	if now.Status != twincities.Dormant || now.Version != 2 {
		t.Fatalf("after stale update %+v", now)
	}
	tl, err := s.Timeline(ctx, id)
	if err != nil || len(tl) != 2 || tl[0].Action != "status" || !strings.Contains(tl[0].Summary, "„Darbojas” → „Neaktīvs”") {
		t.Fatalf("timeline %+v, %v", tl, err)
	}
	if _, err := s.Agreement(ctx, 999_999_999); !errors.Is(err, errs.NotFound) {
		t.Fatalf("unknown agreement: %v", err)
	}
}

func TestListFiltersSearchSortAndPages(t *testing.T) {
	ctx := context.Background()
	pool := dbtest.Pool(t)
	s := tc.NewStore(t, pool)
	tag := fmt.Sprint(time.Now().UnixNano() % 1_000_000)
	var ids []int64
	for i := range twincities.PageSize + 3 {
		ids = append(ids, tc.AddAgreement(t, pool, twincities.Agreement{City: fmt.Sprintf("Lapa%s %03d", tag, i), Country: "SE",
			SignedOn: tc.DatePtr(2000+i%20, 1, 1+i%28)}))
	}
	vit := tc.AddAgreement(t, pool, twincities.Agreement{City: "Vitebska" + tag, CityOriginal: "Віцебск" + tag, Country: "BY",
		Status: twincities.Dormant, Fields: []twincities.Field{twincities.Sport}})

	// Paged by city: every row once, in order.
	q := twincities.ListQuery{Q: "lapa" + tag}
	seen := map[int64]bool{}
	last := ""
	for pages := 0; ; pages++ {
		p, err := s.List(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if p.Total != twincities.PageSize+3 {
			t.Fatalf("total %d", p.Total)
		}
		for _, a := range p.Rows {
			if seen[a.ID] || a.City < last {
				t.Fatalf("%s out of order or twice", a.City)
			}
			seen[a.ID], last = true, a.City
		}
		if p.Next == nil {
			break
		}
		q.After = p.Next
		if pages > 3 {
			t.Fatal("more pages than rows")
		}
	}
	if len(seen) != len(ids) {
		t.Fatalf("saw %d of %d", len(seen), len(ids))
	}

	// Newest signed first, paged too.
	q = twincities.ListQuery{Q: "lapa" + tag, Sort: twincities.BySigned}
	p1, _ := s.List(ctx, q)
	q.After = p1.Next
	p2, _ := s.List(ctx, q)
	if len(p1.Rows)+len(p2.Rows) != len(ids) || p1.Rows[0].SignedOn.Before(*p2.Rows[len(p2.Rows)-1].SignedOn) {
		t.Fatalf("by signed: %d + %d rows", len(p1.Rows), len(p2.Rows))
	}

	// Diacritic-blind in either spelling; filters.
	for _, tcase := range []struct {
		q    twincities.ListQuery
		want int
	}{
		{twincities.ListQuery{Q: "vitebska" + tag}, 1},
		{twincities.ListQuery{Q: "ВІЦЕБСК" + tag}, 1},
		{twincities.ListQuery{Q: "vitebska" + tag, Status: twincities.Active}, 0},
		{twincities.ListQuery{Q: tag, Country: "BY"}, 1},
		{twincities.ListQuery{Q: tag, Field: twincities.Sport}, 1},
		{twincities.ListQuery{Q: "lapa" + tag, Field: twincities.Sport}, 0},
	} {
		p, err := s.List(ctx, tcase.q)
		if err != nil || p.Total != tcase.want || len(p.Rows) != tcase.want {
			t.Errorf("%+v: %d rows (total %d), %v; want %d", tcase.q, len(p.Rows), p.Total, err, tcase.want)
		}
		if tcase.want == 1 && p.Rows[0].ID != vit {
			t.Errorf("%+v found %s", tcase.q, p.Rows[0].City)
		}
	}

	// The export is audited with its count.
	var n int
	if _, err := s.Export(ctx, twincities.ListQuery{Q: "lapa" + tag}, "csv", func(twincities.Agreement) error { n++; return nil }); err != nil || n != len(ids) {
		t.Fatalf("export %d, %v", n, err)
	}
	var summary string
	if err := pool.QueryRow(ctx, `select summary from audit_log where entity = 'twin_agreement' and action = 'export' order by id desc limit 1`).Scan(&summary); err != nil ||
		!strings.Contains(summary, fmt.Sprintf("līgumu skaits: %d", len(ids))) {
		t.Fatalf("export audit %q, %v", summary, err)
	}
}

func TestLogDaysAndGreetingsPlan(t *testing.T) {
	ctx := context.Background()
	pool := dbtest.Pool(t)
	s := tc.NewStore(t, pool)
	a := tc.AddAgreement(t, pool, twincities.Agreement{City: unique(t, "Narva"), Country: "EE"})
	other := tc.AddAgreement(t, pool, twincities.Agreement{City: unique(t, "Cita"), Country: "EE"})
	day := tc.AddDay(t, pool, a, 9, 1, "Narvas pilsētas diena")
	otherDay := tc.AddDay(t, pool, other, 9, 1, "Cita diena")

	if _, err := s.AddDay(ctx, twincities.Day{AgreementID: a, Month: 9, Day: 1, Occasion: "Vēlreiz"}); refusal(err) != "day: twincities.days.err_taken" {
		t.Fatalf("the same day twice: %s", refusal(err))
	}
	if _, err := s.AddDay(ctx, twincities.Day{AgreementID: a, Month: 2, Day: 30, Occasion: "Nav"}); refusal(err) != "day: twincities.days.err_date" {
		t.Fatalf("30 February: %s", refusal(err))
	}

	e := twincities.LogEntry{AgreementID: a, Kind: twincities.Greeting, HappenedOn: tc.Date(2026, 8, 28), Field: twincities.Other,
		Result: "Nosūtīts apsveikums", DayID: &otherDay}
	if _, err := s.AddLog(ctx, e, ""); refusal(err) != "day_id: twincities.log.err_day" {
		t.Fatalf("another city's day: %s", refusal(err))
	}
	e.DayID = &day
	e.LinkURL = "javascript:alert(1)"
	if _, err := s.AddLog(ctx, e, ""); refusal(err) != "link_url: twincities.log.err_link" {
		t.Fatalf("a script link: %s", refusal(err))
	}
	e.LinkURL = "https://www.daugavpils.lv/foto/narva"
	key := "log-" + fmt.Sprint(time.Now().UnixNano())
	id, err := s.AddLog(ctx, e, key)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddLog(ctx, e, key); !errors.Is(err, twincities.ErrDuplicateKey) {
		t.Fatalf("the same form twice: %v", err)
	}
	plan, err := s.GreetingsPlan(ctx, 2026)
	if err != nil {
		t.Fatal(err)
	}
	var mine, theirs *twincities.PlannedGreeting
	for i := range plan {
		switch plan[i].Day.ID {
		case day:
			mine = &plan[i]
		case otherDay:
			theirs = &plan[i]
		}
	}
	if mine == nil || mine.Sent == nil || mine.Sent.ID != id || theirs == nil || theirs.Sent != nil {
		t.Fatalf("plan: mine %+v, theirs %+v", mine, theirs)
	}

	// Edit at its version; the old version is stale; delete.
	got, err := s.LogEntry(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	got.Result = "Nosūtīts apsveikums un dāvana"
	if err := s.UpdateLog(ctx, got); err != nil {
		t.Fatal(err)
	}
	if err := s.UpdateLog(ctx, got); !errors.Is(err, errs.Conflict) {
		t.Fatalf("stale log edit: %v", err)
	}
	if _, err := s.DeleteLog(ctx, id, got.Version); !errors.Is(err, errs.Conflict) {
		t.Fatalf("stale delete: %v", err)
	}
	if ag, err := s.DeleteLog(ctx, id, got.Version+1); err != nil || ag != a {
		t.Fatalf("delete: %d, %v", ag, err)
	}
	if _, err := s.DeleteLog(ctx, id, got.Version+1); !errors.Is(err, errs.NotFound) {
		t.Fatalf("delete again: %v", err)
	}
	// A day deleted: its greetings stay, no longer naming it.
	g := tc.AddLog(t, pool, twincities.LogEntry{AgreementID: a, Kind: twincities.Greeting, DayID: &day})
	if _, err := s.DeleteDay(ctx, day, 1); err != nil {
		t.Fatal(err)
	}
	if left, err := s.LogEntry(ctx, g); err != nil || left.DayID != nil {
		t.Fatalf("greeting after its day went: %+v, %v", left, err)
	}
}

func TestActivityAndSummary(t *testing.T) {
	ctx := context.Background()
	pool := dbtest.Pool(t)
	s := tc.NewStore(t, pool)
	a := tc.AddAgreement(t, pool, twincities.Agreement{City: unique(t, "Kutaisi"), Country: "GE", SignedOn: tc.DatePtr(2031, 5, 26)})
	tc.AddLog(t, pool, twincities.LogEntry{AgreementID: a, Kind: twincities.Visit, Field: twincities.Tourism, HappenedOn: tc.Date(2031, 6, 1)})
	tc.AddLog(t, pool, twincities.LogEntry{AgreementID: a, Kind: twincities.Event, Field: twincities.Culture, HappenedOn: tc.Date(2031, 7, 1)})
	tc.AddLog(t, pool, twincities.LogEntry{AgreementID: a, Kind: twincities.Event, Field: twincities.Culture, HappenedOn: tc.Date(2032, 1, 1)})

	acts, err := s.Activity(ctx, 2031, 2032)
	if err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	for _, ac := range acts {
		if ac.AgreementID == a {
			count[fmt.Sprintf("%d %s", ac.Year, ac.Field)] = ac.N
		}
	}
	if count["2031 tourism"] != 1 || count["2031 culture"] != 1 || count["2032 culture"] != 1 {
		t.Fatalf("activity %v", count)
	}

	// The year 2031 is this test's alone.
	r, err := s.Summary(ctx, tc.Date(2031, 1, 1), tc.Date(2032, 1, 1))
	if err != nil {
		t.Fatal(err)
	}
	if r.Signed != 1 || r.Entries != 2 || r.ByKind[twincities.Visit] != 1 || r.ByField[twincities.Culture] != 1 || r.CitiesWithActivity != 1 || r.Active < 1 {
		t.Fatalf("summary %+v", r)
	}
}

func TestReviewRemindersOnceEachDate(t *testing.T) {
	ctx := context.Background()
	pool := dbtest.Pool(t)
	s := tc.NewStore(t, pool)
	// The reminder goes to the account that registered the agreement
	// until the directory names a coordinator with an e-mail.
	var staff int64
	if err := pool.QueryRow(ctx, `insert into users (username, full_name, email, roles, password_hash)
		values ($1, 'Koordinatore Testa', 'koordinatore@example.lv', '{staff}', 'x') returning id`,
		fmt.Sprintf("coord%d", time.Now().UnixNano()%1_000_000_000)).Scan(&staff); err != nil {
		t.Fatal(err)
	}
	far := func(y int, m time.Month, d int) *time.Time { return tc.DatePtr(y, m, d) }
	add := func(city string, status twincities.Status, review *time.Time) int64 {
		var id int64
		err := pool.QueryRow(ctx, `insert into twin_agreements (city, country, status, signed_on, review_on, created_by)
			values ($1, 'LT', $2, '2005-01-01', $3, $4) returning id`, unique(t, city), status, review, staff).Scan(&id)
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	// The clock stands on 2041-03-01 for this test: its agreements alone are near review.
	s.Clock.Set(time.Date(2041, 3, 1, 5, 0, 0, 0, time.UTC))
	near := add("Tuvā", twincities.Active, far(2041, 3, 25))
	later := add("Tālā", twincities.Active, far(2041, 4, 15))
	ended := add("Izbeigtā", twincities.Ended, far(2041, 3, 10))

	var wg sync.WaitGroup
	for range 2 {
		wg.Go(func() {
			if _, err := s.SendReviewReminders(ctx, s.Jobs); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	mails := func(id int64) []mail.Outbox {
		out, err := mail.ForEntity(ctx, pool, "twin_agreement", id)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	if m := mails(near); len(m) != 1 || m[0].ToAddress != "koordinatore@example.lv" || !strings.Contains(m[0].Subject, "25.03.2041.") {
		t.Fatalf("near: %+v", m)
	}
	if len(mails(later)) != 0 || len(mails(ended)) != 0 {
		t.Fatal("a reminder too early, or for an ended agreement")
	}

	// The review moved: reminded again when the new date comes near.
	a, _ := s.Agreement(ctx, near)
	a.ReviewOn = far(2041, 5, 1)
	if err := s.Update(ctx, a, nil); err != nil {
		t.Fatal(err)
	}
	s.Clock.Set(time.Date(2041, 4, 2, 5, 0, 0, 0, time.UTC))
	if n, err := s.SendReviewReminders(ctx, s.Jobs); err != nil || n < 2 {
		t.Fatalf("second run: %d, %v", n, err)
	}
	if len(mails(near)) != 2 || len(mails(later)) != 1 {
		t.Fatalf("after the move: %d and %d mails", len(mails(near)), len(mails(later)))
	}
	if n, err := s.SendReviewReminders(ctx, s.Jobs); err != nil || n != 0 {
		t.Fatalf("third run sent %d, %v", n, err)
	}
}

func TestContactsFromTheDirectory(t *testing.T) {
	ctx := context.Background()
	pool := dbtest.Pool(t)
	s := tc.NewStore(t, pool)
	org := contactstest.Org(t, pool, unique(t, "Narvas pilsētas pašvaldība"), contacts.ForeignMunicipality)
	ours := contactstest.AddPerson(t, pool, contactstest.Person{Given: "Elīna", Family: "Vanaga", Emails: []string{"elina.vanaga@example.lv"}})
	theirs := contactstest.NewPerson(t, pool, "Kadri", "Tamm")

	a := twincities.Agreement{City: unique(t, "Narva"), Country: "EE", Status: twincities.Active, SignedOn: tc.DatePtr(2006, 9, 1),
		PartnerOrgID: &ours, OurCoordinatorID: &ours}
	if _, err := s.Create(ctx, a, nil); refusal(err) != "partner_org_id: contacts.err_unknown_contact" {
		t.Fatalf("a person as the partner municipality: %s", refusal(err))
	}
	missing := int64(999_999_999)
	a.PartnerOrgID = &missing
	if _, err := s.Create(ctx, a, nil); refusal(err) != "partner_org_id: contacts.err_unknown_contact" {
		t.Fatalf("no such contact: %s", refusal(err))
	}
	a.PartnerOrgID, a.PartnerCoordinatorID = &org, &theirs
	id, err := s.Create(ctx, a, nil)
	if err != nil {
		t.Fatal(err)
	}
	uses := func(contact int64) []string {
		rows, err := pool.Query(ctx, `select kind from contact_uses where contact_id = $1 and area = 'twincities' and record_ref = $2 order by kind`,
			contact, fmt.Sprint(id))
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for rows.Next() {
			var k string
			_ = rows.Scan(&k)
			out = append(out, k)
		}
		return out
	}
	if fmt.Sprint(uses(org)) != "[partner]" || fmt.Sprint(uses(ours)) != "[coordinator]" || fmt.Sprint(uses(theirs)) != "[coordinator]" {
		t.Fatalf("uses: %v %v %v", uses(org), uses(ours), uses(theirs))
	}
	names, err := s.Contacts(ctx, []int64{org, ours, missing})
	if err != nil || names[ours].Name != "Elīna Vanaga" || names[org].ID != org || len(names) != 2 {
		t.Fatalf("names %+v, %v", names, err)
	}

	// Another coordinator on their side: the old one is no longer recorded.
	other := contactstest.NewPerson(t, pool, "Liis", "Kask")
	got, _ := s.Agreement(ctx, id)
	got.PartnerCoordinatorID = &other
	if err := s.Update(ctx, got, nil); err != nil {
		t.Fatal(err)
	}
	if len(uses(theirs)) != 0 || fmt.Sprint(uses(other)) != "[coordinator]" {
		t.Fatalf("after the change: %v, %v", uses(theirs), uses(other))
	}
	// In force, the agreement holds its contacts from the directory's
	// retention; ended, it lets them go.
	held := func() []bool {
		rows, _ := pool.Query(ctx, `select held from contact_uses where area = 'twincities' and record_ref = $1 order by id`, fmt.Sprint(id))
		out, err := pgx.CollectRows(rows, pgx.RowTo[bool])
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	if fmt.Sprint(held()) != "[true true true]" {
		t.Fatalf("an agreement in force holds %v", held())
	}
	got, _ = s.Agreement(ctx, id)
	got.Status = twincities.Ended
	if err := s.Update(ctx, got, nil); err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(held()) != "[false false false]" {
		t.Fatalf("an ended agreement holds %v", held())
	}
	got, _ = s.Agreement(ctx, id)
	got.Status = twincities.Active
	if err := s.Update(ctx, got, nil); err != nil {
		t.Fatal(err)
	}

	// The review reminder goes to our coordinator's e-mail in the directory.
	if _, err := pool.Exec(ctx, `update twin_agreements set review_on = '2051-02-01' where id = $1`, id); err != nil {
		t.Fatal(err)
	}
	s.Clock.Set(time.Date(2051, 1, 10, 5, 0, 0, 0, time.UTC))
	if _, err := s.SendReviewReminders(ctx, s.Jobs); err != nil {
		t.Fatal(err)
	}
	out, err := mail.ForEntity(ctx, pool, "twin_agreement", id)
	if err != nil || len(out) != 1 || out[0].ToAddress != "elina.vanaga@example.lv" || out[0].ToName != "Elīna Vanaga" {
		t.Fatalf("reminder %+v, %v", out, err)
	}
}
