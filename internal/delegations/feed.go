package delegations

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/ical"
	"github.com/daugavpils/prdesk/internal/web"
)

// feedView is the page of one's own programme calendar: its address is
// shown once, when it is made.
type feedView struct {
	URL string
}

func (h *Handler) feedPage(w http.ResponseWriter, r *http.Request) {
	web.Render(w, r, http.StatusOK, feedPage(feedView{}))
}

func (h *Handler) newFeed(w http.ResponseWriter, r *http.Request) {
	u := auth.UserFrom(r.Context())
	if u == nil {
		web.Error(w, r, fmt.Errorf("delegations: feed without a user"))
		return
	}
	tok, err := h.store.NewFeedToken(r.Context(), u.ID)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	web.Render(w, r, http.StatusOK, feedPage(feedView{URL: h.baseURL + "/delegations/ical/" + tok + ".ics"}))
}

// feed is a participant's own calendar: every programme item they take
// part in, from a month ago on, reached by its secret address alone (a
// calendar application signs in to nothing).
func (h *Handler) feed(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	tok := strings.TrimSuffix(chi.URLParam(r, "token"), ".ics")
	user, err := h.store.FeedUser(ctx, tok)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	items, err := h.store.UserItems(ctx, user, h.now().AddDate(0, -1, 0))
	if err != nil {
		web.Error(w, r, err)
		return
	}
	var b strings.Builder
	line := func(s string) { ical.Fold(&b, s) }
	line("BEGIN:VCALENDAR")
	line("VERSION:2.0")
	line("PRODID:" + ical.ProdID)
	line("CALSCALE:GREGORIAN")
	line("METHOD:PUBLISH")
	line("X-WR-CALNAME:" + ical.Text("Delegāciju programma"))
	line("X-WR-TIMEZONE:Europe/Riga")
	stamp := ical.Time(h.now())
	for _, it := range items {
		line("BEGIN:VEVENT")
		line(fmt.Sprintf("UID:delegation-item-%d@%s", it.ID, ical.Domain))
		line("DTSTAMP:" + stamp)
		line("DTSTART:" + ical.Time(it.StartsAt))
		line("DTEND:" + ical.Time(it.EndsAt))
		line("SUMMARY:" + ical.Text(it.Activity))
		line("LOCATION:" + ical.Text(it.Place))
		line("DESCRIPTION:" + ical.Text(strings.TrimSpace(it.Title+"\n"+it.Transport)))
		line("END:VEVENT")
	}
	line("END:VCALENDAR")
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Cache-Control", "private, no-store")
	_, _ = w.Write([]byte(b.String()))
}
