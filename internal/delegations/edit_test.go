package delegations_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/daugavpils/prdesk/internal/apptest"
	"github.com/daugavpils/prdesk/internal/delegations"
	dt "github.com/daugavpils/prdesk/internal/delegations/delegationstest"
)

func TestItemsAndPeopleAreEditedWithTheirVersion(t *testing.T) {
	srv := apptest.New(t)
	staff := srv.Client(t, "staff")
	ctx := context.Background()
	d := dt.AddDelegation(t, srv.Pool, delegations.Delegation{Title: "Labošanas delegācija"})
	guest := dt.AddGuest(t, srv.Pool, d, "Laima Labotāja")
	if res := staff.PostForm(t, fmt.Sprintf("/delegations/%d/programme", d), itemForm("10.03.2027.", "09:00", "10:00", "Sākotnējā norise", guest)); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("item: %d", res.StatusCode)
	}
	var item int64
	if err := srv.Pool.QueryRow(ctx, `select id from delegation_programme where delegation_id = $1`, d).Scan(&item); err != nil {
		t.Fatal(err)
	}
	edit := staff.Get(t, fmt.Sprintf("/delegations/programme/%d/edit", item))
	if edit.StatusCode != 200 || !strings.Contains(edit.Body, `value="Sākotnējā norise"`) {
		t.Fatalf("edit page: %d", edit.StatusCode)
	}
	f := itemForm("10.03.2027.", "09:30", "10:30", "Labotā norise", guest)
	f.Set("version", "1")
	if res := staff.PostForm(t, fmt.Sprintf("/delegations/programme/%d/edit", item), f); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit: %d", res.StatusCode)
	}
	f.Set("activity", "Vecā forma")
	if res := staff.PostForm(t, fmt.Sprintf("/delegations/programme/%d/edit", item), f); res.StatusCode != http.StatusConflict {
		t.Fatalf("stale edit: %d", res.StatusCode)
	}
	if res := staff.PostForm(t, fmt.Sprintf("/delegations/programme/%d/delete", item), url.Values{"version": {"1"}}); res.StatusCode != http.StatusConflict {
		t.Fatalf("stale delete: %d", res.StatusCode)
	}
	page := staff.Get(t, fmt.Sprintf("/delegations/%d/programme", d))
	if !strings.Contains(page.Body, "Labotā norise") || strings.Contains(page.Body, "Vecā forma") || !strings.Contains(page.Body, "09:30–10:30") {
		t.Fatal("the programme does not show the edit, or shows the stale one")
	}
	if res := staff.PostForm(t, fmt.Sprintf("/delegations/programme/%d/delete", item), url.Values{"version": {"2"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("delete: %d", res.StatusCode)
	}
	// The person's details, with their version.
	p := url.Values{"position": {"vicemēre"}, "address_form": {"Godātā kundze"}, "dietary": {""}, "access_needs": {"ratiņkrēsls"}, "version": {"1"}}
	if res := staff.PostForm(t, fmt.Sprintf("/delegations/people/%d/edit", guest), p); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("person: %d", res.StatusCode)
	}
	if res := staff.PostForm(t, fmt.Sprintf("/delegations/people/%d/edit", guest), p); res.StatusCode != http.StatusConflict {
		t.Fatalf("stale person: %d", res.StatusCode)
	}
	if card := staff.Get(t, fmt.Sprintf("/delegations/%d", d)); !strings.Contains(card.Body, "ratiņkrēsls") {
		t.Fatal("the card lacks the access need")
	}
	// In English, the card speaks English. The language is remembered on
	// the account: the director's is set back for the package's other tests.
	en := srv.Client(t, "director")
	en.PostForm(t, "/lang", url.Values{"lang": {"en"}})
	t.Cleanup(func() { en.PostForm(t, "/lang", url.Values{"lang": {"lv"}}) })
	if card := en.Get(t, fmt.Sprintf("/delegations/%d", d)); !strings.Contains(card.Body, "Incoming delegation") || !strings.Contains(card.Body, "Being prepared") {
		t.Fatal("the English card is not in English")
	}
}
