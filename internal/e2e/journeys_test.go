package e2e_test

import (
	"bytes"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/daugavpils/prdesk/internal/demo"
	"github.com/daugavpils/prdesk/internal/petitions/petitionstest"
)

// TestJourneys walks every journey in one Chromium: starting the browser
// costs more than all the journeys together. Each journey gets its own tab
// with its own cookies, and the journeys run side by side.
func TestJourneys(t *testing.T) {
	b := startBrowser(t)
	t.Run("SignInAndOut", func(t *testing.T) { signInAndOut(t, b) })
	t.Run("WrongPassword", func(t *testing.T) { t.Parallel(); wrongPassword(t, b) })
	t.Run("SkipLink", func(t *testing.T) { t.Parallel(); skipLink(t, b) })
	t.Run("Accessibility", func(t *testing.T) { accessibility(t, b) })
	t.Run("Petitions", func(t *testing.T) { petitionsJourney(t, b) }) // not parallel: it works the shared mail queue
	t.Run("Visitors", func(t *testing.T) { visitorsJourney(t, b) })   // not parallel: it works the shared mail queue
	t.Run("Press", func(t *testing.T) { pressJourney(t, b) })         // not parallel: it works the shared mail queue
	t.Run("Monitoring", func(t *testing.T) { t.Parallel(); monitoringJourney(t, b) })
	t.Run("MonitoringInbox", func(t *testing.T) { t.Parallel(); monitoringInboxJourney(t, b) })
	t.Run("Layout", func(t *testing.T) { t.Parallel(); layout(t, b) })
	t.Run("NoPolicyViolations", func(t *testing.T) { t.Parallel(); noPolicyViolations(t, b) })
	t.Run("MenuOnATablet", func(t *testing.T) { t.Parallel(); menuOnATablet(t, b) })
	t.Run("CharacterCount", func(t *testing.T) { t.Parallel(); characterCount(t, b) })
	t.Run("Printing", func(t *testing.T) { t.Parallel(); printing(t, b) })
	t.Run("PetitionsLongNames", func(t *testing.T) { t.Parallel(); petitionsLongNames(t, b) })
}

// characterCount: a long field says how many characters it has left, in
// Latvian with its plural, and the browser does not cut a pasted text:
// the server refuses it beside the field and gives back what was typed.
func characterCount(t *testing.T, b *browser) {
	tb := b.newTab(t)
	tb.signInAs("staff")
	tb.open("/petitions/new")
	if eval[bool](tb, "maxlength", `document.getElementById('subject').hasAttribute('maxlength')`) {
		t.Fatal("the subject field tells the browser to cut at its limit")
	}
	count := func(n int) string {
		return eval[string](tb, "count", fmt.Sprintf(`(() => {
			const f = document.getElementById('subject');
			f.value = 'ā'.repeat(%d);
			f.dispatchEvent(new Event('input'));
			return document.getElementById('subject-count').textContent;
		})()`, n))
	}
	for n, want := range map[int]string{
		0: "Atlikušas 300 rakstzīmes.", 279: "Atlikusi 21 rakstzīme.", 289: "Atlikušas 11 rakstzīmes.",
		299: "Atlikusi 1 rakstzīme.", 300: "Atlikušas 0 rakstzīmes.", 305: "Par 5 rakstzīmēm par daudz.", 321: "Par 21 rakstzīmi par daudz.",
	} {
		if got := count(n); got != want {
			t.Errorf("%d characters typed: the count says %q, want %q", n, got, want)
		}
	}
	long := strings.Repeat("Ielu apgaismojums ", 600) // 10 800 characters
	tb.do("type a long subject", chromedp.SetValue(chromedp.CSS("#subject"), long))
	tb.clickAndLoad(`form[action="/petitions/new"] button[type=submit]`)
	if got := tb.text("#subject-error"); !strings.Contains(got, "300") {
		t.Errorf("the error beside the subject is %q", got)
	}
	if got := run(tb, "subject", chromedp.Value(chromedp.CSS("#subject"))); got != strings.TrimSpace(long) {
		t.Errorf("the subject came back %d characters long, want the %d typed", len([]rune(got)), len([]rune(strings.TrimSpace(long))))
	}
}

