package e2e_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/contacts/contactstest"
	"github.com/daugavpils/prdesk/internal/i18n"
)

// TestTwoStepSignInJourney: a specialist turns on two-step sign-in from
// their account page (reading the key the page shows, as a person types it
// into the app), sees the recovery codes once, signs out, and signs in
// again with the password and a code. Axe checks the enrolment page, the
// recovery codes and the code step; with PRDESK_SCREENSHOT_DIR set they are
// kept at each of screenSizes.
func TestTwoStepSignInJourney(t *testing.T) {
	b := startBrowser(t)
	b.srv.Clock.Set(t, time.Date(2026, 12, 7, 9, 0, 0, 0, i18n.Riga))
	username := fmt.Sprintf("divi.soli.%d", contactstest.Unique())
	const password = "Rudens-lapas-2026"
	res := b.srv.Client(t, "admin").PostForm(t, "/admin/users/new", url.Values{
		"username": {username}, "full_name": {"Inese Ozoliņa"}, "email": {username + "@daugavpils.lv"},
		"roles": {"staff"}, "password": {password},
	})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("the account: %d", res.StatusCode)
	}

	tb := b.newTab(t)
	tb.signIn(username, password)
	tb.open("/account")
	tb.clickAndLoad(`a[href="/account/two-factor"]`)
	if !strings.Contains(tb.text("h1"), "Divpakāpju pieteikšanās") {
		t.Fatalf("the enrolment page's heading is %q", tb.text("h1"))
	}
	petAxe(tb, "two-step sign-in: enrolment")
	tb.screenshots("two-factor-enrol")
	secret := strings.ReplaceAll(tb.text("code.secret"), " ", "")
	code, err := auth.CodeAt(secret, b.srv.Clock.Now())
	if err != nil {
		t.Fatalf("the key on the page %q: %v", secret, err)
	}
	tb.do("type a wrong code", chromedp.SendKeys(chromedp.CSS("#code"), "123456", chromedp.NodeVisible))
	tb.clickAndLoad(`form[action="/account/two-factor"] button[type=submit]`)
	if !strings.Contains(tb.text("#code-error"), "Kods nav pareizs") {
		t.Errorf("a wrong code: the message beside it is %q", tb.text("#code-error"))
	}
	tb.do("type the app's code", chromedp.SetValue(chromedp.CSS("#code"), code))
	tb.clickAndLoad(`form[action="/account/two-factor"] button[type=submit]`)
	if n := strings.Count(tb.text("ol.recovery-codes"), "-"); n != auth.RecoveryCodes {
		t.Fatalf("%d recovery codes shown: %s", n, tb.text("main"))
	}
	petAxe(tb, "two-step sign-in: recovery codes")
	tb.screenshots("two-factor-codes")

	tb.clickAndLoad(`form[action="/logout"] button[type=submit]`)
	tb.open("/login")
	tb.do("fill in the sign-in form",
		chromedp.SendKeys(chromedp.CSS("input[name=username]"), username, chromedp.NodeVisible),
		chromedp.SendKeys(chromedp.CSS("input[name=password]"), password, chromedp.NodeVisible),
	)
	tb.clickAndLoad(`form[action="/login"] button[type=submit]`)
	if p := tb.path(); p != "/login/code" {
		t.Fatalf("after the password the browser is at %s", p)
	}
	petAxe(tb, "two-step sign-in: the code")
	tb.screenshots("two-factor-code-step")
	b.srv.Clock.Advance(30 * time.Second) // the next code: the one enrolment took is spent
	next, _ := auth.CodeAt(secret, b.srv.Clock.Now())
	tb.do("type the code", chromedp.SendKeys(chromedp.CSS("#code"), next, chromedp.NodeVisible))
	tb.clickAndLoad(`form[action="/login/code"] button[type=submit]`)
	if p := tb.path(); p != "/" {
		t.Fatalf("after the code the browser is at %s: %s", p, tb.text("main"))
	}
}
