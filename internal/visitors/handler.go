package visitors

import (
	"net/http"
	"time"

	"github.com/alexedwards/scs/v2"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/calendar"
	"github.com/daugavpils/prdesk/internal/contacts"
	"github.com/daugavpils/prdesk/internal/jobs"
)

// Deps is what the area needs from the app.
type Deps struct {
	Pool     *pgxpool.Pool
	Sessions *scs.SessionManager
	Jobs     *jobs.Client    // inserts confirmation mail jobs; nil sends none
	Calendar *calendar.Store // the working-day calendar, kept for the whole app
	Contacts *contacts.Store // the directory, where an official's person is picked; nil leaves the pick unchecked by name
	Now      func() time.Time
}

// Handler serves /visitors.
type Handler struct {
	store    *Store
	sessions *scs.SessionManager
	contacts *contacts.Store
	now      func() time.Time
}

// NewHandler wires the area.
func NewHandler(d Deps) *Handler {
	return &Handler{store: NewStore(d), sessions: d.Sessions, contacts: d.Contacts, now: d.Now}
}

// Routes registers every route of the area. The route's permission is who
// may open the page at all; whose bookings and queue an official (the chair,
// a deputy) may see and serve is decided per request (visibleOfficials,
// visibleBooking, mayServe), as it depends on the account's official.
func (h *Handler) Routes(m *auth.Mux) {
	// The day's bookings (day.go), booking a visitor (book.go), one
	// booking's card and its printed slip (booking.go).
	m.Get("/visitors", auth.AreaVisitors, h.day)
	m.Get("/visitors/book", auth.AreaVisitors, h.bookPage)
	m.Post("/visitors/book", auth.VisitorsBook, h.book)
	m.Get("/visitors/bookings/{id}", auth.AreaVisitors, h.booking)
	m.Get("/visitors/bookings/{id}/slip", auth.VisitorsBook, h.slip)

	// The reception day: check-in, walk-ins, calling the next visitor (and
	// again) and the outcome (queue.go); the official calls and closes their
	// own. The page polls its fragment. A visitor who went away unseen and a
	// ticket handed to another official are the front desk's; the registry's
	// form for a written submission starts from a draft on the server; the
	// person who took a step may undo it for a few minutes.
	m.Get("/visitors/queue", auth.AreaVisitors, h.queuePage)
	m.Get("/visitors/queue/fragment", auth.AreaVisitors, h.queueFragment)
	m.Post("/visitors/bookings/{id}/checkin", auth.VisitorsBook, h.checkIn)
	m.Post("/visitors/queue/walkins", auth.VisitorsBook, h.walkIn)
	m.Post("/visitors/queue/call", auth.AreaVisitors, h.callNext)
	m.Post("/visitors/queue/{id}/recall", auth.AreaVisitors, h.recall)
	m.Post("/visitors/queue/{id}/outcome", auth.AreaVisitors, h.outcome)
	m.Post("/visitors/queue/{id}/left", auth.VisitorsBook, h.left)
	m.Post("/visitors/queue/{id}/transfer", auth.VisitorsBook, h.transfer)
	m.Post("/visitors/queue/{id}/submission", auth.PetitionsRegister, h.submission)
	m.Post("/visitors/steps/{id}/undo", auth.AreaVisitors, h.undo)
	// The waiting room's board and the fragment it polls (board.go).
	m.Get("/visitors/board", auth.AreaVisitors, h.board)
	m.Get("/visitors/board/fragment", auth.AreaVisitors, h.boardFragment)

	// Changing a booking, cancelling a day's reception and the list of the
	// visitors to call (changes.go).
	m.Get("/visitors/bookings/{id}/change", auth.VisitorsBook, h.changePage)
	m.Post("/visitors/bookings/{id}/move", auth.VisitorsBook, h.moveBooking)
	m.Post("/visitors/bookings/{id}/cancel", auth.VisitorsBook, h.cancelBooking)
	m.Post("/visitors/bookings/{id}/noshow", auth.VisitorsBook, h.noShow)
	m.Get("/visitors/sessions/cancel", auth.VisitorsBook, h.cancelSessionPage)
	m.Post("/visitors/sessions/cancel", auth.VisitorsBook, h.cancelSession)
	m.Get("/visitors/cancellations/{id}", auth.VisitorsBook, h.callList)
	m.Post("/visitors/cancellations/{id}/bookings", auth.VisitorsBook, h.cancelRemaining)

	// The waiting list holds personal data: the bookers' (waitlist.go).
	m.Get("/visitors/waitlist", auth.VisitorsBook, h.waitlistPage)
	m.Post("/visitors/waitlist", auth.VisitorsBook, h.addWaiting)
	m.Post("/visitors/waitlist/{id}/remove", auth.VisitorsBook, h.removeWaiting)

	// The visitor log names people, so it is the bookers' (log.go); its
	// counts are anyone's with visitors.stats, the director included
	// (stats.go); the retention of visitors' details is staff's (retention.go).
	m.Get("/visitors/log", auth.VisitorsBook, h.logPage)
	m.Get("/visitors/log.csv", auth.VisitorsBook, h.logExport)
	m.Post("/visitors/log", auth.VisitorsBook, h.logVisit)
	m.Post("/visitors/log/{id}/out", auth.VisitorsBook, h.logOut)
	m.Get("/visitors/stats", auth.VisitorsStats, h.statsPage)
	m.Get("/visitors/retention", auth.VisitorsManage, h.retentionPage)
	m.Post("/visitors/retention", auth.VisitorsManage, h.setRetention)

	// The officials and their reception hours, kept by staff and the head:
	// the officials (officials.go), their rules (rules.go), one-off sessions
	// (extras.go), cancelled dates (cancellations.go) and the address of
	// their calendar feed (officials.go).
	m.Get("/visitors/officials", auth.VisitorsManage, h.officialsPage)
	m.Get("/visitors/officials/new", auth.VisitorsManage, h.newOfficialPage)
	m.Post("/visitors/officials", auth.VisitorsManage, h.createOfficial)
	m.Get("/visitors/officials/{id}", auth.VisitorsManage, h.officialPage)
	m.Get("/visitors/officials/{id}/edit", auth.VisitorsManage, h.editOfficialPage)
	m.Post("/visitors/officials/{id}/edit", auth.VisitorsManage, h.updateOfficial)
	m.Get("/visitors/officials/{id}/rules/new", auth.VisitorsManage, h.newRulePage)
	m.Post("/visitors/officials/{id}/rules", auth.VisitorsManage, h.createRule)
	m.Get("/visitors/rules/{id}/edit", auth.VisitorsManage, h.editRulePage)
	m.Post("/visitors/rules/{id}/edit", auth.VisitorsManage, h.updateRule)
	m.Post("/visitors/rules/{id}/end", auth.VisitorsManage, h.endRule)
	m.Get("/visitors/officials/{id}/extras/new", auth.VisitorsManage, h.newExtraPage)
	m.Post("/visitors/officials/{id}/extras", auth.VisitorsManage, h.createExtra)
	m.Post("/visitors/officials/{id}/extras/{eid}/delete", auth.VisitorsManage, h.deleteExtra)
	m.Get("/visitors/officials/{id}/cancellations/new", auth.VisitorsManage, h.newCancellationPage)
	m.Post("/visitors/officials/{id}/cancellations", auth.VisitorsManage, h.createCancellation)
	m.Post("/visitors/officials/{id}/cancellations/{cid}/delete", auth.VisitorsManage, h.deleteCancellation)
	m.Post("/visitors/officials/{id}/ical", auth.VisitorsManage, h.regenerateFeed)

	// The published month and the deputies' frequency hold no personal
	// data: anyone with the area may read them (publish.go).
	m.Get("/visitors/hours/print", auth.AreaVisitors, h.printHours)
	m.Get("/visitors/hours.csv", auth.AreaVisitors, h.hoursCSV)
	m.Get("/visitors/frequency", auth.AreaVisitors, h.frequencyPage)

	// An official's calendar feed: the token in the address is the
	// credential, as a calendar cannot sign in (ical.go).
	m.Get("/visitors/ical/{token}.ics", auth.Public, h.feed)
}

// canBook: the front desk, the department's staff and its head book; an
// official (management, deputy) only sees their own.
func canBook(u *auth.User) bool { return u.Can(auth.VisitorsBook) }

// visibleOfficials are the officials whose bookings u may see; all is true
// for the bookers.
func (h *Handler) visibleOfficials(r *http.Request) (ids map[int64]bool, all bool, err error) {
	u := auth.UserFrom(r.Context())
	if canBook(u) {
		return nil, true, nil
	}
	own, err := h.store.OfficialsOfUser(r.Context(), u.ID)
	if err != nil {
		return nil, false, err
	}
	ids = map[int64]bool{}
	for _, o := range own {
		ids[o.ID] = true
	}
	return ids, false, nil
}

// mayServe tells whether the viewer may call and close tickets of official:
// the bookers may for everyone, an official for themself.
func (h *Handler) mayServe(r *http.Request, officialID int64) (bool, error) {
	ids, all, err := h.visibleOfficials(r)
	return all || ids[officialID], err
}
