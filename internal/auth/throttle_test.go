package auth_test

import (
	"context"
	"fmt"
	"net/http"
	"net/netip"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/daugavpils/prdesk/internal/app"
	"github.com/daugavpils/prdesk/internal/apptest"
	"github.com/daugavpils/prdesk/internal/auth"
)

// behindProxy is an app of its own that believes X-Forwarded-For from the
// test's client (127.0.0.1), so a test can sign in from any address; its
// clock is stopped at a Monday morning.
func behindProxy(t *testing.T) *apptest.Server {
	t.Helper()
	srv := apptest.NewWithConfig(t, func(c *app.Config) {
		c.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32"), netip.MustParsePrefix("::1/128")}
	})
	srv.Clock.Set(t, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	return srv
}

// loginFrom signs in as username through the trusted proxy for a client at addr.
func loginFrom(t *testing.T, srv *apptest.Server, addr, username, password string) *apptest.Response {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, srv.URL+"/login",
		strings.NewReader(url.Values{"username": {username}, "password": {password}}.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", srv.URL)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	req.Header.Set("X-Forwarded-For", addr)
	return srv.Anonymous(t).Do(t, req)
}

// outcomes counts a user name's attempts by outcome.
func outcomes(t *testing.T, srv *apptest.Server, username string) map[string]int {
	t.Helper()
	rows, err := srv.Pool.Query(context.Background(),
		`select outcome, count(*) from login_attempts where username = $1 group by outcome`, username)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var o string
		var n int
		if err := rows.Scan(&o, &n); err != nil {
			t.Fatal(err)
		}
		out[o] = n
	}
	return out
}

var waitSeconds = regexp.MustCompile(`Mēģiniet vēlreiz pēc (\d+) s\.`)

// refusedFor checks a refusal for the user name's wait and says how many
// seconds it asked to wait.
func refusedFor(t *testing.T, res *apptest.Response) string {
	t.Helper()
	if res.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("status %d, want 429", res.StatusCode)
	}
	m := waitSeconds.FindStringSubmatch(res.Body)
	if m == nil {
		t.Fatalf("the refusal does not say how long to wait: %s", regexp.MustCompile(`(?s)<div class="error-summary".*?</div>`).FindString(res.Body))
	}
	if res.Header.Get("Retry-After") != m[1] {
		t.Errorf("Retry-After %q, the page says %s s", res.Header.Get("Retry-After"), m[1])
	}
	if strings.Contains(res.Body, "%!") {
		t.Error("the message shows a formatting error")
	}
	return m[1]
}

// Five wrong passwords from anywhere used to lock the name out for 15
// minutes, again and again. Now guessing from another address slows that
// address's guesses down, doubling up to a minute, while the owner signs in
// from where they always do at once; and from a new address within a minute.
func TestAnotherAddressCannotLockTheOwnerOut(t *testing.T) {
	srv := behindProxy(t)
	createUser(t, srv, "owner.ozola", "correct horse battery", auth.RoleStaff)
	const office, attacker, newPC = "10.9.0.1", "203.0.113.7", "10.9.0.2"
	if res := loginFrom(t, srv, office, "owner.ozola", "correct horse battery"); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("the owner's first sign-in: %d", res.StatusCode)
	}

	for i := range auth.FreeFailures {
		if res := loginFrom(t, srv, attacker, "owner.ozola", fmt.Sprintf("guess %d", i)); res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("guess %d: %d, want 422", i+1, res.StatusCode)
		}
	}
	// The next guess must wait 2 s, the one after 4 s, … up to a minute;
	// guessing during the wait is refused and counts for nothing.
	var waits []string
	for range 8 {
		wait := refusedFor(t, loginFrom(t, srv, attacker, "owner.ozola", "guess again"))
		waits = append(waits, wait)
		refusedFor(t, loginFrom(t, srv, attacker, "owner.ozola", "and again"))
		var s int
		fmt.Sscan(wait, &s)
		srv.Clock.Advance(time.Duration(s) * time.Second)
		if res := loginFrom(t, srv, attacker, "owner.ozola", "guess after the wait"); res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("a guess after waiting %s s: %d, want 422", wait, res.StatusCode)
		}
	}
	if got := strings.Join(waits, ","); got != "2,4,8,16,32,60,60,60" {
		t.Errorf("waits %s s, want doubling from 2 up to 60", got)
	}
	if got := outcomes(t, srv, "owner.ozola"); got["failure"] != 3+8 || got["delayed"] != 16 {
		t.Errorf("attempts stored %v: want 11 failures and 16 delayed", got)
	}

	// The owner at the office is not held up at all.
	if res := loginFrom(t, srv, office, "owner.ozola", "correct horse battery"); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("the owner at the office during the attack: %d, want 303", res.StatusCode)
	}
	// From a computer never used before, the owner waits at most a minute.
	for range auth.FreeFailures + 6 {
		srv.Clock.Advance(auth.MaxDelay)
		loginFrom(t, srv, attacker, "owner.ozola", "guess")
	}
	refusedFor(t, loginFrom(t, srv, newPC, "owner.ozola", "correct horse battery"))
	srv.Clock.Advance(auth.MaxDelay)
	if res := loginFrom(t, srv, newPC, "owner.ozola", "correct horse battery"); res.StatusCode != http.StatusSeeOther {
		t.Errorf("the owner from a new computer after a minute: %d, want 303", res.StatusCode)
	}
}

