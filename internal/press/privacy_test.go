package press_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/daugavpils/prdesk/internal/apptest"
	"github.com/daugavpils/prdesk/internal/press"
	"github.com/daugavpils/prdesk/internal/press/presstest"
)

// A data subject's request finds what journalists typed to accredit (by
// name, e-mail or phone) and the releases mailed to an address, with the
// releases listed in the export.
func TestPrivacyRequestFindsAccreditationsAndMailings(t *testing.T) {
	srv := apptest.New(t)
	ctx := context.Background()
	n := serial.Add(1)
	event := presstest.AddEvent(t, srv.Pool, press.Event{AccreditationOpen: true, Title: fmt.Sprintf("Privātuma konference %d", n)})
	email := fmt.Sprintf("Zane.Liepina%d@Example.lv", n)
	surname := fmt.Sprintf("Liepiņa%d", n)
	accreditation, err := presstest.Store(srv.Pool).Accredit(ctx, event, press.Accreditation{Name: "Zane " + surname, Outlet: "Latgales Laiks",
		Email: email, Phone: "+371 2612 3456"}, false)
	if err != nil {
		t.Fatal(err)
	}
	other, err := presstest.Store(srv.Pool).Accredit(ctx, event, press.Accreditation{Name: "Anna " + surname, Outlet: "LSM",
		Email: fmt.Sprintf("anna%d@example.lv", n)}, false)
	if err != nil {
		t.Fatal(err)
	}
	staff := srv.Client(t, "staff")
	section := func(key, value string) string {
		t.Helper()
		res := staff.Get(t, "/privacy?"+url.Values{key: {value}}.Encode())
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%s %q: %d", key, value, res.StatusCode)
		}
		i := strings.Index(res.Body, `data-testid="privacy-area-press"`)
		if i < 0 {
			t.Fatalf("no press area on the request page:\n%s", res.Body)
		}
		s := res.Body[i:]
		return s[:strings.Index(s, "</section>")]
	}
	has := func(s string, id int64) bool { return strings.Contains(s, fmt.Sprintf(">#%d<", id)) }
	for _, c := range [][2]string{{"name", "zane liepina" + fmt.Sprint(n)}, {"email", strings.ToLower(email)}, {"phone", "26123456"}} {
		s := section(c[0], c[1])
		if !has(s, accreditation) || has(s, other) || !strings.Contains(s, "Latgales Laiks") {
			t.Errorf("by %s: found %v, the other %v\n%s", c[0], has(s, accreditation), has(s, other), s)
		}
	}

	// A statement staff entered on her behalf in an emergency: found by name.
	em := presstest.ActiveEmergency(t, srv.Pool)
	statement := presstest.AddStatement(t, srv.Pool, "staff", em.ID, press.Statement{OnBehalfOf: "Zane " + surname + ", Komunālā pārvalde"})
	if s := section("name", "Zane "+surname); !has(s, statement) || !strings.Contains(s, "ārkārtas situācijā") {
		t.Errorf("the statement by name:\n%s", s)
	}

	// A release sent to a journalist: their address finds one mailing record.
	release, _ := presstest.SentRelease(t, srv.Pool)
	var to string
	if err := srv.Pool.QueryRow(ctx, `select email from press_deliveries where release_id = $1`, release).Scan(&to); err != nil {
		t.Fatal(err)
	}
	if s := section("email", strings.ToUpper(to)); !strings.Contains(s, "Nosūtīta 1 relīze") {
		t.Errorf("the mailing by address:\n%s", s)
	}
	pdf := staff.Get(t, "/privacy/extract.pdf?"+url.Values{"email": {to}}.Encode())
	if pdf.StatusCode != http.StatusOK || !strings.HasPrefix(pdf.Body, "%PDF") {
		t.Fatalf("the export: %d", pdf.StatusCode)
	}
}
