package e2e_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/daugavpils/prdesk/internal/contacts"
	"github.com/daugavpils/prdesk/internal/contacts/contactstest"
	"github.com/daugavpils/prdesk/internal/monitoring/monitoringtest"
)

// monitoringJourney: a staff member enters a clipping in the quick form,
// judges it and finds it again by a word typed without diacritics; a
// unit's staff member finds what was written about their unit.
func monitoringJourney(t *testing.T, b *browser) {
	srv := b.srv
	n := contactstest.Unique()
	outlet := fmt.Sprintf("Latgales Laiks E2E %d", n)
	contactstest.Org(t, srv.Pool, outlet, contacts.Media)
	unit := fmt.Sprintf("Daugavpils Sporta pārvalde E2E %d", n)
	unitID := contactstest.Org(t, srv.Pool, unit, contacts.MunicipalUnit)
	topic := monitoringtest.AddTopic(t, srv.Pool, "Sports E2E")
	word := fmt.Sprintf("Skrejceļš%d", n)
	title := "Stadionā atklāj jaunu " + word

	staff := openTab(t, b, srv)
	staff.signInAs("staff")
	staff.open("/monitoring/new")
	staff.do("fill in the clipping",
		chromedp.SendKeys(chromedp.CSS("#url"), fmt.Sprintf("https://www.latgaleslaiks.lv/zinas/%d?utm_source=facebook", n), chromedp.NodeVisible),
		chromedp.SendKeys(chromedp.CSS("#title"), title),
		chromedp.SendKeys(chromedp.CSS("#outlet_id_q"), outlet),
		chromedp.SendKeys(chromedp.CSS("#published_time"), "09:30"),
		chromedp.SendKeys(chromedp.CSS("#body"), "Sporta pārvalde informē, ka skrejceļš atvērts visiem."),
		chromedp.SetValue(chromedp.CSS("#tone"), "positive"),
		chromedp.Click(chromedp.CSS(fmt.Sprintf(`input[name=topics][value="%d"]`, topic))),
		chromedp.Click(chromedp.CSS(fmt.Sprintf(`input[name=units][value="%d"]`, unitID))),
	)
	petAxe(staff, "clipping form")
	staff.clickAndLoad(`form[action="/monitoring"] .actions button[type=submit]`)
	card := staff.path()
	if !regexp.MustCompile(`^/monitoring/\d+$`).MatchString(card) {
		t.Fatalf("after saving the browser is at %s: %s", card, staff.text("main"))
	}
	facts := staff.text(`[data-testid=clipping]`)
	for _, want := range []string{outlet, "Pozitīva", unit, "Sports E2E"} {
		if !strings.Contains(facts, want) {
			t.Errorf("the card lacks %q: %s", want, facts)
		}
	}
	if strings.Contains(facts, "utm_source") {
		t.Errorf("the address kept its tracking: %s", facts)
	}
	petAxe(staff, "clipping card")

	// Found by the start of a word, without its diacritics.
	folded := strings.ToLower(strings.ReplaceAll(word, "ļ", "l"))
	staff.open("/monitoring?q=" + folded[:len(folded)-3])
	if !strings.Contains(staff.text(`[data-testid=clippings]`), title) {
		t.Fatalf("the search lacks it: %s", staff.text("main"))
	}
	petAxe(staff, "clippings list")
	staff.open("/monitoring/topics")
	petAxe(staff, "topics")

	reader := openTab(t, b, srv)
	reader.signInAs("unit")
	reader.open("/monitoring/units")
	petAxe(reader, "clippings by institution")
	reader.clickAndLoad(fmt.Sprintf(`a[href="/monitoring?mention=%d"]`, unitID))
	if !strings.Contains(reader.text(`[data-testid=clippings]`), title) {
		t.Fatalf("the unit's clippings lack it: %s", reader.text("main"))
	}
}
