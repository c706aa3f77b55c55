// Package reports is the executive director's view of the department
// (clause 9.1): the dashboard of every area's figures for a period, the
// officials' agenda across areas, and one search across PR Desk. It is the
// one package besides contacts that imports the other areas: it composes
// what each of them exports (Summary, its agenda items, its search) and
// keeps nothing of theirs.
package reports

import (
	"time"

	"github.com/alexedwards/scs/v2"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/calendar"
	"github.com/daugavpils/prdesk/internal/jobs"
	"github.com/daugavpils/prdesk/internal/petitions"
	"github.com/daugavpils/prdesk/internal/visitors"
)

// Deps is what the package needs from the app.
type Deps struct {
	Pool     *pgxpool.Pool
	Sessions *scs.SessionManager
	Calendar *calendar.Store
	// The two areas whose Summary is a method of their store (their
	// figures need the working-day calendar and the clock).
	Petitions *petitions.Store
	Visitors  *visitors.Store
	Jobs      *jobs.Client // queues the outbox's mail; nil sends none
	Now       func() time.Time
	// BaseURL is the address links in mails and feeds start with.
	BaseURL string
	// SearchAreaTimeout is how long the search waits for one area; zero:
	// AreaTimeout.
	SearchAreaTimeout time.Duration
}

// Handler serves /reports.
type Handler struct {
	deps Deps
	// figures keeps the dashboard's figures per area and period until the
	// area's tables change (dashboard_cache.go).
	figures *figureCache
	// notes keeps each area's notes of today the same way.
	notes *revCache[[]note]
	// revisions reads the areas' revisions the caches are checked against.
	revisions *revisionReader
	// panelHTML keeps the dashboard's panels as drawn.
	panelHTML *panelHTML
}

// NewHandler wires the package.
func NewHandler(d Deps) *Handler {
	if d.Now == nil {
		d.Now = time.Now
	}
	return &Handler{deps: d, figures: newFigureCache(), notes: newRevCache[[]note](),
		revisions: &revisionReader{}, panelHTML: &panelHTML{}}
}

// Routes registers every route of the package, each part in its own file:
// the dashboard (dashboard.go) for the director and the head, the
// officials' agenda (agenda.go) for those who plan an official's week, and
// the search across PR Desk (search.go) for everyone signed in, which
// shows each person only what their roles may open.
func (h *Handler) Routes(m *auth.Mux) {
	h.dashboardRoutes(m)
	h.agendaRoutes(m)
	h.searchRoutes(m)
	h.periodicRoutes(m)
}
