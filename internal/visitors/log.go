package visitors

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/calendar"
	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/web"
)

// The visitor log (clause 4.15): the quick entry at the front desk, today's
// visitors, and the time each left.

// logForm is the quick entry as typed.
type logForm struct {
	Person, Official, Unit, Purpose, Came string
}

type logView struct {
	Day         time.Time
	Entries     []LogEntry
	Officials   []Official
	Suggestions Suggestions
	Form        logForm
	Errors      form.Errors
	CanStats    bool
	CanManage   bool
}

func (h *Handler) logPage(w http.ResponseWriter, r *http.Request) {
	h.renderLog(w, r, http.StatusOK, logView{})
}

func (h *Handler) renderLog(w http.ResponseWriter, r *http.Request, status int, v logView) {
	ctx := r.Context()
	u := auth.UserFrom(ctx)
	v.Day = calendar.DateOf(h.now())
	v.CanStats, v.CanManage = u.Can(auth.VisitorsStats), u.Can(auth.VisitorsManage)
	var err error
	if v.Officials, err = h.store.Officials(ctx); err != nil {
		web.Error(w, r, err)
		return
	}
	if v.Suggestions, err = h.store.LogSuggestions(ctx); err != nil {
		web.Error(w, r, err)
		return
	}
	if v.Entries, err = h.store.LogDay(ctx, h.now()); err != nil {
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

// orNotGiven is the person's name, or the words for none.
func orNotGiven(ctx context.Context, name string) string {
	if name == "" {
		return i18n.T(ctx, "visitors.log.not_given")
	}
	return name
}
