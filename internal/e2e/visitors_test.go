package e2e_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
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

// visitorsJourney walks the front desk's journeys one after the other: the
// reception day (booking by keyboard, its mail, the check-in, the board,
// the outcome), the desk's day (check-in from the day list and the card,
// undo, the staff's queue updating by itself, handing a ticket over), a
// booking from the month view, and every page of the area with names of
// 200 characters at each of screenSizes.
func visitorsJourney(t *testing.T, b *browser) {
	t.Run("Reception", func(t *testing.T) { visitorsReception(t, b) })
	t.Run("Desk", func(t *testing.T) { visitorsDesk(t, b) })
	t.Run("MonthView", func(t *testing.T) { visitorsMonthView(t, b) })
	t.Run("LongNames", func(t *testing.T) { visitorsLongNames(t, b) })
}

// visitorsReception walks the reception day: the clerk books a visitor with
// the keyboard alone, the confirmation reaches a real SMTP server, the
// clerk checks the visitor in on the day and calls them, the board in a
// second tab shows the ticket by itself, and the chair records the outcome.
// Like the petitions journey it works the shared mail queue, so it must not
// run beside another journey that does.
func visitorsReception(t *testing.T, b *browser) {
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
	ctx, cancel := tb.step()
	defer cancel()
	if _, err := chromedp.Run(ctx, chromedp.WaitEvent(page.LoadEventFired, nil, chromedp.KeyEvent(kb.Enter))); err != nil {
		tb.t.Fatalf("Enter: %v", err)
	}
}

// deskTab is a tab on srv for a journey of several pages whose tabs stay
// open side by side (the staff's queue watching the clerk's work).
func deskTab(t *testing.T, b *browser, srv *apptest.Server, user string) *tab {
	t.Helper()
	tb := openTab(t, b, srv)
	tb.signInAs(user)
	return tb
}

// deskShot keeps a full-page screenshot of what tb shows in
// PRDESK_SCREENSHOT_DIR, when it is set, for a person to look at.
func deskShot(tb *tab, name string) {
	tb.t.Helper()
	dir := os.Getenv("PRDESK_SCREENSHOT_DIR")
	if dir == "" {
		return
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		tb.t.Fatal(err)
	}
	shot := run(tb, "screenshot "+name, chromedp.FullScreenshot(100))
	if err := os.WriteFile(filepath.Join(dir, "visitors-desk-"+name+".png"), shot, 0o644); err != nil {
		tb.t.Fatal(err)
	}
}

// deskPoll waits until js is true on tb's page, as it changes by itself
// (the page polls the server); it never waits a fixed time.
func deskPoll(tb *tab, what, js string) {
	tb.t.Helper()
	run(tb, what, chromedp.Poll[bool](js, chromedp.WithPollingInterval(100*time.Millisecond), chromedp.WithPollingTimeout(15*time.Second)))
}

