package awards_test

import (
	"context"
	"testing"
	"time"

	"github.com/daugavpils/prdesk/internal/agenda"
	"github.com/daugavpils/prdesk/internal/awards"
	at "github.com/daugavpils/prdesk/internal/awards/awardstest"
	"github.com/daugavpils/prdesk/internal/contacts/contactstest"
	"github.com/daugavpils/prdesk/internal/db/dbtest"
)

// The officials' agenda finds a ceremony by the directory's contacts as
// they are now: a guest or commission member whose contact was merged into
// the official's, and an official whose own contact was merged into the
// guest's, are the official; someone else is not.
func TestAgendaCeremoniesFollowMerges(t *testing.T) {
	pool := dbtest.Pool(t)
	s := at.NewStore(t, pool)
	ctx := context.Background()
	merge := func(kept, dup int64) {
		t.Helper()
		var kv, dv int
		if err := pool.QueryRow(ctx, `select (select version from contacts where id = $1), (select version from contacts where id = $2)`,
			kept, dup).Scan(&kv, &dv); err != nil {
			t.Fatal(err)
		}
		if err := s.Directory.Merge(ctx, kept, dup, kv, dv); err != nil {
			t.Fatal(err)
		}
	}
	// Every round of the test is of the same year (of its own award type),
	// its ceremony on the same day after the decision.
	var day time.Time
	ceremony := func() awards.Round {
		t.Helper()
		ty := at.AddType(t, pool, "")
		rd := at.AddRound(t, pool, ty.ID, 2031, awards.Closed)
		at.SetStatus(t, pool, rd.ID, awards.Decided)
		if day.IsZero() {
			if err := pool.QueryRow(ctx, `select coalesce(decision_on, closes_on) + 30 from award_rounds where id = $1`, rd.ID).Scan(&day); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := pool.Exec(ctx, `update award_rounds set ceremony_on = $2, ceremony_place = 'Vienības nams' where id = $1`,
			rd.ID, day); err != nil {
			t.Fatal(err)
		}
		return rd
	}
	week := func(contact int64) map[int64]bool {
		t.Helper()
		items, err := agenda.Read(ctx, pool, awards.QueueAgendaItems, agenda.Official{ID: 1, ContactID: contact},
			day.AddDate(0, 0, -2), day.AddDate(0, 0, 5))
		if err != nil {
			t.Fatal(err)
		}
		found := map[int64]bool{}
		for _, it := range items {
			found[it.ID] = true
		}
		return found
	}

	// A guest, entered under a duplicate later merged into the official's contact.
	official := contactstest.NewPerson(t, pool, "Amatpersona", "Apvienotā")
	dup := contactstest.NewPerson(t, pool, "Amatpersona", "Apvienotā")
	asGuest := ceremony()
	if _, err := s.AddGuests(ctx, asGuest.ID, nil, []int64{dup}); err != nil {
		t.Fatal(err)
	}
	// A commission member, entered under another duplicate.
	dup2 := contactstest.NewPerson(t, pool, "Amatpersona", "Apvienotā")
	asMember := ceremony()
	if _, err := s.AddMember(ctx, awards.Member{RoundID: asMember.ID, ContactID: &dup2, Role: "member"}); err != nil {
		t.Fatal(err)
	}
	// Someone else's ceremony on the same day.
	stranger := contactstest.NewPerson(t, pool, "Cits", "Viesis")
	elsewhere := ceremony()
	if _, err := s.AddGuests(ctx, elsewhere.ID, nil, []int64{stranger}); err != nil {
		t.Fatal(err)
	}
	if found := week(official); found[asGuest.ID] || found[asMember.ID] {
		t.Fatalf("before the merges the duplicates are other people: %v", found)
	}
	merge(official, dup)
	merge(official, dup2)
	found := week(official)
	if !found[asGuest.ID] || !found[asMember.ID] || found[elsewhere.ID] {
		t.Fatalf("after the merges: %v (guest %d, member %d, other %d)", found, asGuest.ID, asMember.ID, elsewhere.ID)
	}
	// The official still linked to the duplicate merged away is the contact kept.
	if found := week(dup); !found[asGuest.ID] || !found[asMember.ID] || found[elsewhere.ID] {
		t.Fatalf("by the merged contact: %v", found)
	}
}
