package reports

import (
	"net/http"

	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/web"
)

func (h *Handler) dashboardRoutes(m *auth.Mux) {
	m.Get("/reports", auth.AreaReports, h.dashboard)
}

func (h *Handler) dashboard(w http.ResponseWriter, r *http.Request) {
	web.Render(w, r, http.StatusOK, dashboardPage())
}
