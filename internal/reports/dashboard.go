package reports

import (
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/calendar"
	"github.com/daugavpils/prdesk/internal/charts"
	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/web"
)

func (h *Handler) dashboardRoutes(m *auth.Mux) {
	m.Get("/reports", auth.AreaReports, h.dashboard)
}

// periodForm is the period chooser as typed, so it comes back as it was.
type periodForm struct {
	Period string
	On     string // a day of the week, month, quarter or year
	From   string // a range's first day
	To     string // a range's last day
}

// readPeriod reads the chooser: a kind and a day it holds (today when
// empty), or a range's first and last day. Bad input is refused beside its
// field; the page then answers 422 and shows no figures.
func readPeriod(r *http.Request, today time.Time) (periodForm, Period, form.Errors) {
	f := form.FromURL(r).Messages("reports.dashboard")
	in := periodForm{Period: f.Raw("period"), On: f.Raw("on"), From: f.Raw("from"), To: f.Raw("to")}
	kind := form.Enum(f, "period", false, PeriodKinds)
	if kind == "" && !f.Errors.Any() {
		kind = Month
	}
	if kind != Range {
		on := f.Date("on", false)
		if on.IsZero() {
			on = today
		}
		p := PeriodOf(kind, on)
		if !f.Errors.Any() && in.On == "" {
			in.On = i18n.Date(rigaMidnight(on))
		}
		return in, p, f.Errors
	}
	from := f.Date("from", true)
	to := f.Date("to", true)
	if !f.Errors.Any() {
		switch p := RangeOf(from, to); {
		case to.Before(from):
			f.Add("to", "reports.dashboard.to_before_from")
		case p.Days() > MaxRangeDays:
			f.Add("from", "reports.dashboard.range_too_long", i18n.Number(MaxRangeDays))
		default:
			return in, p, f.Errors
		}
	}
	return in, Period{}, f.Errors
}

// dashboardView is the page.
type dashboardView struct {
	Form    periodForm
	Errors  form.Errors
	Periods [3]Period // the period, the one before, the same a year before
	Panels  []panelView
	Planned []string // the areas not built yet
	// Earlier and Later move the period by one of its kind.
	Earlier, Later string
}

// panelView is one area's panel as the page shows it.
type panelView struct {
	Area   string
	Failed bool // the area's figures could not be read: said, not hidden
	Rows   []figureRow
	Chart  *charts.Chart
	Notes  []noteView
	// HTML is the panel as drawn already (dashboard.go, panels), written
	// as it is in place of the fields above.
	HTML string
}

// figureRow is one figure in the three periods.
type figureRow struct {
	Key   string
	Cells [3]cell
}

// cell is a figure of one period: its text, the list behind it (for those
// who may open it), and for the comparison periods the change from them.
type cell struct {
	Text  string
	Href  string
	Diff  string // the current figure's change from this one: "+3", "−1,5"
	Trend string // "up", "down", "same": for the colour, with Diff's words
	Good  bool   // the change is for the better
}

type noteView struct {
	Key   string
	N     string
	Href  string
	Alert bool
}

func (h *Handler) dashboard(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	today := calendar.DateOf(h.deps.Now())
	in, p, errs := readPeriod(r, today)
	v := dashboardView{Form: in, Errors: errs, Planned: plannedAreas}
	if errs.Any() {
		web.Render(w, r, http.StatusUnprocessableEntity, dashboardPage(v))
		return
	}
	v.Periods = [3]Period{p, p.Previous(), p.YearBefore()}
	v.Earlier, v.Later = moveLink(p, p.Previous()), moveLink(p, next(p))
	v.Panels = h.panels(ctx, v.Periods)
	web.Render(w, r, http.StatusOK, dashboardPage(v))
}

// next is the period after p of its kind.
func next(p Period) Period {
	if p.Kind == Range {
		return Period{Range, p.End, p.End.AddDate(0, 0, p.Days())}
	}
	return PeriodOf(p.Kind, p.End)
}

// moveLink is the dashboard of period to, chosen as p was.
func moveLink(p, to Period) string {
	q := url.Values{"period": {string(p.Kind)}}
	if p.Kind == Range {
		q.Set("from", i18n.Date(rigaMidnight(to.First)))
		q.Set("to", i18n.Date(rigaMidnight(to.Last())))
	} else {
		q.Set("on", i18n.Date(rigaMidnight(to.First)))
	}
	return "/reports?" + q.Encode()
}

// panelData is one area's figures in the three periods and its notes of
// today: what the dashboard draws, and what a submitted report keeps.
type panelData struct {
	Area string
	// Keys name Values' figures: a report kept before a figure was added
	// or moved still shows each of its own under the right name.
	Keys   []string `json:",omitempty"`
	Values [3][]float64
	Notes  []note `json:",omitempty"`
}

