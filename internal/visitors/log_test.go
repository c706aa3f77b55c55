package visitors_test

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
)

func countRows(t *testing.T, srv *apptest.Server, sql string, args ...any) int {
	t.Helper()
	var n int
	if err := srv.Pool.QueryRow(context.Background(), sql, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

var outButton = regexp.MustCompile(`action="(/visitors/log/\d+/out)"`)

// The log's tests stand on days of their own, far from each other's and
// from every other test's visits: the log shows a day's visitors, and
// offers the last month's regulars.

func TestVisitorLogEntryAndTimeOut(t *testing.T) {
	srv := apptest.New(t)
	srv.Clock.Set(t, riga(2030, 3, 4, 10, 0))
	o := addDemoOfficials(t, srv)
	clerk := srv.Client(t, "clerk")
	page := clerk.Get(t, "/visitors/log")
	if page.StatusCode != 200 || !regexp.MustCompile(`id="person"[^>]*autofocus`).MatchString(page.Body) {
		t.Fatalf("log page %d without the focus on the person", page.StatusCode)
	}
	official := idText(o.deputyChair)
	// The package's tests share one database.
	audits := countRows(t, srv, `select count(*) from audit_log where entity = 'visit_log'`)
	counted := countRows(t, srv, `select coalesce(sum(visits), 0) from visit_log_days`)
	res := clerk.PostForm(t, "/visitors/log", url.Values{
		"person": {"Ilze Kļaviņa"}, "official": {official}, "unit": {""}, "purpose": {"Iesniegums par ielas apgaismojumu"}, "came": {""},
	})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/visitors/log" {
		t.Fatalf("log: %d %s", res.StatusCode, res.Body)
	}
	// A walk-in to a unit who gives no name.
	res = clerk.PostForm(t, "/visitors/log", url.Values{"person": {""}, "unit": {"Sociālais dienests"}, "purpose": {"Pabalsts"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("walk-in: %d %s", res.StatusCode, res.Body)
	}
	page = clerk.Get(t, "/visitors/log")
	for _, want := range []string{"Ilze Kļaviņa", "Jeļena Kozlova", "Iesniegums par ielas apgaismojumu", "nav norādīts", "Sociālais dienests"} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("today's log lacks %q", want)
		}
	}
	// Newest first: the walk-in is above.
	table := page.Body[strings.Index(page.Body, `data-testid="visitor-log"`):]
	if strings.Index(table, "Sociālais dienests</td>") > strings.Index(table, "Ilze Kļaviņa") {
		t.Errorf("the log is not newest first")
	}
	// Yesterday's regulars are offered.
	if !strings.Contains(page.Body, `<datalist id="log-units"><option value="Sociālais dienests">`) {
		t.Errorf("units not suggested")
	}
	outs := outButton.FindAllStringSubmatch(page.Body, -1)
	if len(outs) != 2 {
		t.Fatalf("%d time-out buttons", len(outs))
	}
	res = clerk.PostForm(t, outs[1][1], nil)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("time out: %d", res.StatusCode)
	}
	if got := countRows(t, srv, `select count(*) from visit_log where left_at is not null and person_name = 'Ilze Kļaviņa'`); got != 1 {
		t.Fatalf("time out not saved: %d", got)
	}
	// Pressed again: nothing changes, and the clerk is told.
	if res := clerk.PostForm(t, outs[1][1], nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("second time out: %d", res.StatusCode)
	}
	if page := clerk.Get(t, "/visitors/log"); !strings.Contains(page.Body, "jau bija saglabāts") || len(outButton.FindAllString(page.Body, -1)) != 1 {
		t.Errorf("second press not explained")
	}
	if res := clerk.PostForm(t, "/visitors/log/999999/out", nil); res.StatusCode != http.StatusNotFound {
		t.Errorf("unknown entry: %d", res.StatusCode)
	}
	if got := countRows(t, srv, `select count(*) from audit_log where entity = 'visit_log'`) - audits; got != 3 {
		t.Errorf("%d audit entries, want 3", got)
	}
	if got := countRows(t, srv, `select coalesce(sum(visits), 0) from visit_log_days`) - counted; got != 2 {
		t.Errorf("%d visits counted, want 2", got)
	}
	// No audit line names the visitor.
	if got := countRows(t, srv, `select count(*) from audit_log where summary like '%Kļaviņa%'`); got != 0 {
		t.Errorf("the audit log names the visitor")
	}
}

