package reports

import (
	"net/http"

	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/web"
)

func (h *Handler) searchRoutes(m *auth.Mux) {
	m.Get("/reports/search", auth.SignedIn, h.search)
}

func (h *Handler) search(w http.ResponseWriter, r *http.Request) {
	web.Render(w, r, http.StatusOK, searchPage())
}
