package twincities_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/daugavpils/prdesk/internal/apptest"
	"github.com/daugavpils/prdesk/internal/twincities"
	tc "github.com/daugavpils/prdesk/internal/twincities/twincitiestest"
)

// A log line's participants may name people: a data subject's request by
// name finds the lines that name the person, the words next to each other
// in either order, without diacritics or in the other script, and not a
// line where the words belong to two people.
func TestPrivacyRequestFindsTheLogsParticipants(t *testing.T) {
	srv := apptest.New(t)
	n := time.Now().UnixNano() % 1_000_000
	surname := fmt.Sprintf("Bērziņš%d", n)
	a := tc.AddAgreement(t, srv.Pool, twincities.Agreement{City: fmt.Sprintf("Privātuma pilsēta %d", n), Country: "LT"})
	named := tc.AddLog(t, srv.Pool, twincities.LogEntry{AgreementID: a,
		Participants: "Mērs, Jānis " + surname + " un skolotāja Людмила Кузнецова", Result: "Skolu apmaiņa"})
	reversed := tc.AddLog(t, srv.Pool, twincities.LogEntry{AgreementID: a, Participants: surname + " Jānis", Result: "Vēstule"})
	two := tc.AddLog(t, srv.Pool, twincities.LogEntry{AgreementID: a, Participants: "Jānis Ozols, Anna " + surname, Result: "Koncerts"})
	staff := srv.Client(t, "staff")
	section := func(name string) string {
		t.Helper()
		res := staff.Get(t, "/privacy?"+url.Values{"name": {name}}.Encode())
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%q: %d", name, res.StatusCode)
		}
		i := strings.Index(res.Body, `data-testid="privacy-area-twincities"`)
		if i < 0 {
			t.Fatal("no twin cities on the request page")
		}
		s := res.Body[i:]
		return s[:strings.Index(s, "</section>")]
	}
	has := func(s string, id int64) bool { return strings.Contains(s, fmt.Sprintf(">#%d<", id)) }
	s := section(fmt.Sprintf("janis berzins%d", n))
	if !has(s, named) || !has(s, reversed) || has(s, two) {
		t.Errorf("by name: named %v, reversed %v, two people %v", has(s, named), has(s, reversed), has(s, two))
	}
	if !strings.Contains(s, fmt.Sprintf(`href="/twincities/%d"`, a)) || !strings.Contains(s, "Skolu apmaiņa") {
		t.Error("the line does not lead to its agreement or lacks its result")
	}
	if s := section("Ljudmila Kuznecova"); !has(s, named) {
		t.Error("the Cyrillic name is not found by its Latin spelling")
	}
	if s := section("Anna Ozols"); has(s, two) {
		t.Error("two people's words found as one name")
	}
	// Text with Cyrillic is searched with its Latin spellings after it: the
	// line's last word and the spelling's first are not one name.
	liepa := fmt.Sprintf("Liepa%d", n)
	boundary := tc.AddLog(t, srv.Pool, twincities.LogEntry{AgreementID: a, Participants: "Иван Петров", Result: "Tikās ar " + liepa})
	if s := section("Ivan " + liepa); has(s, boundary) {
		t.Error("the last word of a line and the first of its Latin spelling found as one name")
	}
}
