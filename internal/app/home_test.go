package app_test

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/daugavpils/prdesk/internal/apptest"
	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/calendar"
	"github.com/daugavpils/prdesk/internal/demo"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/petitions"
	"github.com/daugavpils/prdesk/internal/petitions/petitionstest"
	"github.com/daugavpils/prdesk/internal/visitors"
	"github.com/daugavpils/prdesk/internal/visitors/visitorstest"
)

// The head's home page says when the coming year's Cabinet order moving
// working days is not in the calendar (from 1 July, when it is due); the
// administrator's links to where it is entered; nobody else is told.
func TestHomeWarnsOfAMissingCabinetOrder(t *testing.T) {
	srv := apptest.New(t)
	srv.Clock.Set(t, time.Date(2026, 12, 4, 10, 0, 0, 0, i18n.Riga))
	home := func(who string) string {
		return between(srv.SignIn(t, who, demo.Password).Get(t, "/").Body, `data-testid="order-warning"`, "</div>")
	}
	head := home("head")
	if !strings.Contains(head, "2027. gadā") || !strings.Contains(head, "administratoram") || strings.Contains(head, "/admin/calendar") {
		t.Errorf("the head's home page: %q", head)
	}
	if admin := home("admin"); !strings.Contains(admin, "/admin/calendar?year=2027#order") {
		t.Errorf("the administrator's home page: %q", admin)
	}
	for _, who := range []string{"staff", "clerk", "director", "chair"} {
		if w := home(who); w != "" {
			t.Errorf("%s is warned: %q", who, w)
		}
	}
	// In March 2026 the year's order (shipped with the calendar) is there.
	srv.Clock.Set(t, time.Date(2026, 3, 2, 10, 0, 0, 0, i18n.Riga))
	if w := home("head"); w != "" {
		t.Errorf("in March 2026: %q", w)
	}

	// Once the administrator says none was issued for 2027, the warning goes.
	srv.Clock.Set(t, time.Date(2026, 12, 4, 10, 0, 0, 0, i18n.Riga))
	store := calendar.NewStore(srv.Pool)
	st, err := store.OrderStatus(context.Background(), 2027)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background() // as the system
	if err := store.SetNoOrder(ctx, 2027, true, st.Version); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		st, _ := store.OrderStatus(context.Background(), 2027)
		store.SetNoOrder(ctx, 2027, false, st.Version) //nolint:errcheck
	})
	if w := home("head"); w != "" {
		t.Errorf("with no order issued for 2027: %q", w)
	}
}

func between(s, from, to string) string {
	i := strings.Index(s, from)
	if i < 0 {
		return ""
	}
	s = s[i:]
	if j := strings.Index(s, to); j >= 0 {
		return s[:j]
	}
	return s
}

// account adds an account of its own to the test's database, with roles,
// and returns its user name and id: a fresh chair or specialist counts only
// the submissions the test gives them.
func account(t *testing.T, srv *apptest.Server, roles ...string) (string, int64) {
	t.Helper()
	hash, err := auth.HashPassword(demo.Password)
	if err != nil {
		t.Fatal(err)
	}
	accounts++
	name := fmt.Sprintf("home%d_%d", accounts, time.Now().UnixNano()%1e6)
	var id int64
	if err := srv.Pool.QueryRow(context.Background(), `insert into users (username, full_name, roles, password_hash)
		values ($1, 'Ilze Ozola', $2, $3) returning id`, name, roles, hash).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return name, id
}

var accounts int

var firstNumber = regexp.MustCompile(`[0-9]+`)

// figureAt is the number shown in the element marked data-testid=id (its
// first digits, thousands spaced), and whether the page has it; a badge
// that says none is overdue counts 0.
func figureAt(page, id string) (int, bool) {
	i := strings.Index(page, `data-testid="`+id+`"`)
	if i < 0 {
		return 0, false
	}
	s := page[i:]
	s = s[strings.IndexByte(s, '>')+1:]
	s = s[:strings.IndexByte(s, '<')]
	n, _ := strconv.Atoi(firstNumber.FindString(strings.ReplaceAll(s, "\u00a0", "")))
	return n, true
}

