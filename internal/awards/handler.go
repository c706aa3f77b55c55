package awards

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/alexedwards/scs/v2"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/contacts"
	"github.com/daugavpils/prdesk/internal/files"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/jobs"
	"github.com/daugavpils/prdesk/internal/ratelimit"
	"github.com/daugavpils/prdesk/internal/web"
)

// Deps is what the area needs from the app.
type Deps struct {
	Pool     *pgxpool.Pool
	Sessions *scs.SessionManager
	Files    *files.Store
	Jobs     *jobs.Client // queues the outbox's mail; nil sends none
	// Contacts is the directory nominees, nominators and commission
	// members who are not users are picked from.
	Contacts *contacts.Store
	Now      func() time.Time
}

// Handler serves /awards and the public nomination form.
type Handler struct {
	store       *Store
	files       *files.Store
	contacts    *contacts.Store
	sessions    *scs.SessionManager
	now         func() time.Time
	publicLimit *ratelimit.Limiter
}

// The public nomination form: a client address may post publicBurst forms
// a minute.
const (
	publicBurst  = 10
	publicPeriod = time.Minute
)

// NewHandler wires the area, and tells the directory how its cards show
// what a contact is to a nomination or a commission.
func NewHandler(d Deps) *Handler {
	if d.Contacts != nil {
		d.Contacts.RegisterArea("awards", contacts.UseArea{
			Perm: auth.AreaAwards,
			// A nomination's uses name it by id; a round's (commission
			// members, ceremony guests and invitations) as "round-<id>".
			Link: func(ref string) string {
				if id, ok := strings.CutPrefix(ref, "round-"); ok {
					return "/awards/rounds/" + id
				}
				return "/awards/nominations/" + ref
			},
			Text: func(ctx context.Context, kind string) string { return i18n.T(ctx, "awards.use."+kind) },
		})
	}
	return &Handler{store: NewStore(d), contacts: d.Contacts, files: d.Files, sessions: d.Sessions, now: d.Now,
		publicLimit: ratelimit.New(publicBurst, publicPeriod, d.Now)}
}

// Store is the handler's store.
func (h *Handler) Store() *Store { return h.store }

