package delegations_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/daugavpils/prdesk/internal/apptest"
	"github.com/daugavpils/prdesk/internal/contacts/contactstest"
	"github.com/daugavpils/prdesk/internal/delegations"
	dt "github.com/daugavpils/prdesk/internal/delegations/delegationstest"
)

func TestPeopleAreAddedFromTheDirectoryAndOpeningThemIsAudited(t *testing.T) {
	srv := apptest.New(t)
	staff := srv.Client(t, "staff")
	d := dt.AddDelegation(t, srv.Pool, delegations.Delegation{Title: "Cilvēku delegācija"})
	guest := contactstest.NewPerson(t, srv.Pool, "Rūta", "Meilutė")
	loc := fmt.Sprintf("/delegations/%d", d)
	res := staff.PostForm(t, loc+"/people", url.Values{"side": {"guest"}, "contact_id": {fmt.Sprint(guest)},
		"position": {"vicemēre"}, "address_form": {"Godātā kundze"}, "dietary": {"<b>bez glutēna</b>"}, "access_needs": {""}, "version": {"0"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("add guest: %d %s", res.StatusCode, res.Body)
	}
	var head int64
	if err := srv.Pool.QueryRow(context.Background(), `select id from users where username = 'head'`).Scan(&head); err != nil {
		t.Fatal(err)
	}
	if res := staff.PostForm(t, loc+"/people", url.Values{"side": {"ours"}, "user_id": {fmt.Sprint(head)}, "version": {"0"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("add ours: %d", res.StatusCode)
	}
	// Twice the same person; nobody picked; a long need: refused beside the field.
	for i, f := range []url.Values{
		{"side": {"ours"}, "user_id": {fmt.Sprint(head)}},
		{"side": {"guest"}},
		{"side": {"ours"}, "user_id": {"x"}},
		{"side": {"ours"}, "user_id": {fmt.Sprint(head)}, "dietary": {strings.Repeat("a", 10_000)}},
	} {
		f.Set("version", "0")
		if res := staff.PostForm(t, loc+"/people", f); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "error-summary") {
			t.Errorf("bad person form %d: %d", i, res.StatusCode)
		}
	}
	director := srv.Client(t, "director")
	card := director.Get(t, loc)
	if !strings.Contains(card.Body, "Meilutė") || !strings.Contains(card.Body, "&lt;b&gt;bez glutēna&lt;/b&gt;") || strings.Contains(card.Body, "/people/") {
		t.Fatalf("the director's card (%d bytes) lacks the guest or shows the edit links", len(card.Body))
	}
	var views int
	if err := srv.Pool.QueryRow(context.Background(), `select count(*) from audit_log where entity = 'delegation' and entity_id = $1 and action = 'view'`,
		fmt.Sprint(d)).Scan(&views); err != nil || views == 0 {
		t.Fatalf("opening the people is not audited: %d %v", views, err)
	}
	var n int
	if err := srv.Pool.QueryRow(context.Background(), `select count(*) from delegation_people where delegation_id = $1`, d).Scan(&n); err != nil || n != 2 {
		t.Fatalf("%d people, %v", n, err)
	}
}
