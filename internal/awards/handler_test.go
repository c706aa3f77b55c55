package awards_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/daugavpils/prdesk/internal/app"
	"github.com/daugavpils/prdesk/internal/apptest"
	"github.com/daugavpils/prdesk/internal/awards"
	at "github.com/daugavpils/prdesk/internal/awards/awardstest"
	"github.com/daugavpils/prdesk/internal/contacts/contactstest"
	"github.com/daugavpils/prdesk/internal/mail"
	"github.com/daugavpils/prdesk/internal/pdf/pdftest"
)

var (
	roundLocation = regexp.MustCompile(`^/awards/rounds/(\d+)$`)
	tokenInPage   = regexp.MustCompile(`/nominate/([A-Z2-7]{20,64})`)
)

func typeForm(name, idem string) url.Values {
	return url.Values{"name": {name}, "description": {""}, "nominators": {"Iedzīvotāji"}, "documents": {"Ieteikuma vēstule"},
		"max_per_year": {"1"}, "decision_body": {"Daugavpils valstspilsētas pašvaldības dome"}, "criterion_name_1": {"Ieguldījums"},
		"criterion_weight_1": {"70"}, "criterion_name_2": {"Atpazīstamība"}, "criterion_weight_2": {"30"}, "version": {"0"}, "idem": {idem}}
}

