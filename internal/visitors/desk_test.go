package visitors_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/daugavpils/prdesk/internal/apptest"
	"github.com/daugavpils/prdesk/internal/visitors"
	"github.com/daugavpils/prdesk/internal/visitors/visitorstest"
)

// The front desk as issue 10 asks for it: every step on a queue entry can
// be undone for a few minutes by the person who took it; "left unseen" is
// an outcome of its own; a ticket can be called again and handed to
// another official; the staff's queue page updates by itself.

var undoAction = regexp.MustCompile(`action="/visitors/steps/(\d+)/undo"`)

// undoSteps are the steps the page offers to undo, newest first.
func undoSteps(body string) []string {
	var out []string
	for _, m := range undoAction.FindAllStringSubmatch(body, -1) {
		out = append(out, m[1])
	}
	return out
}

// undoStepFor is the step the page offers to undo whose line says text.
func undoStepFor(t *testing.T, body, text string) string {
	t.Helper()
	for _, li := range strings.Split(body, "<li>") {
		if strings.Contains(li, text) {
			if m := undoAction.FindStringSubmatch(li); m != nil {
				return m[1]
			}
		}
	}
	t.Fatalf("the page offers no undo of %q", text)
	return ""
}

// follow opens where res redirects to, for its flash.
func follow(t *testing.T, c *apptest.Client, res *apptest.Response) string {
	t.Helper()
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("status %d, want a redirect: %s", res.StatusCode, res.Body)
	}
	return c.Get(t, res.Header.Get("Location")).Body
}

// ticketID is the id of the ticket whose row shows number on the queue page.
func ticketID(t *testing.T, body, number string) string {
	t.Helper()
	m := regexp.MustCompile(`(?s)data-ticket="` + number + `">.*?/visitors/queue/(\d+)/`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no ticket %s with a form on the page", number)
	}
	return m[1]
}

func bookingState(t *testing.T, s visitorstest.Store, id string) visitors.State {
	t.Helper()
	b, err := s.Booking(context.Background(), mustID(t, id))
	if err != nil {
		t.Fatal(err)
	}
	return b.State
}

