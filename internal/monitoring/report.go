package monitoring

import (
	"time"

	"github.com/daugavpils/prdesk/internal/i18n"
)

// Reports to the management and to staff (clause 4.5): a weekly or
// monthly report is a saved row for one period with the department's
// short summary; its figures are counted from the clippings when it is
// read, compared with the period before. The schedule mails it to the
// recipients the head keeps (schedule.go).

// ReportKind is how long a report's period is.
type ReportKind string

const (
	Weekly  ReportKind = "weekly"  // Monday to Sunday
	Monthly ReportKind = "monthly" // a calendar month
)

// ReportKinds in the order pages show them.
var ReportKinds = []ReportKind{Weekly, Monthly}

// ReportStatus is whether a report was mailed.
type ReportStatus string

const (
	Draft ReportStatus = "draft"
	Sent  ReportStatus = "sent"
)

// MaxReportSummary is the longest summary a report takes.
const MaxReportSummary = 5000

// MediaReport is one saved weekly or monthly report.
type MediaReport struct {
	ID         int64
	Kind       ReportKind
	Period     Period
	Summary    string
	Status     ReportStatus
	SentAt     *time.Time
	Recipients int // how many it was mailed to
	Version    int
	CreatedAt  time.Time
	CreatedBy  string
}

// Period is whole days in Riga: from the first day's midnight (From) to
// the midnight after the last day (To), as instants; a clipping is in it
// when From <= published_at < To.
type Period struct{ From, To time.Time }

// day is midnight in Riga of t's day there.
func day(t time.Time) time.Time {
	y, m, d := t.In(i18n.Riga).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, i18n.Riga)
}

// civil is the Riga day of t as midnight UTC: how a date is passed to
// and read from a date column.
func civil(t time.Time) time.Time {
	y, m, d := t.In(i18n.Riga).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// fromCivil is a date column's day as midnight in Riga.
func fromCivil(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, i18n.Riga)
}

// PeriodOf is the week or month (of kind k) that t falls in, in Riga.
func (k ReportKind) PeriodOf(t time.Time) Period {
	d := day(t)
	if k == Monthly {
		from := time.Date(d.Year(), d.Month(), 1, 0, 0, 0, 0, i18n.Riga)
		return Period{from, from.AddDate(0, 1, 0)}
	}
	// Monday is the week's first day.
	back := (int(d.Weekday()) + 6) % 7
	from := time.Date(d.Year(), d.Month(), d.Day()-back, 0, 0, 0, 0, i18n.Riga)
	return Period{from, from.AddDate(0, 0, 7)}
}

// Last is the last whole week or month before the one t falls in: the one
// a report made at t is about.
func (k ReportKind) Last(t time.Time) Period {
	return k.Before(k.PeriodOf(t))
}

// Before is the week or month before p (of kind k), what a report
// compares its period with.
func (k ReportKind) Before(p Period) Period {
	return k.PeriodOf(p.From.AddDate(0, 0, -1))
}

// LastDay is the period's last day (midnight in Riga).
func (p Period) LastDay() time.Time {
	y, m, d := p.To.In(i18n.Riga).Date()
	return time.Date(y, m, d-1, 0, 0, 0, 0, i18n.Riga)
}

// Days is how many days the period has.
func (p Period) Days() int {
	n := 0
	for d := day(p.From); d.Before(p.To); d = time.Date(d.Year(), d.Month(), d.Day()+1, 0, 0, 0, 0, i18n.Riga) {
		n++
	}
	return n
}

// Dates is the period as people write it: "23.11.2026.–29.11.2026.".
func (p Period) Dates() string {
	return i18n.Date(p.From) + "–" + i18n.Date(p.LastDay())
}

// weekNumber is the ISO week of the period's first day.
func (p Period) weekNumber() (year, week int) {
	return p.From.In(i18n.Riga).ISOWeek()
}

// Step is how a trend groups the days of its period.
type Step string

const (
	ByDay   Step = "day"
	ByWeek  Step = "week" // Monday to Sunday
	ByMonth Step = "month"
)

// Steps in the order the trends page offers them.
var Steps = []Step{ByDay, ByWeek, ByMonth}

// Bucket is one day, week or month of a trend, cut to the trend's period
// at its ends, with its clippings by tone.
type Bucket struct {
	From, To time.Time
	Tones    map[Tone]int
	Total    int
}

// stepStart is the start of the day, week or month t falls in, in Riga.
func stepStart(t time.Time, s Step) time.Time {
	switch s {
	case ByWeek:
		return Weekly.PeriodOf(t).From
	case ByMonth:
		return Monthly.PeriodOf(t).From
	}
	return day(t)
}

// stepAfter is the start of the step after the one starting at t. Days
// are added to the wall clock in Riga, so a day of 23 or 25 hours (the
// clocks changed) is still one day.
func stepAfter(t time.Time, s Step) time.Time {
	t = t.In(i18n.Riga)
	switch s {
	case ByWeek:
		return t.AddDate(0, 0, 7)
	case ByMonth:
		return t.AddDate(0, 1, 0)
	}
	return t.AddDate(0, 0, 1)
}

// Buckets are p's days, weeks or months, empty, the first and the last cut
// to p.
func Buckets(p Period, s Step) []Bucket {
	var out []Bucket
	for b := stepStart(p.From, s); b.Before(p.To); b = stepAfter(b, s) {
		from, to := b, stepAfter(b, s)
		if from.Before(p.From) {
			from = p.From
		}
		if to.After(p.To) {
			to = p.To
		}
		out = append(out, Bucket{From: from, To: to, Tones: map[Tone]int{}})
	}
	return out
}

// MaxBuckets is the most days, weeks or months one trend shows.
const MaxBuckets = 400

// Group is the clippings of one outlet, media type, topic or contact
// mentioned, by tone, with the reach they had (of those whose reach is
// known).
type Group struct {
	ID    int64  // the outlet's, topic's or contact's id; 0 for a media type
	Key   string // the media type
	Name  string
	Tones map[Tone]int
	Total int
	Reach int64
}

// Figures are a period's clippings counted: in all, by tone, over time,
// and by outlet, media type, topic and contact mentioned (each list the
// most first).
type Figures struct {
	Period   Period
	Total    int
	Reach    int64 // the sum of the reach known
	Tones    map[Tone]int
	Trend    []Bucket
	Outlets  []Group
	Types    []Group
	Topics   []Group
	Mentions []Group
}

// Judged is how many of the clippings had their tone judged.
func (f Figures) Judged() int { return f.Total - f.Tones[Unjudged] }

// NegativeShare is the negative clippings' share of those judged (0 to
// 1; 0 when none was judged).
func (f Figures) NegativeShare() float64 {
	if f.Judged() == 0 {
		return 0
	}
	return float64(f.Tones[Negative]) / float64(f.Judged())
}

// Spike tells whether today's count is a spike against the days before:
// above multiple times their daily average (before counted over days
// days) and at least minimum. avg is that average.
func Spike(today, before, days int, multiple float64, minimum int) (avg float64, spike bool) {
	if days > 0 {
		avg = float64(before) / float64(days)
	}
	return avg, today >= minimum && float64(today) > multiple*avg
}

// SpikeDays is how many days before today the spike alert averages.
const SpikeDays = 28
