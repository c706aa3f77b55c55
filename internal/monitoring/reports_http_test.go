package monitoring_test

import (
	"bytes"
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/daugavpils/prdesk/internal/apptest"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/monitoring"
	"github.com/daugavpils/prdesk/internal/monitoring/monitoringtest"
	"github.com/daugavpils/prdesk/internal/pdf/pdftest"
)

var versionField = regexp.MustCompile(`name="version" value="(-?\d+)"`)

func version(t *testing.T, body string) string {
	t.Helper()
	m := versionField.FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no version field on the page")
	}
	return m[1]
}

func wantStatus(t *testing.T, what string, res *apptest.Response, status int) {
	t.Helper()
	if res.StatusCode != status {
		body := res.Body
		if i := strings.Index(body, `class="error-summary"`); i >= 0 {
			body = body[i:min(len(body), i+800)]
		} else if len(body) > 400 {
			body = body[:400]
		}
		t.Fatalf("%s: status %d, want %d: %s", what, res.StatusCode, status, body)
	}
}

// The staff make last week's report (twice: one report), write its
// summary (a stale form refused), and everyone who reads the clippings
// reads it and downloads its PDF, whose text holds the Latvian and
// Cyrillic names, and its spreadsheet; the director makes none.
func TestReportsOverHTTP(t *testing.T) {
	srv := apptest.New(t)
	now := riga(2075, 3, 12, 10, 0) // a Tuesday
	srv.Clock.Set(t, now)
	week := monitoring.Weekly.Last(now)
	outletName := unique(t, "Latgales Laiks Ķīmiķi")
	outlet := monitoringtest.Outlet(t, srv.Pool, outletName)
	reach := 45000
	negative := monitoringtest.AddClipping(t, srv.Pool, monitoring.Clipping{OutletID: outlet, PublishedAt: week.From.Add(30 * 3600e9),
		Title: "В Даугавпилсе продлят трамвайную линию", Tone: monitoring.Negative, URL: "https://gorod.lv/novosti/42", Reach: &reach})
	monitoringtest.AddClipping(t, srv.Pool, monitoring.Clipping{OutletID: outlet, PublishedAt: week.From.Add(50 * 3600e9),
		Title: "Skolās ievieš jaunu ēdināšanas kārtību", Tone: monitoring.Positive})

	staff, director, unit, head := srv.Client(t, "staff"), srv.Client(t, "director"), srv.Client(t, "unit"), srv.Client(t, "head")
	res := staff.PostForm(t, "/monitoring/reports", url.Values{"kind": {"weekly"}})
	wantStatus(t, "make", res, http.StatusSeeOther)
	path := res.Header.Get("Location")
	if !strings.HasPrefix(path, "/monitoring/reports/") {
		t.Fatalf("went to %q", path)
	}
	res = staff.PostForm(t, "/monitoring/reports", url.Values{"kind": {"weekly"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != path {
		t.Errorf("made again: %d %q, want %q", res.StatusCode, res.Header.Get("Location"), path)
	}
	res = staff.PostForm(t, "/monitoring/reports", url.Values{})
	wantStatus(t, "nothing chosen", res, http.StatusUnprocessableEntity)
	if !strings.Contains(res.Body, "Izvēlieties, vai sagatavot nedēļas vai mēneša pārskatu") {
		t.Error("the empty form does not say what to choose")
	}
	wantStatus(t, "the director makes one", director.PostForm(t, "/monitoring/reports", url.Values{"kind": {"weekly"}}), http.StatusForbidden)

	// The page, for the director.
	res = director.Get(t, path)
	wantStatus(t, "the director reads it", res, http.StatusOK)
	body := html.UnescapeString(res.Body)
	for _, want := range []string{"Nedēļas pārskats: " + week.Dates(), outletName, "В Даугавпилсе продлят трамвайную линию",
		"Negatīvās publikācijas", "https://gorod.lv/novosti/42", "Visvairāk lasītās publikācijas", "45\u00a0000", "Kopsavilkums vēl nav uzrakstīts.",
		"/monitoring/" + strconv.FormatInt(negative, 10)} {
		if !strings.Contains(body, want) {
			t.Errorf("the report page lacks %q", want)
		}
	}
	if strings.Contains(body, `name="summary"`) || strings.Contains(body, "Nosūtīt tagad") {
		t.Error("the director is offered the summary's form or the button to send")
	}

	// The summary: saved, a stale form refused, an empty one named.
	page := staff.Get(t, path)
	v := version(t, page.Body)
	wantStatus(t, "save", staff.PostForm(t, path, url.Values{"version": {v}, "summary": {"Galvenā tēma — tramvajs; <script>alert(1)</script>"}}), http.StatusSeeOther)
	res = staff.PostForm(t, path, url.Values{"version": {v}, "summary": {"Vecā versija"}})
	wantStatus(t, "stale", res, http.StatusConflict)
	if !strings.Contains(res.Body, "Kāds cits jau ir mainījis šo ierakstu") {
		t.Error("a stale form without the conflict message")
	}
	res = staff.PostForm(t, path, url.Values{"version": {version(t, staff.Get(t, path).Body)}, "summary": {"  "}})
	wantStatus(t, "empty", res, http.StatusUnprocessableEntity)
	if !strings.Contains(res.Body, "Ierakstiet pārskata kopsavilkumu") {
		t.Error("an empty summary is not named")
	}
	res = director.Get(t, path)
	if !strings.Contains(res.Body, "Galvenā tēma — tramvajs; &lt;script&gt;") || strings.Contains(res.Body, "<script>alert") {
		t.Error("the summary is not shown as text")
	}
	wantStatus(t, "the director writes the summary", director.PostForm(t, path, url.Values{"version": {"1"}, "summary": {"x"}}), http.StatusForbidden)

	// The PDF: audited, its text the report's.
	var before int64
	if err := srv.Pool.QueryRow(context.Background(), `select count(*) from audit_log where entity = 'monitoring_report' and action = 'export'
		and entity_id = $1`, strings.TrimPrefix(path, "/monitoring/reports/")).Scan(&before); err != nil {
		t.Fatal(err)
	}
	res = director.Get(t, path+".pdf")
	wantStatus(t, "pdf", res, http.StatusOK)
	if res.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(res.Body, "%PDF-") ||
		!strings.Contains(res.Header.Get("Content-Disposition"), "attachment") {
		t.Fatalf("pdf: %v", res.Header)
	}
	text := pdftest.Text(t, []byte(res.Body))
	for _, want := range []string{"Mediju monitorings", "Nedēļas pārskats: " + week.Dates(), outletName, "В Даугавпилсе продлят трамвайную линию",
		"Galvenā tēma — tramvajs", "Galvenie rādītāji", "Mediji ar visvairāk publikāciju", "Negatīvās publikācijas",
		"https://gorod.lv/novosti/42", "45 000", "Daugavpils valstspilsētas pašvaldība"} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF lacks %q", want)
		}
	}
	var after int64
	_ = srv.Pool.QueryRow(context.Background(), `select count(*) from audit_log where entity = 'monitoring_report' and action = 'export'
		and entity_id = $1`, strings.TrimPrefix(path, "/monitoring/reports/")).Scan(&after)
	if after != before+1 {
		t.Errorf("the PDF's download was audited %d times", after-before)
	}

	// The spreadsheet: the period's clippings as the list exports them.
	res = unit.Get(t, path+".xlsx")
	wantStatus(t, "xlsx", res, http.StatusOK)
	book, err := excelize.OpenReader(bytes.NewReader([]byte(res.Body)))
	if err != nil {
		t.Fatal(err)
	}
	defer book.Close()
	title, _ := book.GetCellValue("Publikācijas", "D2")
	outletCell, _ := book.GetCellValue("Publikācijas", "C2")
	if title != "В Даугавпилсе продлят трамвайную линию" || outletCell != outletName {
		t.Errorf("the first row: %q from %q", title, outletCell)
	}
	if rows, _ := book.GetRows("Publikācijas"); len(rows) != 3 {
		t.Errorf("%d rows, want the header and the week's 2", len(rows))
	}

	// The head sends it by hand; a draft no more.
	res = head.PostForm(t, path+"/send", nil)
	wantStatus(t, "send", res, http.StatusSeeOther)
	wantStatus(t, "the staff send", staff.PostForm(t, path+"/send", nil), http.StatusForbidden)
}

func TestTrendsAndSettingsOverHTTP(t *testing.T) {
	srv := apptest.New(t)
	now := riga(2076, 4, 15, 12, 0)
	srv.Clock.Set(t, now)
	topic := monitoringtest.AddTopic(t, srv.Pool, "Satiksme")
	outlet := monitoringtest.Outlet(t, srv.Pool, unique(t, "TVNET"))
	for d := range 3 {
		monitoringtest.AddClipping(t, srv.Pool, monitoring.Clipping{OutletID: outlet, PublishedAt: now.AddDate(0, 0, -d), TopicIDs: []int64{topic},
			Tone: monitoring.Negative})
	}
	unit, staff, head := srv.Client(t, "unit"), srv.Client(t, "staff"), srv.Client(t, "head")
	res := unit.Get(t, "/monitoring/trends?topic="+strconv.FormatInt(topic, 10))
	wantStatus(t, "trends", res, http.StatusOK)
	body := html.UnescapeString(res.Body)
	for _, want := range []string{"Publikāciju tendences", "Publikācijas: 3;", `role="img"`, "Skaitļi tabulā", i18n.LongDate(i18n.WithLocale(context.Background(), "lv"), now),
		"/monitoring?from=15.04.2076.&to=15.04.2076.&topic=" + strconv.FormatInt(topic, 10),
		"/monitoring?from=17.03.2076.&outlet=" + strconv.FormatInt(outlet, 10) + "&to=15.04.2076.&topic=" + strconv.FormatInt(topic, 10)} {
		if !strings.Contains(body, want) {
			t.Errorf("the trends lack %q", want)
		}
	}
	res = unit.Get(t, "/monitoring/trends?from=01.04.2076.&to=15.04.2076.&step=week&topic="+strconv.FormatInt(topic, 10))
	wantStatus(t, "by week", res, http.StatusOK)
	if !strings.Contains(html.UnescapeString(res.Body), "13.04.2076.–15.04.2076.") {
		t.Error("the last week is not cut to the period")
	}
	res = unit.Get(t, "/monitoring/trends?from=15.04.2076.&to=01.04.2076.")
	wantStatus(t, "backwards", res, http.StatusUnprocessableEntity)
	if !strings.Contains(res.Body, "Ievadiet beigu datumu, kas nav agrāks par sākuma datumu") {
		t.Error("a period backwards is not named")
	}
	wantStatus(t, "by day over years", unit.Get(t, "/monitoring/trends?from=01.01.2070.&to=01.01.2076.&step=day"), http.StatusUnprocessableEntity)
	wantStatus(t, "a step unknown", unit.Get(t, "/monitoring/trends?step=hour"), http.StatusUnprocessableEntity)

	// The settings are the head's.
	wantStatus(t, "the staff's settings", staff.Get(t, "/monitoring/reports/settings"), http.StatusForbidden)
	wantStatus(t, "the unit's settings", unit.Get(t, "/monitoring/reports/settings"), http.StatusForbidden)
	res = head.Get(t, "/monitoring/reports/settings")
	wantStatus(t, "the head's settings", res, http.StatusOK)
	v := version(t, res.Body)
	res = head.PostForm(t, "/monitoring/reports/settings", url.Values{"version": {v}, "weekly": {"on"}, "spike_multiple": {"abc"}, "spike_minimum": {"5"}})
	wantStatus(t, "a multiple not a number", res, http.StatusUnprocessableEntity)
	if !strings.Contains(res.Body, "Ievadiet skaitli, piemēram, 2,0") {
		t.Error("a wrong multiple is not named")
	}
	wantStatus(t, "save", head.PostForm(t, "/monitoring/reports/settings", url.Values{"version": {v}, "weekly": {"on"}, "spike_alerts": {"on"},
		"spike_multiple": {"2,5"}, "spike_minimum": {"4"}}), http.StatusSeeOther)
	res = head.PostForm(t, "/monitoring/reports/settings", url.Values{"version": {v}, "spike_multiple": {"3"}, "spike_minimum": {"4"}})
	wantStatus(t, "stale", res, http.StatusConflict)
	st, _ := monitoringtest.Store(srv.Pool).ReportSettings(context.Background())
	if !st.Weekly || st.Monthly || st.SpikeMultiple != 2.5 || st.SpikeMinimum != 4 {
		t.Errorf("saved: %+v", st)
	}
	email := "jauna" + strconv.FormatInt(serial.Add(1), 10) + "@example.lv"
	res = head.PostForm(t, "/monitoring/reports/recipients", url.Values{"name": {"Jānis Saņēmējs"}, "email": {"nav adrese"}})
	wantStatus(t, "a wrong address", res, http.StatusUnprocessableEntity)
	wantStatus(t, "add", head.PostForm(t, "/monitoring/reports/recipients", url.Values{"name": {"Jānis Saņēmējs"}, "email": {email}}), http.StatusSeeOther)
	res = head.PostForm(t, "/monitoring/reports/recipients", url.Values{"name": {"Jānis Otrreiz"}, "email": {strings.ToUpper(email)}})
	if res.StatusCode < 400 || !strings.Contains(res.Body, "Šis saņēmējs jau ir sarakstā") {
		t.Errorf("the same address again: %d", res.StatusCode)
	}
	if !strings.Contains(head.Get(t, "/monitoring/reports/settings").Body, email) {
		t.Error("the recipient is not listed")
	}
}
