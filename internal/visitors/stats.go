package visitors

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/calendar"
	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/web"
)

// Groupings the statistics count by.
var StatsGroupings = []string{"day", "week", "month"}

// PeriodCount is the visitors of one day, week or month.
type PeriodCount struct {
	Start  time.Time `db:"start"` // midnight in Riga, as a date
	Visits int       `db:"visits"`
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

// StatsOf counts [from, to) grouped by by (day, week or month). The visits
// come from visit_log_days and visit_log_hours, so a year costs a few
// thousand rows whatever the log holds.
func (s *Store) StatsOf(ctx context.Context, from, to time.Time, by string) (Stats, error) {
	st := Stats{By: by}
	err := pgx.BeginTxFunc(ctx, s.pool, pgx.TxOptions{AccessMode: pgx.ReadOnly, IsoLevel: pgx.RepeatableRead}, func(tx pgx.Tx) error {
		var err error
		if st.Report, err = summary(ctx, tx, from, to, s.now()); err != nil {
			return err
		}
		// by is one of StatsGroupings, checked by the handler, and passed as a value.
		fromDay, toDay := calendar.DateOf(from), calendar.DateOf(to)
		rows, _ := tx.Query(ctx, `
			select date_trunc($3, day::timestamp)::date as start, sum(visits)::int as visits
			from visit_log_days where day >= $1::date and day < $2::date group by 1 order by 1`, fromDay, toDay, by)
		if st.Periods, err = pgx.CollectRows(rows, pgx.RowToStructByName[PeriodCount]); err != nil {
			return fmt.Errorf("periods: %w", err)
		}
		rows, _ = tx.Query(ctx, `
			select unit, sum(visits)::int as visits from visit_log_days
			where day >= $1::date and day < $2::date and unit <> '' group by unit order by 2 desc, 1`, fromDay, toDay)
		if st.Units, err = pgx.CollectRows(rows, pgx.RowToStructByName[UnitCount]); err != nil {
			return fmt.Errorf("units: %w", err)
		}
		rows, _ = tx.Query(ctx, `
			select hour::int, extract(isodow from day)::int - 1, sum(visits)::int
			from visit_log_hours where day >= $1::date and day < $2::date group by 1, 2`, fromDay, toDay)
		st.HourMin, st.HourMax = 24, -1
		var h, d, n int
		_, err = pgx.ForEachRow(rows, []any{&h, &d, &n}, func() error {
			st.Hours[h][d] = n
			st.HourMin, st.HourMax, st.MaxInDay = min(st.HourMin, h), max(st.HourMax, h), max(st.MaxInDay, n)
			return nil
		})
		return err
	})
	return st, err
}

type statsView struct {
	Stats
	FromText, ToText string
	Errors           form.Errors
	CanLog           bool
}

// statsRange reads from, to (inclusive dates) and by; the default is the
// last twelve months by month.
func statsRange(r *http.Request, today time.Time) (from, to time.Time, by string, v statsView, errs form.Errors) {
	q := r.URL.Query()
	ctx := r.Context()
	to = today
	from = time.Date(today.Year(), today.Month()-11, 1, 0, 0, 0, 0, time.UTC)
	by = "month"
	v.FromText, v.ToText = q.Get("from"), q.Get("to")
	if v.FromText != "" {
		if d, ok := i18n.ParseDate(v.FromText); ok {
			from = calendar.DateOf(d)
		} else {
			errs.Add("from", i18n.T(ctx, "field.invalid_date"))
		}
	}
	if v.ToText != "" {
		if d, ok := i18n.ParseDate(v.ToText); ok {
			to = calendar.DateOf(d)
		} else {
			errs.Add("to", i18n.T(ctx, "field.invalid_date"))
		}
	}
	if g := q.Get("by"); g != "" {
		by = ""
		for _, s := range StatsGroupings {
			if g == s {
				by = g
			}
		}
		if by == "" {
			errs.Add("by", i18n.T(ctx, "field.invalid_choice"))
			by = "month"
		}
	}
	if !errs.Any() && to.Before(from) {
		errs.Add("to", i18n.T(ctx, "visitors.log.err_range"))
	}
	if !errs.Any() && to.Sub(from) > MaxStatsDays*24*time.Hour {
		errs.Add("from", i18n.T(ctx, "visitors.log.err_range_long"))
	}
	// A refused range shows the default figures under the fields as typed.
	if errs.Any() {
		to = today
		from = time.Date(today.Year(), today.Month()-11, 1, 0, 0, 0, 0, time.UTC)
	} else {
		v.FromText, v.ToText = from.Format("2006-01-02"), to.Format("2006-01-02")
	}
	return from, to, by, v, errs
}

func (h *Handler) statsPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	from, to, by, v, errs := statsRange(r, calendar.DateOf(time.Now()))
	st, err := h.store.StatsOf(ctx, dayStart(from), dayStart(to.AddDate(0, 0, 1)), by)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	v.Stats, v.Errors = st, errs
	v.CanLog = auth.UserFrom(ctx).Can(auth.VisitorsBook)
	status := http.StatusOK
	if errs.Any() {
		status = http.StatusUnprocessableEntity
	}
	web.Render(w, r, status, statsPage(v))
}

// periodLabel names a row of the period table.
func periodLabel(ctx context.Context, by string, t time.Time) string {
	switch by {
	case "month":
		return i18n.T(ctx, fmt.Sprintf("visitors.log.month_%d", int(t.Month()))) + " " + fmt.Sprint(t.Year())
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
