package visitors

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/calendar"
	"github.com/daugavpils/prdesk/internal/errs"
	"github.com/daugavpils/prdesk/internal/web"
)

// One booking's card with its history.

type bookingView struct {
	Booking    Booking
	History    []Event
	CanBook    bool
	CanCheckIn bool   // a booking of today, still booked, for a booker
	Undo       []Step // the viewer's steps on this booking they may still undo
}

func bookingURL(id int64) string { return "/visitors/bookings/" + strconv.FormatInt(id, 10) }

func (h *Handler) booking(w http.ResponseWriter, r *http.Request) {
	b, all, err := h.visibleBooking(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	hist, err := h.store.History(r.Context(), b.ID)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	v := bookingView{Booking: b, History: hist, CanBook: all}
	v.CanCheckIn = all && b.State == Booked && calendar.DateOf(b.Start).Equal(calendar.DateOf(h.now()))
	if v.Undo, err = h.store.UndoableSteps(r.Context(), auth.UserFrom(r.Context()).ID, b.ID); err != nil {
		web.Error(w, r, err)
		return
	}
	web.Render(w, r, http.StatusOK, bookingPage(v))
}

// visibleBooking loads the booking of the path when the viewer may see it:
// an official sees only their own (forbidden otherwise). all is true for
// the people who see every official's bookings.
func (h *Handler) visibleBooking(r *http.Request) (b Booking, all bool, err error) {
	id, err := web.PathID(r, "id")
	if err != nil {
		return b, false, err
	}
	if b, err = h.store.Booking(r.Context(), id); err != nil {
		return b, false, err
	}
	ids, all, err := h.visibleOfficials(r)
	if err != nil {
		return b, false, err
	}
	if !all && !ids[b.OfficialID] {
		return b, false, fmt.Errorf("visitors: booking %d is another official's: %w", id, errs.Forbidden)
	}
	return b, all, nil
}
