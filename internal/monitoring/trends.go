package monitoring

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/daugavpils/prdesk/internal/charts"
	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/web"
)

// The trends: how much was written, and in what tone, by day, week or
// month over a period, and by whom and about what; each chart with the
// same figures as a table, each row a link to the clippings it counts.

// trendsForm is the trends' filters as typed.
type trendsForm struct {
	From, To, Step, Topic, Mention, MediaType string
}

// DefaultTrendDays is the period the trends show unless asked: the last 30
// days, today's included.
const DefaultTrendDays = 30

type trendsView struct {
	Form      trendsForm
	Errors    form.Errors
	Query     ListQuery // the filters, without the period
	Step      Step
	Figures   Figures
	Topics    []Topic
	Mentioned []Choice
	Alerts    []Alert
}

// readTrends reads the trends' filters: the period (the last 30 days
// unless given), the step (by the period's length unless chosen), a
// topic, a contact mentioned and a media type.
func readTrends(r *http.Request, now time.Time) (trendsForm, ListQuery, Period, Step, *form.Values) {
	q := form.FromURL(r).Messages("monitoring.trends")
	in := trendsForm{From: q.Raw("from"), To: q.Raw("to"), Topic: q.Raw("topic"), Mention: q.Raw("mention")}
	lq := ListQuery{TopicID: q.ID("topic", false), MentionID: q.ID("mention", false)}
	lq.MediaType = form.Enum(q, "media_type", false, MediaTypes)
	step := form.Enum(q, "step", false, Steps)
	to := day(now)
	if d := q.Date("to", false); !d.IsZero() {
		to = time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, i18n.Riga)
	}
	from := to.AddDate(0, 0, 1-DefaultTrendDays)
	if d := q.Date("from", false); !d.IsZero() {
		from = time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, i18n.Riga)
	}
	p := Period{From: from, To: to.AddDate(0, 0, 1)}
	if q.Errors.Get("from") == "" && q.Errors.Get("to") == "" && from.After(to) {
		q.Add("to", "monitoring.trends.to_before_from")
	}
	if step == "" && q.Errors.Get("step") == "" {
		switch days := p.Days(); {
		case days <= 62:
			step = ByDay
		case days <= 366:
			step = ByWeek
		default:
			step = ByMonth
		}
	}
	if !q.Errors.Any() && len(Buckets(p, step)) > MaxBuckets {
		q.Add("step", "monitoring.trends.step_too_fine", i18n.Number(MaxBuckets))
	}
	if in.From == "" {
		in.From = i18n.Date(from)
	}
	if in.To == "" {
		in.To = i18n.Date(to)
	}
	in.Step, in.MediaType = string(step), string(lq.MediaType)
	if q.Errors.Any() {
		in.Step, in.MediaType = q.Raw("step"), q.Raw("media_type")
	}
	return in, lq, p, step, q
}

func (h *Handler) trends(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	in, lq, p, step, q := readTrends(r, h.now())
	v := trendsView{Form: in, Errors: q.Errors, Query: lq, Step: step}
	var err error
	if v.Topics, err = h.store.Topics(ctx); err == nil {
		if v.Mentioned, err = h.store.MentionedChoices(ctx); err == nil {
			v.Alerts, err = h.store.RecentAlerts(ctx, 10)
		}
	}
	if err != nil {
		web.Error(w, r, err)
		return
	}
	if q.Errors.Any() {
		web.Render(w, r, http.StatusUnprocessableEntity, trendsPage(v))
		return
	}
	if v.Figures, err = h.store.Figures(ctx, lq, p, step); err != nil {
		web.Error(w, r, err)
		return
	}
	web.Render(w, r, http.StatusOK, trendsPage(v))
}

// listLink is the list of clippings that q's filters pick in [from, to),
// narrowed by more (outlet=…, topic=…).
func listLink(q ListQuery, from, to time.Time, more ...string) string {
	v := url.Values{}
	v.Set("from", i18n.Date(from))
	v.Set("to", i18n.Date(to.AddDate(0, 0, -1)))
	if q.TopicID != 0 {
		v.Set("topic", strconv.FormatInt(q.TopicID, 10))
	}
	if q.MentionID != 0 {
		v.Set("mention", strconv.FormatInt(q.MentionID, 10))
	}
	if q.MediaType != "" {
		v.Set("media_type", string(q.MediaType))
	}
	for i := 0; i+1 < len(more); i += 2 {
		v.Set(more[i], more[i+1])
	}
	return "/monitoring?" + v.Encode()
}

