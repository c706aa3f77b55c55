package e2e_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/daugavpils/prdesk/internal/contacts/contactstest"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/press"
	"github.com/daugavpils/prdesk/internal/press/presstest"
	"github.com/daugavpils/prdesk/internal/reports/reportstest"
	"github.com/daugavpils/prdesk/internal/visitors"
	"github.com/daugavpils/prdesk/internal/visitors/visitorstest"
)

// TestAgendaJourney: the clerk opens the agenda, picks an official, moves
// to the next week and finds the press conference that falls in the
// official's reception hours marked as a clash, in words. Axe checks the
// page; screenshots at each of screenSizes go to PRDESK_SCREENSHOT_DIR.
func TestAgendaJourney(t *testing.T) {
	b := startBrowser(t)
	srv := b.srv
	n := contactstest.Unique()
	name := fmt.Sprintf("Ērika Nedēļa %d", n)
	official := visitorstest.AddOfficial(t, srv.Pool, visitors.Official{Name: name, Position: "Domes priekšsēdētāja vietniece"},
		visitorstest.Weekly(time.Thursday, visitors.At(10, 0), visitors.At(12, 0)))
	contact := contactstest.NewPerson(t, srv.Pool, "Ērika", fmt.Sprintf("Nedēļa %d", n))
	reportstest.LinkContact(t, srv.Pool, official, contact)

	// A Monday whose next week's Thursday is a working day, whatever the
	// date the test runs on; the Thursday is found by the server's clock.
	srv.Clock.Set(t, time.Date(2027, 2, 8, 10, 0, 0, 0, i18n.Riga))
	now := srv.Clock.Now().In(i18n.Riga)
	thu := time.Date(now.Year(), now.Month(), now.Day()-(int(now.Weekday())+6)%7+7+3, 11, 0, 0, 0, i18n.Riga)
	title := fmt.Sprintf("Preses konference par pilsētas budžetu %d", n)
	presstest.AddEvent(t, srv.Pool, press.Event{Title: title, StartsAt: thu, EndsAt: thu.Add(90 * time.Minute), Speakers: []int64{contact}})

	clerk := b.newTab(t)
	clerk.signInAs("clerk")
	clerk.open("/reports/agenda")
	petChoose(clerk, "#official", name)
	clerk.clickAndLoad(`form[action="/reports/agenda"] button[type=submit]`)
	if !strings.Contains(clerk.text("#agenda-official"), name) {
		t.Fatalf("the official's week is not shown: %s", clerk.text("main"))
	}
	if strings.Contains(clerk.text("main"), title) {
		t.Fatal("next week's event is in this week")
	}
	clerk.clickAndLoad(`[data-testid=next-week]`)
	main := clerk.text("main")
	if !strings.Contains(main, title) {
		t.Fatalf("next week lacks the press conference: %s", main)
	}
	// The clash is said in words on both items and above the week.
	clashes := eval[int](clerk, "clash marks", `document.querySelectorAll('[data-testid=clash]').length`)
	if clashes != 2 || !strings.Contains(clerk.text("[data-testid=clash-summary]"), "Pārklāšanās šajā nedēļā: 2") {
		t.Fatalf("%d items marked as clashing: %s", clashes, main)
	}
	if !strings.Contains(main, "Pārklājas ar: Preses pasākums „"+title) {
		t.Errorf("the reception does not say what it clashes with: %s", main)
	}
	// The clerk may not open the press area: the title is not a link.
	if eval[bool](clerk, "press link", `!!document.querySelector('main a[href^="/press/events/"]')`) {
		t.Error("the clerk is offered a link into the press area")
	}
	petAxe(clerk, "the officials' agenda")
	clerk.screenshots("agenda-week")
}
