package visitors

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"github.com/daugavpils/prdesk/internal/ical"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/daugavpils/prdesk/internal/errs"
	"github.com/daugavpils/prdesk/internal/web"
	"github.com/daugavpils/prdesk/templates/layout"
)

// An official's bookings are a calendar feed at a secret address for
// Outlook or a phone, which cannot sign in: the address is the secret. Only
// its SHA-256 is stored, so the address is shown once, when it is made; a
// new one makes the old one stop working.

// FeedPast is how far back the feed reaches; a calendar keeps what it saw.
const FeedPast = 60 * 24 * time.Hour

// newFeedToken is 32 random bytes, URL-safe.
func newFeedToken() (string, []byte, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", nil, err
	}
	tok := base64.RawURLEncoding.EncodeToString(b)
	sum := sha256.Sum256([]byte(tok))
	return tok, sum[:], nil
}

// rigaTimezone is Europe/Riga as a VTIMEZONE (RFC 5545 3.6.5), from the
// European Union's rule since 1997 (tzdata's EU rule): summer time from the
// last Sunday of March, 03:00, to the last Sunday of October, 04:00. The
// events are written in UTC and need none; it is there because a calendar
// must hold at least one component (RFC 5545 3.6), also when an official
// has nothing booked, and it says the time zone X-WR-TIMEZONE names.
var rigaTimezone = []string{
	"BEGIN:VTIMEZONE",
	"TZID:Europe/Riga",
	"BEGIN:DAYLIGHT",
	"TZOFFSETFROM:+0200",
	"TZOFFSETTO:+0300",
	"TZNAME:EEST",
	"DTSTART:19970330T030000",
	"RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
	"END:DAYLIGHT",
	"BEGIN:STANDARD",
	"TZOFFSETFROM:+0300",
	"TZOFFSETTO:+0200",
	"TZNAME:EET",
	"DTSTART:19971026T040000",
	"RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
	"END:STANDARD",
	"END:VTIMEZONE",
}

// Feed is the iCalendar (RFC 5545) text of an official's bookings; now is
// when the file is made: every event's DTSTAMP (3.8.7.2: the time the
// object was created, for a calendar published without METHOD:REQUEST),
// while LAST-MODIFIED is the booking's last change.
func Feed(o Official, bookings []FeedBooking, now time.Time) string {
	var b strings.Builder
	line := func(s string) { ical.Fold(&b, s) }
	line("BEGIN:VCALENDAR")
	line("VERSION:2.0")
	line("PRODID:-//Daugavpils valstspilsētas pašvaldība//PR Desk//LV")
	line("CALSCALE:GREGORIAN")
	line("METHOD:PUBLISH")
	line("X-WR-CALNAME:" + ical.Text("Pieņemšana: "+o.Name))
	line("X-WR-TIMEZONE:Europe/Riga")
	for _, l := range rigaTimezone {
		line(l)
	}
	stamp := ical.Time(now)
	for _, bk := range bookings {
		line("BEGIN:VEVENT")
		line(fmt.Sprintf("UID:booking-%d@%s", bk.ID, ical.Domain))
		line("DTSTAMP:" + stamp)
		line("DTSTART:" + ical.Time(bk.Start))
		line("DTEND:" + ical.Time(bk.End))
		if !bk.UpdatedAt.IsZero() {
			line("LAST-MODIFIED:" + ical.Time(bk.UpdatedAt))
		}
		line("SEQUENCE:" + strconv.Itoa(bk.Version))
		line("SUMMARY:" + ical.Text(bk.Topic+" — "+bk.VisitorName))
		if bk.Room != "" {
			line("LOCATION:" + ical.Text(bk.Room))
		}
		if bk.State == Cancelled {
			line("STATUS:CANCELLED")
		} else {
			line("STATUS:CONFIRMED")
		}
		line("END:VEVENT")
	}
	line("END:VCALENDAR")
	return b.String()
}

func (h *Handler) feed(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	tok := chi.URLParam(r, "token")
	if len(tok) < 20 || len(tok) > 100 {
		web.Error(w, r, fmt.Errorf("visitors: feed token: %w", errs.NotFound))
		return
	}
	o, err := h.store.FeedOfficial(ctx, tok)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	now := h.now()
	bookings, err := h.store.FeedBookings(ctx, o.ID, now.Add(-FeedPast))
	if err != nil {
		web.Error(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	// Names of visitors: no cache on the way may keep them.
	w.Header().Set("Cache-Control", "private, no-store")
	w.Header().Set("X-Robots-Tag", "noindex")
	w.Write([]byte(Feed(o, bookings, now))) //nolint:errcheck
}

// feedURL is the feed's absolute address at the address people use:
// BASE_URL, or without it the address the request came in at as the app
// reads it (layout.Page.BaseURL: X-Forwarded-Proto and -Host only from a
// trusted proxy), never a header the client wrote.
func feedURL(r *http.Request, tok string) string {
	return strings.TrimRight(layout.PageFrom(r.Context()).BaseURL, "/") + "/visitors/ical/" + tok + ".ics"
}
