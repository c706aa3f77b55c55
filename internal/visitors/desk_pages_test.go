package visitors_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/daugavpils/prdesk/internal/apptest"
	"github.com/daugavpils/prdesk/internal/visitors"
	"github.com/daugavpils/prdesk/internal/visitors/visitorstest"
)

// The visitor log of any day, its search and export; the booking's month
// view; the day list's check-in and its days; the area's sub-navigation.

func TestVisitorLogOfAnyDaySearchAndExport(t *testing.T) {
	ctx := context.Background()
	srv := apptest.New(t)
	now := riga(2031, 3, 5, 16, 0)
	srv.Clock.Set(t, now)
	o := addDemoOfficials(t, srv)
	store := visitorstest.NewStore(t, srv.Pool)
	store.Clock.Set(now)
	for _, e := range []visitors.NewLogEntry{
		{CameAt: riga(2031, 3, 4, 9, 15), PersonName: "Jānis Bērziņš", Unit: "Būvvalde", Purpose: "Būvatļauja"},
		{CameAt: riga(2031, 3, 4, 10, 40), PersonName: "Olga Smirnova", OfficialID: o.deputyChair, Purpose: "Dzīvokļa jautājums"},
		{CameAt: riga(2031, 3, 4, 11, 5), Unit: "Sociālais dienests", Purpose: "=HYPERLINK(\"x\")"},
		{CameAt: riga(2031, 3, 5, 9, 0), PersonName: "Pēteris Liepa", Unit: "Kanceleja", Purpose: "Iesniegums"},
	} {
		if _, err := store.LogVisit(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	clerk := srv.Client(t, "clerk")
	// Any day, with the days around it a link away.
	page := clerk.Get(t, "/visitors/log?day=2031-03-04").Body
	for _, want := range []string{"Jānis Bērziņš", "Olga Smirnova", "Jeļena Kozlova", `<span class="count">(3)</span>`,
		`href="/visitors/log?day=2031-03-03"`, `href="/visitors/log?day=2031-03-05"`} {
		if !strings.Contains(page, want) {
			t.Errorf("the log of 4 March lacks %q", want)
		}
	}
	if strings.Contains(page, "Pēteris Liepa") || strings.Contains(page, `method="post" action="/visitors/log"`) {
		t.Error("the log of another day shows today's visitor or today's entry form")
	}
	// A search without diacritics, by name, by purpose, by official.
	for q, want := range map[string]string{"berzins": "Jānis Bērziņš", "dzivokla": "Olga Smirnova", "kozlova": "Olga Smirnova", "BUVV jan": "Jānis Bērziņš"} {
		page := clerk.Get(t, "/visitors/log?day=2031-03-04&q="+url.QueryEscape(q)).Body
		if !strings.Contains(page, want) || !strings.Contains(page, `<span class="count">(1)</span>`) {
			t.Errorf("search %q does not find %s alone", q, want)
		}
	}
	if page := clerk.Get(t, "/visitors/log?day=2031-03-04&q=zzz").Body; !strings.Contains(page, "neviens neatbilst meklētajam „zzz”") {
		t.Error("an empty search does not say so")
	}
	if res := clerk.Get(t, "/visitors/log?day=31.02.2031"); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "neeksistē") {
		t.Errorf("a day that does not exist: %d", res.StatusCode)
	}

	// The export: the period's visitors as CSV, a formula made text, and
	// an audit entry that counts them.
	res := clerk.Get(t, "/visitors/log.csv?from=2031-03-04&to=2031-03-05&q=")
	if res.StatusCode != 200 || !strings.HasPrefix(res.Body, "\ufeff") || !strings.Contains(res.Header.Get("Content-Disposition"), "apmekletaju-zurnals-2031-03-04-2031-03-05.csv") {
		t.Fatalf("export: %d %q", res.StatusCode, res.Header.Get("Content-Disposition"))
	}
	lines := strings.Split(strings.TrimSpace(res.Body), "\r\n")
	if len(lines) != 5 || !strings.Contains(lines[1], "04.03.2031 09:15;;Jānis Bērziņš;;Būvvalde;Būvatļauja;") ||
		!strings.Contains(res.Body, `'=HYPERLINK`) || !strings.Contains(lines[4], "Pēteris Liepa") {
		t.Fatalf("export rows %q", lines)
	}
	var summary string
	if err := srv.Pool.QueryRow(ctx, `select summary from audit_log where entity = 'visit_log' and action = 'export' order by id desc limit 1`).Scan(&summary); err != nil ||
		!strings.Contains(summary, "04.03.2031.–05.03.2031.") || !strings.Contains(summary, "4 rindas") {
		t.Errorf("export audit %q (%v)", summary, err)
	}
	if res := clerk.Get(t, "/visitors/log.csv?from=2031-03-04&to=2031-03-05&q=smirn"); len(strings.Split(strings.TrimSpace(res.Body), "\r\n")) != 2 {
		t.Error("the export does not keep to the search")
	}
	// A period refused beside its fields, on the log page, and nothing audited.
	for _, tc := range []struct{ query, want string }{
		{"from=&to=2031-03-05", "Ievadiet perioda sākuma datumu"},
		{"from=2031-03-05&to=2031-03-04", "Beigu datums ir pirms sākuma datuma."},
		{"from=2029-01-01&to=2031-03-05", "ne vairāk kā 366 dienas"},
	} {
		res := clerk.Get(t, "/visitors/log.csv?"+tc.query)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, tc.want) || !strings.Contains(res.Body, "error-summary") {
			t.Errorf("export %s: %d without %q", tc.query, res.StatusCode, tc.want)
		}
	}
	if res := srv.Client(t, "director").Get(t, "/visitors/log.csv?from=2031-03-04&to=2031-03-05"); res.StatusCode != http.StatusForbidden {
		t.Errorf("the director exports the log: %d", res.StatusCode)
	}
}

