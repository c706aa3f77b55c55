package press

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/daugavpils/prdesk/internal/ical"
	"github.com/daugavpils/prdesk/internal/web"
)

// EventsCalendar is the iCalendar text (RFC 5545) of the media events, the
// interviews agreed and the days official texts are needed by, from a
// month back on: each event with its place and room, cancelled ones
// marked so, a text's day as a whole day, for the department's calendars.
func EventsCalendar(events []Event, interviews []Interview, texts []OfficialText, now time.Time) string {
	var b strings.Builder
	line := func(s string) { ical.Fold(&b, s) }
	line("BEGIN:VCALENDAR")
	line("VERSION:2.0")
	line("PRODID:" + ical.ProdID)
	line("CALSCALE:GREGORIAN")
	line("METHOD:PUBLISH")
	line("X-WR-CALNAME:" + ical.Text("Prese: pasākumi, intervijas, teksti"))
	stamp := ical.Time(now)
	for _, e := range events {
		line("BEGIN:VEVENT")
		line(fmt.Sprintf("UID:press-event-%d@%s", e.ID, ical.Domain))
		line("DTSTAMP:" + stamp)
		line("DTSTART:" + ical.Time(e.StartsAt))
		line("DTEND:" + ical.Time(e.EndsAt))
		line("LAST-MODIFIED:" + ical.Time(e.UpdatedAt))
		line("SEQUENCE:" + strconv.Itoa(e.Version))
		line("SUMMARY:" + ical.Text(e.Title))
		place := e.Place
		if e.Room != "" {
			place += ", " + e.Room
		}
		line("LOCATION:" + ical.Text(place))
		if e.Status == EventCancelled {
			line("STATUS:CANCELLED")
		} else {
			line("STATUS:CONFIRMED")
		}
		line("END:VEVENT")
	}
	for _, i := range interviews {
		line("BEGIN:VEVENT")
		line(fmt.Sprintf("UID:press-interview-%d@%s", i.ID, ical.Domain))
		line("DTSTAMP:" + stamp)
		line("DTSTART:" + ical.Time(*i.AgreedAt))
		line("DTEND:" + ical.Time(agreedEnd(i)))
		line("LAST-MODIFIED:" + ical.Time(i.UpdatedAt))
		line("SEQUENCE:" + strconv.Itoa(i.Version))
		line("SUMMARY:" + ical.Text("Intervija: "+i.Topic))
		line("STATUS:CONFIRMED")
		line("END:VEVENT")
	}
	for _, t := range texts {
		line("BEGIN:VEVENT")
		line(fmt.Sprintf("UID:press-text-%d@%s", t.ID, ical.Domain))
		line("DTSTAMP:" + stamp)
		line("DTSTART;VALUE=DATE:" + t.NeededOn.Format("20060102"))
		line("DTEND;VALUE=DATE:" + t.NeededOn.AddDate(0, 0, 1).Format("20060102"))
		line("LAST-MODIFIED:" + ical.Time(t.UpdatedAt))
		line("SEQUENCE:" + strconv.Itoa(t.Version))
		line("SUMMARY:" + ical.Text(lvText("press.text.kind."+string(t.Kind))+": "+t.Occasion+" (jāsagatavo)"))
		line("TRANSP:TRANSPARENT")
		line("END:VEVENT")
	}
	line("END:VCALENDAR")
	return b.String()
}

func (h *Handler) eventsCalendar(w http.ResponseWriter, r *http.Request) {
	events, err := h.store.CalendarEvents(r.Context())
	if err != nil {
		web.Error(w, r, err)
		return
	}
	interviews, err := h.store.ScheduledInterviews(r.Context())
	if err != nil {
		web.Error(w, r, err)
		return
	}
	texts, err := h.store.TextsDue(r.Context())
	if err != nil {
		web.Error(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="mediju-pasakumi.ics"`)
	_, _ = w.Write([]byte(EventsCalendar(events, interviews, texts, h.now())))
}
