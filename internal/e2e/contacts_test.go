package e2e_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/daugavpils/prdesk/internal/contacts"
	"github.com/daugavpils/prdesk/internal/contacts/contactstest"
)

// TestContactsJourney: a staff member adds a journalist and picks the
// outlet with the lookup by keyboard alone (Tab to the field, type, arrow
// down, Enter), saves, and finds the journalist on the outlet's card. Axe
// checks the list, the form and the card; with PRDESK_SCREENSHOT_DIR set,
// the pages are kept at each of screenSizes.
func TestContactsJourney(t *testing.T) {
	b := startBrowser(t)
	srv := b.srv
	n := contactstest.Unique()
	outlet := fmt.Sprintf("Gorod.lv E2E %d", n)
	org := contactstest.Org(t, srv.Pool, outlet, contacts.Media, "info@gorod.example")
	contactstest.Org(t, srv.Pool, fmt.Sprintf("Gorodas skola E2E %d", n), contacts.School)
	family := fmt.Sprintf("Žukova%d", n)

	tb := b.newTab(t)
	tb.signInAs("staff")
	tb.open("/contacts/new?kind=person")
	key := func(what string, keys ...string) {
		for _, k := range keys {
			tb.do(what, chromedp.KeyEvent(k))
		}
	}
	// The form opens on the given name; everything below is typed. Chromium
	// may apply autofocus after the load event, and keys sent before it are
	// lost, so wait for the focus first.
	run(tb, "autofocus", chromedp.Poll[bool](`document.activeElement && document.activeElement.id === 'given_name'`,
		chromedp.WithPollingInterval(20*time.Millisecond), chromedp.WithPollingTimeout(10*time.Second)))
	key("given name", "Jeļena")
	key("tab", kb.Tab)
	key("family name", family)
	// Tab through the original name, the form of address and the position
	// to the organisation's lookup.
	key("to the lookup", kb.Tab, kb.Tab, kb.Tab, kb.Tab)
	if id := eval[string](tb, "focus", `document.activeElement.id`); id != "org_q" {
		t.Fatalf("after four tabs the focus is on %q, want the lookup", id)
	}
	key("type into the lookup", fmt.Sprintf("gorod.lv e2e %d", n))
	run(tb, "options", chromedp.Poll[bool](`document.querySelectorAll('#org-list [data-id]').length === 1 && !document.getElementById('org-list').hidden`,
		chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(10*time.Second)))
	if exp := eval[string](tb, "expanded", `document.getElementById('org_q').getAttribute('aria-expanded')`); exp != "true" {
		t.Errorf("aria-expanded %q with the list open", exp)
	}
	key("arrow down", kb.ArrowDown)
	if ad := eval[string](tb, "active option", `document.getElementById('org_q').getAttribute('aria-activedescendant')`); ad != fmt.Sprintf("org-o%d", org) {
		t.Errorf("active descendant %q", ad)
	}
	deskShotAs(tb, "contacts-lookup-open")
	key("enter picks", kb.Enter)
	if v := eval[string](tb, "picked", `document.querySelector('input[name=org]').value`); v != fmt.Sprint(org) {
		t.Fatalf("the lookup holds %q, want %d", v, org)
	}
	if strings.Contains(tb.path(), "/contacts/") && tb.path() != "/contacts/new" {
		t.Fatalf("Enter in the lookup sent the form")
	}
	if got := tb.text("[data-lookup-chosen]"); !strings.Contains(got, outlet) {
		t.Errorf("chosen shows %q", got)
	}
	// The rest of the form, then send it with Enter from the role field.
	key("to the role", kb.Tab)
	if id := eval[string](tb, "focus", `document.activeElement.id`); id != "role" {
		t.Fatalf("after the lookup the focus is on %q, want the role", id)
	}
	key("role", "žurnāliste")
	tb.do("source", chromedp.SendKeys(chromedp.CSS("#source"), "vizītkarte"))
	petAxe(tb, "contacts form")
	ctx, cancel := tb.step()
	defer cancel()
	if _, err := chromedp.Run(ctx, chromedp.WaitEvent(page.LoadEventFired, nil, chromedp.KeyEvent(kb.Enter))); err != nil {
		t.Fatalf("send the form with Enter: %v", err)
	}
	if p := tb.path(); !regexp.MustCompile(`^/contacts/\d+$`).MatchString(p) {
		t.Fatalf("after sending the form the browser is at %s: %s", p, tb.text("main"))
	}
	tb.open("/contacts?q=" + family)
	if !strings.Contains(tb.text("[data-testid=contacts]"), outlet) {
		t.Fatalf("the list does not show the journalist at %s", outlet)
	}
	petAxe(tb, "contacts list")
	tb.open(fmt.Sprintf("/contacts/%d", org))
	if card := tb.text("main"); !strings.Contains(card, "Jeļena "+family) {
		t.Errorf("the outlet's card lacks its journalist Jeļena %s: %s", family, card)
	}
	petAxe(tb, "contacts card")

	// The search page works without the script.
	tb.open("/contacts/lookup?q=" + family)
	if !strings.Contains(tb.text("[data-testid=found]"), family) {
		t.Errorf("the search page does not find the journalist")
	}

	dir := os.Getenv("PRDESK_SCREENSHOT_DIR")
	if dir == "" {
		return
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	person := regexp.MustCompile(`/contacts/(\d+)`).FindStringSubmatch(eval[string](tb, "link", `document.querySelector('[data-testid=found] a').getAttribute('href')`))
	pages := []struct{ name, path string }{
		{"list", "/contacts"}, {"search", "/contacts?q=gorod"}, {"person", "/contacts/" + person[1]},
		{"org", fmt.Sprintf("/contacts/%d", org)}, {"new-person", "/contacts/new?kind=person"},
		{"new-org", "/contacts/new?kind=organisation"}, {"edit", "/contacts/" + person[1] + "/edit"},
		{"lookup-page", "/contacts/lookup?q=gorod"},
	}
	for _, size := range screenSizes {
		tb.do(fmt.Sprintf("viewport %d", size.width), chromedp.EmulateViewport(size.width, size.height))
		for _, pg := range pages {
			tb.open(pg.path)
			if w := eval[[]int](tb, "widths", `[document.documentElement.scrollWidth, innerWidth]`); w[0] > w[1] {
				t.Errorf("%s at %dpx: the page is %dpx wide and scrolls sideways", pg.path, size.width, w[0])
			}
			shot := run(tb, "screenshot "+pg.name, chromedp.FullScreenshot(100))
			if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("contacts-%s-%d.png", pg.name, size.width)), shot, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// deskShotAs keeps a screenshot of what tb shows now under name, when
// PRDESK_SCREENSHOT_DIR is set.
func deskShotAs(tb *tab, name string) {
	tb.t.Helper()
	dir := os.Getenv("PRDESK_SCREENSHOT_DIR")
	if dir == "" {
		return
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		tb.t.Fatal(err)
	}
	shot := run(tb, "screenshot "+name, chromedp.CaptureScreenshot())
	if err := os.WriteFile(filepath.Join(dir, name+".png"), shot, 0o644); err != nil {
		tb.t.Fatal(err)
	}
}

// TestContactsCreateInPlace: an outlet not yet in the directory is made
// from the lookup's "create new", by keyboard, without leaving the form.
func TestContactsCreateInPlace(t *testing.T) {
	b := startBrowser(t)
	n := contactstest.Unique()
	name := fmt.Sprintf("Jaunais Latgales portāls %d", n)
	tb := b.newTab(t)
	tb.signInAs("staff")
	tb.open("/contacts/new?kind=person")
	tb.do("focus the lookup", chromedp.Focus(chromedp.CSS("#org_q")))
	tb.do("type", chromedp.KeyEvent(name))
	run(tb, "create option", chromedp.Poll[bool](`!!document.querySelector('#org-list [data-new]')`,
		chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(10*time.Second)))
	tb.do("to create new", chromedp.KeyEvent(kb.ArrowDown), chromedp.KeyEvent(kb.Enter))
	run(tb, "panel", chromedp.Poll[bool](`document.activeElement && document.activeElement.name === 'org_new.name'`,
		chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(10*time.Second)))
	if v := eval[string](tb, "name", `document.activeElement.value`); v != name {
		t.Errorf("the panel's name is %q, want what was typed", v)
	}
	deskShotAs(tb, "contacts-create-in-place")
	// Tab to the type and choose it by its first letters, then save with Enter.
	tb.do("type", chromedp.KeyEvent(kb.Tab), chromedp.KeyEvent("Plaš"))
	if v := eval[string](tb, "type", `document.querySelector('[name="org_new.org_type"]').value`); v != "media" {
		t.Fatalf("type %q", v)
	}
	tb.do("save", chromedp.KeyEvent(kb.Tab), chromedp.KeyEvent(kb.Enter))
	run(tb, "picked", chromedp.Poll[bool](`document.querySelector('input[name=org]').value !== '' && !document.querySelector('[data-lookup-new]')`,
		chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(10*time.Second)))
	var id int64
	if err := b.srv.Pool.QueryRow(t.Context(), `select id from contacts where name = $1 and org_type = 'media'`, name).Scan(&id); err != nil {
		t.Fatalf("the outlet was not made: %v", err)
	}
	if v := eval[string](tb, "picked", `document.querySelector('input[name=org]').value`); v != fmt.Sprint(id) {
		t.Errorf("picked %q, want %d", v, id)
	}
	if p := tb.path(); p != "/contacts/new" {
		t.Errorf("the browser left the form for %s", p)
	}
}
