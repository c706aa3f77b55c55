package twincities

import (
	"net/http"
	"strconv"
	"time"

	"github.com/daugavpils/prdesk/internal/calendar"
	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/web"
)

type greetingsView struct {
	Year  int
	Today time.Time
	Plan  []PlannedGreeting
}

// greetings is the year's plan of greetings on the partner cities' days.
func (h *Handler) greetings(w http.ResponseWriter, r *http.Request) {
	today := calendar.DateOf(h.now())
	year := today.Year()
	if y, err := strconv.Atoi(form.URLValues(r).Get("year")); err == nil && y >= 2000 && y <= today.Year()+5 {
		year = y
	}
	plan, err := h.store.GreetingsPlan(r.Context(), year)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	web.Render(w, r, http.StatusOK, greetingsPage(greetingsView{Year: year, Today: today, Plan: plan}))
}

func (p PlannedGreeting) newURL() string {
	return agreementURL(p.AgreementID) + "/log/new?kind=greeting&date=" + p.Date.Format(time.DateOnly) + "&day=" + idStr(p.Day.ID)
}

func greetingTone(s GreetingState) string {
	switch s {
	case GreetingSent:
		return "ok"
	case GreetingDue:
		return "warn"
	case GreetingMissed:
		return "bad"
	}
	return "neutral"
}
