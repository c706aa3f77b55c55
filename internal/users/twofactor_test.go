package users_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/daugavpils/prdesk/internal/apptest"
	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/i18n"
)

var (
	secretShown   = regexp.MustCompile(`<code translate="no" class="secret">([A-Z2-7 ]+)</code>`)
	recoveryShown = regexp.MustCompile(`<code>([a-z2-9]{5}-[a-z2-9]{5})</code>`)
)

// signInStep posts the password and, when the code is asked for, the code:
// the second answer, or the first when no code was asked for.
func signInStep(t *testing.T, srv *apptest.Server, username, code string) (*apptest.Client, *apptest.Response) {
	t.Helper()
	c := srv.Anonymous(t)
	res := c.PostForm(t, "/login", url.Values{"username": {username}, "password": {goodPassword}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("password of %s: %d", username, res.StatusCode)
	}
	if res.Header.Get("Location") != "/login/code" {
		return c, res
	}
	return c, c.PostForm(t, "/login/code", url.Values{"code": {code}})
}

// enrol turns the second factor on for the signed-in c, and returns the
// secret and the recovery codes the pages showed.
func enrol(t *testing.T, srv *apptest.Server, c *apptest.Client) (string, []string) {
	t.Helper()
	page := c.Get(t, "/account/two-factor")
	m := secretShown.FindStringSubmatch(page.Body)
	if page.StatusCode != http.StatusOK || m == nil || !strings.Contains(page.Body, `src="data:image/png;base64,`) {
		t.Fatalf("enrolment page: %d, secret shown %v, QR code %v", page.StatusCode, m != nil, strings.Contains(page.Body, "data:image/png"))
	}
	secret := strings.ReplaceAll(m[1], " ", "")
	code, err := auth.CodeAt(secret, srv.Clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	res := c.PostForm(t, "/account/two-factor", url.Values{"code": {code}})
	var codes []string
	for _, m := range recoveryShown.FindAllStringSubmatch(res.Body, -1) {
		codes = append(codes, m[1])
	}
	if res.StatusCode != http.StatusOK || len(codes) != auth.RecoveryCodes {
		t.Fatalf("enrolling: %d with %d recovery codes shown", res.StatusCode, len(codes))
	}
	return secret, codes
}

func TestTwoFactorEnrolmentAndSignIn(t *testing.T) {
	srv := apptest.New(t)
	srv.Clock.Set(t, time.Date(2026, 12, 7, 9, 0, 0, 0, i18n.Riga))
	a := create(t, srv, srv.Client(t, "admin"), "divi.soli", "Inese Ozoliņa", "staff")
	c, _ := signInStep(t, srv, a.Username, "")

	// A wrong code turns nothing on, and says so beside the field.
	res := c.PostForm(t, "/account/two-factor", url.Values{"code": {"000000"}})
	wantFieldError(t, res, "code", "Kods nav pareizs. Ievadiet lietotnes pašlaik rādīto kodu; ja tas neder, pārbaudiet tālruņa laiku.")
	if n := count(t, srv, `select count(*) from users where id = $1 and totp_enabled_at is not null`, a.ID); n != 0 {
		t.Fatal("a wrong code turned the second factor on")
	}
	secret, codes := enrol(t, srv, c)
	if n := count(t, srv, `select count(*) from user_recovery_codes where user_id = $1 and used_at is null`, a.ID); n != auth.RecoveryCodes {
		t.Errorf("%d recovery codes stored", n)
	}
	if n := count(t, srv, `select count(*) from user_recovery_codes where user_id = $1 and code_hash = any($2)`, a.ID, codes); n != 0 {
		t.Error("recovery codes are stored as they are shown")
	}
	if n := count(t, srv, `select count(*) from audit_log where entity = 'user' and entity_id = $1 and summary like 'Ieslēgta divpakāpju%'`, strconv.FormatInt(a.ID, 10)); n != 1 {
		t.Errorf("%d audit entries of turning it on", n)
	}

	// The password alone signs nobody in.
	half := srv.Anonymous(t)
	res = half.PostForm(t, "/login", url.Values{"username": {a.Username}, "password": {goodPassword}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/login/code" {
		t.Fatalf("password of an account with a second factor: %d → %q", res.StatusCode, res.Header.Get("Location"))
	}
	if res := half.Get(t, "/account"); res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login") {
		t.Errorf("after the password only, /account: %d → %q", res.StatusCode, res.Header.Get("Location"))
	}
	// The code of the step enrolment used is spent already.
	used, _ := auth.CodeAt(secret, srv.Clock.Now())
	if res := half.PostForm(t, "/login/code", url.Values{"code": {used}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("the code enrolment used, again: %d, want 422", res.StatusCode)
	}
	srv.Clock.Advance(30 * time.Second)
	next, _ := auth.CodeAt(secret, srv.Clock.Now())
	if res := half.PostForm(t, "/login/code", url.Values{"code": {next}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("the next code: %d, want 303", res.StatusCode)
	}
	if res := half.Get(t, "/account"); res.StatusCode != http.StatusOK || !strings.Contains(res.Body, "Divpakāpju pieteikšanās: ieslēgta.") {
		t.Errorf("signed in with the code, /account: %d", res.StatusCode)
	}
	// Seen over a shoulder: the same code in another sign-in is refused.
	if _, res := signInStep(t, srv, a.Username, next); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("a code used once, used again: %d, want 422", res.StatusCode)
	}

	// A recovery code works once, typed any way.
	typed := strings.ToUpper(strings.ReplaceAll(codes[3], "-", " "))
	if _, res := signInStep(t, srv, a.Username, typed); res.StatusCode != http.StatusSeeOther {
		t.Errorf("a recovery code: %d, want 303", res.StatusCode)
	}
	if _, res := signInStep(t, srv, a.Username, codes[3]); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("a recovery code used again: %d, want 422", res.StatusCode)
	}

	// Turning it off takes a code.
	if res := half.PostForm(t, "/account/two-factor/disable", url.Values{"code": {"123456"}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("turning off with a wrong code: %d, want 422", res.StatusCode)
	}
	srv.Clock.Advance(30 * time.Second)
	now, _ := auth.CodeAt(secret, srv.Clock.Now())
	if res := half.PostForm(t, "/account/two-factor/disable", url.Values{"code": {now}}); res.StatusCode != http.StatusSeeOther {
		t.Errorf("turning off: %d, want 303", res.StatusCode)
	}
	if _, res := signInStep(t, srv, a.Username, ""); res.Header.Get("Location") != "/" {
		t.Errorf("with it off, the password signs in again: → %q", res.Header.Get("Location"))
	}
}

// Wrong codes are failed sign-ins: after a few in a row the user name
// waits, as after wrong passwords.
func TestWrongCodesAreFailedSignIns(t *testing.T) {
	srv := apptest.New(t)
	srv.Clock.Set(t, time.Date(2026, 12, 7, 9, 30, 0, 0, i18n.Riga))
	a := create(t, srv, srv.Client(t, "admin"), "koda.minetajs", "Pēteris Kalns", "staff")
	c, _ := signInStep(t, srv, a.Username, "")
	enrol(t, srv, c)
	half := srv.Anonymous(t)
	half.PostForm(t, "/login", url.Values{"username": {a.Username}, "password": {goodPassword}})
	var last int
	for range auth.FreeFailures + 1 {
		last = half.PostForm(t, "/login/code", url.Values{"code": {"999999"}}).StatusCode
	}
	if last != http.StatusTooManyRequests {
		t.Errorf("after %d wrong codes: %d, want 429", auth.FreeFailures+1, last)
	}
	if n := count(t, srv, `select count(*) from login_attempts where username = $1 and outcome = 'failure'`, a.Username); n != auth.FreeFailures {
		t.Errorf("%d failures recorded, want %d", n, auth.FreeFailures)
	}
}

// An administrator without a second factor can open nothing but its
// enrolment, and cannot turn it off once on.
func TestAdministratorMustHaveASecondFactor(t *testing.T) {
	srv := apptest.New(t)
	srv.Clock.Set(t, time.Date(2026, 12, 7, 10, 0, 0, 0, i18n.Riga))
	a := create(t, srv, srv.Client(t, "admin"), "otrs.admins", "Jānis Zariņš", "admin")
	c, _ := signInStep(t, srv, a.Username, "")
	if res := c.Get(t, "/admin/users"); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/account/two-factor" {
		t.Fatalf("an administrator without a second factor, /admin/users: %d → %q", res.StatusCode, res.Header.Get("Location"))
	}
	page := c.Get(t, "/account/two-factor")
	if !strings.Contains(page.Body, "Administratora kontam divpakāpju pieteikšanās ir obligāta.") {
		t.Error("the enrolment page does not say why")
	}
	secret, _ := enrol(t, srv, c)
	if res := c.Get(t, "/admin/users"); res.StatusCode != http.StatusOK {
		t.Errorf("with the second factor on, /admin/users: %d", res.StatusCode)
	}
	srv.Clock.Advance(30 * time.Second)
	code, _ := auth.CodeAt(secret, srv.Clock.Now())
	res := c.PostForm(t, "/account/two-factor/disable", url.Values{"code": {code}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `role="alert" tabindex="-1"><p>Administratora kontam divpakāpju pieteikšanos izslēgt nevar.`) {
		t.Errorf("an administrator turning it off: %d", res.StatusCode)
	}
	if n := count(t, srv, `select count(*) from users where id = $1 and totp_enabled_at is not null`, a.ID); n != 1 {
		t.Error("the administrator's second factor was turned off")
	}
}

// A user who lost both the phone and the recovery codes: the administrator
// turns the second factor off, audited, and the password signs in again.
// The administrator's own is not turned off that way.
func TestAdministratorResetsALostSecondFactor(t *testing.T) {
	srv := apptest.New(t)
	srv.Clock.Set(t, time.Date(2026, 12, 7, 11, 0, 0, 0, i18n.Riga))
	admin := srv.Client(t, "admin")
	a := create(t, srv, admin, "pazaudeja.talruni", "Līga Sproģe", "staff")
	c, _ := signInStep(t, srv, a.Username, "")
	enrol(t, srv, c)
	if page := admin.Get(t, path(a, "")); !strings.Contains(page.Body, "/two-factor/reset") {
		t.Fatal("the account's page offers no reset of its second factor")
	}
	if res := admin.PostForm(t, path(a, "/two-factor/reset"), url.Values{}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("the reset: %d", res.StatusCode)
	}
	if n := count(t, srv, `select count(*) from users where id = $1 and totp_enabled_at is null and totp_secret is null`, a.ID) +
		count(t, srv, `select count(*) from user_recovery_codes where user_id = $1`, a.ID); n != 1 {
		t.Error("the second factor or its recovery codes are still there")
	}
	if n := count(t, srv, `select count(*) from audit_log where entity = 'user' and entity_id = $1 and summary like 'Administrators izslēdza%'`, strconv.FormatInt(a.ID, 10)); n != 1 {
		t.Errorf("%d audit entries of the reset", n)
	}
	if _, res := signInStep(t, srv, a.Username, ""); res.Header.Get("Location") != "/" {
		t.Errorf("after the reset the password signs in: → %q", res.Header.Get("Location"))
	}
	self := load(t, srv, "admin")
	if res := admin.PostForm(t, path(self, "/two-factor/reset"), url.Values{}); res.StatusCode != http.StatusForbidden {
		t.Errorf("the administrator resetting their own: %d, want 403", res.StatusCode)
	}
}