// visitorsDesk: the clerk checks a visitor in from the day list by
// keyboard, and the staff's queue in another tab shows the ticket by
// itself; the clerk undoes the check-in from the panel under the flash,
// checks the visitor in again from the booking's card, and hands the
// ticket to another official; the staff's queue and the board follow.
func visitorsDesk(t *testing.T, b *browser) {
	srv := apptest.NewWithConfig(t, func(c *app.Config) { c.Demo = false })
	srv.Clock.Set(t, visitorstest.Riga(2026, 11, 2, 10, 5))
	chair := visitorstest.AddOfficial(t, srv.Pool, visitors.Official{Name: "Vilnis Galva", Position: "Domes priekšsēdētājs", Kind: visitors.Chair})
	other := visitorstest.AddOfficial(t, srv.Pool, visitors.Official{Name: "Inta Otrā", Position: "Domes priekšsēdētāja vietniece", Kind: visitors.DeputyChair})
	for _, o := range []int64{chair, other} {
		visitorstest.AddExtra(t, srv.Pool, o, visitorstest.Date(2026, 11, 2), visitors.At(10, 0), visitors.At(12, 0), 15)
	}
	booking := fmt.Sprint(visitorstest.AddBooking(t, srv.Pool, visitorstest.Booking{OfficialID: chair, Start: visitorstest.Riga(2026, 11, 2, 10, 15), Name: "Rūta Rindiņa"}))
	staff := deskTab(t, b, srv, "staff")
	staff.open("/visitors/queue")
	clerk := deskTab(t, b, srv, "clerk")
	ticketOf := func(flash string) string {
		t.Helper()
		ticket := regexp.MustCompile(`[A-Z]-\d{3}`).FindString(flash)
		if ticket == "" {
			t.Fatalf("no ticket in %q", flash)
		}
		return ticket
	}
	row := func(ticket string) string { return `document.querySelector('tr[data-ticket="` + ticket + `"]')` }

	// Check-in from the day list, by keyboard.
	clerk.open("/visitors")
	petAxe(clerk, "the day list")
	visTabTo(clerk, `form[action="/visitors/bookings/`+booking+`/checkin"] button`)
	visEnter(clerk)
	ticket := ticketOf(clerk.text(".flash"))
	deskPoll(staff, "the staff's queue shows "+ticket, `!!`+row(ticket))

	// Undone from the panel under the flash: the ticket leaves both queues.
	petAxe(clerk, "the queue with a step to undo")
	deskShot(clerk, "queue-undo")
	deskShot(staff, "staff-queue")
	visTabTo(clerk, `[data-testid=undo] button`)
	visEnter(clerk)
	if flash := clerk.text(".flash"); !strings.Contains(flash, "Atsaukts") || !strings.Contains(flash, ticket) {
		t.Fatalf("after the undo the flash says %q", flash)
	}
	if eval[bool](clerk, "the undone ticket", `!!`+row(ticket)) {
		t.Fatal("the undone ticket is still in the clerk's queue")
	}
	deskPoll(staff, "the staff's queue drops "+ticket, `!`+row(ticket))

	// Check-in from the booking's card.
	clerk.open("/visitors/bookings/" + booking)
	petAxe(clerk, "the booking's card")
	visTabTo(clerk, `button[data-testid=check-in]`)
	visEnter(clerk)
	ticket = ticketOf(clerk.text(".flash"))
	deskPoll(staff, "the staff's queue shows "+ticket+" again", `!!`+row(ticket))

	// Handed to another official: under "Other actions", away from the
	// outcome's Save.
	clerk.do("open the other actions", chromedp.Click(chromedp.CSS(`tr[data-ticket="`+ticket+`"] summary`), chromedp.NodeVisible))
	petAxe(clerk, "the queue with the other actions open")
	deskShot(clerk, "queue-other-actions")
	petChoose(clerk, `tr[data-ticket="`+ticket+`"] select[name=official]`, "Inta Otrā")
	clerk.clickAndLoad(`tr[data-ticket="` + ticket + `"] button[data-testid=transfer]`)
	m := regexp.MustCompile(`Jaunais numurs: ([A-Z]-\d{3})`).FindStringSubmatch(clerk.text(".flash"))
	if m == nil {
		t.Fatalf("the transfer's flash says %q", clerk.text(".flash"))
	}
	moved := m[1]
	deskPoll(staff, "the staff's queue shows "+moved+" with the other official",
		fmt.Sprintf(`!!document.querySelector('[data-testid="queue-%d"] tr[data-ticket="%s"]')`, other, moved))
	board := deskTab(t, b, srv, "clerk")
	board.open("/visitors/board")
	if text := board.text("#board-waiting"); !strings.Contains(text, moved) || !strings.Contains(text, "bija "+ticket) {
		t.Errorf("the board's waiting list %q lacks %s (bija %s)", text, moved, ticket)
	}
	if text := board.text("#board-clock"); !strings.Contains(text, "10:05") || !strings.Contains(text, "02.11.2026.") {
		t.Errorf("the board's clock says %q", text)
	}
	petAxe(board, "the board with its clock and waits")
	deskShot(board, "board")
	clerk.open("/visitors/log")
	petAxe(clerk, "the visitor log")
	staff.open("/visitors/stats")
	petAxe(staff, "the statistics")
}