// inOrder is d's values in the order of s's figures, and which of them d
// has: all, unless d was kept before a figure was added.
func (d panelData) inOrder(s source) (vals [3][]float64, has []bool) {
	if len(d.Keys) == 0 {
		// Read now: in s's order already.
		has = make([]bool, len(s.Figures))
		for k := range has {
			has[k] = true
		}
		return d.Values, has
	}
	has = make([]bool, len(s.Figures))
	for j := range vals {
		vals[j] = make([]float64, len(s.Figures))
	}
	for k, f := range s.Figures {
		i := slices.Index(d.Keys, f.Key)
		if i < 0 {
			continue
		}
		has[k] = true
		for j := range vals {
			if i < len(d.Values[j]) {
				vals[j][k] = d.Values[j][i]
			} else {
				has[k] = false
			}
		}
	}
	return vals, has
}

// panels reads every area's figures for the three periods and draws them
// for the signed-in user: a panel drawn before from the same figures, for
// the same periods, language and permissions, is the markup kept then
// (panelHTML).
func (h *Handler) panels(ctx context.Context, ps [3]Period) []panelView {
	user := auth.UserFrom(ctx)
	locale := i18n.Locale(ctx)
	var out []panelView
	for _, d := range h.loadPanels(ctx, ps, true) {
		k := slices.IndexFunc(panelSources, func(s source) bool { return s.Area == d.Area })
		if k < 0 {
			continue
		}
		key := panelKey(panelSources[k], ps, locale, user.Can, d)
		if html, ok := h.panelHTML.get(key); ok {
			out = append(out, panelView{Area: d.Area, HTML: html})
			continue
		}
		for _, pv := range panelViews(ctx, ps, []panelData{d}) {
			var b strings.Builder
			if err := panel(ps, pv, false).Render(ctx, &b); err != nil {
				// Drawn again with the page, which reports it.
				out = append(out, pv)
				continue
			}
			h.panelHTML.put(key, b.String())
			out = append(out, panelView{Area: pv.Area, HTML: b.String()})
		}
	}
	return out
}

// loadPanels reads every area's figures for the three periods at once
// (with today's notes when notes is set): each Summary is a few indexed
// queries, and the page waits for the slowest area rather than for their
// sum. An area whose figures could not be read has no values.
func (h *Handler) loadPanels(ctx context.Context, ps [3]Period, notes bool) []panelData {
	results := make([]panelData, len(panelSources))
	// Every area's revision in one query; without them (the statistics
	// unreadable) the figures are read afresh, not kept.
	var patterns []string
	for _, s := range panelSources {
		patterns = append(patterns, s.Tables...)
	}
	revs, revErr := h.revisions.read(ctx, h.deps.Pool, patterns)
	if revErr != nil {
		slog.WarnContext(ctx, "reports: dashboard revisions", "err", revErr)
	}
	today := calendar.DateOf(h.deps.Now())
	var wg sync.WaitGroup
	for i, s := range panelSources {
		results[i].Area = s.Area
		for _, f := range s.Figures {
			results[i].Keys = append(results[i].Keys, f.Key)
		}
		for j := range ps {
			if k := slices.Index(ps[:j], ps[j]); k >= 0 {
				// A year's previous period is the year before: read once.
				continue
			}
			wg.Go(func() {
				load := func(ctx context.Context) ([]float64, error) { return s.Load(ctx, h, ps[j]) }
				var vs []float64
				var err error
				if revErr != nil {
					vs, err = load(ctx)
				} else {
					vs, err = h.figures.get(ctx, s.Area+" "+ps[j].key(), revisionOf(revs, s.Tables, today), load)
				}
				if err != nil {
					// The panel says its figures could not be read; the others stand.
					slog.ErrorContext(ctx, "reports: dashboard panel", "area", s.Area, "period", ps[j].key(), "err", err)
					return
				}
				results[i].Values[j] = vs
			})
		}
		if notes && s.Notes != nil {
			wg.Go(func() {
				// Today's figures of the area's tables: kept as its figures
				// are, with the same revision (which holds today's date).
				load := func(ctx context.Context) ([]note, error) { return s.Notes(ctx, h) }
				var ns []note
				var err error
				if revErr != nil {
					ns, err = load(ctx)
				} else {
					ns, err = h.notes.get(ctx, s.Area, revisionOf(revs, s.Tables, today), load)
				}
				results[i].Notes = ns
				if err != nil {
					slog.ErrorContext(ctx, "reports: dashboard notes", "area", s.Area, "err", err)
				}
			})
		}
	}
	wg.Wait()
	for i := range results {
		for j := range ps {
			if k := slices.Index(ps[:j], ps[j]); k >= 0 {
				results[i].Values[j] = results[i].Values[k]
			}
		}
	}
	return results
}

