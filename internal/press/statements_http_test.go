package press_test

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/daugavpils/prdesk/internal/apptest"
	"github.com/daugavpils/prdesk/internal/press"
)

// The emergency from the head's declaration to the review, through the
// pages as each role sees them, on the server's clock.
func TestStatementsThroughTheForms(t *testing.T) {
	srv := apptest.New(t)
	t0 := after(t, srv.Pool)
	srv.Clock.Set(t, t0)
	head, staff, unit := srv.Client(t, "head"), srv.Client(t, "staff"), srv.Client(t, "unit")
	n := serial.Add(1)

	if res := unit.Get(t, "/press/statements"); res.StatusCode != http.StatusOK || !strings.Contains(res.Body, "ārkārtas situācija nav izsludināta") {
		t.Fatalf("no emergency: %d\n%s", res.StatusCode, res.Body)
	}
	for _, path := range []string{"/press", "/press/emergencies", "/press/emergencies/new", "/contacts", "/petitions"} {
		if res := unit.Get(t, path); res.StatusCode != http.StatusForbidden {
			t.Errorf("unit GET %s: %d", path, res.StatusCode)
		}
	}
	if res := staff.Get(t, "/press/emergencies/new"); res.StatusCode != http.StatusForbidden {
		t.Errorf("staff declaring: %d", res.StatusCode)
	}

	// The head declares it.
	page := head.Get(t, "/press/emergencies/new")
	if page.StatusCode != http.StatusOK || !strings.Contains(page.Body, "Nākamā informācija tiks sniegta [kad un kur]") {
		t.Fatalf("the form starts from the holding statement: %d\n%s", page.StatusCode, page.Body)
	}
	template := "Pašvaldība ir informēta par [kas noticis]. Nākamā informācija tiks sniegta [kad]."
	declare := url.Values{"title": {""}, "description": {""}, "starts_date": {""}, "starts_time": {""}, "ends_date": {""}, "ends_time": {""},
		"target_minutes": {"30"}, "template": {template}, "version": {"0"}, "idem": {fmt.Sprintf("emergency-form-%d", n)}}
	if res := head.PostForm(t, "/press/emergencies", declare); res.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(res.Body, "Ievadiet, kas noticis") {
		t.Fatalf("no title: %d\n%s", res.StatusCode, res.Body)
	}
	declare.Set("title", "Ugunsgrēks Ķīmiķu ielā")
	res := head.PostForm(t, "/press/emergencies", declare)
	m := regexp.MustCompile(`^/press/emergencies/(\d+)$`).FindStringSubmatch(res.Header.Get("Location"))
	if res.StatusCode != http.StatusSeeOther || m == nil {
		t.Fatalf("declared: %d %s\n%s", res.StatusCode, res.Header.Get("Location"), res.Body)
	}
	board := m[0]
	t.Cleanup(func() { endAll(t, srv.Pool, t0.Add(24*time.Hour)) })
	if again := head.PostForm(t, "/press/emergencies", declare); again.Header.Get("Location") != board {
		t.Fatalf("declared twice: %d %s", again.StatusCode, again.Header.Get("Location"))
	}

	// A unit's staff member submits, from the template.
	form := unit.Get(t, "/press/statements/new")
	idem := regexp.MustCompile(`name="idem" value="([^"]+)"`).FindStringSubmatch(form.Body)
	eid := regexp.MustCompile(`name="emergency_id" value="(\d+)"`).FindStringSubmatch(form.Body)
	if form.StatusCode != http.StatusOK || idem == nil || eid == nil || eid[1] != m[1] || !strings.Contains(form.Body, html.EscapeString(template)) {
		t.Fatalf("the unit's form: %d\n%s", form.StatusCode, form.Body)
	}
	submit := url.Values{"idem": {idem[1]}, "emergency_id": {eid[1]}, "unit_name": {"Daugavpils pilsētas ugunsdzēsēji"},
		"channel": {"Visi mediji"}, "body": {template}}
	if res := unit.PostForm(t, "/press/statements", submit); res.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(res.Body, "Aizstājiet veidnes vietas ar informāciju: [kas noticis], [kad]") {
		t.Fatalf("the template as it was: %d\n%s", res.StatusCode, res.Body)
	}
	body := "Pašvaldība ir informēta par ugunsgrēku Ķīmiķu ielā. Nākamā informācija tiks sniegta plkst. 10.00."
	submit.Set("body", body)
	res = unit.PostForm(t, "/press/statements", submit)
	sm := regexp.MustCompile(`^/press/statements/(\d+)$`).FindStringSubmatch(res.Header.Get("Location"))
	if res.StatusCode != http.StatusSeeOther || sm == nil {
		t.Fatalf("submitted: %d %s\n%s", res.StatusCode, res.Header.Get("Location"), res.Body)
	}
	card := sm[0]
	if again := unit.PostForm(t, "/press/statements", submit); again.Header.Get("Location") != card {
		t.Fatalf("submitted twice: %s", again.Header.Get("Location"))
	}
	if mine := unit.Get(t, "/press/statements"); !strings.Contains(mine.Body, `href="`+card+`"`) || !strings.Contains(mine.Body, "Gaida lēmumu") {
		t.Fatalf("the unit's list:\n%s", mine.Body)
	}
	if res := unit.Get(t, board); res.StatusCode != http.StatusForbidden {
		t.Errorf("the unit on the board: %d", res.StatusCode)
	}

	// Forty minutes on, the board marks it ten minutes past the target.
	srv.Clock.Set(t, t0.Add(40*time.Minute))
	staff, head, unit = srv.Client(t, "staff"), srv.Client(t, "head"), srv.Client(t, "unit")
	b := staff.Get(t, board)
	waiting := regexp.MustCompile(`(?s)<table class="press-table" data-testid="waiting">.*?</table>`).FindString(b.Body)
	if b.StatusCode != http.StatusOK || !strings.Contains(waiting, `href="`+card+`"`) || !strings.Contains(waiting, "Mērķa laiks pārsniegts par 10 min.") {
		t.Fatalf("the board: %d\n%s", b.StatusCode, b.Body)
	}
	// The head's page of what awaits approval points to the board.
	if a := head.Get(t, "/press/approval"); !strings.Contains(a.Body, `data-testid="statements-waiting"><a href="`+board+`"`) {
		t.Errorf("the approvals page does not point to the waiting statements:\n%s", a.Body)
	}
	// An open board reads its lists again while the emergency is in force.
	if !strings.Contains(b.Body, `hx-trigger="`+press.BoardRefresh+`"`) {
		t.Error("the board of an emergency in force is not refreshed")
	}
	if res := unit.PostForm(t, card+"/decide", url.Values{"version": {"1"}, "decision": {"approve"}, "text": {body}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("the unit deciding: %d", res.StatusCode)
	}
	c := staff.Get(t, card)
	version := regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(c.Body)
	if c.StatusCode != http.StatusOK || version == nil {
		t.Fatalf("the department's card: %d\n%s", c.StatusCode, c.Body)
	}
	decide := url.Values{"version": {version[1]}, "decision": {"reject"}, "text": {body}, "comment": {""}}
	if res := staff.PostForm(t, card+"/decide", decide); res.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(res.Body, "Ievadiet noraidījuma iemeslu") {
		t.Fatalf("rejected without a reason: %d\n%s", res.StatusCode, res.Body)
	}
	edited := strings.Replace(body, "plkst. 10.00", "līdz pusdienlaikam", 1)
	decide.Set("decision", "approve")
	decide.Set("text", edited)
	if res := staff.PostForm(t, card+"/decide", decide); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("approved edited: %d\n%s", res.StatusCode, res.Body)
	}
	// The unit's staff member is mailed the decision with the text approved.
	var subject, mailBody string
	if err := srv.Pool.QueryRow(context.Background(), `select subject, body_text from mail_outbox
		where entity = 'press_statement' and entity_id = $1 and to_address = 'ivars.zarins@daugavpils.lv'`,
		strings.TrimPrefix(card, "/press/statements/")).Scan(&subject, &mailBody); err != nil {
		t.Fatalf("the decision's mail: %v", err)
	}
	if !strings.Contains(subject, "apstiprināts ar labojumiem") || !strings.Contains(mailBody, "līdz pusdienlaikam") {
		t.Errorf("the decision's mail: %s\n%s", subject, mailBody)
	}
	// Again at the same version: someone already decided.
	if res := head.PostForm(t, card+"/decide", decide); res.StatusCode != http.StatusConflict || !strings.Contains(res.Body, "jau ir lemts") {
		t.Fatalf("decided twice: %d\n%s", res.StatusCode, res.Body)
	}
	mineNow := unit.Get(t, card)
	if mineNow.StatusCode != http.StatusOK || !strings.Contains(mineNow.Body, "Apstiprināts ar labojumiem") ||
		!strings.Contains(mineNow.Body, "līdz pusdienlaikam") || !strings.Contains(mineNow.Body, "<del>") ||
		!strings.Contains(mineNow.Body, "plkst. 10.00") || !strings.Contains(mineNow.Body, "Izlemts 10 min. pēc mērķa laika") {
		t.Fatalf("the unit's card after the edit:\n%s", mineNow.Body)
	}

	// A rejected statement is sent again corrected, starting from its words.
	submit.Set("idem", "statement-rejected-"+strconv.FormatInt(t0.UnixNano(), 36))
	submit.Set("body", "Ūdens padeve Ķīmiķu ielā atjaunota.")
	res = unit.PostForm(t, "/press/statements", submit)
	rejected := res.Header.Get("Location")
	rc := staff.Get(t, rejected)
	rv := regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(rc.Body)
	if res := staff.PostForm(t, rejected+"/decide", url.Values{"version": {rv[1]}, "decision": {"reject"}, "text": {""},
		"comment": {"Vēl nav atjaunota"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("rejected: %d\n%s", res.StatusCode, res.Body)
	}
	from := "/press/statements/new?from=" + strings.TrimPrefix(rejected, "/press/statements/")
	if uc := unit.Get(t, rejected); !strings.Contains(uc.Body, `href="`+from+`"`) {
		t.Fatalf("the rejected card offers no corrected statement:\n%s", uc.Body)
	}
	if again := unit.Get(t, from); !strings.Contains(again.Body, "Ūdens padeve Ķīmiķu ielā atjaunota.") {
		t.Fatalf("the corrected statement's form lacks the words:\n%s", again.Body)
	}

	// The head ends it; the unit may no longer submit.
	end := head.Get(t, board+"/end")
	ev := regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(end.Body)
	if end.StatusCode != http.StatusOK || ev == nil {
		t.Fatalf("the end page: %d\n%s", end.StatusCode, end.Body)
	}
	if res := head.PostForm(t, board+"/end", url.Values{"version": {ev[1]}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("ended: %d", res.StatusCode)
	}
	if res := unit.Get(t, "/press/statements/new"); strings.Contains(res.Body, `name="body"`) || !strings.Contains(res.Body, "nav izsludināta") {
		t.Fatalf("a form after the end:\n%s", res.Body)
	}
	if res := unit.PostForm(t, "/press/statements", url.Values{"idem": {"another-statement-" + fmt.Sprint(n)}, "emergency_id": {eid[1]},
		"unit_name": {"Ugunsdzēsēji"}, "channel": {"LSM"}, "body": {"Jauna informācija."}}); res.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(res.Body, "nav spēkā") {
		t.Fatalf("submitted after the end: %d\n%s", res.StatusCode, res.Body)
	}

	if b := staff.Get(t, board); strings.Contains(b.Body, "hx-trigger") {
		t.Error("the board of an ended emergency is still refreshed")
	}

	// The timeline to print for the review.
	tl := staff.Get(t, board+"/timeline")
	for _, want := range []string{"Izsludināta ārkārtas situācija", "Iesniegts paziņojums", "Apstiprināts paziņojums ar labojumiem",
		"Beigta ārkārtas situācija", "Daugavpils pilsētas ugunsdzēsēji", "data-print", "Lēmums pieņemts 40 min. pēc iesniegšanas"} {
		if !strings.Contains(tl.Body, want) {
			t.Errorf("the timeline lacks %q", want)
		}
	}
}
