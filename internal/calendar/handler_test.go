package calendar_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/daugavpils/prdesk/internal/apptest"
	"github.com/daugavpils/prdesk/internal/calendar"
	"github.com/daugavpils/prdesk/internal/demo"
	"github.com/daugavpils/prdesk/internal/i18n"
)

// The HTTP tests use the years 2040–2049: the store tests in this binary use
// 2031–2039.

func count(t *testing.T, srv *apptest.Server, sql string, args ...any) int {
	t.Helper()
	var n int
	if err := srv.Pool.QueryRow(context.Background(), sql, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func rows(t *testing.T, srv *apptest.Server) int {
	return count(t, srv, `select count(*) from calendar_days`)
}

func TestAdminSeesTheYear(t *testing.T) {
	srv := apptest.New(t)
	srv.Clock.Set(t, time.Date(2045, 6, 15, 9, 0, 0, 0, i18n.Riga))
	// A session of its own: at a clock years away the shared one would be
	// idle for years, and signed out.
	admin := srv.SignIn(t, "admin", demo.Password)
	if res := admin.PostForm(t, "/admin/calendar/fill", url.Values{"year": {"2045"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("fill 2045: %d", res.StatusCode)
	}

	res := admin.Get(t, "/admin/calendar")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET /admin/calendar: %d", res.StatusCode)
	}
	lv := func(key string, args ...any) string {
		return i18n.T(i18n.WithLocale(context.Background(), "lv"), key, args...)
	}
	// The page opens at the clock's year, filled by law.
	if !strings.Contains(res.Body, "01.01.2045.") {
		t.Error("the page does not show the clock's year")
	}
	for _, want := range []string{lv("calendar.title"), "Jaungada diena", "Līgo diena", lv("calendar.kind_holiday"), lv("calendar.source_law"), lv("calendar.fill_year")} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("page lacks %q", want)
		}
	}

	res = admin.PostForm(t, "/admin/calendar/fill", url.Values{"year": {"2040"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/admin/calendar?year=2040" {
		t.Fatalf("fill: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	res = admin.Get(t, "/admin/calendar?year=2040")
	law := calendar.HolidaysByLaw(2040)
	if !strings.Contains(res.Body, lv("calendar.filled", i18n.Number(int64(len(law))))) {
		t.Error("no flash after filling")
	}
	// 2040: 261 weekdays less 9 holidays on them (Easter on 1 April, 18 November a Sunday).
	if !strings.Contains(res.Body, lv("calendar.working_days", "252")) {
		t.Errorf("working days of 2040 not shown: %s", between(res.Body, `data-testid="working-days"`, "</p>"))
	}
	for _, want := range []string{"30.03.2040.", "piektdiena", "Lielā Piektdiena", "19.11.2040.", "Brīvdiena: 18. novembris iekrīt brīvdienā"} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("2040 lacks %q", want)
		}
	}
	res = admin.PostForm(t, "/admin/calendar/fill", url.Values{"year": {"2040"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("fill again: %d", res.StatusCode)
	}
	if res = admin.Get(t, "/admin/calendar?year=2040"); !strings.Contains(res.Body, lv("calendar.fill_none")) {
		t.Error("filling a filled year should say nothing was missing")
	}

	if res = admin.Get(t, "/admin/calendar?year=abc"); res.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(res.Body, lv("field.invalid_year")) {
		t.Errorf("bad year: %d", res.StatusCode)
	}
	if res = admin.Get(t, "/admin/calendar?year=2041"); !strings.Contains(res.Body, `data-testid="not-filled"`) {
		t.Error("an unfilled year should say its holidays come from the law")
	}
}

func TestAddDay(t *testing.T) {
	srv := apptest.New(t)
	admin := srv.Client(t, "admin")
	before := rows(t, srv)

	res := admin.PostForm(t, "/admin/calendar/days", url.Values{
		"day": {"03.05.2041."}, "kind": {"moved_day_off"}, "name_lv": {"Pārcelta <b>brīvdiena</b>"}, "name_en": {"Moved day off"}, "year": {"2041"},
		"order_number": {"Nr. 412"}, "order_title": {"Par darba dienu pārcelšanu 2041. gadā"}, "order_date": {"10.06.2040."},
	})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/admin/calendar?year=2041" {
		t.Fatalf("add: %d %q %s", res.StatusCode, res.Header.Get("Location"), res.Body)
	}
	if rows(t, srv) != before+1 {
		t.Fatal("not saved")
	}
	var id int64
	var source, number, title string
	var adopted time.Time
	if err := srv.Pool.QueryRow(context.Background(), `select id, source, order_number, order_title, order_date
		from calendar_days where day = '2041-05-03'`).Scan(&id, &source, &number, &title, &adopted); err != nil {
		t.Fatal(err)
	}
	if source != "cabinet" || number != "412" || title != "Par darba dienu pārcelšanu 2041. gadā" || adopted.Format(time.DateOnly) != "2040-06-10" {
		t.Errorf("source %q, order %q %q %s; want cabinet, 412", source, number, title, adopted)
	}
	if n := count(t, srv, `select count(*) from audit_log where entity = 'calendar_day' and entity_id = $1
		and action = 'create' and actor_name = 'admin'`, strconv.FormatInt(id, 10)); n != 1 {
		t.Errorf("%d audit entries by admin", n)
	}
	res = admin.Get(t, "/admin/calendar?year=2041")
	if !strings.Contains(res.Body, "Diena pievienota kalendāram.") {
		t.Error("no flash")
	}
	if !strings.Contains(res.Body, "Pārcelta &lt;b&gt;brīvdiena&lt;/b&gt;") || strings.Contains(res.Body, "<b>brīvdiena") {
		t.Error("the name is not shown escaped")
	}
	if !strings.Contains(res.Body, "03.05.2041.") || !strings.Contains(res.Body, "piektdiena") {
		t.Error("date and weekday not shown")
	}

	// The same date again: a field error, nothing saved.
	res = admin.PostForm(t, "/admin/calendar/days", url.Values{"day": {"2041-05-03"}, "kind": {"holiday"}, "name_lv": {"Cita diena"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "Šis datums kalendārā jau ir.") {
		t.Errorf("duplicate: %d", res.StatusCode)
	}
	if !strings.Contains(res.Body, `href="#day"`) {
		t.Error("the error summary does not link to the field")
	}
	if rows(t, srv) != before+1 {
		t.Error("duplicate saved")
	}

	// Remove it.
	path := "/admin/calendar/days/" + strconv.FormatInt(id, 10) + "/remove"
	if res = admin.PostForm(t, path, url.Values{"version": {"9"}}); res.StatusCode != http.StatusConflict {
		t.Errorf("stale removal: %d", res.StatusCode)
	}
	res = admin.PostForm(t, path, url.Values{"version": {"1"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/admin/calendar?year=2041" {
		t.Fatalf("remove: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	if rows(t, srv) != before {
		t.Error("not removed")
	}
	if n := count(t, srv, `select count(*) from audit_log where entity = 'calendar_day' and entity_id = $1 and action = 'delete'`,
		strconv.FormatInt(id, 10)); n != 1 {
		t.Errorf("%d delete audit entries", n)
	}
	if res = admin.PostForm(t, path, url.Values{"version": {"1"}}); res.StatusCode != http.StatusNotFound {
		t.Errorf("removing twice: %d", res.StatusCode)
	}
}

func TestBadInputIsRefused(t *testing.T) {
	srv := apptest.New(t)
	admin := srv.Client(t, "admin")
	long := strings.Repeat("ā", 10_000)
	tests := []struct {
		name string
		form url.Values
		want []string // texts the answer must show
	}{
		{"empty", url.Values{}, []string{"Ievadiet datumu.", "Izvēlieties dienas veidu.", "Ievadiet dienas nosaukumu latviski."}},
		{"only spaces", url.Values{"day": {"   "}, "kind": {"holiday"}, "name_lv": {"  "}}, []string{"Ievadiet datumu.", "Ievadiet dienas nosaukumu latviski."}},
		{"10 000 characters in the name", url.Values{"day": {"12.03.2042."}, "kind": {"holiday"}, "name_lv": {long}}, []string{"Ne vairāk kā 200 rakstzīmes."}},
		{"10 000 characters in the English name", url.Values{"day": {"12.03.2042."}, "kind": {"holiday"}, "name_lv": {"Svētki"}, "name_en": {long}}, []string{"Ne vairāk kā 200 rakstzīmes."}},
		{"10 000 characters in the date", url.Values{"day": {long}, "kind": {"holiday"}, "name_lv": {"Svētki"}}, []string{"Ne vairāk kā 20 rakstzīmes."}},
		{"not a date", url.Values{"day": {"rīt"}, "kind": {"holiday"}, "name_lv": {"Svētki"}}, []string{"Ievadiet datumu formā dd.mm.gggg."}},
		{"no such date", url.Values{"day": {"31.02.2042"}, "kind": {"holiday"}, "name_lv": {"Svētki"}}, []string{"Ievadiet datumu formā dd.mm.gggg."}},
		{"out of range", url.Values{"day": {"01.01.1999"}, "kind": {"holiday"}, "name_lv": {"Svētki"}}, []string{"no 2000. līdz 2100. gadam"}},
		{"unknown kind", url.Values{"day": {"12.03.2042"}, "kind": {"party"}, "name_lv": {"Svētki"}}, []string{"Izvēlieties dienas veidu no saraksta."}},
		{"working day on a weekday", url.Values{"day": {"12.03.2042"}, "kind": {"moved_working_day"}, "name_lv": {"Darba diena"}}, []string{"tikai sestdienā vai svētdienā"}},
		{"day off on a weekend", url.Values{"day": {"15.03.2042"}, "kind": {"moved_day_off"}, "name_lv": {"Brīvdiena"}}, []string{"tikai darbdienā"}},
		{"HTML in the name comes back escaped", url.Values{"day": {"nav"}, "kind": {"holiday"}, "name_lv": {`<script>alert("x")</script>`}},
			[]string{"&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;"}},
	}
	before := rows(t, srv)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := admin.PostForm(t, "/admin/calendar/days", tt.form)
			if res.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422", res.StatusCode)
			}
			if !strings.Contains(res.Body, `class="error-summary"`) {
				t.Error("no error summary")
			}
			for _, w := range tt.want {
				if !strings.Contains(res.Body, w) {
					t.Errorf("answer lacks %q", w)
				}
			}
			if strings.Contains(res.Body, "<script>alert") {
				t.Error("HTML from the form is in the page unescaped")
			}
			if rows(t, srv) != before {
				t.Error("something was saved")
			}
		})
	}
	if n := count(t, srv, `select count(*) from audit_log where entity = 'calendar_day' and summary like '%2042%'`); n != 0 {
		t.Errorf("%d audit entries for refused input", n)
	}
}

func TestFollowCabinetSetting(t *testing.T) {
	srv := apptest.New(t)
	admin := srv.Client(t, "admin")
	version := func() int {
		return count(t, srv, `select version from settings where key = $1`, calendar.FollowCabinetKey)
	}
	value := func() bool {
		var b bool
		if err := srv.Pool.QueryRow(context.Background(), `select value::boolean from settings where key = $1`, calendar.FollowCabinetKey).Scan(&b); err != nil {
			t.Fatal(err)
		}
		return b
	}
	start, v := value(), version()
	defer func() {
		form := url.Values{"version": {strconv.Itoa(version())}}
		if start {
			form.Set("follow_cabinet", "on")
		}
		admin.PostForm(t, "/admin/calendar/follow", form)
	}()

	// Unticked: the checkbox is simply not posted.
	res := admin.PostForm(t, "/admin/calendar/follow", url.Values{"version": {strconv.Itoa(v)}, "year": {"2043"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/admin/calendar?year=2043" {
		t.Fatalf("save: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	if value() || version() != v+1 {
		t.Errorf("after unticking: value %v, version %d", value(), version())
	}
	if res = admin.Get(t, "/admin/calendar?year=2043"); !strings.Contains(res.Body, "Iestatījums saglabāts.") ||
		strings.Contains(res.Body, `name="follow_cabinet" checked`) {
		t.Error("page after unticking")
	}
	// A stale form changes nothing.
	if res = admin.PostForm(t, "/admin/calendar/follow", url.Values{"version": {strconv.Itoa(v)}, "follow_cabinet": {"on"}}); res.StatusCode != http.StatusConflict {
		t.Errorf("stale: %d", res.StatusCode)
	}
	if value() {
		t.Error("a stale form changed the setting")
	}
	res = admin.PostForm(t, "/admin/calendar/follow", url.Values{"version": {strconv.Itoa(v + 1)}, "follow_cabinet": {"on"}})
	if res.StatusCode != http.StatusSeeOther || !value() {
		t.Errorf("ticking: %d", res.StatusCode)
	}
	if n := count(t, srv, `select count(*) from audit_log where entity = 'setting' and entity_id = $1 and actor_name = 'admin'`,
		calendar.FollowCabinetKey); n < 2 {
		t.Errorf("%d audit entries for the setting", n)
	}
}

func TestOnlyTheAdministratorManagesTheCalendar(t *testing.T) {
	srv := apptest.New(t)
	before := rows(t, srv)
	for _, who := range []string{"staff", "head", "clerk", "director", "chair"} {
		c := srv.Client(t, who)
		if res := c.Get(t, "/admin/calendar"); res.StatusCode != http.StatusForbidden {
			t.Errorf("%s GET: %d", who, res.StatusCode)
		}
		posts := map[string]url.Values{
			"/admin/calendar/days":          {"day": {"02.01.2044"}, "kind": {"holiday"}, "name_lv": {"Svētki"}},
			"/admin/calendar/fill":          {"year": {"2044"}},
			"/admin/calendar/follow":        {"version": {"1"}},
			"/admin/calendar/days/1/remove": {"version": {"1"}},
			"/admin/calendar/days/1":        {"version": {"1"}, "kind": {"holiday"}, "name_lv": {"Svētki"}},
			"/admin/calendar/no-order":      {"year": {"2044"}, "version": {"1"}, "none": {"true"}},
		}
		if res := c.Get(t, "/admin/calendar/days/1"); res.StatusCode != http.StatusForbidden {
			t.Errorf("%s GET the edit form: %d", who, res.StatusCode)
		}
		for path, form := range posts {
			if res := c.PostForm(t, path, form); res.StatusCode != http.StatusForbidden {
				t.Errorf("%s POST %s: %d", who, path, res.StatusCode)
			}
		}
	}
	if rows(t, srv) != before {
		t.Error("a refused request saved something")
	}
}

func between(s, from, to string) string {
	i := strings.Index(s, from)
	if i < 0 {
		return ""
	}
	s = s[i:]
	if j := strings.Index(s, to); j >= 0 {
		return s[:j]
	}
	return s
}
