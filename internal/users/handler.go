package users

import (
	"errors"
	"log/slog"
	"net/http"
	"strconv"

	"github.com/alexedwards/scs/v2"
	"github.com/go-chi/chi/v5"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/daugavpils/prdesk/internal/audit"
	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/errs"
	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/web"
)

// Handler serves the account administration and the own-account page.
type Handler struct {
	pool     *pgxpool.Pool
	store    *Store
	sessions *scs.SessionManager
}

// NewHandler wires the pages; sessions renews the token after a password change.
func NewHandler(pool *pgxpool.Pool, sessions *scs.SessionManager) *Handler {
	return &Handler{pool: pool, store: NewStore(pool), sessions: sessions}
}

// Routes registers /admin/users and /account.
func (h *Handler) Routes(m *auth.Mux) {
	m.Get("/admin/users", auth.AdminUsers, h.list)
	m.Get("/admin/users/new", auth.AdminUsers, h.newPage)
	m.Post("/admin/users/new", auth.AdminUsers, h.create)
	m.Get("/admin/users/{id}", auth.AdminUsers, h.editPage)
	m.Post("/admin/users/{id}", auth.AdminUsers, h.update)
	m.Post("/admin/users/{id}/deactivate", auth.AdminUsers, h.setActive(false))
	m.Post("/admin/users/{id}/activate", auth.AdminUsers, h.setActive(true))
	m.Post("/admin/users/{id}/password", auth.AdminUsers, h.resetPassword)
	m.Get("/account", auth.SignedIn, h.accountPage)
	m.Post("/account", auth.SignedIn, h.changePassword)
}

type listView struct {
	Users []auth.User
}

type newView struct {
	Form   userForm
	Errors form.Errors
}

type editView struct {
	User     *auth.User // as stored now
	Form     userForm   // as the form shows it
	Version  int
	Errors   form.Errors
	Conflict bool
	Self     bool
}

type accountView struct {
	User   *auth.User
	Errors form.Errors
}

func (h *Handler) list(w http.ResponseWriter, r *http.Request) {
	us, err := h.store.List(r.Context())
	if err != nil {
		web.Error(w, r, err)
		return
	}
	web.Render(w, r, http.StatusOK, listPage(listView{Users: us}))
}

func (h *Handler) newPage(w http.ResponseWriter, r *http.Request) {
	web.Render(w, r, http.StatusOK, newPage(newView{Form: userForm{Active: true}}))
}

func (h *Handler) create(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	in, password := readCreate(f)
	in.Roles = canonicalRoles(in.Roles)
	if f.Errors.Any() {
		web.Render(w, r, http.StatusUnprocessableEntity, newPage(newView{Form: in, Errors: f.Errors}))
		return
	}
	hash, err := auth.HashPassword(password)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	me := auth.UserFrom(ctx)
	var id int64
	err = pgx.BeginFunc(ctx, h.pool, func(tx pgx.Tx) error {
		var err error
		u := &auth.User{Username: in.Username, FullName: in.FullName, Email: in.Email, Roles: in.Roles, Active: true}
		if id, err = create(ctx, tx, u, hash, me.ID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, createEntry(ctx, id, in))
	})
	if errors.Is(err, errUsernameTaken) {
		f.Add("username", "field.username_taken")
		web.Render(w, r, http.StatusUnprocessableEntity, newPage(newView{Form: in, Errors: f.Errors}))
		return
	}
	if err != nil {
		web.Error(w, r, err)
		return
	}
	slog.InfoContext(ctx, "user created", "user_id", id, "username", in.Username, "by", me.ID)
	web.RedirectWithFlash(w, r, h.sessions, "/admin/users", i18n.T(ctx, "users.created"))
}

// target loads the account named in the path.
func (h *Handler) target(r *http.Request) (*auth.User, error) {
	id, err := strconv.ParseInt(chi.URLParam(r, "id"), 10, 64)
	if err != nil || id <= 0 {
		return nil, errs.NotFound
	}
	return h.store.Get(r.Context(), id)
}

func (h *Handler) editView(r *http.Request, u *auth.User) editView {
	me := auth.UserFrom(r.Context())
	return editView{User: u, Form: formOf(u), Version: u.Version, Self: me != nil && me.ID == u.ID}
}

