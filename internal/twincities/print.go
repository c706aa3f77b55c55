package twincities

import (
	"net/http"
	"time"

	"github.com/daugavpils/prdesk/internal/calendar"
	"github.com/daugavpils/prdesk/internal/web"
)

type printView struct {
	Rows  []Agreement
	Names map[int64]Contact
	Today time.Time
}

// print is the list of the agreements as the municipality publishes it:
// every signed agreement, in force first, by country and city.
func (h *Handler) print(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	rows, err := h.store.Published(ctx)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	names, err := h.store.Contacts(ctx, contactIDs(rows))
	if err != nil {
		web.Error(w, r, err)
		return
	}
	web.Render(w, r, http.StatusOK, printPage(printView{Rows: rows, Names: names, Today: calendar.DateOf(h.now())}))
}
