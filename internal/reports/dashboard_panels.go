package reports

import (
	"context"
	"net/url"
	"strconv"
	"time"

	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/awards"
	"github.com/daugavpils/prdesk/internal/calendar"
	"github.com/daugavpils/prdesk/internal/charts"
	"github.com/daugavpils/prdesk/internal/delegations"
	"github.com/daugavpils/prdesk/internal/monitoring"
	"github.com/daugavpils/prdesk/internal/press"
	"github.com/daugavpils/prdesk/internal/twincities"
)

// figureSpec is one line of a panel: what it counts and the list behind it.
type figureSpec struct {
	Key    string // its name: reports.dashboard.fig.<Key>
	Places int    // decimals shown
	Unit   string // "" for a count; "eur" for money; "pct" for a share (0–1)
	// Link is the list behind the figure for a period, "" where there is
	// none; PeriodLink says the list takes the period as its filter (else
	// only the current period's figure links, to the list as it opens).
	Link       func(Period) string
	PeriodLink bool
	Perm       auth.Permission
	// Down: fewer is better (late answers, negative coverage).
	Down bool
}

// chartSpec draws some of a panel's figures as stacked bars, one bar a
// period: parts of one whole (on time, late, not answered yet).
type chartSpec struct {
	Figures []int         // indexes into the panel's figures
	Tones   []charts.Tone // each series' tone, "" for the default looks
	Unit    string        // catalogue key of what is counted
}

// note is a figure of today rather than of the period (the
// submissions overdue now), with the list behind it.
type note struct {
	Key   string
	N     int
	Link  string
	Perm  auth.Permission
	Alert bool // shown as a warning when N > 0
}

// source is one area's panel: its figures for a period, from the area's
// own Summary. Adding an area is one more source in panelSources (and its
// names in reports_dashboard.yaml).
type source struct {
	Area    string // the area's key: area.<Area> names it
	Perm    auth.Permission
	Figures []figureSpec
	// Load gives the figures' values for p, in the order of Figures.
	Load  func(ctx context.Context, h *Handler, p Period) ([]float64, error)
	Chart *chartSpec
	// Notes are today's figures, read once, not per period, and kept
	// until a write to Tables or the next day, as the figures are. They
	// must depend only on those tables and today's date.
	Notes func(ctx context.Context, h *Handler) ([]note, error)
	// Tables are the area's tables (LIKE patterns) whose writes change its
	// figures: the figures are kept until a write to one of them. Only the
	// tables of the figures shown: the press's mail states are in
	// mail_outbox, which every sending writes to all day, and the panel
	// shows none of them.
	Tables []string
}

// plannedAreas are the areas not built yet, in the navigation's order: the
// dashboard says their figures appear when they are ready. When one is
// built, its source goes into panelSources and it leaves this list.
var plannedAreas = []string{"marketing", "publishing", "materials", "archive", "tasks"}

// isoDate is a day as the lists' date filters take it.
func isoDate(d time.Time) string { return d.Format(time.DateOnly) }

// listLink is path with the query q.
func listLink(path string, q url.Values) string {
	if len(q) == 0 {
		return path
	}
	return path + "?" + q.Encode()
}

// daysFilter is the period as a list's from and to filter (the last day
// included, as the lists read "to").
func daysFilter(p Period, more ...string) url.Values {
	q := url.Values{"from": {isoDate(p.First)}, "to": {isoDate(p.Last())}}
	for i := 0; i+1 < len(more); i += 2 {
		q.Set(more[i], more[i+1])
	}
	return q
}

func fixed(path string) func(Period) string { return func(Period) string { return path } }

func count(n int) float64 { return float64(n) }

