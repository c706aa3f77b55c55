package users

import (
	"encoding/base64"
	"log/slog"
	"net/http"
	"net/url"
	"strings"

	qrcode "github.com/skip2/go-qrcode"

	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/errs"
	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/web"
)

// sessionNewSecret is the secret being enrolled, kept until a code from
// the app confirms it: reloading the page shows the same QR code.
const sessionNewSecret = "totp_new_secret"

type twoFactorView struct {
	User      *auth.User
	Enabled   bool
	Left      int      // unused recovery codes
	QR        string   // the enrolment QR code as a data: URL (PNG)
	Secret    string   // the secret in groups of four, to type in instead
	Codes     []string // recovery codes just made, shown this once
	Required  bool     // an administrator without one: nothing else opens
	CodeError string
	Refusal   string // a refusal that is about no field
}

func codeErrors(field, msg string) form.Errors {
	var e form.Errors
	if msg != "" {
		e.Add(field, msg)
	}
	return e
}

func (h *Handler) twoFactorPage(w http.ResponseWriter, r *http.Request) {
	v, err := h.twoFactorView(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	web.Render(w, r, http.StatusOK, twoFactorPage(v))
}

func (h *Handler) twoFactorView(r *http.Request) (twoFactorView, error) {
	ctx := r.Context()
	u := auth.UserFrom(ctx)
	v := twoFactorView{User: u, Enabled: u.TwoFactor, Required: u.Has(auth.RoleAdmin) && !u.TwoFactor}
	if u.TwoFactor {
		left, err := auth.NewUsers(h.deps.Pool).RecoveryCodesLeft(ctx, u.ID)
		v.Left = left
		return v, err
	}
	secret := h.sessions.GetString(ctx, sessionNewSecret)
	if secret == "" {
		var err error
		if secret, err = auth.NewSecret(u.Username); err != nil {
			return v, err
		}
		h.sessions.Put(ctx, sessionNewSecret, secret)
	}
	png, err := qrcode.Encode(enrolmentURL(secret, u.Username), qrcode.Medium, 256)
	if err != nil {
		return v, err
	}
	v.QR = "data:image/png;base64," + base64.StdEncoding.EncodeToString(png)
	var groups []string
	for i := 0; i < len(secret); i += 4 {
		groups = append(groups, secret[i:min(i+4, len(secret))])
	}
	v.Secret = strings.Join(groups, " ")
	return v, nil
}

// enrolmentURL is what the QR code holds: the Key URI format every
// authenticator app reads.
func enrolmentURL(secret, username string) string {
	q := url.Values{"secret": {secret}, "issuer": {auth.Issuer}, "algorithm": {"SHA1"}, "digits": {"6"}, "period": {"30"}}
	return "otpauth://totp/" + url.PathEscape(auth.Issuer+":"+username) + "?" + q.Encode()
}

// enableTwoFactor confirms enrolment with a code from the app, then shows
// the recovery codes, once.
func (h *Handler) enableTwoFactor(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	u := auth.UserFrom(ctx)
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	if u.TwoFactor {
		web.Error(w, r, errs.Conflict)
		return
	}
	secret := h.sessions.GetString(ctx, sessionNewSecret)
	step, ok := auth.MatchCode(secret, f.Raw("code"), h.deps.Now())
	if secret == "" || !ok {
		h.refuseCode(w, r)
		return
	}
	codes, hashes := auth.NewRecoveryCodes()
	if err := h.store.EnableTwoFactor(ctx, u.ID, secret, step, hashes); err != nil {
		web.Error(w, r, err)
		return
	}
	h.sessions.Remove(ctx, sessionNewSecret)
	slog.InfoContext(ctx, "second factor turned on", "user_id", u.ID)
	web.Render(w, r, http.StatusOK, twoFactorPage(twoFactorView{User: u, Enabled: true, Left: len(codes), Codes: codes}))
}

// refuseCode shows the page again with the message beside the code.
func (h *Handler) refuseCode(w http.ResponseWriter, r *http.Request) {
	v, err := h.twoFactorView(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	v.CodeError = i18n.T(r.Context(), "two_factor.code_wrong")
	web.Render(w, r, http.StatusUnprocessableEntity, twoFactorPage(v))
}

// disableTwoFactor turns it off with a current code or a recovery code; an
// administrator cannot, as the role requires it.
func (h *Handler) disableTwoFactor(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	u := auth.UserFrom(ctx)
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	if !u.TwoFactor {
		http.Redirect(w, r, "/account/two-factor", http.StatusSeeOther)
		return
	}
	if u.Has(auth.RoleAdmin) {
		v, err := h.twoFactorView(r)
		if err != nil {
			web.Error(w, r, err)
			return
		}
		v.Refusal = i18n.T(ctx, "two_factor.admin_keeps")
		web.Render(w, r, http.StatusUnprocessableEntity, twoFactorPage(v))
		return
	}
	ok, err := auth.NewUsers(h.deps.Pool).CheckSecondFactor(ctx, u.ID, f.Raw("code"), h.deps.Now())
	if err != nil {
		web.Error(w, r, err)
		return
	}
	if !ok {
		h.refuseCode(w, r)
		return
	}
	if err := h.store.DisableTwoFactor(ctx, u.ID); err != nil {
		web.Error(w, r, err)
		return
	}
	slog.InfoContext(ctx, "second factor turned off", "user_id", u.ID)
	web.RedirectWithFlash(w, r, h.sessions, "/account/two-factor", i18n.T(ctx, "two_factor.disabled"))
}

// resetTwoFactor is the administrator turning off someone else's second
// factor when their phone and recovery codes are lost; they enrol again at
// their next sign-in (an administrator must). One's own is not reset here:
// that takes a code, on /account/two-factor.
func (h *Handler) resetTwoFactor(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	u, err := h.target(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	if u.ID == auth.UserFrom(ctx).ID {
		web.Error(w, r, errs.Forbidden)
		return
	}
	if u.TwoFactor {
		if err := h.store.ResetTwoFactor(ctx, u.ID); err != nil {
			web.Error(w, r, err)
			return
		}
		slog.InfoContext(ctx, "second factor reset by the administrator", "user_id", u.ID, "by", auth.UserFrom(ctx).ID)
	}
	web.RedirectWithFlash(w, r, h.sessions, userPath(u.ID, ""), i18n.T(ctx, "two_factor.reset_done"))
}

// newCodes replaces the recovery codes and shows the new ones, once.
func (h *Handler) newCodes(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	u := auth.UserFrom(ctx)
	if !u.TwoFactor {
		web.Error(w, r, errs.Conflict)
		return
	}
	codes, hashes := auth.NewRecoveryCodes()
	if err := h.store.NewRecoveryCodes(ctx, u.ID, hashes); err != nil {
		web.Error(w, r, err)
		return
	}
	web.Render(w, r, http.StatusOK, twoFactorPage(twoFactorView{User: u, Enabled: true, Left: len(codes), Codes: codes}))
}
