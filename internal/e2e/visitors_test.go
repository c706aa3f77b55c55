package e2e_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/daugavpils/prdesk/internal/app"
	"github.com/daugavpils/prdesk/internal/apptest"
	"github.com/daugavpils/prdesk/internal/jobs"
	"github.com/daugavpils/prdesk/internal/mail"
	"github.com/daugavpils/prdesk/internal/mail/mailtest"
	"github.com/daugavpils/prdesk/internal/visitors"
	"github.com/daugavpils/prdesk/internal/visitors/visitorstest"
)

// The visitor of the reception journey.
const (
	visName    = "Ērika Šņore"
	visPhone   = "+37126554433"
	visEmail   = "erika.snore.e2e@example.lv"
	visTopic   = "Bīstams koks pagalmā Ģimnāzijas ielā"
	visOutcome = "Pārbaudīs komunālā nodaļa; iesniegs rakstisku iesniegumu"
	// The chair account's official in this journey: no official of the
	// demo data has the name, so the search and the list find this one alone.
	visChair = "Edgars Zvaigzne"
)

// visitorsJourney walks the reception day: the clerk books a visitor with
// the keyboard alone, the confirmation reaches a real SMTP server, the
// clerk checks the visitor in on the day and calls them, the board in a
// second tab shows the ticket by itself, and the chair records the outcome.
// Like the petitions journey it works the shared mail queue, so it must not
// run beside another journey that does.
func visitorsJourney(t *testing.T, b *browser) {
	mailSrv := mailtest.Start(t, mailtest.Options{})
	srv := apptest.NewWithConfig(t, func(c *app.Config) {
		c.SMTPURL = mailSrv.URL()
		c.Demo = false
	})
	ctx := context.Background()
	// Monday 2 November 2026 at 09:00: the chair receives today from 10:00,
	// and the first free slot is today's 10:00.
	srv.Clock.Set(t, visitorstest.Monday)
	chair := visitorstest.AddOfficial(t, srv.Pool, visitors.Official{Name: visChair, Position: "Domes priekšsēdētājs", Kind: visitors.Chair})
	visitorstest.Link(t, srv.Pool, "chair", chair)
	visitorstest.AddExtra(t, srv.Pool, chair, visitorstest.Date(2026, 11, 2), visitors.At(10, 0), visitors.At(12, 0), 15)

	clerk := petTab(t, b, srv)
	clerk.signInAs("clerk")

	// The official found by a part of the name typed without diacritics:
	// Enter searches, and Enter on the first match (it has the focus)
	// shows their free slots.
	clerk.open("/visitors/book")
	visTabTo(clerk, "input#q")
	clerk.do("type a part of the name", chromedp.KeyEvent("zvaigzne"))
	visEnter(clerk)
	petAxe(clerk, "the officials found")
	if got := eval[string](clerk, "focused match", `document.activeElement.textContent.trim()`); got != visChair {
		t.Fatalf("the focus is on %q after the search", got)
	}
	visEnter(clerk)
	if !eval[bool](clerk, "free slots", `!!document.querySelector('ol.slots a') && location.search.includes('official=`+fmt.Sprint(chair)+`')`) {
		t.Fatalf("the match led to %s", clerk.path())
	}

	// Booking, by keyboard alone: the official by typing the name's start,
	// Tab to the button, Enter; Enter on the first free slot; the visitor's
	// details typed field by field with Tab; Enter sends the form.
	clerk.open("/visitors/book")
	petAxe(clerk, "the booking page")
	visTabTo(clerk, "select#official")
	clerk.do("type the official's name", chromedp.KeyEvent("Edgars"))
	if got := eval[string](clerk, "chosen official", `document.querySelector('#official').selectedOptions[0].text`); !strings.HasPrefix(got, visChair) {
		t.Fatalf("typing chose %q", got)
	}
	visTabTo(clerk, `form[action="/visitors/book"] button[type=submit]`)
	visEnter(clerk)
	visTabTo(clerk, "ol.slots a")
	if slot := clerk.text("ol.slots li a"); !strings.Contains(slot, "02.11.2026") || !strings.Contains(slot, "10:00") {
		t.Fatalf("the first free slot %q is not today's 10:00", slot)
	}
	visEnter(clerk)
	petAxe(clerk, "the visitor's form")
	for _, f := range []struct{ name, text string }{
		{"name", visName}, {"phone", visPhone}, {"email", visEmail}, {"topic", visTopic},
		{"language", ""}, {"accessibility", ""}, {"person_code", ""},
	} {
		if got := eval[string](clerk, "focus", `document.activeElement.name`); got != f.name {
			t.Fatalf("focus is on %q, want %s", got, f.name)
		}
		if f.text != "" {
			clerk.do("type "+f.name, chromedp.KeyEvent(f.text))
		}
		if f.name != "person_code" {
			clerk.do("Tab", chromedp.KeyEvent(kb.Tab))
		}
	}
	visEnter(clerk)
	m := regexp.MustCompile(`^/visitors/bookings/(\d+)$`).FindStringSubmatch(clerk.path())
	if m == nil {
		t.Fatalf("booking led to %s: %s", clerk.path(), clerk.text("main"))
	}
	booking := m[1]
	if flash := clerk.text(".flash"); !strings.Contains(flash, visName) {
		t.Errorf("flash %q", flash)
	}

	// The confirmation goes out through the outbox to the SMTP server.
	wctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if err := jobs.WorkDue(wctx, srv.App.Jobs(), mail.Queue); err != nil {
		t.Fatal(err)
	}
	got := mailSrv.To(visEmail)
	if len(got) != 1 || !strings.Contains(got[0].Subject, "Pieraksts uz pieņemšanu") || !strings.Contains(got[0].Body, visName) || !strings.Contains(got[0].Body, visChair) {
		t.Fatalf("confirmation mail: %+v", got)
	}

	// The board in a second tab, before anyone is called.
	board := petTab(t, b, srv)
	board.signInAs("clerk")
	board.open("/visitors/board")
	petAxe(board, "the board")

	// On the day: check-in gives a ticket.
	clerk.open("/visitors/queue")
	visTabTo(clerk, `form[action="/visitors/bookings/`+booking+`/checkin"] button`)
	visEnter(clerk)
	ticket := regexp.MustCompile(`[A-Z]-\d{3}`).FindString(clerk.text(".flash"))
	if ticket == "" {
		t.Fatalf("no ticket in %q", clerk.text(".flash"))
	}
	if strings.Contains(board.text("#board-called"), ticket) {
		t.Fatalf("the board shows %s as called before the call", ticket)
	}

	// The clerk calls the chair's next visitor; the board shows it by itself.
	visTabTo(clerk, fmt.Sprintf(`[data-testid="queue-%d"] form[action="/visitors/queue/call"] button`, chair))
	visEnter(clerk)
	// The board polls by itself; it shows the called ticket at a poll to come.
	run(board, "the board shows "+ticket, chromedp.Poll[bool](
		`document.querySelector('#board-called').textContent.includes('`+ticket+`')`,
		chromedp.WithPollingMutation(), chromedp.WithPollingTimeout(10*time.Second)))
	if body := eval[string](board, "board text", `document.body.innerText`); strings.Contains(body, "Ērika") || strings.Contains(body, "Šņore") || strings.Contains(body, visPhone) {
		t.Errorf("the board shows personal data: %q", body)
	}
	if live := eval[string](board, "live region", `document.querySelector('#board-called').getAttribute('aria-live')`); live != "polite" {
		t.Errorf("aria-live %q on the called tickets", live)
	}
	petAxe(board, "the board with a called ticket")

	// The chair records the outcome, by keyboard too.
	chairTab := petTab(t, b, srv)
	chairTab.signInAs("chair")
	chairTab.open("/visitors/queue")
	visTabTo(chairTab, `input[name=outcome]`)
	chairTab.do("type the outcome", chromedp.KeyEvent(visOutcome))
	chairTab.do("Tab to the checkbox and tick it", chromedp.KeyEvent(kb.Tab), chromedp.KeyEvent(" "))
	chairTab.do("Tab to Save", chromedp.KeyEvent(kb.Tab))
	visEnter(chairTab)
	if flash := chairTab.text(".flash"); !strings.Contains(flash, ticket) {
		t.Errorf("after the outcome the flash says %q", flash)
	}
	if state := eval[string](chairTab, "state", `document.querySelector('tr[data-ticket="`+ticket+`"]').innerText`); !strings.Contains(state, visOutcome) {
		t.Errorf("the ticket's row %q lacks the outcome", state)
	}

	// The clerk starts the registry's form with the visitor's details.
	clerk.open("/visitors/queue")
	visTabTo(clerk, `button[data-testid=register-submission]`)
	visEnter(clerk)
	if p := clerk.path(); p != "/petitions/new" {
		t.Fatalf("the link led to %s", p)
	}
	for sel, want := range map[string]string{"#person_name": visName, "#person_phone": visPhone, "#person_email": visEmail, "#subject": visTopic} {
		if got := run(clerk, "value of "+sel, chromedp.Value(chromedp.CSS(sel))); got != want {
			t.Errorf("%s holds %q, want %q", sel, got, want)
		}
	}
}

// visTabTo presses Tab until what sel finds has the focus.
func visTabTo(tb *tab, sel string) {
	tb.t.Helper()
	js := `(() => { const e = document.querySelector('` + sel + `'); return !!e && e === document.activeElement; })()`
	for range 150 {
		if eval[bool](tb, "focus on "+sel, js) {
			return
		}
		tb.do("Tab", chromedp.KeyEvent(kb.Tab))
	}
	tb.t.Fatalf("%s: Tab never reaches %s", tb.path(), sel)
}

// visEnter presses Enter and waits for the page it leads to.
func visEnter(tb *tab) {
	tb.t.Helper()
	if _, err := chromedp.Run(tb.ctx, chromedp.WaitEvent(page.LoadEventFired, nil, chromedp.KeyEvent(kb.Enter))); err != nil {
		tb.t.Fatalf("Enter: %v", err)
	}
}
