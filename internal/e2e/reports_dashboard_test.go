package e2e_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/daugavpils/prdesk/internal/monitoring"
	"github.com/daugavpils/prdesk/internal/monitoring/monitoringtest"
	"github.com/daugavpils/prdesk/internal/petitions"
	"github.com/daugavpils/prdesk/internal/petitions/petitionstest"
)

// TestDashboardJourney: the executive director signs in, reads the
// dashboard of this month and of a chosen quarter, and opens a late
// submission from it: the "overdue now" figure leads to the registry's
// list of them, and the list to the submission's card. Then the director
// reads the head's monthly report, asks a question on one section and
// marks it read. Axe checks the dashboard and the report; with
// PRDESK_SCREENSHOT_DIR set, they are kept at each of screenSizes.
func TestDashboardJourney(t *testing.T) {
	b := startBrowser(t)
	srv := b.srv
	// A submission received two months ago and still being worked on: past its term.
	at := time.Now().AddDate(0, -2, 0)
	late := petitionstest.Register(t, srv.Pool, petitionstest.Sub{At: at, Subject: "Bedres Stacijas ielā E2E"})
	late = petitionstest.Progress(t, srv.Pool, late, petitions.InProgress, at.Add(24*time.Hour))
	// Coverage of this month and the last, so the charts have bars.
	for i, tone := range []monitoring.Tone{monitoring.Positive, monitoring.Positive, monitoring.Neutral, monitoring.Negative} {
		monitoringtest.AddClipping(t, srv.Pool, monitoring.Clipping{PublishedAt: time.Now().Add(-time.Duration(i) * time.Minute), Tone: tone})
		monitoringtest.AddClipping(t, srv.Pool, monitoring.Clipping{PublishedAt: time.Now().AddDate(0, -1, 0), Tone: tone})
	}

	tb := b.newTab(t)
	tb.signInAs("director")
	tb.open("/reports")
	main := tb.text("main")
	if !strings.Contains(main, "Nodaļas darba rādītāji") {
		t.Fatalf("the dashboard is not shown: %q", main)
	}
	for _, want := range []string{"Iesniegumi", "Saņemti iesniegumi", "Iepriekšējais periods", "Pirms gada", "Sadaļas, kas vēl top"} {
		if !strings.Contains(main, want) {
			t.Errorf("the dashboard lacks %q", want)
		}
	}
	petAxe(tb, "dashboard")
	tb.screenshots("reports-dashboard-month")

	// The chooser: a quarter, by a day in it.
	tb.do("choose a quarter",
		chromedp.SetValue(chromedp.CSS("#period"), "quarter"),
		chromedp.SetValue(chromedp.CSS("#on"), "15.05.2026."),
	)
	tb.clickAndLoad(`form[data-testid="period-form"] button[type=submit]`)
	if p := tb.text(`[data-testid="period"]`); !strings.Contains(p, "01.04.2026.–30.06.2026.") || !strings.Contains(p, "01.01.2026.–31.03.2026.") {
		t.Errorf("the quarter: %q", p)
	}
	petAxe(tb, "dashboard, a quarter")
	tb.screenshots("reports-dashboard-quarter")

	// A bad range is refused beside its field, and axe checks that too.
	tb.open("/reports?period=range&from=10.03.2026&to=01.03.2026")
	if !strings.Contains(tb.text(".error-summary, main"), "nevar būt pirms") {
		t.Errorf("no message for a backward range: %q", tb.text("main"))
	}
	petAxe(tb, "dashboard, a refused range")

	// From the dashboard to the late submission.
	tb.open("/reports")
	tb.clickAndLoad(`[data-testid="note-petitions_overdue_now"] a`)
	if p := tb.path(); p != "/petitions" {
		t.Fatalf("the overdue figure led to %s", p)
	}
	sel := fmt.Sprintf(`main a[href="/petitions/%d"]`, late.ID)
	if !eval[bool](tb, "the late submission on the list", `!!document.querySelector('`+sel+`')`) {
		t.Fatalf("the list of overdue submissions lacks %s: %s", late.RegNumber, tb.text("main"))
	}
	tb.clickAndLoad(sel)
	if !strings.Contains(tb.text("main"), late.RegNumber) || !strings.Contains(tb.text("main"), "Bedres Stacijas ielā E2E") {
		t.Errorf("the card of %s is not shown: %q", late.RegNumber, tb.text("main"))
	}

	// The head's monthly report, prepared and submitted through the app;
	// the director reads it from the archive, comments on the
	// submissions' figures and marks it read.
	head := srv.Client(t, "head")
	res := head.PostForm(t, "/reports/periodic", url.Values{"kind": {"monthly"}})
	report := res.Header.Get("Location")
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(report, "/reports/periodic/") {
		t.Fatalf("the head prepares the monthly report: %d %q", res.StatusCode, report)
	}
	if res := head.PostForm(t, report+"/submit", url.Values{"version": {"1"}, "highlights": {"Atklāts jaunais parks E2E."},
		"problems": {"Kavējas atbilde uz iesniegumu."}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("the head submits the report: %d", res.StatusCode)
	}
	tb.open("/reports/periodic")
	tb.clickAndLoad(`[data-testid="archive"] a[href="` + report + `"]`)
	page := tb.text("main")
	for _, want := range []string{"Mēneša pārskats", "Atklāts jaunais parks E2E.", "Iesniedza Inese Kalniņa", "Saņemti iesniegumi",
		"Ievērības vērtais"} {
		if !strings.Contains(page, want) {
			t.Errorf("the report lacks %q", want)
		}
	}
	petAxe(tb, "the head's monthly report")
	tb.screenshots("reports-dashboard-monthly-report")
	tb.do("write a question on the submissions' figures",
		chromedp.Click(chromedp.CSS(`[data-testid="comments-figures-petitions"] summary`)),
		chromedp.SetValue(chromedp.CSS("#comment-figures-petitions"), "Kāpēc atbilde kavējas? E2E"))
	tb.clickAndLoad(`[data-testid="comments-figures-petitions"] button[type=submit]`)
	if !strings.Contains(tb.text(`[data-testid="comments-figures-petitions"]`), "Kāpēc atbilde kavējas? E2E") {
		t.Errorf("the comment is not on the report: %q", tb.text("main"))
	}
	tb.clickAndLoad(`form[action="` + report + `/read"] button`)
	if s := tb.text(`[data-testid="status"]`); !strings.Contains(s, "Izlasīja Sergejs Ivanovs") {
		t.Errorf("the report is not marked read: %q", s)
	}
}
