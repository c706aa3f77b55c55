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
	t.Run("Layout", func(t *testing.T) { t.Parallel(); layout(t, b) })
	t.Run("NoPolicyViolations", func(t *testing.T) { t.Parallel(); noPolicyViolations(t, b) })
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
	"clerk":    {[]string{"/visitors", "/petitions", "/contacts"}, []string{"/press", "/tasks", "/reports", "/admin/users"}},
	"director": {[]string{"/reports", "/petitions", "/monitoring"}, []string{"/press", "/visitors", "/tasks", "/admin/users"}},
	"chair":    {[]string{"/petitions", "/visitors", "/monitoring"}, []string{"/press", "/reports", "/tasks", "/admin/users"}},
	"deputy":   {[]string{"/visitors"}, []string{"/petitions", "/press", "/reports", "/tasks", "/admin/users"}},
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
			if got := tb.text(".flash"); got != "Jūs esat izgājis no sistēmas." {
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
		{name: "calendar as admin", user: "admin", path: "/admin/calendar"},
		{name: "recomputed due dates as staff", user: "staff", path: "/petitions/moved"},
		{name: "planned area as head", user: "head", path: "/press"},
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
