package visitors_test

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/daugavpils/prdesk/internal/mail"
	"github.com/daugavpils/prdesk/internal/visitors"
	"github.com/daugavpils/prdesk/internal/visitors/visitorstest"
)

// bookAt books a visitor with a phone of their own at each start, on fixedNow.
func (f fixture) bookAt(t *testing.T, email string, starts ...time.Time) []int64 {
	t.Helper()
	f.at(fixedNow)
	var ids []int64
	for i, st := range starts {
		b := visitor(f.official, st, fmt.Sprintf("+3712%07d", st.Unix()%10_000_000))
		b.VisitorName = fmt.Sprintf("Apmeklētājs %d", i+1)
		b.Email = email
		id, err := f.store.Book(context.Background(), b)
		if err != nil {
			t.Fatalf("book %v: %v", st, err)
		}
		ids = append(ids, id)
	}
	return ids
}

// version is booking id's version as a form would show it now.
func (f fixture) version(t *testing.T, id int64) int {
	t.Helper()
	b, err := f.store.Booking(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return b.Version
}

// ticketVersion is ticket id's version as a form would show it now.
func (f fixture) ticketVersion(t *testing.T, id int64) int {
	t.Helper()
	tk, err := f.store.Ticket(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return tk.Version
}

var ticketPattern = regexp.MustCompile(`^[A-Z]-\d{3}$`)

func TestTicketsAreGaplessPerOfficialAndDay(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, "Inese Lāce")
	ids := f.bookAt(t, "", wednesday(10, 0), wednesday(10, 15), wednesday(10, 30))

	// Monday: not the booking's day.
	if _, err := f.store.CheckIn(ctx, ids[0], f.version(t, ids[0])); !errors.Is(err, visitors.ErrNotToday) {
		t.Fatalf("check-in two days early: %v", err)
	}
	f.at(wednesday(9, 50))
	var tickets []string
	for _, id := range ids {
		tk, err := f.store.CheckIn(ctx, id, f.version(t, id))
		if err != nil {
			t.Fatal(err)
		}
		if !ticketPattern.MatchString(tk.Ticket) || tk.State != visitors.QWaiting || tk.Room != "Domes ēka, 2. stāvs, 221. kab." {
			t.Fatalf("ticket %+v", tk)
		}
		tickets = append(tickets, tk.Ticket)
	}
	letter := tickets[0][:1]
	if want := []string{letter + "-001", letter + "-002", letter + "-003"}; !slices.Equal(tickets, want) {
		t.Fatalf("tickets %v, want %v", tickets, want)
	}
	if _, err := f.store.CheckIn(ctx, ids[0], f.version(t, ids[0])); !errors.Is(err, visitors.ErrState) {
		t.Fatalf("second check-in: %v", err)
	}
	b, _ := f.store.Booking(ctx, ids[0])
	if b.State != visitors.Arrived {
		t.Fatalf("booking state %s", b.State)
	}
	// Walk-ins only while the official receives.
	if _, err := f.store.WalkIn(ctx, f.official, "", "Koku zāģēšana"); refusal(err) != "official: visitors.queue.err_not_receiving" {
		t.Fatalf("walk-in before the session: %v", err)
	}
	f.at(wednesday(10, 5))
	w, err := f.store.WalkIn(ctx, f.official, "", "Koku zāģēšana")
	if err != nil || w.Ticket != letter+"-004" || !w.WalkIn || w.VisitorName != "" {
		t.Fatalf("walk-in %+v %v", w, err)
	}
	// Another official's numbers start at 1 with another letter.
	g := newFixture(t, "Pēteris Gailis")
	f2 := g
	f2.at(wednesday(10, 5))
	w2, err := f2.store.WalkIn(ctx, g.official, "Jānis", "Ietve")
	if err != nil || w2.Ticket[2:] != "001" || w2.Ticket[:1] == letter {
		t.Fatalf("other official's walk-in %+v %v", w2, err)
	}
	// The next day starts again at 1.
	f.at(riga(2026, 11, 11, 10, 0))
	w3, err := f.store.WalkIn(ctx, f.official, "", "Ietve")
	if err != nil || w3.Ticket != letter+"-001" {
		t.Fatalf("next week's walk-in %+v %v", w3, err)
	}
}

func TestConcurrentCheckInsGetConsecutiveTickets(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, "Olga Baranova")
	starts := []time.Time{}
	for m := 0; m < 120; m += 15 {
		starts = append(starts, wednesday(10, 0).Add(time.Duration(m)*time.Minute))
	}
	ids := f.bookAt(t, "", starts...)
	f.at(wednesday(10, 1))
	const walkIns = 12
	var (
		mu  sync.Mutex
		got []int
		wg  sync.WaitGroup
	)
	add := func(tk visitors.Ticket, err error) {
		if err != nil {
			t.Error(err)
			return
		}
		mu.Lock()
		got = append(got, tk.Number)
		mu.Unlock()
	}
	for _, id := range ids {
		version := f.version(t, id)
		wg.Go(func() { add(f.store.CheckIn(ctx, id, version)) })
	}
	for i := 0; i < walkIns; i++ {
		wg.Go(func() { add(f.store.WalkIn(ctx, f.official, "", fmt.Sprintf("Jautājums %d", i))) })
	}
	wg.Wait()
	slices.Sort(got)
	for i, n := range got {
		if n != i+1 {
			t.Fatalf("numbers %v are not 1..%d", got, len(ids)+walkIns)
		}
	}
	if len(got) != len(ids)+walkIns {
		t.Fatalf("%d tickets", len(got))
	}
}

