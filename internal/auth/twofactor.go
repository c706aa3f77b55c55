package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"log/slog"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/web"
)

// The second factor is a TOTP code (RFC 6238: six digits, 30 seconds,
// SHA-1, as every authenticator app reads from the QR code), or one of ten
// one-time recovery codes. Any user may turn it on; an administrator must
// (LoadUser sends one without it to enrolment and nowhere else).
const (
	// Issuer names PR Desk in the authenticator app.
	Issuer = "PR Desk"
	// totpPeriod is a code's step; a code of the step before or after is
	// taken too, for a phone's clock a little off.
	totpPeriod = 30
	// pendingFor is how long the code may take after the password.
	pendingFor = 5 * time.Minute
	// RecoveryCodes is how many recovery codes an account gets.
	RecoveryCodes = 10
)

const (
	sessionPendingUser = "pending_user_id" // the password was right; the code is awaited
	sessionPendingAt   = "pending_at"
	sessionPendingNext = "pending_next"
)

var totpOpts = totp.ValidateOpts{Period: totpPeriod, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1}

// CodeAt is the six-digit code of secret at t: what the authenticator app shows.
func CodeAt(secret string, t time.Time) (string, error) {
	return totp.GenerateCodeCustom(secret, t, totpOpts)
}

// MatchCode finds the step whose code is code, within one step of now;
// false when none is.
func MatchCode(secret, code string, now time.Time) (int64, bool) {
	code = strings.Join(strings.Fields(code), "")
	if len(code) != 6 {
		return 0, false
	}
	for _, skew := range []int64{0, -1, 1} {
		t := now.Add(time.Duration(skew*totpPeriod) * time.Second)
		want, err := CodeAt(secret, t)
		if err == nil && subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 {
			return t.Unix() / totpPeriod, true
		}
	}
	return 0, false
}

// recoveryAlphabet leaves out letters read as digits (i, l, o) and the like.
const recoveryAlphabet = "abcdefghjkmnpqrstuvwxyz23456789"

// NewRecoveryCodes are RecoveryCodes codes of ten characters (about 49
// bits each), shown as xxxxx-xxxxx, and the hashes stored for them.
func NewRecoveryCodes() (codes, hashes []string) {
	for range RecoveryCodes {
		b := make([]byte, 10)
		for i := range b {
			b[i] = recoveryAlphabet[randIntn(len(recoveryAlphabet))]
		}
		code := string(b[:5]) + "-" + string(b[5:])
		codes = append(codes, code)
		hashes = append(hashes, RecoveryHash(code))
	}
	return codes, hashes
}

func randIntn(n int) int {
	var b [1]byte
	for {
		rand.Read(b[:]) //nolint:errcheck // crypto/rand.Read does not fail
		if int(b[0]) < 256-256%n {
			return int(b[0]) % n
		}
	}
}

// RecoveryHash is the stored form of a recovery code as typed: case,
// spaces and hyphens do not matter.
func RecoveryHash(code string) string {
	code = strings.ToLower(strings.NewReplacer(" ", "", "-", "", "\t", "").Replace(code))
	sum := sha256.Sum256([]byte(code))
	return hex.EncodeToString(sum[:])
}

// NewSecret is a fresh TOTP secret (160 bits, base32) for username.
func NewSecret(username string) (string, error) {
	key, err := totp.Generate(totp.GenerateOpts{Issuer: Issuer, AccountName: username})
	if err != nil {
		return "", err
	}
	return key.Secret(), nil
}

// twoFactorExempt are the paths an administrator without a second factor
// may still reach: enrolment itself, signing out, and what pages load.
func twoFactorExempt(path string) bool {
	return strings.HasPrefix(path, "/account/two-factor") || path == "/logout" || path == "/lang" ||
		strings.HasPrefix(path, "/static/") || path == "/healthz" || path == "/readyz"
}

type codeView struct {
	Message string
}

// startSecondStep is sign-in after the right password of an account with a
// second factor: the session remembers whose code is awaited, not who is
// signed in.
func (h *Handler) startSecondStep(w http.ResponseWriter, r *http.Request, u *User, next string) {
	ctx := r.Context()
	if err := h.sessions.RenewToken(ctx); err != nil {
		web.Error(w, r, err)
		return
	}
	h.sessions.Put(ctx, sessionPendingUser, u.ID)
	h.sessions.Put(ctx, sessionPendingAt, h.now().Unix())
	h.sessions.Put(ctx, sessionPendingNext, next)
	http.Redirect(w, r, "/login/code", http.StatusSeeOther)
}

