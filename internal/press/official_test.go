package press_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/daugavpils/prdesk/internal/apptest"
	"github.com/daugavpils/prdesk/internal/contacts/contactstest"
	"github.com/daugavpils/prdesk/internal/db/dbtest"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/press"
	"github.com/daugavpils/prdesk/internal/press/presstest"
)

func TestOfficialTextFromRequestToDelivery(t *testing.T) {
	ctx := context.Background()
	pool := dbtest.Pool(t)
	s := presstest.Store(pool)
	id := presstest.AddOfficialText(t, pool, press.OfficialInput{Occasion: unique(t, "Lāčplēša diena")})
	get := func() press.OfficialText {
		t.Helper()
		x, err := s.OfficialText(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		return x
	}
	x := get()
	if x.Status != press.OfficialRequested || x.CurrentVersion != 0 {
		t.Fatalf("a request: %s, version %d", x.Status, x.CurrentVersion)
	}
	if err := s.SubmitOfficial(ctx, id, x.Version); refusal(err) != "comment: press.text.stale" {
		t.Fatalf("submitting nothing written: %s", refusal(err))
	}
	in := press.OfficialInput{Kind: x.Kind, Occasion: x.Occasion, NeededOn: x.NeededOn, Lang: x.Lang, Body: "Godātie daugavpilieši!"}
	save := func(body string) {
		t.Helper()
		in.Body = body
		if err := s.SaveOfficialText(ctx, id, get().Version, in); err != nil {
			t.Fatal(err)
		}
	}
	step := func(name string, f func(context.Context, int64, int) error) {
		t.Helper()
		if err := f(ctx, id, get().Version); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	save("Godātie daugavpilieši!")
	if x := get(); x.Status != press.OfficialDrafting || x.CurrentVersion != 1 || x.Body != "Godātie daugavpilieši!" {
		t.Fatalf("the first draft: %s, version %d", x.Status, x.CurrentVersion)
	}
	// The same words again are no new version.
	save("Godātie daugavpilieši!")
	if x := get(); x.CurrentVersion != 1 {
		t.Fatalf("an unchanged save made version %d", x.CurrentVersion)
	}
	step("submit", s.SubmitOfficial)
	if err := s.ReturnOfficial(ctx, id, get().Version, 1, " "); refusal(err) != "comment: press.text.comment_required" {
		t.Fatalf("returned without a comment: %s", refusal(err))
	}
	if err := s.ReturnOfficial(ctx, id, get().Version, 1, "Pieminiet brīvības cīnītājus."); err != nil {
		t.Fatal(err)
	}
	if x := get(); x.Status != press.OfficialDrafting {
		t.Fatalf("returned: %s", x.Status)
	}
	save("Godātie daugavpilieši! Šodien godinām brīvības cīnītājus.")
	step("submit", s.SubmitOfficial)
	// The head approves the version the page showed; a newer one is not approved unseen.
	if err := s.ApproveOfficial(ctx, id, get().Version, 1, ""); refusal(err) != "comment: press.text.stale" {
		t.Fatalf("approving an older version: %s", refusal(err))
	}
	if err := s.ApproveOfficial(ctx, id, get().Version, 2, ""); err != nil {
		t.Fatal(err)
	}
	// An edit after approval goes back for approval, the approved version kept.
	save("Godātie daugavpilieši! Šodien godinām Latvijas brīvības cīnītājus.")
	if x := get(); x.Status != press.OfficialApproval || x.CurrentVersion != 3 || x.ApprovedVersion == nil || *x.ApprovedVersion != 2 {
		t.Fatalf("edited after approval: %s, version %d, approved %v", x.Status, x.CurrentVersion, x.ApprovedVersion)
	}
	if err := s.DeliverOfficial(ctx, id, get().Version); refusal(err) != "comment: press.text.stale" {
		t.Fatalf("delivering what is not approved: %s", refusal(err))
	}
	if err := s.ApproveOfficial(ctx, id, get().Version, 3, "Labi."); err != nil {
		t.Fatal(err)
	}
	step("deliver", s.DeliverOfficial)
	stale := get().Version - 1
	if err := s.SaveOfficialText(ctx, id, get().Version, in); refusal(err) != "occasion: press.text.delivered_locked" {
		t.Fatalf("editing a delivered text: %s", refusal(err))
	}
	if err := s.SaveOfficialText(ctx, id, stale, in); refusal(err) != "occasion: errors.conflict" {
		t.Fatalf("a stale form: %s", refusal(err))
	}
	versions, _ := s.OfficialVersions(ctx, id)
	reviews, _ := s.OfficialReviews(ctx, id)
	timeline, _ := s.OfficialTimeline(ctx, id)
	if len(versions) != 3 || !versions[0].Approved || len(reviews) != 3 || len(timeline) < 9 {
		t.Fatalf("%d versions, %d reviews, %d timeline lines", len(versions), len(reviews), len(timeline))
	}
	if body, _ := s.OfficialVersionBody(ctx, id, 1); body != "Godātie daugavpilieši!" {
		t.Fatalf("version 1: %q", body)
	}
}

func TestOfficialTextRefusals(t *testing.T) {
	ctx := context.Background()
	pool := dbtest.Pool(t)
	s := presstest.Store(pool)
	day := time.Date(2027, 5, 4, 0, 0, 0, 0, time.UTC)
	organisation := contactstest.Org(t, pool, unique(t, "Izglītības pārvalde"), "municipal_unit")
	for _, c := range []struct {
		in   press.OfficialInput
		want string
	}{
		{press.OfficialInput{Kind: press.OfficialSpeech, Lang: press.Latvian, NeededOn: day}, "occasion: press.text.occasion_required"},
		{press.OfficialInput{Kind: "poem", Occasion: "Svētki", Lang: press.Latvian, NeededOn: day}, "kind: press.text.kind_required"},
		{press.OfficialInput{Kind: press.OfficialSpeech, Occasion: "Svētki", Lang: "de", NeededOn: day}, "lang: press.text.lang_required"},
		{press.OfficialInput{Kind: press.OfficialSpeech, Occasion: "Svētki", Lang: press.Latvian}, "needed_on: press.text.needed_on_required"},
		{press.OfficialInput{Kind: press.OfficialSpeech, Occasion: "Svētki", Lang: press.Latvian, NeededOn: day, OfficialID: &organisation},
			"official_id: contacts.err_unknown_contact"},
	} {
		if _, err := s.CreateOfficialText(ctx, c.in, ""); refusal(err) != c.want {
			t.Errorf("%+v: %s, want %s", c.in, refusal(err), c.want)
		}
	}
	// A written text cannot be emptied.
	id := presstest.AddOfficialText(t, pool, press.OfficialInput{Body: "Sveicam!"})
	x, _ := s.OfficialText(ctx, id)
	if err := s.SaveOfficialText(ctx, id, x.Version, press.OfficialInput{Kind: x.Kind, Occasion: x.Occasion, NeededOn: x.NeededOn,
		Lang: x.Lang}); refusal(err) != "body: press.text.body_required" {
		t.Fatalf("emptied: %s", refusal(err))
	}
	// Late: the day needed has come and the text is not approved.
	if !x.Late(x.NeededOn.Add(time.Hour)) || x.Late(x.NeededOn.Add(-2*24*time.Hour)) {
		t.Fatal("late from the day needed")
	}
}

func TestOfficialTextLibrary(t *testing.T) {
	ctx := context.Background()
	pool := dbtest.Pool(t)
	s := presstest.Store(pool)
	n := serial.Add(1)
	official := contactstest.NewPerson(t, pool, "Andrejs", fmt.Sprintf("Elksniņš%d", n))
	word := fmt.Sprintf("Ziedoņdārzs%d", n)
	lastYear := presstest.AddOfficialText(t, pool, press.OfficialInput{Occasion: "Pilsētas svētki", OfficialID: &official, Kind: press.OfficialSpeech,
		NeededOn: time.Date(2025, 7, 20, 0, 0, 0, 0, time.UTC), Body: "Dārgie daugavpilieši! Tiekamies " + word + "."})
	thisYear := presstest.AddOfficialText(t, pool, press.OfficialInput{Occasion: "Pilsētas svētki", OfficialID: &official, Kind: press.OfficialSpeech,
		NeededOn: time.Date(2026, 7, 20, 0, 0, 0, 0, time.UTC), Body: "Dārgie daugavpilieši! Šogad " + strings.ToLower(word) + " atkal zied."})
	other := presstest.AddOfficialText(t, pool, press.OfficialInput{Occasion: "Skolotāju diena " + word})

	ids := func(q press.OfficialQuery) []int64 {
		t.Helper()
		p, err := s.OfficialTexts(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		var out []int64
		for _, r := range p.Rows {
			out = append(out, r.ID)
		}
		return out
	}
	folded := strings.NewReplacer("ņ", "n", "ā", "a").Replace(strings.ToUpper(word))
	if got := ids(press.OfficialQuery{Q: folded}); fmt.Sprint(got) != fmt.Sprint([]int64{other, thisYear, lastYear}) {
		t.Errorf("search %q: %v", folded, got)
	}
	if got := ids(press.OfficialQuery{Q: word, OfficialID: official, Year: 2025}); fmt.Sprint(got) != fmt.Sprint([]int64{lastYear}) {
		t.Errorf("the official's texts of 2025: %v", got)
	}
	if got := ids(press.OfficialQuery{Q: word, Kind: press.OfficialGreeting}); fmt.Sprint(got) != fmt.Sprint([]int64{other}) {
		t.Errorf("greetings: %v", got)
	}
	// The open ones soonest needed first.
	if got := ids(press.OfficialQuery{Q: word, Open: true}); fmt.Sprint(got) != fmt.Sprint([]int64{lastYear, thisYear, other}) {
		t.Errorf("open: %v", got)
	}
	// This year's speech offers last year's to start from.
	x, _ := s.OfficialText(ctx, thisYear)
	earlier, err := s.EarlierTexts(ctx, x)
	if err != nil || len(earlier) != 1 || earlier[0].ID != lastYear {
		t.Fatalf("earlier texts: %v, %v", earlier, err)
	}
}

func TestOfficialTextPages(t *testing.T) {
	srv := apptest.New(t)
	staff := srv.Client(t, "staff")
	head := srv.Client(t, "head")
	n := serial.Add(1)
	occasion := fmt.Sprintf("Daugavpils pilsētas svētki %d", n)
	official := contactstest.NewPerson(t, srv.Pool, "Andrejs", fmt.Sprintf("Runātājs%d", n))
	form := url.Values{"kind": {"speech"}, "occasion": {occasion}, "needed_on": {"20.07.2026."}, "lang": {"lv"},
		"official_id": {strconv.FormatInt(official, 10)}, "official_id_q": {"Andrejs"}, "requested_by_id": {""}, "requested_by_id_q": {""},
		"author_id": {""}, "notes": {"Uzruna 3 minūtes"}, "body": {"Dārgie daugavpilieši!\n\nSveicu svētkos."},
		"version": {"0"}, "idem": {fmt.Sprintf("official-form-%d", n)}}

	bad := url.Values{"kind": {"speech"}, "occasion": {""}, "needed_on": {"31.02.2026."}, "lang": {"lv"}, "body": {"<script>alert(1)</script>"},
		"version": {"0"}, "idem": {fmt.Sprintf("official-bad-%d", n)}}
	if res := staff.PostForm(t, "/press/texts", bad); res.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(res.Body, "Ievadiet notikumu") || !strings.Contains(res.Body, "&lt;script&gt;") {
		t.Fatalf("a bad form: %d\n%s", res.StatusCode, res.Body)
	}
	res := staff.PostForm(t, "/press/texts", form)
	m := regexp.MustCompile(`^/press/texts/(\d+)$`).FindStringSubmatch(res.Header.Get("Location"))
	if res.StatusCode != http.StatusSeeOther || m == nil {
		t.Fatalf("create: %d %s\n%s", res.StatusCode, res.Header.Get("Location"), res.Body)
	}
	loc := "/press/texts/" + m[1]
	if again := staff.PostForm(t, "/press/texts", form); again.Header.Get("Location") != loc {
		t.Fatalf("posted twice: %s", again.Header.Get("Location"))
	}
	card := staff.Get(t, loc)
	if card.StatusCode != http.StatusOK || !strings.Contains(card.Body, "Sveicu svētkos.") || !strings.Contains(card.Body, "Tiek rakstīts") {
		t.Fatalf("card: %d\n%s", card.StatusCode, card.Body)
	}
	version := func(page string) string {
		return regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(page)[1]
	}
	if res := staff.PostForm(t, loc+"/submit", url.Values{"version": {version(card.Body)}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("submit: %d", res.StatusCode)
	}
	// Only the head approves.
	if res := staff.PostForm(t, loc+"/approve", url.Values{"version": {"3"}, "version_no": {"1"}}); res.StatusCode != http.StatusForbidden {
		t.Fatalf("staff approving: %d", res.StatusCode)
	}
	if list := head.Get(t, "/press/approval"); !strings.Contains(list.Body, `href="`+loc+`#review-heading"`) {
		t.Fatalf("the head's list of what awaits approval lacks the text:\n%s", list.Body)
	}
	hc := head.Get(t, loc)
	if !strings.Contains(hc.Body, `formaction="`+loc+`/approve"`) {
		t.Fatalf("the head's card lacks the approval:\n%s", hc.Body)
	}
	if res := head.PostForm(t, loc+"/return", url.Values{"version": {version(hc.Body)}, "version_no": {"1"}, "comment": {""}}); res.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(res.Body, "Uzrakstiet, kas tekstā jālabo") {
		t.Fatalf("returned without a comment: %d", res.StatusCode)
	}
	if res := head.PostForm(t, loc+"/approve", url.Values{"version": {version(hc.Body)}, "version_no": {"1"}, "comment": {""}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("approve: %d\n%s", res.StatusCode, res.Body)
	}
	// Edited after approval: a second version, back for approval, and the two compared.
	edit := staff.Get(t, loc+"/edit")
	form.Del("idem")
	form.Set("version", version(edit.Body))
	form.Set("body", "Dārgie daugavpilieši!\n\nSirsnīgi sveicu svētkos.")
	if res := staff.PostForm(t, loc+"/edit", form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit: %d\n%s", res.StatusCode, res.Body)
	}
	compare := staff.Get(t, loc+"/compare")
	if compare.StatusCode != http.StatusOK || !strings.Contains(compare.Body, "<ins>Sirsnīgi ") {
		t.Fatalf("compare: %d\n%s", compare.StatusCode, compare.Body)
	}
	if v1 := staff.Get(t, loc+"/versions/1"); !strings.Contains(v1.Body, "Sveicu svētkos.") {
		t.Fatal("version 1")
	}
	if res := staff.Get(t, loc+"/versions/3"); res.StatusCode != http.StatusNotFound {
		t.Fatalf("a version not saved: %d", res.StatusCode)
	}

	// Next year's speech starts from this one: the words, the official, and the same day a year on.
	next := staff.Get(t, "/press/texts/new?from="+m[1])
	if next.StatusCode != http.StatusOK || !strings.Contains(next.Body, "Sirsnīgi sveicu svētkos.") ||
		!strings.Contains(next.Body, `name="based_on_id" value="`+m[1]+`"`) {
		t.Fatalf("started from: %d\n%s", next.StatusCode, next.Body)
	}
	// Started once, a second start says so.
	started := url.Values{}
	for k, v := range form {
		started[k] = v
	}
	started.Set("version", "0")
	started.Set("idem", fmt.Sprintf("official-next-%d", n))
	started.Set("based_on_id", m[1])
	nextYear := srv.Clock.Now().Year() + 1
	started.Set("needed_on", fmt.Sprintf("20.07.%d.", nextYear))
	res = staff.PostForm(t, "/press/texts", started)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("next year's: %d\n%s", res.StatusCode, res.Body)
	}
	// Its day is in the area's calendar, a whole day.
	nextID := strings.TrimPrefix(res.Header.Get("Location"), "/press/texts/")
	if ics := staff.Get(t, "/press/events/calendar.ics"); !strings.Contains(ics.Body, "UID:press-text-"+nextID+"@") ||
		!strings.Contains(ics.Body, fmt.Sprintf("DTSTART;VALUE=DATE:%d0720", nextYear)) {
		t.Errorf("the calendar lacks next year's speech:\n%s", ics.Body)
	}
	if again := staff.Get(t, "/press/texts/new?from="+m[1]); !strings.Contains(again.Body, `data-testid="already-started"`) {
		t.Fatal("a second start from the same text is not warned of")
	}
	wantDay := i18n.Date(time.Date(2027, 7, 20, 0, 0, 0, 0, time.UTC))
	if srv.Clock.Now().Before(time.Date(2027, 7, 20, 0, 0, 0, 0, i18n.Riga)) && !strings.Contains(next.Body, `value="`+wantDay+`"`) {
		t.Fatalf("next year's day %s not offered", wantDay)
	}
	list := staff.Get(t, "/press/texts?q="+url.QueryEscape(occasion))
	if list.StatusCode != http.StatusOK || !strings.Contains(list.Body, loc) {
		t.Fatalf("the library: %d\n%s", list.StatusCode, list.Body)
	}
	if res := staff.Get(t, "/press/texts?year=abc"); res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("a year not a number: %d", res.StatusCode)
	}
	if c := staff.Get(t, "/contacts/"+strconv.FormatInt(official, 10)); !strings.Contains(c.Body, `href="`+loc+`"`) {
		t.Fatal("the official's card lacks the text")
	}
}

func TestOfficialTextsExportFollowsTheLibrarysFilters(t *testing.T) {
	srv := apptest.New(t)
	occasion := fmt.Sprintf("Valsts svētki %d", serial.Add(1))
	presstest.AddOfficialText(t, srv.Pool, press.OfficialInput{Occasion: occasion, Kind: press.OfficialSpeech})
	staff := srv.Client(t, "staff")
	res := staff.Get(t, "/press/texts/export.csv?which=all&kind=speech&q="+url.QueryEscape(occasion))
	if res.StatusCode != http.StatusOK || !strings.Contains(res.Body, occasion) || strings.Count(res.Body, "\n") != 2 {
		t.Fatalf("the CSV: %d\n%s", res.StatusCode, res.Body)
	}
	if x := staff.Get(t, "/press/texts/export.xlsx"); x.StatusCode != http.StatusOK {
		t.Errorf("the spreadsheet: %d", x.StatusCode)
	}
}
