package contacts_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/apptest"
	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/contacts"
	"github.com/daugavpils/prdesk/internal/contacts/contactstest"
	"github.com/daugavpils/prdesk/internal/db"
)

// Another area records what a contact took part in, in its own
// transaction; the card lists it newest first, linked for those who may
// open the record and as text for the others.
func TestUsesAcrossAreasOnTheCard(t *testing.T) {
	srv := apptest.New(t)
	clock := fixedNow
	s := contacts.NewStore(contacts.Deps{Pool: srv.Pool, Now: func() time.Time { return clock }})
	s.RegisterArea("press", contacts.UseArea{
		Perm: auth.PetitionsManage, // a permission the staff hold and the clerk does not
		Link: func(ref string) string { return "/press/conferences/" + ref },
		Text: func(_ context.Context, kind string) string { return "Uzaicināts uz preses konferenci (" + kind + ")" },
	})
	p := contactstest.NewPerson(t, srv.Pool, "Lietota", fmt.Sprintf("Persona%d", contactstest.Unique()))
	record := func(kind, ref string) {
		t.Helper()
		if err := db.InTx(t.Context(), srv.Pool, func(tx pgx.Tx) error { return s.RecordUse(t.Context(), tx, p, "press", kind, ref) }); err != nil {
			t.Fatal(err)
		}
	}
	record("invited", "7")
	clock = clock.Add(time.Hour)
	record("invited", "9")
	record("invited", "9") // twice is once
	var n int
	srv.Pool.QueryRow(t.Context(), `select count(*) from contact_uses where contact_id = $1`, p).Scan(&n)
	if n != 2 {
		t.Errorf("%d uses, want 2", n)
	}
	if err := db.InTx(t.Context(), srv.Pool, func(tx pgx.Tx) error { return s.RecordUse(t.Context(), tx, 1<<40, "press", "x", "1") }); err == nil {
		t.Error("a use of no contact was recorded")
	}
	// The app's own store has no resolver for "press": the page shows the
	// kind as recorded. The resolver is the store's, so check through it.
	card, err := s.OpenCard(t.Context(), p)
	if err != nil {
		t.Fatal(err)
	}
	if len(card.Uses) != 2 || card.Uses[0].RecordRef != "9" {
		t.Errorf("uses %+v, want the newest first", card.Uses)
	}
	res := srv.Client(t, "staff").Get(t, fmt.Sprintf("/contacts/%d", p))
	if !strings.Contains(res.Body, `data-testid="uses"`) || strings.Count(res.Body, "invited") != 2 {
		t.Errorf("the card does not list the uses")
	}
}

// "Create new" in place: the fields come as a fragment, and a post without
// the prefix makes the contact once and says which.
func TestCreatingInPlaceFromTheLookup(t *testing.T) {
	srv := apptest.New(t)
	c := srv.Client(t, "staff")
	res := c.Get(t, "/contacts/lookup/new?field=org&kind=organisation&q=Jauna+redakcija")
	if res.StatusCode != http.StatusOK || !strings.Contains(res.Body, `name="org_new.name"`) || !strings.Contains(res.Body, `value="Jauna redakcija"`) {
		t.Fatalf("panel: %d %s", res.StatusCode, res.Body)
	}
	n := contactstest.Unique()
	f := url.Values{"kind": {"organisation"}, "field": {"org"}, "country": {"LV"}, "active": {"on"},
		"name": {fmt.Sprintf("Uz vietas radītā redakcija %d", n)}, "idem": {fmt.Sprintf("quick-%d", n)}}
	res = c.PostForm(t, "/contacts/lookup/new", f)
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "Izvēlieties organizācijas veidu") {
		t.Errorf("without a type: %d", res.StatusCode)
	}
	f.Set("org_type", "media")
	res = c.PostForm(t, "/contacts/lookup/new", f)
	again := c.PostForm(t, "/contacts/lookup/new", f)
	if res.StatusCode != http.StatusOK || !strings.Contains(res.Body, "data-created-id=") || res.Body != again.Body {
		t.Errorf("created: %d %s / %s", res.StatusCode, res.Body, again.Body)
	}
	if res := srv.Client(t, "clerk").PostForm(t, "/contacts/lookup/new", f); res.StatusCode != http.StatusForbidden {
		t.Errorf("the clerk creates: %d", res.StatusCode)
	}
}
