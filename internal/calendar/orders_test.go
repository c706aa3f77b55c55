package calendar_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/daugavpils/prdesk/internal/apptest"
	"github.com/daugavpils/prdesk/internal/calendar"
	"github.com/daugavpils/prdesk/internal/demo"
	"github.com/daugavpils/prdesk/internal/i18n"
)

// The Cabinet's moves of 2025 and 2026 are in the calendar's data (the
// migration), each with its order's title (and the 2026 order's date), and
// without a number nobody could verify.
func TestCabinetMovesShipInTheCalendar(t *testing.T) {
	srv := apptest.New(t)
	ctx := context.Background()
	want := map[string]calendar.Kind{
		"2025-05-02": calendar.MovedDayOff, "2025-05-10": calendar.MovedWorkingDay,
		"2025-11-17": calendar.MovedDayOff, "2025-11-08": calendar.MovedWorkingDay,
		"2026-01-02": calendar.MovedDayOff, "2026-01-17": calendar.MovedWorkingDay,
		"2026-06-22": calendar.MovedDayOff, "2026-06-27": calendar.MovedWorkingDay,
	}
	rows, err := srv.Pool.Query(ctx, `select day, kind, source, order_number, order_title, order_date from calendar_days
		where day between '2025-01-01' and '2026-12-31' and kind <> 'holiday'`)
	if err != nil {
		t.Fatal(err)
	}
	got := 0
	for rows.Next() {
		var day time.Time
		var kind, source, number, title string
		var adopted *time.Time
		if err := rows.Scan(&day, &kind, &source, &number, &title, &adopted); err != nil {
			t.Fatal(err)
		}
		k, ok := want[day.Format(time.DateOnly)]
		if !ok || calendar.Kind(kind) != k || source != "cabinet" || number != "" {
			t.Errorf("%s: %s from %s, number %q", day.Format(time.DateOnly), kind, source, number)
		}
		year := strconv.Itoa(day.Year())
		if title != "Par darba dienu pārcelšanu "+year+". gadā" {
			t.Errorf("%s: order %q", day.Format(time.DateOnly), title)
		}
		if (year == "2026") != (adopted != nil && adopted.Format(time.DateOnly) == "2025-06-10") {
			t.Errorf("%s: adopted %v", day.Format(time.DateOnly), adopted)
		}
		got++
	}
	if rows.Err() != nil || got != len(want) {
		t.Errorf("%d moved days, want %d (%v)", got, len(want), rows.Err())
	}
	cal, err := calendar.NewStore(srv.Pool).Load(ctx, srv.Pool)
	if err != nil {
		t.Fatal(err)
	}
	for d, k := range want {
		day, _ := time.Parse(time.DateOnly, d)
		if cal.IsWorkingDay(day) != (k == calendar.MovedWorkingDay) {
			t.Errorf("%s: working %v", d, cal.IsWorkingDay(day))
		}
	}

	srv.Clock.Set(t, time.Date(2026, 3, 16, 10, 0, 0, 0, i18n.Riga))
	admin := srv.SignIn(t, "admin", demo.Password)
	res := admin.Get(t, "/admin/calendar?year=2026")
	order := between(res.Body, `data-testid="order-status"`, "</section>")
	for _, want := range []string{"„Par darba dienu pārcelšanu 2026. gadā”, pieņemts 10.06.2025.", "nav numura"} {
		if !strings.Contains(order, want) {
			t.Errorf("the 2026 order section lacks %q: %s", want, order)
		}
	}
	if strings.Contains(res.Body, `data-testid="order-warning"`) {
		t.Error("in March 2026 the 2026 order is in the calendar: no warning is due")
	}
}