// The owner's own mistakes at the office slow the office down too, and a
// success starts the count again.
func TestOwnMistakesWaitAndASuccessForgivesThem(t *testing.T) {
	srv := behindProxy(t)
	createUser(t, srv, "owner.kalna", "correct horse battery", auth.RoleStaff)
	const office = "10.9.1.1"
	loginFrom(t, srv, office, "owner.kalna", "correct horse battery")
	for range auth.FreeFailures {
		loginFrom(t, srv, office, "owner.kalna", "typo")
	}
	if wait := refusedFor(t, loginFrom(t, srv, office, "owner.kalna", "correct horse battery")); wait != "2" {
		t.Errorf("wait %s s, want 2", wait)
	}
	srv.Clock.Advance(2 * time.Second)
	if res := loginFrom(t, srv, office, "owner.kalna", "correct horse battery"); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("after the wait: %d", res.StatusCode)
	}
	for range auth.FreeFailures {
		if res := loginFrom(t, srv, office, "owner.kalna", "typo"); res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("a mistake after a success: %d, want 422 (the count starts again)", res.StatusCode)
		}
	}
}

// One address guessing many user names is stopped after AddressFailures
// failures for AddressWindow; other addresses are not.
func TestAnAddressGuessingIsStopped(t *testing.T) {
	srv := behindProxy(t)
	createUser(t, srv, "owner.liepa", "correct horse battery", auth.RoleStaff)
	createUser(t, srv, "owner.sharing", "correct horse battery", auth.RoleStaff)
	const guesser = "198.51.100.23"
	// Someone who signs in from the same address (the same office router).
	if res := loginFrom(t, srv, guesser, "owner.sharing", "correct horse battery"); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign-in from the shared address: %d", res.StatusCode)
	}
	for i := range auth.AddressFailures {
		if res := loginFrom(t, srv, guesser, fmt.Sprintf("name-%d", i), "guess"); res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("guess %d: %d, want 422", i+1, res.StatusCode)
		}
		srv.Clock.Advance(time.Second)
	}
	res := loginFrom(t, srv, guesser, "owner.liepa", "correct horse battery")
	if res.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("from the guessing address: %d, want 429", res.StatusCode)
	}
	// The first failure was 30 s ago; it leaves the window in 14.5 minutes.
	if !strings.Contains(res.Body, "No šīs adreses ir pārāk daudz neveiksmīgu pieteikšanās mēģinājumu. Mēģiniet vēlreiz pēc 15 min") ||
		res.Header.Get("Retry-After") != "870" || strings.Contains(res.Body, "%!") {
		t.Errorf("the refusal says %q (Retry-After %q)", regexp.MustCompile(`(?s)<div class="error-summary".*?</div>`).FindString(res.Body), res.Header.Get("Retry-After"))
	}
	if got := outcomes(t, srv, "owner.liepa"); got["throttled"] != 1 || got["failure"] != 0 {
		t.Errorf("attempts stored %v: want one throttled", got)
	}
	if res := loginFrom(t, srv, "198.51.100.24", "owner.liepa", "correct horse battery"); res.StatusCode != http.StatusSeeOther {
		t.Errorf("from another address: %d, want 303", res.StatusCode)
	}
	if res := loginFrom(t, srv, guesser, "owner.sharing", "correct horse battery"); res.StatusCode != http.StatusSeeOther {
		t.Errorf("someone who signs in from the guessing address as a rule: %d, want 303", res.StatusCode)
	}
	srv.Clock.Advance(auth.AddressWindow - 30*time.Second)
	if res := loginFrom(t, srv, guesser, "owner.liepa", "correct horse battery"); res.StatusCode != http.StatusSeeOther {
		t.Errorf("from the guessing address once its failures are old: %d, want 303", res.StatusCode)
	}
}

