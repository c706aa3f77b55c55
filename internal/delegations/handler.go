package delegations

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
	Jobs     *jobs.Client // queues mail; nil sends none
	// Contacts is the directory the organisations and guests are picked
	// from; the area records their part in it.
	Contacts *contacts.Store
	// Busy gives the officials' reception hours (the visitors' area); nil
	// warns only of clashes between programme items.
	Busy BusyTimes
	Now  func() time.Time
	// BaseURL is the product's address, for the links in mail.
	BaseURL string
	// Twins takes a visit done to or from a twin city into its cooperation
	// log; nil logs nothing.
	Twins TwinLog
}

// Handler serves /delegations.
type Handler struct {
	store    *Store
	files    *files.Store
	contacts *contacts.Store
	sessions *scs.SessionManager
	now      func() time.Time
	baseURL  string
}

// NewHandler wires the area, and tells the directory how its cards show
// what a contact is to a delegation.
func NewHandler(d Deps) *Handler {
	if d.Contacts != nil {
		d.Contacts.RegisterArea("delegations", contacts.UseArea{
			Perm: auth.AreaDelegations,
			Link: func(ref string) string { return "/delegations/" + ref },
			Text: func(ctx context.Context, kind string) string { return i18n.T(ctx, "delegations.use."+kind) },
		})
	}
	return &Handler{store: NewStore(d), contacts: d.Contacts, files: d.Files, sessions: d.Sessions, now: d.Now, baseURL: d.BaseURL}
}

// Store is the handler's store.
func (h *Handler) Store() *Store { return h.store }

