package e2e_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/daugavpils/prdesk/internal/awards/awardstest"
	"github.com/daugavpils/prdesk/internal/contacts/contactstest"
	"github.com/daugavpils/prdesk/internal/mail"
)

// TestAwardsJourney: staff open a round; a resident nominates a candidate
// at the round's public link and a confirmation goes to the outbox; the
// chair declares a conflict and sees no scoring for it; the deputy scores;
// the round is judged, the decision recorded, the laureate is in the
// register, and the diploma prints. Axe checks the public form, the
// scoring page and the register.
func TestAwardsJourney(t *testing.T) {
	b := startBrowser(t)
	srv := b.srv
	n := contactstest.Unique()
	ty := awardstest.AddType(t, srv.Pool, fmt.Sprintf("Gada brīvprātīgais %d", n))
	today := srv.Clock.Now()
	rd := awardstest.AddRoundOn(t, srv.Pool, ty.ID, today.AddDate(0, 0, -2), today.AddDate(0, 0, 30))
	roundPath := fmt.Sprintf("/awards/rounds/%d", rd.ID)

	staff := b.newTab(t)
	staff.signInAs("staff")
	staff.open(roundPath)
	staff.clickAndLoad(`[data-testid=advance]`)
	if !strings.Contains(staff.text("[data-testid=round-status]"), "Izvirzīšana atvērta") {
		t.Fatalf("the round is not open: %s", staff.text("main"))
	}
	link := staff.text("[data-testid=public-link]")
	m := regexp.MustCompile(`/nominate/[A-Z2-7]+$`).FindString(link)
	if m == "" {
		t.Fatalf("no public link: %q", link)
	}

	// A resident, not signed in.
	nominee := fmt.Sprintf("Ēriks Žagars %d", n)
	pub := b.newTab(t)
	pub.open(m)
	petAxe(pub, "public nomination form")
	pub.do("fill in the nomination",
		chromedp.SendKeys(chromedp.CSS("#nominee_name"), nominee, chromedp.NodeVisible),
		chromedp.SendKeys(chromedp.CSS("#nominator_name"), "Dace Ķikute"),
		chromedp.SendKeys(chromedp.CSS("#email"), "dace.kikute@example.lv"),
		chromedp.SendKeys(chromedp.CSS("#justification"), "Piecpadsmit gadus vada pilsētas zupas virtuvi."),
		chromedp.SendKeys(chromedp.CSS("#citation"), "Par nesavtīgu palīdzību līdzcilvēkiem"),
		chromedp.Click(chromedp.CSS("#consent_nominated")),
		chromedp.Click(chromedp.CSS("#consent_publish")),
	)
	pub.clickAndLoad(`[data-testid=public-form] button[type=submit]`)
	if !strings.Contains(pub.text("main"), "Paldies") {
		t.Fatalf("after sending: %s", pub.text("main"))
	}
	var nid int64
	if err := srv.Pool.QueryRow(context.Background(), `select id from award_nominations where nominee_name = $1`, nominee).Scan(&nid); err != nil {
		t.Fatal(err)
	}
	if ms, err := mail.ForEntity(context.Background(), srv.Pool, "award_nomination", nid); err != nil || len(ms) != 1 {
		t.Fatalf("the confirmation: %d mails, %v", len(ms), err)
	}

	// The commission: the chair and the deputy, picked on the round's card.
	for _, who := range []string{"Valdis Liepiņš", "Olga Petrova"} {
		staff.open(roundPath)
		petChoose(staff, "#user_id", who)
		staff.clickAndLoad(`form[action$="/members"] button[type=submit]`)
		if !strings.Contains(staff.text("[data-testid=members]"), who) {
			t.Fatalf("%s is not on the commission: %s", who, staff.text("main"))
		}
	}
	staff.open(roundPath)
	staff.clickAndLoad(`[data-testid=advance]`) // nominations closed: scoring

	// The chair declares a conflict: the nomination's scoring is hidden.
	chair := b.newTab(t)
	chair.signInAs("chair")
	chair.open("/awards/scoring")
	chair.clickAndLoad(`[data-testid=my-rounds] a`)
	chair.do("declare a conflict", chromedp.Click(chromedp.CSS(`input[name=conflict][value=yes]`), chromedp.NodeVisible))
	chair.clickAndLoad(`[data-testid=scoring-row] button[type=submit]`)
	if !strings.Contains(chair.text("[data-testid=scoring]"), "nav redzama") {
		t.Fatalf("the chair still sees the scoring: %s", chair.text("main"))
	}
	if c := eval[int](chair, "score links", `document.querySelectorAll('[data-testid=scoring] a').length`); c != 0 {
		t.Fatalf("the chair has %d links to the nomination", c)
	}

	// The deputy declares none, opens the nomination and scores it.
	deputy := b.newTab(t)
	deputy.signInAs("deputy")
	deputy.open("/awards/scoring")
	deputy.clickAndLoad(`[data-testid=my-rounds] a`)
	petAxe(deputy, "scoring page")
	deputy.do("declare no conflict", chromedp.Click(chromedp.CSS(`input[name=conflict][value=no]`), chromedp.NodeVisible))
	deputy.clickAndLoad(`[data-testid=scoring-row] button[type=submit]`)
	if !strings.Contains(deputy.text("main"), "zupas virtuvi") {
		t.Fatalf("the deputy does not see the nomination: %s", deputy.text("main"))
	}
	petAxe(deputy, "nomination to score")
	ids := eval[[]string](deputy, "score fields", `[...document.querySelectorAll('[data-testid=score-form] input[type=number]')].map(e => e.id)`)
	if len(ids) != 2 {
		t.Fatalf("score fields %v", ids)
	}
	deputy.do("score", chromedp.SendKeys(chromedp.CSS("#"+ids[0]), "9"), chromedp.SendKeys(chromedp.CSS("#"+ids[1]), "10"))
	deputy.clickAndLoad(`[data-testid=score-form] button[type=submit]`)
	if !strings.Contains(deputy.text("[data-testid=scoring]"), "Novērtēts") {
		t.Fatalf("not scored: %s", deputy.text("main"))
	}

	// Judged, then the decision.
	staff.open(roundPath)
	staff.clickAndLoad(`[data-testid=advance]`)
	staff.open(roundPath + "/decision")
	staff.do("the decision",
		chromedp.SendKeys(chromedp.CSS("#number"), "27/1184", chromedp.NodeVisible),
		chromedp.SendKeys(chromedp.CSS("#date"), today.Format("02.01.2006.")),
		chromedp.Click(chromedp.CSS(fmt.Sprintf(`input[name=laureates][value="%d"]`, nid))),
	)
	staff.clickAndLoad(`main form button[type=submit]`)
	if !strings.Contains(staff.text("[data-testid=laureates]"), nominee) {
		t.Fatalf("the laureate is not on the decided round: %s", staff.text("main"))
	}
	staff.open("/awards/register?q=" + fmt.Sprintf("eriks+zagars+%d", n))
	if !strings.Contains(staff.text("[data-testid=register]"), nominee) {
		t.Fatalf("the register does not find the laureate: %s", staff.text("main"))
	}
	petAxe(staff, "laureates' register")
	res := srv.Client(t, "staff").Get(t, fmt.Sprintf("/awards/nominations/%d/diploma.pdf", nid))
	if res.StatusCode != 200 || !strings.HasPrefix(res.Body, "%PDF") {
		t.Fatalf("diploma: %d", res.StatusCode)
	}
}
