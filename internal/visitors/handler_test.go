package visitors_test

import (
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/daugavpils/prdesk/internal/apptest"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/visitors"
	"github.com/daugavpils/prdesk/internal/visitors/visitorstest"
)

func idText(id int64) string { return strconv.FormatInt(id, 10) }

// staleMessage is what every form of the area based on an outdated version says.
const staleMessage = "Kāds cits jau ir mainījis šo ierakstu."

var slotLink = regexp.MustCompile(`/visitors/book\?official=(\d+)&amp;start=(\d+)`)

// freeStarts reads the offered slots off the booking page.
func freeStarts(t *testing.T, body string) []string {
	t.Helper()
	var out []string
	// The nearest free slots, not the month view below them.
	body, _, _ = strings.Cut(body, `data-testid="month"`)
	for _, m := range slotLink.FindAllStringSubmatch(body, -1) {
		out = append(out, m[2])
	}
	return out
}

// formVersion is the version the form posting to action carries on the page.
func formVersion(t *testing.T, body, action string) string {
	t.Helper()
	m := regexp.MustCompile(`(?s)action="` + regexp.QuoteMeta(action) + `"[^>]*>.*?name="version" value="(\d+)"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no form to %s with its version", action)
	}
	return m[1]
}

func visitorForm(official, start string) url.Values {
	return url.Values{
		"official": {official}, "start": {start}, "name": {"Elīna Grīnberga"}, "phone": {"+371 2611 2233"},
		"email": {""}, "topic": {"Gājēju pāreja pie 13. vidusskolas"}, "language": {"lv"},
		"accessibility": {""}, "person_code": {""},
	}
}

// The officials of the demo data, as a test makes them: the chair (the
// chair account's) receives on Mondays 14:00–17:00, the deputy chair on
// Tuesdays 10:00–12:00 in 20-minute slots, a deputy with a target of eight
// weeks on Thursdays 16:00–18:00, and the deputy account's official on
// Wednesdays 15:00–17:00.
type demoOfficials struct {
	chair, deputyChair, deputy, ownDeputy int64
}

func addDemoOfficials(t *testing.T, srv *apptest.Server) demoOfficials {
	t.Helper()
	at := visitors.At
	eight := 8
	tuesday := visitorstest.Weekly(time.Tuesday, at(10, 0), at(12, 0))
	tuesday.SlotMinutes = 20
	o := demoOfficials{
		chair: visitorstest.AddOfficial(t, srv.Pool, visitors.Official{Name: "Valdis Liepiņš", Position: "Domes priekšsēdētājs", Kind: visitors.Chair},
			visitorstest.Weekly(time.Monday, at(14, 0), at(17, 0))),
		deputyChair: visitorstest.AddOfficial(t, srv.Pool, visitors.Official{Name: "Jeļena Kozlova", Position: "Domes priekšsēdētāja vietniece",
			Kind: visitors.DeputyChair}, tuesday),
		deputy: visitorstest.AddOfficial(t, srv.Pool, visitors.Official{Name: "Andris Kalns", Position: "Domes deputāts", TargetWeeks: &eight},
			visitorstest.Weekly(time.Thursday, at(16, 0), at(18, 0))),
		ownDeputy: visitorstest.AddOfficial(t, srv.Pool, visitors.Official{Name: "Olga Petrova", Position: "Domes deputāte"},
			visitorstest.Weekly(time.Wednesday, at(15, 0), at(17, 0))),
	}
	visitorstest.Link(t, srv.Pool, "chair", o.chair)
	visitorstest.Link(t, srv.Pool, "deputy", o.ownDeputy)
	return o
}

func TestWhoSeesWhat(t *testing.T) {
	srv := apptest.New(t)
	srv.Clock.Set(t, fixedNow)
	o := addDemoOfficials(t, srv)
	for _, tc := range []struct {
		user       string
		day, book  int
		seesOthers bool
		own        string // the official's own reception, for an official
	}{
		{"clerk", 200, 200, true, ""},
		{"staff", 200, 200, true, ""},
		{"head", 200, 200, true, ""},
		{"chair", 200, 200, false, "Valdis Liepiņš"},
		{"deputy", 200, 200, false, "Olga Petrova"},
		{"director", 403, 403, false, ""},
		{"admin", 403, 403, false, ""},
	} {
		t.Run(tc.user, func(t *testing.T) {
			c := srv.Client(t, tc.user)
			res := c.Get(t, "/visitors")
			if res.StatusCode != tc.day {
				t.Fatalf("/visitors: %d", res.StatusCode)
			}
			if tc.day == 200 {
				if got := strings.Contains(res.Body, "Jeļena Kozlova"); got != tc.seesOthers {
					t.Errorf("sees the deputy chair: %v", got)
				}
				if tc.own != "" && !strings.Contains(res.Body, tc.own) {
					t.Errorf("%s does not see their own reception", tc.user)
				}
			}
			res = c.Get(t, "/visitors/book?official="+idText(o.deputy))
			if res.StatusCode != tc.book {
				t.Fatalf("/visitors/book: %d", res.StatusCode)
			}
			if tc.own != "" {
				// Their own free times, read-only, whichever official was asked for.
				if !strings.Contains(res.Body, "own-free-slots") || !strings.Contains(res.Body, tc.own) ||
					strings.Contains(res.Body, "Andris Kalns") || len(freeStarts(t, res.Body)) != 0 {
					t.Errorf("the official's booking page: %s", res.Body)
				}
				start := strconv.FormatInt(fixedNow.Add(24*time.Hour).Unix(), 10)
				if res := c.PostForm(t, "/visitors/book", visitorForm(idText(o.deputy), start)); res.StatusCode != http.StatusForbidden {
					t.Errorf("the official books: %d, want 403", res.StatusCode)
				}
			}
		})
	}
}

func TestClerkBooksAndTheSecondClerkIsTold(t *testing.T) {
	srv := apptest.New(t)
	srv.Clock.Set(t, fixedNow)
	o := addDemoOfficials(t, srv)
	clerk := srv.Client(t, "clerk")
	id := idText(o.deputyChair)
	page := clerk.Get(t, "/visitors/book?official="+id)
	starts := freeStarts(t, page.Body)
	if page.StatusCode != 200 || len(starts) != 20 {
		t.Fatalf("booking page %d with %d slots", page.StatusCode, len(starts))
	}
	start := starts[0]
	form := clerk.Get(t, "/visitors/book?official="+id+"&start="+start)
	if form.StatusCode != 200 || !strings.Contains(form.Body, `name="topic"`) {
		t.Fatalf("visitor form %d", form.StatusCode)
	}
	res := clerk.PostForm(t, "/visitors/book", visitorForm(id, start))
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/visitors/bookings/") {
		t.Fatalf("book: %d %s", res.StatusCode, res.Body)
	}
	card := clerk.Get(t, res.Header.Get("Location"))
	if card.StatusCode != 200 || !strings.Contains(card.Body, "Elīna Grīnberga") || !strings.Contains(card.Body, "+37126112233") {
		t.Fatalf("booking card %d", card.StatusCode)
	}
	// The chair is not this official: not his booking to see.
	if res := srv.Client(t, "chair").Get(t, res.Header.Get("Location")); res.StatusCode != http.StatusForbidden {
		t.Fatalf("chair sees another official's booking: %d", res.StatusCode)
	}

	// Another clerk took the form of the same slot a moment earlier.
	head := srv.Client(t, "head")
	other := visitorForm(id, start)
	other.Set("name", "Rolands Sproģis")
	other.Set("phone", "+37126998877")
	res = head.PostForm(t, "/visitors/book", other)
	if res.StatusCode != http.StatusConflict || !strings.Contains(res.Body, "Šo laiku tikko aizņēma") {
		t.Fatalf("second booking: %d", res.StatusCode)
	}
	again := freeStarts(t, res.Body)
	if len(again) == 0 || again[0] == start {
		t.Fatalf("nearest free slots %v", again)
	}

	// The day list shows the visitor with a status.
	st, _ := strconv.ParseInt(start, 10, 64)
	day := time.Unix(st, 0).In(i18n.Riga).Format("2006-01-02")
	list := clerk.Get(t, "/visitors?day="+day)
	if list.StatusCode != 200 || !strings.Contains(list.Body, "Elīna Grīnberga") || !strings.Contains(list.Body, "Pierakstīts") {
		t.Fatalf("day list %d", list.StatusCode)
	}
}

func TestBadBookingsAreRefused(t *testing.T) {
	srv := apptest.New(t)
	srv.Clock.Set(t, fixedNow)
	o := addDemoOfficials(t, srv)
	clerk := srv.Client(t, "clerk")
	chair := idText(o.chair)
	free := freeStarts(t, clerk.Get(t, "/visitors/book?official="+chair).Body)
	if len(free) == 0 {
		t.Fatal("no free slots")
	}
	// 1 February 2027 is a Monday the chair would receive; it is cancelled.
	visitorstest.AddCancellation(t, srv.Pool, o.chair, day(2027, 2, 1), "Komandējums")
	unix := func(y int, m time.Month, d, h, min int) string {
		return strconv.FormatInt(time.Date(y, m, d, h, min, 0, 0, i18n.Riga).Unix(), 10)
	}
	for _, tc := range []struct {
		name string
		edit func(url.Values)
		want string
	}{
		{"no phone or e-mail", func(v url.Values) { v.Set("phone", "") }, "Norādiet tālruni vai e-pastu"},
		{"bad phone", func(v url.Values) { v.Set("phone", "12ab") }, "Tālrunim jābūt"},
		{"bad personal code", func(v url.Values) { v.Set("person_code", "010190-12346") }, "kontrolcipars"},
		{"no name", func(v url.Values) { v.Set("name", " ") }, "Ievadiet apmeklētāja vārdu un uzvārdu."},
		{"no topic", func(v url.Values) { v.Set("topic", "") }, "Ievadiet jautājumu, ar kuru apmeklētājs nāk."},
		{"in the past", func(v url.Values) { v.Set("start", unix(2025, 11, 3, 14, 0)) }, "Šis laiks jau ir pagājis"},
		{"outside a session", func(v url.Values) { v.Set("start", unix(2027, 2, 2, 14, 0)) }, "pieņemšanas nav"},
		{"cancelled date", func(v url.Values) { v.Set("start", unix(2027, 2, 1, 14, 0)) }, "pieņemšana ir atcelta"},
		{"Easter Monday", func(v url.Values) { v.Set("start", unix(2027, 3, 29, 14, 0)) }, "svētku diena"},
		{"unknown official", func(v url.Values) { v.Set("official", "987654") }, "Šādas amatpersonas nav"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := visitorForm(chair, free[0])
			tc.edit(v)
			res := clerk.PostForm(t, "/visitors/book", v)
			if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, tc.want) {
				t.Fatalf("%d, want 422 with %q", res.StatusCode, tc.want)
			}
			if !strings.Contains(res.Body, "error-summary") {
				t.Error("no error summary")
			}
		})
	}
	if n := countRows(t, srv, `select count(*) from visit_bookings where visitor_name = 'Elīna Grīnberga' and official_id = $1`, o.chair); n != 0 {
		t.Fatalf("%d saved", n)
	}
}

func TestLimitNeedsAReason(t *testing.T) {
	srv := apptest.New(t)
	srv.Clock.Set(t, fixedNow)
	o := addDemoOfficials(t, srv)
	clerk := srv.Client(t, "clerk")
	id := idText(o.deputy)
	free := freeStarts(t, clerk.Get(t, "/visitors/book?official="+id).Body)
	for _, st := range free[:2] {
		v := visitorForm(id, st)
		v.Set("phone", "+37120555666")
		if res := clerk.PostForm(t, "/visitors/book", v); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("booking: %d", res.StatusCode)
		}
	}
	v := visitorForm(id, free[2])
	v.Set("phone", "+37120555666")
	res := clerk.PostForm(t, "/visitors/book", v)
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `name="override_reason"`) {
		t.Fatalf("third booking: %d", res.StatusCode)
	}
	v.Set("override_reason", "Divi atsevišķi jautājumi")
	if res := clerk.PostForm(t, "/visitors/book", v); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("with a reason: %d", res.StatusCode)
	}
}

var matchLink = regexp.MustCompile(`<a href="/visitors/book\?official=(\d+)"( autofocus)?>([^<]+)</a>`)

// matches reads the found officials' names off the booking page, and
// whether the first has the focus.
func matches(body string) (names []string, firstFocused bool) {
	i := strings.Index(body, `data-testid="official-matches"`)
	if i < 0 {
		return nil, false
	}
	for n, m := range matchLink.FindAllStringSubmatch(body[i:], -1) {
		names = append(names, m[3])
		if n == 0 {
			firstFocused = m[2] != ""
		}
	}
	return names, firstFocused
}

func TestClerkFindsAnOfficialByName(t *testing.T) {
	srv := apptest.New(t)
	srv.Clock.Set(t, fixedNow)
	addDemoOfficials(t, srv)
	clerk := srv.Client(t, "clerk")
	page := clerk.Get(t, "/visitors/book")
	if page.StatusCode != 200 || !strings.Contains(page.Body, `name="q"`) || !strings.Contains(page.Body, `role="search"`) ||
		strings.Count(page.Body, "autofocus") != 1 {
		t.Fatalf("no search on the booking page: %d", page.StatusCode)
	}
	for _, tc := range []struct {
		q    string
		want []string
	}{
		{"liepins", []string{"Valdis Liepiņš"}},     // no diacritics
		{"LIEPIŅŠ", []string{"Valdis Liepiņš"}},     // capitals and diacritics
		{"jelena koz", []string{"Jeļena Kozlova"}},  // two words, ļ typed as l
		{"kozlova jeļ", []string{"Jeļena Kozlova"}}, // in any order
		{"  kaln  ", []string{"Andris Kalns"}},      // spaces around
		{"andris liepins", nil},                     // every word must match
	} {
		res := clerk.Get(t, "/visitors/book?q="+url.QueryEscape(tc.q))
		got, focused := matches(res.Body)
		if res.StatusCode != 200 || strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("%q: %d %v, want %v", tc.q, res.StatusCode, got, tc.want)
			continue
		}
		// Enter on the first match shows the official's slots; with none, the
		// field keeps the focus and says so.
		if strings.Count(res.Body, "autofocus") != 1 {
			t.Errorf("%q: %d fields ask for the focus", tc.q, strings.Count(res.Body, "autofocus"))
		}
		if len(tc.want) > 0 && !focused {
			t.Errorf("%q: the first match does not have the focus", tc.q)
		}
		if len(tc.want) == 0 && (!strings.Contains(res.Body, "Neviena amatpersona neatbilst") ||
			!regexp.MustCompile(`<input type="search" id="q"[^>]* autofocus`).MatchString(res.Body)) {
			t.Errorf("%q: no word that nothing matched, or the field lost the focus", tc.q)
		}
	}
	// Several match; the link leads to the official's free slots.
	res := clerk.Get(t, "/visitors/book?q=a")
	got, _ := matches(res.Body)
	for _, name := range []string{"Andris Kalns", "Jeļena Kozlova", "Valdis Liepiņš"} {
		if !slices.Contains(got, name) {
			t.Fatalf("matches of a: %v", got)
		}
	}
	m := matchLink.FindStringSubmatch(res.Body[strings.Index(res.Body, `data-testid="official-matches"`):])
	if slots := clerk.Get(t, "/visitors/book?official="+m[1]); slots.StatusCode != 200 || !strings.Contains(slots.Body, `data-testid="free-slots"`) {
		t.Fatalf("following a match: %d", slots.StatusCode)
	}
	// Too long a search is refused beside the field.
	long := clerk.Get(t, "/visitors/book?q="+strings.Repeat("ā", 101))
	if long.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(long.Body, `id="q-error"`) {
		t.Fatalf("long search: %d", long.StatusCode)
	}
}