func TestVisitorLogRefusesBadInput(t *testing.T) {
	srv := apptest.New(t)
	now := riga(2030, 5, 6, 10, 0)
	srv.Clock.Set(t, now)
	o := addDemoOfficials(t, srv)
	clerk := srv.Client(t, "clerk")
	official := idText(o.deputyChair)
	// The package's tests share one database.
	before := countRows(t, srv, `select count(*) from visit_log`)
	cases := []struct {
		name  string
		form  url.Values
		field string
	}{
		{"no one to see", url.Values{"person": {"Ilze"}, "purpose": {"Iesniegums"}}, "official"},
		{"both", url.Values{"official": {official}, "unit": {"Dome"}, "purpose": {"Iesniegums"}}, "unit"},
		{"no purpose", url.Values{"unit": {"Dome"}, "purpose": {"  "}}, "purpose"},
		{"unknown official", url.Values{"official": {"999999"}, "purpose": {"Iesniegums"}}, "official"},
		{"bad time", url.Values{"unit": {"Dome"}, "purpose": {"Iesniegums"}, "came": {"25:70"}}, "came"},
		{"long name", url.Values{"person": {strings.Repeat("ā", 201)}, "unit": {"Dome"}, "purpose": {"Iesniegums"}}, "person"},
		{"later today", url.Values{"unit": {"Dome"}, "purpose": {"Iesniegums"}, "came": {now.Add(90 * time.Minute).Format("15:04")}}, "came"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := clerk.PostForm(t, "/visitors/log", tc.form)
			if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `class="error-summary"`) ||
				!strings.Contains(res.Body, `href="#`+tc.field+`"`) {
				t.Fatalf("%d, error on %s not shown", res.StatusCode, tc.field)
			}
			// The form comes back as typed, the field in error focused.
			if !regexp.MustCompile(`id="` + tc.field + `"[^>]*autofocus`).MatchString(res.Body) {
				t.Errorf("focus not on %s", tc.field)
			}
		})
	}
	if got := countRows(t, srv, `select count(*) from visit_log`); got != before {
		t.Fatalf("%d entries saved", got)
	}
}

func TestVisitorLogRoles(t *testing.T) {
	srv := apptest.New(t)
	srv.Clock.Set(t, riga(2030, 8, 5, 10, 0))
	for _, tc := range []struct {
		user                  string
		log, stats, retention int
	}{
		{"clerk", 200, 403, 403},
		{"staff", 200, 200, 200},
		{"head", 200, 200, 200},
		{"director", 403, 200, 403},
		{"chair", 403, 403, 403},
		{"deputy", 403, 403, 403},
		{"admin", 403, 403, 403},
	} {
		t.Run(tc.user, func(t *testing.T) {
			c := srv.Client(t, tc.user)
			for path, want := range map[string]int{"/visitors/log": tc.log, "/visitors/stats": tc.stats, "/visitors/retention": tc.retention} {
				if res := c.Get(t, path); res.StatusCode != want {
					t.Errorf("%s: %d, want %d", path, res.StatusCode, want)
				}
			}
			if tc.log == 403 {
				if res := c.PostForm(t, "/visitors/log", url.Values{"unit": {"Dome"}, "purpose": {"x"}}); res.StatusCode != 403 {
					t.Errorf("post log: %d", res.StatusCode)
				}
			}
		})
	}
	// The director's page has counts and no one's name.
	director := srv.Client(t, "director")
	clerk := srv.Client(t, "clerk")
	clerk.PostForm(t, "/visitors/log", url.Values{"person": {"Ilze Kļaviņa"}, "unit": {"Būvvalde"}, "purpose": {"Būvatļauja"}})
	page := director.Get(t, "/visitors/stats?by=day")
	if page.StatusCode != 200 || !strings.Contains(page.Body, "Būvvalde") || strings.Contains(page.Body, "Kļaviņa") {
		t.Errorf("director's statistics %d", page.StatusCode)
	}
	if res := director.Get(t, "/visitors/stats?from=2026-05-01&to=2026-04-01"); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("reversed range: %d", res.StatusCode)
	}
	if res := director.Get(t, "/visitors/stats?by=year"); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("unknown grouping: %d", res.StatusCode)
	}
}

