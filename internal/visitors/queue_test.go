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
)

// receptionNow gives official a one-off session today around the present
// moment, on quarter hours, so that there is a free slot later today and a
// walk-in can join now. It skips the test in the last hour of the day.
func receptionNow(t *testing.T, srv *apptest.Server, official string) {
	t.Helper()
	now := time.Now().In(i18n.Riga)
	if now.Hour() >= 23 {
		t.Skip("too close to midnight for a reception today")
	}
	start := now.Truncate(15 * time.Minute).Add(-30 * time.Minute)
	if start.Day() != now.Day() {
		start = time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, i18n.Riga)
	}
	end := start.Add(2 * time.Hour)
	if end.Day() != now.Day() {
		end = time.Date(now.Year(), now.Month(), now.Day(), 23, 45, 0, 0, i18n.Riga)
	}
	_, err := srv.Pool.Exec(context.Background(), `
		insert into visit_extra_sessions (official_id, day, start_time, end_time, room, slot_minutes)
		values ($1, $2, $3::time, $4::time, 'Domes ēka, 2. stāvs, 221. kab.', 15)`,
		official, now.Format(time.DateOnly), start.Format("15:04"), end.Format("15:04"))
	if err != nil {
		t.Fatal(err)
	}
}

// bookToday books the first free slot of official, which receptionNow
// puts later today.
func bookToday(t *testing.T, srv *apptest.Server, official, name, phone string) string {
	t.Helper()
	clerk := srv.Client(t, "clerk")
	free := freeStarts(t, clerk.Get(t, "/visitors/book?official="+official).Body)
	if len(free) == 0 {
		t.Fatal("no free slot")
	}
	st, _ := strconv.ParseInt(free[0], 10, 64)
	if time.Unix(st, 0).In(i18n.Riga).Day() != time.Now().In(i18n.Riga).Day() {
		t.Skip("no free slot left today")
	}
	v := visitorForm(official, free[0])
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
	apptest.SeedDemo(t, srv) // until the test builds its own rows
	chair := officialID(t, srv, "Valdis Liepiņš")
	var booking string
	if err := srv.Pool.QueryRow(context.Background(), `select id::text from visit_bookings where official_id = $1 limit 1`, chair).Scan(&booking); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		user                string
		queue, board, chg   int
		callOwn, callOthers int
	}{
		{"clerk", 200, 200, 200, 303, 303},
		{"staff", 200, 200, 200, 303, 303},
		{"head", 200, 200, 200, 303, 303},
		{"chair", 200, 200, 403, 303, 403},
		{"director", 403, 403, 403, 403, 403},
		{"admin", 403, 403, 403, 403, 403},
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
			if res := c.PostForm(t, "/visitors/queue/call", url.Values{"official": {chair}}); res.StatusCode != tc.callOwn {
				t.Errorf("call the chair's next: %d", res.StatusCode)
			}
			other := officialID(t, srv, "Jeļena Kozlova")
			if res := c.PostForm(t, "/visitors/queue/call", url.Values{"official": {other}}); res.StatusCode != tc.callOthers {
				t.Errorf("call another's next: %d", res.StatusCode)
			}
			if res := c.PostForm(t, "/visitors/bookings/"+booking+"/cancel", url.Values{"cancel_reason": {""}}); tc.chg == 200 && res.StatusCode != http.StatusUnprocessableEntity || tc.chg != 200 && res.StatusCode != tc.chg {
				t.Errorf("cancel without a reason: %d", res.StatusCode)
			}
		})
	}
}

