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
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/visitors"
	"github.com/daugavpils/prdesk/internal/visitors/visitorstest"
)

// receptionMorning is the time the reception-day tests stand at: Monday
// 2 November 2026, 10:05 in Riga, five minutes into a session of the
// official receptionNow gives one.
var receptionMorning = riga(2026, 11, 2, 10, 5)

// receptionNow gives official a one-off session on receptionMorning's day,
// 10:00–12:00 in 15-minute slots, so that a walk-in can join now and the
// first free slot is at 10:15 today.
func receptionNow(t *testing.T, srv *apptest.Server, official int64) {
	t.Helper()
	visitorstest.AddExtra(t, srv.Pool, official, day(2026, 11, 2), visitors.At(10, 0), visitors.At(12, 0), 15)
}

// bookToday books the first free slot of official, which receptionNow
// puts at 10:15 today.
func bookToday(t *testing.T, srv *apptest.Server, official int64, name, phone string) string {
	t.Helper()
	clerk := srv.Client(t, "clerk")
	free := freeStarts(t, clerk.Get(t, "/visitors/book?official="+idText(official)).Body)
	if len(free) == 0 || free[0] != strconv.FormatInt(riga(2026, 11, 2, 10, 15).Unix(), 10) {
		t.Fatalf("the first free slot %v is not 10:15 today", free[:min(1, len(free))])
	}
	v := visitorForm(idText(official), free[0])
	v.Set("name", name)
	v.Set("phone", phone)
	v.Set("person_code", "150805-21238")
	res := clerk.PostForm(t, "/visitors/book", v)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("book: %d %s", res.StatusCode, res.Body)
	}
	return strings.TrimPrefix(res.Header.Get("Location"), "/visitors/bookings/")
}

var ticketRe = regexp.MustCompile(`[A-Z]-\d{3}`)

func TestReceptionDayByRole(t *testing.T) {
	srv := apptest.New(t)
	srv.Clock.Set(t, fixedNow)
	o := addDemoOfficials(t, srv)
	booking := idText(visitorstest.AddBooking(t, srv.Pool, visitorstest.Booking{OfficialID: o.chair, Start: riga(2026, 11, 2, 14, 0)}))
	for _, tc := range []struct {
		user                            string
		queue, board, chg               int
		callChair, callDeputy, callElse int
	}{
		{"clerk", 200, 200, 200, 303, 303, 303},
		{"staff", 200, 200, 200, 303, 303, 303},
		{"head", 200, 200, 200, 303, 303, 303},
		{"chair", 200, 200, 403, 303, 403, 403},
		{"deputy", 200, 200, 403, 403, 303, 403},
		{"director", 403, 403, 403, 403, 403, 403},
		{"admin", 403, 403, 403, 403, 403, 403},
	} {
		t.Run(tc.user, func(t *testing.T) {
			c := srv.Client(t, tc.user)
			if res := c.Get(t, "/visitors/queue"); res.StatusCode != tc.queue {
				t.Errorf("queue: %d", res.StatusCode)
			}
			if res := c.Get(t, "/visitors/board"); res.StatusCode != tc.board {
				t.Errorf("board: %d", res.StatusCode)
			}
			if res := c.Get(t, "/visitors/board/fragment"); res.StatusCode != tc.board {
				t.Errorf("board fragment: %d", res.StatusCode)
			}
			if res := c.Get(t, "/visitors/bookings/"+booking+"/change"); res.StatusCode != tc.chg {
				t.Errorf("change page: %d", res.StatusCode)
			}
			if res := c.Get(t, "/visitors/sessions/cancel"); res.StatusCode != tc.chg {
				t.Errorf("cancel a session: %d", res.StatusCode)
			}
			for official, want := range map[int64]int{o.chair: tc.callChair, o.ownDeputy: tc.callDeputy, o.deputyChair: tc.callElse} {
				if res := c.PostForm(t, "/visitors/queue/call", url.Values{"official": {idText(official)}}); res.StatusCode != want {
					t.Errorf("call the next of official %d: %d, want %d", official, res.StatusCode, want)
				}
			}
			if res := c.PostForm(t, "/visitors/bookings/"+booking+"/cancel", url.Values{"cancel_reason": {""}}); tc.chg == 200 && res.StatusCode != http.StatusUnprocessableEntity || tc.chg != 200 && res.StatusCode != tc.chg {
				t.Errorf("cancel without a reason: %d", res.StatusCode)
			}
		})
	}
}