// visitorsMonthView: December is full, and the clerk books in January
// from the month view, by keyboard.
func visitorsMonthView(t *testing.T, b *browser) {
	srv := apptest.NewWithConfig(t, func(c *app.Config) { c.Demo = false })
	srv.Clock.Set(t, visitorstest.Monday)
	official := visitorstest.NewOfficial(t, srv.Pool, "Mēneša Skats")
	// Every December slot taken (the 2nd is cancelled): the nearest free
	// slots are November's, and December has no room.
	for _, d := range []int{9, 16, 23, 30} {
		for k := range 8 {
			visitorstest.AddBooking(t, srv.Pool, visitorstest.Booking{OfficialID: official,
				Start: visitorstest.Riga(2026, 12, d, 10, 15*k), Phone: fmt.Sprintf("+3712600%04d", d*10+k)})
		}
	}
	clerk := deskTab(t, b, srv, "clerk")
	clerk.open(fmt.Sprintf("/visitors/book?official=%d", official))
	petAxe(clerk, "the booking page with the month view")
	visTabTo(clerk, `a[data-testid=next-month]`)
	visEnter(clerk)
	if got := clerk.text("#month-title"); got != "Visi laiki: 2026. gada decembris" {
		t.Fatalf("the next month is %q", got)
	}
	if eval[bool](clerk, "free in December", `!!document.querySelector('[data-testid=month] li.free')`) {
		t.Fatal("December shows a free slot")
	}
	visTabTo(clerk, `a[data-testid=next-month]`)
	visEnter(clerk)
	petAxe(clerk, "January's month view")
	visTabTo(clerk, `[data-testid=month] li.free a`)
	visEnter(clerk)
	if slot := clerk.text("#start"); !strings.Contains(slot, "06.01.2027.") || !strings.Contains(slot, "10:00") {
		t.Fatalf("the chosen slot is %q", slot)
	}
	for _, f := range []struct{ name, text string }{{"name", "Jānis Janvāris"}, {"phone", "+37126112233"}, {"topic", "Ielu apgaismojums"}} {
		clerk.do("type "+f.name, chromedp.SendKeys(chromedp.CSS("#"+f.name), f.text, chromedp.NodeVisible))
	}
	clerk.clickAndLoad(`form[action="/visitors/book"] button[type=submit]`)
	if flash := clerk.text(".flash"); !strings.Contains(flash, "Jānis Janvāris") || !strings.Contains(flash, "06.01.2027.") {
		t.Fatalf("after booking the flash says %q", flash)
	}
}

