package awards_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/daugavpils/prdesk/internal/awards"
	at "github.com/daugavpils/prdesk/internal/awards/awardstest"
	"github.com/daugavpils/prdesk/internal/contacts/contactstest"
	"github.com/daugavpils/prdesk/internal/db/dbtest"
	"github.com/daugavpils/prdesk/internal/privacy"
)

func TestRetentionPreviewThenRun(t *testing.T) {
	pool := dbtest.Pool(t)
	s := at.NewStore(t, pool)
	ctx := context.Background()
	ty := at.AddType(t, pool, "")
	old := at.AddRound(t, pool, ty.ID, 2001, awards.Closed)
	u := contactstest.Unique()
	keep := at.AddNomination(t, pool, old.ID, "Laura", fmt.Sprintf("Laureāte-%d", u))
	gone := at.AddNomination(t, pool, old.ID, "Kārlis", fmt.Sprintf("Nelaureāts-%d", u))
	at.SetLaureate(t, pool, keep)
	at.SetStatus(t, pool, old.ID, awards.Decided)
	now := time.Date(2026, 12, 4, 10, 0, 0, 0, time.UTC)
	p, err := s.Preview(ctx, now)
	if err != nil || p.Due < 2 {
		t.Fatalf("preview %+v %v", p, err)
	}
	n, err := s.RemoveExpired(ctx, now)
	if err != nil || n != p.Due {
		t.Fatalf("removed %d of %d: %v", n, p.Due, err)
	}
	k, _ := s.Nomination(ctx, keep)
	g, _ := s.Nomination(ctx, gone)
	if !k.Removed || k.NomineeName == "" || k.Justification != "" || k.NominatorName != "" {
		t.Fatalf("the laureate after the run: %+v", k)
	}
	if !g.Removed || g.NomineeName != "" || g.Justification != "" {
		t.Fatalf("the nominee after the run: %+v", g)
	}
	if p, _ := s.Preview(ctx, now); p.Due != 0 {
		t.Fatalf("due after the run: %d", p.Due)
	}
}

func TestDataSubjectFindsNominations(t *testing.T) {
	pool := dbtest.Pool(t)
	s := at.NewStore(t, pool)
	ctx := context.Background()
	ty := at.AddType(t, pool, "")
	rd := at.AddRound(t, pool, ty.ID, 2026, awards.Open)
	u := contactstest.Unique()
	name := fmt.Sprintf("Zane Bērziņa%d", u)
	s.Clock.Set(time.Date(2026, 3, 15, 10, 0, 0, 0, time.UTC))
	id, err := s.CreateNomination(ctx, awards.Nomination{RoundID: rd.ID, NomineeKind: awards.Person, NomineeName: name,
		NomineePersonalCode: "010190-12349", NominatorKind: awards.ByPerson, NominatorName: "Ilze Kļaviņa",
		NominatorEmail: fmt.Sprintf("ilze%d@example.lv", u), Justification: "Brīvprātīgais darbs", Source: "public"}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	src := awards.PrivacySource(awards.Deps{})
	for _, p := range []privacy.Person{{Name: fmt.Sprintf("berzina%d zane", u)}, {Code: "010190-12349"}, {Email: fmt.Sprintf("ILZE%d@example.lv", u)}} {
		recs, err := src.Find(ctx, pool, p, true)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, r := range recs {
			found = found || r.ID == id
		}
		if !found {
			t.Errorf("%+v: not found", p)
		}
	}
}

func TestSummaryPerAwardAndYear(t *testing.T) {
	pool := dbtest.Pool(t)
	ty := at.AddType(t, pool, "")
	rd := at.AddRound(t, pool, ty.ID, 2026, awards.Closed)
	a := at.AddNomination(t, pool, rd.ID, "Marta", fmt.Sprintf("Skaitīte-%d", contactstest.Unique()))
	at.AddNomination(t, pool, rd.ID, "Oskars", fmt.Sprintf("Skaitītājs-%d", contactstest.Unique()))
	at.SetLaureate(t, pool, a)
	at.SetStatus(t, pool, rd.ID, awards.Decided)
	rep, err := awards.Summary(context.Background(), pool, time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range rep.Lines {
		if l.Award == ty.Name {
			if l.Year != 2026 || l.Nominations != 2 || l.Laureates != 1 {
				t.Fatalf("line %+v", l)
			}
			return
		}
	}
	t.Fatalf("no line of %s in %+v", ty.Name, rep.Lines)
}