// menuOnATablet: on a narrow screen the navigation (sixteen links for the
// head) folds away behind a menu button that opens it in place with the
// script, and as a link to #nav without it; on a wide screen it is open.
func menuOnATablet(t *testing.T, b *browser) {
	tb := b.newTab(t)
	tb.signInAs("head")
	visible := func() bool {
		return eval[bool](tb, "navigation shown", `getComputedStyle(document.getElementById('nav')).display !== 'none'`)
	}
	tb.do("tablet", chromedp.EmulateViewport(768, 1024))
	tb.open("/petitions")
	if visible() {
		t.Fatal("on a 768px screen the navigation is open before the menu is asked for")
	}
	if got := eval[string](tb, "menu button", `document.querySelector('.menu-button').getAttribute('aria-expanded')`); got != "false" {
		t.Errorf("the menu button's aria-expanded is %q, want false", got)
	}
	tb.do("open the menu", chromedp.Click(chromedp.CSS(".menu-button"), chromedp.NodeVisible))
	if !visible() {
		t.Fatal("the menu button did not open the navigation")
	}
	if got := eval[string](tb, "focus", `document.activeElement.closest('#nav') ? 'nav' : document.activeElement.tagName`); got != "nav" {
		t.Errorf("after opening the menu the focus is on %s, want a link of the navigation", got)
	}
	if got := eval[string](tb, "menu button", `document.querySelector('.menu-button').getAttribute('aria-expanded')`); got != "true" {
		t.Errorf("the open menu's aria-expanded is %q", got)
	}
	// Without scripts the button is a link to #nav, which opens it.
	tb.open("/petitions#nav")
	if !visible() {
		t.Error("/petitions#nav does not show the navigation")
	}
	tb.do("desktop", chromedp.EmulateViewport(1280, 800))
	tb.open("/petitions")
	if !visible() {
		t.Error("on a 1280px screen the navigation is folded away")
	}
	if eval[bool](tb, "menu button shown", `getComputedStyle(document.querySelector('.menu-button')).display !== 'none'`) {
		t.Error("on a 1280px screen the menu button shows")
	}
}

// noPolicyViolations: nothing on the pages asks for what the
// Content-Security-Policy refuses (htmx's inline indicator styles did, on
// every page), so the browser's console stays clean.
func noPolicyViolations(t *testing.T, b *browser) {
	tb := b.newTab(t)
	tb.signInAs("head")
	for _, path := range []string{"/", "/petitions", "/visitors", "/visitors/board", "/account"} {
		tb.open(path)
		// open waits for the load event, after the deferred scripts (htmx
		// adds its styles as it starts) have run.
		if !eval[bool](tb, "htmx", `!!window.htmx`) {
			t.Fatalf("%s: htmx did not start", path)
		}
		if v := tb.cspViolations(); len(v) > 0 {
			t.Errorf("%s: the policy refused %v", path, v)
		}
		if n := eval[int](tb, "inline styles", `document.querySelectorAll('style').length`); n > 0 {
			t.Errorf("%s: %d inline <style> elements", path, n)
		}
	}
}

// navigation is what each demo role must and must not find in its menu,
// written out from the regulation rather than read back from the
// permission table, so a wrong grant shows here.
var navigation = map[string]struct{ sees, hidden []string }{
	"admin":    {[]string{"/admin/users", "/admin/audit", "/admin/calendar"}, []string{"/petitions", "/visitors", "/press", "/reports", "/tasks"}},
	"head":     {[]string{"/petitions", "/visitors", "/press", "/tasks", "/reports"}, []string{"/admin/users", "/admin/audit"}},
	"staff":    {[]string{"/petitions", "/press", "/marketing", "/tasks"}, []string{"/reports", "/admin/users"}},
	"clerk":    {[]string{"/visitors", "/petitions", "/contacts", "/monitoring"}, []string{"/press", "/tasks", "/reports", "/admin/users"}},
	"director": {[]string{"/reports", "/petitions", "/monitoring"}, []string{"/press", "/visitors", "/tasks", "/admin/users"}},
	"chair":    {[]string{"/petitions", "/visitors", "/monitoring"}, []string{"/press", "/reports", "/tasks", "/admin/users"}},
	"deputy":   {[]string{"/visitors", "/monitoring"}, []string{"/petitions", "/press", "/reports", "/tasks", "/admin/users"}},
	"unit":     {[]string{"/press/statements", "/monitoring"}, []string{"/petitions", "/visitors", "/press", "/contacts", "/reports", "/admin/users"}},
}

