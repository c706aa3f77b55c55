package twincities

import (
	"context"
	"strconv"
	"time"

	"github.com/alexedwards/scs/v2"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/contacts"
	"github.com/daugavpils/prdesk/internal/files"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/jobs"
)

// Deps is what the area needs from the app.
type Deps struct {
	Pool     *pgxpool.Pool
	Sessions *scs.SessionManager
	Files    *files.Store
	Jobs     *jobs.Client // queues the reminders' mail; nil sends none
	// Contacts is the directory the partner and the coordinators are
	// picked from; the area records their part in it.
	Contacts *contacts.Store
	Now      func() time.Time
}

// Handler serves /twincities.
type Handler struct {
	store    *Store
	files    *files.Store
	contacts *contacts.Store
	sessions *scs.SessionManager
	now      func() time.Time
}

// NewHandler wires the area, and tells the directory how its cards show
// what a contact is to an agreement.
func NewHandler(d Deps) *Handler {
	if d.Contacts != nil {
		d.Contacts.RegisterArea("twincities", contacts.UseArea{
			Perm: auth.AreaTwinCities,
			Link: func(ref string) string { return "/twincities/" + ref },
			Text: func(ctx context.Context, kind string) string { return i18n.T(ctx, "twincities.use."+kind) },
		})
	}
	return &Handler{store: NewStore(d), contacts: d.Contacts, files: d.Files, sessions: d.Sessions, now: d.Now}
}

// Routes registers every route of the area. The department and the
// director read everything; the department's staff and head keep it.
func (h *Handler) Routes(m *auth.Mux) {
	// The agreements: the list with its exports (list.go), one agreement's
	// card and its scan (card.go), the form that registers or edits one
	// (agreement.go).
	m.Get("/twincities", auth.AreaTwinCities, h.list)
	m.Get("/twincities/export.csv", auth.AreaTwinCities, h.exportCSV)
	m.Get("/twincities/export.xlsx", auth.AreaTwinCities, h.exportXLSX)
	m.Get("/twincities/new", auth.TwinCitiesEdit, h.newPage)
	m.Post("/twincities", auth.TwinCitiesEdit, h.create)
	m.Get("/twincities/{id}", auth.AreaTwinCities, h.card)
	m.Get("/twincities/{id}/scan/{fileID}", auth.AreaTwinCities, h.scan)
	m.Get("/twincities/{id}/edit", auth.TwinCitiesEdit, h.editPage)
	m.Post("/twincities/{id}/edit", auth.TwinCitiesEdit, h.update)

	// The cooperation log (log.go) and the city's yearly days (days.go).
	m.Get("/twincities/{id}/log/new", auth.TwinCitiesEdit, h.newLogPage)
	m.Post("/twincities/{id}/log", auth.TwinCitiesEdit, h.addLog)
	m.Get("/twincities/log/{id}/edit", auth.TwinCitiesEdit, h.editLogPage)
	m.Post("/twincities/log/{id}/edit", auth.TwinCitiesEdit, h.updateLog)
	m.Post("/twincities/log/{id}/delete", auth.TwinCitiesEdit, h.deleteLog)
	m.Post("/twincities/{id}/days", auth.TwinCitiesEdit, h.addDay)
	m.Post("/twincities/days/{id}/delete", auth.TwinCitiesEdit, h.deleteDay)

	// The overview of activity (overview.go), the year's greetings plan
	// (greetings.go), the published list (print.go) and the calendar of
	// review dates and partner cities' days (ical.go).
	m.Get("/twincities/overview", auth.AreaTwinCities, h.overview)
	m.Get("/twincities/greetings", auth.AreaTwinCities, h.greetings)
	m.Get("/twincities/print", auth.AreaTwinCities, h.print)
	m.Get("/twincities/calendar.ics", auth.AreaTwinCities, h.ical)
}

// areaLinks are the area's pages.
var areaLinks = []auth.Link{
	{Path: "/twincities", Key: "twincities.nav.list", Perm: auth.AreaTwinCities},
	{Path: "/twincities/overview", Key: "twincities.nav.overview", Perm: auth.AreaTwinCities},
	{Path: "/twincities/greetings", Key: "twincities.nav.greetings", Perm: auth.AreaTwinCities},
	{Path: "/twincities/print", Key: "twincities.nav.print", Perm: auth.AreaTwinCities},
	{Path: "/twincities/new", Key: "twincities.nav.new", Perm: auth.TwinCitiesEdit},
}

func agreementURL(id int64) string { return "/twincities/" + strconv.FormatInt(id, 10) }

func idStr(id int64) string { return strconv.FormatInt(id, 10) }
