package visitors_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/daugavpils/prdesk/internal/apptest"
	"github.com/daugavpils/prdesk/internal/contacts"
	"github.com/daugavpils/prdesk/internal/contacts/contactstest"
)

// TestOfficialsContactInTheDirectory: the official's form picks the
// official's person from the directory (by which the officials' agenda
// finds their press events and award ceremonies); a person already
// another official's is refused beside the field, naming that official,
// with nothing saved; an organisation is no person; the link is audited
// by the contact's number, and can be removed.
func TestOfficialsContactInTheDirectory(t *testing.T) {
	srv := apptest.New(t)
	ctx := context.Background()
	staff := srv.Client(t, "staff")
	u := contactstest.Unique()
	person := contactstest.NewPerson(t, srv.Pool, "Inese", fmt.Sprintf("Kalēja%d", u))
	other := contactstest.NewPerson(t, srv.Pool, "Pēteris", fmt.Sprintf("Ozols%d", u))
	org := contactstest.Org(t, srv.Pool, fmt.Sprintf("Biedrība %d", u), contacts.State)
	official := func(name string, contact int64, version string) url.Values {
		v := url.Values{"name": {name}, "position": {"Domes deputāte"}, "kind": {"deputy"}, "target_weeks": {""},
			"active": {"on"}, "version": {version}, "user_id": {""}, "contact_id": {""}, "contact_id_q": {""}}
		if contact != 0 {
			v.Set("contact_id", fmt.Sprint(contact))
			v.Set("contact_id_q", "—")
		}
		return v
	}
	deactivate := func(id string) {
		t.Cleanup(func() {
			if _, err := srv.Pool.Exec(ctx, `update visit_officials set active = false where id = $1`, id); err != nil {
				t.Error(err)
			}
		})
	}
	first := fmt.Sprintf("Inese Kalēja %d", u)
	res := staff.PostForm(t, "/visitors/officials", official(first, person, "0"))
	m := officialLocation.FindStringSubmatch(res.Header.Get("Location"))
	if res.StatusCode != http.StatusSeeOther || m == nil {
		t.Fatalf("new official with a contact: %d %s", res.StatusCode, res.Body)
	}
	id, page := m[1], m[0]
	deactivate(id)
	var stored *int64
	if err := srv.Pool.QueryRow(ctx, `select contact_id from visit_officials where id = $1`, id).Scan(&stored); err != nil {
		t.Fatal(err)
	}
	if stored == nil || *stored != person {
		t.Fatalf("contact stored: %v, want %d", stored, person)
	}
	audited := func(action, like string) int {
		var n int
		if err := srv.Pool.QueryRow(ctx, `select count(*) from audit_log where entity = 'visit_official' and entity_id = $1
				and action = $2 and summary like $3`, id, action, like).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := audited("create", fmt.Sprintf("%%piesaistīts kontakts #%d", person)); n != 1 {
		t.Errorf("%d audit entries of the link", n)
	}
	card := staff.Get(t, page)
	if card.StatusCode != http.StatusOK || !strings.Contains(card.Body, fmt.Sprintf(`href="/contacts/%d"`, person)) {
		t.Fatalf("the official's page does not link the contact: %d", card.StatusCode)
	}
	edit := staff.Get(t, page+"/edit")
	if edit.StatusCode != http.StatusOK || !strings.Contains(edit.Body, `name="contact_id"`) ||
		!strings.Contains(edit.Body, fmt.Sprintf("Kalēja%d", u)) {
		t.Fatalf("the edit form does not show the contact: %d", edit.StatusCode)
	}

	// The same person for a second official: refused beside the field,
	// naming the first, what was typed kept and nothing saved.
	second := fmt.Sprintf("Otrā Amatpersona %d", u)
	res = staff.PostForm(t, "/visitors/officials", official(second, person, "0"))
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `id="contact_id-error"`) ||
		!strings.Contains(res.Body, "jau ir piesaistīta citai amatpersonai ("+first+")") || !strings.Contains(res.Body, second) {
		t.Fatalf("a contact taken: %d %s", res.StatusCode, res.Body)
	}
	var n int
	if err := srv.Pool.QueryRow(ctx, `select count(*) from visit_officials where name = $1`, second).Scan(&n); err != nil || n != 0 {
		t.Fatalf("%d officials saved with a taken contact (%v)", n, err)
	}
	// An organisation is no person.
	if res := staff.PostForm(t, "/visitors/officials", official(second, org, "0")); res.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(res.Body, `id="contact_id-error"`) {
		t.Fatalf("an organisation as the official's person: %d", res.StatusCode)
	}

	// Another person, then none: each change audited by number.
	res = staff.PostForm(t, page+"/edit", official(first, other, "1"))
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit to another contact: %d %s", res.StatusCode, res.Body)
	}
	if n := audited("update", fmt.Sprintf("%%piesaistīts kontakts #%d", other)); n != 1 {
		t.Errorf("%d audit entries of the new link", n)
	}
	res = staff.PostForm(t, page+"/edit", official(first, 0, "2"))
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit without a contact: %d %s", res.StatusCode, res.Body)
	}
	if err := srv.Pool.QueryRow(ctx, `select contact_id from visit_officials where id = $1`, id).Scan(&stored); err != nil || stored != nil {
		t.Fatalf("contact after removal: %v %v", stored, err)
	}
	if n := audited("update", "%kontakts atsaistīts"); n != 1 {
		t.Errorf("%d audit entries of the removal", n)
	}
	// The first person is free again for the second official.
	res = staff.PostForm(t, "/visitors/officials", official(second, person, "0"))
	if m := officialLocation.FindStringSubmatch(res.Header.Get("Location")); res.StatusCode != http.StatusSeeOther || m == nil {
		t.Fatalf("a freed contact: %d", res.StatusCode)
	} else {
		deactivate(m[1])
	}
}
