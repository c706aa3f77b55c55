package users

import (
	"errors"
	"log/slog"
	"net/http"
	"strconv"

	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/errs"
	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/web"
)

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
	f.Messages("users.form")
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
	id, err := h.store.Create(ctx, in, hash)
	if status, ok := f.Refused(err); ok {
		web.Render(w, r, status, newPage(newView{Form: in, Errors: f.Errors}))
		return
	}
	if err != nil {
		web.Error(w, r, err)
		return
	}
	slog.InfoContext(ctx, "user created", "user_id", id, "username", in.Username, "by", auth.UserFrom(ctx).ID)
	web.RedirectWithFlash(w, r, h.sessions, "/admin/users", i18n.T(ctx, "users.created"))
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
	f.Messages("users.form")
	v := h.editView(r, current)
	// One's own roles are not on one's own form (the store refuses them
	// changed anyway): the account keeps those it has.
	in := readEdit(f, v.Self, current.Roles)
	in.Roles = canonicalRoles(in.Roles)
	in.Username = current.Username
	version := f.Version()
	if version != current.Version {
		h.conflict(w, r, current.ID)
		return
	}
	// Neither may an administrator lock themself out, which would leave
	// nobody to undo it if they are the only one.
	if v.Self && !in.Active {
		f.Add("active", "users.cannot_deactivate_self")
	}
	if f.Errors.Any() {
		v.Form, v.Version, v.Errors = in, version, f.Errors
		web.Render(w, r, http.StatusUnprocessableEntity, editPage(v))
		return
	}
	err = h.store.Update(ctx, current.ID, version, in)
	if status, ok := f.Refused(err); ok {
		v.Form, v.Version, v.Errors = in, version, f.Errors
		web.Render(w, r, status, editPage(v))
		return
	}
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
		if err := h.store.SetActive(ctx, u.ID, active); err != nil {
			web.Error(w, r, err)
			return
		}
		msg, done := "users.activated", "activated"
		if !active {
			msg, done = "users.deactivated", "deactivated"
		}
		slog.InfoContext(ctx, "user "+done, "user_id", u.ID, "by", auth.UserFrom(ctx).ID)
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
	f.Messages("users.password_form")
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
	if err := h.store.ResetPassword(ctx, u.ID, hash); err != nil {
		// The account came from the directory since the page was opened:
		// the page, now without the form, says where its password is set.
		if errors.Is(err, ErrDirectoryPassword) {
			u.Directory = true
			web.Render(w, r, http.StatusUnprocessableEntity, editPage(h.editView(r, u)))
			return
		}
		web.Error(w, r, err)
		return
	}
	slog.InfoContext(ctx, "password reset by an administrator", "user_id", u.ID, "by", auth.UserFrom(ctx).ID)
	web.RedirectWithFlash(w, r, h.sessions, "/admin/users/"+strconv.FormatInt(u.ID, 10), i18n.T(ctx, "users.password_reset"))
}
