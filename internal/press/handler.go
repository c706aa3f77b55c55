package press

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
	"github.com/daugavpils/prdesk/internal/ratelimit"
)

// Deps is what the area needs from the app.
type Deps struct {
	Pool     *pgxpool.Pool
	Sessions *scs.SessionManager
	Files    *files.Store
	Jobs     *jobs.Client
	// Contacts is the directory the contact person is picked from; the
	// area records their part in it.
	Contacts *contacts.Store
	Now      func() time.Time
}

// Handler serves /press.
type Handler struct {
	store    *Store
	contacts *contacts.Store
	sessions *scs.SessionManager
	files    *files.Store
	now      func() time.Time
	// newsLimit holds the public newsroom's pages per client address,
	// accreditLimit the public accreditation forms posted.
	newsLimit     *ratelimit.Limiter
	accreditLimit *ratelimit.Limiter
}

// NewHandler wires the area, and tells the directory how its cards show
// what a contact is to a release.
func NewHandler(d Deps) *Handler {
	if d.Contacts != nil {
		d.Contacts.RegisterArea("press", contacts.UseArea{
			Perm: auth.AreaPress,
			Link: func(ref string) string { return "/press/" + ref },
			Text: func(ctx context.Context, kind string) string { return i18n.T(ctx, "press.use."+kind) },
		})
	}
	return &Handler{store: NewStore(d), contacts: d.Contacts, files: d.Files, sessions: d.Sessions, now: d.Now,
		newsLimit: ratelimit.New(newsBurst, newsPeriod, d.Now), accreditLimit: ratelimit.New(accreditBurst, accreditPeriod, d.Now)}
}