// groupLink is the list of a group's clippings in p.
func groupLink(q ListQuery, p Period, param string, g Group) string {
	if g.Key != "" {
		return listLink(q, p.From, p.To, param, g.Key)
	}
	return listLink(q, p.From, p.To, param, strconv.FormatInt(g.ID, 10))
}

// bucketLabel is a bucket as a chart's axis names it: "04.12." for a day,
// the first day for a week, "12.2026." for a month.
func bucketLabel(b Bucket, s Step) string {
	switch s {
	case ByMonth:
		return b.From.In(i18n.Riga).Format("01.2006.")
	}
	return b.From.In(i18n.Riga).Format("02.01.")
}

// bucketText is a bucket as its table row names it: the day, or the
// days of the week or month.
func bucketText(ctx context.Context, b Bucket, s Step) string {
	last := Period{b.From, b.To}.LastDay()
	switch {
	case s == ByMonth && b.From.Equal(Monthly.PeriodOf(b.From).From) && b.To.Equal(Monthly.PeriodOf(b.From).To):
		return i18n.Month(ctx, b.From)
	case s == ByDay || last.Equal(b.From):
		return i18n.LongDate(ctx, b.From)
	}
	return Period{b.From, b.To}.Dates()
}

// toneSeries are the counts by tone as a chart's series, the tones that
// have none left out (all of them when there is nothing).
func toneSeries(ctx context.Context, counts []map[Tone]int) []charts.Series {
	var out []charts.Series
	for _, t := range Tones {
		s := charts.Series{Name: toneName(ctx, t), Tone: charts.Tone(t)}
		total := 0
		for _, c := range counts {
			s.Values = append(s.Values, float64(c[t]))
			total += c[t]
		}
		if total > 0 {
			out = append(out, s)
		}
	}
	if len(out) == 0 {
		for _, t := range Tones {
			out = append(out, charts.Series{Name: toneName(ctx, t), Tone: charts.Tone(t), Values: make([]float64, len(counts))})
		}
	}
	return out
}

// trendChart is the clippings over time by tone.
func trendChart(ctx context.Context, id string, f Figures, step Step) charts.Chart {
	c := charts.Chart{ID: id, Kind: charts.Columns, Title: i18n.T(ctx, "monitoring.trends.chart_time"),
		Desc:       i18n.T(ctx, "monitoring.trends.chart_time_desc", f.Period.Dates(), i18n.Number(int64(f.Total))),
		ValueLabel: i18n.T(ctx, "monitoring.trends.clippings"), NoData: i18n.T(ctx, "monitoring.trends.no_data")}
	counts := make([]map[Tone]int, len(f.Trend))
	for i, b := range f.Trend {
		c.Categories = append(c.Categories, bucketLabel(b, step))
		counts[i] = b.Tones
	}
	c.Series = toneSeries(ctx, counts)
	return c
}

// MaxChartRows is how many outlets, topics or contacts a chart shows.
const MaxChartRows = 10

// groupChart is the first MaxChartRows groups as bars by tone.
func groupChart(ctx context.Context, id, titleKey string, gs []Group) charts.Chart {
	c := charts.Chart{ID: id, Kind: charts.HBars, Title: i18n.T(ctx, titleKey),
		ValueLabel: i18n.T(ctx, "monitoring.trends.clippings"), NoData: i18n.T(ctx, "monitoring.trends.no_data")}
	gs = gs[:min(len(gs), MaxChartRows)]
	counts := make([]map[Tone]int, len(gs))
	for i, g := range gs {
		c.Categories = append(c.Categories, groupName(ctx, g))
		counts[i] = g.Tones
	}
	c.Desc = i18n.T(ctx, "monitoring.trends.chart_group_desc", i18n.Number(int64(len(gs))))
	c.Series = toneSeries(ctx, counts)
	return c
}

// groupName is a group's name in the reader's words (a media type's).
func groupName(ctx context.Context, g Group) string {
	if g.Key != "" {
		return typeName(ctx, MediaType(g.Key))
	}
	return g.Name
}

// barsHeight is the height an HBars chart of n rows wants in SVG units.
func barsHeight(n int) int { return 90 + 26*max(n, 1) }

// top are the first n groups.
func top(gs []Group, n int) []Group { return gs[:min(len(gs), n)] }
