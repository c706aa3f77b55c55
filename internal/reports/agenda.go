package reports

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/daugavpils/prdesk/internal/agenda"
	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/errs"
	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/ical"
	"github.com/daugavpils/prdesk/internal/web"
	"github.com/daugavpils/prdesk/templates/components"
)

// The officials' agenda: one official's week, Monday to Sunday in Riga,
// composed of what each area plans of their time (agenda.Item), with the
// items that overlap marked as clashes, and the same items as an iCalendar
// feed. Who sees what: everyone with agenda.view sees every official's
// week, the kinds, times and places of its items and the titles of
// events; an item's card is a link only for a role that may open it, and
// a booking's visitor and topic are shown only to those who book visitors
// and to the official themself (as in the visitors area) — the agenda's
// permission does not open personal data.

func (h *Handler) agendaRoutes(m *auth.Mux) {
	m.Get("/reports/agenda", auth.AgendaView, h.agenda)
	m.Get("/reports/agenda/{official}/calendar.ics", auth.AgendaView, h.agendaFeed)
}

// weekOf is the Monday 00:00 in Riga of the week that holds the date d
// (midnight UTC of a civil date, or any instant, read in Riga).
func weekOf(d time.Time) time.Time {
	y, m, day := d.Date()
	if d.Location() != time.UTC {
		y, m, day = d.In(i18n.Riga).Date()
	}
	t := time.Date(y, m, day, 0, 0, 0, 0, i18n.Riga)
	back := (int(t.Weekday()) + 6) % 7 // Monday 0 … Sunday 6
	return time.Date(y, m, day-back, 0, 0, 0, 0, i18n.Riga)
}

// weekDays are the seven midnights in Riga of the week from monday, and
// the end of the week (the next Monday's midnight): a week with a change
// of the clocks is 167 or 169 hours long.
func weekDays(monday time.Time) (days [7]time.Time, end time.Time) {
	y, m, d := monday.Date()
	for i := range days {
		days[i] = time.Date(y, m, d+i, 0, 0, 0, 0, i18n.Riga)
	}
	return days, time.Date(y, m, d+7, 0, 0, 0, 0, i18n.Riga)
}

// agendaViewer is what the signed-in person may see of an official's items.
type agendaViewer struct {
	user *auth.User
	self bool // the official whose agenda it is
}

// mayOpen: the item's card is a link for this viewer.
func (v agendaViewer) mayOpen(it agenda.Item) bool {
	return it.Href != "" && (v.user.Can(it.Perm) || (v.self && it.Own))
}

// mayRead: the item's personal text is shown to this viewer.
func (v agendaViewer) mayRead(it agenda.Item) bool {
	return it.Personal != "" && (v.user.Can(it.Perm) || (v.self && it.Own))
}

// agendaEntry is one item as the page shows it.
type agendaEntry struct {
	agenda.Item
	Key      string // the element's id
	Link     bool
	Personal string // empty when the viewer may not read it
	Clashes  []string
	Span     string // "14:00–15:00", or "" for an all-day item
}

type agendaDay struct {
	Date    time.Time // midnight in Riga
	Today   bool
	Entries []agendaEntry
}

type agendaView struct {
	Officials []agenda.Official
	Official  agenda.Official
	Own       bool // the official is the signed-in person
	Monday    time.Time
	Sunday    time.Time
	WeekText  string
	Days      []agendaDay
	Clashes   int
	Errors    form.Errors
	This      bool      // the week is the current one
	Today     time.Time // midnight in Riga of the day the page is read
}

func (v agendaView) weekURL(monday time.Time) string {
	return fmt.Sprintf("/reports/agenda?official=%d&week=%s", v.Official.ID, monday.Format(time.DateOnly))
}

func (v agendaView) feedURL() string {
	return fmt.Sprintf("/reports/agenda/%d/calendar.ics", v.Official.ID)
}

func hhmm(t time.Time) string { return t.In(i18n.Riga).Format("15:04") }

// span is an item's time on its day: "14:00–15:30"; an item that ends on a
// later day shows that day's date too.
func span(it agenda.Item) string {
	if it.AllDay {
		return ""
	}
	end := hhmm(it.End)
	sy, sm, sd := it.Start.In(i18n.Riga).Date()
	ey, em, ed := it.End.Add(-time.Nanosecond).In(i18n.Riga).Date()
	if sy != ey || sm != em || sd != ed {
		end = i18n.Date(it.End) + " " + end
	}
	return hhmm(it.Start) + "–" + end
}

