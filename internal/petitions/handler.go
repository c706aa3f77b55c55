package petitions

import (
	"time"

	"github.com/alexedwards/scs/v2"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/calendar"
	"github.com/daugavpils/prdesk/internal/files"
	"github.com/daugavpils/prdesk/internal/jobs"
	"github.com/daugavpils/prdesk/internal/ratelimit"
)

// Deps are what the registry needs from the application.
type Deps struct {
	Pool     *pgxpool.Pool
	Sessions *scs.SessionManager
	Files    *files.Store
	Jobs     *jobs.Client    // inserts mail jobs; it need not be running
	Calendar *calendar.Store // the working-day calendar, kept for the whole app
	Now      func() time.Time
	BaseURL  string // for links in mail to the public status page
}

// Handler serves the registry's pages.
type Handler struct {
	deps  Deps
	store *Store
	// statusLimit holds the public status page's lookups per client address.
	statusLimit *ratelimit.Limiter
}

// NewHandler wires the registry.
func NewHandler(d Deps) *Handler {
	return &Handler{deps: d, store: NewStore(d),
		statusLimit: ratelimit.New(statusBurst, statusPeriod, d.Now)}
}

// Routes registers every route of the registry.
func (h *Handler) Routes(m *auth.Mux) {
	m.Route("/petitions", func(m *auth.Mux) {
		// The registry list, its views and exports (list.go, export.go), and
		// the due dates a change of the calendar or the rules moved (moved.go).
		m.Get("/", auth.AreaPetitions, h.list)
		m.Get("/export.csv", auth.AreaPetitions, h.exportCSV)
		m.Get("/export.xlsx", auth.AreaPetitions, h.exportXLSX)
		m.Get("/resolutions", auth.AreaPetitions, h.resolutionQueue)
		m.Get("/assigned", auth.AreaPetitions, h.assigned)
		m.Get("/moved", auth.PetitionsManage, h.moved)

		// Registering, and the registry's own tables (register.go, scheme.go).
		m.Get("/new", auth.PetitionsRegister, h.newForm)
		m.Post("/new", auth.PetitionsRegister, h.register)
		m.Get("/scheme", auth.PetitionsManage, h.scheme)
		m.Post("/scheme", auth.PetitionsManage, h.schemeSave)
		m.Get("/rules", auth.PetitionsManage, h.rules)
		m.Post("/rules", auth.PetitionsManage, h.rulesAdd)
		// A data subject's request moved to /privacy, which looks in every
		// area: the old addresses send there (subject.go). Retention
		// (retention.go).
		m.Get("/person", auth.PetitionsManage, h.person)
		m.Get("/person.pdf", auth.PetitionsManage, h.personPDF)
		m.Get("/retention", auth.PetitionsManage, h.retention)
		m.Post("/retention", auth.PetitionsManage, h.retentionRun)

		// One submission: the card, its files, its letter, its steps (card.go,
		// acknowledgement.go, transitions.go).
		m.Get("/{id}", auth.AreaPetitions, h.card)
		m.Get("/{id}/print", auth.AreaPetitions, h.printCard)
		m.Get("/{id}/acknowledgement.pdf", auth.AreaPetitions, h.acknowledgementPDF)
		m.Get("/{id}/files/{fileID}", auth.AreaPetitions, h.file)
		m.Post("/{id}/{action}", auth.AreaPetitions, h.transition)
	})
	// The public status page: registration number and check code, nothing personal (status.go).
	m.Get("/status", auth.Public, h.statusPage)
	m.Post("/status", auth.Public, h.statusLookup)
}