func TestCallNextOrderAndOutcome(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, "Kārlis Upenieks")
	ids := f.bookAt(t, "", wednesday(10, 15), wednesday(10, 30))
	if _, err := f.store.CallNext(ctx, f.official); !errors.Is(err, visitors.ErrQueueEmpty) {
		t.Fatalf("empty queue: %v", err)
	}
	// The 10:30 visitor comes first, a walk-in next, the 10:15 one last:
	// due times are 10:30, 10:06 and 10:15.
	f.at(wednesday(10, 5))
	late, err := f.store.CheckIn(ctx, ids[1], f.version(t, ids[1]))
	if err != nil {
		t.Fatal(err)
	}
	f.at(wednesday(10, 6))
	walk, err := f.store.WalkIn(ctx, f.official, "Gaidis Bez Pieraksta", "Ietves remonts")
	if err != nil {
		t.Fatal(err)
	}
	f.at(wednesday(10, 10))
	early, err := f.store.CheckIn(ctx, ids[0], f.version(t, ids[0]))
	if err != nil {
		t.Fatal(err)
	}
	board, err := f.store.Board(ctx, f.official)
	if err != nil || len(board.Called) != 0 || len(board.Waiting) != 3 || board.Waiting[0].Ticket != walk.Ticket {
		t.Fatalf("board %+v %v", board, err)
	}

	var order []string
	for i := 0; i < 3; i++ {
		f.at(wednesday(10, 20+i))
		tk, err := f.store.CallNext(ctx, f.official)
		if err != nil {
			t.Fatal(err)
		}
		if tk.State != visitors.QCalled || tk.CalledAt == nil || !tk.CalledAt.Equal(wednesday(10, 20+i)) {
			t.Fatalf("called %+v", tk)
		}
		order = append(order, tk.Ticket)
		board, err := f.store.Board(ctx, f.official)
		if err != nil || len(board.Called) != 1 || board.Called[0].Ticket != tk.Ticket || len(board.Waiting) != 2-i {
			t.Fatalf("board after calling %s: %+v %v", tk.Ticket, board, err)
		}
	}
	if want := []string{walk.Ticket, early.Ticket, late.Ticket}; !slices.Equal(order, want) {
		t.Fatalf("called %v, want %v", order, want)
	}
	if _, err := f.store.CallNext(ctx, f.official); !errors.Is(err, visitors.ErrQueueEmpty) {
		t.Fatalf("after the last: %v", err)
	}
	q, err := f.store.Queue(ctx, wednesday(0, 0), f.official)
	if err != nil {
		t.Fatal(err)
	}
	states := map[string]visitors.QueueState{}
	for _, tk := range q {
		states[tk.Ticket] = tk.State
	}
	if states[walk.Ticket] != visitors.QWithOfficial || states[early.Ticket] != visitors.QWithOfficial || states[late.Ticket] != visitors.QCalled {
		t.Fatalf("states %v", states)
	}
	if b, _ := f.store.Booking(ctx, ids[0]); b.State != visitors.WithOfficial {
		t.Fatalf("booking of a called ticket: %s", b.State)
	}

	// The outcome closes the ticket and the booking, with the line on its history.
	if err := f.store.RecordOutcome(ctx, early.ID, f.ticketVersion(t, early.ID), "", false); refusal(err) != "outcome: visitors.queue.outcome_required" {
		t.Fatalf("empty outcome: %v", err)
	}
	// The form of the ticket as it was when checked in is stale, and so is one without its version.
	for _, v := range []int{early.Version, -1} {
		if err := f.store.RecordOutcome(ctx, early.ID, v, "Izskatīs komiteja", true); !isConflict(err) || errors.Is(err, visitors.ErrState) {
			t.Fatalf("stale outcome (version %d): %v", v, err)
		}
	}
	if err := f.store.RecordOutcome(ctx, early.ID, f.ticketVersion(t, early.ID), "Izskatīs komiteja", true); err != nil {
		t.Fatal(err)
	}
	done, _ := f.store.Ticket(ctx, early.ID)
	if done.State != visitors.QDone || done.Outcome != "Izskatīs komiteja" || !done.Written || done.DoneAt == nil {
		t.Fatalf("done ticket %+v", done)
	}
	hist, _ := f.store.History(ctx, ids[0])
	if last := hist[len(hist)-1]; last.State != visitors.Done || last.Note != "Izskatīs komiteja" {
		t.Fatalf("history %+v", hist)
	}
	if err := f.store.RecordOutcome(ctx, early.ID, f.ticketVersion(t, early.ID), "Vēlreiz", false); !errors.Is(err, visitors.ErrState) {
		t.Fatalf("second outcome: %v", err)
	}
	// The called person went away unseen: they came, so it is an outcome
	// of its own on the booking, not a no-show (issue 10, item 2).
	if err := f.store.Leave(ctx, late.ID, f.ticketVersion(t, late.ID)); err != nil {
		t.Fatal(err)
	}
	if b, _ := f.store.Booking(ctx, ids[1]); b.State != visitors.Left {
		t.Fatalf("booking of a ticket that left: %s", b.State)
	}
	var audits int
	if err := f.pool.QueryRow(ctx, `select count(*) from audit_log where entity = 'visit_queue' and entity_id = any($1)`,
		[]string{fmt.Sprint(walk.ID), fmt.Sprint(early.ID), fmt.Sprint(late.ID)}).Scan(&audits); err != nil || audits != 6 {
		t.Fatalf("%d queue audit entries (%v), want walk-in, three calls, outcome, left", audits, err)
	}
}

