package e2e_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/daugavpils/prdesk/internal/contacts"
	"github.com/daugavpils/prdesk/internal/contacts/contactstest"
)

// TestMailingListsJourney: a staff member makes a list from the lists
// page, puts a journalist on it with the lookup by keyboard, and reads on
// the card who the list reaches and who it leaves out. Axe checks the
// lists, the form and the card; with PRDESK_SCREENSHOT_DIR set, the pages
// are kept at each of screenSizes.
func TestMailingListsJourney(t *testing.T) {
	b := startBrowser(t)
	srv := b.srv
	n := contactstest.Unique()
	outlet := contactstest.Org(t, srv.Pool, fmt.Sprintf("Latgales Laiks E2E %d", n), contacts.Media, fmt.Sprintf("redakcija%d@example.lv", n))
	family := fmt.Sprintf("Sarakstiņa%d", n)
	contactstest.AddPerson(t, srv.Pool, contactstest.Person{Given: "Inese", Family: family, OrgID: outlet, Role: "žurnāliste",
		Emails: []string{fmt.Sprintf("inese%d@example.lv", n)}, Topics: []string{"culture"}})
	out := contactstest.AddPerson(t, srv.Pool, contactstest.Person{Given: "Oļegs", Family: fmt.Sprintf("Atteicies%d", n), OrgID: outlet,
		Emails: []string{fmt.Sprintf("olegs%d@example.lv", n)}, OptOut: true})

	tb := b.newTab(t)
	tb.signInAs("staff")
	tb.open("/contacts/lists")
	petAxe(tb, "mailing lists")
	tb.clickAndLoad(`a[href="/contacts/lists/new"]`)
	name := fmt.Sprintf("Reģionālie mediji E2E %d", n)
	tb.do("name", chromedp.SendKeys(chromedp.CSS("#name"), name))
	petAxe(tb, "mailing list form")
	tb.clickAndLoad(`form.c-form button[type=submit]`)
	card := tb.path()
	if !regexp.MustCompile(`^/contacts/lists/\d+$`).MatchString(card) {
		t.Fatalf("after saving the browser is at %s: %s", card, tb.text("main"))
	}
	// The lookup, by keyboard: type, arrow down, Enter picks, Enter sends.
	tb.do("open the form", chromedp.Click(chromedp.CSS("details.c-add summary")))
	tb.do("focus the lookup", chromedp.Focus(chromedp.CSS("#member_q")))
	tb.do("type", chromedp.KeyEvent("sarakstiņa"+fmt.Sprint(n)))
	run(tb, "options", chromedp.Poll[bool](`document.querySelectorAll('#member-list [data-id]').length === 1 && !document.getElementById('member-list').hidden`,
		chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(10*time.Second)))
	tb.do("arrow down", chromedp.KeyEvent(kb.ArrowDown))
	tb.do("enter picks", chromedp.KeyEvent(kb.Enter))
	tb.clickAndLoad(`details.c-add button[type=submit]`)
	if !strings.Contains(tb.text("[data-testid=members]"), "Inese "+family) {
		t.Fatalf("the card does not list the journalist: %s", tb.text("main"))
	}
	// The outlet and the one who opted out, added from their cards.
	for _, id := range []int64{outlet, out} {
		tb.open(fmt.Sprintf("/contacts/%d", id))
		tb.do("pick the list", chromedp.SetValue(chromedp.CSS(fmt.Sprintf(`form[action="/contacts/%d/lists"] select`, id)), strings.TrimPrefix(card, "/contacts/lists/")))
		tb.clickAndLoad(fmt.Sprintf(`form[action="/contacts/%d/lists"] button`, id))
	}
	tb.open(card)
	if got := tb.text("[data-testid=reachable]"); got != "2" {
		t.Errorf("reachable %q, want 2", got)
	}
	if got := tb.text("[data-testid=left]"); !strings.Contains(got, "atteikušies: 1") {
		t.Errorf("left out %q", got)
	}
	petAxe(tb, "mailing list card")

	dir := os.Getenv("PRDESK_SCREENSHOT_DIR")
	if dir == "" {
		return
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	pages := []struct{ name, path string }{
		{"lists", "/contacts/lists"}, {"card", card}, {"new", "/contacts/lists/new"},
		{"new-filter", "/contacts/lists/new?list_kind=filter&topic=culture"}, {"directory", "/contacts?topic=culture"},
		{"add-found", "/contacts/lists/add?topic=culture"},
	}
	for _, size := range screenSizes {
		tb.do(fmt.Sprintf("viewport %d", size.width), chromedp.EmulateViewport(size.width, size.height))
		for _, pg := range pages {
			tb.open(pg.path)
			if w := eval[[]int](tb, "widths", `[document.documentElement.scrollWidth, innerWidth]`); w[0] > w[1] {
				t.Errorf("%s at %dpx: the page is %dpx wide and scrolls sideways", pg.path, size.width, w[0])
			}
			shot := run(tb, "screenshot "+pg.name, chromedp.FullScreenshot(100))
			if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("lists-%s-%d.png", pg.name, size.width)), shot, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}
