package visitors

import (
	"net/http"
	"strings"
	"time"

	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/calendar"
	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/web"
)

// The day's bookings, by official: every official's for the bookers, their
// own for an official.

type dayGroup struct {
	Official Official
	Bookings []Booking
}

type dayView struct {
	Day     time.Time
	Today   time.Time
	DayText string
	Groups  []dayGroup
	CanBook bool
	Errors  form.Errors
	Own     bool   // the viewer sees only their own reception
	Undo    []Step // the viewer's steps they may still undo
}

// dayURL is the day list of date d.
func dayURL(d time.Time) string { return "/visitors?day=" + d.Format(time.DateOnly) }

// here is the day list's own address, to come back to after a check-in
// refused or undone.
func (v dayView) here() string { return dayURL(v.Day) }

// CanCheckIn tells whether b may be checked in from the list: a booking
// of today still booked, for someone who books.
func (v dayView) CanCheckIn(b Booking) bool {
	return v.CanBook && b.State == Booked && calendar.DateOf(b.Start).Equal(v.Today)
}

func (h *Handler) day(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	q := form.FromURL(r)
	v := dayView{Day: calendar.DateOf(h.now()), Today: calendar.DateOf(h.now()), CanBook: canBook(auth.UserFrom(ctx))}
	status := http.StatusOK
	if d := q.Date("day", false); !d.IsZero() {
		v.Day = d
	}
	if q.Errors.Any() {
		v.DayText, v.Errors, status = strings.TrimSpace(q.Raw("day")), q.Errors, http.StatusUnprocessableEntity
	} else {
		v.DayText = v.Day.Format(time.DateOnly)
	}
	ids, all, err := h.visibleOfficials(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	v.Own = !all
	officials, err := h.store.Officials(ctx)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	bookings, err := h.store.Day(ctx, v.Day, 0)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	for _, o := range officials {
		if !all && !ids[o.ID] {
			continue
		}
		g := dayGroup{Official: o}
		for _, b := range bookings {
			if b.OfficialID == o.ID {
				g.Bookings = append(g.Bookings, b)
			}
		}
		v.Groups = append(v.Groups, g)
	}
	if v.Undo, err = h.store.UndoableSteps(ctx, auth.UserFrom(ctx).ID, 0); err != nil {
		web.Error(w, r, err)
		return
	}
	web.Render(w, r, status, dayPage(v))
}
