package contacts

import (
	"strconv"
	"time"

	"github.com/alexedwards/scs/v2"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/jobs"
)

// Deps is what the area needs from the app.
type Deps struct {
	Pool     *pgxpool.Pool
	Sessions *scs.SessionManager
	Now      func() time.Time
	// Store is the directory other areas were given (RegisterArea, RecordUse);
	// nil builds one.
	Store *Store
	// Jobs takes a large retention run off the request; nil runs it there.
	Jobs *jobs.Client
}

// Handler serves /contacts.
type Handler struct {
	store    *Store
	sessions *scs.SessionManager
	now      func() time.Time
	jobs     *jobs.Client
}

// NewHandler wires the area.
func NewHandler(d Deps) *Handler {
	s := d.Store
	if s == nil {
		s = NewStore(d)
	}
	return &Handler{store: s, sessions: d.Sessions, now: d.Now, jobs: d.Jobs}
}

// Store is the area's store, for the app to hand to other areas.
func (h *Handler) Store() *Store { return h.store }

// Routes registers every route of the area. Reading the directory (and
// picking from it in other areas' forms) is area.contacts: the
// department's people and the front desk; keeping it is contacts.edit:
// the department's staff and head.
func (h *Handler) Routes(m *auth.Mux) {
	// The list with its search and filters (list.go), one contact's card
	// (card.go), the forms that add and edit one (edit.go).
	m.Get("/contacts", auth.AreaContacts, h.list)
	m.Get("/contacts/new", auth.ContactsEdit, h.newPage)
	m.Post("/contacts", auth.ContactsEdit, h.create)
	m.Get("/contacts/{id}", auth.AreaContacts, h.card)
	m.Get("/contacts/{id}/edit", auth.ContactsEdit, h.editPage)
	m.Post("/contacts/{id}/edit", auth.ContactsEdit, h.update)

	// Possible duplicates, and merging two records into one (merge.go).
	m.Get("/contacts/duplicates", auth.ContactsEdit, h.duplicatesPage)
	m.Get("/contacts/merge", auth.ContactsEdit, h.mergePage)
	m.Post("/contacts/merge", auth.ContactsEdit, h.merge)

	// A person's places in organisations (memberships.go).
	m.Post("/contacts/{id}/memberships", auth.ContactsEdit, h.addMembership)
	m.Post("/contacts/memberships/{id}/end", auth.ContactsEdit, h.endMembership)

	// The lookup other areas' forms use: the typeahead's fragment, and the
	// same search as a page of its own without JavaScript (lookup.go).
	m.Get("/contacts/lookup", auth.AreaContacts, h.lookupPage)
	m.Get("/contacts/lookup/options", auth.AreaContacts, h.lookupOptions)
	// "Create new" in place, under a lookup (quick.go).
	m.Get("/contacts/lookup/new", auth.ContactsEdit, h.quickNew)
	m.Post("/contacts/lookup/new", auth.ContactsEdit, h.quickCreate)

	// Retention of people's data (retention.go): the department sees the
	// preview; the head sets the periods and runs it.
	m.Get("/contacts/retention", auth.ContactsEdit, h.retentionPage)
	m.Post("/contacts/retention", auth.ContactsRetention, h.setRetention)
	m.Post("/contacts/retention/run", auth.ContactsRetention, h.retentionRun)

	// Mailing lists (lists.go).
	h.listRoutes(m)

	// The list as the filter stands, as a file (export.go); importing a
	// file: upload, a preview with the columns' mapping and each row's
	// verdict, then one confirmed save (import.go).
	m.Get("/contacts/export.csv", auth.ContactsEdit, h.exportCSV)
	m.Get("/contacts/export.xlsx", auth.ContactsEdit, h.exportXLSX)
	m.Get("/contacts/export.vcf", auth.ContactsEdit, h.exportVCard)
	m.Get("/contacts/import", auth.ContactsEdit, h.importPage)
	m.Post("/contacts/import", auth.ContactsEdit, h.upload)
	m.Get("/contacts/import/preview", auth.ContactsEdit, h.preview)
	m.Post("/contacts/import/mapping", auth.ContactsEdit, h.remap)
	m.Post("/contacts/import/confirm", auth.ContactsEdit, h.confirm)
	m.Post("/contacts/import/discard", auth.ContactsEdit, h.discard)
}

func idStr(id int64) string { return strconv.FormatInt(id, 10) }

func contactURL(id int64) string { return "/contacts/" + idStr(id) }
