package reports_test

import (
	"html"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/daugavpils/prdesk/internal/apptest"
	"github.com/daugavpils/prdesk/internal/delegations"
	"github.com/daugavpils/prdesk/internal/delegations/delegationstest"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/monitoring"
	"github.com/daugavpils/prdesk/internal/monitoring/monitoringtest"
	"github.com/daugavpils/prdesk/internal/petitions"
	"github.com/daugavpils/prdesk/internal/petitions/petitionstest"
	"github.com/daugavpils/prdesk/internal/twincities"
	"github.com/daugavpils/prdesk/internal/twincities/twincitiestest"
	"github.com/daugavpils/prdesk/internal/visitors"
	"github.com/daugavpils/prdesk/internal/visitors/visitorstest"
)

var tags = regexp.MustCompile(`<[^>]*>`)

// cellHTML is the markup of one figure's cell on the page: col is "cur",
// "prev" or "year", the columns of the figure's row (fig-<key>).
func cellHTML(t *testing.T, page, key, col string) string {
	t.Helper()
	row := regexp.MustCompile(`<tr data-testid="fig-` + regexp.QuoteMeta(key) + `">(?s:(.*?))</tr>`).FindStringSubmatch(page)
	if row == nil {
		t.Fatalf("no figure %s on the page", key)
	}
	cells := regexp.MustCompile(`<td>(?s:(.*?))</td>`).FindAllStringSubmatch(row[1], -1)
	i := map[string]int{"cur": 0, "prev": 1, "year": 2}[col]
	if len(cells) != 3 {
		t.Fatalf("figure %s has %d cells, want 3", key, len(cells))
	}
	return cells[i][1]
}

// figure is the text of one figure's cell on the page; the change beside
// it is left out.
func figure(t *testing.T, page, key, col string) string {
	t.Helper()
	cell, _, _ := strings.Cut(cellHTML(t, page, key, col), `<small`)
	return strings.TrimSpace(html.UnescapeString(tags.ReplaceAllString(cell, "")))
}

// link is the href of one figure's cell, "" when it is no link.
func link(t *testing.T, page, key, col string) string {
	t.Helper()
	if m := regexp.MustCompile(`^\s*<a href="([^"]*)"`).FindStringSubmatch(cellHTML(t, page, key, col)); m != nil {
		return html.UnescapeString(m[1])
	}
	return ""
}

func riga(y int, m time.Month, d, h int) time.Time { return time.Date(y, m, d, h, 0, 0, 0, i18n.Riga) }