// X-Forwarded-For names the client only when it comes from a proxy of
// TRUSTED_PROXIES, and then its last hop: what a client writes into the
// header itself is never believed.
func TestForwardedForIsBelievedOnlyFromTrustedProxies(t *testing.T) {
	lastAddress := func(srv *apptest.Server, username string) string {
		var a string
		if err := srv.Pool.QueryRow(context.Background(),
			`select remote_addr from login_attempts where username = $1 order by id desc limit 1`, username).Scan(&a); err != nil {
			t.Fatal(err)
		}
		return a
	}
	loginFrom(t, apptest.New(t), "203.0.113.99", "xff.untrusted", "x")
	if got := lastAddress(apptest.New(t), "xff.untrusted"); got != "127.0.0.1" {
		t.Errorf("without TRUSTED_PROXIES the address is %q, want the connection's 127.0.0.1", got)
	}
	srv := behindProxy(t)
	for header, want := range map[string]string{
		"198.51.100.1, 203.0.113.98":   "203.0.113.98",
		"203.0.113.97":                 "203.0.113.97",
		"spoofed, 203.0.113.96":        "203.0.113.96",
		"203.0.113.95, 127.0.0.1":      "203.0.113.95", // through two proxies of ours
		"[2001:db8::1]:4711":           "2001:db8::1",
		"not an address":               "127.0.0.1",
		"198.51.100.1, not an address": "127.0.0.1",
	} {
		name := "xff." + strings.NewReplacer(" ", "", ",", "-", ":", "", "[", "", "]", "").Replace(header)
		loginFrom(t, srv, header, name, "x")
		if got := lastAddress(srv, name); got != want {
			t.Errorf("X-Forwarded-For %q from a trusted proxy: address %q, want %q", header, got, want)
		}
	}
}

func TestTrustedProxiesSetting(t *testing.T) {
	env := func(v string) func(string) string {
		return func(k string) string {
			if k == "TRUSTED_PROXIES" {
				return v
			}
			return ""
		}
	}
	cfg, err := app.FromEnv(env("10.0.0.0/8, 192.168.1.5 ::1,fd00::/8"))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range cfg.TrustedProxies {
		got = append(got, p.String())
	}
	if strings.Join(got, " ") != "10.0.0.0/8 192.168.1.5/32 ::1/128 fd00::/8" {
		t.Errorf("TRUSTED_PROXIES read as %v", got)
	}
	for _, bad := range []string{"proxy.local", "10.0.0.0/33", "10.0.0.1/8/8"} {
		if _, err := app.FromEnv(env(bad)); err == nil || !strings.Contains(err.Error(), "TRUSTED_PROXIES") {
			t.Errorf("TRUSTED_PROXIES=%q: err %v, want a refusal", bad, err)
		}
	}
}