var versionField = regexp.MustCompile(`name="version" value="(\d+)"`)

func TestRetentionSetting(t *testing.T) {
	srv := apptest.New(t)
	srv.Clock.Set(t, fixedNow)
	keepRetention(t, srv.Pool)
	o := addDemoOfficials(t, srv)
	staff := srv.Client(t, "staff")
	page := staff.Get(t, "/visitors/retention")
	m := versionField.FindStringSubmatch(page.Body)
	if page.StatusCode != 200 || m == nil || !strings.Contains(page.Body, `data-testid="retention-preview"`) {
		t.Fatalf("retention page %d", page.StatusCode)
	}
	// The preview names every kind the nightly run removes, with its count.
	previewCount := func(body, kind string) string {
		t.Helper()
		m := regexp.MustCompile(`data-kind="` + kind + `"><th scope="row">[^<]+</th><td class="num">([0-9\x{a0}]+)</td>`).FindStringSubmatch(body)
		if m == nil {
			t.Fatalf("no preview of %s", kind)
		}
		return m[1]
	}
	for _, kind := range []string{"bookings", "log", "queue", "waitlist", "mail"} {
		previewCount(page.Body, kind)
	}
	// Two entries that joined the waiting list 400 days ago are due; the
	// preview counts them with whatever other tests left due.
	before := previewCount(page.Body, "waitlist")
	for _, official := range []int64{o.chair, o.deputy} {
		if _, err := srv.Pool.Exec(context.Background(), `
			insert into visit_waitlist (official_id, visitor_name, phone, topic, created_at)
			values ($1, 'Sen gaidošā', '+37120000777', 'Tēma', $2)`, official, fixedNow.AddDate(0, 0, -400)); err != nil {
			t.Fatal(err)
		}
	}
	if got := previewCount(staff.Get(t, "/visitors/retention").Body, "waitlist"); number(t, got) != number(t, before)+2 {
		t.Fatalf("waiting-list entries due: %s, before %s", got, before)
	}
	setting := countRows(t, srv, `select value::int from settings where key = 'visitors.retention_days'`)
	for _, days := range []string{"10", "abc", "", "99999"} {
		res := staff.PostForm(t, "/visitors/retention", url.Values{"days": {days}, "version": {m[1]}})
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("%q: %d", days, res.StatusCode)
		}
	}
	res := staff.PostForm(t, "/visitors/retention", url.Values{"days": {"730"}, "version": {m[1]}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d %s", res.StatusCode, res.Body)
	}
	// Another form opened before the save is stale.
	res = srv.Client(t, "head").PostForm(t, "/visitors/retention", url.Values{"days": {"400"}, "version": {m[1]}})
	if res.StatusCode != http.StatusConflict {
		t.Fatalf("stale form: %d", res.StatusCode)
	}
	if got := countRows(t, srv, `select value::int from settings where key = 'visitors.retention_days'`); got != 730 || setting == 730 {
		t.Fatalf("setting %d (before %d)", got, setting)
	}
}

// number reads a count as the page writes it (a no-break space between thousands).
func number(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(strings.ReplaceAll(s, "\u00a0", ""))
	if err != nil {
		t.Fatalf("count %q: %v", s, err)
	}
	return n
}
