package visitors_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/daugavpils/prdesk/internal/app"
	"github.com/daugavpils/prdesk/internal/apptest"
	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/visitors"
	"github.com/daugavpils/prdesk/internal/visitors/visitorstest"
)

// A feed's address nobody was given is not found, and the permission
// table gives the reception hours to staff and the head. (Every route of
// the area for every role, on visitorstest.RouteSamples' records, is
// internal/app's route × role test.)
func TestUnknownFeedAndWhoKeepsTheHours(t *testing.T) {
	srv := apptest.New(t)
	// A feed's address nobody was given is not found.
	if res := srv.Anonymous(t).Get(t, "/visitors/ical/nosuchtokennosuchtokennosuchtoken.ics"); res.StatusCode != http.StatusNotFound {
		t.Errorf("an unknown feed: %d", res.StatusCode)
	}
	// The permission table: staff and head keep the hours, the clerk books.
	for role, want := range map[auth.Role]bool{auth.RoleHead: true, auth.RoleStaff: true, auth.RoleClerk: false,
		auth.RoleManagement: false, auth.RoleDeputy: false, auth.RoleDirector: false, auth.RoleAdmin: false} {
		if auth.RoleCan(role, auth.VisitorsManage) != want {
			t.Errorf("%s manages reception hours: %v", role, !want)
		}
	}
}

var officialLocation = regexp.MustCompile(`^/visitors/officials/(\d+)$`)

