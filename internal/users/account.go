package users

import (
	"errors"
	"log/slog"
	"net/http"

	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/web"
)

type accountView struct {
	User   *auth.User
	Errors form.Errors
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
	f.Messages("account.form")
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
	if err := h.store.ChangeOwnPassword(ctx, me, hash); err != nil {
		if errors.Is(err, ErrDirectoryPassword) {
			me.Directory = true
			web.Render(w, r, http.StatusUnprocessableEntity, accountPage(accountView{User: me}))
			return
		}
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