// Routes registers every route of the area. The department and the
// director read everything; the department's staff and head keep the
// delegations (delegations.edit); the head keeps the checklist templates,
// the gift threshold and the retention (delegations.manage).
func (h *Handler) Routes(m *auth.Mux) {
	// The list with its exports (list.go), one delegation's card (card.go)
	// and the form that registers or edits one (form.go).
	m.Get("/delegations", auth.AreaDelegations, h.list)
	m.Get("/delegations/export.csv", auth.AreaDelegations, h.exportCSV)
	m.Get("/delegations/export.xlsx", auth.AreaDelegations, h.exportXLSX)
	m.Get("/delegations/new", auth.DelegationsEdit, h.newPage)
	m.Post("/delegations", auth.DelegationsEdit, h.create)
	m.Get("/delegations/{id}", auth.AreaDelegations, h.card)
	m.Get("/delegations/{id}/edit", auth.DelegationsEdit, h.editPage)
	m.Post("/delegations/{id}/edit", auth.DelegationsEdit, h.update)

	// The people (people.go): ours and the guests or hosts.
	m.Post("/delegations/{id}/people", auth.DelegationsEdit, h.addPerson)
	m.Get("/delegations/people/{id}/edit", auth.DelegationsEdit, h.editPersonPage)
	m.Post("/delegations/people/{id}/edit", auth.DelegationsEdit, h.updatePerson)
	m.Post("/delegations/people/{id}/delete", auth.DelegationsEdit, h.removePerson)

	// The programme by day and hour (programme.go), with its clashes, its
	// printable PDF in Latvian and English and its iCalendar file.
	m.Get("/delegations/{id}/programme", auth.AreaDelegations, h.programme)
	m.Post("/delegations/{id}/programme", auth.DelegationsEdit, h.addItem)
	m.Get("/delegations/{id}/programme.pdf", auth.AreaDelegations, h.programmePDF)
	m.Get("/delegations/{id}/programme.ics", auth.AreaDelegations, h.programmeICal)
	m.Get("/delegations/programme/{id}/edit", auth.DelegationsEdit, h.editItemPage)
	m.Post("/delegations/programme/{id}/edit", auth.DelegationsEdit, h.updateItem)
	m.Post("/delegations/programme/{id}/delete", auth.DelegationsEdit, h.deleteItem)

	// The preparation (prep.go): the checklist, the logistics and the
	// budget; the head's checklist templates; the year's costs.
	m.Get("/delegations/{id}/preparation", auth.AreaDelegations, h.preparation)
	m.Post("/delegations/{id}/checklist/{item}", auth.DelegationsEdit, h.tick)
	m.Post("/delegations/{id}/logistics", auth.DelegationsEdit, h.addLogistics)
	m.Get("/delegations/{id}/logistics/{item}/edit", auth.DelegationsEdit, h.editLogisticsPage)
	m.Post("/delegations/{id}/logistics/{item}/edit", auth.DelegationsEdit, h.updateLogistics)
	m.Post("/delegations/{id}/logistics/{item}/delete", auth.DelegationsEdit, h.deleteLogistics)
	m.Post("/delegations/{id}/budget", auth.DelegationsEdit, h.addBudget)
	m.Get("/delegations/{id}/budget/{item}/edit", auth.DelegationsEdit, h.editBudgetPage)
	m.Post("/delegations/{id}/budget/{item}/edit", auth.DelegationsEdit, h.updateBudget)
	m.Post("/delegations/{id}/budget/{item}/actual", auth.DelegationsEdit, h.setActual)
	m.Post("/delegations/{id}/budget/{item}/delete", auth.DelegationsEdit, h.deleteBudget)
	m.Get("/delegations/checklists", auth.DelegationsManage, h.templates)
	m.Post("/delegations/checklists", auth.DelegationsManage, h.addTemplate)
	m.Post("/delegations/checklists/{id}/delete", auth.DelegationsManage, h.deleteTemplate)
	m.Get("/delegations/budget", auth.AreaDelegations, h.budgetYear)

	// The gifts (gifts.go): a delegation's, the register across them, the
	// handover of those above the head's threshold, and the head's settings.
	m.Get("/delegations/{id}/gifts", auth.AreaDelegations, h.gifts)
	m.Post("/delegations/{id}/gifts", auth.DelegationsEdit, h.addGift)
	m.Get("/delegations/gifts/{id}/edit", auth.DelegationsEdit, h.editGiftPage)
	m.Post("/delegations/gifts/{id}/edit", auth.DelegationsEdit, h.updateGift)
	m.Post("/delegations/gifts/{id}/handover", auth.DelegationsEdit, h.setHandover)
	m.Get("/delegations/gifts/{id}/photo/{fileID}", auth.AreaDelegations, h.giftPhoto)
	m.Get("/delegations/gifts", auth.AreaDelegations, h.giftRegister)
	m.Get("/delegations/settings", auth.DelegationsManage, h.settingsPage)
	m.Post("/delegations/settings", auth.DelegationsManage, h.saveSettings)
	m.Get("/delegations/retention", auth.DelegationsManage, h.retentionPage)

	// A participant's own calendar of the programme items they take part
	// in (feed.go): its secret address is made on the page, and read by a
	// calendar application without signing in.
	m.Get("/delegations/feed", auth.AreaDelegations, h.feedPage)
	m.Post("/delegations/feed", auth.AreaDelegations, h.newFeed)
	m.Get("/delegations/ical/{token}", auth.Public, h.feed)
	m.Post("/delegations/retention", auth.DelegationsManage, h.runRetention)

	// After the visit (report.go): the report for the executive director
	// and the follow-up actions.
	m.Get("/delegations/{id}/report", auth.AreaDelegations, h.report)
	m.Post("/delegations/{id}/report", auth.DelegationsEdit, h.saveReport)
	m.Post("/delegations/{id}/followups", auth.DelegationsEdit, h.addFollowUp)
	m.Post("/delegations/{id}/followups/{item}/done", auth.DelegationsEdit, h.doneFollowUp)
}

// areaLinks are the area's pages.
var areaLinks = []auth.Link{
	{Path: "/delegations", Key: "delegations.nav.list", Perm: auth.AreaDelegations},
	{Path: "/delegations/gifts", Key: "delegations.nav.gifts", Perm: auth.AreaDelegations},
	{Path: "/delegations/budget", Key: "delegations.nav.budget", Perm: auth.AreaDelegations},
	{Path: "/delegations/feed", Key: "delegations.nav.feed", Perm: auth.AreaDelegations},
	{Path: "/delegations/new", Key: "delegations.nav.new", Perm: auth.DelegationsEdit},
	{Path: "/delegations/checklists", Key: "delegations.nav.checklists", Perm: auth.DelegationsManage},
	{Path: "/delegations/settings", Key: "delegations.nav.settings", Perm: auth.DelegationsManage},
	{Path: "/delegations/retention", Key: "delegations.nav.retention", Perm: auth.DelegationsManage},
}

func delegationURL(id int64) string { return "/delegations/" + strconv.FormatInt(id, 10) }

func idStr(id int64) string { return strconv.FormatInt(id, 10) }

// userID is the signed-in user's id, or nil.
func userID(ctx context.Context) *int64 {
	if u := auth.UserFrom(ctx); u != nil {
		id := u.ID
		return &id
	}
	return nil
}