func signInAndOut(t *testing.T, b *browser) {
	for _, acc := range demo.Accounts {
		want, ok := navigation[acc.Username]
		if !ok {
			t.Errorf("demo account %s has no expected navigation in this test", acc.Username)
			continue
		}
		t.Run(acc.Username, func(t *testing.T) {
			t.Parallel()
			tb := b.newTab(t)
			tb.signInAs(acc.Username)

			if got := tb.text(`.masthead a[href="/account"]`); got != acc.FullName {
				t.Errorf("masthead names %q, want %q", got, acc.FullName)
			}
			links := eval[[]string](tb, "navigation links",
				`[...document.querySelectorAll('nav.sidenav a')].map(a => a.getAttribute('href'))`)
			for _, p := range want.sees {
				if !slices.Contains(links, p) {
					t.Errorf("%s: navigation lacks %s (has %v)", acc.Username, p, links)
				}
			}
			for _, p := range want.hidden {
				if slices.Contains(links, p) {
					t.Errorf("%s: navigation offers %s, which the role may not use", acc.Username, p)
				}
			}

			tb.clickAndLoad(`form[action="/logout"] button[type=submit]`)
			if p := tb.path(); p != "/login" {
				t.Fatalf("after signing out the browser is at %s, want /login", p)
			}
			if got := tb.text(".flash"); got != "Jūs izgājāt no sistēmas." {
				t.Errorf("sign-out message %q", got)
			}
			// The session is gone, not just the page: home sends back to sign-in.
			tb.open("/")
			if p := tb.path(); p != "/login" {
				t.Errorf("after signing out / opened at %s, want /login", p)
			}
		})
	}
}

func wrongPassword(t *testing.T, b *browser) {
	tb := b.newTab(t)
	tb.signIn("staff", "not-the-password")
	if p := tb.path(); p != "/login" {
		t.Fatalf("a wrong password led to %s, want to stay on /login", p)
	}
	if got := tb.text("#login-error"); got != "Nepareizs lietotājvārds vai parole." {
		t.Errorf("error message %q", got)
	}
	// The name stays filled in, so only the password has to be typed again.
	if got := run(tb, "user name", chromedp.Value(chromedp.CSS("input[name=username]"))); got != "staff" {
		t.Errorf("user name field holds %q after the failure, want staff", got)
	}
	if got := eval[string](tb, "focus", `document.activeElement.id`); got != "login-error" {
		t.Errorf("focus is on %q after the failure, want the error message (login-error)", got)
	}
}

func skipLink(t *testing.T, b *browser) {
	tb := b.newTab(t)
	tb.signInAs("head")
	tb.do("press Tab", chromedp.KeyEvent(kb.Tab))
	first := eval[string](tb, "first Tab stop",
		`document.activeElement.className + ' ' + document.activeElement.getAttribute('href')`)
	if first != "skip-link #content" {
		t.Fatalf("the first Tab stop is %q, want the skip link to #content", first)
	}
	// Hidden until focused: then it must be on screen, or a sighted keyboard
	// user cannot see where focus went.
	if !eval[bool](tb, "skip link on screen", `(() => {
		const r = document.activeElement.getBoundingClientRect();
		return r.left >= 0 && r.top >= 0 && r.width > 0 && r.right <= innerWidth;
	})()`) {
		t.Error("the focused skip link is off screen")
	}
	tb.do("press Enter", chromedp.KeyEvent(kb.Enter))
	if got := eval[string](tb, "focus after the skip link", `document.activeElement.id`); got != "content" {
		t.Errorf("after following the skip link focus is on %q, want #content", got)
	}
}

// axeTags are the rule sets of WCAG 2.1 level AA, which the municipality's
// sites must meet.
const axeRun = `axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})
	.then(r => ({
		violations: r.violations.map(v => ({
			id: v.id, impact: v.impact || '', help: v.help,
			nodes: v.nodes.map(n => ({target: n.target.map(String).join(' '), summary: n.failureSummary || ''})),
		})),
		incomplete: r.incomplete.map(v => v.id),
	}))`

type axeResult struct {
	Violations []struct {
		ID     string `json:"id"`
		Impact string `json:"impact"`
		Help   string `json:"help"`
		Nodes  []struct {
			Target  string `json:"target"`
			Summary string `json:"summary"`
		} `json:"nodes"`
	} `json:"violations"`
	Incomplete []string `json:"incomplete"`
}

