package visitors

import (
	"net/http"
	"strconv"

	"github.com/daugavpils/prdesk/internal/web"
)

// slip is the confirmation the clerk prints and hands to a visitor booked at the counter.
func (h *Handler) slip(w http.ResponseWriter, r *http.Request) {
	b, _, ok := h.visibleBooking(w, r)
	if !ok {
		return
	}
	web.Render(w, r, http.StatusOK, slipPage(b))
}

func bookingURL(id int64) string { return "/visitors/bookings/" + strconv.FormatInt(id, 10) }
