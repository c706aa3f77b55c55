package contacts_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/apptest"
	"github.com/daugavpils/prdesk/internal/contacts"
	"github.com/daugavpils/prdesk/internal/contacts/contactstest"
	"github.com/daugavpils/prdesk/internal/db"
)

func TestMergeKeepsEveryLinkAndTheHistory(t *testing.T) {
	s, pool := newStore(t)
	n := contactstest.Unique()
	org := contactstest.Org(t, pool, fmt.Sprintf("Apvienošanas avīze %d", n), contacts.Media)
	other := contactstest.Org(t, pool, fmt.Sprintf("Iepriekšējā avīze %d", n), contacts.Media)
	keep := contactstest.AddPerson(t, pool, contactstest.Person{Given: "Anna", Family: fmt.Sprintf("Dubulta%d", n),
		Emails: []string{fmt.Sprintf("anna%d@example.lv", n)}, OrgID: org, Tags: []string{"a"}})
	drop := contactstest.AddPerson(t, pool, contactstest.Person{Given: "Anna", Family: fmt.Sprintf("Dubultā%d", n),
		Emails: []string{fmt.Sprintf("anna%d@example.lv", n), fmt.Sprintf("anna.d%d@example.lv", n)},
		Phones: []string{"+37129000001"}, OrgID: other, Tags: []string{"b"}, OptOut: true})
	if err := db.InTx(ctx(), pool, func(tx pgx.Tx) error { return s.RecordUse(ctx(), tx, drop, "press", "invited", "5") }); err != nil {
		t.Fatal(err)
	}
	// The pair is on the duplicates list, by the shared e-mail.
	pairs, err := s.DuplicatePairs(ctx(), 1000)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, p := range pairs {
		found = found || (p.A.ID == keep && p.B.ID == drop && p.Reason == "email")
	}
	if !found {
		t.Errorf("the pair is not on the duplicates list")
	}
	if err := s.Merge(ctx(), keep, drop, 1, 1); err != nil {
		t.Fatal(err)
	}
	k, _ := s.Get(ctx(), keep)
	d, _ := s.Get(ctx(), drop)
	if d.MergedInto == nil || *d.MergedInto != keep {
		t.Errorf("the dropped record is not marked merged: %v", d.MergedInto)
	}
	if len(k.Emails) != 2 || len(k.Phones) != 1 || len(k.Tags) != 2 || !k.OptOut {
		t.Errorf("kept %v %v %v opt-out %v", k.Emails, k.Phones, k.Tags, k.OptOut)
	}
	card, err := s.OpenCard(ctx(), keep)
	if err != nil {
		t.Fatal(err)
	}
	if len(card.Memberships) != 2 || len(card.Uses) != 1 {
		t.Errorf("memberships %d, uses %d after the merge", len(card.Memberships), len(card.Uses))
	}
	actions := map[string]bool{}
	for _, h := range card.History {
		actions[h.Action] = true
	}
	if !actions["merge"] || !actions["merged"] {
		t.Errorf("history %v lacks both sides of the merge", actions)
	}
	// A use recorded later on the dropped id lands on the kept one.
	if err := db.InTx(ctx(), pool, func(tx pgx.Tx) error { return s.RecordUse(ctx(), tx, drop, "press", "invited", "6") }); err != nil {
		t.Fatal(err)
	}
	var uses int
	pool.QueryRow(ctx(), `select count(*) from contact_uses where contact_id = $1`, keep).Scan(&uses)
	if uses != 2 {
		t.Errorf("%d uses on the kept record", uses)
	}
	// Merging again, or merging with the stale versions, is a conflict.
	if err := s.Merge(ctx(), keep, drop, k.Version, d.Version); !isConflict(err) {
		t.Errorf("a second merge: %v", err)
	}
	// The list shows the kept one only.
	rows, _, _ := s.List(ctx(), contacts.ListFilter{Q: fmt.Sprintf("anna%d", n)}, nil, 10)
	if len(rows) != 1 || rows[0].ID != keep {
		t.Errorf("list after merge: %v", names(rows))
	}
}

