package reports

import (
	"net/http"

	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/web"
)

func (h *Handler) agendaRoutes(m *auth.Mux) {
	m.Get("/reports/agenda", auth.AgendaView, h.agenda)
}

func (h *Handler) agenda(w http.ResponseWriter, r *http.Request) {
	web.Render(w, r, http.StatusOK, agendaPage())
}