// hrefAt is the address the element marked data-testid=id links to.
func hrefAt(page, id string) string {
	i := strings.Index(page, `data-testid="`+id+`"`)
	if i < 0 {
		return ""
	}
	start := strings.LastIndex(page[:i], "<")
	tag := page[start:i]
	j := strings.Index(tag, `href="`)
	if j < 0 {
		return ""
	}
	h := tag[j+len(`href="`):]
	return html.UnescapeString(h[:strings.IndexByte(h, '"')])
}

// The chair's tile counts the submissions waiting for their resolution, the
// overdue ones in red words, and links to the queue and to the list of the
// overdue ones, which shows the same submissions; the specialist's tile
// does the same for the submissions they carry out.
func TestHomeCountsOnesOwnWork(t *testing.T) {
	srv := apptest.New(t)
	now := time.Date(2031, 3, 12, 10, 0, 0, 0, i18n.Riga)
	srv.Clock.Set(t, now)
	today := calendar.DateOf(now)
	chair, chairID := account(t, srv, "management")
	spec, specID := account(t, srv, "staff")

	home := func(who string) string {
		res := srv.SignIn(t, who, demo.Password).Get(t, "/")
		if res.StatusCode != http.StatusOK {
			t.Fatalf("home of %s: %d", who, res.StatusCode)
		}
		return res.Body
	}
	// Nothing yet: the tiles say so in words.
	page := home(chair)
	if !strings.Contains(page, "Neviens iesniegums negaida Jūsu rezolūciju.") || strings.Contains(page, "Dati parādīsies") {
		t.Errorf("an empty queue: %s", between(page, `data-testid="tile-awaiting"`, "</li>"))
	}
	if strings.Contains(page, `data-testid="tile-assigned"`) || strings.Contains(page, `data-testid="report-tiles"`) {
		t.Error("the chair is shown the specialist's or the head's tiles")
	}

	row := func(state petitions.State, addressee, executor string, due time.Time) {
		petitionstest.Insert(t, srv.Pool, petitionstest.Row{State: state, Name: "Pēteris Kalns", Addressee: addressee,
			Executor: executor, Received: now.AddDate(0, 0, -20), Due: due})
	}
	late, soon := today.AddDate(0, 0, -2), today.AddDate(0, 0, 5)
	for range 3 {
		row(petitions.AwaitingResolution, chair, "", late)
	}
	for range 4 {
		row(petitions.AwaitingResolution, chair, "", soon)
	}
	row(petitions.AwaitingResolution, chair, "", today)  // due today: not overdue yet
	row(petitions.InProgress, chair, "", late)           // resolved already
	row(petitions.AwaitingResolution, "chair", "", late) // someone else's
	row(petitions.InProgress, "chair", spec, late)
	row(petitions.InProgress, "chair", spec, late)
	row(petitions.InProgress, "chair", spec, soon)
	row(petitions.Answered, "chair", spec, late)      // done
	row(petitions.InProgress, "chair", "staff", late) // someone else's

	page = home(chair)
	if n, _ := figureAt(page, "awaiting"); n != 8 {
		t.Errorf("waiting for the chair: %d, want 8", n)
	}
	if n, _ := figureAt(page, "awaiting-overdue"); n != 3 || !strings.Contains(page, "3 nokavēti") || !strings.Contains(page, `class="badge bad"`) {
		t.Errorf("overdue for the chair: %d in %s", n, between(page, `data-testid="tile-awaiting"`, "</li>"))
	}
	if h := hrefAt(page, "awaiting"); h != "/petitions/resolutions" {
		t.Errorf("the count links to %q", h)
	}
	// The list behind the overdue count shows the same three.
	list := srv.SignIn(t, chair, demo.Password).Get(t, hrefAt(page, "awaiting-overdue"))
	if list.StatusCode != http.StatusOK || strings.Count(list.Body, "Pēteris Kalns") != 3 {
		t.Errorf("the list of the overdue (%s): %d, %d rows", hrefAt(page, "awaiting-overdue"), list.StatusCode, strings.Count(list.Body, "Pēteris Kalns"))
	}
	if want := fmt.Sprintf("addressee=%d", chairID); !strings.Contains(hrefAt(page, "awaiting-overdue"), want) {
		t.Errorf("the overdue link %q does not name the chair", hrefAt(page, "awaiting-overdue"))
	}

	page = home(spec)
	if n, _ := figureAt(page, "assigned"); n != 3 {
		t.Errorf("assigned to the specialist: %d, want 3", n)
	}
	if n, _ := figureAt(page, "assigned-overdue"); n != 2 || !strings.Contains(page, "2 nokavēti") {
		t.Errorf("overdue of the specialist: %d", n)
	}
	if h := hrefAt(page, "assigned"); h != "/petitions/assigned" {
		t.Errorf("the count links to %q", h)
	}
	overdue := hrefAt(page, "assigned-overdue")
	if !strings.Contains(overdue, fmt.Sprintf("executor=%d", specID)) || !strings.Contains(overdue, "overdue=on") {
		t.Errorf("the overdue link: %q", overdue)
	}
	if list := srv.SignIn(t, spec, demo.Password).Get(t, overdue); strings.Count(list.Body, "Pēteris Kalns") != 2 {
		t.Errorf("the list of the overdue shows %d", strings.Count(list.Body, "Pēteris Kalns"))
	}
	if strings.Contains(page, `data-testid="tile-awaiting"`) || !strings.Contains(page, `data-testid="tasks-planned"`) {
		t.Error("the specialist's page: the chair's tile, or no word on the tasks")
	}
}

