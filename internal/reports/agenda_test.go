package reports_test

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/apptest"
	"github.com/daugavpils/prdesk/internal/awards/awardstest"
	"github.com/daugavpils/prdesk/internal/contacts/contactstest"
	"github.com/daugavpils/prdesk/internal/delegations"
	"github.com/daugavpils/prdesk/internal/delegations/delegationstest"
	"github.com/daugavpils/prdesk/internal/ical"
	"github.com/daugavpils/prdesk/internal/press"
	"github.com/daugavpils/prdesk/internal/press/presstest"
	"github.com/daugavpils/prdesk/internal/reports/reportstest"
	"github.com/daugavpils/prdesk/internal/visitors"
	"github.com/daugavpils/prdesk/internal/visitors/visitorstest"
)

// agendaWeek is an official of every area's items in the week of 23–29
// November 2026, linked to the demo account chair (the delegations and
// the awards know them so) and to a contact of the directory (the press
// does): reception hours on Wednesday 10:00–12:00 with a booking at
// 10:00, a press conference on Wednesday 11:00–12:30 (a clash with the
// reception), an interview on Thursday at 09:00, a delegation's programme
// item on Friday 14:00–15:00 and an award ceremony on Tuesday.
type agendaWeek struct {
	official                          int64
	name, event, interview, programme string
	ceremony                          string
	booking, eventID, delegation      int64
	contact                           int64 // the official's in the directory
	monday                            time.Time
}

func newAgendaWeek(t *testing.T, srv *apptest.Server, weeks int) agendaWeek {
	t.Helper()
	// Each test has a week of its own (weeks after 23 November): the
	// account chair's items of one test are not another's.
	at := func(d, h, m int) time.Time { return visitorstest.Riga(2026, 11, 23+7*weeks+d, h, m) }
	pool := srv.Pool
	n := contactstest.Unique()
	w := agendaWeek{name: fmt.Sprintf("Agita Nedēļa-%d", n)}
	w.official = visitorstest.AddOfficial(t, pool, visitors.Official{Name: w.name, Position: "Domes priekšsēdētāja vietniece"},
		visitorstest.Weekly(time.Wednesday, visitors.At(10, 0), visitors.At(12, 0)))
	visitorstest.Link(t, pool, "chair", w.official)
	contact := contactstest.NewPerson(t, pool, "Agita", fmt.Sprintf("Nedēļa-%d", n))
	reportstest.LinkContact(t, pool, w.official, contact)
	w.contact = contact

	w.booking = visitorstest.AddBooking(t, pool, visitorstest.Booking{OfficialID: w.official, Start: at(2, 10, 0),
		Name: "Anna Kalniņa", Topic: "Ielas apgaismojums"})

	w.event = fmt.Sprintf("Preses konference par budžetu %d", n)
	w.eventID = presstest.AddEvent(t, pool, press.Event{Title: w.event, StartsAt: at(2, 11, 0),
		EndsAt: at(2, 12, 30), Speakers: []int64{contact}})
	// A cancelled event of the same official is not on the agenda.
	presstest.AddEvent(t, pool, press.Event{Title: "Atcelts pasākums", StartsAt: at(3, 15, 0),
		EndsAt: at(3, 16, 0), Speakers: []int64{contact}, Status: press.EventCancelled})

	w.interview = fmt.Sprintf("Ielu remonti %d", n)
	agreed, minutes := at(3, 9, 0), 60
	presstest.AddInterview(t, pool, press.Interview{Topic: w.interview, OfficialID: &contact, Status: press.InterviewScheduled,
		AgreedAt: &agreed, AgreedMinutes: &minutes})

	ds := delegationstest.NewStore(t, pool)
	w.delegation = delegationstest.AddDelegation(t, pool, delegations.Delegation{Title: fmt.Sprintf("Panevēžas mēra vizīte %d", n),
		StartsOn: date(at(3, 0, 0)), EndsOn: date(at(5, 0, 0))})
	person, _ := delegationstest.AddOurs(t, pool, w.delegation, "chair")
	w.programme = fmt.Sprintf("Tikšanās ar mēru %d", n)
	if _, err := ds.AddItem(t.Context(), delegations.Item{DelegationID: w.delegation, StartsAt: at(4, 14, 0),
		EndsAt: at(4, 15, 0), Place: "Domes ēka", Activity: w.programme, PersonIDs: []int64{person}}); err != nil {
		t.Fatal(err)
	}

	ty := awardstest.AddType(t, pool, "")
	rd := awardstest.AddRound(t, pool, ty.ID, 2026, "")
	reportstest.SetCeremony(t, pool, rd.ID, date(at(1, 0, 0)))
	w.monday = at(0, 0, 0)
	awardstest.AddUserMember(t, pool, rd.ID, "chair")
	w.ceremony = fmt.Sprintf("%s %d", ty.Name, 2026)
	return w
}