// visitorsLongNames opens every page of the area with a 200-character name
// without spaces (an official's, a visitor's, a room's, a unit's) at 1280
// and 768 pixels: no page may scroll sideways. The screenshots go to
// PRDESK_SCREENSHOT_DIR when it is set, for a person to look at.
func visitorsLongNames(t *testing.T, b *browser) {
	dir := os.Getenv("PRDESK_SCREENSHOT_DIR")
	if dir == "" {
		dir = t.TempDir()
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	srv := apptest.NewWithConfig(t, func(c *app.Config) { c.Demo = false })
	srv.Clock.Set(t, visitorstest.Riga(2026, 11, 2, 10, 5))
	long := func(word string) string { return string([]rune(strings.Repeat(word, 200))[:200]) }
	name, room, unit := long("Garvārdsbezatstarpēm"), long("Telpanumurs"), long("Struktūrvienība")
	rule := visitorstest.Weekly(time.Monday, visitors.At(10, 0), visitors.At(12, 0))
	rule.Room = room
	official := visitorstest.AddOfficial(t, srv.Pool, visitors.Official{Name: name, Position: long("Amatanosaukums"), Kind: visitors.Chair}, rule)
	visitorstest.Link(t, srv.Pool, "chair", official)
	called := visitorstest.AddBooking(t, srv.Pool, visitorstest.Booking{OfficialID: official, Start: visitorstest.Riga(2026, 11, 2, 10, 0), Name: name,
		Topic: strings.Repeat(long("Jautājums")+" ", 2), Email: "garais@example.lv"})
	visitorstest.AddTicket(t, srv.Pool, official, visitorstest.Riga(2026, 11, 2, 9, 55), called, visitors.QCalled)
	waiting := visitorstest.AddBooking(t, srv.Pool, visitorstest.Booking{OfficialID: official, Start: visitorstest.Riga(2026, 11, 2, 10, 15), Name: name})
	visitorstest.AddTicket(t, srv.Pool, official, visitorstest.Riga(2026, 11, 2, 10, 0), waiting, visitors.QWaiting)
	booked := visitorstest.AddBooking(t, srv.Pool, visitorstest.Booking{OfficialID: official, Start: visitorstest.Riga(2026, 11, 2, 11, 0), Name: name})
	visitorstest.AddWaiting(t, srv.Pool, official, name, "+37120001111")
	store := visitorstest.NewStore(t, srv.Pool)
	store.Clock.Set(visitorstest.Riga(2026, 11, 2, 10, 5))
	for _, e := range []visitors.NewLogEntry{
		{CameAt: visitorstest.Riga(2026, 11, 2, 9, 30), PersonName: name, OfficialID: official, Purpose: long("Mērķis")},
		{CameAt: visitorstest.Riga(2026, 11, 2, 9, 40), PersonName: name, Unit: unit, Purpose: long("Mērķis")},
	} {
		if _, err := store.LogVisit(context.Background(), e); err != nil {
			t.Fatal(err)
		}
	}
	cancelled := visitorstest.AddCancellation(t, srv.Pool, official, visitorstest.Date(2026, 11, 16), long("Iemesls"))
	id := fmt.Sprint(official)
	pages := []struct{ name, path string }{
		{"day", "/visitors"}, {"queue", "/visitors/queue"}, {"board", "/visitors/board"},
		{"book", "/visitors/book"}, {"book-official", "/visitors/book?official=" + id},
		{"book-form", fmt.Sprintf("/visitors/book?official=%s&start=%d", id, visitorstest.Riga(2026, 11, 9, 10, 0).Unix())},
		{"booking", fmt.Sprintf("/visitors/bookings/%d", booked)}, {"change", fmt.Sprintf("/visitors/bookings/%d/change", booked)},
		{"slip", fmt.Sprintf("/visitors/bookings/%d/slip", booked)}, {"waitlist", "/visitors/waitlist"},
		{"log", "/visitors/log"}, {"stats", "/visitors/stats?from=2026-11-01&to=2026-11-30"}, {"retention", "/visitors/retention"},
		{"officials", "/visitors/officials"}, {"official", "/visitors/officials/" + id}, {"official-edit", "/visitors/officials/" + id + "/edit"},
		{"rule-new", "/visitors/officials/" + id + "/rules/new"}, {"extra-new", "/visitors/officials/" + id + "/extras/new"},
		{"cancellation-new", "/visitors/officials/" + id + "/cancellations/new"}, {"session-cancel", "/visitors/sessions/cancel"},
		{"calls", fmt.Sprintf("/visitors/cancellations/%d", cancelled)}, {"hours", "/visitors/hours/print?month=2026-11"},
		{"frequency", "/visitors/frequency"},
	}
	staff := deskTab(t, b, srv, "staff")
	for _, size := range screenSizes {
		staff.do(fmt.Sprintf("viewport %d", size.width), chromedp.EmulateViewport(size.width, size.height))
		for _, pg := range pages {
			staff.open(pg.path)
			if w := eval[[]int](staff, "widths", `[document.documentElement.scrollWidth, innerWidth]`); w[0] > w[1] {
				t.Errorf("%s at %dpx: the page is %dpx wide and scrolls sideways", pg.path, size.width, w[0])
			}
			shot := run(staff, "screenshot "+pg.name, chromedp.FullScreenshot(100))
			file := filepath.Join(dir, fmt.Sprintf("visitors-%s-%d.png", pg.name, size.width))
			if err := os.WriteFile(file, shot, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	t.Logf("screenshots in %s", dir)
}