func TestTheMonthViewOfAnOfficialsSessions(t *testing.T) {
	srv := apptest.New(t)
	srv.Clock.Set(t, fixedNow) // Monday 2 November 2026
	official := visitorstest.NewOfficial(t, srv.Pool, "Mārīte Mēnese")
	id := idText(official)
	visitorstest.AddBooking(t, srv.Pool, visitorstest.Booking{OfficialID: official, Start: wednesday(10, 15)})
	clerk := srv.Client(t, "clerk")
	page := clerk.Get(t, "/visitors/book?official="+id).Body
	month := page[strings.Index(page, `data-testid="month"`):]
	// November: the 4th, the 11th and the 25th (the 18th is a holiday),
	// eight slots each, the 4th's 10:15 taken.
	if !strings.Contains(month, "Visi laiki: 2026. gada novembris") || strings.Count(month, "<h3") != 3 ||
		!strings.Contains(month, "trešdiena, 04.11.2026.") || strings.Contains(month, "18.11.2026.") {
		t.Fatalf("the month view of November: %s", month)
	}
	if !strings.Contains(month, `<li class="taken">10:15 <span class="hint">aizņemts</span></li>`) || !strings.Contains(month, "brīvi 7 no 8") {
		t.Error("the taken slot is not shown as taken")
	}
	if strings.Contains(month, `rel="prev"`) || !strings.Contains(month, `href="/visitors/book?official=`+id+`&amp;month=2026-12#month-title"`) {
		t.Error("the month view offers a month before this one, or not the next")
	}
	// December has room, and so does January: the clerk books in January.
	jan := clerk.Get(t, "/visitors/book?official="+id+"&month=2027-01").Body
	jan = jan[strings.Index(jan, `data-testid="month"`):]
	if !strings.Contains(jan, "2027. gada janvāris") || !strings.Contains(jan, `rel="prev"`) || !strings.Contains(jan, "trešdiena, 06.01.2027.") {
		t.Fatal("the month view of January")
	}
	start := regexp.MustCompile(`href="/visitors/book\?official=` + id + `&amp;start=(\d+)"`).FindStringSubmatch(jan)
	if start == nil {
		t.Fatal("no free slot in January")
	}
	v := visitorForm(id, start[1])
	if res := clerk.PostForm(t, "/visitors/book", v); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("booking in January: %d", res.StatusCode)
	}
	if jan := clerk.Get(t, "/visitors/book?official="+id+"&month=2027-01").Body; !strings.Contains(jan, `<li class="taken">10:00`) {
		t.Error("the booked slot is not taken in January's view")
	}
	// A month before this one, or past the year ahead, is the nearest one inside.
	if past := clerk.Get(t, "/visitors/book?official="+id+"&month=2026-01").Body; !strings.Contains(past, "Visi laiki: 2026. gada novembris") {
		t.Error("a past month is shown")
	}
	if far := clerk.Get(t, "/visitors/book?official="+id+"&month=2031-01").Body; !strings.Contains(far, "Visi laiki: 2027. gada novembris") || strings.Contains(far, `rel="next"`) {
		t.Error("a month past the year ahead is shown")
	}
}

