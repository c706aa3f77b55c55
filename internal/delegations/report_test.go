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

func TestReportGoesToTheDirectorAndOverdueActionsShow(t *testing.T) {
	srv := apptest.New(t)
	staff := srv.Client(t, "staff")
	ctx := context.Background()
	d := dt.AddDelegation(t, srv.Pool, delegations.Delegation{Title: "Pārskata delegācija", Status: delegations.Preparing})
	loc := fmt.Sprintf("/delegations/%d/report", d)
	if res := staff.Get(t, loc); res.StatusCode != 200 || !strings.Contains(res.Body, "Turpmāko darbību vēl nav") {
		t.Fatalf("empty report: %d", res.StatusCode)
	}
	// Sent without what was agreed; a link that is no link: refused.
	if res := staff.PostForm(t, loc, url.Values{"agreed": {""}, "press_url": {"javascript:alert(1)"}, "version": {"0"}, "submit": {"director"}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("bad report: %d", res.StatusCode)
	}
	if res := staff.PostForm(t, loc, url.Values{"agreed": {"Kopīgs jauniešu apmaiņas projekts 2027. gadā."}, "press_url": {"https://www.daugavpils.lv/jaunumi/1"},
		"album_url": {""}, "version": {"0"}, "submit": {"save"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d", res.StatusCode)
	}
	if res := staff.PostForm(t, loc, url.Values{"agreed": {"Vecā forma"}, "version": {"0"}, "submit": {"save"}}); res.StatusCode != http.StatusConflict {
		t.Fatalf("stale report: %d", res.StatusCode)
	}
	if res := staff.PostForm(t, loc, url.Values{"agreed": {"Kopīgs jauniešu apmaiņas projekts 2027. gadā."}, "press_url": {"https://www.daugavpils.lv/jaunumi/1"},
		"album_url": {"https://foto.daugavpils.lv/albums/7"}, "version": {"1"}, "submit": {"director"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("submit: %d", res.StatusCode)
	}
	var mails int
	if err := srv.Pool.QueryRow(ctx, `select count(*) from mail_outbox where entity = 'delegation' and entity_id = $1`, fmt.Sprint(d)).Scan(&mails); err != nil || mails == 0 {
		t.Fatalf("no mail to the director: %d %v", mails, err)
	}
	// An action due before the test's today (4 December 2026) is overdue.
	for _, f := range []url.Values{
		{"text": {"Nosūtīt pateicības vēstuli"}, "owner_id": {""}, "due_on": {"01.12.2026."}},
		{"text": {"Sagatavot līguma projektu"}, "owner_id": {""}, "due_on": {"01.02.2027."}},
	} {
		if res := staff.PostForm(t, fmt.Sprintf("/delegations/%d/followups", d), f); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("follow-up: %d", res.StatusCode)
		}
	}
	if res := staff.PostForm(t, fmt.Sprintf("/delegations/%d/followups", d), url.Values{"text": {""}, "due_on": {"rīt"}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("bad follow-up: %d", res.StatusCode)
	}
	page := srv.Client(t, "director").Get(t, loc)
	if !strings.Contains(page.Body, "Nodots izpilddirektoram") || !strings.Contains(page.Body, "https://foto.daugavpils.lv/albums/7") {
		t.Fatal("the director's report page lacks the report")
	}
	if strings.Count(page.Body, "Nokavēta") != 1 {
		t.Fatalf("%d overdue actions shown, want 1", strings.Count(page.Body, "Nokavēta"))
	}
}
