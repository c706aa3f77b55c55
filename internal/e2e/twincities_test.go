package e2e_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/daugavpils/prdesk/internal/contacts/contactstest"
)

// TestTwinCitiesJourney: a staff member registers an agreement, logs a
// visit on its card, adds the partner city's day, and finds the city on
// the list, the overview, the greetings plan and the printable list. Axe
// checks each of those pages and the directory's retention page; with
// PRDESK_SCREENSHOT_DIR set, the pages are kept at each of screenSizes.
func TestTwinCitiesJourney(t *testing.T) {
	b := startBrowser(t)
	n := contactstest.Unique()
	city := fmt.Sprintf("Šauļi E2E %d", n)

	tb := b.newTab(t)
	tb.signInAs("staff")
	tb.open("/twincities/new")
	tb.do("fill in the agreement",
		chromedp.SendKeys(chromedp.CSS("#city"), city, chromedp.NodeVisible),
		chromedp.SetValue(chromedp.CSS("#country"), "LT"),
		chromedp.SetValue(chromedp.CSS("#status"), "active"),
		chromedp.SendKeys(chromedp.CSS("#signed_on"), "16.05.2003."),
		chromedp.Click(chromedp.CSS(`input[name=fields][value=culture]`)),
	)
	petAxe(tb, "twin cities form")
	tb.clickAndLoad(`form[action="/twincities"] button[type=submit]`)
	card := tb.path()
	if !regexp.MustCompile(`^/twincities/\d+$`).MatchString(card) {
		t.Fatalf("after saving the browser is at %s: %s", card, tb.text("main"))
	}
	if !strings.Contains(tb.text("h1"), city) {
		t.Errorf("the card's heading is %q", tb.text("h1"))
	}
	petAxe(tb, "twin cities card")

	tb.open(card + "/log/new")
	tb.do("fill in the log line",
		chromedp.SetValue(chromedp.CSS("#kind"), "visit"),
		chromedp.SetValue(chromedp.CSS("#happened_on"), "14.09.2026."),
		chromedp.SetValue(chromedp.CSS("#field"), "education"),
		chromedp.SendKeys(chromedp.CSS("#result"), "Skolotāju pieredzes apmaiņa Šauļos"),
		chromedp.SendKeys(chromedp.CSS("#participants"), "Seši Daugavpils skolotāji"),
	)
	petAxe(tb, "twin cities log form")
	tb.clickAndLoad(`main form button[type=submit]`)
	if tb.path() != card || !strings.Contains(tb.text("main"), "Skolotāju pieredzes apmaiņa Šauļos") {
		t.Fatalf("the log line is not on the card (at %s): %s", tb.path(), tb.text("main"))
	}
	tb.do("the city's day",
		chromedp.SendKeys(chromedp.CSS("#day"), "15.06.", chromedp.NodeVisible),
		chromedp.SendKeys(chromedp.CSS("#occasion"), "Pilsētas svētki"),
	)
	tb.clickAndLoad(`form[action$="/days"] button[type=submit]`)
	if !strings.Contains(tb.text("main"), "Pilsētas svētki") {
		t.Error("the day is not on the card")
	}

	tb.open("/twincities?q=" + fmt.Sprint(n))
	if !strings.Contains(tb.text("main"), city) {
		t.Error("the list does not find the city")
	}
	petAxe(tb, "twin cities list")
	for _, p := range []string{"/twincities/overview?year=2026", "/twincities/greetings?year=2026", "/twincities/print"} {
		tb.open(p)
		if !strings.Contains(tb.text("main"), city) {
			t.Errorf("%s does not show the city", p)
		}
		petAxe(tb, p)
	}
	head := b.newTab(t)
	head.signInAs("head")
	head.open("/contacts/retention")
	petAxe(head, "contacts retention")
	head.open("/privacy?name=" + "Se%C5%A1i+Daugavpils")
	petAxe(head, "privacy with the twin cities")

	dir := os.Getenv("PRDESK_SCREENSHOT_DIR")
	if dir == "" {
		return
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, size := range screenSizes {
		head.do(fmt.Sprintf("viewport %d", size.width), chromedp.EmulateViewport(size.width, size.height))
		for _, pg := range []struct{ name, path string }{
			{"twincities-card", card}, {"twincities-list", "/twincities"}, {"twincities-overview", "/twincities/overview"},
			{"contacts-retention", "/contacts/retention"}, {"privacy-twincities", "/privacy?name=Se%C5%A1i+Daugavpils"},
		} {
			head.open(pg.path)
			if w := eval[[]int](head, "widths", `[document.documentElement.scrollWidth, innerWidth]`); w[0] > w[1] {
				t.Errorf("%s at %dpx: the page is %dpx wide and scrolls sideways", pg.path, size.width, w[0])
			}
			shot := run(head, "screenshot "+pg.name, chromedp.FullScreenshot(100))
			if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%s-%d.png", pg.name, size.width)), shot, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}