// Routes registers every route of the area. The department reads and
// writes releases; the head approves them.
func (h *Handler) Routes(m *auth.Mux) {
	// The releases: the list with its exports (list.go), the form that
	// writes one (release.go), its card (card.go), its versions and their
	// comparison (versions.go).
	m.Get("/press", auth.AreaPress, h.list)
	m.Get("/press/export.csv", auth.AreaPress, h.exportCSV)
	m.Get("/press/export.xlsx", auth.AreaPress, h.exportXLSX)
	m.Get("/press/new", auth.PressEdit, h.newPage)
	m.Get("/press/approval", auth.PressApprove, h.approvals)
	m.Post("/press", auth.PressEdit, h.create)
	m.Get("/press/{id}", auth.AreaPress, h.card)
	m.Get("/press/{id}/edit", auth.PressEdit, h.editPage)
	m.Post("/press/{id}/edit", auth.PressEdit, h.update)
	m.Get("/press/{id}/versions/{no}", auth.AreaPress, h.versionPage)
	m.Get("/press/{id}/compare", auth.AreaPress, h.compare)

	// Approval (review.go): the author sends it to the head or takes it
	// back; the head approves or returns it with comments.
	m.Post("/press/{id}/submit", auth.PressEdit, h.submit)
	m.Post("/press/{id}/withdraw", auth.PressEdit, h.withdraw)
	m.Post("/press/{id}/approve", auth.PressApprove, h.approve)
	m.Post("/press/{id}/return", auth.PressApprove, h.returnIt)

	// Sending the approved release (send.go): the form, its preview of who
	// it reaches, at once or at a planned time; a planned one cancelled; a
	// resend to those a sending failed for; each recipient's delivery.
	m.Get("/press/{id}/send", auth.PressEdit, h.sendPage)
	m.Post("/press/{id}/send/preview", auth.PressEdit, h.preview)
	m.Post("/press/{id}/send", auth.PressEdit, h.send)
	m.Post("/press/{id}/send/cancel", auth.PressEdit, h.cancelSend)
	m.Post("/press/{id}/sendings/{sid}/resend", auth.PressEdit, h.resend)
	m.Get("/press/{id}/deliveries", auth.AreaPress, h.deliveries)

	// Press conferences and media events (events.go): the list, the form,
	// the card with the journalists accredited, the door list, and the
	// calendar of events (ical.go).
	m.Get("/press/events", auth.AreaPress, h.events)
	m.Get("/press/events/new", auth.PressEdit, h.newEventPage)
	m.Post("/press/events", auth.PressEdit, h.createEvent)
	m.Get("/press/events/calendar.ics", auth.AreaPress, h.eventsCalendar)
	m.Get("/press/events/{id}", auth.AreaPress, h.eventCard)
	m.Get("/press/events/{id}/edit", auth.PressEdit, h.editEventPage)
	m.Post("/press/events/{id}/edit", auth.PressEdit, h.updateEvent)
	m.Get("/press/events/{id}/door", auth.AreaPress, h.doorList)
	m.Get("/press/events/{id}/invite", auth.PressEdit, h.invitePage)
	m.Post("/press/events/{id}/invite/preview", auth.PressEdit, h.invitePreview)
	m.Post("/press/events/{id}/invite", auth.PressEdit, h.invite)
	m.Post("/press/events/{id}/accreditations", auth.PressEdit, h.staffAccredit)
	m.Post("/press/events/{id}/accreditations/{aid}/attended", auth.PressEdit, h.attended)
	m.Post("/press/events/{id}/accreditations/{aid}/match", auth.PressEdit, h.match)

	// Journalists' interview requests (interviews.go).
	m.Get("/press/interviews", auth.AreaPress, h.interviews)
	m.Get("/press/interviews/export.csv", auth.AreaPress, h.exportInterviewsCSV)
	m.Get("/press/interviews/export.xlsx", auth.AreaPress, h.exportInterviewsXLSX)
	m.Get("/press/interviews/new", auth.PressEdit, h.newInterviewPage)
	m.Post("/press/interviews", auth.PressEdit, h.createInterview)
	m.Get("/press/interviews/{id}", auth.AreaPress, h.interviewCard)
	m.Get("/press/interviews/{id}/edit", auth.PressEdit, h.editInterviewPage)
	m.Post("/press/interviews/{id}/edit", auth.PressEdit, h.updateInterview)

	// A release's photos and documents (attachments.go).
	m.Post("/press/{id}/files", auth.PressEdit, h.attach)
	m.Get("/press/{id}/files/{fileID}", auth.AreaPress, h.attachment)
	m.Post("/press/{id}/files/{fileID}/remove", auth.PressEdit, h.detach)

	// Official greetings, statements and speeches (official_texts.go).
	m.Get("/press/texts", auth.AreaPress, h.officialTexts)
	m.Get("/press/texts/export.csv", auth.AreaPress, h.exportOfficialCSV)
	m.Get("/press/texts/export.xlsx", auth.AreaPress, h.exportOfficialXLSX)
	m.Get("/press/texts/new", auth.PressEdit, h.newOfficialPage)
	m.Post("/press/texts", auth.PressEdit, h.createOfficial)
	m.Get("/press/texts/{id}", auth.AreaPress, h.officialCard)
	m.Get("/press/texts/{id}/edit", auth.PressEdit, h.editOfficialPage)
	m.Post("/press/texts/{id}/edit", auth.PressEdit, h.updateOfficial)
	m.Get("/press/texts/{id}/versions/{no}", auth.AreaPress, h.officialVersion)
	m.Get("/press/texts/{id}/compare", auth.AreaPress, h.officialCompare)
	m.Post("/press/texts/{id}/submit", auth.PressEdit, h.submitOfficial)
	m.Post("/press/texts/{id}/approve", auth.PressApprove, h.approveOfficial)
	m.Post("/press/texts/{id}/return", auth.PressApprove, h.returnOfficial)
	m.Post("/press/texts/{id}/deliver", auth.PressEdit, h.deliverOfficial)

	// Statements in an emergency (statements.go): the head declares an
	// emergency, changes it and ends it; a unit's staff member (or the
	// department for them) submits a statement and sees their own; the
	// department decides on it against the target time; the board, and the
	// timeline for the review afterwards.
	m.Get("/press/emergencies", auth.AreaPress, h.emergencies)
	m.Get("/press/emergencies/new", auth.PressEmergency, h.newEmergencyPage)
	m.Post("/press/emergencies", auth.PressEmergency, h.declareEmergency)
	m.Get("/press/emergencies/{id}", auth.AreaPress, h.emergencyBoard)
	m.Get("/press/emergencies/{id}/edit", auth.PressEmergency, h.editEmergencyPage)
	m.Post("/press/emergencies/{id}/edit", auth.PressEmergency, h.updateEmergency)
	m.Get("/press/emergencies/{id}/end", auth.PressEmergency, h.endEmergencyPage)
	m.Post("/press/emergencies/{id}/end", auth.PressEmergency, h.endEmergency)
	m.Get("/press/emergencies/{id}/timeline", auth.AreaPress, h.emergencyTimeline)
	m.Get("/press/statements", auth.PressStatementSubmit, h.statements)
	m.Get("/press/statements/new", auth.PressStatementSubmit, h.newStatementPage)
	m.Post("/press/statements", auth.PressStatementSubmit, h.submitStatement)
	m.Get("/press/statements/{id}", auth.PressStatementSubmit, h.statementCard)
	m.Post("/press/statements/{id}/decide", auth.PressStatementDecide, h.decideStatement)

	// Retention of the area's personal data (retention.go): the head sets
	// the periods, sees the counts and runs it; a job runs it nightly.
	m.Get("/press/retention", auth.PressRetention, h.retentionPage)
	m.Post("/press/retention", auth.PressRetention, h.setRetention)
	m.Post("/press/retention/run", auth.PressRetention, h.retentionRun)

	// A journalist's accreditation at the event's own link (accreditation.go).
	m.Get("/accreditation/{token}", auth.Public, h.publicAccreditation)
	m.Post("/accreditation/{token}", auth.Public, h.publicAccredit)

	// The public newsroom (news.go): what was published, for anyone.
	m.Get("/news", auth.Public, h.newsList)
	m.Get("/news/feed.atom", auth.Public, h.feed)
	m.Get("/news/{id}", auth.Public, h.newsItem)
	m.Get("/news/{id}/files/{fileID}", auth.Public, h.newsFile)
}

// areaLinks are the area's pages.
var areaLinks = []auth.Link{
	{Path: "/press", Key: "press.nav.releases", Perm: auth.AreaPress},
	{Path: "/press/approval", Key: "press.nav.approval", Perm: auth.PressApprove},
	{Path: "/press/events", Key: "press.nav.events", Perm: auth.AreaPress},
	{Path: "/press/interviews", Key: "press.nav.interviews", Perm: auth.AreaPress},
	{Path: "/press/texts", Key: "press.nav.texts", Perm: auth.AreaPress},
	{Path: "/press/emergencies", Key: "press.nav.emergencies", Perm: auth.AreaPress},
	{Path: "/press/statements", Key: "press.nav.statements", Perm: auth.PressStatementSubmit},
	{Path: "/press/new", Key: "press.nav.new", Perm: auth.PressEdit},
	{Path: "/press/retention", Key: "press.nav.retention", Perm: auth.PressRetention},
}

func releaseURL(id int64) string { return "/press/" + strconv.FormatInt(id, 10) }

func idStr(id int64) string { return strconv.FormatInt(id, 10) }