func TestCancelMoveAndNoShow(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, "Daina Vilka")
	ids := f.bookAt(t, "daina.visitor@example.lv", wednesday(10, 0), wednesday(10, 15))
	history := func(id int64) visitors.Event {
		hist, err := f.store.History(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		return hist[len(hist)-1]
	}
	audited := func(id int64, action string) {
		t.Helper()
		var n int
		if err := f.pool.QueryRow(ctx, `select count(*) from audit_log where entity = 'booking' and entity_id = $1 and action = $2`, fmt.Sprint(id), action).Scan(&n); err != nil || n != 1 {
			t.Fatalf("%d audit entries %s for %d (%v)", n, action, id, err)
		}
	}

	// Moving onto the other booking's slot is refused by the database.
	v := f.version(t, ids[0])
	err := f.store.Move(ctx, ids[0], v, wednesday(10, 15), "Lūdza vēlāk")
	wantRefused(t, err, "move_start", "visitors.err_taken")
	if !isConflict(err) {
		t.Fatalf("a taken slot is no conflict: %v", err)
	}
	wantRefused(t, f.store.Move(ctx, ids[0], v, wednesday(10, 45), ""), "move_reason", "visitors.change_form.move_reason_required")
	wantRefused(t, f.store.Move(ctx, ids[0], v, wednesday(10, 50), "x"), "move_start", "visitors.err_no_session")
	if err := f.store.Move(ctx, ids[0], v, wednesday(10, 45), "Lūdza vēlāk"); err != nil {
		t.Fatal(err)
	}
	b, _ := f.store.Booking(ctx, ids[0])
	if !b.Start.Equal(wednesday(10, 45)) || b.State != visitors.Booked {
		t.Fatalf("moved booking %+v", b)
	}
	if e := history(ids[0]); e.Action != "moved" || !strings.Contains(e.Note, "Lūdza vēlāk") {
		t.Fatalf("history %+v", e)
	}
	audited(ids[0], "move")
	out, _ := mail.ForEntity(ctx, f.pool, "booking", ids[0])
	if len(out) != 2 || !strings.Contains(out[1].Subject, "pārcelts") || !strings.Contains(out[1].BodyText, "10:45") {
		t.Fatalf("mails %+v", out)
	}
	// The old slot is free again.
	again := f.bookAt(t, "", wednesday(10, 0))

	// Cancelling frees the slot too, and needs a reason.
	wantRefused(t, f.store.Cancel(ctx, ids[1], f.version(t, ids[1]), ""), "cancel_reason", "visitors.change_form.cancel_reason_required")
	for _, v := range []int{99, -1} {
		err := f.store.Cancel(ctx, ids[1], v, "Saslima")
		wantRefused(t, err, "cancel_reason", "errors.conflict")
		if !isConflict(err) {
			t.Fatalf("stale cancel is no conflict: %v", err)
		}
	}
	if err := f.store.Cancel(ctx, ids[1], f.version(t, ids[1]), "Saslima"); err != nil {
		t.Fatal(err)
	}
	if e := history(ids[1]); e.Action != "cancelled" || e.State != visitors.Cancelled || e.Note != "Saslima" {
		t.Fatalf("history %+v", e)
	}
	audited(ids[1], "cancel")
	f.bookAt(t, "", wednesday(10, 15))
	wantRefused(t, f.store.Cancel(ctx, ids[1], f.version(t, ids[1]), "Vēlreiz"), "cancel_reason", "visitors.queue.err_state")

	// A no-show only once the time has come.
	wantRefused(t, f.store.NoShow(ctx, again[0], f.version(t, again[0]), "Neatbild"), "noshow_reason", "visitors.queue.err_not_yet")
	f.at(wednesday(10, 20))
	if err := f.store.NoShow(ctx, again[0], f.version(t, again[0]), "Neatbild uz zvanu"); err != nil {
		t.Fatal(err)
	}
	if e := history(again[0]); e.State != visitors.NoShow || e.Note != "Neatbild uz zvanu" {
		t.Fatalf("history %+v", e)
	}
	audited(again[0], "no_show")
}