// buildWeek lays items out on the days of the week from monday, each on
// every day it covers, and marks the clashes, each with what it clashes
// with.
func buildWeek(ctx context.Context, viewer agendaViewer, monday, today time.Time, items []agenda.Item) ([]agendaDay, int) {
	dates, _ := weekDays(monday)
	days := make([]agendaDay, 7)
	for i, d := range dates {
		days[i] = agendaDay{Date: d, Today: d.Equal(today)}
	}
	clashes := agenda.MarkClashes(items)
	for i, it := range items {
		e := agendaEntry{Item: it, Key: fmt.Sprintf("item-%s-%d-%d", it.Kind, it.ID, it.Start.Unix()), Link: viewer.mayOpen(it), Span: span(it)}
		if viewer.mayRead(it) {
			e.Personal = it.Personal
		}
		for _, j := range clashes[i] {
			e.Clashes = append(e.Clashes, entryName(ctx, viewer, items[j]))
		}
		// The day it starts on (one that started the week before is on
		// Monday) and each later day of the week it runs into: a visit of
		// three days, or an evening reception past midnight.
		first := 0
		for first < 6 && !it.Start.Before(dates[first+1]) {
			first++
		}
		last := first
		for last < 6 && it.End.After(dates[last+1]) {
			last++
		}
		for k := first; k <= last; k++ {
			day := e
			if k > first {
				day.Key = fmt.Sprintf("%s-%d", e.Key, k)
			}
			days[k].Entries = append(days[k].Entries, day)
		}
	}
	return days, len(clashes)
}

// entryName names another item in a clash's note: its kind, its title as
// the viewer may read it, and its time.
func entryName(ctx context.Context, viewer agendaViewer, it agenda.Item) string {
	s := i18n.T(ctx, "reports.agenda.kind."+string(it.Kind))
	if it.Title != "" {
		s += " „" + it.Title + "”"
	} else if viewer.mayRead(it) {
		s += " „" + it.Personal + "”"
	}
	return s + " " + span(it)
}

func (h *Handler) agenda(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	user := auth.UserFrom(ctx)
	q := form.FromURL(r)
	status := http.StatusOK
	now := h.deps.Now()
	v := agendaView{}
	officials, err := h.agendaOfficials(ctx)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	v.Officials = officials
	id := q.ID("official", false)
	week := q.Date("week", false)
	if q.Errors.Any() {
		v.Errors, status = q.Errors, http.StatusUnprocessableEntity
	}
	// The chosen official; without one, the signed-in official's own
	// week, or the first official's.
	i := slices.IndexFunc(officials, func(o agenda.Official) bool { return id != 0 && o.ID == id })
	if i < 0 && id != 0 {
		web.Error(w, r, fmt.Errorf("reports: agenda: official %d: %w", id, errs.NotFound))
		return
	}
	if i < 0 && user != nil {
		i = slices.IndexFunc(officials, func(o agenda.Official) bool { return o.UserID == user.ID })
	}
	if i < 0 && len(officials) > 0 {
		i = 0
	}
	thisWeek := weekOf(now)
	v.Monday = thisWeek
	if !week.IsZero() {
		v.Monday = weekOf(week)
	}
	v.This = v.Monday.Equal(thisWeek)
	dates, end := weekDays(v.Monday)
	v.Sunday = dates[6]
	if i < 0 {
		web.Render(w, r, status, agendaPage(v))
		return
	}
	v.Official = officials[i]
	v.Own = user != nil && v.Official.UserID == user.ID
	viewer := agendaViewer{user: user, self: v.Own}
	items, err := h.readAgenda(ctx, v.Official, viewer, false, v.Monday, end)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	today := time.Date(now.In(i18n.Riga).Year(), now.In(i18n.Riga).Month(), now.In(i18n.Riga).Day(), 0, 0, 0, 0, i18n.Riga)
	v.Today = today
	v.Days, v.Clashes = buildWeek(ctx, viewer, v.Monday, today, items)
	if v.Errors.Get("week") != "" {
		v.WeekText = strings.TrimSpace(q.Raw("week"))
	} else {
		v.WeekText = v.Monday.Format(time.DateOnly)
	}
	web.Render(w, r, status, agendaPage(v))
}

// The feed reaches this far back and ahead of the day it is read.
const (
	agendaFeedPast   = 60 * 24 * time.Hour
	agendaFeedFuture = 365 * 24 * time.Hour
)