func count(t *testing.T, srv *apptest.Server, sql string, args ...any) int {
	t.Helper()
	var n int
	if err := srv.Pool.QueryRow(context.Background(), sql, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestRoundFromCallToDiploma: a round announced and opened, a public
// nomination with its confirmation mail, a member declaring a conflict and
// seeing no scoring for it, another scoring, the minutes, the decision,
// the register and the diploma.
func TestRoundFromCallToDiploma(t *testing.T) {
	srv := apptest.New(t)
	staff := srv.Client(t, "staff")
	u := contactstest.Unique()
	name := fmt.Sprintf("Gada cilvēks %d", u)
	if res := staff.PostForm(t, "/awards/types", typeForm(name, fmt.Sprintf("type-key-%d", u))); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("type: %d %s", res.StatusCode, res.Body)
	}
	var typeID int64
	if err := srv.Pool.QueryRow(context.Background(), `select id from award_types where name = $1`, name).Scan(&typeID); err != nil {
		t.Fatal(err)
	}
	today := time.Now().In(time.UTC)
	res := staff.PostForm(t, "/awards/rounds", url.Values{"type_id": {fmt.Sprint(typeID)}, "year": {fmt.Sprint(today.Year())},
		"call_text": {"Aicinām izvirzīt"}, "opens_on": {today.AddDate(0, 0, -1).Format("02.01.2006.")},
		"closes_on": {today.AddDate(0, 0, 20).Format("02.01.2006.")}, "version": {"0"}, "idem": {fmt.Sprintf("round-key-%d", u)}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("round: %d %s", res.StatusCode, res.Body)
	}
	roundPath := res.Header.Get("Location")
	if !roundLocation.MatchString(roundPath) {
		t.Fatalf("round at %q", roundPath)
	}
	if res := staff.PostForm(t, roundPath+"/advance", url.Values{"from": {"prepared"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("open: %d", res.StatusCode)
	}
	card := staff.Get(t, roundPath)
	m := tokenInPage.FindStringSubmatch(card.Body)
	if m == nil {
		t.Fatalf("no public link on the open round's card")
	}
	// The public form: anyone, twice by a double click, one nomination.
	anon := srv.Anonymous(t)
	nominee := fmt.Sprintf("Jānis Bērziņš %d", u)
	pub := url.Values{"nominee_kind": {"person"}, "nominee_name": {nominee}, "nominator_kind": {"person"},
		"nominator_name": {"Līga Ozola"}, "email": {"liga.ozola@example.lv"}, "justification": {"Ilggadējs darbs <b>pilsētai</b>"},
		"citation": {"Par mūža ieguldījumu"}, "consent_nominated": {"on"}, "consent_publish": {"on"}, "idem": {fmt.Sprintf("public-%d", u)}}
	if bad := anon.PostForm(t, "/nominate/"+m[1], url.Values{"idem": {fmt.Sprintf("public-bad-%d", u)}}); bad.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(bad.Body, "Ievadiet kandidāta vārdu") {
		t.Fatalf("empty public form: %d", bad.StatusCode)
	}
	for range 2 {
		if r := anon.PostForm(t, "/nominate/"+m[1], pub); r.StatusCode != http.StatusOK || !strings.Contains(r.Body, "Paldies") {
			t.Fatalf("public nomination: %d %s", r.StatusCode, r.Body)
		}
	}
	var nid int64
	if err := srv.Pool.QueryRow(context.Background(), `select id from award_nominations where nominee_name = $1`, nominee).Scan(&nid); err != nil {
		t.Fatal(err)
	}
	if n := count(t, srv, `select count(*) from award_nominations where nominee_name = $1`, nominee); n != 1 {
		t.Fatalf("%d nominations from a double click", n)
	}
	mails, err := mail.ForEntity(context.Background(), srv.Pool, "award_nomination", nid)
	if err != nil || len(mails) != 1 || mails[0].ToAddress != "liga.ozola@example.lv" {
		t.Fatalf("confirmation mail: %+v %v", mails, err)
	}
	// HTML typed in is shown as text.
	nomCard := staff.Get(t, fmt.Sprintf("/awards/nominations/%d", nid))
	if nomCard.StatusCode != 200 || strings.Contains(nomCard.Body, "<b>pilsētai</b>") || !strings.Contains(nomCard.Body, "&lt;b&gt;") {
		t.Fatalf("nomination card: %d", nomCard.StatusCode)
	}

	// The commission: the chair and the deputy; scoring starts when nominations close.
	var chairID, deputyID int64
	_ = srv.Pool.QueryRow(context.Background(), `select id from users where username = 'chair'`).Scan(&chairID)
	_ = srv.Pool.QueryRow(context.Background(), `select id from users where username = 'deputy'`).Scan(&deputyID)
	for _, id := range []int64{chairID, deputyID} {
		if r := staff.PostForm(t, roundPath+"/members", url.Values{"user_id": {fmt.Sprint(id)}, "role": {"member"}}); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("member: %d %s", r.StatusCode, r.Body)
		}
	}
	if r := staff.PostForm(t, roundPath+"/members", url.Values{"user_id": {fmt.Sprint(chairID)}, "role": {"member"}}); r.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("the same member twice: %d", r.StatusCode)
	}
	if r := staff.PostForm(t, roundPath+"/advance", url.Values{"from": {"open"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("close: %d", r.StatusCode)
	}
	memberOf := func(uid int64) int64 {
		var id int64
		if err := srv.Pool.QueryRow(context.Background(), `select id from award_members where user_id = $1 and round_id = $2`,
			uid, strings.TrimPrefix(roundPath, "/awards/rounds/")).Scan(&id); err != nil {
			t.Fatal(err)
		}
		return id
	}
	chairM, deputyM := memberOf(chairID), memberOf(deputyID)
	chair, deputy := srv.Client(t, "chair"), srv.Client(t, "deputy")
	// Another member's page is not theirs.
	if r := chair.Get(t, fmt.Sprintf("/awards/scoring/%d", deputyM)); r.StatusCode != http.StatusForbidden {
		t.Fatalf("chair opens the deputy's scoring: %d", r.StatusCode)
	}
	// Before a declaration the nomination is not shown.
	if r := chair.Get(t, fmt.Sprintf("/awards/scoring/%d/nominations/%d", chairM, nid)); r.StatusCode != http.StatusForbidden {
		t.Fatalf("opened before declaring: %d", r.StatusCode)
	}
	if r := chair.PostForm(t, fmt.Sprintf("/awards/scoring/%d/declare", chairM), url.Values{"nomination_id": {fmt.Sprint(nid)}, "conflict": {"yes"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("declare: %d", r.StatusCode)
	}
	page := chair.Get(t, fmt.Sprintf("/awards/scoring/%d", chairM))
	if !strings.Contains(page.Body, "conflict-note") || strings.Contains(page.Body, fmt.Sprintf("/nominations/%d\"", nid)) {
		t.Fatalf("the chair's scoring page after a conflict: %s", page.Body)
	}
	if r := chair.Get(t, fmt.Sprintf("/awards/scoring/%d/nominations/%d", chairM, nid)); r.StatusCode != http.StatusForbidden {
		t.Fatalf("opened with a conflict: %d", r.StatusCode)
	}
	if n := count(t, srv, `select count(*) from audit_log where entity = 'award_nomination' and entity_id = $1 and action = 'award_conflict'`, fmt.Sprint(nid)); n != 1 {
		t.Fatalf("conflict audited %d times", n)
	}
	if r := deputy.PostForm(t, fmt.Sprintf("/awards/scoring/%d/declare", deputyM), url.Values{"nomination_id": {fmt.Sprint(nid)}, "conflict": {"no"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("declare: %d", r.StatusCode)
	}
	scorePath := fmt.Sprintf("/awards/scoring/%d/nominations/%d", deputyM, nid)
	sp := deputy.Get(t, scorePath)
	if sp.StatusCode != 200 || !strings.Contains(sp.Body, "Ilggadējs darbs") {
		t.Fatalf("the deputy opens the nomination: %d", sp.StatusCode)
	}
	crit := regexp.MustCompile(`name="(score_\d+)"`).FindAllStringSubmatch(sp.Body, -1)
	if len(crit) != 2 {
		t.Fatalf("%d criteria on the form", len(crit))
	}
	bad := url.Values{crit[0][1]: {"11"}, crit[1][1]: {""}}
	if r := deputy.PostForm(t, scorePath, bad); r.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("a score of 11: %d", r.StatusCode)
	}
	if n := count(t, srv, `select count(*) from award_scores where nomination_id = $1`, nid); n != 0 {
		t.Fatalf("bad scores saved: %d", n)
	}
	if r := deputy.PostForm(t, scorePath, url.Values{crit[0][1]: {"9"}, crit[1][1]: {"8"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("scores: %d %s", r.StatusCode, r.Body)
	}
	if r := staff.PostForm(t, roundPath+"/advance", url.Values{"from": {"closed"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("judged: %d", r.StatusCode)
	}
	// Nothing shows laureates before the decision.
	if r := staff.Get(t, "/awards/register?q="+url.QueryEscape(fmt.Sprintf("janis berzins %d", u))); strings.Contains(r.Body, nominee) {
		t.Fatal("the register shows a laureate before the decision")
	}
	minutes := staff.Get(t, roundPath+"/minutes.pdf")
	if minutes.StatusCode != 200 {
		t.Fatalf("minutes: %d", minutes.StatusCode)
	}
	text := pdftest.Text(t, []byte(minutes.Body))
	for _, want := range []string{"Apbalvojumu komisijas sēdes protokols", "Valdis Liepiņš", "Olga Petrova", "interešu konflikts", nominee, "8,70"} {
		if !strings.Contains(text, want) {
			t.Errorf("the minutes lack %q: %s", want, text)
		}
	}
	var version int
	_ = srv.Pool.QueryRow(context.Background(), `select version from award_rounds where id = $1`, strings.TrimPrefix(roundPath, "/awards/rounds/")).Scan(&version)
	dec := url.Values{"body": {"Daugavpils valstspilsētas pašvaldības dome"}, "number": {"14/556"}, "date": {today.Format("02.01.2006.")},
		"laureates": {fmt.Sprint(nid)}, "proposal": {""}, "version": {fmt.Sprint(version)}}
	stale := url.Values{}
	for k, v := range dec {
		stale[k] = v
	}
	stale.Set("version", fmt.Sprint(version-1))
	if r := staff.PostForm(t, roundPath+"/decision", stale); r.StatusCode != http.StatusConflict {
		t.Fatalf("a stale decision: %d", r.StatusCode)
	}
	if r := staff.PostForm(t, roundPath+"/decision", dec); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("decision: %d %s", r.StatusCode, r.Body)
	}
	reg := staff.Get(t, "/awards/register?q="+url.QueryEscape(fmt.Sprintf("janis berzins %d", u)))
	if !strings.Contains(reg.Body, nominee) {
		t.Fatal("the laureate is not in the register")
	}
	if pr := staff.Get(t, "/awards/register/print"); !strings.Contains(pr.Body, nominee) {
		t.Fatal("a laureate who consented is not on the public list")
	}
	diploma := staff.Get(t, fmt.Sprintf("/awards/nominations/%d/diploma.pdf", nid))
	if diploma.StatusCode != 200 || !strings.Contains(pdftest.Text(t, []byte(diploma.Body)), nominee) {
		t.Fatalf("diploma: %d", diploma.StatusCode)
	}
}

func TestBadInputSavesNothing(t *testing.T) {
	srv := apptest.New(t)
	staff := srv.Client(t, "staff")
	u := contactstest.Unique()
	before := count(t, srv, `select count(*) from award_types`)
	for _, tc := range []struct {
		name string
		form url.Values
		want string
	}{
		{"empty", url.Values{"version": {"0"}, "idem": {fmt.Sprintf("empty-%d", u)}}, "Ievadiet apbalvojuma nosaukumu"},
		{"10 000 characters", typeForm(strings.Repeat("ā", 10_000), fmt.Sprintf("long-%d", u)), "garāks"},
		{"wrong type", func() url.Values {
			f := typeForm(fmt.Sprintf("Veids %d", u), fmt.Sprintf("nan-%d", u))
			f.Set("max_per_year", "daudz")
			return f
		}(), "skaitli"},
	} {
		res := staff.PostForm(t, "/awards/types", tc.form)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "error-summary") {
			t.Errorf("%s: %d", tc.name, res.StatusCode)
		}
		_ = tc.want
	}
	if after := count(t, srv, `select count(*) from award_types`); after != before {
		t.Fatalf("bad input saved %d types", after-before)
	}
	// HTML in a name is shown as text.
	html := fmt.Sprintf("<script>alert(1)</script> Balva %d", u)
	if res := staff.PostForm(t, "/awards/types", typeForm(html, fmt.Sprintf("html-%d", u))); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("html name: %d", res.StatusCode)
	}
	if page := staff.Get(t, "/awards/types"); strings.Contains(page.Body, "<script>alert(1)") {
		t.Fatal("HTML shown as HTML")
	}
	// A stale edit of a round overwrites nothing.
	ty := at.AddType(t, srv.Pool, "")
	rd := at.AddRound(t, srv.Pool, ty.ID, 2030, "")
	edit := url.Values{"year": {"2030"}, "call_text": {"Jauns teksts"}, "opens_on": {"01.03.2030."}, "closes_on": {"30.04.2030."},
		"version": {fmt.Sprint(rd.Version - 1)}}
	if res := staff.PostForm(t, fmt.Sprintf("/awards/rounds/%d/edit", rd.ID), edit); res.StatusCode != http.StatusConflict {
		t.Fatalf("stale round edit: %d", res.StatusCode)
	}
	edit.Set("version", fmt.Sprint(rd.Version))
	edit.Set("closes_on", "01.02.2030.")
	if res := staff.PostForm(t, fmt.Sprintf("/awards/rounds/%d/edit", rd.ID), edit); res.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(res.Body, "nevar būt agrāks") {
		t.Fatalf("closing before opening: %d", res.StatusCode)
	}
	// A round prepared has no public page; a token that is no round neither.
	if res := srv.Anonymous(t).Get(t, "/nominate/"+rd.Token); res.StatusCode != http.StatusNotFound {
		t.Fatalf("a prepared round's public page: %d", res.StatusCode)
	}
	if res := srv.Anonymous(t).Get(t, "/nominate/<x>"); res.StatusCode != http.StatusNotFound {
		t.Fatalf("a bad token: %d", res.StatusCode)
	}
	_ = awards.Open
}

func TestRolesReadOrAreRefused(t *testing.T) {
	srv := apptest.New(t)
	for _, tc := range []struct {
		user       string
		read, edit bool
		score      bool
	}{
		{"head", true, true, true}, {"staff", true, true, true}, {"director", true, false, true},
		{"chair", false, false, true}, {"deputy", false, false, true}, {"clerk", false, false, false}, {"admin", false, false, false},
	} {
		c := srv.Client(t, tc.user)
		for path, want := range map[string]bool{"/awards": tc.read, "/awards/nominations": tc.read, "/awards/register": tc.read,
			"/awards/types/new": tc.edit, "/awards/scoring": tc.score} {
			res := c.Get(t, path)
			if (res.StatusCode == http.StatusOK) != want || (!want && res.StatusCode != http.StatusForbidden) {
				t.Errorf("%s GET %s: %d", tc.user, path, res.StatusCode)
			}
		}
	}
}

// TestExportAndRateLimit: the nominations' export is audited and a cell
// that starts like a formula is neutralised; the public form answers 429
// past its burst from one address.
func TestExportAndRateLimit(t *testing.T) {
	// An app of its own: its rate limiter counts only this test's posts.
	srv := apptest.NewWithConfig(t, func(*app.Config) {})
	staff := srv.Client(t, "staff")
	u := contactstest.Unique()
	ty := at.AddType(t, srv.Pool, "")
	today := srv.Clock.Now()
	rd := at.AddRoundOn(t, srv.Pool, ty.ID, today.AddDate(0, 0, -1), today.AddDate(0, 0, 10))
	at.SetStatus(t, srv.Pool, rd.ID, awards.Open)
	anon := srv.Anonymous(t)
	formula := fmt.Sprintf("=HYPERLINK(\"x\") %d", u)
	form := url.Values{"nominee_kind": {"person"}, "nominee_name": {formula}, "nominator_kind": {"person"},
		"nominator_name": {"Rita Ābola"}, "email": {"rita@example.lv"}, "justification": {"Pamatojums"},
		"consent_nominated": {"on"}, "idem": {fmt.Sprintf("export-%d", u)}}
	if r := anon.PostForm(t, "/nominate/"+rd.Token, form); r.StatusCode != http.StatusOK {
		t.Fatalf("public nomination: %d", r.StatusCode)
	}
	before := count(t, srv, `select count(*) from audit_log where entity = 'award_nomination' and action = 'export'`)
	csv := staff.Get(t, "/awards/nominations/export.csv?q="+url.QueryEscape(fmt.Sprint(u)))
	if csv.StatusCode != 200 || !strings.Contains(csv.Body, "'=HYPERLINK") {
		t.Fatalf("export: %d %s", csv.StatusCode, csv.Body)
	}
	if after := count(t, srv, `select count(*) from audit_log where entity = 'award_nomination' and action = 'export'`); after != before+1 {
		t.Fatalf("the export was audited %d times", after-before)
	}
	if x := staff.Get(t, "/awards/nominations/export.xlsx"); x.StatusCode != 200 || !strings.HasPrefix(x.Body, "PK") {
		t.Fatalf("xlsx: %d", x.StatusCode)
	}
	// The clock stands still, so that the bucket does not refill between
	// posts however busy the machine is.
	srv.Clock.Set(t, srv.Clock.Now())
	limited := false
	for i := range 12 {
		r := anon.PostForm(t, "/nominate/"+rd.Token, url.Values{"idem": {fmt.Sprintf("limit-%d-%d", u, i)}})
		if r.StatusCode == http.StatusTooManyRequests {
			limited = true
			break
		}
	}
	if !limited {
		t.Fatal("the public form is not rate-limited")
	}
}

// The ceremony's list links each guest to their contact and says who gets
// no invitation by mail; the contact's card links the invitation back.
func TestCeremonyGuestsLinkTheirContacts(t *testing.T) {
	srv := apptest.New(t)
	staff := srv.Client(t, "staff")
	ctx := context.Background()
	ty := at.AddType(t, srv.Pool, "")
	rd := at.AddRound(t, srv.Pool, ty.ID, 2026, awards.Closed)
	nomination := at.AddNomination(t, srv.Pool, rd.ID, "Ilona", "Saite")
	at.SetLaureate(t, srv.Pool, nomination)
	at.SetStatus(t, srv.Pool, rd.ID, awards.Decided)
	var laureate int64
	if err := srv.Pool.QueryRow(ctx, `select nominee_contact_id from award_nominations where id = $1`, nomination).Scan(&laureate); err != nil {
		t.Fatal(err)
	}
	optedOut := contactstest.AddPerson(t, srv.Pool, contactstest.Person{Given: "Nevēlas", Family: "Pastu", Emails: []string{"nevelas.pastu@example.lv"}, OptOut: true})
	ceremony := fmt.Sprintf("/awards/rounds/%d/ceremony", rd.ID)
	if res := staff.PostForm(t, ceremony+"/guests", url.Values{"person_id": {fmt.Sprint(optedOut)}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("guests: %d", res.StatusCode)
	}
	if res := staff.PostForm(t, ceremony+"/invite", url.Values{}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("invite: %d", res.StatusCode)
	}
	page := staff.Get(t, ceremony)
	for _, want := range []string{fmt.Sprintf(`href="/contacts/%d"`, laureate), fmt.Sprintf(`href="/contacts/%d"`, optedOut), "Atteicies no sūtījumiem"} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("the ceremony's page lacks %s", want)
		}
	}
	if n := count(t, srv, `select count(*) from mail_outbox where entity = 'award_round' and entity_id = $1`, fmt.Sprint(rd.ID)); n != 1 {
		t.Errorf("%d invitations in the outbox (want the laureate's only)", n)
	}
	card := staff.Get(t, fmt.Sprintf("/contacts/%d", laureate))
	if !strings.Contains(card.Body, "Ielūgums uz apbalvošanas ceremoniju") || !strings.Contains(card.Body, fmt.Sprintf(`href="/awards/rounds/%d"`, rd.ID)) {
		t.Error("the laureate's card does not link the invitation")
	}
}

// An address with a year no round can have is the first page of rounds,
// never an error.
func TestRoundsPageOfAnyYearAnswers(t *testing.T) {
	srv := apptest.New(t)
	head := srv.Client(t, "head")
	for _, before := range []string{"x", "-5", "0", "1990", "2102", "3000000000", "99999999999999999999"} {
		if res := head.Get(t, "/awards?before="+before); res.StatusCode != http.StatusOK {
			t.Errorf("before=%s: status %d", before, res.StatusCode)
		}
	}
}
