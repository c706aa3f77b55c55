package twincities

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/daugavpils/prdesk/internal/calendar"
	"github.com/daugavpils/prdesk/internal/errs"
	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/web"
)

// logForm is a line of the cooperation log as typed.
type logForm struct {
	Kind, HappenedOn, Field, Participants, Result, LinkURL, DayID string
	Version                                                       int
	Idem                                                          string
}

type logView struct {
	A      Agreement
	ID     int64 // 0 for a new line
	Form   logForm
	Days   []Day
	Errors form.Errors
}

func (v logView) action() string {
	if v.ID == 0 {
		return agreementURL(v.A.ID) + "/log"
	}
	return "/twincities/log/" + idStr(v.ID) + "/edit"
}

func (h *Handler) renderLog(w http.ResponseWriter, r *http.Request, status int, v logView) {
	var err error
	if v.Days, err = h.store.Days(r.Context(), v.A.ID); err != nil {
		web.Error(w, r, err)
		return
	}
	web.Render(w, r, status, logPage(v))
}

// newLogPage starts a line; ?kind=greeting&date=…&day=… start it from
// the greetings plan.
func (h *Handler) newLogPage(w http.ResponseWriter, r *http.Request) {
	a, err := h.pathAgreement(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	q := form.URLValues(r)
	in := logForm{Kind: string(Event), HappenedOn: calendar.DateOf(h.now()).Format("02.01.2006."), Idem: newKey()}
	if len(a.Fields) > 0 {
		in.Field = string(a.Fields[0])
	}
	if k := Kind(q.Get("kind")); k == Greeting {
		in.Kind = string(k)
	}
	if d, ok := i18n.ParseDate(q.Get("date")); ok {
		in.HappenedOn = d.Format("02.01.2006.")
	}
	if n, err := strconv.ParseInt(q.Get("day"), 10, 64); err == nil && n > 0 {
		in.DayID = strconv.FormatInt(n, 10)
	}
	h.renderLog(w, r, http.StatusOK, logView{A: a, Form: in})
}

// readLog checks a line's form.
func readLog(f *form.Values) (logForm, LogEntry) {
	in := logForm{
		Kind:         string(form.Enum(f, "kind", true, Kinds)),
		HappenedOn:   trimmed(f.Raw("happened_on")),
		Field:        string(form.Enum(f, "field", true, Fields)),
		Participants: f.Text("participants", false, 1000),
		Result:       f.Text("result", true, 2000),
		LinkURL:      f.Text("link_url", false, 500),
		DayID:        trimmed(f.Raw("day_id")),
		Version:      f.Version(),
		Idem:         trimmed(f.Raw("idem")),
	}
	e := LogEntry{Kind: Kind(in.Kind), HappenedOn: f.Date("happened_on", true), Field: Field(in.Field),
		Participants: in.Participants, Result: in.Result, LinkURL: in.LinkURL, Version: in.Version}
	if n := f.ID("day_id", false); n != 0 {
		e.DayID = &n
	}
	if f.Errors.Get("link_url") == "" && !ValidLink(in.LinkURL) {
		f.Add("link_url", "twincities.log.err_link")
	}
	if e.DayID != nil && e.Kind != Greeting && f.Errors.Get("day_id") == "" {
		f.Add("day_id", "twincities.log.err_day_greeting")
	}
	return in, e
}

func (h *Handler) addLog(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	a, err := h.pathAgreement(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f.Messages("twincities.log")
	in, e := readLog(f)
	if !idemPattern.MatchString(in.Idem) {
		web.Error(w, r, errs.Invalid)
		return
	}
	e.AgreementID = a.ID
	done := func() {
		web.RedirectWithFlash(w, r, h.sessions, agreementURL(a.ID)+"#log", i18n.T(ctx, "twincities.log.saved"))
	}
	if _, err := h.store.LogByKey(ctx, in.Idem); err == nil {
		done()
		return
	} else if !errors.Is(err, errs.NotFound) {
		web.Error(w, r, err)
		return
	}
	status := http.StatusUnprocessableEntity
	if !f.Errors.Any() {
		_, err := h.store.AddLog(ctx, e, in.Idem)
		if err == nil || errors.Is(err, ErrDuplicateKey) {
			done()
			return
		}
		var ok bool
		if status, ok = f.Refused(err); !ok {
			web.Error(w, r, err)
			return
		}
	}
	h.renderLog(w, r, status, logView{A: a, Form: in, Errors: f.Errors})
}

func (h *Handler) pathLog(r *http.Request) (LogEntry, Agreement, error) {
	id, err := web.PathID(r, "id")
	if err != nil {
		return LogEntry{}, Agreement{}, err
	}
	e, err := h.store.LogEntry(r.Context(), id)
	if err != nil {
		return e, Agreement{}, err
	}
	a, err := h.store.Agreement(r.Context(), e.AgreementID)
	return e, a, err
}

func (h *Handler) editLogPage(w http.ResponseWriter, r *http.Request) {
	e, a, err := h.pathLog(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	in := logForm{Kind: string(e.Kind), HappenedOn: e.HappenedOn.Format("02.01.2006."), Field: string(e.Field),
		Participants: e.Participants, Result: e.Result, LinkURL: e.LinkURL, DayID: idValue(e.DayID), Version: e.Version}
	h.renderLog(w, r, http.StatusOK, logView{A: a, ID: e.ID, Form: in})
}

func (h *Handler) updateLog(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	old, a, err := h.pathLog(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f.Messages("twincities.log")
	in, e := readLog(f)
	e.ID, e.AgreementID = old.ID, a.ID
	status := http.StatusUnprocessableEntity
	if !f.Errors.Any() {
		err := h.store.UpdateLog(ctx, e)
		if err == nil {
			web.RedirectWithFlash(w, r, h.sessions, agreementURL(a.ID)+"#log", i18n.T(ctx, "twincities.log.saved"))
			return
		}
		var ok bool
		if status, ok = f.Refused(err); !ok {
			web.Error(w, r, err)
			return
		}
	}
	h.renderLog(w, r, status, logView{A: a, ID: old.ID, Form: in, Errors: f.Errors})
}

func (h *Handler) deleteLog(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := web.PathID(r, "id")
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	agreementID, err := h.store.DeleteLog(ctx, id, f.Version())
	if err != nil {
		web.Error(w, r, err)
		return
	}
	web.RedirectWithFlash(w, r, h.sessions, agreementURL(agreementID)+"#log", i18n.T(ctx, "twincities.log.deleted"))
}
