package e2e_test

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/daugavpils/prdesk/internal/contacts/contactstest"
	"github.com/daugavpils/prdesk/internal/pdf/pdftest"
)

// TestDelegationsJourney: a staff member registers an incoming delegation,
// adds the head of the department to it, plans it from its checklist
// (ticks the invitation), adds the programme's items, prints the
// programme as a PDF (its text checked), registers the gifts and writes
// the report for the executive director. Axe checks the list, the form,
// the card, the preparation page, the programme, the gifts and the report.
func TestDelegationsJourney(t *testing.T) {
	b := startBrowser(t)
	n := contactstest.Unique()
	title := fmt.Sprintf("Šauļu mēra vizīte E2E %d", n)

	tb := b.newTab(t)
	tb.signInAs("staff")
	tb.open("/delegations")
	petAxe(tb, "delegations list")
	tb.screenshots("delegations-list")
	tb.open("/delegations/new")
	tb.do("fill in the delegation",
		chromedp.SetValue(chromedp.CSS("#kind"), "incoming"),
		chromedp.SendKeys(chromedp.CSS("#title"), title, chromedp.NodeVisible),
		chromedp.SetValue(chromedp.CSS("#country"), "LT"),
		chromedp.SendKeys(chromedp.CSS("#city"), "Šauļi"),
		chromedp.SetValue(chromedp.CSS("#level"), "mayor"),
		chromedp.SendKeys(chromedp.CSS("#starts_on"), "10.03.2027."),
		chromedp.SendKeys(chromedp.CSS("#ends_on"), "11.03.2027."),
		chromedp.Click(chromedp.CSS(`input[name=languages][value=lt]`)),
		chromedp.SetValue(chromedp.CSS("#status"), "preparing"),
	)
	petAxe(tb, "delegation form")
	tb.clickAndLoad(`form[action="/delegations"] button[type=submit]`)
	card := tb.path()
	if !regexp.MustCompile(`^/delegations/\d+$`).MatchString(card) {
		t.Fatalf("after saving the browser is at %s: %s", card, tb.text("main"))
	}
	id, _ := strconv.ParseInt(strings.TrimPrefix(card, "/delegations/"), 10, 64)
	petAxe(tb, "delegation card")

	// The head of the department takes part.
	petChoose(tb, "#side", "Mūsu dalībnieks")
	petChoose(tb, "#user_id", "Inese Kalniņa")
	tb.clickAndLoad(`form[action$="/people"] button[type=submit]`)
	if !strings.Contains(tb.text("main"), "Dalībnieks pievienots") {
		t.Fatalf("the person is not added: %s", tb.text("main"))
	}

	// Planned from the checklist: the invitation is sent.
	tb.open(card + "/preparation")
	petAxe(tb, "delegation preparation")
	tb.clickAndLoad(`ul[data-testid=checklist] li:first-child form button[type=submit]`)
	if !strings.Contains(tb.text("main"), "1 izpildīti, 6 atlikuši") {
		t.Errorf("the checklist does not count the ticked item: %s", tb.text("main"))
	}

	// The programme.
	tb.open(card + "/programme")
	for _, it := range [][4]string{
		{"10.03.2027.", "10:00", "11:30", "Tikšanās ar domes priekšsēdētāju"},
		{"10.03.2027.", "14:00", "16:00", "Daugavpils cietokšņa apmeklējums"},
	} {
		tb.do("fill in the programme item",
			chromedp.SetValue(chromedp.CSS("#date"), it[0]),
			chromedp.SetValue(chromedp.CSS("#start"), it[1]),
			chromedp.SetValue(chromedp.CSS("#end"), it[2]),
			chromedp.SetValue(chromedp.CSS("#place"), "Daugavpils dome, Krišjāņa Valdemāra iela 1"),
			chromedp.SetValue(chromedp.CSS("#activity"), it[3]),
			chromedp.Click(chromedp.CSS(`input[name=people]`)),
		)
		tb.clickAndLoad(`form[action$="/programme"] button[type=submit]`)
	}
	if !strings.Contains(tb.text("main"), "Daugavpils cietokšņa apmeklējums") {
		t.Fatalf("the programme lacks its items: %s", tb.text("main"))
	}
	petAxe(tb, "delegation programme")
	res := b.srv.Client(t, "staff").Get(t, fmt.Sprintf("/delegations/%d/programme.pdf?lang=lv", id))
	if res.StatusCode != 200 {
		t.Fatalf("programme pdf: %d", res.StatusCode)
	}
	text := pdftest.Text(t, []byte(res.Body))
	for _, want := range []string{"Vizītes programma", title, "trešdiena, 10.03.2027.", "10:00–11:30", "Tikšanās ar domes priekšsēdētāju",
		"Inese Kalniņa", "Krišjāņa Valdemāra iela 1"} {
		if !strings.Contains(text, want) {
			t.Errorf("the printed programme lacks %q:\n%s", want, text)
		}
	}

	// The gifts.
	tb.open(card + "/gifts")
	tb.do("fill in the gift",
		chromedp.SetValue(chromedp.CSS("#direction"), "received"),
		chromedp.SendKeys(chromedp.CSS("#item"), "Kristāla vāze ar Šauļu ģerboni", chromedp.NodeVisible),
		chromedp.SendKeys(chromedp.CSS("#value"), "420"),
		chromedp.SendKeys(chromedp.CSS("#giver"), "Šauļu mērs"),
		chromedp.SendKeys(chromedp.CSS("#receiver"), "Domes priekšsēdētājs"),
	)
	tb.clickAndLoad(`form[action$="/gifts"] button[type=submit]`)
	if !strings.Contains(tb.text("main"), "Jānodod pašvaldībai") {
		t.Errorf("the vase is not marked for handover: %s", tb.text("main"))
	}
	petAxe(tb, "delegation gifts")
	// The register of every delegation's gifts has a column more.
	tb.fitsEveryScreen("/delegations/gifts")
	tb.fitsEveryScreen("/delegations")

	// The report.
	tb.open(card + "/report")
	tb.do("write the report",
		chromedp.SendKeys(chromedp.CSS("#agreed"), "Vienojās par kopīgu jauniešu festivālu 2027. gada vasarā.", chromedp.NodeVisible),
		chromedp.SendKeys(chromedp.CSS("#press_url"), "https://www.daugavpils.lv/jaunumi/sauli"),
	)
	tb.clickAndLoad(`button[name=submit][value=director]`)
	if !strings.Contains(tb.text("main"), "Nodots izpilddirektoram") {
		t.Errorf("the report is not sent: %s", tb.text("main"))
	}
	petAxe(tb, "delegation report")
	tb.open("/delegations?q=" + fmt.Sprint(n))
	if !strings.Contains(tb.text("main"), title) {
		t.Error("the list does not find the delegation")
	}
}
