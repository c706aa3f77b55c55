package audit_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/daugavpils/prdesk/internal/apptest"
	"github.com/daugavpils/prdesk/internal/audit"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/petitions/petitionstest"
)

// The person of the test, and everything about them that people type or upload.
const (
	personName    = "Jānis Bērziņš"
	personAddress = "Vienības iela 12-5, Daugavpils"
	personEmail   = "janis.berzins@example.lv"
	personPhone   = "+371 29123456"
	subject       = "Sūdzība par kaimiņu Ozolu"
	summaryText   = "Kaimiņš Ozols trokšņo naktīs."
	scanName      = "Bērziņš Jānis 010180-12345 iesniegums.pdf"
	answerName    = "Atbilde Bērziņam Jānim.pdf"
	minimalPDF    = "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
)

// personCode is 010180-1234 with its check digit.
func personCode() string {
	weights := []int{1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	digits := "0101801234"
	sum := 0
	for i, w := range weights {
		sum += int(digits[i]-'0') * w
	}
	return "010180-1234" + strconv.Itoa((1101-sum)%11)
}

// forbidden are the pieces of the person's data no summary may hold:
// matched without regard to case or diacritics.
var forbidden = []string{
	"berzin", "janis", "jani", "010180", "12345", "vienibas", "29123456", "example.lv",
	"kaimin", "ozol", "troksno", "iesniegums.pdf", "atbilde berzin", ".pdf",
	"valsts policij", "zvanija", "izskatit kopa", "laternas", "slimiba", "dublikat",
}

// fold lower-cases s and takes the Latvian diacritics off ("Bērziņš" → "berzins").
var fold = func() func(string) string {
	r := strings.NewReplacer("ā", "a", "č", "c", "ē", "e", "ģ", "g", "ī", "i", "ķ", "k", "ļ", "l", "ņ", "n", "š", "s", "ū", "u", "ž", "z")
	return func(s string) string { return r.Replace(strings.ToLower(s)) }
}()

// post sends a multipart form with files as a browser does.
func post(t *testing.T, srv *apptest.Server, c *apptest.Client, path string, fields url.Values, files map[string][2]string) *apptest.Response {
	t.Helper()
	var parts []apptest.File
	for field, f := range files {
		parts = append(parts, apptest.File{Field: field, Name: f[0], Content: []byte(f[1])})
	}
	return c.PostMultipart(t, path, fields, parts...)
}

func want(t *testing.T, what string, res *apptest.Response, status int) {
	t.Helper()
	if res.StatusCode != status {
		body := res.Body
		if i := strings.Index(body, `class="error-summary"`); i >= 0 {
			body = body[i:min(len(body), i+1500)]
		} else if len(body) > 500 {
			body = body[:500]
		}
		t.Fatalf("%s: status %d, want %d: %s", what, res.StatusCode, status, body)
	}
}

// A scan's file name ("Bērziņš Jānis 010180-12345 iesniegums.pdf") went
// into the audit log's summary, which the administrator reads. A submission
// is registered with a person's name, personal code, address, e-mail,
// phone, subject and a scan named after them, taken through every step
// with notes, reasons and an answer file named after them, looked up,
// printed and exported; then no summary written meanwhile holds any of it.
func TestSummariesHoldNoPersonalData(t *testing.T) {
	srv := apptest.New(t)
	at := time.Date(2026, 6, 10, 10, 0, 0, 0, i18n.Riga)
	srv.Clock.Set(t, at)
	ctx := context.Background()
	var since int64
	if err := srv.Pool.QueryRow(ctx, `select coalesce(max(id), 0) from audit_log`).Scan(&since); err != nil {
		t.Fatal(err)
	}
	clerk, staff, chair := srv.SignIn(t, "clerk", "demo"), srv.SignIn(t, "staff", "demo"), srv.SignIn(t, "chair", "demo")
	caseID := strconv.FormatInt(petitionstest.DefaultCase(t, srv.Pool).ID, 10)
	chairID := strconv.FormatInt(petitionstest.UserID(t, srv.Pool, "chair"), 10)
	staffID := strconv.FormatInt(petitionstest.UserID(t, srv.Pool, "staff"), 10)

	register := func(n int) (int64, string) {
		t.Helper()
		received := at.Add(-time.Hour)
		res := post(t, srv, clerk, "/petitions/new", url.Values{
			"idem":          {"personal-" + strconv.Itoa(n) + "-" + strconv.FormatInt(time.Now().UnixNano(), 10)},
			"received_date": {received.Format(time.DateOnly)}, "received_time": {received.Format("15:04")},
			"channel": {"email"}, "doc_type": {"complaint"}, "pages": {"2"},
			"person_name": {personName}, "person_code": {personCode()}, "person_address": {personAddress},
			"person_email": {personEmail}, "person_phone": {personPhone}, "reply_channel": {"email"},
			"subject": {subject + " " + strconv.Itoa(n)}, "summary": {summaryText},
			"case_id": {caseID}, "addressee_id": {chairID},
		}, map[string][2]string{"scans": {scanName, minimalPDF}})
		want(t, "register", res, http.StatusSeeOther)
		var id int64
		var number string
		if err := srv.Pool.QueryRow(ctx, `select id, reg_number from petitions where subject = $1`, subject+" "+strconv.Itoa(n)).Scan(&id, &number); err != nil {
			t.Fatal(err)
		}
		return id, number
	}
	version := func(id int64) string {
		var v int
		if err := srv.Pool.QueryRow(ctx, `select version from petitions where id = $1`, id).Scan(&v); err != nil {
			t.Fatal(err)
		}
		return strconv.Itoa(v)
	}
	step := func(c *apptest.Client, id int64, action string, fields url.Values) {
		t.Helper()
		fields.Set("version", version(id))
		want(t, action, c.PostForm(t, "/petitions/"+strconv.FormatInt(id, 10)+"/"+action, fields), http.StatusSeeOther)
	}

	p, number := register(1)
	path := "/petitions/" + strconv.FormatInt(p, 10)
	want(t, "card", staff.Get(t, path), http.StatusOK)
	want(t, "printed card", staff.Get(t, path+"/print"), http.StatusOK)
	want(t, "acknowledgement", staff.Get(t, path+"/acknowledgement.pdf"), http.StatusOK)
	var scan int64
	if err := srv.Pool.QueryRow(ctx, `select file_id from petition_files where petition_id = $1`, p).Scan(&scan); err != nil {
		t.Fatal(err)
	}
	want(t, "scan", staff.Get(t, path+"/files/"+strconv.FormatInt(scan, 10)), http.StatusOK)
	step(clerk, p, "send", url.Values{"send_note": {"Zvanīja " + personName}})
	step(chair, p, "resolve", url.Values{
		"resolution":     {"Izskatīt kopā ar " + personName + " kaimiņa Ozola lietu"},
		"executor_users": {staffID}, "exec_due": {i18n.Date(at.AddDate(0, 0, 14))},
	})
	res := post(t, srv, staff, path+"/answer", url.Values{
		"version": {version(p)}, "answer_number": {"ATB-" + number}, "answer_date": {i18n.Date(at)},
		"answer_channel": {"email"}, "answer_text": {"Cienījamais " + personName + ", laternas salabotas."},
	}, map[string][2]string{"answer_file": {answerName, minimalPDF}})
	want(t, "answer", res, http.StatusSeeOther)
	step(staff, p, "close", url.Values{"close_note": {personName + " apmierināts"}})

	q, qNumber := register(2)
	step(clerk, q, "send", url.Values{})
	step(chair, q, "resolve", url.Values{"resolution": {"Izskatīt"}, "executor_users": {staffID}, "exec_due": {i18n.Date(at.AddDate(0, 0, 14))}})
	step(staff, q, "extend", url.Values{"extend_reason": {personName + " slimība"}})
	step(staff, q, "forward", url.Values{"institution": {"Valsts policija (" + personName + ")"}})
	r, _ := register(3)
	step(staff, r, "unexamined", url.Values{"unexamined_reason": {"Dublikāts, " + personName}})
	s, _ := register(4)
	step(staff, s, "join", url.Values{"target": {qNumber}, "join_note": {"Dublikāts no " + personName}})

	want(t, "export", staff.Get(t, "/petitions/export.csv?name="+url.QueryEscape("Bērziņš Jānis")), http.StatusOK)
	want(t, "look-up by name", staff.Get(t, "/privacy?name="+url.QueryEscape(personName)), http.StatusOK)
	want(t, "look-up by code", staff.Get(t, "/privacy?code="+personCode()), http.StatusOK)
	want(t, "extract", staff.Get(t, "/privacy/extract.pdf?code="+personCode()), http.StatusOK)

	rows, err := srv.Pool.Query(ctx, `select entity, action, summary from audit_log where id > $1 order by id`, since)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	seen := map[string]bool{}
	n := 0
	for rows.Next() {
		var entity, action, summary string
		if err := rows.Scan(&entity, &action, &summary); err != nil {
			t.Fatal(err)
		}
		n++
		seen[entity+" "+action] = true
		// A filter written as a query string hides a name in %-escapes.
		text := summary
		if u, err := url.QueryUnescape(summary); err == nil {
			text += " " + u
		}
		for _, f := range forbidden {
			if strings.Contains(fold(text), f) {
				t.Errorf("%s %s: the summary %q holds %q", entity, action, summary, f)
			}
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	for _, e := range []string{"file create", "petition create", "petition view", "petition view_file", "petition print",
		"petition send", "petition resolve", "petition answer", "petition close", "petition extend", "petition forward",
		"petition unexamined", "petition join", "petition export", "privacy_request search", "privacy_request export"} {
		if !seen[e] {
			t.Errorf("no %s entry was written: the test does not cover it", e)
		}
	}
	if n < 20 {
		t.Errorf("only %d entries", n)
	}
}

// The administrator opens what changed for entities with no personal data
// (accounts, the scheme), never for those with it (a submission, a file,
// an entity no area declared), whose details stay in the database.
func TestAdministratorOpensDetailsOnlyWithoutPersonalData(t *testing.T) {
	srv := apptest.New(t)
	for _, e := range []audit.Entry{
		{Entity: "user", EntityID: 900001, Action: "update", Summary: "Mainīti lietotāja detail.test dati: vārds",
			Details: audit.Diff([][3]any{{"full_name", "Ieva Kalna", "Ieva Kalniņa"}})},
		{Entity: "doc_case", EntityID: 900002, Action: "create", Summary: "Klasifikācijas shēmā pievienota lieta X-1",
			Details: map[string]any{"title": "Iedzīvotāju iesniegumi par ielām"}},
		{Entity: "petition", EntityID: 900003, Action: "forward", Summary: "Iesniegums 2026/9-1: pārsūtīts",
			Details: map[string]any{"institution": "Valsts policija", "reason": "Kārlis Ābele"}},
		{Entity: "file", EntityID: 900004, Action: "create", Summary: "Pievienots fails Nr. 900004",
			Details: map[string]any{"name": scanName}},
		{Entity: "visit_future_area", EntityID: 900005, Action: "create", Summary: "Ieraksts #900005",
			Details: map[string]any{"visitor": "Anna Zvaigzne"}},
	} {
		record(t, srv, audit.System, e)
	}
	body := srv.Client(t, "admin").Get(t, "/admin/audit").Body
	for _, shown := range []string{"vārds, uzvārds: Ieva Kalna → Ieva Kalniņa", "nosaukums: Iedzīvotāju iesniegumi par ielām"} {
		if !strings.Contains(body, shown) {
			t.Errorf("the administrator does not see %q", shown)
		}
	}
	for _, hidden := range []string{"Valsts policija", "Ābele", scanName, "Zvaigzne"} {
		if strings.Contains(body, hidden) {
			t.Errorf("the administrator sees %q", hidden)
		}
	}
	if n := strings.Count(body, `<details class="audit-details">`); n < 2 {
		t.Errorf("%d entries open their details, want the two without personal data", n)
	}
	if !strings.Contains(body, "ierakstiem ar personas datiem (iesniegumi, apmeklētāji, faili) to redz tikai pašā ierakstā") {
		t.Error("the page does not say where the details of personal records are")
	}
}
