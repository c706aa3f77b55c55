package e2e_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/daugavpils/prdesk/internal/contacts/contactstest"
	"github.com/daugavpils/prdesk/internal/petitions/petitionstest"
)

// searchShots keeps what tb shows at each of screenSizes as name-<width>.png, when
// PRDESK_SCREENSHOT_DIR is set, and checks that neither scrolls sideways.
func searchShots(tb *tab, name string) {
	dir := os.Getenv("PRDESK_SCREENSHOT_DIR")
	if dir == "" {
		return
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		tb.t.Fatal(err)
	}
	for _, size := range screenSizes {
		tb.do(fmt.Sprintf("viewport %d", size.width), chromedp.EmulateViewport(size.width, size.height))
		if w := eval[[]int](tb, "widths", `[document.documentElement.scrollWidth, innerWidth]`); w[0] > w[1] {
			tb.t.Errorf("%s at %dpx: the page is %dpx wide and scrolls sideways", name, size.width, w[0])
		}
		shot := run(tb, "screenshot "+name, chromedp.FullScreenshot(100))
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%s-%d.png", name, size.width)), shot, 0o644); err != nil {
			tb.t.Fatal(err)
		}
	}
}

// TestSearchJourney: a staff member types a surname without its
// diacritics into the shell's search box, from the keyboard, sees the
// submission and the directory's contact grouped by area, and opens the
// submission. Axe checks the results page; with PRDESK_SCREENSHOT_DIR set,
// it is kept at each of screenSizes.
func TestSearchJourney(t *testing.T) {
	b := startBrowser(t)
	n := strconv.FormatInt(contactstest.Unique(), 10)
	family := "Kalniņš" + n
	pet := petitionstest.Register(t, b.srv.Pool, petitionstest.Sub{At: b.srv.Clock.Now(), Name: "Pēteris " + family,
		Subject: "Koku zāģēšana Stropu ielā"})
	contactstest.AddPerson(t, b.srv.Pool, contactstest.Person{Given: "Līga", Family: family})

	tb := b.newTab(t)
	tb.signInAs("staff")
	tb.open("/petitions")
	petAxe(tb, "a page with the shell's search box")
	searchShots(tb, "search-box")
	tb.do("type the surname into the shell's box",
		chromedp.SendKeys(chromedp.CSS("#shell-q"), "kalnins"+n, chromedp.NodeVisible),
	)
	tb.clickAndLoad(`form.shell-search button[type=submit]`)
	if !strings.HasPrefix(tb.path(), "/reports/search") {
		t.Fatalf("after the search the browser is at %s", tb.path())
	}
	// An area that did not answer in its time (a fresh server opening its
	// connections on a busy machine) says to try again: as a person would.
	for try := 0; try < 4 && eval[bool](tb, "a late area", `!!document.querySelector('[data-testid="search-timeout"]')`); try++ {
		tb.clickAndLoad(`main form[role=search] button[type=submit]`)
	}
	if got := eval[string](tb, "the query in the box", `document.querySelector("#search-q").value`); got != "kalnins"+n {
		t.Errorf("the box holds %q", got)
	}
	main := tb.text("main")
	pi, ci := strings.Index(main, pet.RegNumber), strings.Index(main, "Līga "+family)
	if pi < 0 || ci < 0 || pi > ci {
		t.Fatalf("the submission and the contact are not both there, in the navigation's order: %s", main)
	}
	for _, area := range []string{"petitions", "contacts"} {
		if eval[int](tb, "group "+area, `document.querySelectorAll('[data-testid="search-area-`+area+`"] [data-testid="search-hit"]').length`) != 1 {
			t.Errorf("the %s group does not hold one hit", area)
		}
	}
	petAxe(tb, "search results")

	searchShots(tb, "search-results")

	tb.clickAndLoad(`[data-testid="search-area-petitions"] [data-testid="search-hit"] a`)
	if want := "/petitions/" + strconv.FormatInt(pet.ID, 10); tb.path() != want {
		t.Errorf("the hit opened %s, want %s", tb.path(), want)
	}
	if !regexp.MustCompile(regexp.QuoteMeta(pet.RegNumber)).MatchString(tb.text("main")) {
		t.Error("the card does not show the registration number")
	}
}
