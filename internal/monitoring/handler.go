package monitoring

import (
	"context"
	"strconv"
	"time"

	"github.com/alexedwards/scs/v2"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/contacts"
	"github.com/daugavpils/prdesk/internal/feeds"
	"github.com/daugavpils/prdesk/internal/files"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/jobs"
)

// Deps is what the area needs from the app.
type Deps struct {
	Pool     *pgxpool.Pool
	Sessions *scs.SessionManager
	Files    *files.Store
	Jobs     *jobs.Client
	// Contacts is the directory outlets, journalists, units and officials
	// are picked from; the area records their part in it.
	Contacts *contacts.Store
	// Feeds reads the feeds and the pages pasted into the clipping form;
	// nil: a client that reaches only public addresses (tests set one
	// with AllowPrivate for their local servers).
	Feeds *feeds.Client
	Now   func() time.Time
	// BaseURL is where the links in the area's mail point (the reports,
	// the alerts).
	BaseURL string
}

// Handler serves /monitoring.
type Handler struct {
	store    *Store
	contacts *contacts.Store
	sessions *scs.SessionManager
	files    *files.Store
	jobs     *jobs.Client // queues the mail of a report sent by hand
	feeds    *feeds.Client
	now      func() time.Time
}

// NewHandler wires the area, and tells the directory how its cards show
// what a contact is to a clipping.
func NewHandler(d Deps) *Handler {
	if d.Contacts != nil {
		d.Contacts.RegisterArea("monitoring", contacts.UseArea{
			Perm: auth.AreaMonitoring,
			Link: func(ref string) string { return "/monitoring/" + ref },
			Text: func(ctx context.Context, kind string) string { return i18n.T(ctx, "monitoring.use."+kind) },
		})
	}
	if d.Feeds == nil {
		d.Feeds = &feeds.Client{}
	}
	return &Handler{store: NewStore(d), contacts: d.Contacts, sessions: d.Sessions, files: d.Files, jobs: d.Jobs, feeds: d.Feeds, now: d.Now}
}

// Routes registers every route of the area. Everyone in the municipality
// with an account reads the clippings; the department adds and judges
// them and keeps the topics.
func (h *Handler) Routes(m *auth.Mux) {
	// The clippings: the list with its search and exports (list.go), the
	// quick form (clipping.go), the card (card.go), its file (file.go).
	m.Get("/monitoring", auth.AreaMonitoring, h.list)
	m.Get("/monitoring/export.csv", auth.AreaMonitoring, h.exportCSV)
	m.Get("/monitoring/export.xlsx", auth.AreaMonitoring, h.exportXLSX)
	m.Post("/monitoring/searches", auth.AreaMonitoring, h.saveSearch)
	m.Post("/monitoring/searches/{id}/delete", auth.AreaMonitoring, h.deleteSearch)
	m.Get("/monitoring/new", auth.MonitoringEdit, h.newPage)
	m.Post("/monitoring", auth.MonitoringEdit, h.create)
	m.Get("/monitoring/{id}", auth.AreaMonitoring, h.card)
	m.Get("/monitoring/{id}/edit", auth.MonitoringEdit, h.editPage)
	m.Post("/monitoring/{id}/edit", auth.MonitoringEdit, h.update)
	m.Post("/monitoring/{id}/file", auth.MonitoringEdit, h.attach)
	m.Get("/monitoring/{id}/file", auth.AreaMonitoring, h.file)
	m.Post("/monitoring/{id}/file/remove", auth.MonitoringEdit, h.detach)

	// The municipality's units with what was written about each (units.go).
	m.Get("/monitoring/units", auth.AreaMonitoring, h.units)

	// The topics coverage is sorted by (topics.go).
	m.Get("/monitoring/topics", auth.AreaMonitoring, h.topics)
	m.Post("/monitoring/topics", auth.MonitoringEdit, h.createTopic)
	m.Post("/monitoring/topics/{id}", auth.MonitoringEdit, h.updateTopic)

	h.reportRoutes(m)
	// The feeds, the keyword rules and the inbox (routes_feeds.go).
	h.feedRoutes(m)
}

// areaLinks are the area's pages.
var areaLinks = []auth.Link{
	{Path: "/monitoring", Key: "monitoring.nav.clippings", Perm: auth.AreaMonitoring},
	{Path: "/monitoring/new", Key: "monitoring.nav.new", Perm: auth.MonitoringEdit},
	{Path: "/monitoring/units", Key: "monitoring.nav.units", Perm: auth.AreaMonitoring},
	{Path: "/monitoring/topics", Key: "monitoring.nav.topics", Perm: auth.AreaMonitoring},
	{Path: "/monitoring/trends", Key: "monitoring.nav.trends", Perm: auth.AreaMonitoring},
	{Path: "/monitoring/reports", Key: "monitoring.nav.reports", Perm: auth.AreaMonitoring},
	{Path: "/monitoring/inbox", Key: "monitoring.nav.inbox", Perm: auth.MonitoringEdit},
	{Path: "/monitoring/feeds", Key: "monitoring.nav.feeds", Perm: auth.MonitoringEdit},
	{Path: "/monitoring/rules", Key: "monitoring.nav.rules", Perm: auth.MonitoringEdit},
}

func clippingURL(id int64) string { return "/monitoring/" + strconv.FormatInt(id, 10) }
