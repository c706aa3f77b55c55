package contacts_test

import (
	"net/http"
	"strconv"
	"testing"

	"github.com/daugavpils/prdesk/internal/apptest"
	"github.com/daugavpils/prdesk/internal/contacts"
	"github.com/daugavpils/prdesk/internal/contacts/contactstest"
)

// Opening a person's card shows personal data and is written to the audit
// log, with the viewer and without the name; an organisation's card is
// not (its data is the body's), nor is a merged record's redirect.
func TestOpeningAPersonsCardIsAudited(t *testing.T) {
	srv := apptest.New(t)
	org := contactstest.Org(t, srv.Pool, "Skatījumu redakcija", contacts.Media)
	person := contactstest.AddPerson(t, srv.Pool, contactstest.Person{Given: "Rūta", Family: "Skatījuma", OrgID: org})
	views := func(id int64) (n int, actor, summary string) {
		t.Helper()
		srv.Pool.QueryRow(t.Context(), `select count(*), coalesce(max(actor_name), ''), coalesce(max(summary), '') from audit_log
			where entity = 'contact' and action = 'view' and entity_id = $1`, strconv.FormatInt(id, 10)).Scan(&n, &actor, &summary)
		return
	}
	c := srv.Client(t, "clerk")
	for _, id := range []int64{person, org} {
		if res := c.Get(t, "/contacts/"+strconv.FormatInt(id, 10)); res.StatusCode != http.StatusOK {
			t.Fatalf("card %d: %d", id, res.StatusCode)
		}
	}
	if n, actor, summary := views(person); n != 1 || actor == "" || summary != "Atvērta kontaktpersonas #"+strconv.FormatInt(person, 10)+" kartīte" {
		t.Errorf("the person's card: %d views by %q: %q", n, actor, summary)
	}
	if n, _, _ := views(org); n != 0 {
		t.Errorf("the organisation's card was audited %d times", n)
	}
}