func (h *Handler) editPage(w http.ResponseWriter, r *http.Request) {
	u, err := h.target(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	web.Render(w, r, http.StatusOK, editPage(h.editView(r, u)))
}

// conflict shows the account as it is now, with the message that the
// person's changes were not saved.
func (h *Handler) conflict(w http.ResponseWriter, r *http.Request, id int64) {
	u, err := h.store.Get(r.Context(), id)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	v := h.editView(r, u)
	v.Conflict = true
	web.Render(w, r, http.StatusConflict, editPage(v))
}

func (h *Handler) update(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	current, err := h.target(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	in := readEdit(f)
	in.Roles = canonicalRoles(in.Roles)
	in.Username = current.Username
	version := f.Version()
	if version != current.Version {
		h.conflict(w, r, current.ID)
		return
	}
	v := h.editView(r, current)
	if v.Self {
		// Neither may an administrator lock themself out, which would leave
		// nobody to undo it if they are the only one.
		if f.Errors.Get("roles") == "" && !hasRole(in.Roles, auth.RoleAdmin) {
			f.Add("roles", "users.cannot_drop_own_admin")
		}
		if !in.Active {
			f.Add("active", "users.cannot_deactivate_self")
		}
	}
	if f.Errors.Any() {
		v.Form, v.Version, v.Errors = in, version, f.Errors
		web.Render(w, r, http.StatusUnprocessableEntity, editPage(v))
		return
	}
	err = pgx.BeginFunc(ctx, h.pool, func(tx pgx.Tx) error {
		before, err := lock(ctx, tx, current.ID)
		if err != nil {
			return err
		}
		if before.Version != version {
			return errs.Conflict
		}
		entry, changed := updateEntry(ctx, before, in)
		if !changed {
			return nil
		}
		after := *before
		after.FullName, after.Email, after.Roles, after.Active = in.FullName, in.Email, in.Roles, in.Active
		if err := update(ctx, tx, &after, version); err != nil {
			return err
		}
		return audit.Record(ctx, tx, entry)
	})
	if errors.Is(err, errs.Conflict) {
		h.conflict(w, r, current.ID)
		return
	}
	if err != nil {
		web.Error(w, r, err)
		return
	}
	web.RedirectWithFlash(w, r, h.sessions, "/admin/users", i18n.T(ctx, "users.saved"))
}

func hasRole(roles []auth.Role, r auth.Role) bool {
	for _, x := range roles {
		if x == r {
			return true
		}
	}
	return false
}

// setActive deactivates or activates an account. A deactivated person is
// signed out at their next request (auth.Handler.LoadUser).
func (h *Handler) setActive(active bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		u, err := h.target(r)
		if err != nil {
			web.Error(w, r, err)
			return
		}
		v := h.editView(r, u)
		if !active && v.Self {
			v.Errors.Add("deactivate", i18n.T(ctx, "users.cannot_deactivate_self"))
			web.Render(w, r, http.StatusUnprocessableEntity, editPage(v))
			return
		}
		err = pgx.BeginFunc(ctx, h.pool, func(tx pgx.Tx) error {
			before, err := lock(ctx, tx, u.ID)
			if err != nil {
				return err
			}
			if before.Active == active {
				return nil
			}
			if err := setActive(ctx, tx, u.ID, active); err != nil {
				return err
			}
			return audit.Record(ctx, tx, activeEntry(before, active))
		})
		if err != nil {
			web.Error(w, r, err)
			return
		}
		msg := "users.activated"
		if !active {
			msg = "users.deactivated"
		}
		slog.InfoContext(ctx, "user "+map[bool]string{true: "activated", false: "deactivated"}[active], "user_id", u.ID, "by", auth.UserFrom(ctx).ID)
		web.RedirectWithFlash(w, r, h.sessions, "/admin/users/"+strconv.FormatInt(u.ID, 10), i18n.T(ctx, msg))
	}
}

func (h *Handler) resetPassword(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	u, err := h.target(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	password := readNewPassword(f, "new_password")
	if f.Errors.Any() {
		v := h.editView(r, u)
		v.Errors = f.Errors
		web.Render(w, r, http.StatusUnprocessableEntity, editPage(v))
		return
	}
	hash, err := auth.HashPassword(password)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	err = pgx.BeginFunc(ctx, h.pool, func(tx pgx.Tx) error {
		before, err := lock(ctx, tx, u.ID)
		if err != nil {
			return err
		}
		if err := setPassword(ctx, tx, u.ID, hash); err != nil {
			return err
		}
		return audit.Record(ctx, tx, resetEntry(before))
	})
	if err != nil {
		web.Error(w, r, err)
		return
	}
	slog.InfoContext(ctx, "password reset by an administrator", "user_id", u.ID, "by", auth.UserFrom(ctx).ID)
	web.RedirectWithFlash(w, r, h.sessions, "/admin/users/"+strconv.FormatInt(u.ID, 10), i18n.T(ctx, "users.password_reset"))
}

func (h *Handler) accountPage(w http.ResponseWriter, r *http.Request) {
	web.Render(w, r, http.StatusOK, accountPage(accountView{User: auth.UserFrom(r.Context())}))
}

func (h *Handler) changePassword(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	me := auth.UserFrom(ctx)
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	p := readPasswordChange(f)
	// The current password is checked even when other fields are wrong, so
	// that every mistake shows at once.
	if f.Errors.Get("current_password") == "" {
		old, err := h.store.passwordHash(ctx, me.ID)
		if err != nil {
			web.Error(w, r, err)
			return
		}
		if !auth.CheckPassword(p.Current, old) {
			slog.WarnContext(ctx, "password change refused: wrong current password", "user_id", me.ID)
			f.Add("current_password", "account.wrong_current")
		}
	}
	if f.Errors.Any() {
		web.Render(w, r, http.StatusUnprocessableEntity, accountPage(accountView{User: me, Errors: f.Errors}))
		return
	}
	hash, err := auth.HashPassword(p.New)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	err = pgx.BeginFunc(ctx, h.pool, func(tx pgx.Tx) error {
		if err := setPassword(ctx, tx, me.ID, hash); err != nil {
			return err
		}
		return audit.Record(ctx, tx, changeEntry(me))
	})
	if err != nil {
		web.Error(w, r, err)
		return
	}
	// A new token, so a token someone copied before the change is worth nothing after it.
	if err := h.sessions.RenewToken(ctx); err != nil {
		web.Error(w, r, err)
		return
	}
	slog.InfoContext(ctx, "password changed", "user_id", me.ID)
	web.RedirectWithFlash(w, r, h.sessions, "/account", i18n.T(ctx, "account.password_changed"))
}
