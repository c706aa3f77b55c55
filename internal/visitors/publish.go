package visitors

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/daugavpils/prdesk/internal/errs"
	"github.com/daugavpils/prdesk/internal/export"
	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/web"
)

// The published month of reception hours (a page to print and a CSV for
// the municipality's site) and the deputies' frequency of reception.

// monthOf reads ?month=YYYY-MM; without one it is the coming month, the
// one the municipality publishes next.
func monthOf(r *http.Request, now time.Time) (time.Time, string, bool) {
	s := form.URLValues(r).Get("month")
	if s == "" {
		t := now.In(i18n.Riga)
		m := time.Date(t.Year(), t.Month()+1, 1, 0, 0, 0, 0, time.UTC)
		return m, m.Format("2006-01"), true
	}
	m, err := time.Parse("2006-01", s)
	if err != nil || m.Year() < 2000 || m.Year() > 2100 {
		return time.Time{}, s, false
	}
	return m, s, true
}

type printView struct {
	Month     time.Time
	MonthText string
	Officials []OfficialHours
	Errors    form.Errors
}

func (h *Handler) printHours(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	month, text, ok := monthOf(r, h.now())
	v := printView{Month: month, MonthText: text}
	if !ok {
		v.Errors.Add("month", i18n.T(ctx, "visitors.hours.err_month"))
		web.Render(w, r, http.StatusUnprocessableEntity, printPage(v))
		return
	}
	var err error
	if v.Officials, err = h.store.MonthHours(ctx, month); err != nil {
		web.Error(w, r, err)
		return
	}
	web.Render(w, r, http.StatusOK, printPage(v))
}

// monthName is "2026. gada decembris" in Latvian.
func monthName(ctx context.Context, m time.Time) string { return i18n.Month(ctx, m) }

func (h *Handler) hoursCSV(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	month, _, ok := monthOf(r, h.now())
	if !ok {
		web.Error(w, r, fmt.Errorf("visitors: month %q: %w", form.URLValues(r).Get("month"), errs.Invalid))
		return
	}
	hours, err := h.store.MonthHours(ctx, month)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	export.Attach(w, export.CSVType, "pienemsanas-laiki-"+month.Format("2006-01")+".csv")
	out, err := export.NewCSV(w)
	if err == nil {
		err = out.Row(i18n.T(ctx, "visitors.hours.col_official"), i18n.T(ctx, "visitors.hours.col_position"),
			i18n.T(ctx, "visitors.hours.col_date"), i18n.T(ctx, "visitors.hours.col_weekday"),
			i18n.T(ctx, "visitors.hours.col_from"), i18n.T(ctx, "visitors.hours.col_to"), i18n.T(ctx, "visitors.hours.col_room"))
	}
	for _, oh := range hours {
		for _, s := range oh.Sessions {
			if err == nil {
				err = out.Row(oh.Official.Name, oh.Official.Position, export.Date(s.Start), i18n.Weekday(ctx, s.Start),
					hhmm(s.Start), hhmm(s.End), s.Room)
			}
		}
	}
	if err == nil {
		err = out.Flush()
	}
	if err != nil {
		slog.DebugContext(ctx, "reception hours csv", "err", err) // a client gone mid-download
	}
}

func (h *Handler) frequencyPage(w http.ResponseWriter, r *http.Request) {
	list, err := h.store.Frequencies(r.Context())
	if err != nil {
		web.Error(w, r, err)
		return
	}
	web.Render(w, r, http.StatusOK, frequencyPage(list))
}