func mustID(t *testing.T, s string) int64 {
	t.Helper()
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestUndoEachStepOfTheQueue(t *testing.T) {
	ctx := context.Background()
	srv := apptest.New(t)
	srv.Clock.Set(t, receptionMorning)
	o := addDemoOfficials(t, srv)
	chair := idText(o.chair)
	receptionNow(t, srv, o.chair)
	booking := bookToday(t, srv, o.chair, "Gunta Ābele", "+37126007788")
	store := visitorstest.NewStore(t, srv.Pool)
	clerk := srv.Client(t, "clerk")
	checkIn := func() string {
		t.Helper()
		day := clerk.Get(t, "/visitors/queue")
		page := follow(t, clerk, clerk.PostForm(t, "/visitors/bookings/"+booking+"/checkin",
			url.Values{"version": {formVersion(t, day.Body, "/visitors/bookings/"+booking+"/checkin")}}))
		ticket := ticketRe.FindString(page[strings.Index(page, "rindas numurs"):])
		if ticket == "" {
			t.Fatal("no ticket after the check-in")
		}
		return ticket
	}
	undoLast := func(c *apptest.Client, wantFlash string) string {
		t.Helper()
		step := undoStepFor(t, c.Get(t, "/visitors/queue").Body, strings.TrimPrefix(wantFlash, "Atsaukts. "))
		page := follow(t, c, c.PostForm(t, "/visitors/steps/"+step+"/undo", url.Values{"back": {"/visitors/queue"}}))
		if !strings.Contains(page, wantFlash) {
			t.Fatalf("after the undo the page lacks %q", wantFlash)
		}
		return page
	}

	// A check-in undone: the booking is booked again, its ticket gone, and
	// both the history and the audit log say so. Another person may not
	// undo it.
	ticket := checkIn()
	step := undoStepFor(t, clerk.Get(t, "/visitors/queue").Body, "Ierindots: "+ticket+", Gunta Ābele")
	if strings.Contains(srv.Client(t, "staff").Get(t, "/visitors/queue").Body, "Ierindots: "+ticket) {
		t.Error("another person is offered the clerk's step to undo")
	}
	if res := srv.Client(t, "staff").PostForm(t, "/visitors/steps/"+step+"/undo", nil); res.StatusCode != http.StatusForbidden {
		t.Fatalf("another person's undo: %d", res.StatusCode)
	}
	page := undoLast(clerk, "Atsaukts. Ierindots: "+ticket+", Gunta Ābele")
	if strings.Contains(page, `data-ticket="`+ticket+`"`) || bookingState(t, store, booking) != visitors.Booked {
		t.Fatalf("the check-in is still there: %s", bookingState(t, store, booking))
	}
	if card := clerk.Get(t, "/visitors/bookings/"+booking).Body; !strings.Contains(card, "Atsaukts: Ierindots") {
		t.Error("the booking's history does not say the check-in was undone")
	}
	var audits int
	if err := srv.Pool.QueryRow(ctx, `select count(*) from audit_log where action = 'undo' and summary like '%Ierindots%'`).Scan(&audits); err != nil || audits == 0 {
		t.Errorf("no audit entry of the undo (%v)", err)
	}
	if strings.Contains(page, `action="/visitors/steps/`+step+`/undo"`) {
		t.Error("an undone step is offered again")
	}

	// A call undone: the ticket waits again, the booking is arrived again.
	ticket = checkIn()
	follow(t, clerk, clerk.PostForm(t, "/visitors/queue/call", url.Values{"official": {chair}}))
	if bookingState(t, store, booking) != visitors.WithOfficial {
		t.Fatal("the call did not reach the booking")
	}
	page = undoLast(clerk, "Atsaukts. Aicināts: "+ticket)
	if bookingState(t, store, booking) != visitors.Arrived || !regexp.MustCompile(`(?s)data-ticket="`+ticket+`">.*?Gaida`).MatchString(page) {
		t.Fatalf("the call is still there: %s", bookingState(t, store, booking))
	}

	// An outcome undone: the visit leaves the log (and its count) again.
	follow(t, clerk, clerk.PostForm(t, "/visitors/queue/call", url.Values{"official": {chair}}))
	q := clerk.Get(t, "/visitors/queue").Body
	id := ticketID(t, q, ticket)
	follow(t, clerk, clerk.PostForm(t, "/visitors/queue/"+id+"/outcome", url.Values{"outcome": {"Atbildēts uz vietas"},
		"version": {formVersion(t, q, "/visitors/queue/"+id+"/outcome")}}))
	logged := func() int {
		t.Helper()
		var n int
		if err := srv.Pool.QueryRow(ctx, `select count(*) from visit_log where queue_id = $1`, mustID(t, id)).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if logged() != 1 || !strings.Contains(clerk.Get(t, "/visitors/log").Body, "no rindas, numurs "+ticket) {
		t.Fatal("the received visitor is not in the visitor log")
	}
	undoLast(clerk, "Atsaukts. Ierakstīts iznākums: "+ticket)
	if logged() != 0 || bookingState(t, store, booking) != visitors.WithOfficial {
		t.Fatalf("the outcome is still there: %d log rows, booking %s", logged(), bookingState(t, store, booking))
	}

	// Left unseen is its own outcome, not a no-show, and can be undone.
	q = clerk.Get(t, "/visitors/queue").Body
	follow(t, clerk, clerk.PostForm(t, "/visitors/queue/"+id+"/left", url.Values{"version": {formVersion(t, q, "/visitors/queue/"+id+"/left")}}))
	if st := bookingState(t, store, booking); st != visitors.Left {
		t.Fatalf("a visitor who left unseen is %s", st)
	}
	undoLast(clerk, "Atsaukts. Aizgāja neapkalpots: "+ticket)
	if st := bookingState(t, store, booking); st != visitors.WithOfficial {
		t.Fatalf("after the undo the booking is %s", st)
	}

	// Only for a few minutes: six minutes on, the step stays.
	q = clerk.Get(t, "/visitors/queue").Body
	follow(t, clerk, clerk.PostForm(t, "/visitors/queue/"+id+"/left", url.Values{"version": {formVersion(t, q, "/visitors/queue/"+id+"/left")}}))
	step = undoStepFor(t, clerk.Get(t, "/visitors/queue").Body, "Aizgāja neapkalpots: "+ticket)
	srv.Clock.Advance(6 * time.Minute)
	late := srv.Client(t, "clerk")
	if strings.Contains(late.Get(t, "/visitors/queue").Body, `action="/visitors/steps/`+step+`/undo"`) {
		t.Error("a step older than the undo window is offered")
	}
	if page := follow(t, late, late.PostForm(t, "/visitors/steps/"+step+"/undo", nil)); !strings.Contains(page, "Atsaukt var tikai 5 minūšu laikā") {
		t.Error("a late undo is not refused with its reason")
	}
	if st := bookingState(t, store, booking); st != visitors.Left {
		t.Fatalf("a late undo changed the booking to %s", st)
	}

	// A step the entry has moved on from cannot be undone.
	walk := follow(t, late, late.PostForm(t, "/visitors/queue/walkins", url.Values{"official": {chair}, "topic": {"Ietve"}}))
	walkTicket := ticketRe.FindString(walk[strings.Index(walk, "Rindas numurs"):])
	walkStep := undoStepFor(t, walk, "Ierindots: "+walkTicket)
	follow(t, late, late.PostForm(t, "/visitors/queue/call", url.Values{"official": {chair}}))
	if page := follow(t, late, late.PostForm(t, "/visitors/steps/"+walkStep+"/undo", nil)); !strings.Contains(page, "ieraksts ir mainīts") {
		t.Error("undoing a step the entry has moved on from is not refused")
	}
}

func TestUndoANoShow(t *testing.T) {
	srv := apptest.New(t)
	srv.Clock.Set(t, receptionMorning)
	o := addDemoOfficials(t, srv)
	store := visitorstest.NewStore(t, srv.Pool)
	id := idText(visitorstest.AddBooking(t, srv.Pool, visitorstest.Booking{OfficialID: o.deputyChair, Start: riga(2026, 11, 2, 9, 0)}))
	clerk := srv.Client(t, "clerk")
	chg := clerk.Get(t, "/visitors/bookings/"+id+"/change").Body
	follow(t, clerk, clerk.PostForm(t, "/visitors/bookings/"+id+"/noshow", url.Values{"noshow_reason": {"Neatbild"},
		"version": {formVersion(t, chg, "/visitors/bookings/"+id+"/noshow")}}))
	card := clerk.Get(t, "/visitors/bookings/"+id).Body
	steps := undoSteps(card)
	if len(steps) != 1 || bookingState(t, store, id) != visitors.NoShow {
		t.Fatalf("the card offers %d steps to undo", len(steps))
	}
	if !strings.Contains(card, "Neieradās: Anna Kalniņa") {
		t.Error("the card's undo does not name the step")
	}
	page := follow(t, clerk, clerk.PostForm(t, "/visitors/steps/"+steps[0]+"/undo", url.Values{"back": {"/visitors/bookings/" + id}}))
	if !strings.Contains(page, "Atsaukts. Neieradās") || bookingState(t, store, id) != visitors.Booked {
		t.Fatalf("the no-show is not undone: %s", bookingState(t, store, id))
	}
	// A page to go back to outside the area is not followed.
	if res := clerk.PostForm(t, "/visitors/steps/"+steps[0]+"/undo", url.Values{"back": {"//example.com/x"}}); res.Header.Get("Location") != "/visitors/queue" {
		t.Errorf("undo went back to %q", res.Header.Get("Location"))
	}
}

func TestTransferATicket(t *testing.T) {
	ctx := context.Background()
	srv := apptest.New(t)
	srv.Clock.Set(t, receptionMorning)
	o := addDemoOfficials(t, srv)
	chair, other := idText(o.chair), idText(o.deputyChair)
	receptionNow(t, srv, o.chair)
	receptionNow(t, srv, o.deputyChair)
	booking := bookToday(t, srv, o.chair, "Jānis Pārnests", "+37126001234")
	clerk := srv.Client(t, "clerk")
	day := clerk.Get(t, "/visitors/queue").Body
	page := follow(t, clerk, clerk.PostForm(t, "/visitors/bookings/"+booking+"/checkin",
		url.Values{"version": {formVersion(t, day, "/visitors/bookings/"+booking+"/checkin")}}))
	ticket := ticketRe.FindString(page[strings.Index(page, "rindas numurs"):])
	id := ticketID(t, page, ticket)
	version := formVersion(t, page, "/visitors/queue/"+id+"/transfer")

	// The form says what is wrong beside its field, and changes nothing.
	for _, tc := range []struct{ official, want string }{
		{"", "Izvēlieties amatpersonu, kurai nodot apmeklētāju"},
		{chair, "Apmeklētājs jau ir šīs amatpersonas rindā"},
		{idText(o.deputy), "Šai amatpersonai šodien vairs nav pieņemšanas"},
	} {
		res := clerk.PostForm(t, "/visitors/queue/"+id+"/transfer", url.Values{"official": {tc.official}, "version": {version}})
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `id="transfer-`+id+`-error"`) || !strings.Contains(res.Body, tc.want) {
			t.Errorf("transfer to %q: %d without %q", tc.official, res.StatusCode, tc.want)
		}
	}
	if res := srv.Client(t, "chair").PostForm(t, "/visitors/queue/"+id+"/transfer", url.Values{"official": {other}, "version": {version}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("the chair hands a ticket over: %d", res.StatusCode)
	}

	page = follow(t, clerk, clerk.PostForm(t, "/visitors/queue/"+id+"/transfer", url.Values{"official": {other}, "version": {version}}))
	m := regexp.MustCompile(`Numurs ` + ticket + ` nodots\. Amatpersona: Jeļena Kozlova\. Jaunais numurs: ([A-Z]-\d{3})\.`).FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no flash of the transfer")
	}
	moved := m[1]
	section := page[strings.Index(page, `data-testid="queue-`+other+`"`):]
	if !strings.Contains(section, `data-ticket="`+moved+`"`) || !strings.Contains(section, "bija "+ticket) {
		t.Fatal("the ticket is not in the other official's queue with its old number")
	}
	if board := clerk.Get(t, "/visitors/board").Body; !strings.Contains(board, moved) || !strings.Contains(board, "bija "+ticket) {
		t.Error("the board does not show the new number beside the old one")
	}
	if card := clerk.Get(t, "/visitors/bookings/"+booking).Body; !strings.Contains(card, "Nodots citai amatpersonai (Jeļena Kozlova)") {
		t.Error("the booking's history lacks the transfer")
	}
	var audits int
	if err := srv.Pool.QueryRow(ctx, `select count(*) from audit_log where entity = 'visit_queue' and entity_id = $1 and action = 'transfer'`, id).Scan(&audits); err != nil || audits != 1 {
		t.Errorf("%d audit entries of the transfer (%v)", audits, err)
	}

	// Undone, it is back where it was, with its number.
	step := undoStepFor(t, page, "Nodots citai amatpersonai: "+moved)
	page = follow(t, clerk, clerk.PostForm(t, "/visitors/steps/"+step+"/undo", nil))
	section = page[strings.Index(page, `data-testid="queue-`+chair+`"`):]
	if !strings.Contains(page, "Atsaukts. Nodots citai amatpersonai") || !strings.Contains(section, `data-ticket="`+ticket+`"`) {
		t.Errorf("the transfer is not undone: %s", page[strings.Index(page, "<main"):])
	}
}

func TestTheQueuePageUpdatesByItself(t *testing.T) {
	srv := apptest.New(t)
	srv.Clock.Set(t, receptionMorning)
	o := addDemoOfficials(t, srv)
	receptionNow(t, srv, o.chair)
	booking := bookToday(t, srv, o.chair, "Ilga Gaidītāja", "+37126009911")
	for _, user := range []string{"staff", "chair"} {
		t.Run(user, func(t *testing.T) {
			c := srv.Client(t, user)
			page := c.Get(t, "/visitors/queue").Body
			poll := regexp.MustCompile(`hx-get="(/visitors/queue/fragment\?seen=[^"]+)"`).FindStringSubmatch(page)
			if poll == nil || !strings.Contains(page, `hx-trigger="every 1s"`) || !strings.Contains(page, `data-testid="refresh"`) {
				t.Fatal("the queue page neither polls nor offers a refresh link")
			}
			url := strings.ReplaceAll(poll[1], "&amp;", "&")
			if res := c.Get(t, url); res.StatusCode != http.StatusNoContent {
				t.Fatalf("an unchanged queue answers %d", res.StatusCode)
			}
		})
	}
	// The clerk checks the visitor in: the next poll of the others' pages
	// brings the ticket.
	staff, chair := srv.Client(t, "staff"), srv.Client(t, "chair")
	before := map[string]string{}
	for name, c := range map[string]*apptest.Client{"staff": staff, "chair": chair} {
		m := regexp.MustCompile(`hx-get="(/visitors/queue/fragment\?seen=[^"]+)"`).FindStringSubmatch(c.Get(t, "/visitors/queue").Body)
		before[name] = strings.ReplaceAll(m[1], "&amp;", "&")
	}
	clerk := srv.Client(t, "clerk")
	day := clerk.Get(t, "/visitors/queue").Body
	page := follow(t, clerk, clerk.PostForm(t, "/visitors/bookings/"+booking+"/checkin",
		url.Values{"version": {formVersion(t, day, "/visitors/bookings/"+booking+"/checkin")}}))
	ticket := ticketRe.FindString(page[strings.Index(page, "rindas numurs"):])
	for name, c := range map[string]*apptest.Client{"staff": staff, "chair": chair} {
		res := c.Get(t, before[name])
		if res.StatusCode != http.StatusOK || !strings.Contains(res.Body, `id="queue-live" hx-swap-oob="innerHTML"`) ||
			!strings.Contains(res.Body, `data-ticket="`+ticket+`"`) || strings.Contains(res.Body, before[name]) {
			t.Errorf("%s's poll after the check-in: %d without the ticket %s", name, res.StatusCode, ticket)
		}
	}
	// Without the area the fragment is refused like the page.
	if res := srv.Client(t, "director").Get(t, "/visitors/queue/fragment"); res.StatusCode != http.StatusForbidden {
		t.Errorf("the director polls the queue: %d", res.StatusCode)
	}
}

func TestTheBoardShowsTheClockTheWaitsAndACallAgain(t *testing.T) {
	srv := apptest.New(t)
	srv.Clock.Set(t, receptionMorning)
	o := addDemoOfficials(t, srv)
	chair := idText(o.chair)
	receptionNow(t, srv, o.chair)
	clerk := srv.Client(t, "clerk")
	var tickets []string
	for _, topic := range []string{"Ietve", "Apgaismojums", "Soliņš"} {
		page := follow(t, clerk, clerk.PostForm(t, "/visitors/queue/walkins", url.Values{"official": {chair}, "topic": {topic}}))
		tickets = append(tickets, ticketRe.FindString(page[strings.Index(page, "Rindas numurs"):]))
	}
	board := clerk.Get(t, "/visitors/board?official="+chair).Body
	for _, want := range []string{"10:05", "pirmdiena, 02.11.2026.", `datetime="2026-11-02T10:05"`} {
		if !strings.Contains(board, want) {
			t.Errorf("the board lacks %q", want)
		}
	}
	// Nobody is with the official: the first is next, the others wait a
	// reception each (15 minutes before the day's first has ended).
	waits := regexp.MustCompile(`(?s)board-ticket">([A-Z]-\d{3})</span>\s*<span class="board-wait">([^<]+)<`).FindAllStringSubmatch(board, -1)
	if len(waits) != 3 || waits[0][2] != "drīz" || waits[1][2] != "~15 min" || waits[2][2] != "~30 min" {
		t.Fatalf("waits %v", waits)
	}
	// The first is received in ten minutes: the waits are reckoned from it.
	follow(t, clerk, clerk.PostForm(t, "/visitors/queue/call", url.Values{"official": {chair}}))
	srv.Clock.Advance(10 * time.Minute)
	clerk = srv.Client(t, "clerk")
	q := clerk.Get(t, "/visitors/queue").Body
	first := ticketID(t, q, tickets[0])
	follow(t, clerk, clerk.PostForm(t, "/visitors/queue/"+first+"/outcome", url.Values{"outcome": {"Atbildēts"},
		"version": {formVersion(t, q, "/visitors/queue/"+first+"/outcome")}}))
	follow(t, clerk, clerk.PostForm(t, "/visitors/queue/call", url.Values{"official": {chair}}))
	board = clerk.Get(t, "/visitors/board?official="+chair).Body
	waits = regexp.MustCompile(`(?s)board-ticket">([A-Z]-\d{3})</span>\s*<span class="board-wait">([^<]+)<`).FindAllStringSubmatch(board, -1)
	if len(waits) != 1 || waits[0][1] != tickets[2] || waits[0][2] != "~10 min" || !strings.Contains(board, "10:15") {
		t.Fatalf("after ten minutes' reception the waits are %v", waits)
	}

	// Called again: the ticket tops the board anew, which the poll brings.
	seen := regexp.MustCompile(`seen=([0-9a-z]+)`).FindStringSubmatch(board)[1]
	if res := clerk.Get(t, "/visitors/board/fragment?official="+chair+"&seen="+seen); res.StatusCode != http.StatusNoContent {
		t.Fatalf("an unchanged board answers %d", res.StatusCode)
	}
	q = clerk.Get(t, "/visitors/queue").Body
	second := ticketID(t, q, tickets[1])
	if res := srv.Client(t, "director").PostForm(t, "/visitors/queue/"+second+"/recall", nil); res.StatusCode != http.StatusForbidden {
		t.Errorf("the director calls again: %d", res.StatusCode)
	}
	flash := follow(t, clerk, clerk.PostForm(t, "/visitors/queue/"+second+"/recall", url.Values{"version": {formVersion(t, q, "/visitors/queue/"+second+"/recall")}}))
	if !strings.Contains(flash, "Numurs "+tickets[1]+" aicināts vēlreiz.") {
		t.Error("no flash of the call again")
	}
	frag := clerk.Get(t, "/visitors/board/fragment?official="+chair+"&seen="+seen)
	if frag.StatusCode != http.StatusOK || !strings.Contains(calledPart(frag.Body), "aicināts vēlreiz") || !strings.Contains(calledPart(frag.Body), tickets[1]) {
		t.Fatalf("the board's poll after the call again: %d", frag.StatusCode)
	}
	// The clock moves on: the board's next poll shows the new minute.
	seen = regexp.MustCompile(`seen=([0-9a-z]+)`).FindStringSubmatch(frag.Body)[1]
	srv.Clock.Advance(time.Minute)
	if frag := srv.Client(t, "clerk").Get(t, "/visitors/board/fragment?official="+chair+"&seen="+seen); frag.StatusCode != http.StatusOK || !strings.Contains(frag.Body, "10:16") {
		t.Errorf("the clock does not move on: %d", frag.StatusCode)
	}
}