// The clerk's tile counts the day's bookings, those still to come and the
// queue's waiting tickets; the head's and the director's report tiles
// count the registry and the visitors of the month as the areas do, each
// figure linking to the list or statistics behind it.
func TestHomeCountsTheDeskAndTheReports(t *testing.T) {
	srv := apptest.New(t)
	now := time.Date(2031, 5, 14, 11, 0, 0, 0, i18n.Riga)
	srv.Clock.Set(t, now)
	today := calendar.DateOf(now)
	official := visitorstest.NewOfficial(t, srv.Pool, "Mārtiņš Bērziņš")
	home := func(who string) string { return srv.Client(t, who).Get(t, "/").Body }

	before := home("clerk")
	b := func(h int, st visitors.State) int64 {
		return visitorstest.AddBooking(t, srv.Pool, visitorstest.Booking{OfficialID: official, Start: visitorstest.Riga(2031, 5, 14, h, 0), State: st})
	}
	b(9, visitors.Done)
	b(9, visitors.Cancelled)
	arrived := b(10, visitors.Arrived)
	b(13, visitors.Booked)
	b(14, visitors.Booked)
	visitorstest.AddTicket(t, srv.Pool, official, now, arrived, visitors.QWaiting)
	visitorstest.AddTicket(t, srv.Pool, official, now, 0, visitors.QWaiting)
	visitorstest.AddTicket(t, srv.Pool, official, now, 0, visitors.QCalled)
	after := home("clerk")
	for _, c := range []struct {
		id   string
		want int
	}{{"desk-bookings", 4}, {"desk-waiting", 2}} {
		n0, _ := figureAt(before, c.id)
		n1, ok := figureAt(after, c.id)
		if !ok || n1-n0 != c.want {
			t.Errorf("%s: %d → %d, want %d more", c.id, n0, n1, c.want)
		}
	}
	if !strings.Contains(after, "vēl nav ieradušies: 2") {
		t.Errorf("those still to come: %s", between(after, `data-testid="tile-desk"`, "</li>"))
	}
	if hrefAt(after, "desk-bookings") != "/visitors" || hrefAt(after, "desk-waiting") != "/visitors/queue" {
		t.Errorf("the desk's links: %q, %q", hrefAt(after, "desk-bookings"), hrefAt(after, "desk-waiting"))
	}

	// The registry: the head's figures move by what is added.
	head0 := home("head")
	petitionstest.Insert(t, srv.Pool, petitionstest.Row{State: petitions.Registered, Name: "Rūta Liepa", Received: now.Add(-time.Hour), Due: today.AddDate(0, 0, 10)})
	petitionstest.Insert(t, srv.Pool, petitionstest.Row{State: petitions.InProgress, Name: "Rūta Liepa", Received: now.AddDate(0, -2, 0), Due: today.AddDate(0, 0, -1)})
	petitionstest.Insert(t, srv.Pool, petitionstest.Row{State: petitions.Closed, Name: "Rūta Liepa", Received: now.AddDate(0, 0, -3), Due: today.AddDate(0, 0, -1)})
	head1 := home("head")
	for _, c := range []struct {
		id   string
		want int
	}{{"registry-open", 2}, {"registry-registered", 1}, {"registry-in-progress", 1}, {"registry-awaiting", 0}, {"registry-overdue", 1}, {"registry-received", 2}} {
		n0, _ := figureAt(head0, c.id)
		n1, ok := figureAt(head1, c.id)
		if !ok || n1-n0 != c.want {
			t.Errorf("%s: %d → %d, want %d more", c.id, n0, n1, c.want)
		}
	}
	for id, want := range map[string]string{
		"registry-overdue":    "/petitions?overdue=on",
		"registry-registered": "/petitions?state=registered",
		"registry-received":   "/petitions?from=01.05.2031.&to=31.05.2031.",
		"visits":              "/visitors/stats?from=2031-05-01&to=2031-05-31&by=day",
		"no-show-rate":        "/visitors/stats?from=2031-05-01&to=2031-05-31&by=day",
	} {
		if h := hrefAt(head1, id); h != want {
			t.Errorf("%s links to %q, want %q", id, h, want)
		}
	}
	// The list behind "received this month" shows them.
	if list := srv.Client(t, "head").Get(t, hrefAt(head1, "registry-received")); strings.Count(list.Body, "Rūta Liepa") != 2 {
		t.Errorf("received this month, listed: %d", strings.Count(list.Body, "Rūta Liepa"))
	}

	// The visitors' figures are Summary's of the month, decimal comma and all.
	from := time.Date(2031, 5, 1, 0, 0, 0, 0, i18n.Riga)
	b(15, visitors.NoShow)
	rep, err := visitors.NewStore(visitors.Deps{Pool: srv.Pool, Calendar: petitionstest.Calendar(t, srv.Pool), Now: func() time.Time { return now }}).
		Summary(context.Background(), from, from.AddDate(0, 1, 0))
	if err != nil {
		t.Fatal(err)
	}
	for _, who := range []string{"head", "director"} {
		page := home(who)
		if n, _ := figureAt(page, "visits"); n != rep.Visits {
			t.Errorf("%s: visits %d, Summary %d", who, n, rep.Visits)
		}
		if n, _ := figureAt(page, "bookings-upcoming"); n != rep.Upcoming() {
			t.Errorf("%s: upcoming %d, Summary %d", who, n, rep.Upcoming())
		}
		lv := i18n.WithLocale(context.Background(), "lv")
		if want := `data-testid="no-show-rate">` + i18n.Percent(lv, rep.NoShowRate()); rep.Past == 0 || !strings.Contains(page, want) {
			t.Errorf("%s: no-show rate, want %q in %s", who, want, between(page, `data-testid="tile-visits"`, "</li>"))
		}
		if !strings.Contains(page, "2031. gada maijs") || !strings.Contains(page, `data-testid="reports-planned"`) {
			t.Errorf("%s: the month, or the planned areas, missing", who)
		}
	}
	if strings.Contains(home("director"), `data-testid="tile-assigned"`) {
		t.Error("the director is shown an assigned tile")
	}
}
