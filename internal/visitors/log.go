package visitors

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/calendar"
	"github.com/daugavpils/prdesk/internal/export"
	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/web"
)

// The visitor log (clause 4.15): the quick entry at the front desk, any
// day's visitors with a search, the time each left, and an export of a
// period. A visit is one row: the queue's visitors come into the log when
// their reception ends (RecordOutcome), and only those who came without
// the queue are typed here.

// logForm is the quick entry as typed.
type logForm struct {
	Person, Official, Unit, Purpose, Came string
}

// logFilter is the day shown and the search, as typed.
type logFilter struct {
	Day     time.Time
	DayText string
	Q       string
	After   *LogCursor
}

// query is the log's address for day with the filter's search.
func (f logFilter) query(day time.Time) string {
	q := url.Values{"day": {day.Format(time.DateOnly)}}
	if f.Q != "" {
		q.Set("q", f.Q)
	}
	return "/visitors/log?" + q.Encode()
}

type logView struct {
	Filter       logFilter
	Today        time.Time
	Page         LogPage
	Officials    []Official
	Suggestions  Suggestions
	Form         logForm
	Errors       form.Errors // the quick entry's, the filter's and the export's
	ExportFrom   string
	ExportTo     string
	CanStats     bool
	CanManage    bool
	FilterErrors bool
}

// IsToday tells whether the page shows today, where the quick entry is.
func (v logView) IsToday() bool { return v.Filter.Day.Equal(v.Today) }

// NextURL is the address of the page after this one, or "".
func (v logView) NextURL() string {
	if v.Page.Next == nil {
		return ""
	}
	return v.Filter.query(v.Filter.Day) + "&after=" + strconv.FormatInt(v.Page.Next.CameAt.UnixNano(), 10) + "-" +
		strconv.FormatInt(v.Page.Next.ID, 10)
}

// FirstURL is the address of the first page, when this is a later one.
func (v logView) FirstURL() string {
	if v.Filter.After == nil {
		return ""
	}
	return v.Filter.query(v.Filter.Day)
}

// readLogFilter reads ?day=, ?q= and ?after=; a wrong day is refused
// beside its field and today shown.
func readLogFilter(r *http.Request, today time.Time) (logFilter, *form.Values) {
	q := form.FromURL(r).Messages("visitors.log.filter")
	f := logFilter{Day: today, DayText: strings.TrimSpace(q.Raw("day"))}
	if d := q.Date("day", false); !d.IsZero() {
		f.Day = d
	}
	f.Q = q.Text("q", false, MaxSearch)
	if !q.Errors.Any() {
		f.DayText = f.Day.Format(time.DateOnly)
	}
	if a := q.Raw("after"); a != "" {
		at, id, ok := strings.Cut(a, "-")
		n, err1 := strconv.ParseInt(at, 10, 64)
		i, err2 := strconv.ParseInt(id, 10, 64)
		if ok && err1 == nil && err2 == nil {
			f.After = &LogCursor{CameAt: time.Unix(0, n), ID: i}
		}
	}
	return f, q
}

func (h *Handler) logPage(w http.ResponseWriter, r *http.Request) {
	today := calendar.DateOf(h.now())
	f, q := readLogFilter(r, today)
	status := http.StatusOK
	if q.Errors.Any() {
		status = http.StatusUnprocessableEntity
	}
	h.renderLog(w, r, status, logView{Filter: f, Errors: q.Errors, FilterErrors: q.Errors.Any()})
}

func (h *Handler) renderLog(w http.ResponseWriter, r *http.Request, status int, v logView) {
	ctx := r.Context()
	u := auth.UserFrom(ctx)
	v.Today = calendar.DateOf(h.now())
	if v.Filter.Day.IsZero() {
		v.Filter.Day = v.Today
		v.Filter.DayText = v.Today.Format(time.DateOnly)
	}
	if v.ExportFrom == "" && v.ExportTo == "" {
		v.ExportFrom, v.ExportTo = v.Filter.Day.Format(time.DateOnly), v.Filter.Day.Format(time.DateOnly)
	}
	v.CanStats, v.CanManage = u.Can(auth.VisitorsStats), u.Can(auth.VisitorsManage)
	var err error
	if v.Officials, err = h.store.Officials(ctx); err != nil {
		web.Error(w, r, err)
		return
	}
	if v.IsToday() {
		if v.Suggestions, err = h.store.LogSuggestions(ctx); err != nil {
			web.Error(w, r, err)
			return
		}
	}
	if v.Page, err = h.store.LogDay(ctx, v.Filter.Day, v.Filter.Q, v.Filter.After); err != nil {
		web.Error(w, r, err)
		return
	}
	web.Render(w, r, status, logPage(v))
}

// logClock reads "9:05" or "09:05" as that time today in Riga.
func logClock(s string, today time.Time) (time.Time, bool) {
	t, err := time.Parse("15:04", s)
	if err != nil {
		return time.Time{}, false
	}
	return time.Date(today.Year(), today.Month(), today.Day(), t.Hour(), t.Minute(), 0, 0, i18n.Riga), true
}