// The figures of each panel are the areas' own data of March 2041, of
// February 2041 (the previous period) and of March 2040 (a year before):
// years no other test of the package writes in.
func TestDashboardFigures(t *testing.T) {
	srv := apptest.New(t)
	pool := srv.Pool

	// Submissions: three in March (one answered on time, one late, one
	// open), one in February, two in March a year before.
	on := petitionstest.Register(t, pool, petitionstest.Sub{At: riga(2041, 3, 5, 10)})
	petitionstest.Progress(t, pool, on, petitions.Answered, riga(2041, 3, 12, 10))
	late := petitionstest.Register(t, pool, petitionstest.Sub{At: riga(2041, 3, 6, 10)})
	petitionstest.Progress(t, pool, late, petitions.Answered, riga(2041, 5, 29, 10))
	petitionstest.Register(t, pool, petitionstest.Sub{At: riga(2041, 3, 31, 23)}) // the month's last hour in Riga
	petitionstest.Register(t, pool, petitionstest.Sub{At: riga(2041, 2, 28, 12)})
	petitionstest.Register(t, pool, petitionstest.Sub{At: riga(2040, 3, 1, 1)})
	petitionstest.Register(t, pool, petitionstest.Sub{At: riga(2040, 3, 20, 12)})
	petitionstest.Register(t, pool, petitionstest.Sub{At: riga(2041, 4, 1, 2)}) // April: in none of them

	// Coverage: two positive and one negative in March, one neutral in February.
	for _, tone := range []monitoring.Tone{monitoring.Positive, monitoring.Positive, monitoring.Negative} {
		monitoringtest.AddClipping(t, pool, monitoring.Clipping{PublishedAt: riga(2041, 3, 15, 12), Tone: tone})
	}
	monitoringtest.AddClipping(t, pool, monitoring.Clipping{PublishedAt: riga(2041, 2, 15, 12), Tone: monitoring.Neutral})

	// Delegations: one in March, one cancelled in March, one a year before.
	delegationstest.AddDelegation(t, pool, delegations.Delegation{StartsOn: delegationstest.Date(2041, 3, 10)})
	delegationstest.AddDelegation(t, pool, delegations.Delegation{StartsOn: delegationstest.Date(2041, 3, 20), Status: delegations.Cancelled})
	delegationstest.AddDelegation(t, pool, delegations.Delegation{StartsOn: delegationstest.Date(2040, 3, 20)})

	// Twin cities: two lines in March with one city, one in February.
	city := twincitiestest.AddAgreement(t, pool, twincities.Agreement{City: "Dashboardpils"})
	twincitiestest.AddLog(t, pool, twincities.LogEntry{AgreementID: city, HappenedOn: twincitiestest.Date(2041, 3, 1)})
	twincitiestest.AddLog(t, pool, twincities.LogEntry{AgreementID: city, HappenedOn: twincitiestest.Date(2041, 3, 31)})
	twincitiestest.AddLog(t, pool, twincities.LogEntry{AgreementID: city, HappenedOn: twincitiestest.Date(2041, 2, 28)})

	// Reception hours: one session held in March.
	official := visitorstest.NewOfficial(t, pool, "Dace Pieņemšana")
	visitorstest.AddExtra(t, pool, official, visitorstest.Date(2041, 3, 12), visitors.At(10, 0), visitors.At(12, 0), 15)

	srv.Clock.Set(t, riga(2041, 6, 10, 12))
	res := srv.Client(t, "director").Get(t, "/reports?period=month&on=31.03.2041.")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("status %d: %s", res.StatusCode, res.Body)
	}
	page := res.Body
	if !strings.Contains(page, "01.03.2041.–31.03.2041.") || !strings.Contains(page, "01.02.2041.–28.02.2041.") ||
		!strings.Contains(page, "01.03.2040.–31.03.2040.") {
		t.Error("the three periods are not named")
	}
	for _, c := range []struct{ key, col, want string }{
		{"petitions_received", "cur", "3"}, {"petitions_received", "prev", "1"}, {"petitions_received", "year", "2"},
		{"petitions_on_time", "cur", "1"}, {"petitions_late", "cur", "1"}, {"petitions_unanswered", "cur", "1"},
		{"petitions_late", "prev", "0"}, {"petitions_unanswered", "year", "2"},
		{"monitoring_total", "cur", "3"}, {"monitoring_positive", "cur", "2"}, {"monitoring_negative", "cur", "1"},
		{"monitoring_neutral", "prev", "1"}, {"monitoring_total", "year", "0"},
		{"monitoring_negative_share", "cur", "33,3\u00a0%"}, {"monitoring_negative_share", "prev", "0,0\u00a0%"},
		{"delegations_held", "cur", "1"}, {"delegations_cancelled", "cur", "1"}, {"delegations_held", "year", "1"},
		{"twincities_entries", "cur", "2"}, {"twincities_cities", "cur", "1"}, {"twincities_entries", "prev", "1"},
	} {
		if got := figure(t, page, c.key, c.col); got != c.want {
			t.Errorf("%s in %s: %q, want %q", c.key, c.col, got, c.want)
		}
	}
	// The reception hours held are the visitors area's own count, which
	// other tests' weekly hours add to: it holds the session above.
	vs := visitorstest.NewStore(t, pool)
	vs.Clock.Set(riga(2041, 6, 10, 12))
	held, err := vs.Store.Summary(t.Context(), riga(2041, 3, 1, 0), riga(2041, 4, 1, 0))
	if err != nil {
		t.Fatal(err)
	}
	if got := figure(t, page, "visitors_hours_held", "cur"); held.HoursHeld < 1 || got != strconv.Itoa(held.HoursHeld) {
		t.Errorf("reception hours held: %q, the area counts %d", got, held.HoursHeld)
	}
	// The change is the chosen period's against each: 3 received now, 1 before.
	if !regexp.MustCompile(`<small[^>]*>\+2</small>`).MatchString(cellHTML(t, page, "petitions_received", "prev")) {
		t.Error("the change against the previous period is not +2")
	}
	// The received figures open the registry's list of the same days.
	if got := link(t, page, "petitions_received", "prev"); got != "/petitions?from=2041-02-01&to=2041-02-28" {
		t.Errorf("the previous period's received link: %q", got)
	}
	if got := link(t, page, "monitoring_negative", "cur"); got != "/monitoring?from=2041-03-01&to=2041-03-31&tone=negative" {
		t.Errorf("the negative coverage link: %q", got)
	}
	// The charts are SVG with a description, beside the same figures as a table.
	if !strings.Contains(page, `<svg`) || !strings.Contains(page, `<desc id="chart-petitions-desc">`) {
		t.Error("no petitions chart with a description")
	}
	if !strings.Contains(page, `data-testid="planned"`) || !strings.Contains(page, i18n.T(i18n.WithLocale(t.Context(), "lv"), "area.marketing")) {
		t.Error("the areas not built yet are not named")
	}
}