func accessibility(t *testing.T, b *browser) {
	axe, err := os.ReadFile(filepath.Join("..", "..", "testdata", "axe-core-4.14.1.min.js"))
	if err != nil {
		t.Fatalf("axe-core: %v", err)
	}
	pages := []struct {
		name, user, path string
		before           func(*tab)
	}{
		{name: "sign-in", path: "/login"},
		{name: "sign-in with an error", before: func(tb *tab) { tb.signIn("nobody", "wrong") }},
		{name: "home as head", user: "head", path: "/"},
		{name: "home as admin", user: "admin", path: "/"},
		{name: "users as admin", user: "admin", path: "/admin/users"},
		{name: "audit log as admin", user: "admin", path: "/admin/audit"},
		{name: "sign-in attempts as admin", user: "admin", path: "/admin/logins"},
		{name: "access given as head", user: "head", path: "/admin/access"},
		{name: "calendar as admin", user: "admin", path: "/admin/calendar"},
		{name: "recomputed due dates as staff", user: "staff", path: "/petitions/moved"},
		{name: "planned area as head", user: "head", path: "/press"},
		{name: "data subject's request as staff", user: "staff", path: "/privacy"},
		{name: "data subject's request found", user: "staff", path: "/privacy", before: func(tb *tab) {
			petitionstest.Register(t, b.srv.Pool, petitionstest.Sub{Name: "Ņina Pieprasītāja", Code: "", Subject: "Ūdens noplūde Ģimnāzijas ielā"})
			tb.do("look the person up", chromedp.SendKeys(chromedp.CSS("#name"), "nina pieprasitaja", chromedp.NodeVisible))
			tb.clickAndLoad(`main form[role=search] button[type=submit]`)
			if n := eval[int](tb, "records", `document.querySelectorAll('[data-testid=privacy-record]').length`); n != 1 {
				t.Fatalf("%d records found", n)
			}
		}},
		{name: "data subject's request refused", user: "staff", path: "/privacy", before: func(tb *tab) {
			tb.do("type a wrong phone", chromedp.SendKeys(chromedp.CSS("#phone"), "12ab", chromedp.NodeVisible))
			tb.clickAndLoad(`main form[role=search] button[type=submit]`)
		}},
	}
	for _, pg := range pages {
		t.Run(pg.name, func(t *testing.T) {
			t.Parallel()
			tb := b.newTab(t)
			if pg.user != "" {
				tb.signInAs(pg.user)
			}
			if pg.path != "" {
				tb.open(pg.path)
				if p := tb.path(); p != pg.path {
					t.Fatalf("opening %s landed on %s", pg.path, p)
				}
			}
			if pg.before != nil {
				pg.before(tb)
			}
			eval[chromedp.Void](tb, "load axe-core", string(axe))
			res := eval[axeResult](tb, "axe.run", axeRun, chromedp.EvalAwaitPromise)
			if len(res.Incomplete) > 0 {
				t.Logf("axe could not decide (check by hand): %s", strings.Join(res.Incomplete, ", "))
			}
			if len(res.Violations) == 0 {
				return
			}
			var msg strings.Builder
			for _, v := range res.Violations {
				fmt.Fprintf(&msg, "\n  %s (%s): %s", v.ID, v.Impact, v.Help)
				for _, n := range v.Nodes {
					fmt.Fprintf(&msg, "\n    at %s", n.Target)
					if n.Summary != "" {
						fmt.Fprintf(&msg, " — %s", strings.ReplaceAll(n.Summary, "\n", " "))
					}
				}
			}
			t.Errorf("%s (%s): %d WCAG 2.1 AA violations:%s", pg.name, tb.path(), len(res.Violations), msg.String())
		})
	}
}

// layout photographs the home page at a desktop and a tablet size and checks
// that nothing makes the page scroll sideways. PRDESK_SCREENSHOT_DIR keeps
// the pictures for a person to look at.
func layout(t *testing.T, b *browser) {
	dir := os.Getenv("PRDESK_SCREENSHOT_DIR")
	if dir == "" {
		dir = t.TempDir()
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	tb := b.newTab(t)
	tb.signInAs("head")
	for _, size := range []struct {
		name          string
		width, height int64
	}{{"desktop", 1280, 800}, {"tablet", 800, 1100}} {
		tb.do("viewport "+size.name, chromedp.EmulateViewport(size.width, size.height))
		if w := eval[[]int](tb, "widths", `[document.documentElement.scrollWidth, innerWidth]`); w[0] > w[1] {
			t.Errorf("%s: the page is %dpx wide in a %dpx window and scrolls sideways", size.name, w[0], w[1])
		}
		shot := run(tb, "screenshot "+size.name, chromedp.CaptureScreenshot())
		cfg, err := png.DecodeConfig(bytes.NewReader(shot))
		if err != nil {
			t.Fatalf("%s screenshot: %v", size.name, err)
		}
		if int64(cfg.Width) != size.width || int64(cfg.Height) != size.height {
			t.Errorf("%s screenshot is %d×%d, want %d×%d", size.name, cfg.Width, cfg.Height, size.width, size.height)
		}
		file := filepath.Join(dir, fmt.Sprintf("home-head-%s-%dx%d.png", size.name, size.width, size.height))
		if err := os.WriteFile(file, shot, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("screenshot: %s", file)
	}
}
