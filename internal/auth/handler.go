package auth

import (
	"context"
	"errors"
	"log/slog"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/alexedwards/scs/v2"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/daugavpils/prdesk/internal/db"
	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/web"
)

const (
	sessionUserID   = "user_id"
	sessionLastSeen = "last_seen"
)

// IdleTimeout signs a person out after this long without a request.
const IdleTimeout = 60 * time.Minute

// lastSeenStep is how stale the stored last-seen time may get: refreshing it
// writes the session, and doing that once a minute rather than on every
// request keeps signed-in pages from writing to the database each time.
const lastSeenStep = time.Minute

// Deps are what sign-in needs from the app.
type Deps struct {
	Pool     *pgxpool.Pool
	Sessions *scs.SessionManager
	Now      func() time.Time
	// Directory, when set, checks the passwords of accounts that are not
	// local ones (internal/ldapauth); nil: every account is local.
	Directory Directory
	// OnAttempt, when set, hears the outcome of every sign-in attempt as
	// it is recorded in login_attempts (the app's metrics count the
	// failures and refusals); nil: nobody listens.
	OnAttempt func(outcome string)
}

// keptAccounts bounds the accounts kept at one revision: a department has
// a few dozen; past the bound the map starts afresh.
const keptAccounts = 1000

// Handler signs people in and out and loads the signed-in user on every request.
type Handler struct {
	users    *Users
	attempts attempts
	sessions *scs.SessionManager
	now      func() time.Time
	heard    func(outcome string)
	// directory checks the passwords of directory accounts; nil: none.
	directory Directory
	// kept are the accounts as read at the accounts' revision; a kept *User
	// is shared between requests and never changed.
	kept db.KeptMap[int64, *User]
}

// NewHandler wires the sign-in pages.
func NewHandler(d Deps) *Handler {
	h := &Handler{users: NewUsers(d.Pool), attempts: attempts{d.Pool}, sessions: d.Sessions, now: d.Now, heard: d.OnAttempt,
		directory: d.Directory}
	if h.heard == nil {
		h.heard = func(string) {}
	}
	h.kept.Max = keptAccounts
	return h
}

// Routes registers sign-in and sign-out, and the administrator's list of
// sign-in attempts.
func (h *Handler) Routes(m *Mux) {
	m.Get("/login", Public, h.loginPage)
	m.Post("/login", Public, h.login)
	m.Post("/logout", Public, h.logout)
	m.Get("/login/code", Public, h.codePage)
	m.Post("/login/code", Public, h.code)
	m.Get("/admin/logins", AdminAudit, h.attemptsList)
}

// LoadUser puts the signed-in user into the request context. A user who was
// deactivated since signing in is signed out here, at their next request.
func (h *Handler) LoadUser(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := h.sessions.GetInt64(r.Context(), sessionUserID)
		if id == 0 {
			next.ServeHTTP(w, r)
			return
		}
		now := h.now()
		// Stored as Unix seconds, an int64 (SessionCodec stores it as a varint).
		seen := time.Unix(h.sessions.GetInt64(r.Context(), sessionLastSeen), 0)
		if seen.Unix() != 0 && now.Sub(seen) > IdleTimeout {
			if err := h.sessions.Destroy(r.Context()); err != nil {
				web.Error(w, r, err)
				return
			}
			h.sessions.Put(r.Context(), "flash", i18n.T(r.Context(), "login.expired"))
			http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
			return
		}
		if now.Sub(seen) > lastSeenStep {
			h.sessions.Put(r.Context(), sessionLastSeen, now.Unix())
		}
		revision, known := h.sessions.Get(r.Context(), sessionUsersRevision).(int64)
		u, err := h.userOf(r.Context(), id, revision, known)
		if err != nil && !errors.Is(err, ErrNoUser) {
			web.Error(w, r, err)
			return
		}
		if u == nil || !u.Active {
			if err := h.sessions.Destroy(r.Context()); err != nil {
				web.Error(w, r, err)
				return
			}
			slog.InfoContext(r.Context(), "signed out an inactive user", "user_id", id)
			h.sessions.Put(r.Context(), "flash", i18n.T(r.Context(), "login.deactivated"))
			http.Redirect(w, r, "/login", http.StatusSeeOther)
			return
		}
		if u.Has(RoleAdmin) && !u.TwoFactor && !twoFactorExempt(r.URL.Path) {
			// The administrator's role requires a second factor: until it
			// is on, enrolment is the only page that opens.
			h.sessions.Put(r.Context(), "flash", i18n.T(r.Context(), "two_factor.required"))
			http.Redirect(w, r, "/account/two-factor", http.StatusSeeOther)
			return
		}
		next.ServeHTTP(w, r.WithContext(withUserAt(r.Context(), u, revision, known)))
	})
}

// userOf is the account id: from those kept when the accounts' revision
// read with the session (known) is theirs, else read and kept. The
// revision was read before the account, so an account changed in between
// is kept under the older revision, which the next request no longer
// matches; never an older account under the newer revision.
func (h *Handler) userOf(ctx context.Context, id, revision int64, known bool) (*User, error) {
	if known {
		if u, ok := h.kept.Get(revision, id); ok {
			return u, nil
		}
	}
	u, err := h.users.ByID(ctx, id)
	if err == nil && known {
		h.kept.Put(revision, id, u)
	}
	return u, err
}

type loginView struct {
	Username  string
	Next      string
	Message   string
	SignedOut bool // the person has just signed out
}