func TestStaffKeepsAnOfficialsHours(t *testing.T) {
	srv := apptest.New(t)
	srv.Clock.Set(t, fixedNow)
	ctx := context.Background()
	staff := srv.Client(t, "staff")

	// Refused input: messages beside the fields, status 422, nothing saved.
	bad := url.Values{"name": {""}, "kind": {"chair"}, "target_weeks": {"8"}, "active": {"on"}, "version": {"0"}}
	res := staff.PostForm(t, "/visitors/officials", bad)
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "name-error") ||
		!strings.Contains(res.Body, "Mērķa biežumu norāda tikai deputātiem") || !strings.Contains(res.Body, "error-summary") {
		t.Fatalf("bad official: %d", res.StatusCode)
	}
	good := url.Values{"name": {"Jānis Egle"}, "position": {"Domes deputāts"}, "kind": {"deputy"}, "target_weeks": {"6"},
		"active": {"on"}, "version": {"0"}, "user_id": {""}}
	res = staff.PostForm(t, "/visitors/officials", good)
	m := officialLocation.FindStringSubmatch(res.Header.Get("Location"))
	if res.StatusCode != http.StatusSeeOther || m == nil {
		t.Fatalf("new official: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	id, page := m[1], m[0]
	t.Cleanup(func() {
		// The official leaves the lists, as a fixture's does.
		if _, err := srv.Pool.Exec(ctx, `update visit_officials set active = false where id = $1`, id); err != nil {
			t.Error(err)
		}
	})

	// A rule: refused with its reasons, then saved.
	res = staff.PostForm(t, page+"/rules", url.Values{"kind": {"monthly"}, "weekday": {"3"}, "nth": {"6"}, "start": {"12:00"},
		"end": {"11:00"}, "room": {""}, "slot_minutes": {"3"}, "valid_from": {"2027-01-01"}, "valid_to": {"2026-01-01"}})
	for _, want := range []string{"Ievadiet skaitli no 1 līdz 5", "Beigām jābūt vēlāk par sākumu", "room-error",
		"no 5 līdz 240", "Beigu datums nevar būt pirms sākuma datuma"} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("rule refusal lacks %q", want)
		}
	}
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("bad rule: %d", res.StatusCode)
	}
	// Every other Wednesday from next week on, 10:00–11:00 in 20-minute slots.
	from := fixedNow.AddDate(0, 0, 7).Format("2006-01-02")
	res = staff.PostForm(t, page+"/rules", url.Values{"kind": {"weekly"}, "weekday": {"3"}, "every_weeks": {"2"}, "start": {"10:00"},
		"end": {"11:00"}, "room": {"Domes ēka, 1. stāvs, 105. kab."}, "slot_minutes": {"20"}, "valid_from": {from}, "valid_to": {""}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("rule: %d %s", res.StatusCode, res.Body)
	}
	card := staff.Get(t, page)
	if card.StatusCode != 200 || !strings.Contains(card.Body, "trešdiena, ik pēc 2 nedēļām, 10:00–11:00") || !strings.Contains(card.Body, `data-testid="upcoming"`) {
		t.Fatalf("official page %d", card.StatusCode)
	}
	var rule, version string
	if err := srv.Pool.QueryRow(ctx, `select id::text, version::text from visit_rules where official_id = $1`, id).Scan(&rule, &version); err != nil {
		t.Fatal(err)
	}
	// A stale edit of the rule is refused.
	edit := url.Values{"kind": {"weekly"}, "weekday": {"4"}, "every_weeks": {"1"}, "start": {"10:00"}, "end": {"11:00"},
		"room": {"105. kab."}, "slot_minutes": {"20"}, "valid_from": {from}, "version": {"0"}}
	if res := staff.PostForm(t, "/visitors/rules/"+rule+"/edit", edit); res.StatusCode != http.StatusConflict ||
		!strings.Contains(res.Body, staleMessage) {
		t.Fatalf("stale rule edit: %d", res.StatusCode)
	}
	edit.Set("version", version)
	if res := staff.PostForm(t, "/visitors/rules/"+rule+"/edit", edit); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("rule edit: %d", res.StatusCode)
	}

	// Cancel the first session day once a visitor is booked: the clerk is sent to that day's list.
	clerk := srv.Client(t, "clerk")
	starts := freeStarts(t, clerk.Get(t, "/visitors/book?official="+id).Body)
	if len(starts) == 0 {
		t.Fatal("the new rule offers no slots")
	}
	if res := clerk.PostForm(t, "/visitors/book", visitorForm(id, starts[0])); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("book: %d", res.StatusCode)
	}
	var first string
	if err := srv.Pool.QueryRow(ctx, `select to_char(lower(slot) at time zone 'Europe/Riga', 'YYYY-MM-DD') from visit_bookings where official_id = $1`, id).Scan(&first); err != nil {
		t.Fatal(err)
	}
	if res := staff.PostForm(t, page+"/cancellations", url.Values{"day": {first}, "reason": {""}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("no reason: %d", res.StatusCode)
	}
	res = staff.PostForm(t, page+"/cancellations", url.Values{"day": {first}, "reason": {"Komandējums"}})
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/visitors/cancellations/") {
		t.Fatalf("cancel a booked day: %d → %s", res.StatusCode, res.Header.Get("Location"))
	}
	list := staff.Get(t, res.Header.Get("Location"))
	if list.StatusCode != 200 || !strings.Contains(list.Body, "Pierakstu skaits šajā dienā: 1.") || !strings.Contains(list.Body, "vēl ir 1 neatcelti pieraksti") {
		t.Errorf("the call list does not tell the clerk of the booking: %d", list.StatusCode)
	}
	if res := staff.PostForm(t, page+"/cancellations", url.Values{"day": {first}, "reason": {"Vēlreiz"}}); res.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(res.Body, "jau ir atcelta") {
		t.Fatalf("cancel twice: %d", res.StatusCode)
	}
	if res := staff.PostForm(t, page+"/cancellations", url.Values{"day": {"2020-01-06"}, "reason": {"Pagātne"}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("cancel a past date: %d", res.StatusCode)
	}

	// One-off session.
	if res := staff.PostForm(t, page+"/extras", url.Values{"day": {"2099-13-01"}, "start": {"9:00"}, "end": {"10:00"}, "room": {"105"}, "slot_minutes": {"15"}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("bad one-off: %d", res.StatusCode)
	}
	if res := staff.PostForm(t, page+"/extras", url.Values{"day": {"2099-01-05"}, "start": {"9:00"}, "end": {"10:00"}, "room": {"105"}, "slot_minutes": {"15"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("one-off: %d", res.StatusCode)
	}

	// Every write is in the audit log.
	var audits int
	if err := srv.Pool.QueryRow(ctx, `select count(*) from audit_log where (entity = 'visit_official' and entity_id = $1)
		or (entity in ('visit_rule', 'visit_cancellation', 'visit_extra_session') and summary ~ ('amatpersonai ' || $1 || '[: ]'))`, id).Scan(&audits); err != nil {
		t.Fatal(err)
	}
	if audits != 5 { // official, rule, rule edit, cancellation, one-off
		t.Errorf("%d audit entries, want 5", audits)
	}
	// The clerk may not keep hours.
	if res := clerk.PostForm(t, page+"/cancellations", url.Values{"day": {first}, "reason": {"x"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("clerk cancels: %d", res.StatusCode)
	}
}

func TestPublishedMonth(t *testing.T) {
	srv := apptest.New(t)
	srv.Clock.Set(t, fixedNow)
	o := addDemoOfficials(t, srv)
	// The chair receives on Mondays; one Monday of the month is cancelled.
	month := fixedNow.AddDate(0, 2, 0)
	first := time.Date(month.Year(), month.Month(), 1, 0, 0, 0, 0, time.UTC)
	var mondays []time.Time
	for d := first; d.Month() == first.Month(); d = d.AddDate(0, 0, 1) {
		if d.Weekday() == time.Monday {
			mondays = append(mondays, d)
		}
	}
	visitorstest.AddCancellation(t, srv.Pool, o.chair, mondays[1], "Atvaļinājums")
	q := "?month=" + first.Format("2006-01")
	clerk := srv.Client(t, "clerk")
	page := clerk.Get(t, "/visitors/hours/print"+q)
	if page.StatusCode != 200 || !strings.Contains(page.Body, "Valdis Liepiņš") || !strings.Contains(page.Body, "14:00–17:00") {
		t.Fatalf("print page %d", page.StatusCode)
	}
	if strings.Contains(page.Body, i18n.Date(mondays[1])) {
		t.Errorf("the cancelled Monday %s is published", i18n.Date(mondays[1]))
	}
	if !strings.Contains(page.Body, i18n.Date(mondays[0])) && !strings.Contains(page.Body, i18n.Date(mondays[2])) {
		t.Errorf("the other Mondays are not published")
	}
	csv := clerk.Get(t, "/visitors/hours.csv"+q)
	if csv.StatusCode != 200 || !strings.HasPrefix(csv.Body, "\ufeffAmatpersona;Amats;Datums;Nedēļas diena;No;Līdz;Vieta\r\n") ||
		!strings.HasPrefix(csv.Header.Get("Content-Type"), "text/csv") {
		t.Fatalf("csv %d %q", csv.StatusCode, csv.Body[:min(80, len(csv.Body))])
	}
	if !strings.Contains(csv.Body, "Valdis Liepiņš;Domes priekšsēdētājs;") || !strings.Contains(csv.Body, ";pirmdiena;14:00;17:00;") ||
		strings.Contains(csv.Body, mondays[1].Format("02.01.2006")) {
		t.Errorf("csv rows:\n%s", csv.Body)
	}
	// Dates are dates to a spreadsheet (no final dot), and a cell that
	// would run as a formula is text.
	if !strings.Contains(csv.Body, ";"+mondays[0].Format("02.01.2006")+";pirmdiena;") {
		t.Errorf("the first Monday is not written as dd.mm.yyyy:\n%s", csv.Body)
	}
	visitorstest.AddOfficial(t, srv.Pool, visitors.Official{Name: "=HYPERLINK(\"http://x\")", Position: "+Deputāts"},
		visitorstest.Weekly(time.Friday, visitors.At(9, 0), visitors.At(10, 0)))
	if body := clerk.Get(t, "/visitors/hours.csv"+q).Body; !strings.Contains(body, "\"'=HYPERLINK(\"\"http://x\"\")\";'+Deputāts;") {
		t.Errorf("a formula in an official's name is not neutralised:\n%s", body)
	}
	if res := clerk.Get(t, "/visitors/hours/print?month=2026-13"); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "gggg-mm") {
		t.Errorf("bad month: %d", res.StatusCode)
	}
	if res := clerk.Get(t, "/visitors/hours.csv?month=x"); res.StatusCode != http.StatusBadRequest {
		t.Errorf("bad csv month: %d", res.StatusCode)
	}
	// Without a month: the coming one.
	next := time.Date(2026, 12, 1, 0, 0, 0, 0, i18n.Riga)
	if res := clerk.Get(t, "/visitors/hours/print"); !strings.Contains(res.Body, "Amatpersonu pieņemšanas laiki: 2026. gada decembris") ||
		!strings.Contains(res.Body, `href="/visitors/hours/print?month=2027-01" rel="next"`) {
		t.Errorf("default month is not %s", next.Format("2006-01"))
	}
}

func TestFrequencyView(t *testing.T) {
	srv := apptest.New(t)
	srv.Clock.Set(t, fixedNow)
	addDemoOfficials(t, srv)
	res := srv.Client(t, "chair").Get(t, "/visitors/frequency")
	// The demo deputy receives every Thursday with a target of eight weeks.
	if res.StatusCode != 200 || !strings.Contains(res.Body, "Andris Kalns") || !strings.Contains(res.Body, "Atbilst mērķim") ||
		!strings.Contains(res.Body, `class="badge ok"`) {
		t.Fatalf("frequency %d", res.StatusCode)
	}
	// The chair is signed in (his name is in the masthead) but is no deputy.
	if table := res.Body[strings.Index(res.Body, `data-testid="frequency"`):]; strings.Contains(table, "Valdis Liepiņš") {
		t.Error("the chair is listed as a deputy")
	}
}

func TestCalendarFeedOverHTTP(t *testing.T) {
	srv := apptest.New(t)
	srv.Clock.Set(t, fixedNow)
	o := addDemoOfficials(t, srv)
	visitorstest.AddBooking(t, srv.Pool, visitorstest.Booking{OfficialID: o.deputyChair, Start: riga(2026, 11, 3, 10, 0), Name: "Līga Zariņa"})
	visitorstest.AddBooking(t, srv.Pool, visitorstest.Booking{OfficialID: o.deputy, Start: riga(2026, 11, 5, 16, 0), Name: "Oskars Kļaviņš"})
	head := srv.Client(t, "head")
	id := idText(o.deputyChair)
	res := head.PostForm(t, "/visitors/officials/"+id+"/ical", url.Values{})
	m := regexp.MustCompile(`value="(http://[^"]+/visitors/ical/([A-Za-z0-9_-]{43})\.ics)"`).FindStringSubmatch(res.Body)
	if res.StatusCode != 200 || m == nil {
		t.Fatalf("new feed address: %d", res.StatusCode)
	}
	anon := srv.Anonymous(t)
	feed := anon.Get(t, "/visitors/ical/"+m[2]+".ics")
	if feed.StatusCode != 200 || !strings.HasPrefix(feed.Header.Get("Content-Type"), "text/calendar") ||
		!strings.HasPrefix(feed.Body, "BEGIN:VCALENDAR\r\n") || !strings.Contains(feed.Body, "BEGIN:VEVENT\r\n") {
		t.Fatalf("feed %d %q", feed.StatusCode, feed.Body[:min(100, len(feed.Body))])
	}
	if !strings.Contains(feed.Body, "Līga Zariņa") || strings.Contains(feed.Body, "Oskars Kļaviņš") {
		t.Error("the feed lacks the official's booking, or has another official's")
	}
	// Stamped with the clock's now: the file's making.
	if !strings.Contains(feed.Body, "\r\nDTSTAMP:"+fixedNow.UTC().Format("20060102T150405Z")+"\r\n") {
		t.Error("the feed's DTSTAMP is not the time it was made")
	}
	// The page no longer shows the address; a wrong token is not found.
	if page := head.Get(t, "/visitors/officials/"+id); strings.Contains(page.Body, m[2]) {
		t.Error("the address is shown again")
	}
	bad := []byte(m[2])
	bad[0] ^= 1
	if res := anon.Get(t, "/visitors/ical/"+string(bad)+".ics"); res.StatusCode != http.StatusNotFound {
		t.Errorf("wrong token: %d", res.StatusCode)
	}
	// A new address retires the old one.
	head.PostForm(t, "/visitors/officials/"+id+"/ical", url.Values{})
	if res := anon.Get(t, "/visitors/ical/"+m[2]+".ics"); res.StatusCode != http.StatusNotFound {
		t.Errorf("old token: %d", res.StatusCode)
	}
}

// The feed's address is made from BASE_URL, and without it from the
// address the request came in at: a client's own X-Forwarded-Proto or
// -Host (no trusted proxy is configured) changes nothing.
func TestFeedAddressFromBaseURL(t *testing.T) {
	newAddress := func(t *testing.T, srv *apptest.Server) string {
		t.Helper()
		srv.Clock.Set(t, fixedNow)
		official := visitorstest.NewOfficial(t, srv.Pool, "Plūsmas amatpersona "+t.Name())
		head := srv.Client(t, "head")
		req, err := http.NewRequest(http.MethodPost, srv.URL+"/visitors/officials/"+idText(official)+"/ical", strings.NewReader(""))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", srv.URL)
		req.Header.Set("Sec-Fetch-Site", "same-origin")
		req.Header.Set("X-Forwarded-Proto", "https")
		req.Header.Set("X-Forwarded-Host", "evil.example")
		res := head.Do(t, req)
		m := regexp.MustCompile(`value="([^"]+)/visitors/ical/[A-Za-z0-9_-]{43}\.ics"`).FindStringSubmatch(res.Body)
		if res.StatusCode != 200 || m == nil {
			t.Fatalf("new feed address: %d", res.StatusCode)
		}
		return m[1]
	}
	t.Run("BASE_URL", func(t *testing.T) {
		srv := apptest.NewWithConfig(t, func(c *app.Config) { c.BaseURL = "https://prdesk.daugavpils.lv" })
		if got := newAddress(t, srv); got != "https://prdesk.daugavpils.lv" {
			t.Errorf("feed at %q", got)
		}
	})
	t.Run("request", func(t *testing.T) {
		srv := apptest.New(t)
		if got := newAddress(t, srv); got != srv.URL {
			t.Errorf("feed at %q, want %q", got, srv.URL)
		}
	})
}