func TestTheDayListChecksInAndGoesFromDayToDay(t *testing.T) {
	srv := apptest.New(t)
	srv.Clock.Set(t, receptionMorning)
	o := addDemoOfficials(t, srv)
	receptionNow(t, srv, o.chair)
	today := bookToday(t, srv, o.chair, "Dace Dienvidniece", "+37126004455")
	later := idText(visitorstest.AddBooking(t, srv.Pool, visitorstest.Booking{OfficialID: o.chair, Start: riga(2026, 11, 9, 14, 0)}))
	clerk := srv.Client(t, "clerk")
	page := clerk.Get(t, "/visitors").Body
	for _, want := range []string{`href="/visitors?day=2026-11-01"`, `href="/visitors?day=2026-11-03"`, `action="/visitors/bookings/` + today + `/checkin"`} {
		if !strings.Contains(page, want) {
			t.Errorf("today's day list lacks %q", want)
		}
	}
	if other := clerk.Get(t, "/visitors?day=2026-11-09").Body; strings.Contains(other, "/checkin") || !strings.Contains(other, "/visitors/bookings/"+later) {
		t.Error("another day's list offers a check-in, or lacks its booking")
	}
	if chair := srv.Client(t, "chair").Get(t, "/visitors").Body; strings.Contains(chair, "/checkin") {
		t.Error("the chair is offered a check-in")
	}
	// From the day list: the ticket, and the clerk lands on the queue.
	res := clerk.PostForm(t, "/visitors/bookings/"+today+"/checkin", url.Values{"version": {formVersion(t, page, "/visitors/bookings/"+today+"/checkin")}, "back": {"/visitors?day=2026-11-02"}})
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/visitors/queue#official-") {
		t.Fatalf("check-in from the day list: %d to %s", res.StatusCode, res.Header.Get("Location"))
	}
	// Pressed again from the list: refused back on the list, with the reason.
	res = clerk.PostForm(t, "/visitors/bookings/"+today+"/checkin", url.Values{"version": {formVersion(t, page, "/visitors/bookings/"+today+"/checkin")}, "back": {"/visitors?day=2026-11-02"}})
	if res.Header.Get("Location") != "/visitors?day=2026-11-02" || !strings.Contains(follow(t, clerk, res), "vairs nav gaidāms") {
		t.Errorf("a second check-in went to %q", res.Header.Get("Location"))
	}
	// From the card too.
	card := clerk.Get(t, "/visitors/bookings/"+later).Body
	if strings.Contains(card, "/checkin") {
		t.Error("the card of another day's booking offers a check-in")
	}
	second := idText(visitorstest.AddBooking(t, srv.Pool, visitorstest.Booking{OfficialID: o.chair, Start: riga(2026, 11, 2, 11, 0), Name: "Kārlis Kartīte"}))
	card = clerk.Get(t, "/visitors/bookings/"+second).Body
	res = clerk.PostForm(t, "/visitors/bookings/"+second+"/checkin", url.Values{"version": {formVersion(t, card, "/visitors/bookings/"+second+"/checkin")}})
	if !strings.Contains(follow(t, clerk, res), "Kārlis Kartīte: rindas numurs") {
		t.Error("no check-in from the card")
	}
}

func TestEveryPageOfTheAreaHasItsSubNavigation(t *testing.T) {
	srv := apptest.New(t)
	srv.Clock.Set(t, receptionMorning)
	o := addDemoOfficials(t, srv)
	b := idText(visitorstest.AddBooking(t, srv.Pool, visitorstest.Booking{OfficialID: o.chair, Start: riga(2026, 11, 9, 14, 0)}))
	rule := visitorstest.AddRule(t, srv.Pool, o.chair, visitorstest.Weekly(time.Friday, visitors.At(9, 0), visitors.At(10, 0)))
	cancelled := visitorstest.AddCancellation(t, srv.Pool, o.chair, visitorstest.Date(2026, 11, 16), "Komandējums")
	staff := srv.Client(t, "staff")
	for _, path := range []string{
		"/visitors", "/visitors/queue", "/visitors/book", "/visitors/book?official=" + idText(o.chair),
		"/visitors/bookings/" + b, "/visitors/bookings/" + b + "/change", "/visitors/bookings/" + b + "/slip",
		"/visitors/sessions/cancel", "/visitors/cancellations/" + idText(cancelled), "/visitors/waitlist", "/visitors/log",
		"/visitors/stats", "/visitors/retention", "/visitors/officials", "/visitors/officials/new", "/visitors/officials/" + idText(o.chair),
		"/visitors/officials/" + idText(o.chair) + "/edit", "/visitors/officials/" + idText(o.chair) + "/rules/new",
		"/visitors/rules/" + idText(rule) + "/edit", "/visitors/officials/" + idText(o.chair) + "/extras/new",
		"/visitors/officials/" + idText(o.chair) + "/cancellations/new", "/visitors/hours/print", "/visitors/frequency",
	} {
		res := staff.Get(t, path)
		if res.StatusCode != 200 || strings.Count(res.Body, `aria-label="Apmeklētāju sadaļas lapas"`) != 1 || !strings.Contains(res.Body, `class="v-page"`) {
			t.Errorf("%s: %d, without the area's sub-navigation", path, res.StatusCode)
		}
	}
}
