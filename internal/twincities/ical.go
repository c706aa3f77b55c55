package twincities

import (
	"fmt"
	"github.com/daugavpils/prdesk/internal/ical"
	"net/http"
	"strings"
	"time"

	"github.com/daugavpils/prdesk/internal/web"
)

// The calendar of the agreements' review dates and the partner cities'
// yearly days, as an iCalendar file (RFC 5545) to import into Outlook or a
// phone: the days repeat every year (RRULE:FREQ=YEARLY), a review date is
// one all-day event.

// Calendar is the iCalendar text of the agreements' review dates (those
// not ended) and the days of the agreements in force; now stamps it.
func Calendar(agreements []Agreement, days []Day, now time.Time) string {
	var b strings.Builder
	line := func(s string) { ical.Fold(&b, s) }
	stamp := now.UTC().Format("20060102T150405Z")
	line("BEGIN:VCALENDAR")
	line("VERSION:2.0")
	line("PRODID:-//Daugavpils valstspilsētas pašvaldība//PR Desk//LV")
	line("CALSCALE:GREGORIAN")
	line("METHOD:PUBLISH")
	line("X-WR-CALNAME:" + ical.Text("Sadraudzības pilsētas"))
	line("X-WR-TIMEZONE:Europe/Riga")
	city := map[int64]Agreement{}
	for _, a := range agreements {
		city[a.ID] = a
		if a.ReviewOn == nil || a.Status == Ended {
			continue
		}
		line("BEGIN:VEVENT")
		line(fmt.Sprintf("UID:twin-review-%d-%s@%s", a.ID, a.ReviewOn.Format("20060102"), ical.Domain))
		line("DTSTAMP:" + stamp)
		line("DTSTART;VALUE=DATE:" + a.ReviewOn.Format("20060102"))
		line("DTEND;VALUE=DATE:" + a.ReviewOn.AddDate(0, 0, 1).Format("20060102"))
		line("SUMMARY:" + ical.Text("Sadarbības līguma pārskatīšana: "+a.Name()))
		line("TRANSP:TRANSPARENT")
		line("END:VEVENT")
	}
	for _, d := range days {
		a, ok := city[d.AgreementID]
		if !ok || (a.Status != Active && a.Status != Dormant) {
			continue
		}
		start := d.In(now.Year())
		line("BEGIN:VEVENT")
		line(fmt.Sprintf("UID:twin-day-%d@%s", d.ID, ical.Domain))
		line("DTSTAMP:" + stamp)
		line("DTSTART;VALUE=DATE:" + start.Format("20060102"))
		line("DTEND;VALUE=DATE:" + start.AddDate(0, 0, 1).Format("20060102"))
		if d.Month == 2 && d.Day == 29 {
			line("RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1")
		} else {
			line("RRULE:FREQ=YEARLY")
		}
		line("SUMMARY:" + ical.Text(a.City+": "+d.Occasion))
		line("TRANSP:TRANSPARENT")
		line("END:VEVENT")
	}
	line("END:VCALENDAR")
	return b.String()
}

func (h *Handler) ical(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	all, err := h.store.All(ctx)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	days, err := h.store.AllDays(ctx)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="sadraudzibas-pilsetas.ics"`)
	_, _ = w.Write([]byte(Calendar(all, days, h.now())))
}