// pending is the account whose code is awaited, nil when none is (or the
// password was typed too long ago).
func (h *Handler) pending(r *http.Request) (*User, error) {
	ctx := r.Context()
	id := h.sessions.GetInt64(ctx, sessionPendingUser)
	at := time.Unix(h.sessions.GetInt64(ctx, sessionPendingAt), 0)
	if id == 0 || h.now().Sub(at) > pendingFor {
		return nil, nil
	}
	u, err := h.users.ByID(ctx, id)
	if errors.Is(err, ErrNoUser) || (u != nil && !u.Active) {
		return nil, nil
	}
	return u, err
}

func (h *Handler) codePage(w http.ResponseWriter, r *http.Request) {
	u, err := h.pending(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	if u == nil {
		http.Redirect(w, r, "/login", http.StatusSeeOther)
		return
	}
	web.Render(w, r, http.StatusOK, codePage(codeView{}))
}

// code checks the second step: a TOTP code not used before, or an unused
// recovery code. A wrong one is a failed sign-in of the user name, so the
// same waits and refusals hold as for a wrong password.
func (h *Handler) code(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	u, err := h.pending(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	if u == nil {
		h.sessions.Put(ctx, "flash", i18n.T(ctx, "login.code_expired"))
		http.Redirect(w, r, "/login", http.StatusSeeOther)
		return
	}
	remote := web.ClientIP(r)
	now := h.now()
	t, err := h.attempts.throttleOf(ctx, u.Username, remote, now)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	if outcome, wait := t.refusal(now); outcome != "" {
		if err := h.attempts.record(ctx, u.Username, outcome, remote, now); err != nil {
			web.Error(w, r, err)
			return
		}
		h.heard(outcome)
		w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(wait.Seconds()))))
		msg := i18n.T(ctx, "login.delayed", i18n.M{"seconds": int(math.Ceil(wait.Seconds()))})
		if outcome == OutcomeThrottled {
			msg = i18n.T(ctx, "login.throttled", i18n.M{"minutes": int(math.Ceil(wait.Minutes()))})
		}
		web.Render(w, r, http.StatusTooManyRequests, codePage(codeView{Message: msg}))
		return
	}
	ok, how, err := h.checkSecondFactor(r, u, f.Raw("code"), now)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	outcome := OutcomeFailure
	if ok {
		outcome = OutcomeSuccess
	}
	if err := h.attempts.record(ctx, u.Username, outcome, remote, now); err != nil {
		web.Error(w, r, err)
		return
	}
	h.heard(outcome)
	if !ok {
		slog.WarnContext(ctx, "sign-in failed: wrong second-factor code", "username", u.Username, "remote", remote)
		web.Render(w, r, http.StatusUnprocessableEntity, codePage(codeView{Message: i18n.T(ctx, "login.code_wrong")}))
		return
	}
	next := safeNext(h.sessions.GetString(ctx, sessionPendingNext))
	if err := h.sessions.RenewToken(ctx); err != nil {
		web.Error(w, r, err)
		return
	}
	h.sessions.Remove(ctx, sessionPendingUser)
	h.sessions.Remove(ctx, sessionPendingAt)
	h.sessions.Remove(ctx, sessionPendingNext)
	h.sessions.Put(ctx, sessionUserID, u.ID)
	h.sessions.Put(ctx, sessionLastSeen, now.Unix())
	slog.InfoContext(ctx, "signed in", "user_id", u.ID, "username", u.Username, "remote", remote, "second_factor", how)
	if how == "recovery" {
		left, err := h.users.RecoveryCodesLeft(ctx, u.ID)
		if err != nil {
			web.Error(w, r, err)
			return
		}
		h.sessions.Put(ctx, "flash", i18n.T(ctx, "two_factor.recovery_used", i18n.M{"n": left}))
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// checkSecondFactor is CheckSecondFactor of the account signing in, and
// which kind of code it was.
func (h *Handler) checkSecondFactor(r *http.Request, u *User, code string, now time.Time) (bool, string, error) {
	return h.users.checkSecondFactor(r.Context(), u.ID, code, now)
}
