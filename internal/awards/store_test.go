package awards_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/daugavpils/prdesk/internal/awards"
	at "github.com/daugavpils/prdesk/internal/awards/awardstest"
	"github.com/daugavpils/prdesk/internal/contacts"
	"github.com/daugavpils/prdesk/internal/contacts/contactstest"
	"github.com/daugavpils/prdesk/internal/db"
	"github.com/daugavpils/prdesk/internal/db/dbtest"
	"github.com/daugavpils/prdesk/internal/demo"
	"github.com/daugavpils/prdesk/internal/errs"
	"github.com/daugavpils/prdesk/internal/mail"
)

func TestCommissionJourneyInTheStore(t *testing.T) {
	pool := dbtest.Pool(t)
	s := at.NewStore(t, pool)
	ctx := context.Background()
	ty := at.AddType(t, pool, "")
	rd := at.AddRound(t, pool, ty.ID, 2026, awards.Closed)
	a := at.AddNomination(t, pool, rd.ID, "Ārija", "Ločmele")
	b := at.AddNomination(t, pool, rd.ID, "Pēteris", "Šķēle")
	m1 := at.AddContactMember(t, pool, rd.ID)
	m2 := at.AddContactMember(t, pool, rd.ID)
	mem1, _ := s.Member(ctx, m1)
	mem2, _ := s.Member(ctx, m2)

	// Scoring before a declaration is refused beside the form.
	c1, c2 := ty.Criteria[0].ID, ty.Criteria[1].ID
	if err := s.SaveScores(ctx, mem1, a, map[int64]int{c1: 9, c2: 9}); err == nil {
		t.Fatal("scored before declaring")
	}
	if err := s.Declare(ctx, mem1, a, false, ""); err != nil {
		t.Fatal(err)
	}
	if err := s.Declare(ctx, mem1, b, true, "Radinieks"); err != nil {
		t.Fatal(err)
	}
	// A declaration stands.
	if err := s.Declare(ctx, mem1, b, false, ""); err == nil {
		t.Fatal("a conflict was taken back")
	}
	// A member with a conflict does not score it.
	if err := s.SaveScores(ctx, mem1, b, map[int64]int{c1: 10}); !errors.Is(err, errs.Forbidden) {
		t.Fatalf("scored with a conflict: %v", err)
	}
	if err := s.SaveScores(ctx, mem1, a, map[int64]int{c1: 9, c2: 9}); err != nil {
		t.Fatal(err)
	}
	for _, n := range []int64{a, b} {
		if err := s.Declare(ctx, mem2, n, false, ""); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.SaveScores(ctx, mem2, a, map[int64]int{c1: 5, c2: 5}); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveScores(ctx, mem2, b, map[int64]int{c1: 7, c2: 7}); err != nil {
		t.Fatal(err)
	}
	rk, err := s.Ranking(ctx, rd, ty)
	if err != nil {
		t.Fatal(err)
	}
	// a: mean 7 on both; b: 7 on both (only member 2): a tie for first.
	if len(rk) != 2 || rk[0].Place != 1 || rk[1].Place != 1 || !rk[0].Tie {
		t.Fatalf("ranking %+v", rk)
	}
	// A round not judged takes no decision; a judged one does.
	if err := s.Decide(ctx, awards.Decision{RoundID: rd.ID, Version: rd.Version, Number: "5/12", Date: at.Date(2026, 5, 28), Laureates: []int64{a}}); err == nil {
		t.Fatal("decided a round being scored")
	}
	if err := s.Advance(ctx, rd.ID, awards.Closed); err != nil {
		t.Fatal(err)
	}
	rd, _ = s.Round(ctx, rd.ID)
	if err := s.Decide(ctx, awards.Decision{RoundID: rd.ID, Version: rd.Version, Body: ty.DecisionBody, Number: "5/12",
		Date: at.Date(2026, 5, 28), Laureates: []int64{a, b, a + b}}); err == nil {
		t.Fatal("more laureates than the statute allows, or one not of the round")
	}
	if err := s.Decide(ctx, awards.Decision{RoundID: rd.ID, Version: rd.Version, Body: ty.DecisionBody, Number: "5/12",
		Date: at.Date(2026, 5, 28), Laureates: []int64{a}}); err != nil {
		t.Fatal(err)
	}
	rd, _ = s.Round(ctx, rd.ID)
	if rd.Status != awards.Decided || rd.Laureates != 1 || rd.Nominations != 2 {
		t.Fatalf("after the decision: %+v", rd)
	}
	// The same person nominated for the same award again: a laureate.
	next := at.AddRound(t, pool, ty.ID, 2027, awards.Open)
	n, _ := s.Nomination(ctx, a)
	n.ID, n.RoundID, n.RoundYear = 0, next.ID, 2027
	ps, err := s.Problems(ctx, n)
	if err != nil || len(ps) != 1 || ps[0].Key != "awards.elig.laureate" {
		t.Fatalf("problems %+v, %v", ps, err)
	}
}

func TestDemoFillsEveryPage(t *testing.T) {
	pool := dbtest.Fresh(t)
	ctx := context.Background()
	if err := db.Migrate(ctx, pool); err != nil {
		t.Fatal(err)
	}
	if _, err := demo.Seed(ctx, pool, time.Date(2026, 12, 4, 10, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	for sql, least := range map[string]int{
		`select count(*) from award_types`:                               3,
		`select count(*) from award_rounds where status = 'open'`:        1,
		`select count(*) from award_rounds where status = 'awarded'`:     6,
		`select count(*) from award_nominations where laureate`:          10,
		`select count(*) from award_nominations where source = 'public'`: 1,
		`select count(*) from award_declarations where conflict`:         3,
		`select count(*) from award_scores`:                              50,
	} {
		var n int
		if err := pool.QueryRow(ctx, sql).Scan(&n); err != nil || n < least {
			t.Errorf("%s: %d (want at least %d), %v", sql, n, least, err)
		}
	}
}

func TestCeremonyGuestsSeatsAndInvitations(t *testing.T) {
	pool := dbtest.Pool(t)
	s := at.NewStore(t, pool)
	ctx := context.Background()
	ty := at.AddType(t, pool, "")
	rd := at.AddRound(t, pool, ty.ID, 2026, awards.Closed)
	laureate := at.AddNomination(t, pool, rd.ID, "Inga", "Ceremonija")
	at.SetLaureate(t, pool, laureate)
	guest := contactstest.NewPerson(t, pool, "Viesis", "Sarakstā")
	noMail := contactstest.AddPerson(t, pool, contactstest.Person{Given: "Bez", Family: "Pasta"})
	list := contactstest.StaticList(t, pool, fmt.Sprintf("Goda viesi %d", contactstest.Unique()), guest, noMail)
	if _, err := s.AddGuests(ctx, rd.ID, []int64{list}, nil); err == nil {
		t.Fatal("guests before the decision")
	}
	at.SetStatus(t, pool, rd.ID, awards.Decided)
	n, err := s.AddGuests(ctx, rd.ID, []int64{list}, nil)
	if err != nil || n != 3 {
		t.Fatalf("added %d: %v", n, err)
	}
	if n, _ := s.AddGuests(ctx, rd.ID, []int64{list}, nil); n != 1 { // the laureate's row is refreshed, no one twice
		t.Fatalf("again: %d", n)
	}
	gs, _ := s.Guests(ctx, rd.ID)
	if len(gs) != 3 || gs[0].Kind != "laureate" {
		t.Fatalf("guests %+v", gs)
	}
	if _, err := s.SetSeat(ctx, gs[0].ID, "A-1"); err != nil {
		t.Fatal(err)
	}
	sent, err := s.Invite(ctx, rd.ID, func(g awards.Guest) mail.Message {
		return mail.Message{To: g.Email, ToName: g.Name, Subject: "Ielūgums", Body: "Labdien! Vieta: " + g.Seat}
	})
	if err != nil || sent != 2 {
		t.Fatalf("invited %d (want the two with e-mail): %v", sent, err)
	}
	if again, _ := s.Invite(ctx, rd.ID, func(g awards.Guest) mail.Message { return mail.Message{To: g.Email, Subject: "x", Body: "x"} }); again != 0 {
		t.Fatalf("invited again: %d", again)
	}
	ms, _ := mail.ForEntity(ctx, pool, "award_round", rd.ID)
	if len(ms) != 2 {
		t.Fatalf("%d mails in the outbox", len(ms))
	}
}

// The ceremony's guests are the directory's contacts as they are now: a
// contact merged into another is one guest with one invitation, a later
// opt-out is respected, and every invitation is on the contact's card.
func TestCeremonyInvitationsFollowTheDirectory(t *testing.T) {
	pool := dbtest.Pool(t)
	s := at.NewStore(t, pool)
	ctx := context.Background()
	ty := at.AddType(t, pool, "")
	rd := at.AddRound(t, pool, ty.ID, 2026, awards.Closed)
	nomination := at.AddNomination(t, pool, rd.ID, "Laura", "Laureāte")
	at.SetLaureate(t, pool, nomination)
	at.SetStatus(t, pool, rd.ID, awards.Decided)
	var laureate int64
	if err := pool.QueryRow(ctx, `select nominee_contact_id from award_nominations where id = $1`, nomination).Scan(&laureate); err != nil {
		t.Fatal(err)
	}
	dup := contactstest.NewPerson(t, pool, "Dubults", "Viesis")
	kept := contactstest.NewPerson(t, pool, "Dubults", "Viesis")
	later := contactstest.NewPerson(t, pool, "Vēlāk", "Atteicies")
	optedOut := contactstest.AddPerson(t, pool, contactstest.Person{Given: "Jau", Family: "Atteicies", Emails: []string{"jau.atteicies@example.lv"}, OptOut: true})
	list := contactstest.StaticList(t, pool, fmt.Sprintf("Ceremonijas viesi %d", contactstest.Unique()), dup, later, optedOut)
	if n, err := s.AddGuests(ctx, rd.ID, []int64{list}, nil); err != nil || n != 4 {
		t.Fatalf("added %d: %v", n, err)
	}
	// The duplicate is merged into the contact kept, who is then picked
	// one by one: still one guest.
	var kv, dv int
	if err := pool.QueryRow(ctx, `select (select version from contacts where id = $1), (select version from contacts where id = $2)`, kept, dup).Scan(&kv, &dv); err != nil {
		t.Fatal(err)
	}
	if err := s.Directory.Merge(ctx, kept, dup, kv, dv); err != nil {
		t.Fatal(err)
	}
	if n, err := s.AddGuests(ctx, rd.ID, nil, []int64{kept}); err != nil || n != 1 { // the laureate refreshed, the merged guest not twice
		t.Fatalf("again: %d, %v", n, err)
	}
	if _, err := pool.Exec(ctx, `update contacts set opt_out = true, opt_out_at = now() where id = $1`, later); err != nil {
		t.Fatal(err)
	}
	gs, err := s.Guests(ctx, rd.ID)
	if err != nil {
		t.Fatal(err)
	}
	byContact := map[int64]awards.Guest{}
	for _, g := range gs {
		byContact[g.ContactID] = g
	}
	if len(gs) != 4 || gs[0].ContactID != laureate || gs[0].Kind != "laureate" || byContact[kept].Kind != "guest" ||
		byContact[later].Reason != contacts.ReasonOptedOut || byContact[optedOut].Reason != contacts.ReasonOptedOut || byContact[kept].Reason != contacts.Reachable {
		t.Fatalf("guests %+v", gs)
	}
	if _, ok := byContact[dup]; ok {
		t.Fatal("the merged duplicate is a guest of its own")
	}
	var to []string
	sent, err := s.Invite(ctx, rd.ID, func(g awards.Guest) mail.Message {
		to = append(to, g.Email)
		return mail.Message{To: g.Email, ToName: g.Name, Subject: "Ielūgums", Body: "Labdien!"}
	})
	if err != nil || sent != 2 {
		t.Fatalf("invited %d %v (want the laureate and the contact kept): %v", sent, to, err)
	}
	ms, _ := mail.ForEntity(ctx, pool, "award_round", rd.ID)
	if len(ms) != 2 {
		t.Fatalf("%d mails in the outbox", len(ms))
	}
	if gs, _ = s.Guests(ctx, rd.ID); gs[0].InvitedAt == nil {
		t.Fatal("the laureate is not marked invited")
	}
	// Every row of the contact kept is invited, the duplicate's too.
	var open int
	if err := pool.QueryRow(ctx, `select count(*) from award_guests where round_id = $1 and contact_id in ($2, $3) and invited_at is null`,
		rd.ID, kept, dup).Scan(&open); err != nil || open != 0 {
		t.Fatalf("%d rows of the contact kept not invited: %v", open, err)
	}
	uses := map[string]int{}
	rows, err := pool.Query(ctx, `select contact_id, kind from contact_uses where area = 'awards' and record_ref = $1`, fmt.Sprintf("round-%d", rd.ID))
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id int64
		var kind string
		if err := rows.Scan(&id, &kind); err != nil {
			t.Fatal(err)
		}
		uses[fmt.Sprintf("%d %s", id, kind)]++
	}
	for _, want := range []string{fmt.Sprintf("%d guest", laureate), fmt.Sprintf("%d invited", laureate), fmt.Sprintf("%d guest", kept),
		fmt.Sprintf("%d invited", kept)} {
		if uses[want] != 1 {
			t.Errorf("no use %q on the contact's card: %v", want, uses)
		}
	}
	if uses[fmt.Sprintf("%d invited", later)] != 0 || uses[fmt.Sprintf("%d invited", optedOut)] != 0 {
		t.Errorf("an opted-out contact is recorded invited: %v", uses)
	}
}

// TestNameSearchMatchesTheStartsOfWords: the register and the list find a
// nominee by the starts of any words of the name, in any order, without
// diacritics; a word typed inside a word of the name finds nothing.
func TestNameSearchMatchesTheStartsOfWords(t *testing.T) {
	pool := dbtest.Pool(t)
	s := at.NewStore(t, pool)
	ctx := context.Background()
	ty := at.AddType(t, pool, "")
	rd := at.AddRound(t, pool, ty.ID, 2025, awards.Closed)
	names := map[string]int64{}
	for _, n := range [][2]string{{"Anna", "Pētersone"}, {"Pēteris", "Kalniņš"}, {"Jānis", "Kapetanovs"}, {"Ērika", "Ūdre-Šņore"}} {
		id := at.AddNomination(t, pool, rd.ID, n[0], n[1])
		at.SetLaureate(t, pool, id)
		names[n[0]+" "+n[1]] = id
	}
	at.SetStatus(t, pool, rd.ID, awards.Decided)
	for _, tc := range []struct {
		q    string
		want []string
	}{
		{"pet", []string{"Anna Pētersone", "Pēteris Kalniņš"}},
		{"PĒT", []string{"Anna Pētersone", "Pēteris Kalniņš"}},
		{"ann pet", []string{"Anna Pētersone"}},
		{"pet ann", []string{"Anna Pētersone"}},
		{"petersone anna", []string{"Anna Pētersone"}},
		{"kalnins", []string{"Pēteris Kalniņš"}},
		{"etersone", nil},
		{"apet", nil},
		{"ann kal", nil},
		{"snore", []string{"Ērika Ūdre-Šņore"}},
		{"udre sno", []string{"Ērika Ūdre-Šņore"}},
		{"j", []string{"Jānis Kapetanovs"}},
		{"'", []string{"Anna Pētersone", "Pēteris Kalniņš", "Jānis Kapetanovs", "Ērika Ūdre-Šņore"}},
		{"a:* | p", []string{"Anna Pētersone"}},
	} {
		want := map[int64]bool{}
		for _, n := range tc.want {
			want[names[n]] = true
		}
		reg, err := s.Register(ctx, awards.RegisterQuery{Q: tc.q, TypeID: ty.ID})
		if err != nil {
			t.Fatalf("register %q: %v", tc.q, err)
		}
		list, err := s.List(ctx, awards.ListQuery{Q: tc.q, TypeID: ty.ID})
		if err != nil {
			t.Fatalf("list %q: %v", tc.q, err)
		}
		for what, rows := range map[string][]awards.Nomination{"register": reg, "list": list.Rows} {
			got := map[int64]bool{}
			for _, n := range rows {
				got[n.ID] = true
			}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("%s %q found %v, want %v", what, tc.q, got, tc.want)
			}
		}
	}
}

// The rounds list pages by whole years, newest first: a page never splits
// a year's rounds. The package's other tests hold rounds of years before
// 2090 only, which follow these on the second page.
func TestRoundsPageByYears(t *testing.T) {
	pool := dbtest.Pool(t)
	s := at.NewStore(t, pool)
	ctx := context.Background()
	a, b := at.AddType(t, pool, ""), at.AddType(t, pool, "")
	for y := 2090; y <= 2099; y++ {
		at.AddRound(t, pool, a.ID, y, awards.Prepared)
	}
	at.AddRound(t, pool, b.ID, 2099, awards.Prepared)
	at.AddRound(t, pool, b.ID, 2091, awards.Prepared)
	years := func(rs []awards.Round) []int {
		var ys []int
		for _, r := range rs {
			ys = append(ys, r.Year)
		}
		return ys
	}

	first, next, err := s.RoundsPage(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := fmt.Sprint(years(first)), "[2099 2099 2098 2097 2096 2095 2094 2093 2092]"; got != want || next != 2092 {
		t.Fatalf("first page: years %s, next %d; want %s, next 2092", got, next, want)
	}
	second, _, err := s.RoundsPage(ctx, next)
	if err != nil {
		t.Fatal(err)
	}
	if got := years(second); len(got) < 3 || fmt.Sprint(got[:3]) != "[2091 2091 2090]" || slices.Contains(got[3:], 2090) {
		t.Fatalf("second page: years %v, want 2091 twice and 2090 first", got)
	}
	// The pages end: the package's other tests hold a few dozen years.
	pages := 0
	for before := next; before != 0; pages++ {
		if pages > 20 {
			t.Fatal("the rounds' pages do not end")
		}
		if _, before, err = s.RoundsPage(ctx, before); err != nil {
			t.Fatal(err)
		}
	}
}