// agendaFeed is an official's agenda as an iCalendar file, for a signed-in
// calendar (a browser download, or a client that sends the session): the
// items from two months back to a year ahead, with what the viewer may
// read of each, as on the page.
func (h *Handler) agendaFeed(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := web.PathID(r, "official")
	if err != nil {
		web.Error(w, r, err)
		return
	}
	o, err := h.agendaOfficial(ctx, id)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	user := auth.UserFrom(ctx)
	viewer := agendaViewer{user: user, self: user != nil && o.UserID == user.ID}
	now := h.deps.Now()
	from := now.Add(-agendaFeedPast)
	items, err := h.readAgenda(ctx, o, viewer, true, from, now.Add(agendaFeedFuture))
	if err != nil {
		web.Error(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="agenda-%d.ics"`, o.ID))
	w.Header().Set("Cache-Control", "private, no-store")
	w.Write([]byte(agendaICal(i18n.WithLocale(ctx, "lv"), o, viewer, items, now))) //nolint:errcheck
}

// rigaTimezone is Europe/Riga as a VTIMEZONE (the EU rule since 1997), as
// the visitors' feed writes it: the events are in UTC and need none, but a
// calendar must hold a component also when it has no event (RFC 5545 3.6).
var rigaTimezone = []string{
	"BEGIN:VTIMEZONE", "TZID:Europe/Riga",
	"BEGIN:DAYLIGHT", "TZOFFSETFROM:+0200", "TZOFFSETTO:+0300", "TZNAME:EEST",
	"DTSTART:19970330T030000", "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", "END:DAYLIGHT",
	"BEGIN:STANDARD", "TZOFFSETFROM:+0300", "TZOFFSETTO:+0200", "TZNAME:EET",
	"DTSTART:19971026T040000", "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU", "END:STANDARD",
	"END:VTIMEZONE",
}

// agendaICal is the iCalendar (RFC 5545) text of o's items. An all-day
// item is a DATE event; a clash is said in the event's description.
func agendaICal(ctx context.Context, o agenda.Official, viewer agendaViewer, items []agenda.Item, now time.Time) string {
	var b strings.Builder
	line := func(s string) { ical.Fold(&b, s) }
	line("BEGIN:VCALENDAR")
	line("VERSION:2.0")
	line("PRODID:" + ical.ProdID)
	line("CALSCALE:GREGORIAN")
	line("METHOD:PUBLISH")
	line("X-WR-CALNAME:" + ical.Text(i18n.T(ctx, "reports.agenda.feed_name", o.Name)))
	line("X-WR-TIMEZONE:Europe/Riga")
	for _, l := range rigaTimezone {
		line(l)
	}
	clashes := agenda.MarkClashes(items)
	stamp := ical.Time(now)
	for i, it := range items {
		line("BEGIN:VEVENT")
		line(fmt.Sprintf("UID:agenda-%d-%s-%d-%d@%s", o.ID, it.Kind, it.ID, it.Start.Unix(), ical.Domain))
		line("DTSTAMP:" + stamp)
		if it.AllDay {
			line("DTSTART;VALUE=DATE:" + it.Start.In(i18n.Riga).Format("20060102"))
			line("DTEND;VALUE=DATE:" + it.End.In(i18n.Riga).Format("20060102"))
		} else {
			line("DTSTART:" + ical.Time(it.Start))
			line("DTEND:" + ical.Time(it.End))
		}
		summary := i18n.T(ctx, "reports.agenda.kind."+string(it.Kind))
		if it.Title != "" {
			summary += ": " + it.Title
		} else if viewer.mayRead(it) {
			summary += ": " + it.Personal
		}
		line("SUMMARY:" + ical.Text(summary))
		if it.Place != "" {
			line("LOCATION:" + ical.Text(it.Place))
		}
		if len(clashes[i]) > 0 {
			var with []string
			for _, j := range clashes[i] {
				with = append(with, entryName(ctx, viewer, items[j]))
			}
			line("DESCRIPTION:" + ical.Text(i18n.T(ctx, "reports.agenda.clash_with", strings.Join(with, "; "))))
		}
		line("STATUS:CONFIRMED")
		line("TRANSP:OPAQUE")
		line("END:VEVENT")
	}
	line("END:VCALENDAR")
	return b.String()
}

// officialOptions is the official picker's choices.
func officialOptions(v agendaView) []components.Option {
	out := make([]components.Option, len(v.Officials))
	for i, o := range v.Officials {
		label := o.Name
		if o.Position != "" {
			label += " (" + o.Position + ")"
		}
		out[i] = components.Option{Value: strconv.FormatInt(o.ID, 10), Label: label, Selected: o.ID == v.Official.ID}
	}
	return out
}

// thisWeekURL is the official's current week: the address leaves the week out.
func (v agendaView) thisWeekURL() string {
	return fmt.Sprintf("/reports/agenda?official=%d", v.Official.ID)
}

// entryTitle is what an item is called on the page: its title, or for a
// booking the visitor and topic when the viewer may read them, else its
// kind.
func entryTitle(ctx context.Context, e agendaEntry) string {
	switch {
	case e.Title != "":
		return e.Title
	case e.Personal != "":
		return e.Personal
	}
	return i18n.T(ctx, "reports.agenda.kind."+string(e.Kind))
}

// positionText follows the official's name in the heading: ", position".
func positionText(position string) string {
	if position == "" {
		return ""
	}
	return ", " + position
}