// The edit form changes a day's kind, names and order; a moved day needs
// its order's number and title, a holiday has none; a stale form saves nothing.
func TestEditADaysOrder(t *testing.T) {
	srv := apptest.New(t)
	admin := srv.Client(t, "admin")
	ctx := context.Background()
	var id int64
	if err := srv.Pool.QueryRow(ctx, `insert into calendar_days (day, kind, name_lv, source)
		values ('2046-05-07', 'moved_day_off', 'Pārcelta brīvdiena', 'cabinet') returning id`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	path := "/admin/calendar/days/" + strconv.FormatInt(id, 10)
	res := admin.Get(t, path)
	if res.StatusCode != http.StatusOK || !strings.Contains(res.Body, `name="order_number"`) || !strings.Contains(res.Body, "07.05.2046.") {
		t.Fatalf("edit form: %d", res.StatusCode)
	}
	list := admin.Get(t, "/admin/calendar?year=2046")
	if !strings.Contains(list.Body, `href="`+path+`"`) || !strings.Contains(between(list.Body, `data-testid="order"`, "</td>"), "rīkojums nav norādīts") {
		t.Error("the year's table neither links to the form nor says the order is missing")
	}
	version := func() int { return count(t, srv, `select version from calendar_days where id = $1`, id) }

	// A moved day needs its order.
	res = admin.PostForm(t, path, url.Values{"version": {strconv.Itoa(version())}, "kind": {"moved_day_off"}, "name_lv": {"Pārcelta brīvdiena"}, "order_number": {"12a"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `id="order_number-error"`) || !strings.Contains(res.Body, `id="order_title-error"`) {
		t.Errorf("without an order: %d", res.StatusCode)
	}
	if !strings.Contains(res.Body, `value="12a"`) {
		t.Error("the form does not come back as typed")
	}
	// A holiday names none.
	res = admin.PostForm(t, path, url.Values{"version": {strconv.Itoa(version())}, "kind": {"holiday"}, "name_lv": {"Svētki"}, "order_title": {"Rīkojums"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "Svētku dienai rīkojumu nenorāda") {
		t.Errorf("a holiday with an order: %d", res.StatusCode)
	}
	// A Saturday's kind does not fit a Wednesday.
	res = admin.PostForm(t, path, url.Values{"version": {strconv.Itoa(version())}, "kind": {"moved_working_day"}, "name_lv": {"X"},
		"order_number": {"1"}, "order_title": {"T"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `id="kind-error"`) {
		t.Errorf("a kind that does not fit: %d", res.StatusCode)
	}
	if version() != 1 {
		t.Fatal("a refused form saved")
	}

	ok := url.Values{"version": {"1"}, "kind": {"moved_day_off"}, "name_lv": {"Pārcelta brīvdiena"}, "name_en": {"Moved day off"},
		"order_number": {"369"}, "order_title": {"Par darba dienu pārcelšanu 2046. gadā"}, "order_date": {"12.06.2045."}}
	res = admin.PostForm(t, path, ok)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/admin/calendar?year=2046" {
		t.Fatalf("save: %d %s", res.StatusCode, between(res.Body, "error-summary", "</div>"))
	}
	list = admin.Get(t, "/admin/calendar?year=2046")
	if order := between(list.Body, `data-testid="order"`, "</td>"); !strings.Contains(order, "„Par darba dienu pārcelšanu 2046. gadā”, Nr. 369, pieņemts 12.06.2045.") {
		t.Errorf("the table shows the order as %q", order)
	}
	if n := count(t, srv, `select count(*) from audit_log where entity = 'calendar_day' and entity_id = $1 and action = 'update'
		and actor_name = 'admin' and details::text like '%369%'`, strconv.FormatInt(id, 10)); n != 1 {
		t.Errorf("%d audit entries of the edit", n)
	}
	// The same form again is stale: the day shows as it is now.
	ok.Set("order_number", "370")
	res = admin.PostForm(t, path, ok)
	if res.StatusCode != http.StatusConflict || !strings.Contains(res.Body, `value="369"`) || !strings.Contains(res.Body, "kāds tikko mainīja") {
		t.Errorf("stale: %d", res.StatusCode)
	}
	if n := count(t, srv, `select count(*) from calendar_days where id = $1 and order_number = '369'`, id); n != 1 {
		t.Error("a stale form overwrote the order")
	}
	if res := admin.Get(t, "/admin/calendar/days/999999999"); res.StatusCode != http.StatusNotFound {
		t.Errorf("no such day: %d", res.StatusCode)
	}
}

// From 1 July the administrator is warned while next year's order is not
// in the calendar, and not once it is, or once they say none was issued.
func TestTheAdministratorIsWarnedOfAMissingOrder(t *testing.T) {
	srv := apptest.New(t)
	var admin *apptest.Client
	// A session of its own at each clock: a jump of months leaves the last one idle.
	at := func(when time.Time) {
		srv.Clock.Set(t, when)
		admin = srv.SignIn(t, "admin", demo.Password)
	}
	warning := func() string {
		res := admin.Get(t, "/admin/calendar")
		if res.StatusCode != http.StatusOK {
			t.Fatalf("/admin/calendar: %d", res.StatusCode)
		}
		return between(res.Body, `data-testid="order-warning"`, "</div>")
	}
	at(time.Date(2047, 7, 1, 9, 0, 0, 0, i18n.Riga))
	if w := warning(); !strings.Contains(w, "2048. gadā") || !strings.Contains(w, "2047. gada 1. jūlijam") || !strings.Contains(w, `/admin/calendar?year=2048#order`) {
		t.Errorf("on 1 July 2047: %q", w)
	}
	// Before 1 July the year's own order counts, and 2047 has none either.
	at(time.Date(2047, 6, 30, 20, 0, 0, 0, i18n.Riga))
	if w := warning(); !strings.Contains(w, "2047. gadā") {
		t.Errorf("on 30 June 2047: %q", w)
	}
	at(time.Date(2047, 12, 31, 9, 0, 0, 0, i18n.Riga))
	res := admin.PostForm(t, "/admin/calendar/days", url.Values{"day": {"08.05.2048."}, "kind": {"moved_day_off"}, "name_lv": {"Pārcelta brīvdiena"},
		"order_number": {"401"}, "order_title": {"Par darba dienu pārcelšanu 2048. gadā"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/admin/calendar?year=2048" {
		t.Fatalf("add: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	if w := warning(); w != "" {
		t.Errorf("with the 2048 order entered: %q", w)
	}

	// 2049: the Cabinet issued no order; the administrator says so, and takes it back.
	at(time.Date(2048, 9, 1, 9, 0, 0, 0, i18n.Riga))
	if warning() == "" {
		t.Fatal("no warning for 2049")
	}
	page := admin.Get(t, "/admin/calendar?year=2049")
	version := noOrderVersion(t, page.Body)
	if res := admin.PostForm(t, "/admin/calendar/no-order", url.Values{"year": {"2049"}, "version": {version}, "none": {"true"}}); res.StatusCode != http.StatusSeeOther ||
		res.Header.Get("Location") != "/admin/calendar?year=2049" {
		t.Fatalf("no order: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	if w := warning(); w != "" {
		t.Errorf("after saying no order was issued: %q", w)
	}
	if res := admin.PostForm(t, "/admin/calendar/no-order", url.Values{"year": {"2049"}, "version": {version}, "none": {"true"}}); res.StatusCode != http.StatusConflict {
		t.Errorf("a stale form: %d", res.StatusCode)
	}
	page = admin.Get(t, "/admin/calendar?year=2049")
	if !strings.Contains(page.Body, "neizdeva") {
		t.Error("the year's page does not say no order was issued")
	}
	version = noOrderVersion(t, page.Body)
	if res := admin.PostForm(t, "/admin/calendar/no-order", url.Values{"year": {"2049"}, "version": {version}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("take it back: %d", res.StatusCode)
	}
	if warning() == "" {
		t.Error("taken back, the warning does not return")
	}
	if n := count(t, srv, `select count(*) from audit_log where entity = 'setting' and entity_id = $1 and actor_name = 'admin'`, calendar.NoOrderKey); n != 2 {
		t.Errorf("%d audit entries", n)
	}
}

// noOrderVersion is the version the "no order was issued" form carries.
func noOrderVersion(t *testing.T, body string) string {
	t.Helper()
	m := regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(between(body, `action="/admin/calendar/no-order"`, "</form>"))
	if m == nil {
		t.Fatal("no form to say no order was issued")
	}
	return m[1]
}