// The administrator sees every attempt with its time, user name, address
// and outcome, filters by user name and address, and pages back.
func TestAdministratorSeesSignInAttempts(t *testing.T) {
	srv := behindProxy(t)
	createUser(t, srv, "listed.berza", "correct horse battery", auth.RoleStaff)
	loginFrom(t, srv, "10.9.2.1", "listed.berza", "correct horse battery")
	for i := range 60 {
		srv.Clock.Advance(time.Minute)
		loginFrom(t, srv, "10.9.2.2", "listed.berza", fmt.Sprintf("typo %d", i))
	}
	admin := srv.SignIn(t, "admin", "demo")

	res := admin.Get(t, "/admin/logins?username=Listed.Berza")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("list: %d", res.StatusCode)
	}
	rows := regexp.MustCompile(`(?s)<tr>\s*<td>.*?</tr>`).FindAllString(res.Body, -1)
	if len(rows) != auth.AttemptsPage {
		t.Fatalf("%d rows on the first page, want %d", len(rows), auth.AttemptsPage)
	}
	for _, want := range []string{"02.03.2026. 12:00", "listed.berza", "10.9.2.2", "Nepareiza parole vai lietotājvārds", `class="badge bad"`} {
		if !strings.Contains(rows[0], want) {
			t.Errorf("the newest row lacks %q: %s", want, rows[0])
		}
	}
	next := regexp.MustCompile(`href="(\?[^"]*)" rel="next"`).FindStringSubmatch(res.Body)
	if next == nil {
		t.Fatal("no next page")
	}
	page2 := admin.Get(t, "/admin/logins"+strings.ReplaceAll(next[1], "&amp;", "&"))
	rows2 := regexp.MustCompile(`(?s)<tr>\s*<td>.*?</tr>`).FindAllString(page2.Body, -1)
	if len(rows2) == 0 || !strings.Contains(rows2[len(rows2)-1], "Pieteicās") || !strings.Contains(rows2[len(rows2)-1], "10.9.2.1") {
		t.Errorf("the second page does not end with the first sign-in: %d rows", len(rows2))
	}
	if strings.Contains(page2.Body, rows[len(rows)-1]) {
		t.Error("the second page repeats the first page's last row")
	}
	if total := len(rows) + len(rows2); total != 61 {
		t.Errorf("%d rows over two pages, want 61", total)
	}

	byAddress := admin.Get(t, "/admin/logins?remote=10.9.2.1")
	if n := len(regexp.MustCompile(`(?s)<tr>\s*<td>.*?</tr>`).FindAllString(byAddress.Body, -1)); n != 1 {
		t.Errorf("filtered by address: %d rows, want 1", n)
	}
	bad := admin.Get(t, "/admin/logins?remote=10.9.2")
	if bad.StatusCode != http.StatusUnprocessableEntity || !regexp.MustCompile(`id="remote-error"[^>]*>.*Ievadiet IP adresi`).MatchString(bad.Body) {
		t.Errorf("a bad address: %d, no message beside the field", bad.StatusCode)
	}
	if res := srv.SignIn(t, "head", "demo").Get(t, "/admin/logins"); res.StatusCode != http.StatusForbidden {
		t.Errorf("the head opens the attempts: %d, want 403", res.StatusCode)
	}
}

// Attempts are kept for KeepAttempts (the known addresses reach that far back).
func TestOldAttemptsAreRemoved(t *testing.T) {
	srv := behindProxy(t)
	loginFrom(t, srv, "10.9.3.1", "pruned.old", "x")
	srv.Clock.Advance(auth.KeepAttempts + time.Hour)
	loginFrom(t, srv, "10.9.3.1", "pruned.new", "x")
	if _, err := auth.PruneAttempts(context.Background(), srv.Pool, srv.Clock.Now().Add(-auth.KeepAttempts)); err != nil {
		t.Fatal(err)
	}
	if old, recent := outcomes(t, srv, "pruned.old"), outcomes(t, srv, "pruned.new"); len(old) != 0 || recent["failure"] != 1 {
		t.Errorf("after removing: old %v, recent %v", old, recent)
	}
}