func TestDashboardAccess(t *testing.T) {
	srv := apptest.New(t)
	for user, want := range map[string]int{"admin": http.StatusForbidden, "staff": http.StatusForbidden,
		"clerk": http.StatusForbidden, "director": http.StatusOK, "head": http.StatusOK} {
		if res := srv.Client(t, user).Get(t, "/reports"); res.StatusCode != want {
			t.Errorf("%s: status %d, want %d", user, res.StatusCode, want)
		}
	}
	// The director may not open the press area or the visitors' day:
	// their figures are shown, not linked. The head opens both.
	dir := srv.Client(t, "director").Get(t, "/reports?period=year&on=2026-06-01").Body
	if l := link(t, dir, "press_sent", "cur"); l != "" {
		t.Errorf("the director sees a link to the press list: %q", l)
	}
	if l := link(t, dir, "petitions_received", "cur"); l == "" {
		t.Error("the director sees no link to the registry")
	}
	head := srv.Client(t, "head").Get(t, "/reports?period=year&on=2026-06-01").Body
	if l := link(t, head, "press_sent", "cur"); l != "/press" {
		t.Errorf("the head's link to the press list: %q", l)
	}
	// The previous period's figure links only where the list takes the period.
	if l := link(t, head, "press_sent", "prev"); l != "" {
		t.Errorf("a link to an unfiltered list from another period: %q", l)
	}
}

func TestDashboardPeriodInput(t *testing.T) {
	srv := apptest.New(t)
	c := srv.Client(t, "director")
	for _, tt := range []struct {
		name, query, field, message string
	}{
		{"a range without its days", "period=range", "from", "Ievadiet perioda pirmo dienu"},
		{"a day that does not exist", "period=month&on=31.02.2026", "on", "31.02.2026"},
		{"a range backwards", "period=range&from=10.03.2026&to=01.03.2026", "to", "nevar būt pirms"},
		{"a range too long", "period=range&from=01.01.2020&to=01.01.2026", "from", "nav garāks"},
		{"an unknown kind", "period=decade", "period", "Izvēlieties periodu"},
		{"script as a date", "period=month&on=%3Cscript%3Ealert(1)%3C%2Fscript%3E", "on", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			res := c.Get(t, "/reports?"+tt.query)
			if res.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422", res.StatusCode)
			}
			if !strings.Contains(res.Body, `href="#`+tt.field+`"`) {
				t.Errorf("the error summary does not link to %s", tt.field)
			}
			if !strings.Contains(res.Body, tt.message) {
				t.Errorf("no message %q", tt.message)
			}
			if strings.Contains(res.Body, "<script>alert") {
				t.Error("the typed script is not escaped")
			}
			if strings.Contains(res.Body, `data-testid="panel-petitions"`) {
				t.Error("figures shown for a refused period")
			}
		})
	}
	// A good range answers with its figures and keeps what was typed.
	res := c.Get(t, "/reports?period=range&from=29.02.2028&to=02.03.2028")
	if res.StatusCode != http.StatusOK || !strings.Contains(res.Body, "29.02.2028.–02.03.2028.") ||
		!strings.Contains(res.Body, "28.02.2027.–02.03.2027.") || !strings.Contains(res.Body, `value="29.02.2028"`) {
		t.Errorf("the range: status %d", res.StatusCode)
	}
	// English.
	if res := c.Get(t, "/reports?period=week&on=2026-01-01&lang=en"); res.StatusCode != http.StatusOK {
		t.Errorf("English: %d", res.StatusCode)
	}
}

// The figures and today's notes are kept until a write to the area's
// tables: a submission registered after an opening shows in the next
// openings' received figure and in the submissions overdue now, once the
// writing session has reported its statistics (within ten seconds). The
// year 2049 is written in by no other test of the package.
func TestDashboardKeptFiguresFollowWrites(t *testing.T) {
	srv := apptest.New(t)
	srv.Clock.Set(t, riga(2049, 6, 10, 12))
	c := srv.Client(t, "director")
	open := func() (received, overdue int) {
		t.Helper()
		res := c.Get(t, "/reports?period=month&on=15.01.2049.")
		if res.StatusCode != http.StatusOK {
			t.Fatalf("status %d: %s", res.StatusCode, res.Body)
		}
		m := regexp.MustCompile(`data-testid="note-petitions_overdue_now">(?s:.*?)<strong>([^<]*)</strong>`).FindStringSubmatch(res.Body)
		if m == nil {
			t.Fatal("no submissions overdue now on the page")
		}
		r, err1 := strconv.Atoi(strings.Map(digitsOnly, figure(t, res.Body, "petitions_received", "cur")))
		o, err2 := strconv.Atoi(strings.Map(digitsOnly, m[1]))
		if err1 != nil || err2 != nil {
			t.Fatalf("figures unreadable: %v, %v", err1, err2)
		}
		return r, o
	}
	received, overdue := open()
	// Open, due in February 2049: overdue on 10 June.
	petitionstest.Register(t, srv.Pool, petitionstest.Sub{At: riga(2049, 1, 15, 10)})
	deadline := time.Now().Add(15 * time.Second)
	for {
		r, o := open()
		if r == received+1 && o == overdue+1 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("after a registration: received %d (was %d), overdue now %d (was %d)", r, received, o, overdue)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

func digitsOnly(r rune) rune {
	if r >= '0' && r <= '9' {
		return r
	}
	return -1
}