// panelViews draws the areas' figures for the signed-in user, in the
// order of panelSources: the links behind them where the user may open
// them, the changes, the charts. An area data has nothing of (a report
// kept before the area was built) is left out.
func panelViews(ctx context.Context, ps [3]Period, data []panelData) []panelView {
	user := auth.UserFrom(ctx)
	var out []panelView
	for _, s := range panelSources {
		k := slices.IndexFunc(data, func(d panelData) bool { return d.Area == s.Area })
		if k < 0 {
			continue
		}
		res := data[k]
		pv := panelView{Area: s.Area}
		for _, vs := range res.Values {
			if len(vs) != len(res.Keys) && len(vs) != len(s.Figures) {
				pv.Failed = true
			}
		}
		if pv.Failed {
			out = append(out, pv)
			continue
		}
		values, has := res.inOrder(s)
		for k, f := range s.Figures {
			row := figureRow{Key: f.Key}
			if !has[k] {
				// Kept before the figure was counted.
				for j := range ps {
					row.Cells[j] = cell{Text: "—"}
				}
				pv.Rows = append(pv.Rows, row)
				continue
			}
			for j := range ps {
				c := cell{Text: figureText(ctx, f, values[j][k])}
				if f.Link != nil && user.Can(f.Perm) && (j == 0 || f.PeriodLink) {
					c.Href = f.Link(ps[j])
				}
				if j > 0 {
					c.Diff, c.Trend = change(ctx, f, values[0][k], values[j][k])
					c.Good = (c.Trend == "up") != f.Down && c.Trend != "same"
				}
				row.Cells[j] = c
			}
			pv.Rows = append(pv.Rows, row)
		}
		if s.Chart != nil {
			c := periodChart(ctx, s, ps, values)
			pv.Chart = &c
		}
		for _, n := range res.Notes {
			nv := noteView{Key: n.Key, N: i18n.Number(int64(n.N)), Alert: n.Alert && n.N > 0}
			if user.Can(n.Perm) {
				nv.Href = n.Link
			}
			pv.Notes = append(pv.Notes, nv)
		}
		out = append(out, pv)
	}
	return out
}

// figureText writes a figure as the interface writes numbers.
func figureText(ctx context.Context, f figureSpec, v float64) string {
	switch f.Unit {
	case "pct":
		return i18n.Percent(ctx, v)
	case "eur":
		return i18n.Decimal(ctx, v, 2) + "\u00a0EUR"
	}
	return i18n.Decimal(ctx, v, f.Places)
}

// change is cur's difference from then, signed ("+3", "−2"), and its
// direction.
func change(ctx context.Context, f figureSpec, cur, then float64) (string, string) {
	d := cur - then
	if f.Unit == "pct" {
		d *= 100
	}
	places := f.Places
	if f.Unit == "pct" {
		places = 1
	}
	text := i18n.Decimal(ctx, abs(d), places)
	switch {
	case text == i18n.Decimal(ctx, 0, places):
		return "±0", "same"
	case d > 0:
		return "+" + text, "up"
	default:
		return "−" + text, "down"
	}
}

func abs(f float64) float64 {
	if f < 0 {
		return -f
	}
	return f
}

// periodChart is a panel's parts as stacked bars, one a period, named as
// the table's columns are (the table gives their dates).
func periodChart(ctx context.Context, s source, ps [3]Period, values [3][]float64) charts.Chart {
	c := charts.Chart{ID: "chart-" + s.Area, Kind: charts.HBars,
		Title:      i18n.T(ctx, "reports.dashboard.chart_title", i18n.T(ctx, "area."+s.Area)),
		Desc:       i18n.T(ctx, "reports.dashboard.chart_desc_"+s.Area),
		ValueLabel: i18n.T(ctx, s.Chart.Unit), NoData: i18n.T(ctx, "reports.dashboard.no_data")}
	for i := range ps {
		c.Categories = append(c.Categories, periodHeading(ctx, i))
	}
	for n, k := range s.Chart.Figures {
		sr := charts.Series{Name: i18n.T(ctx, "reports.dashboard.fig."+s.Figures[k].Key), Tone: s.Chart.Tones[n]}
		for j := range ps {
			sr.Values = append(sr.Values, values[j][k])
		}
		c.Series = append(c.Series, sr)
	}
	return c
}