func (h *Handler) loginPage(w http.ResponseWriter, r *http.Request) {
	if UserFrom(r.Context()) != nil {
		http.Redirect(w, r, safeNext(r.URL.Query().Get("next")), http.StatusSeeOther)
		return
	}
	q := r.URL.Query()
	web.Render(w, r, http.StatusOK, loginPage(loginView{Next: safeNext(q.Get("next")), SignedOut: q.Has("signed_out")}))
}

func (h *Handler) login(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	username := strings.ToLower(strings.TrimSpace(f.Raw("username")))
	password := f.Raw("password")
	view := loginView{Username: username, Next: safeNext(f.Raw("next"))}
	if len(username) > 100 {
		username = username[:100]
	}
	remote := web.ClientIP(r)

	now := h.now()
	t, err := h.attempts.throttleOf(ctx, username, remote, now)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	if outcome, wait := t.refusal(now); outcome != "" {
		slog.WarnContext(ctx, "sign-in refused", "outcome", outcome, "username", username, "remote", remote, "wait_s", wait.Seconds())
		if err := h.attempts.record(ctx, username, outcome, remote, now); err != nil {
			web.Error(w, r, err)
			return
		}
		h.heard(outcome)
		if outcome == OutcomeThrottled {
			view.Message = i18n.T(ctx, "login.throttled", i18n.M{"minutes": int(math.Ceil(wait.Minutes()))})
		} else {
			view.Message = i18n.T(ctx, "login.delayed", i18n.M{"seconds": int(math.Ceil(wait.Seconds()))})
		}
		w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(wait.Seconds()))))
		web.Render(w, r, http.StatusTooManyRequests, loginPage(view))
		return
	}

	u, hash, source, err := h.users.credentials(ctx, username)
	if err != nil && !errors.Is(err, ErrNoUser) {
		web.Error(w, r, err)
		return
	}
	var ok bool
	if h.directory != nil && (u == nil || source == SourceDirectory) {
		// Not a local account: the directory checks the password, and
		// creates or updates the account from its groups.
		du, err := h.directory.Authenticate(ctx, username, password)
		switch {
		case err == nil:
			u, ok = du, du.Active
		case errors.Is(err, ErrDirectoryDown):
			slog.ErrorContext(ctx, "sign-in: the directory cannot be reached", "username", username, "err", err)
			view.Message = i18n.T(ctx, "login.directory_down")
			web.Render(w, r, http.StatusServiceUnavailable, loginPage(view))
			return
		case errors.Is(err, ErrNoAccess):
			slog.WarnContext(ctx, "sign-in refused: the directory's groups give no role", "username", username, "err", err)
			view.Message = i18n.T(ctx, "login.no_access")
		case errors.Is(err, ErrBadCredentials):
		default:
			web.Error(w, r, err)
			return
		}
	} else {
		if u == nil {
			hash = dummyHash()
		}
		ok = CheckPassword(password, hash) && u != nil && u.Active
	}
	if ok && u.TwoFactor {
		// Not signed in yet: the code decides, and is what records the
		// attempt's outcome, so a right password alone does not end the
		// user name's wait.
		h.startSecondStep(w, r, u, view.Next)
		return
	}
	outcome := OutcomeFailure
	if ok {
		outcome = OutcomeSuccess
	}
	if err := h.attempts.record(ctx, username, outcome, remote, now); err != nil {
		web.Error(w, r, err)
		return
	}
	h.heard(outcome)
	if !ok {
		slog.WarnContext(ctx, "sign-in failed", "username", username, "remote", remote)
		if view.Message == "" {
			view.Message = i18n.T(ctx, "login.failed")
		}
		web.Render(w, r, http.StatusUnprocessableEntity, loginPage(view))
		return
	}
	// A new token at sign-in, so a token planted before it is worth nothing after.
	if err := h.sessions.RenewToken(ctx); err != nil {
		web.Error(w, r, err)
		return
	}
	h.sessions.Put(ctx, sessionUserID, u.ID)
	h.sessions.Put(ctx, sessionLastSeen, now.Unix())
	slog.InfoContext(ctx, "signed in", "user_id", u.ID, "username", u.Username, "remote", remote)
	http.Redirect(w, r, view.Next, http.StatusSeeOther)
}

func (h *Handler) logout(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if u := UserFrom(ctx); u != nil {
		slog.InfoContext(ctx, "signed out", "user_id", u.ID)
	}
	if err := h.sessions.Destroy(ctx); err != nil {
		web.Error(w, r, err)
		return
	}
	// "Signed out" rides in the address, not in a flash: a flash would
	// store a new session for someone who is no longer signed in (and an
	// anonymous POST would make one each time).
	http.Redirect(w, r, "/login?signed_out", http.StatusSeeOther)
}

// safeNext keeps redirects after sign-in on this site: a path of ours, or
// "/". A browser drops tabs and line breaks anywhere in an address and
// reads "\" as "/", so "/\t/other.host" would leave the site as
// "//other.host": any control character or backslash is refused, and what
// remains must parse as a path with no scheme and no host.
func safeNext(next string) string {
	if next == "" || next[0] != '/' || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/login") ||
		strings.ContainsFunc(next, func(r rune) bool { return r < 0x20 || r == 0x7f || r == '\\' || unicode.IsControl(r) }) {
		return "/"
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || !strings.HasPrefix(u.Path, "/") || strings.HasPrefix(u.Path, "//") {
		return "/"
	}
	return next
}
