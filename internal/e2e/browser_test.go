package e2e_test

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/daugavpils/prdesk/internal/apptest"
	"github.com/daugavpils/prdesk/internal/db/dbtest"
	"github.com/daugavpils/prdesk/internal/demo"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

// stepTimeout bounds one step of a journey (a page load, a click, a wait
// for a condition), so a page that never loads fails the test instead of
// hanging the suite. It bounds a step, not a journey: a journey grows with
// what it checks, and while the rest of the suite loads the machine a step
// takes several times as long as alone (a 30-second bound on a whole
// journey failed the reception journey at a load of 16 on two cores).
const stepTimeout = 60 * time.Second

// browser is one Chromium process shared by every journey of a test; each
// journey opens its own tab in its own browser context, so cookies (and
// with them sign-ins) never leak from one journey into another.
type browser struct {
	ctx context.Context
	srv *apptest.Server
}

// chromiumPath finds the browser: Debian's chromium first.
func chromiumPath() string {
	for _, name := range []string{"/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// startBrowser starts headless Chromium and the app it will visit. The
// browser stops when t ends.
func startBrowser(t *testing.T) *browser {
	t.Helper()
	path := chromiumPath()
	if path == "" {
		const msg = "Chromium is not installed (apt-get install chromium): browser journeys not run"
		if os.Getenv("PRDESK_REQUIRE_BROWSER") == "1" {
			t.Fatal(msg + ", and PRDESK_REQUIRE_BROWSER=1 requires them")
		}
		t.Skip(msg)
	}
	srv := apptest.New(t)

	// The flags suit a closed network and a root user: no sandbox (it needs
	// user namespaces), no GPU, and nothing that would call home.
	opts := append(slices.Clone(chromedp.DefaultExecAllocatorOptions[:]),
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 800),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(allocCtx)
	t.Cleanup(func() {
		cancel()
		cancelAlloc()
	})
	// Do with no action starts the browser, so later tabs share it. Its
	// context must be the browser's own: the process dies with it.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("starting Chromium (%s): %v", path, err)
	}
	return &browser{ctx: ctx, srv: srv}
}

// tab is one browser tab with its own cookies, at the app's address.
type tab struct {
	t   *testing.T
	ctx context.Context
	srv *apptest.Server
}

// newTab opens a tab on the browser's app in a fresh browser context; it
// closes when t ends.
func (b *browser) newTab(t *testing.T) *tab { return openTab(t, b, b.srv) }

// openTab opens a tab on srv, which need not be the browser's app, in a
// fresh browser context, with its own cookies; it closes when t ends.
func openTab(t *testing.T, b *browser, srv *apptest.Server) *tab {
	t.Helper()
	ctx, cancel := chromedp.NewContext(b.ctx, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	tb := &tab{t: t, ctx: ctx, srv: srv}
	// The first action creates the tab, whose event loop lives as long as
	// the context that action runs in: the tab's own, not a step's.
	err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, target *chromedp.Target) error {
		_, err := cdp.Call(ctx, target, page.AddScriptToEvaluateOnNewDocument,
			page.AddScriptToEvaluateOnNewDocumentParams{Source: recordViolations})
		return err
	}))
	if err != nil {
		t.Fatalf("open a tab and record policy violations: %v", err)
	}
	return tb
}

// step is the context of one step of the journey in tb.
func (tb *tab) step() (context.Context, context.CancelFunc) {
	return context.WithTimeout(tb.ctx, stepTimeout)
}

// recordViolations keeps every Content-Security-Policy violation of a page
// in window.cspViolations, for cspViolations to read.
const recordViolations = `window.cspViolations = [];
document.addEventListener('securitypolicyviolation',
	e => window.cspViolations.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' ' + (e.sourceFile || '') + ':' + e.lineNumber));`

// cspViolations are what the Content-Security-Policy refused on the page shown.
func (tb *tab) cspViolations() []string {
	tb.t.Helper()
	return eval[[]string](tb, "policy violations", `window.cspViolations || []`)
}

// do runs actions in the tab and fails the test on the first error.
func (tb *tab) do(what string, actions ...chromedp.Action[chromedp.Void]) {
	tb.t.Helper()
	ctx, cancel := tb.step()
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		tb.t.Fatalf("%s: %v", what, err)
	}
}

// run runs one action that returns a value and fails the test on error.
func run[T any](tb *tab, what string, action chromedp.Action[T]) T {
	tb.t.Helper()
	ctx, cancel := tb.step()
	defer cancel()
	v, err := chromedp.Run(ctx, action)
	if err != nil {
		tb.t.Fatalf("%s: %v", what, err)
	}
	return v
}

// open navigates to path on the app and waits for the page to load.
func (tb *tab) open(path string) {
	tb.t.Helper()
	tb.do("open "+path, chromedp.Navigate(tb.srv.URL+path))
}

