package visitors

import (
	"context"
	"net/http"
	"time"

	"github.com/daugavpils/prdesk/internal/calendar"
	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/web"
)

// Groupings the statistics count by.
var StatsGroupings = []string{"day", "week", "month"}

// PeriodCount is the visitors, bookings and no-shows of one day, week or
// month: the periods with any of them.
type PeriodCount struct {
	Start    time.Time `db:"start"` // midnight in Riga, as a date
	Visits   int       `db:"visits"`
	Bookings int       `db:"bookings"`
	NoShows  int       `db:"no_shows"`
}

// UnitCount is the visitors who came to a unit (typed by the clerk).
type UnitCount struct {
	Unit   string `db:"unit"`
	Visits int    `db:"visits"`
}

// Stats is the statistics page's figures: counts only.
type Stats struct {
	Report
	By      string
	Periods []PeriodCount
	Units   []UnitCount
	// Hours[h][d] is the visitors in hour h (Riga) on weekday d, Monday 0.
	Hours    [24][7]int
	HourMin  int // the first and last hour anyone came, for the table's rows
	HourMax  int
	MaxInDay int // the largest cell, to shade the others by
}

// MaxStatsDays bounds the range a page may count over.
const MaxStatsDays = 366 * 10

type statsView struct {
	Stats
	FromText, ToText string
	Errors           form.Errors
}

// statsRange reads from, to (inclusive dates) and by; the default is the
// last twelve months by month. A refused range shows the default figures
// under the fields as typed.
func statsRange(r *http.Request, today time.Time) (from, to time.Time, by string, v statsView) {
	f := form.FromURL(r)
	defFrom := time.Date(today.Year(), today.Month()-11, 1, 0, 0, 0, 0, time.UTC)
	from, to, by = defFrom, today, "month"
	v.FromText, v.ToText = f.Raw("from"), f.Raw("to")
	if d := f.Date("from", false); !d.IsZero() {
		from = d
	}
	if d := f.Date("to", false); !d.IsZero() {
		to = d
	}
	if g := form.Enum(f, "by", false, StatsGroupings); g != "" {
		by = g
	}
	if !f.Errors.Any() && to.Before(from) {
		f.Add("to", "visitors.log.err_range")
	}
	if !f.Errors.Any() && to.Sub(from) > MaxStatsDays*24*time.Hour {
		f.Add("from", "visitors.log.err_range_long")
	}
	if f.Errors.Any() {
		from, to = defFrom, today
	} else {
		v.FromText, v.ToText = from.Format(time.DateOnly), to.Format(time.DateOnly)
	}
	v.Errors = f.Errors
	return from, to, by, v
}

func (h *Handler) statsPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	from, to, by, v := statsRange(r, calendar.DateOf(h.now()))
	st, err := h.store.StatsOf(ctx, dayStart(from), dayStart(to.AddDate(0, 0, 1)), by)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	v.Stats = st
	status := http.StatusOK
	if v.Errors.Any() {
		status = http.StatusUnprocessableEntity
	}
	web.Render(w, r, status, statsPage(v))
}

// periodLabel names a row of the period table.
func periodLabel(ctx context.Context, by string, t time.Time) string {
	switch by {
	case "month":
		return monthName(ctx, t)
	case "week":
		y, wk := t.ISOWeek()
		return i18n.T(ctx, "visitors.log.week_of", i18n.M{"week": wk, "year": y, "date": i18n.Date(t)})
	}
	return i18n.LongDate(ctx, t)
}

// dayStart is the instant date d begins in Riga.
func dayStart(d time.Time) time.Time {
	from, _ := calendar.DayBounds(d)
	return from
}