func (h *Handler) logVisit(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f.Messages("visitors.log.form")
	in := logForm{
		Person:   f.Text("person", false, 200),
		Official: f.Raw("official"),
		Unit:     f.Text("unit", false, 200),
		Purpose:  f.Text("purpose", true, 500),
		Came:     f.Text("came", false, 5),
	}
	e := NewLogEntry{PersonName: in.Person, Unit: in.Unit, Purpose: in.Purpose}
	if in.Official != "" {
		id, err := strconv.ParseInt(in.Official, 10, 64)
		if err != nil || id <= 0 {
			f.Add("official", "visitors.err_unknown_official")
		}
		e.OfficialID = id
	}
	if in.Official != "" && in.Unit != "" {
		f.Add("unit", "visitors.log.err_both")
	}
	if in.Official == "" && in.Unit == "" {
		f.Add("official", "visitors.log.err_whom")
	}
	if in.Came != "" && f.Errors.Get("came") == "" {
		if t, ok := logClock(in.Came, calendar.DateOf(h.now())); ok {
			e.CameAt = t
		} else {
			f.Add("came", "visitors.log.err_time")
		}
	}
	status := http.StatusUnprocessableEntity
	if !f.Errors.Any() {
		_, err := h.store.LogVisit(ctx, e)
		if err == nil {
			web.RedirectWithFlash(w, r, h.sessions, "/visitors/log", i18n.T(ctx, "visitors.log.logged"))
			return
		}
		var ok bool
		if status, ok = f.Refused(err); !ok {
			web.Error(w, r, err)
			return
		}
	}
	h.renderLog(w, r, status, logView{Form: in, Errors: f.Errors})
}

func (h *Handler) logOut(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := web.PathID(r, "id")
	if err != nil {
		web.Error(w, r, err)
		return
	}
	switch err := h.store.LogOut(ctx, id); {
	case err == nil:
		web.RedirectWithFlash(w, r, h.sessions, "/visitors/log", i18n.T(ctx, "visitors.log.left_saved"))
	case errors.Is(err, ErrAlreadyOut):
		// A second press (or a second clerk) changes nothing; say so.
		web.RedirectWithFlash(w, r, h.sessions, "/visitors/log", i18n.T(ctx, "visitors.log.already_left"))
	default:
		web.Error(w, r, err)
	}
}

// logExport sends the visitors of a period that match the search as CSV
// (export.CSV), and the audit log records who took how many: the rows
// name people. A wrong period is refused beside its fields on the log page.
func (h *Handler) logExport(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	today := calendar.DateOf(h.now())
	q := form.FromURL(r).Messages("visitors.log.export")
	from := q.Date("from", true)
	to := q.Date("to", true)
	search := q.Text("q", false, MaxSearch)
	switch {
	case q.Errors.Any():
	case to.Before(from):
		q.Add("to", "visitors.log.err_range")
	case to.Sub(from) >= MaxLogExportDays*24*time.Hour:
		q.Add("from", "visitors.log.err_export_long", MaxLogExportDays)
	}
	if q.Errors.Any() {
		v := logView{Errors: q.Errors, ExportFrom: q.Raw("from"), ExportTo: q.Raw("to")}
		v.Filter = logFilter{Day: today, DayText: today.Format(time.DateOnly), Q: search}
		h.renderLog(w, r, http.StatusUnprocessableEntity, v)
		return
	}
	var out *export.CSV
	// The file begins only once the rows come, so a failing query still
	// gets an error page.
	begin := func() error {
		if out != nil {
			return nil
		}
		export.Attach(w, export.CSVType, "apmekletaju-zurnals-"+from.Format(time.DateOnly)+"-"+to.Format(time.DateOnly)+".csv")
		var err error
		if out, err = export.NewCSV(w); err != nil {
			return err
		}
		return out.Row(i18n.T(ctx, "visitors.log.came"), i18n.T(ctx, "visitors.log.left"), i18n.T(ctx, "visitors.log.person"),
			i18n.T(ctx, "visitors.official"), i18n.T(ctx, "visitors.log.unit_column"), i18n.T(ctx, "visitors.log.purpose"),
			i18n.T(ctx, "visitors.queue.ticket"))
	}
	_, err := h.store.LogExport(ctx, from, to, search, func(e LogEntry) error {
		if err := begin(); err != nil {
			return err
		}
		left := ""
		if e.LeftAt != nil {
			left = export.DateTime(*e.LeftAt)
		}
		return out.Row(export.DateTime(e.CameAt), left, e.PersonName, e.OfficialName, e.Unit, e.Purpose, e.Ticket)
	})
	if err == nil {
		if err = begin(); err == nil {
			err = out.Flush()
		}
	}
	if err != nil {
		if out == nil {
			web.Error(w, r, err)
			return
		}
		slog.DebugContext(ctx, "visitor log csv", "err", err) // a client gone mid-download
	}
}

// orNotGiven is the person's name, or the words for none.
func orNotGiven(ctx context.Context, name string) string {
	if name == "" {
		return i18n.T(ctx, "visitors.log.not_given")
	}
	return name
}

// logEmpty says why the day's list is empty, and what to do.
func logEmpty(ctx context.Context, v logView) string {
	switch {
	case v.Filter.Q != "":
		return i18n.T(ctx, "visitors.log.none_found", v.Filter.Q)
	case v.IsToday():
		return i18n.T(ctx, "visitors.log.empty")
	}
	return i18n.T(ctx, "visitors.log.empty_day")
}