func (w agendaWeek) path() string {
	return "/reports/agenda?official=" + strconv.FormatInt(w.official, 10) + "&week=" + w.at(2, 0, 0).Format("02.01.2006.")
}

// at is h:m in Riga d days after the week's Monday.
func (w agendaWeek) at(d, h, m int) time.Time {
	return time.Date(w.monday.Year(), w.monday.Month(), w.monday.Day()+d, h, m, 0, 0, w.monday.Location())
}

// date is the civil date of t in Riga, as the areas keep dates.
func date(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// days splits the agenda page into its seven days, Monday first.
func days(t *testing.T, body string) []string {
	t.Helper()
	parts := strings.Split(body, `<li class="ag-day`)
	if len(parts) != 8 {
		t.Fatalf("%d days on the page", len(parts)-1)
	}
	return parts[1:]
}

func TestAgendaShowsEveryAreaOnItsDay(t *testing.T) {
	srv := apptest.New(t)
	w := newAgendaWeek(t, srv, 0)
	res := srv.Client(t, "staff").Get(t, w.path())
	if res.StatusCode != http.StatusOK {
		t.Fatalf("status %d", res.StatusCode)
	}
	d := days(t, res.Body)
	want := []struct {
		day  int
		kind string
		text string
	}{
		{1, "ceremony", w.ceremony},
		{2, "reception", "10:00–12:00"},
		{2, "booking", "Anna Kalniņa"},
		{2, "event", w.event},
		{3, "interview", w.interview},
		{4, "programme", w.programme},
	}
	for _, x := range want {
		if !strings.Contains(d[x.day], `data-kind="`+x.kind+`"`) || !strings.Contains(d[x.day], x.text) {
			t.Errorf("day %d lacks the %s %q", x.day, x.kind, x.text)
		}
	}
	if strings.Count(res.Body, `data-testid="agenda-item"`) != len(want) {
		t.Errorf("%d items, want %d (the cancelled event left out)", strings.Count(res.Body, `data-testid="agenda-item"`), len(want))
	}
	if strings.Contains(res.Body, "Atcelts pasākums") {
		t.Error("a cancelled event is on the agenda")
	}
	// The clash: the reception and the press conference, marked in words.
	if n := strings.Count(res.Body, `data-testid="clash"`); n != 2 {
		t.Errorf("%d items marked as clashing, want 2", n)
	}
	if !strings.Contains(res.Body, `data-testid="clash-summary"`) || !strings.Contains(res.Body, "Pārklājas ar: Preses pasākums „"+w.event) {
		t.Error("the clash is not said in words")
	}
	// The next week holds none of it.
	next := srv.Client(t, "staff").Get(t, "/reports/agenda?official="+strconv.FormatInt(w.official, 10)+"&week="+w.at(8, 0, 0).Format(time.DateOnly))
	if strings.Contains(next.Body, w.event) || strings.Contains(next.Body, w.programme) || !strings.Contains(next.Body, "30.11.2026.–06.12.2026.") {
		t.Error("the next week is wrong")
	}
}

// An event or a programme item that began on the Sunday before and runs
// past midnight is on Monday; one that ended at midnight is not. The
// areas find a week's items by start from a day before it (each lasts at
// most a day), so this is the edge of that bound.
func TestAgendaShowsWhatRunsIntoTheWeek(t *testing.T) {
	srv := apptest.New(t)
	w := newAgendaWeek(t, srv, 4)
	pool := srv.Pool
	into := presstest.AddEvent(t, pool, press.Event{Title: "Nakts pasākums", StartsAt: w.at(-1, 0, 30),
		EndsAt: w.at(0, 0, 30), Speakers: []int64{w.contact}})
	presstest.AddEvent(t, pool, press.Event{Title: "Svētdienas pasākums", StartsAt: w.at(-1, 20, 0),
		EndsAt: w.at(0, 0, 0), Speakers: []int64{w.contact}})
	ds := delegationstest.NewStore(t, pool)
	trip := delegationstest.AddDelegation(t, pool, delegations.Delegation{Title: fmt.Sprintf("Brauciens uz Viļņu %d", w.official),
		StartsOn: date(w.at(-1, 0, 0)), EndsOn: date(w.at(0, 0, 0))})
	person, _ := delegationstest.AddOurs(t, pool, trip, "chair")
	if _, err := ds.AddItem(t.Context(), delegations.Item{DelegationID: trip, StartsAt: w.at(-1, 1, 0),
		EndsAt: w.at(0, 1, 0), Place: "Vilciens", Activity: "Nakts brauciens", PersonIDs: []int64{person}}); err != nil {
		t.Fatal(err)
	}
	res := srv.Client(t, "staff").Get(t, w.path())
	if res.StatusCode != http.StatusOK {
		t.Fatalf("status %d", res.StatusCode)
	}
	monday := days(t, res.Body)[0]
	if !strings.Contains(monday, "Nakts pasākums") || !strings.Contains(monday, fmt.Sprintf("/press/events/%d", into)) {
		t.Error("the event of a day that ran into Monday is not on Monday")
	}
	if !strings.Contains(monday, "Nakts brauciens") {
		t.Error("the programme item that ran into Monday is not on Monday")
	}
	if strings.Contains(res.Body, "Svētdienas pasākums") {
		t.Error("an event that ended at midnight before the week is on it")
	}
}

func TestAgendaShowsEachRoleWhatItMayOpen(t *testing.T) {
	srv := apptest.New(t)
	w := newAgendaWeek(t, srv, 1)
	bookingLink := fmt.Sprintf(`href="/visitors/bookings/%d"`, w.booking)
	eventLink := fmt.Sprintf(`href="/press/events/%d"`, w.eventID)
	programmeLink := fmt.Sprintf(`href="/delegations/%d/programme"`, w.delegation)
	for _, c := range []struct {
		user                                string
		visitor, booking, event, delegation bool
	}{
		{"clerk", true, true, false, false},
		{"staff", true, true, true, true},
		{"head", true, true, true, true},
		{"director", false, false, false, true},
		{"deputy", false, false, false, false},
	} {
		t.Run(c.user, func(t *testing.T) {
			res := srv.Client(t, c.user).Get(t, w.path())
			if res.StatusCode != http.StatusOK {
				t.Fatalf("status %d", res.StatusCode)
			}
			for _, x := range []struct {
				what string
				has  bool
				text string
			}{
				{"the visitor's name", c.visitor, "Anna Kalniņa"},
				{"the booking's link", c.booking, bookingLink},
				{"the event's link", c.event, eventLink},
				{"the programme's link", c.delegation, programmeLink},
				{"the event's title", true, w.event},
				{"the programme's title", true, w.programme},
			} {
				if strings.Contains(res.Body, x.text) != x.has {
					t.Errorf("%s shown: %v, want %v", x.what, !x.has, x.has)
				}
			}
		})
	}
	// The official themself lands on their own week and reads their
	// visitors' names, though their role does not book visitors.
	res := srv.Client(t, "chair").Get(t, "/reports/agenda?week="+w.at(2, 0, 0).Format(time.DateOnly))
	if res.StatusCode != http.StatusOK || !strings.Contains(res.Body, w.name) || !strings.Contains(res.Body, "Anna Kalniņa") || !strings.Contains(res.Body, bookingLink) {
		t.Errorf("the official's own week: status %d", res.StatusCode)
	}
	for _, user := range []string{"admin", "unit"} {
		if res := srv.Client(t, user).Get(t, w.path()); res.StatusCode != http.StatusForbidden {
			t.Errorf("%s: status %d, want 403", user, res.StatusCode)
		}
	}
}

func TestAgendaBadAddresses(t *testing.T) {
	srv := apptest.New(t)
	c := srv.Client(t, "clerk")
	for _, x := range []struct {
		path   string
		status int
	}{
		{"/reports/agenda?week=31.02.2026.", http.StatusUnprocessableEntity},
		{"/reports/agenda?week=%3Cscript%3E", http.StatusUnprocessableEntity},
		{"/reports/agenda?official=abc", http.StatusUnprocessableEntity},
		{"/reports/agenda?official=999999999", http.StatusNotFound},
		{"/reports/agenda/999999999/calendar.ics", http.StatusNotFound},
	} {
		res := c.Get(t, x.path)
		if res.StatusCode != x.status {
			t.Errorf("%s: status %d, want %d", x.path, res.StatusCode, x.status)
		}
		if strings.Contains(res.Body, "<script>") {
			t.Errorf("%s: the input is written as HTML", x.path)
		}
	}
}

// unfold is the feed's content lines.
func unfold(s string) []string {
	s = strings.ReplaceAll(s, "\r\n ", "")
	return strings.Split(strings.TrimSuffix(s, "\r\n"), "\r\n")
}

func TestAgendaFeed(t *testing.T) {
	srv := apptest.New(t)
	w := newAgendaWeek(t, srv, 2)
	feed := "/reports/agenda/" + strconv.FormatInt(w.official, 10) + "/calendar.ics"
	srv.Clock.Set(t, w.monday)
	res := srv.Client(t, "clerk").Get(t, feed)
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/calendar") {
		t.Fatalf("status %d, %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	lines := unfold(res.Body)
	if lines[0] != "BEGIN:VCALENDAR" || lines[len(lines)-1] != "END:VCALENDAR" {
		t.Fatalf("not a calendar: %q … %q", lines[0], lines[len(lines)-1])
	}
	// Each event, parsed: its start and summary.
	type event struct{ start, summary, description string }
	var events []event
	var cur *event
	for _, l := range lines {
		switch {
		case l == "BEGIN:VEVENT":
			cur = &event{}
		case l == "END:VEVENT":
			events = append(events, *cur)
			cur = nil
		case cur != nil && strings.HasPrefix(l, "DTSTART"):
			cur.start = l[strings.Index(l, ":")+1:]
		case cur != nil && strings.HasPrefix(l, "SUMMARY:"):
			cur.summary = strings.TrimPrefix(l, "SUMMARY:")
		case cur != nil && strings.HasPrefix(l, "DESCRIPTION:"):
			cur.description = strings.TrimPrefix(l, "DESCRIPTION:")
		}
	}
	find := func(start, summary string) *event {
		for i := range events {
			if events[i].start == start && strings.HasPrefix(events[i].summary, summary) {
				return &events[i]
			}
		}
		return nil
	}
	for _, x := range []struct{ start, summary string }{
		{w.at(1, 0, 0).Format("20060102"), "Apbalvošanas ceremonija: " + ical.Text(w.ceremony)},
		{ical.Time(w.at(2, 10, 0)), "Pieņemšanas laiks"},
		{ical.Time(w.at(2, 11, 0)), "Preses pasākums: " + ical.Text(w.event)},
		{ical.Time(w.at(3, 9, 0)), "Intervija: " + ical.Text(w.interview)},
		{ical.Time(w.at(4, 14, 0)), "Delegācijas programma: " + ical.Text(w.programme)},
	} {
		if find(x.start, x.summary) == nil {
			t.Errorf("no event at %s with %q", x.start, x.summary)
		}
	}
	if e := find(ical.Time(w.at(2, 11, 0)), "Preses"); e == nil || !strings.Contains(e.description, "Pārklājas") {
		t.Error("the clash is not in the feed")
	}
	if !strings.Contains(res.Body, "Anna Kalniņa") {
		t.Error("the clerk's feed lacks the visitor")
	}
	// The director's feed holds the booking without the visitor.
	dir := srv.Client(t, "director").Get(t, feed)
	if dir.StatusCode != http.StatusOK || strings.Contains(dir.Body, "Anna Kalniņa") || !strings.Contains(dir.Body, "SUMMARY:Pieraksts") {
		t.Errorf("the director's feed: status %d", dir.StatusCode)
	}
}

// Whoever is shown an official's visitors on the agenda is in the audit
// log, with which bookings and never whose; the official reading their own
// week is not.
func TestAgendaReadOfVisitorsIsAudited(t *testing.T) {
	srv := apptest.New(t)
	w := newAgendaWeek(t, srv, 3)
	ctx := t.Context()
	last := func() int64 {
		var id int64
		if err := srv.Pool.QueryRow(ctx, `select coalesce(max(id), 0) from audit_log`).Scan(&id); err != nil {
			t.Fatal(err)
		}
		return id
	}
	entries := func(after int64, action string) []string {
		rows, _ := srv.Pool.Query(ctx, `select summary || ' ' || details::text from audit_log
			where id > $1 and entity = 'official_agenda' and entity_id = $2 and action = $3`, after, strconv.FormatInt(w.official, 10), action)
		out, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	check := func(what, action string, before int64) {
		t.Helper()
		got := entries(before, action)
		if len(got) != 1 {
			t.Fatalf("%s: %d audit entries, want 1", what, len(got))
		}
		if strings.Contains(got[0], "Anna") || strings.Contains(got[0], "Kalniņa") || strings.Contains(got[0], "apgaismojums") {
			t.Errorf("%s: the audit entry holds the visitor: %s", what, got[0])
		}
		if !strings.Contains(got[0], strconv.FormatInt(w.booking, 10)) {
			t.Errorf("%s: the audit entry lacks the booking's number %d: %s", what, w.booking, got[0])
		}
	}

	before := last()
	if res := srv.Client(t, "clerk").Get(t, w.path()); res.StatusCode != http.StatusOK || !strings.Contains(res.Body, "Anna Kalniņa") {
		t.Fatalf("the clerk's agenda: status %d", res.StatusCode)
	}
	check("the clerk's week", "view", before)

	srv.Clock.Set(t, w.monday)
	before = last()
	if res := srv.Client(t, "clerk").Get(t, "/reports/agenda/"+strconv.FormatInt(w.official, 10)+"/calendar.ics"); res.StatusCode != http.StatusOK {
		t.Fatalf("the clerk's feed: status %d", res.StatusCode)
	}
	check("the clerk's feed", "feed", before)

	// Nobody's name shown, nothing written: the director sees the booking
	// without its visitor.
	before = last()
	if res := srv.Client(t, "director").Get(t, w.path()); res.StatusCode != http.StatusOK || strings.Contains(res.Body, "Anna Kalniņa") {
		t.Fatalf("the director's agenda: status %d", res.StatusCode)
	}
	if got := entries(before, "view"); len(got) != 0 {
		t.Errorf("the director's week without names is audited: %v", got)
	}
	before = last()
	if res := srv.Client(t, "chair").Get(t, "/reports/agenda?week="+w.at(2, 0, 0).Format(time.DateOnly)); res.StatusCode != http.StatusOK || !strings.Contains(res.Body, "Anna Kalniņa") {
		t.Fatalf("the official's own week: status %d", res.StatusCode)
	}
	if got := entries(before, "view"); len(got) != 0 {
		t.Errorf("the official's own week is audited: %v", got)
	}
}