// Routes registers every route of the area. The department and the
// director read it; the department's staff and head keep it
// (awards.edit); commission members score (awards.score).
func (h *Handler) Routes(m *auth.Mux) {
	// The rounds (rounds.go) and the award types with their statutes (types.go).
	m.Get("/awards", auth.AreaAwards, h.rounds)
	m.Get("/awards/types", auth.AreaAwards, h.types)
	m.Get("/awards/types/new", auth.AwardsEdit, h.newTypePage)
	m.Post("/awards/types", auth.AwardsEdit, h.createType)
	m.Get("/awards/types/{id}/edit", auth.AwardsEdit, h.editTypePage)
	m.Post("/awards/types/{id}/edit", auth.AwardsEdit, h.updateType)
	m.Get("/awards/rounds/new", auth.AwardsEdit, h.newRoundPage)
	m.Post("/awards/rounds", auth.AwardsEdit, h.createRound)
	m.Get("/awards/rounds/{id}", auth.AreaAwards, h.roundCard)
	m.Get("/awards/rounds/{id}/edit", auth.AwardsEdit, h.editRoundPage)
	m.Post("/awards/rounds/{id}/edit", auth.AwardsEdit, h.updateRound)
	m.Post("/awards/rounds/{id}/advance", auth.AwardsEdit, h.advance)
	m.Get("/awards/rounds/{id}/calendar.ics", auth.AreaAwards, h.ical)

	// The nominations (nominations.go): entered by staff under a round;
	// the list across rounds with its exports (list.go).
	m.Get("/awards/nominations", auth.AreaAwards, h.list)
	m.Get("/awards/nominations/export.csv", auth.AreaAwards, h.exportCSV)
	m.Get("/awards/nominations/export.xlsx", auth.AreaAwards, h.exportXLSX)
	m.Get("/awards/rounds/{id}/nominations/new", auth.AwardsEdit, h.newNominationPage)
	m.Post("/awards/rounds/{id}/nominations", auth.AwardsEdit, h.createNomination)
	m.Get("/awards/nominations/{id}", auth.AreaAwards, h.nominationCard)
	m.Get("/awards/nominations/{id}/edit", auth.AwardsEdit, h.editNominationPage)
	m.Post("/awards/nominations/{id}/edit", auth.AwardsEdit, h.updateNomination)
	m.Get("/awards/nominations/{id}/files/{fileID}", auth.AreaAwards, h.nominationFile)

	// The commission (commission.go): members per round; each member's
	// scoring pages, where a conflict is declared before a nomination is
	// shown, and the nomination is opened and scored.
	m.Post("/awards/rounds/{id}/members", auth.AwardsEdit, h.addMember)
	m.Post("/awards/members/{id}/present", auth.AwardsEdit, h.setPresent)
	m.Get("/awards/scoring", auth.AwardsScore, h.myRounds)
	m.Get("/awards/scoring/{member}", auth.AwardsScore, h.scoringPage)
	m.Post("/awards/scoring/{member}/declare", auth.AwardsScore, h.declare)
	m.Get("/awards/scoring/{member}/nominations/{nomination}", auth.AwardsScore, h.scorePage)
	m.Post("/awards/scoring/{member}/nominations/{nomination}", auth.AwardsScore, h.saveScores)
	m.Get("/awards/scoring/{member}/nominations/{nomination}/files/{fileID}", auth.AwardsScore, h.scoredFile)

	// The minutes and the decision, the laureates' register with its
	// printable public list, and the diplomas (documents.go, register.go).
	m.Get("/awards/rounds/{id}/minutes.pdf", auth.AreaAwards, h.minutes)
	m.Get("/awards/rounds/{id}/decision", auth.AwardsEdit, h.decisionPage)
	m.Post("/awards/rounds/{id}/decision", auth.AwardsEdit, h.decide)
	m.Get("/awards/register", auth.AreaAwards, h.register)
	m.Get("/awards/register/print", auth.AreaAwards, h.registerPrint)
	m.Get("/awards/nominations/{id}/diploma.pdf", auth.AreaAwards, h.diploma)

	// The ceremony: guests with their seats, and the invitations (ceremony.go).
	m.Get("/awards/rounds/{id}/ceremony", auth.AreaAwards, h.ceremony)
	m.Post("/awards/rounds/{id}/ceremony/guests", auth.AwardsEdit, h.addGuests)
	m.Post("/awards/rounds/{id}/ceremony/invite", auth.AwardsEdit, h.invite)
	m.Post("/awards/guests/{id}/seat", auth.AwardsEdit, h.setSeat)

	// Removing nominations' personal data after the period staff set (retention.go).
	m.Get("/awards/retention", auth.AwardsEdit, h.retentionPage)
	m.Post("/awards/retention", auth.AwardsEdit, h.setRetention)
	m.Post("/awards/retention/run", auth.AwardsEdit, h.retentionRun)

	// The public nomination form at a round's own link (public.go).
	m.Get("/nominate/{token}", auth.Public, h.publicPage)
	m.Post("/nominate/{token}", auth.Public, h.publicNominate)
}

// areaLinks are the area's pages.
var areaLinks = []auth.Link{
	{Path: "/awards", Key: "awards.nav.rounds", Perm: auth.AreaAwards},
	{Path: "/awards/nominations", Key: "awards.nav.nominations", Perm: auth.AreaAwards},
	{Path: "/awards/register", Key: "awards.nav.register", Perm: auth.AreaAwards},
	{Path: "/awards/types", Key: "awards.nav.types", Perm: auth.AreaAwards},
	{Path: "/awards/scoring", Key: "awards.nav.scoring", Perm: auth.AwardsScore},
	{Path: "/awards/rounds/new", Key: "awards.nav.new_round", Perm: auth.AwardsEdit},
	{Path: "/awards/retention", Key: "awards.nav.retention", Perm: auth.AwardsEdit},
}

func roundURL(id int64) string { return "/awards/rounds/" + idStr(id) }

func idStr(id int64) string { return strconv.FormatInt(id, 10) }

func canEdit(ctx context.Context) bool { return auth.UserFrom(ctx).Can(auth.AwardsEdit) }

func (h *Handler) pathRound(r *http.Request) (Round, error) {
	id, err := web.PathID(r, "id")
	if err != nil {
		return Round{}, err
	}
	return h.store.Round(r.Context(), id)
}
