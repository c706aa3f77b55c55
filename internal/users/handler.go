package users

import (
	"net/http"
	"time"

	"github.com/alexedwards/scs/v2"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/web"
)

// Deps are what the account pages need from the app.
type Deps struct {
	Pool     *pgxpool.Pool
	Sessions *scs.SessionManager // flashes, and a new token after a password change
	// Now is the clock, as every area's Deps has it; no account page reads
	// it yet (the database stamps updated_at).
	Now func() time.Time
}

// Handler serves the account administration and the own-account page.
type Handler struct {
	deps     Deps
	store    *Store
	sessions *scs.SessionManager
}

// NewHandler wires the pages.
func NewHandler(d Deps) *Handler {
	return &Handler{deps: d, store: NewStore(d.Pool), sessions: d.Sessions}
}

// Routes registers /admin/users, the head's /admin/access and /account.
func (h *Handler) Routes(m *auth.Mux) {
	m.Get("/admin/users", auth.AdminUsers, h.list)
	m.Get("/admin/users/new", auth.AdminUsers, h.newPage)
	m.Post("/admin/users/new", auth.AdminUsers, h.create)
	m.Get("/admin/users/{id}", auth.AdminUsers, h.editPage)
	m.Post("/admin/users/{id}", auth.AdminUsers, h.update)
	m.Post("/admin/users/{id}/deactivate", auth.AdminUsers, h.setActive(false))
	m.Post("/admin/users/{id}/activate", auth.AdminUsers, h.setActive(true))
	m.Post("/admin/users/{id}/password", auth.AdminUsers, h.resetPassword)
	m.Post("/admin/users/{id}/two-factor/reset", auth.AdminUsers, h.resetTwoFactor)
	m.Get("/admin/access", auth.AccessReview, h.accessList)
	m.Get("/account", auth.SignedIn, h.accountPage)
	m.Post("/account", auth.SignedIn, h.changePassword)
	// The account's second factor (twofactor.go); signing in with it is auth's.
	m.Get("/account/two-factor", auth.SignedIn, h.twoFactorPage)
	m.Post("/account/two-factor", auth.SignedIn, h.enableTwoFactor)
	m.Post("/account/two-factor/disable", auth.SignedIn, h.disableTwoFactor)
	m.Post("/account/two-factor/codes", auth.SignedIn, h.newCodes)
}

// target loads the account named in the path.
func (h *Handler) target(r *http.Request) (*auth.User, error) {
	id, err := web.PathID(r, "id")
	if err != nil {
		return nil, err
	}
	return h.store.Get(r.Context(), id)
}

func hasRole(roles []auth.Role, r auth.Role) bool {
	for _, x := range roles {
		if x == r {
			return true
		}
	}
	return false
}
