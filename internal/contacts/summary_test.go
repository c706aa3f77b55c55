package contacts_test

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/audit"
	"github.com/daugavpils/prdesk/internal/contacts"
	"github.com/daugavpils/prdesk/internal/contacts/contactstest"
	"github.com/daugavpils/prdesk/internal/db"
	"github.com/daugavpils/prdesk/internal/db/dbtest"
)

// The director's figures count what happened in the period and nothing
// before it: new organisations and people, merges, opt-outs, imports,
// removals and the other areas' uses by area.
func TestSummaryCountsThePeriod(t *testing.T) {
	pool := dbtest.Pool(t)
	// Before the period: counted nowhere.
	contactstest.NewPerson(t, pool, "Vecā", "Persona")
	from := time.Now()
	s := contacts.NewStore(contacts.Deps{Pool: pool, Now: time.Now})
	c := context.Background()
	if r, err := s.Summary(c, from, from.Add(time.Hour)); err != nil || r.NewPeople+r.NewOrganisations+r.Uses != 0 {
		t.Fatalf("an empty period: %+v %v", r, err)
	}
	org := func(name string) int64 {
		id, err := s.Create(c, contacts.Contact{Kind: contacts.Organisation, Name: name, OrgType: contacts.Media, Country: "LV", Active: true}, "")
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	person := func(given string) int64 {
		id, err := s.Create(c, contacts.Contact{Kind: contacts.Person, GivenName: given, FamilyName: "Kopsavilkuma",
			Name: given + " Kopsavilkuma", Country: "LV", LegalBasis: contacts.PublicTask}, "")
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	org("Kopsavilkuma avīze")
	org("Kopsavilkuma radio")
	a, b, x := person("Anda"), person("Anda"), person("Ģirts")
	// Ģirts asks for no mailings.
	g, err := s.Get(c, x)
	if err != nil {
		t.Fatal(err)
	}
	g.OptOut = true
	if err := s.Update(c, g); err != nil {
		t.Fatal(err)
	}
	if err := s.Merge(c, a, b, 1, 1); err != nil {
		t.Fatal(err)
	}
	err = db.InTx(c, pool, func(tx pgx.Tx) error {
		for _, u := range []struct {
			id         int64
			area, kind string
			ref        string
		}{{a, "press", "invited", "1"}, {x, "press", "invited", "1"}, {x, "twincities", "coordinator", "7"}} {
			if err := s.RecordUse(c, tx, u.id, u.area, u.kind, u.ref); err != nil {
				return err
			}
		}
		return audit.Record(c, tx, audit.Entry{Entity: "contact_import", EntityID: 1, Action: "create", Summary: "Imports #1"})
	})
	if err != nil {
		t.Fatal(err)
	}
	r, err := contacts.Summary(c, pool, from, time.Now().Add(time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	want := contacts.Report{NewOrganisations: 2, NewPeople: 3, Merges: 1, OptOuts: 1, Imports: 1, Uses: 3}
	if r.NewOrganisations != want.NewOrganisations || r.NewPeople != want.NewPeople || r.Merges != want.Merges ||
		r.OptOuts != want.OptOuts || r.Imports != want.Imports || r.Uses != want.Uses ||
		r.UsesByArea["press"] != 2 || r.UsesByArea["twincities"] != 1 || r.Erased != 0 {
		t.Errorf("got %+v, want %+v with press 2, twincities 1", r, want)
	}
	// The person added before the period is in the hour before it.
	if r, _ := s.Summary(c, from.Add(-time.Hour), from); r.NewPeople < 1 {
		t.Errorf("the hour before: %+v", r)
	}
}
