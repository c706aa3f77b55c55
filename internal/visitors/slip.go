package visitors

import (
	"net/http"

	"github.com/daugavpils/prdesk/internal/web"
)

// slip is the confirmation the clerk prints and hands to a visitor booked at the counter.
func (h *Handler) slip(w http.ResponseWriter, r *http.Request) {
	b, _, err := h.visibleBooking(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	web.Render(w, r, http.StatusOK, slipPage(b))
}