func TestCheckInCallAndTheBoard(t *testing.T) {
	srv := apptest.New(t)
	srv.Clock.Set(t, receptionMorning)
	o := addDemoOfficials(t, srv)
	chair := idText(o.chair)
	receptionNow(t, srv, o.chair)
	id := bookToday(t, srv, o.chair, "Elza Kārkliņa", "+37126001122")
	clerk := srv.Client(t, "clerk")

	day := clerk.Get(t, "/visitors/queue")
	if day.StatusCode != 200 || !strings.Contains(day.Body, "Elza Kārkliņa") || !strings.Contains(day.Body, "/visitors/bookings/"+id+"/checkin") {
		t.Fatalf("queue page %d", day.StatusCode)
	}
	checkIn := url.Values{"version": {formVersion(t, day.Body, "/visitors/bookings/"+id+"/checkin")}}
	res := clerk.PostForm(t, "/visitors/bookings/"+id+"/checkin", checkIn)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("check-in: %d", res.StatusCode)
	}
	page := clerk.Get(t, res.Header.Get("Location"))
	ticket := ticketRe.FindString(page.Body)
	if ticket == "" || !strings.Contains(page.Body, "Elza Kārkliņa: rindas numurs "+ticket) {
		t.Fatalf("no ticket in %s", page.Body)
	}
	// The same form pressed again: the visitor has arrived, and the clerk is told.
	if res := clerk.PostForm(t, "/visitors/bookings/"+id+"/checkin", checkIn); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("second check-in: %d", res.StatusCode)
	}

	// The board before the call: the tickets wait, and no name is shown.
	board := clerk.Get(t, "/visitors/board?official="+chair)
	if board.StatusCode != 200 || !strings.Contains(board.Body, ticket) || !strings.Contains(board.Body, `aria-live="polite"`) {
		t.Fatalf("board %d", board.StatusCode)
	}
	seen := regexp.MustCompile(`seen=([0-9a-z]+)`).FindStringSubmatch(board.Body)
	if seen == nil {
		t.Fatal("the board does not poll")
	}
	frag := clerk.Get(t, "/visitors/board/fragment?official="+chair+"&seen="+seen[1])
	if frag.StatusCode != http.StatusNoContent {
		t.Fatalf("unchanged board: %d", frag.StatusCode)
	}

	// The chair calls his next visitor, the only one waiting; the board's
	// next poll shows the ticket.
	chairC := srv.Client(t, "chair")
	res = chairC.PostForm(t, "/visitors/queue/call", url.Values{"official": {chair}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("call next: %d", res.StatusCode)
	}
	if flash := chairC.Get(t, res.Header.Get("Location")).Body; !strings.Contains(flash, "Aicināts "+ticket) {
		t.Fatalf("%s is not called", ticket)
	}
	frag = clerk.Get(t, "/visitors/board/fragment?official="+chair+"&seen="+seen[1])
	if frag.StatusCode != 200 || !strings.Contains(calledPart(frag.Body), ticket) {
		t.Fatalf("the board does not show %s as called: %d %s", ticket, frag.StatusCode, frag.Body)
	}
	for _, body := range []string{frag.Body, clerk.Get(t, "/visitors/board").Body} {
		for _, personal := range []string{"Elza", "Kārkliņa", "Roberts", "+37126001122", "150805-21238", "Gājēju", "Ietves"} {
			if strings.Contains(body, personal) {
				t.Fatalf("the board shows %q", personal)
			}
		}
	}

	// A walk-in: the topic is required, the name is not.
	if res := clerk.PostForm(t, "/visitors/queue/walkins", url.Values{"official": {chair}, "name": {""}, "topic": {""}}); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "error-summary") {
		t.Fatalf("walk-in without a topic: %d", res.StatusCode)
	}
	if res := clerk.PostForm(t, "/visitors/queue/walkins", url.Values{"official": {idText(o.deputy)}, "topic": {"Ietve"}}); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "šobrīd nepieņem") {
		t.Fatalf("walk-in to an official not receiving: %d", res.StatusCode)
	}
	res = clerk.PostForm(t, "/visitors/queue/walkins", url.Values{"official": {chair}, "name": {"Roberts Gaidītājs"}, "topic": {"Ietves remonts"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("walk-in: %d %s", res.StatusCode, res.Body)
	}

	// The chair records the outcome; the clerk gets the registry's form filled in.
	q := chairC.Get(t, "/visitors/queue")
	tid := regexp.MustCompile(`data-ticket="` + ticket + `">(?s:.*?)/visitors/queue/(\d+)/outcome`).FindStringSubmatch(q.Body)
	if tid == nil {
		t.Fatalf("no outcome form for the chair")
	}
	if res := chairC.PostForm(t, "/visitors/queue/"+tid[1]+"/outcome", url.Values{"outcome": {""}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("empty outcome: %d", res.StatusCode)
	}
	if res := srv.Client(t, "director").PostForm(t, "/visitors/queue/"+tid[1]+"/outcome", url.Values{"outcome": {"x"}}); res.StatusCode != http.StatusForbidden {
		t.Fatalf("director's outcome: %d", res.StatusCode)
	}
	res = chairC.PostForm(t, "/visitors/queue/"+tid[1]+"/outcome", url.Values{"outcome": {"Iesniegs rakstisku iesniegumu par gājēju pāreju"},
		"written": {"1"}, "version": {formVersion(t, q.Body, "/visitors/queue/"+tid[1]+"/outcome")}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("outcome: %d", res.StatusCode)
	}
	card := clerk.Get(t, "/visitors/bookings/"+id)
	if !strings.Contains(card.Body, "Iesniegs rakstisku iesniegumu") || !strings.Contains(card.Body, "Pieņemts") {
		t.Fatalf("booking card after the outcome: %s", card.Body)
	}
	// The registry's form gets the visitor's details through a draft kept
	// on the server: the address holds a random key and nothing personal
	// (issue 10, item 9).
	q = clerk.Get(t, "/visitors/queue")
	sub := regexp.MustCompile(`action="(/visitors/queue/\d+/submission)"`).FindStringSubmatch(q.Body)
	if sub == nil {
		t.Fatal("no button to register the submission")
	}
	if strings.Contains(q.Body, "/petitions/new?") {
		t.Fatal("the queue page links to the registry's form with the visitor's details in the address")
	}
	res = clerk.PostForm(t, sub[1], nil)
	loc := res.Header.Get("Location")
	if res.StatusCode != http.StatusSeeOther || !regexp.MustCompile(`^/petitions/new\?draft=[A-Za-z0-9_-]{43}$`).MatchString(loc) {
		t.Fatalf("register the submission: %d to %q", res.StatusCode, loc)
	}
	// Only the clerk who asked for it opens the draft.
	if other := srv.Client(t, "staff").Get(t, loc); strings.Contains(other.Body, "Elza Kārkliņa") {
		t.Fatal("another account opened the clerk's draft")
	}
	form := clerk.Get(t, loc)
	for _, want := range []string{`value="Elza Kārkliņa"`, `value="+37126001122"`, `value="150805-21238"`} {
		if form.StatusCode != 200 || !strings.Contains(form.Body, want) {
			t.Fatalf("registration form %d lacks %s", form.StatusCode, want)
		}
	}
	// A draft is read once: the address opened again starts an empty form.
	if again := clerk.Get(t, loc); again.StatusCode != 200 || strings.Contains(again.Body, "Elza Kārkliņa") {
		t.Fatalf("the draft was read twice: %d", again.StatusCode)
	}
	// And the details in the address are no longer read at all.
	if old := clerk.Get(t, "/petitions/new?person_name=Elza+K%C4%81rkli%C5%86a"); strings.Contains(old.Body, `value="Elza Kārkliņa"`) {
		t.Fatal("the registry's form still takes the person's name from the address")
	}
}

func TestMoveCancelAndCancelASession(t *testing.T) {
	srv := apptest.New(t)
	srv.Clock.Set(t, fixedNow)
	o := addDemoOfficials(t, srv)
	clerk := srv.Client(t, "clerk")
	kalns := idText(o.deputy)
	free := freeStarts(t, clerk.Get(t, "/visitors/book?official="+kalns).Body)
	book := func(start, name, phone, email string) string {
		v := visitorForm(kalns, start)
		v.Set("name", name)
		v.Set("phone", phone)
		v.Set("email", email)
		res := clerk.PostForm(t, "/visitors/book", v)
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("book: %d", res.StatusCode)
		}
		return strings.TrimPrefix(res.Header.Get("Location"), "/visitors/bookings/")
	}
	a := book(free[0], "Zane Meldere", "+37126300001", "zane.meldere@example.lv")
	b := book(free[1], "Uldis Brencis", "+37126300002", "")

	// The change page's forms carry the booking's version.
	version := formVersion(t, clerk.Get(t, "/visitors/bookings/"+a+"/change").Body, "/visitors/bookings/"+a+"/move")

	// Moving onto a slot taken meanwhile: told so, with the nearest free ones.
	res := clerk.PostForm(t, "/visitors/bookings/"+a+"/move", url.Values{"move_start": {free[1]}, "move_reason": {"Lūdza vēlāk"}, "version": {version}})
	if res.StatusCode != http.StatusConflict || !strings.Contains(res.Body, "Šo laiku tikko aizņēma") || !strings.Contains(res.Body, `value="`+free[2]+`"`) {
		t.Fatalf("move onto a taken slot: %d", res.StatusCode)
	}
	res = clerk.PostForm(t, "/visitors/bookings/"+a+"/move", url.Values{"move_start": {free[2]}, "move_reason": {""}, "version": {version}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "move_reason-error") {
		t.Fatalf("move without a reason: %d", res.StatusCode)
	}
	res = clerk.PostForm(t, "/visitors/bookings/"+a+"/move", url.Values{"move_start": {free[2]}, "move_reason": {"Lūdza vēlāk"}, "version": {version}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("move: %d %s", res.StatusCode, res.Body)
	}
	if card := clerk.Get(t, "/visitors/bookings/"+a); !strings.Contains(card.Body, "Lūdza vēlāk") || !strings.Contains(card.Body, "Pārcelts") {
		t.Fatal("the move is not on the booking's history")
	}
	// A form shown before the move is stale: the same words as any stale form, beside its field.
	res = clerk.PostForm(t, "/visitors/bookings/"+a+"/cancel", url.Values{"cancel_reason": {"Atsauca"}, "version": {version}})
	if res.StatusCode != http.StatusConflict || !regexp.MustCompile(`id="cancel_reason-error">.*`+staleMessage).MatchString(res.Body) {
		t.Fatalf("stale cancel: %d", res.StatusCode)
	}
	// The old slot is offered again.
	if again := freeStarts(t, clerk.Get(t, "/visitors/book?official="+kalns).Body); len(again) == 0 || again[0] != free[0] {
		t.Fatalf("the freed slot is not offered first: %v", again[:1])
	}
	// A no-show before the time is refused beside the field.
	res = clerk.PostForm(t, "/visitors/bookings/"+b+"/noshow", url.Values{"noshow_reason": {"Neieradās"},
		"version": {formVersion(t, clerk.Get(t, "/visitors/bookings/"+b+"/change").Body, "/visitors/bookings/"+b+"/noshow")}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "nav pienācis") {
		t.Fatalf("early no-show: %d", res.StatusCode)
	}

	// The deputy falls ill: the session of that day is cancelled.
	st, _ := strconv.ParseInt(free[2], 10, 64)
	dayOf := time.Unix(st, 0).In(i18n.Riga).Format(time.DateOnly)
	if res := clerk.PostForm(t, "/visitors/sessions/cancel", url.Values{"official": {kalns}, "day": {dayOf}, "reason": {""}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("cancel without a reason: %d", res.StatusCode)
	}
	res = clerk.PostForm(t, "/visitors/sessions/cancel", url.Values{"official": {kalns}, "day": {dayOf}, "reason": {"Slimība"}})
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/visitors/cancellations/") {
		t.Fatalf("cancel the session: %d", res.StatusCode)
	}
	calls := clerk.Get(t, res.Header.Get("Location"))
	for _, want := range []string{"Zane Meldere", "Uldis Brencis", "+37126300002", "nav e-pasta: jāpiezvana", "paziņojums tiek sūtīts"} {
		if !strings.Contains(calls.Body, want) {
			t.Errorf("the call list lacks %q", want)
		}
	}
	if res := srv.Client(t, "chair").Get(t, res.Header.Get("Location")); res.StatusCode != http.StatusForbidden {
		t.Errorf("the chair sees the call list: %d", res.StatusCode)
	}
	var mails int
	if err := srv.Pool.QueryRow(context.Background(), `select count(*) from mail_outbox where entity = 'booking' and entity_id = $1 and subject like 'Pieņemšana atcelta: %'`, a).Scan(&mails); err != nil || mails != 1 {
		t.Fatalf("%d cancellation notices (%v)", mails, err)
	}
}

// calledPart is the called tickets' part of a board fragment.
func calledPart(body string) string {
	_, after, _ := strings.Cut(body, `id="board-called"`)
	called, _, _ := strings.Cut(after, `id="board-waiting"`)
	return called
}