// panelSources are the built areas' panels in the navigation's order.
var panelSources = []source{
	{
		Area: "petitions", Perm: auth.AreaPetitions,
		Tables: []string{"petition%", "calendar%"},
		Figures: []figureSpec{
			{Key: "petitions_received", Perm: auth.AreaPetitions, PeriodLink: true,
				Link: func(p Period) string { return listLink("/petitions", daysFilter(p)) }},
			{Key: "petitions_on_time", Perm: auth.AreaPetitions, PeriodLink: true,
				Link: func(p Period) string { return listLink("/petitions", daysFilter(p)) }},
			{Key: "petitions_late", Perm: auth.AreaPetitions, PeriodLink: true, Down: true,
				Link: func(p Period) string { return listLink("/petitions", daysFilter(p, "sort", "due")) }},
			{Key: "petitions_unanswered", Perm: auth.AreaPetitions, PeriodLink: true,
				Link: func(p Period) string { return listLink("/petitions", daysFilter(p, "sort", "due")) }},
			{Key: "petitions_median", Places: 1, Down: true},
		},
		Load: func(ctx context.Context, h *Handler, p Period) ([]float64, error) {
			r, err := h.deps.Petitions.Summary(ctx, p.From(), p.To())
			return []float64{count(r.Total), count(r.OnTime), count(r.Late), count(r.Total - r.Answered), r.MedianWorkingDays}, err
		},
		Chart: &chartSpec{Figures: []int{1, 2, 3}, Tones: []charts.Tone{charts.Positive, charts.Negative, charts.Neutral},
			Unit: "reports.dashboard.unit_petitions"},
		Notes: func(ctx context.Context, h *Handler) ([]note, error) {
			d, err := h.deps.Petitions.Deadlines(ctx, calendar.DateOf(h.deps.Now()))
			return []note{{Key: "petitions_overdue_now", N: d.Overdue, Perm: auth.AreaPetitions, Alert: true,
				Link: listLink("/petitions", url.Values{"overdue": {"on"}, "sort": {"due"}})}}, err
		},
	},
	{
		Area: "visitors", Perm: auth.AreaVisitors,
		Tables: []string{"visit_%"},
		Figures: []figureSpec{
			{Key: "visitors_visits", Perm: auth.VisitorsStats, PeriodLink: true, Link: visitorsStats},
			{Key: "visitors_bookings", Perm: auth.VisitorsStats, PeriodLink: true, Link: visitorsStats},
			{Key: "visitors_received", Perm: auth.VisitorsStats, PeriodLink: true, Link: visitorsStats},
			{Key: "visitors_no_shows", Perm: auth.VisitorsStats, PeriodLink: true, Link: visitorsStats, Down: true},
			{Key: "visitors_left", Perm: auth.VisitorsStats, PeriodLink: true, Link: visitorsStats, Down: true},
			{Key: "visitors_officials"},
			{Key: "visitors_hours_held"},
		},
		Load: func(ctx context.Context, h *Handler, p Period) ([]float64, error) {
			r, err := h.deps.Visitors.Summary(ctx, p.From(), p.To())
			return []float64{count(r.Visits), count(r.Bookings), count(r.Received), count(r.NoShows),
				count(r.Left + r.BookingsLeft), count(len(r.PerOfficial)), count(r.HoursHeld)}, err
		},
	},
	{
		Area: "press", Perm: auth.AreaPress,
		Tables: []string{"press_%"},
		Figures: []figureSpec{
			{Key: "press_written", Perm: auth.AreaPress, Link: fixed("/press")},
			{Key: "press_sent", Perm: auth.AreaPress, Link: fixed("/press")},
			{Key: "press_events", Perm: auth.AreaPress, Link: fixed("/press/events?when=past")},
			{Key: "press_interviews", Perm: auth.AreaPress, Link: fixed("/press/interviews")},
			{Key: "press_interviews_done", Perm: auth.AreaPress, Link: fixed("/press/interviews?which=closed")},
		},
		Load: func(ctx context.Context, h *Handler, p Period) ([]float64, error) {
			r, err := press.Summary(ctx, h.deps.Pool, p.From(), p.To())
			return []float64{count(r.ReleasesWritten), count(r.ReleasesSent), count(r.EventsHeld),
				count(r.InterviewsAsked), count(r.InterviewsDone)}, err
		},
	},
	{
		Area: "monitoring", Perm: auth.AreaMonitoring,
		Tables: []string{"monitoring_%"},
		Figures: []figureSpec{
			{Key: "monitoring_total", Perm: auth.AreaMonitoring, PeriodLink: true, Link: coverage("")},
			{Key: "monitoring_positive", Perm: auth.AreaMonitoring, PeriodLink: true, Link: coverage(monitoring.Positive)},
			{Key: "monitoring_neutral", Perm: auth.AreaMonitoring, PeriodLink: true, Link: coverage(monitoring.Neutral)},
			{Key: "monitoring_negative", Perm: auth.AreaMonitoring, PeriodLink: true, Link: coverage(monitoring.Negative), Down: true},
			{Key: "monitoring_mixed", Perm: auth.AreaMonitoring, PeriodLink: true, Link: coverage(monitoring.Mixed)},
			{Key: "monitoring_unjudged", Perm: auth.AreaMonitoring, PeriodLink: true, Link: coverage(monitoring.Unjudged)},
			{Key: "monitoring_negative_share", Unit: "pct", Places: 1, Down: true},
		},
		Load: func(ctx context.Context, h *Handler, p Period) ([]float64, error) {
			r, err := monitoring.Summary(ctx, h.deps.Pool, p.From(), p.To())
			return []float64{count(r.Clippings), count(r.ByTone[monitoring.Positive]), count(r.ByTone[monitoring.Neutral]),
				count(r.ByTone[monitoring.Negative]), count(r.ByTone[monitoring.Mixed]), count(r.ByTone[monitoring.Unjudged]),
				r.NegativeShare}, err
		},
		Chart: &chartSpec{Figures: []int{1, 2, 3, 4, 5},
			Tones: []charts.Tone{charts.Positive, charts.Neutral, charts.Negative, charts.Mixed, charts.Unjudged},
			Unit:  "reports.dashboard.unit_clippings"},
	},
	{
		Area: "delegations", Perm: auth.AreaDelegations,
		Tables: []string{"delegation%"},
		Figures: []figureSpec{
			{Key: "delegations_held", Perm: auth.AreaDelegations, PeriodLink: true, Link: delegationsYear},
			{Key: "delegations_cancelled", Perm: auth.AreaDelegations, PeriodLink: true, Link: delegationsYear},
			{Key: "delegations_planned", Unit: "eur", Places: 2, Perm: auth.AreaDelegations, Link: fixed("/delegations/budget")},
			{Key: "delegations_actual", Unit: "eur", Places: 2, Perm: auth.AreaDelegations, Link: fixed("/delegations/budget")},
			{Key: "delegations_overdue", Down: true},
		},
		Load: func(ctx context.Context, h *Handler, p Period) ([]float64, error) {
			r, err := delegations.Summary(ctx, h.deps.Pool, p.From(), p.To())
			return []float64{count(r.Delegations), count(r.Cancelled), float64(r.Costs.Planned) / 100,
				float64(r.Costs.Actual) / 100, count(r.OverdueActions)}, err
		},
	},
	{
		Area: "awards", Perm: auth.AreaAwards,
		Tables: []string{"award_%"},
		Figures: []figureSpec{
			{Key: "awards_nominations", Perm: auth.AreaAwards, Link: fixed("/awards/nominations")},
			{Key: "awards_laureates", Perm: auth.AreaAwards, Link: fixed("/awards/nominations?laureate=yes")},
		},
		Load: func(ctx context.Context, h *Handler, p Period) ([]float64, error) {
			r, err := awards.Summary(ctx, h.deps.Pool, p.From(), p.To())
			return []float64{count(r.Nominations), count(r.Laureates)}, err
		},
	},
	{
		Area: "twincities", Perm: auth.AreaTwinCities,
		Tables: []string{"twin_%"},
		Figures: []figureSpec{
			{Key: "twincities_entries", Perm: auth.AreaTwinCities, Link: fixed("/twincities/overview")},
			{Key: "twincities_cities", Perm: auth.AreaTwinCities, Link: fixed("/twincities/overview")},
			{Key: "twincities_signed", Perm: auth.AreaTwinCities, Link: fixed("/twincities")},
		},
		Load: func(ctx context.Context, h *Handler, p Period) ([]float64, error) {
			r, err := twincities.NewStore(twincities.Deps{Pool: h.deps.Pool, Now: h.deps.Now}).Summary(ctx, p.From(), p.To())
			return []float64{count(r.Entries), count(r.CitiesWithActivity), count(r.Signed)}, err
		},
	},
}

// visitorsStats is the visitors' statistics for the period, by day for up
// to two months, else by month.
func visitorsStats(p Period) string {
	by := "month"
	if p.Days() <= 62 {
		by = "day"
	}
	return listLink("/visitors/stats", daysFilter(p, "by", by))
}

// coverage is the clippings of the period with tone t ("" any).
func coverage(t monitoring.Tone) func(Period) string {
	return func(p Period) string {
		if t == "" {
			return listLink("/monitoring", daysFilter(p))
		}
		return listLink("/monitoring", daysFilter(p, "tone", string(t)))
	}
}

// delegationsYear is the delegations' list of the period's year (the list
// filters by year only), or the whole list for a period across years.
func delegationsYear(p Period) string {
	if p.First.Year() != p.Last().Year() {
		return "/delegations"
	}
	return listLink("/delegations", url.Values{"year": {strconv.Itoa(p.First.Year())}})
}