// Edits and merges of the same records at once: whatever the order, one
// wins and the others are conflicts; nothing is lost half-way.
func TestMergeUnderConcurrentEdits(t *testing.T) {
	s, pool := newStore(t)
	for round := range 8 {
		n := contactstest.Unique()
		a := contactstest.AddPerson(t, pool, contactstest.Person{Given: "Vienlaicīgā", Family: fmt.Sprintf("A%d", n), Emails: []string{fmt.Sprintf("v%d@example.lv", n)}})
		b := contactstest.AddPerson(t, pool, contactstest.Person{Given: "Vienlaicīgā", Family: fmt.Sprintf("B%d", n), Emails: []string{fmt.Sprintf("v%d@example.lv", n)}})
		ca, _ := s.Get(ctx(), a)
		cb, _ := s.Get(ctx(), b)
		var wg sync.WaitGroup
		errsOf := make([]error, 4)
		wg.Add(4)
		go func() { defer wg.Done(); errsOf[0] = s.Merge(ctx(), a, b, 1, 1) }()
		go func() { defer wg.Done(); errsOf[1] = s.Merge(ctx(), b, a, 1, 1) }()
		go func() { defer wg.Done(); c := ca; c.Position = "redaktore"; errsOf[2] = s.Update(ctx(), c) }()
		go func() { defer wg.Done(); c := cb; c.Position = "reportiere"; errsOf[3] = s.Update(ctx(), c) }()
		wg.Wait()
		ok := 0
		for i, err := range errsOf {
			switch {
			case err == nil:
				ok++
			case !isConflict(err):
				t.Fatalf("round %d, writer %d: %v", round, i, err)
			}
		}
		merges := 0
		if errsOf[0] == nil {
			merges++
		}
		if errsOf[1] == nil {
			merges++
		}
		if merges > 1 || ok == 0 {
			t.Fatalf("round %d: %d merges, %d writers succeeded (%v)", round, merges, ok, errsOf)
		}
		var merged int
		pool.QueryRow(ctx(), `select count(*) from contacts where id = any($1) and merged_into is not null`, []int64{a, b}).Scan(&merged)
		if merged != merges {
			t.Errorf("round %d: %d records merged, %d merges succeeded", round, merged, merges)
		}
		if merges == 1 && (errsOf[2] == nil || errsOf[3] == nil) {
			// An edit that won before the merge keeps its text on the record kept or dropped.
			var positions int
			pool.QueryRow(ctx(), `select count(*) from contacts where id = any($1) and position <> ''`, []int64{a, b}).Scan(&positions)
			if positions == 0 {
				t.Errorf("round %d: a successful edit was lost", round)
			}
		}
	}
}

func TestMergingOverHTTP(t *testing.T) {
	srv := apptest.New(t)
	c := srv.Client(t, "head")
	n := contactstest.Unique()
	a := contactstest.AddPerson(t, srv.Pool, contactstest.Person{Given: "Tīmekļa", Family: fmt.Sprintf("Pāris%d", n), Emails: []string{fmt.Sprintf("tp%d@example.lv", n)}})
	b := contactstest.AddPerson(t, srv.Pool, contactstest.Person{Given: "Tīmekļa", Family: fmt.Sprintf("Pāris%d", n), Emails: []string{fmt.Sprintf("tp%d@example.lv", n)}})
	if res := c.Get(t, "/contacts/duplicates"); !strings.Contains(res.Body, fmt.Sprintf("/contacts/merge?a=%d&amp;b=%d", a, b)) {
		t.Errorf("the duplicates page lacks the pair")
	}
	page := c.Get(t, fmt.Sprintf("/contacts/merge?a=%d&b=%d", a, b))
	if page.StatusCode != http.StatusOK || !strings.Contains(page.Body, `name="va" value="1"`) {
		t.Fatalf("merge page: %d", page.StatusCode)
	}
	f := url.Values{"a": {fmt.Sprint(a)}, "b": {fmt.Sprint(b)}, "va": {"1"}, "vb": {"1"}, "keep": {"b"}}
	res := c.PostForm(t, "/contacts/merge", f)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != fmt.Sprintf("/contacts/%d", b) {
		t.Fatalf("merge: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	if res := c.PostForm(t, "/contacts/merge", f); res.StatusCode != http.StatusConflict {
		t.Errorf("the same merge again: %d", res.StatusCode)
	}
	// The dropped record's old address leads to the kept one.
	if res := c.Get(t, fmt.Sprintf("/contacts/%d", a)); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != fmt.Sprintf("/contacts/%d", b) {
		t.Errorf("old address: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
}

// The merge page without its pair sends to the duplicates list, where a
// pair is picked, not to "page not found".
func TestTheMergePageWithoutAPairSendsToTheDuplicates(t *testing.T) {
	srv := apptest.New(t)
	res := srv.Client(t, "staff").Get(t, "/contacts/merge")
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/contacts/duplicates" {
		t.Errorf("%d to %q", res.StatusCode, res.Header.Get("Location"))
	}
}