func TestCancelSessionNotifiesAndListsTheVisitors(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, "Aivars Krūmiņš")
	withMail := f.bookAt(t, "visitor.one@example.lv", wednesday(10, 0))
	noMail := f.bookAt(t, "", wednesday(10, 30), wednesday(11, 0))
	other := f.bookAt(t, "", riga(2026, 11, 11, 10, 0))

	id, err := f.store.CancelSession(ctx, f.official, wednesday(0, 0), "Komandējums uz Rīgu")
	if err != nil {
		t.Fatal(err)
	}
	for _, bid := range append(withMail, noMail...) {
		b, _ := f.store.Booking(ctx, bid)
		hist, _ := f.store.History(ctx, bid)
		if b.State != visitors.Cancelled || !strings.Contains(hist[len(hist)-1].Note, "Komandējums uz Rīgu") {
			t.Fatalf("booking %d: %s %+v", bid, b.State, hist)
		}
	}
	if b, _ := f.store.Booking(ctx, other[0]); b.State != visitors.Booked {
		t.Fatalf("next week's booking: %s", b.State)
	}
	out, _ := mail.ForEntity(ctx, f.pool, "booking", withMail[0])
	if len(out) != 2 || out[1].ToAddress != "visitor.one@example.lv" || !strings.Contains(out[1].Subject, "atcelta") || !strings.Contains(out[1].BodyText, "Komandējums uz Rīgu") {
		t.Fatalf("outbox %+v", out)
	}
	for _, bid := range noMail {
		if out, _ := mail.ForEntity(ctx, f.pool, "booking", bid); len(out) != 0 {
			t.Fatalf("mail without an address: %+v", out)
		}
	}
	v, err := f.store.DayCancellation(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if len(v.Calls) != 3 || v.Live != 0 || v.Calls[0].Mailed != mail.StatusPending || v.Calls[1].Phone == "" || v.Calls[1].Mailed != "" {
		t.Fatalf("call list %+v", v)
	}
	// The date cannot be booked any more.
	f.at(fixedNow)
	_, err = f.store.Book(ctx, visitor(f.official, wednesday(10, 0), "+37120999999"))
	wantRefused(t, err, "start", "visitors.err_cancelled")

	// A day cancelled on the reception-hours page keeps its bookings until
	// the clerk cancels them from the call list.
	next := riga(2026, 11, 11, 0, 0)
	cid := visitorstest.AddCancellation(t, f.pool, f.official, day(2026, 11, 11), "Slimība")
	if v, _ := f.store.DayCancellation(ctx, cid); v.Live != 1 || len(v.Calls) != 0 {
		t.Fatalf("before: %+v", v)
	}
	if err := f.store.CancelBookingsOf(ctx, cid); err != nil {
		t.Fatal(err)
	}
	if v, _ := f.store.DayCancellation(ctx, cid); v.Live != 0 || len(v.Calls) != 1 || !v.Calls[0].Start.Equal(next.Add(10*time.Hour)) {
		t.Fatalf("after: %+v", v)
	}
}
