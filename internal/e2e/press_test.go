package e2e_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/daugavpils/prdesk/internal/app"
	"github.com/daugavpils/prdesk/internal/apptest"
	"github.com/daugavpils/prdesk/internal/contacts/contactstest"
	"github.com/daugavpils/prdesk/internal/jobs"
	"github.com/daugavpils/prdesk/internal/mail"
	"github.com/daugavpils/prdesk/internal/mail/mailtest"
	"github.com/daugavpils/prdesk/internal/press"
	"github.com/daugavpils/prdesk/internal/press/presstest"
)

// pressJourney: a staff member writes a release and sends it for approval,
// the head approves it, the staff member sends it to a mailing list, and a
// real SMTP server receives one mail for each journalist on the list except
// the one who opted out. Axe checks the form, the card, the sending's
// preview and the list on the way.
//
// Like the other journeys that send mail, it runs on an app of its own and
// not beside another that works the mail queue.
func pressJourney(t *testing.T, b *browser) {
	mailSrv := mailtest.Start(t, mailtest.Options{})
	srv := apptest.NewWithConfig(t, func(c *app.Config) {
		c.SMTPURL = mailSrv.URL()
		c.Demo = false
	})
	n := contactstest.Unique()
	emails := []string{fmt.Sprintf("anna%d@example.lv", n), fmt.Sprintf("dmitrijs%d@example.lv", n), fmt.Sprintf("olegs%d@example.lv", n)}
	anna := contactstest.AddPerson(t, srv.Pool, contactstest.Person{Given: "Anna", Family: "Bērziņa", Emails: emails[:1], Languages: []string{"lv"}})
	dmitrijs := contactstest.AddPerson(t, srv.Pool, contactstest.Person{Given: "Dmitrijs", Family: "Ivanovs", Emails: emails[1:2], Languages: []string{"ru", "lv"}})
	olegs := contactstest.AddPerson(t, srv.Pool, contactstest.Person{Given: "Oļegs", Family: "Smirnovs", Emails: emails[2:], OptOut: true})
	list := contactstest.StaticList(t, srv.Pool, fmt.Sprintf("Latgales mediji E2E %d", n), anna, dmitrijs, olegs)
	title := fmt.Sprintf("Vienības tilts atkal atvērts %d", n)

	staff := openTab(t, b, srv)
	staff.signInAs("staff")
	staff.open("/press/new")
	staff.do("write the release",
		chromedp.SendKeys(chromedp.CSS("#title_lv"), title, chromedp.NodeVisible),
		chromedp.SendKeys(chromedp.CSS("#lead_lv"), "Pēc pārbūves tilts atkal atvērts satiksmei."),
		chromedp.SendKeys(chromedp.CSS("#body_lv"), "Tilta atklāšana notiks plkst. 11.00."),
		chromedp.SendKeys(chromedp.CSS("#embargo_date"), "15.12.2030."),
		chromedp.SendKeys(chromedp.CSS("#embargo_time"), "10:00"),
	)
	petAxe(staff, "press release form")
	staff.clickAndLoad(`form[action="/press"] button[type=submit]`)
	card := staff.path()
	if !regexp.MustCompile(`^/press/\d+$`).MatchString(card) {
		t.Fatalf("after saving the browser is at %s: %s", card, staff.text("main"))
	}
	petAxe(staff, "press release card")
	staff.clickAndLoad(`form[action="` + card + `/submit"] button[type=submit]`)
	if !strings.Contains(staff.text("main"), "Nodota apstiprināšanai") {
		t.Fatalf("not sent for approval: %s", staff.text("main"))
	}

	head := openTab(t, b, srv)
	head.signInAs("head")
	head.open("/press?status=approval")
	if !strings.Contains(head.text("main"), title) {
		t.Fatalf("the head's list of releases awaiting approval lacks it: %s", head.text("main"))
	}
	head.open(card)
	petAxe(head, "press release card with the approval form")
	head.clickAndLoad(`button[formaction="` + card + `/approve"]`)
	if !strings.Contains(head.text(".flash"), "Relīze apstiprināta") {
		t.Fatalf("approving: %s", head.text("main"))
	}

	staff.open(card + "/send")
	staff.do("choose the list", chromedp.Click(chromedp.CSS(fmt.Sprintf(`input[name=lists][value="%d"]`, list)), chromedp.NodeVisible))
	staff.clickAndLoad(`form[action="` + card + `/send/preview"] button[type=submit]:not([formaction])`)
	preview := staff.text(`[data-testid=preview]`)
	if !strings.Contains(preview, "Saņems: 2") || !strings.Contains(preview, "Atteikušies no sūtījumiem: 1") {
		t.Fatalf("the preview says %q", preview)
	}
	petAxe(staff, "sending's preview")
	staff.clickAndLoad(`button[formaction="` + card + `/send"]`)
	if got := staff.text(".flash"); !strings.Contains(got, "Relīze nosūtīta") {
		t.Fatalf("after sending: %q", got)
	}

	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	if err := jobs.WorkDue(ctx, srv.App.Jobs(), mail.Queue); err != nil {
		t.Fatalf("working the mail queue: %v", err)
	}
	for i, addr := range emails {
		got := mailSrv.To(addr)
		want := 1
		if i == 2 {
			want = 0 // opted out
		}
		if len(got) != want {
			t.Errorf("%s received %d mails, want %d", addr, len(got), want)
			continue
		}
		if want == 1 && !strings.HasPrefix(got[0].Subject, "[EMBARGO līdz 15.12.2030. 10:00] "+title) {
			t.Errorf("%s: subject %q", addr, got[0].Subject)
		}
	}
	staff.open(card)
	if !strings.Contains(staff.text(`[data-testid=sendings]`), "Nosūtīta: 2") {
		t.Errorf("the card's sending says %q", staff.text(`[data-testid=sendings]`))
	}
	staff.open("/press")
	petAxe(staff, "press release list")
	// Under its embargo the release is not public yet.
	staff.open("/news")
	if strings.Contains(staff.text("main"), title) {
		t.Error("the newsroom shows a release under embargo")
	}
	petAxe(staff, "newsroom")

	// A journalist accredits at the event's own link, without signing in.
	event, _, token := presstest.AccreditedEvent(t, srv.Pool)
	journalist := openTab(t, b, srv)
	journalist.open("/accreditation/" + token)
	petAxe(journalist, "accreditation form")
	journalist.do("fill in the accreditation",
		chromedp.SendKeys(chromedp.CSS("#name"), "Jeļena Žukova", chromedp.NodeVisible),
		chromedp.SendKeys(chromedp.CSS("#outlet"), "Gorod"),
		chromedp.SendKeys(chromedp.CSS("#email"), fmt.Sprintf("jelena%d@example.lv", n)),
		chromedp.SendKeys(chromedp.CSS("#crew"), "Operators, statīvs"),
	)
	journalist.clickAndLoad(`main form button[type=submit]`)
	if got := journalist.text(`[data-testid=accredited]`); !strings.Contains(got, "akreditācija ir apstiprināta") {
		t.Fatalf("after accrediting: %q", journalist.text("main"))
	}
	staff.open(fmt.Sprintf("/press/events/%d", event))
	if !strings.Contains(staff.text(`[data-testid=accreditations]`), "Jeļena Žukova") {
		t.Errorf("the event's card lacks the journalist: %s", staff.text("main"))
	}
	petAxe(staff, "event card")

	// The area's other lists, forms and cards, each read by axe-core: an
	// interview request, an official text with its versions compared, an
	// emergency's board and a statement, the approvals and the retention.
	interview := presstest.AddInterview(t, srv.Pool, press.Interview{})
	text := presstest.AddOfficialText(t, srv.Pool, press.OfficialInput{Body: "Godātie skolotāji!"})
	em := presstest.ActiveEmergency(t, srv.Pool)
	statement := presstest.AddStatement(t, srv.Pool, "unit", em.ID, press.Statement{})
	for _, p := range []struct{ path, name string }{
		{"/press/interviews", "interview list"}, {"/press/interviews/new", "interview form"},
		{fmt.Sprintf("/press/interviews/%d", interview), "interview card"},
		{"/press/texts?which=all", "official texts library"}, {"/press/texts/new", "official text form"},
		{fmt.Sprintf("/press/texts/%d", text), "official text card"},
		{"/press/emergencies", "emergencies list"}, {fmt.Sprintf("/press/emergencies/%d", em.ID), "emergency board"},
		{fmt.Sprintf("/press/statements/%d", statement), "statement card with the decision form"},
	} {
		staff.open(p.path)
		petAxe(staff, p.name)
	}
	for _, p := range []struct{ path, name string }{{"/press/approval", "approvals"}, {"/press/retention", "retention"}} {
		head.open(p.path)
		petAxe(head, p.name)
	}
}