func TestCheckInCallAndTheBoard(t *testing.T) {
	srv := apptest.New(t)
	apptest.SeedDemo(t, srv) // until the test builds its own rows
	chair := officialID(t, srv, "Valdis Liepiņš")
	receptionNow(t, srv, chair)
	id := bookToday(t, srv, chair, "Elza Kārkliņa", "+37126001122")
	clerk := srv.Client(t, "clerk")

	day := clerk.Get(t, "/visitors/queue")
	if day.StatusCode != 200 || !strings.Contains(day.Body, "Elza Kārkliņa") || !strings.Contains(day.Body, "/visitors/bookings/"+id+"/checkin") {
		t.Fatalf("queue page %d", day.StatusCode)
	}
	res := clerk.PostForm(t, "/visitors/bookings/"+id+"/checkin", url.Values{})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("check-in: %d", res.StatusCode)
	}
	page := clerk.Get(t, res.Header.Get("Location"))
	ticket := ticketRe.FindString(page.Body)
	if ticket == "" || !strings.Contains(page.Body, "Elza Kārkliņa: rindas numurs "+ticket) {
		t.Fatalf("no ticket in %s", page.Body)
	}
	if res := clerk.PostForm(t, "/visitors/bookings/"+id+"/checkin", url.Values{}); res.StatusCode != http.StatusSeeOther {
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

	// The chair calls his next visitor; the board shows the ticket.
	chairC := srv.Client(t, "chair")
	// Others of the package's tests may have left people in his queue today:
	// he calls until it is Elza's turn.
	var start time.Time
	for i := 0; ; i++ {
		start = time.Now()
		res = chairC.PostForm(t, "/visitors/queue/call", url.Values{"official": {chair}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("call next: %d", res.StatusCode)
		}
		if flash := chairC.Get(t, res.Header.Get("Location")).Body; strings.Contains(flash, "Aicināts "+ticket) {
			break
		} else if i == 20 {
			t.Fatalf("%s is never called", ticket)
		}
	}
	var shown time.Duration
	for {
		frag = clerk.Get(t, "/visitors/board/fragment?official="+chair+"&seen="+seen[1])
		if frag.StatusCode == 200 && strings.Contains(calledPart(frag.Body), ticket) {
			shown = time.Since(start)
			break
		}
		if time.Since(start) > 2*time.Second {
			t.Fatalf("the board does not show %s within two seconds: %d %s", ticket, frag.StatusCode, frag.Body)
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Logf("call next → board fragment shows %s: %v (a board polls every second, so a TV shows it within %v)", ticket, shown, shown+time.Second)
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
	if res := clerk.PostForm(t, "/visitors/queue/walkins", url.Values{"official": {officialID(t, srv, "Andris Kalns")}, "topic": {"Ietve"}}); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "šobrīd nepieņem") {
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
	res = chairC.PostForm(t, "/visitors/queue/"+tid[1]+"/outcome", url.Values{"outcome": {"Iesniegs rakstisku iesniegumu par gājēju pāreju"}, "written": {"1"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("outcome: %d", res.StatusCode)
	}
	card := clerk.Get(t, "/visitors/bookings/"+id)
	if !strings.Contains(card.Body, "Iesniegs rakstisku iesniegumu") || !strings.Contains(card.Body, "Pieņemts") {
		t.Fatalf("booking card after the outcome: %s", card.Body)
	}
	link := regexp.MustCompile(`href="(/petitions/new\?[^"]+)"`).FindStringSubmatch(clerk.Get(t, "/visitors/queue").Body)
	if link == nil {
		t.Fatal("no link to register the submission")
	}
	form := clerk.Get(t, strings.ReplaceAll(link[1], "&amp;", "&"))
	for _, want := range []string{`value="Elza Kārkliņa"`, `value="+37126001122"`, `value="150805-21238"`} {
		if form.StatusCode != 200 || !strings.Contains(form.Body, want) {
			t.Fatalf("registration form %d lacks %s", form.StatusCode, want)
		}
	}
}

func TestMoveCancelAndCancelASession(t *testing.T) {
	srv := apptest.New(t)
	apptest.SeedDemo(t, srv) // until the test builds its own rows
	clerk := srv.Client(t, "clerk")
	kalns := officialID(t, srv, "Andris Kalns")
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

	// Moving onto a slot taken meanwhile: told so, with the nearest free ones.
	res := clerk.PostForm(t, "/visitors/bookings/"+a+"/move", url.Values{"move_start": {free[1]}, "move_reason": {"Lūdza vēlāk"}})
	if res.StatusCode != http.StatusConflict || !strings.Contains(res.Body, "Šo laiku tikko aizņēma") || !strings.Contains(res.Body, `value="`+free[2]+`"`) {
		t.Fatalf("move onto a taken slot: %d", res.StatusCode)
	}
	res = clerk.PostForm(t, "/visitors/bookings/"+a+"/move", url.Values{"move_start": {free[2]}, "move_reason": {""}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "move_reason-error") {
		t.Fatalf("move without a reason: %d", res.StatusCode)
	}
	res = clerk.PostForm(t, "/visitors/bookings/"+a+"/move", url.Values{"move_start": {free[2]}, "move_reason": {"Lūdza vēlāk"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("move: %d %s", res.StatusCode, res.Body)
	}
	if card := clerk.Get(t, "/visitors/bookings/"+a); !strings.Contains(card.Body, "Lūdza vēlāk") || !strings.Contains(card.Body, "Pārcelts") {
		t.Fatal("the move is not on the booking's history")
	}
	// A form shown before the move is stale: the same words as any stale form, beside its field.
	res = clerk.PostForm(t, "/visitors/bookings/"+a+"/cancel", url.Values{"cancel_reason": {"Atsauca"}, "version": {"1"}})
	if res.StatusCode != http.StatusConflict || !regexp.MustCompile(`id="cancel_reason-error">.*`+staleMessage).MatchString(res.Body) {
		t.Fatalf("stale cancel: %d", res.StatusCode)
	}
	// The old slot is offered again.
	if again := freeStarts(t, clerk.Get(t, "/visitors/book?official="+kalns).Body); len(again) == 0 || again[0] != free[0] {
		t.Fatalf("the freed slot is not offered first: %v", again[:1])
	}
	// A no-show before the time is refused beside the field.
	res = clerk.PostForm(t, "/visitors/bookings/"+b+"/noshow", url.Values{"noshow_reason": {"Neieradās"}})
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
	if err := srv.Pool.QueryRow(context.Background(), `select count(*) from mail_outbox where entity = 'booking' and entity_id = $1 and subject like 'Pieņemšana % ir atcelta'`, a).Scan(&mails); err != nil || mails != 1 {
		t.Fatalf("%d cancellation notices (%v)", mails, err)
	}
}

// calledPart is the called tickets' part of a board fragment.
func calledPart(body string) string {
	_, after, _ := strings.Cut(body, `id="board-called"`)
	called, _, _ := strings.Cut(after, `id="board-waiting"`)
	return called
}