// clickAndLoad clicks what sel finds and waits for the page it leads to.
func (tb *tab) clickAndLoad(sel string) {
	tb.t.Helper()
	ctx, cancel := tb.step()
	defer cancel()
	_, err := chromedp.Run(ctx, chromedp.WaitEvent(page.LoadEventFired, nil, chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible)))
	if err != nil {
		tb.t.Fatalf("click %s: %v", sel, err)
	}
}

// path is the path of the page the tab shows.
func (tb *tab) path() string {
	tb.t.Helper()
	loc := run(tb, "location", chromedp.Location())
	u, err := url.Parse(loc)
	if err != nil {
		tb.t.Fatalf("location %q: %v", loc, err)
	}
	return u.Path
}

// signIn fills in and sends the sign-in form as a person would.
func (tb *tab) signIn(username, password string) {
	tb.t.Helper()
	tb.srv.Enrol(tb.t, username)
	tb.open("/login")
	tb.do("fill in the sign-in form",
		chromedp.SendKeys(chromedp.CSS("input[name=username]"), username, chromedp.NodeVisible),
		chromedp.SendKeys(chromedp.CSS("input[name=password]"), password, chromedp.NodeVisible),
	)
	tb.clickAndLoad(`form[action="/login"] button[type=submit]`)
	if tb.path() == "/login/code" {
		// Sign-in takes a code once: two tabs of one account typing the
		// same code at once would refuse the second, so they type in turn,
		// each after the account's last step is forgotten.
		codeTurn.Lock()
		defer codeTurn.Unlock()
		tb.do("type the code from the authenticator app",
			chromedp.SendKeys(chromedp.CSS("input[name=code]"), tb.srv.Code(tb.t, username), chromedp.NodeVisible))
		tb.clickAndLoad(`form[action="/login/code"] button[type=submit]`)
	}
}

// codeTurn lets one tab at a time type a second-factor code.
var codeTurn sync.Mutex

// signInAs signs in with a demo account and checks it landed on the home page.
func (tb *tab) signInAs(username string) {
	tb.t.Helper()
	tb.signIn(username, demo.Password)
	if p := tb.path(); p != "/" {
		tb.t.Fatalf("after signing in as %s the browser is at %s, want /", username, p)
	}
}

// eval evaluates JavaScript in the page.
func eval[T any](tb *tab, what, js string, opts ...chromedp.EvaluateOption) T {
	tb.t.Helper()
	return run(tb, what, chromedp.Evaluate[T](js, opts...))
}

// text is the visible text of what sel finds, trimmed.
func (tb *tab) text(sel string) string {
	tb.t.Helper()
	return strings.TrimSpace(run(tb, "text of "+sel, chromedp.Text(chromedp.CSS(sel), chromedp.NodeVisible)))
}

// screenSizes are the windows every page must fit without scrolling
// sideways: a desktop; 1205 pixels, where the main column beside the menu
// is narrowest (901 pixels) with every column of a list shown; and a
// tablet, where the menu is folded away and a list's spare columns give
// way (app.css asks the main column, @container content).
var screenSizes = []struct{ width, height int64 }{{1280, 900}, {1205, 900}, {768, 1024}}

// fitsEveryScreen opens path at each of screenSizes and reports a page
// that scrolls sideways; the tab is back at 1280 px after.
func (tb *tab) fitsEveryScreen(path string) {
	tb.t.Helper()
	for _, size := range screenSizes {
		tb.do(fmt.Sprintf("viewport %d", size.width), chromedp.EmulateViewport(size.width, size.height))
		tb.open(path)
		if w := eval[[]int](tb, "widths", `[document.documentElement.scrollWidth, innerWidth]`); w[0] > w[1] {
			tb.t.Errorf("%s at %dpx: the page is %dpx wide and scrolls sideways", path, size.width, w[0])
		}
	}
	tb.do("viewport back", chromedp.EmulateViewport(1280, 800))
}

// screenshots keeps what the tab shows at each of screenSizes as
// <name>-<width>.png in PRDESK_SCREENSHOT_DIR, when it is set, for a
// person to look at; the tab is back at 1280 px after.
func (tb *tab) screenshots(name string) {
	tb.t.Helper()
	dir := os.Getenv("PRDESK_SCREENSHOT_DIR")
	if dir == "" {
		return
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		tb.t.Fatal(err)
	}
	for _, size := range screenSizes {
		tb.do(fmt.Sprintf("viewport %d", size.width), chromedp.EmulateViewport(size.width, size.height))
		shot := run(tb, "screenshot "+name, chromedp.FullScreenshot(100))
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%s-%d.png", name, size.width)), shot, 0o644); err != nil {
			tb.t.Fatal(err)
		}
	}
	tb.do("viewport back", chromedp.EmulateViewport(1280, 800))
}
