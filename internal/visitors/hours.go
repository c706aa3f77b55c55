package visitors

import (
	"context"
	"errors"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/calendar"
	"github.com/daugavpils/prdesk/internal/errs"
	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/web"
	"github.com/daugavpils/prdesk/templates/components"
)

// routesHours registers the pages that keep the officials and their
// reception hours (staff and head), the published month, the frequency
// view, the calendar feeds and the waiting list.
func (h *Handler) routesHours(m *auth.Mux) {
	m.Get("/visitors/officials", auth.VisitorsManage, h.officialsPage)
	m.Get("/visitors/officials/new", auth.VisitorsManage, h.newOfficialPage)
	m.Post("/visitors/officials", auth.VisitorsManage, h.createOfficial)
	m.Get("/visitors/officials/{id}", auth.VisitorsManage, h.officialPage)
	m.Get("/visitors/officials/{id}/edit", auth.VisitorsManage, h.editOfficialPage)
	m.Post("/visitors/officials/{id}/edit", auth.VisitorsManage, h.updateOfficial)
	m.Get("/visitors/officials/{id}/rules/new", auth.VisitorsManage, h.newRulePage)
	m.Post("/visitors/officials/{id}/rules", auth.VisitorsManage, h.createRule)
	m.Get("/visitors/rules/{id}/edit", auth.VisitorsManage, h.editRulePage)
	m.Post("/visitors/rules/{id}/edit", auth.VisitorsManage, h.updateRule)
	m.Post("/visitors/rules/{id}/end", auth.VisitorsManage, h.endRule)
	m.Get("/visitors/officials/{id}/extras/new", auth.VisitorsManage, h.newExtraPage)
	m.Post("/visitors/officials/{id}/extras", auth.VisitorsManage, h.createExtra)
	m.Post("/visitors/officials/{id}/extras/{eid}/delete", auth.VisitorsManage, h.deleteExtra)
	m.Get("/visitors/officials/{id}/cancellations/new", auth.VisitorsManage, h.newCancellationPage)
	m.Post("/visitors/officials/{id}/cancellations", auth.VisitorsManage, h.createCancellation)
	m.Post("/visitors/officials/{id}/cancellations/{cid}/delete", auth.VisitorsManage, h.deleteCancellation)
	m.Post("/visitors/officials/{id}/ical", auth.VisitorsManage, h.regenerateFeed)
	h.routesPublish(m)
	h.routesFeed(m)
	h.routesWaitlist(m)
}

func hoursPathID(r *http.Request, name string) (int64, bool) {
	id, err := strconv.ParseInt(chi.URLParam(r, name), 10, 64)
	return id, err == nil && id > 0
}

func officialURL(id int64) string { return "/visitors/officials/" + strconv.FormatInt(id, 10) }

// officialOr404 reads the official of the path's {id}, answering 404 itself.
func (h *Handler) officialOr404(w http.ResponseWriter, r *http.Request) (Official, bool) {
	id, ok := hoursPathID(r, "id")
	if !ok {
		web.Error(w, r, errs.NotFound)
		return Official{}, false
	}
	o, err := h.store.AnyOfficial(r.Context(), id)
	if err != nil {
		web.Error(w, r, err)
		return o, false
	}
	return o, true
}

// Kinds lists the offices in the order forms show them.
var Kinds = []Kind{Chair, DeputyChair, ExecutiveDirector, Deputy}

// --- officials ---

type officialsView struct {
	Officials []Official
}

func (h *Handler) officialsPage(w http.ResponseWriter, r *http.Request) {
	os, err := h.store.AllOfficials(r.Context())
	if err != nil {
		web.Error(w, r, err)
		return
	}
	web.Render(w, r, http.StatusOK, officialsPage(officialsView{Officials: os}))
}

type officialForm struct {
	Name, Position, Kind, UserID, TargetWeeks string
	Active                                    bool
	Version                                   int
}

type officialFormView struct {
	ID       int64 // 0 for a new official
	Form     officialForm
	Accounts []Account
	Errors   form.Errors
}

func (h *Handler) renderOfficialForm(w http.ResponseWriter, r *http.Request, status int, v officialFormView) {
	var err error
	if v.Accounts, err = h.store.Accounts(r.Context()); err != nil {
		web.Error(w, r, err)
		return
	}
	web.Render(w, r, status, officialFormPage(v))
}

func (h *Handler) newOfficialPage(w http.ResponseWriter, r *http.Request) {
	h.renderOfficialForm(w, r, http.StatusOK, officialFormView{Form: officialForm{Kind: string(Deputy), Active: true, TargetWeeks: "8"}})
}

func (h *Handler) editOfficialPage(w http.ResponseWriter, r *http.Request) {
	o, ok := h.officialOr404(w, r)
	if !ok {
		return
	}
	f := officialForm{Name: o.Name, Position: o.Position, Kind: string(o.Kind), Active: o.Active, Version: o.Version}
	if o.UserID != nil {
		f.UserID = strconv.FormatInt(*o.UserID, 10)
	}
	if o.TargetWeeks != nil {
		f.TargetWeeks = strconv.Itoa(*o.TargetWeeks)
	}
	h.renderOfficialForm(w, r, http.StatusOK, officialFormView{ID: o.ID, Form: f})
}

// readOfficial checks the official's form; the database's checks are
// repeated here so that each refusal has its message beside the field.
func readOfficial(f *form.Values) (officialForm, Official) {
	in := officialForm{
		Name:     f.Text("name", true, 200),
		Position: f.Text("position", false, 200),
		Kind:     string(form.Enum(f, "kind", true, Kinds)),
		UserID:   f.Text("user_id", false, 20),
		Active:   f.Bool("active"),
		Version:  f.Version(),
	}
	in.TargetWeeks = f.Text("target_weeks", false, 3)
	o := Official{Name: in.Name, Position: in.Position, Kind: Kind(in.Kind), Active: in.Active, Version: in.Version}
	if in.UserID != "" {
		id, err := strconv.ParseInt(in.UserID, 10, 64)
		if err != nil || id <= 0 {
			f.Add("user_id", "field.invalid_choice")
		} else {
			o.UserID = &id
		}
	}
	if in.TargetWeeks != "" && f.Errors.Get("target_weeks") == "" {
		n, err := strconv.Atoi(in.TargetWeeks)
		switch {
		case err != nil || n < 1 || n > 52:
			f.Add("target_weeks", "visitors.hours.err_target_range")
		case o.Kind != Deputy:
			f.Add("target_weeks", "visitors.hours.err_target_deputy_only")
		default:
			o.TargetWeeks = &n
		}
	}
	return in, o
}

func (h *Handler) createOfficial(w http.ResponseWriter, r *http.Request) {
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	in, o := readOfficial(f)
	if !f.Errors.Any() {
		id, err := h.store.CreateOfficial(r.Context(), o)
		switch {
		case err == nil:
			web.RedirectWithFlash(w, r, h.sessions, officialURL(id), i18n.T(r.Context(), "visitors.hours.official_saved", o.Name))
			return
		case errors.Is(err, ErrAccountTaken), isForeignKey(err):
			f.Add("user_id", "visitors.hours.err_account_taken")
		default:
			web.Error(w, r, err)
			return
		}
	}
	h.renderOfficialForm(w, r, http.StatusUnprocessableEntity, officialFormView{Form: in, Errors: f.Errors})
}

func (h *Handler) updateOfficial(w http.ResponseWriter, r *http.Request) {
	old, ok := h.officialOr404(w, r)
	if !ok {
		return
	}
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	in, o := readOfficial(f)
	o.ID = old.ID
	status := http.StatusUnprocessableEntity
	if !f.Errors.Any() {
		err := h.store.UpdateOfficial(r.Context(), o)
		switch {
		case err == nil:
			web.RedirectWithFlash(w, r, h.sessions, officialURL(o.ID), i18n.T(r.Context(), "visitors.hours.official_saved", o.Name))
			return
		case errors.Is(err, ErrAccountTaken), isForeignKey(err):
			f.Add("user_id", "visitors.hours.err_account_taken")
		case errors.Is(err, ErrStale):
			f.Add("name", "errors.conflict")
			status = http.StatusConflict
		default:
			web.Error(w, r, err)
			return
		}
	}
	h.renderOfficialForm(w, r, status, officialFormView{ID: o.ID, Form: in, Errors: f.Errors})
}

func isForeignKey(err error) bool {
	var pgErr interface{ SQLState() string }
	return errors.As(err, &pgErr) && pgErr.SQLState() == "23503"
}

// --- one official's reception hours ---

type officialView struct {
	Official      Official
	Rules         []RuleRecord
	Extras        []ExtraRecord
	Cancellations []CancellationRecord
	Sessions      []Session // the next few, as the clerk will see them
	FeedURL       string    // set only right after the feed's address was made
	HasFeed       bool
	Waiting       int
}

// UpcomingShown is how many coming sessions an official's page lists.
const UpcomingShown = 8

func (h *Handler) officialPage(w http.ResponseWriter, r *http.Request) {
	o, ok := h.officialOr404(w, r)
	if !ok {
		return
	}
	h.renderOfficial(w, r, o, "")
}

func (h *Handler) renderOfficial(w http.ResponseWriter, r *http.Request, o Official, feedURL string) {
	ctx := r.Context()
	today := calendar.DateOf(time.Now())
	v := officialView{Official: o, FeedURL: feedURL}
	var err error
	if v.Rules, err = h.store.Rules(ctx, o.ID); err != nil {
		web.Error(w, r, err)
		return
	}
	if v.Extras, err = h.store.Extras(ctx, o.ID, today); err != nil {
		web.Error(w, r, err)
		return
	}
	if v.Cancellations, err = h.store.Cancellations(ctx, o.ID, today); err != nil {
		web.Error(w, r, err)
		return
	}
	if v.HasFeed, err = h.store.HasFeed(ctx, o.ID); err != nil {
		web.Error(w, r, err)
		return
	}
	if v.Waiting, err = h.store.WaitingCount(ctx, o.ID); err != nil {
		web.Error(w, r, err)
		return
	}
	if o.Active {
		cal, err := h.store.Calendar(ctx)
		if err != nil {
			web.Error(w, r, err)
			return
		}
		sch, err := h.store.Schedule(ctx, o.ID, today)
		if err != nil {
			web.Error(w, r, err)
			return
		}
		for _, s := range sch.Sessions(cal, today, today.AddDate(0, 3, 0)) {
			if len(v.Sessions) == UpcomingShown {
				break
			}
			v.Sessions = append(v.Sessions, s)
		}
	}
	web.Render(w, r, http.StatusOK, officialPage(v))
}

// --- rules ---

var clockPattern = regexp.MustCompile(`^([01]?[0-9]|2[0-3])[:.]([0-5][0-9])$`)

// parseClock reads 9:30, 09:30 or 9.30.
func parseClock(s string) (Clock, bool) {
	m := clockPattern.FindStringSubmatch(s)
	if m == nil {
		return 0, false
	}
	hh, _ := strconv.Atoi(m[1])
	mm, _ := strconv.Atoi(m[2])
	return At(hh, mm), true
}

// window is the time, room and slot length a rule and a one-off session share.
type window struct {
	Start, End, Room, SlotMinutes string
}

func readWindow(f *form.Values) (window, Clock, Clock, int) {
	in := window{
		Start:       f.Text("start", true, 5),
		End:         f.Text("end", true, 5),
		Room:        f.Text("room", true, 200),
		SlotMinutes: f.Text("slot_minutes", true, 3),
	}
	start, okS := parseClock(in.Start)
	if in.Start != "" && !okS && f.Errors.Get("start") == "" {
		f.Add("start", "visitors.hours.err_clock")
	}
	end, okE := parseClock(in.End)
	if in.End != "" && !okE && f.Errors.Get("end") == "" {
		f.Add("end", "visitors.hours.err_clock")
	}
	if okS && okE && end <= start {
		f.Add("end", "visitors.hours.err_end_before_start")
	}
	slot := 0
	if in.SlotMinutes != "" && f.Errors.Get("slot_minutes") == "" {
		n, err := strconv.Atoi(in.SlotMinutes)
		switch {
		case err != nil || n < 5 || n > 240:
			f.Add("slot_minutes", "visitors.hours.err_slot_range")
		case okS && okE && end > start && n > int(end-start):
			f.Add("slot_minutes", "visitors.hours.err_slot_longer")
		default:
			slot = n
		}
	}
	return in, start, end, slot
}

type ruleForm struct {
	window
	Kind, Weekday, EveryWeeks, Nth, ValidFrom, ValidTo string
	Version                                            int
}

type ruleFormView struct {
	Official Official
	RuleID   int64 // 0 for a new rule
	Form     ruleForm
	End      string // the end form's date
	Errors   form.Errors
}

// weekdayOrder is Monday first, as Latvian calendars are.
var weekdayOrder = []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday, time.Sunday}

func readRule(f *form.Values, officialID int64) (ruleForm, Rule) {
	w, start, end, slot := readWindow(f)
	in := ruleForm{window: w,
		Kind:       string(form.Enum(f, "kind", true, []RuleKind{Weekly, Monthly})),
		Weekday:    form.Enum(f, "weekday", true, []string{"0", "1", "2", "3", "4", "5", "6"}),
		EveryWeeks: f.Text("every_weeks", false, 2),
		Nth:        f.Text("nth", false, 1),
		ValidFrom:  f.Text("valid_from", true, 10),
		ValidTo:    f.Text("valid_to", false, 10),
		Version:    f.Version(),
	}
	wd, _ := strconv.Atoi(in.Weekday)
	r := Rule{OfficialID: officialID, Kind: RuleKind(in.Kind), Weekday: time.Weekday(wd), Start: start, End: end,
		Room: w.Room, SlotMinutes: slot, EveryWeeks: 1}
	switch r.Kind {
	case Weekly:
		if in.EveryWeeks != "" {
			n, err := strconv.Atoi(in.EveryWeeks)
			if err != nil || n < 1 || n > 12 {
				f.Add("every_weeks", "visitors.hours.err_every_weeks")
			}
			r.EveryWeeks = n
		}
	case Monthly:
		n, err := strconv.Atoi(in.Nth)
		if err != nil || n < 1 || n > 5 {
			f.Add("nth", "visitors.hours.err_nth")
		}
		r.Nth = n
	}
	if in.ValidFrom != "" {
		if d, ok := i18n.ParseDate(in.ValidFrom); ok {
			r.ValidFrom = calendar.DateOf(d)
		} else {
			f.Add("valid_from", "field.invalid_date")
		}
	}
	if in.ValidTo != "" {
		if d, ok := i18n.ParseDate(in.ValidTo); !ok {
			f.Add("valid_to", "field.invalid_date")
		} else {
			to := calendar.DateOf(d)
			r.ValidTo = &to
			if !r.ValidFrom.IsZero() && to.Before(r.ValidFrom) {
				f.Add("valid_to", "visitors.hours.err_to_before_from")
			}
		}
	}
	return in, r
}

func ruleFormOf(r RuleRecord) ruleForm {
	f := ruleForm{
		window: window{Start: clockSQL(r.Start), End: clockSQL(r.End), Room: r.Room, SlotMinutes: strconv.Itoa(r.SlotMinutes)},
		Kind:   string(r.Kind), Weekday: strconv.Itoa(int(r.Weekday)), EveryWeeks: strconv.Itoa(r.EveryWeeks),
		ValidFrom: r.ValidFrom.Format("2006-01-02"), Version: r.Version,
	}
	if r.Kind == Monthly {
		f.Nth = strconv.Itoa(r.Nth)
	}
	if r.ValidTo != nil {
		f.ValidTo = r.ValidTo.Format("2006-01-02")
	}
	return f
}

func (h *Handler) newRulePage(w http.ResponseWriter, r *http.Request) {
	o, ok := h.officialOr404(w, r)
	if !ok {
		return
	}
	f := ruleForm{Kind: string(Weekly), Weekday: "1", EveryWeeks: "1"}
	f.SlotMinutes = "15"
	f.ValidFrom = calendar.DateOf(time.Now()).Format("2006-01-02")
	web.Render(w, r, http.StatusOK, ruleFormPage(ruleFormView{Official: o, Form: f}))
}

func (h *Handler) createRule(w http.ResponseWriter, r *http.Request) {
	o, ok := h.officialOr404(w, r)
	if !ok {
		return
	}
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	in, rule := readRule(f, o.ID)
	if !f.Errors.Any() {
		if _, err := h.store.CreateRule(r.Context(), rule); err != nil {
			web.Error(w, r, err)
			return
		}
		web.RedirectWithFlash(w, r, h.sessions, officialURL(o.ID), i18n.T(r.Context(), "visitors.hours.rule_saved"))
		return
	}
	web.Render(w, r, http.StatusUnprocessableEntity, ruleFormPage(ruleFormView{Official: o, Form: in, Errors: f.Errors}))
}

// ruleOr404 reads the rule of the path's {id} and its official.
func (h *Handler) ruleOr404(w http.ResponseWriter, r *http.Request) (RuleRecord, Official, bool) {
	id, ok := hoursPathID(r, "id")
	if !ok {
		web.Error(w, r, errs.NotFound)
		return RuleRecord{}, Official{}, false
	}
	rule, err := h.store.RuleByID(r.Context(), id)
	if err != nil {
		web.Error(w, r, err)
		return rule, Official{}, false
	}
	o, err := h.store.AnyOfficial(r.Context(), rule.OfficialID)
	if err != nil {
		web.Error(w, r, err)
		return rule, o, false
	}
	return rule, o, true
}

func (h *Handler) editRulePage(w http.ResponseWriter, r *http.Request) {
	rule, o, ok := h.ruleOr404(w, r)
	if !ok {
		return
	}
	web.Render(w, r, http.StatusOK, ruleFormPage(ruleFormView{Official: o, RuleID: rule.ID, Form: ruleFormOf(rule),
		End: calendar.DateOf(time.Now()).Format("2006-01-02")}))
}

func (h *Handler) updateRule(w http.ResponseWriter, r *http.Request) {
	old, o, ok := h.ruleOr404(w, r)
	if !ok {
		return
	}
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	in, rule := readRule(f, o.ID)
	rule.ID = old.ID
	status := http.StatusUnprocessableEntity
	if !f.Errors.Any() {
		err := h.store.UpdateRule(r.Context(), rule, in.Version)
		switch {
		case err == nil:
			web.RedirectWithFlash(w, r, h.sessions, officialURL(o.ID), i18n.T(r.Context(), "visitors.hours.rule_saved"))
			return
		case errors.Is(err, ErrStale):
			f.Add("kind", "errors.conflict")
			status = http.StatusConflict
		default:
			web.Error(w, r, err)
			return
		}
	}
	web.Render(w, r, status, ruleFormPage(ruleFormView{Official: o, RuleID: old.ID, Form: in, Errors: f.Errors,
		End: calendar.DateOf(time.Now()).Format("2006-01-02")}))
}

func (h *Handler) endRule(w http.ResponseWriter, r *http.Request) {
	rule, o, ok := h.ruleOr404(w, r)
	if !ok {
		return
	}
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	endText := f.Text("valid_to_end", true, 10)
	var last time.Time
	if endText != "" {
		if d, ok := i18n.ParseDate(endText); !ok {
			f.Add("valid_to_end", "field.invalid_date")
		} else if last = calendar.DateOf(d); last.Before(rule.ValidFrom) {
			f.Add("valid_to_end", "visitors.hours.err_to_before_from")
		}
	}
	status := http.StatusUnprocessableEntity
	if !f.Errors.Any() {
		err := h.store.EndRule(r.Context(), rule.ID, last, f.Version())
		switch {
		case err == nil:
			web.RedirectWithFlash(w, r, h.sessions, officialURL(o.ID), i18n.T(r.Context(), "visitors.hours.rule_ended", i18n.Date(last)))
			return
		case errors.Is(err, ErrStale):
			f.Add("valid_to_end", "errors.conflict")
			status = http.StatusConflict
		default:
			web.Error(w, r, err)
			return
		}
	}
	web.Render(w, r, status, ruleFormPage(ruleFormView{Official: o, RuleID: rule.ID, Form: ruleFormOf(rule), End: endText, Errors: f.Errors}))
}

// --- one-off sessions ---

type extraForm struct {
	window
	Day string
}

type extraFormView struct {
	Official Official
	Form     extraForm
	Errors   form.Errors
}

// readDay reads a date that must not have passed.
func readDay(f *form.Values, name string, today time.Time) (string, time.Time) {
	s := f.Text(name, true, 10)
	if s == "" {
		return s, time.Time{}
	}
	d, ok := i18n.ParseDate(s)
	if !ok {
		f.Add(name, "field.invalid_date")
		return s, time.Time{}
	}
	d = calendar.DateOf(d)
	if d.Before(today) {
		f.Add(name, "visitors.hours.err_day_past")
	}
	return s, d
}

func (h *Handler) newExtraPage(w http.ResponseWriter, r *http.Request) {
	o, ok := h.officialOr404(w, r)
	if !ok {
		return
	}
	web.Render(w, r, http.StatusOK, extraFormPage(extraFormView{Official: o, Form: extraForm{window: window{SlotMinutes: "15"}}}))
}

func (h *Handler) createExtra(w http.ResponseWriter, r *http.Request) {
	o, ok := h.officialOr404(w, r)
	if !ok {
		return
	}
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	var in extraForm
	var day time.Time
	in.Day, day = readDay(f, "day", calendar.DateOf(time.Now()))
	var start, end Clock
	var slot int
	in.window, start, end, slot = readWindow(f)
	if !f.Errors.Any() {
		e := Extra{OfficialID: o.ID, Day: day, Start: start, End: end, Room: in.Room, SlotMinutes: slot}
		if _, err := h.store.CreateExtra(r.Context(), e); err != nil {
			web.Error(w, r, err)
			return
		}
		web.RedirectWithFlash(w, r, h.sessions, officialURL(o.ID), i18n.T(r.Context(), "visitors.hours.extra_saved", i18n.Date(day)))
		return
	}
	web.Render(w, r, http.StatusUnprocessableEntity, extraFormPage(extraFormView{Official: o, Form: in, Errors: f.Errors}))
}

func (h *Handler) deleteExtra(w http.ResponseWriter, r *http.Request) {
	h.removeUnderOfficial(w, r, "eid", h.store.DeleteExtra, "visitors.hours.extra_deleted")
}

// removeUnderOfficial removes one row (a one-off session, a cancelled date)
// of the official of the path, with the posted version guarding against a
// stale form.
func (h *Handler) removeUnderOfficial(w http.ResponseWriter, r *http.Request, param string,
	remove func(ctx context.Context, officialID, id int64, version int) error, flashKey string) {
	o, ok := h.officialOr404(w, r)
	if !ok {
		return
	}
	id, ok := hoursPathID(r, param)
	f, err := form.Read(r)
	if !ok || err != nil {
		web.Error(w, r, errs.NotFound)
		return
	}
	err = remove(r.Context(), o.ID, id, f.Version())
	switch {
	case errors.Is(err, ErrStale):
		web.Error(w, r, errs.Conflict)
	case err != nil:
		web.Error(w, r, err)
	default:
		web.RedirectWithFlash(w, r, h.sessions, officialURL(o.ID), i18n.T(r.Context(), flashKey))
	}
}

// --- cancelled dates ---

type cancellationForm struct {
	Day, Reason string
}

type cancellationFormView struct {
	Official Official
	Form     cancellationForm
	Errors   form.Errors
}

func (h *Handler) newCancellationPage(w http.ResponseWriter, r *http.Request) {
	o, ok := h.officialOr404(w, r)
	if !ok {
		return
	}
	in := cancellationForm{Day: r.URL.Query().Get("day")}
	web.Render(w, r, http.StatusOK, cancellationFormPage(cancellationFormView{Official: o, Form: in}))
}

func (h *Handler) createCancellation(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	o, ok := h.officialOr404(w, r)
	if !ok {
		return
	}
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	var in cancellationForm
	var day time.Time
	in.Day, day = readDay(f, "day", calendar.DateOf(time.Now()))
	in.Reason = f.Text("reason", true, 500)
	if !f.Errors.Any() {
		cid, booked, err := h.store.CancelDay(ctx, Cancellation{OfficialID: o.ID, Day: day, Reason: in.Reason})
		switch {
		case err == nil:
			msg := i18n.T(ctx, "visitors.hours.cancelled", i18n.Date(day))
			if booked > 0 {
				// The cancelled day's call list cancels and notifies the
				// bookings still live, and lists whom to call.
				msg = i18n.T(ctx, "visitors.hours.cancelled_with_bookings", i18n.M{"date": i18n.Date(day), "n": booked})
				web.RedirectWithFlash(w, r, h.sessions, "/visitors/cancellations/"+hoursIDText(cid), msg)
				return
			}
			web.RedirectWithFlash(w, r, h.sessions, officialURL(o.ID), msg)
			return
		case errors.Is(err, ErrDayCancelled):
			f.Add("day", "visitors.hours.err_already_cancelled")
		default:
			web.Error(w, r, err)
			return
		}
	}
	web.Render(w, r, http.StatusUnprocessableEntity, cancellationFormPage(cancellationFormView{Official: o, Form: in, Errors: f.Errors}))
}

func (h *Handler) deleteCancellation(w http.ResponseWriter, r *http.Request) {
	h.removeUnderOfficial(w, r, "cid", h.store.Uncancel, "visitors.hours.uncancelled")
}

// ruleText describes a rule in a line: "pirmdiena, ik pēc 2 nedēļām, 10:00–12:00".
func ruleText(ctx context.Context, r Rule) string {
	args := i18n.M{"weekday": i18n.T(ctx, "weekday."+strings.ToLower(r.Weekday.String())), "n": r.EveryWeeks,
		"nth": r.Nth, "from": clockSQL(r.Start), "to": clockSQL(r.End)}
	switch {
	case r.Kind == Monthly:
		return i18n.T(ctx, "visitors.hours.rule_monthly", args)
	case r.EveryWeeks > 1:
		return i18n.T(ctx, "visitors.hours.rule_every", args)
	}
	return i18n.T(ctx, "visitors.hours.rule_weekly", args)
}

func kindOptions(ctx context.Context, selected string) []components.Option {
	out := make([]components.Option, 0, len(Kinds))
	for _, k := range Kinds {
		out = append(out, components.Option{Value: string(k), Label: i18n.T(ctx, "visitors.hours.kind_"+string(k)), Selected: string(k) == selected})
	}
	return out
}

func accountOptions(ctx context.Context, as []Account, selected string) []components.Option {
	out := []components.Option{{Value: "", Label: i18n.T(ctx, "visitors.hours.no_account")}}
	for _, a := range as {
		id := strconv.FormatInt(a.ID, 10)
		out = append(out, components.Option{Value: id, Label: a.FullName + " (" + a.Username + ")", Selected: id == selected})
	}
	return out
}

func weekdayOptions(ctx context.Context, selected string) []components.Option {
	out := make([]components.Option, 0, 7)
	for _, d := range weekdayOrder {
		v := strconv.Itoa(int(d))
		out = append(out, components.Option{Value: v, Label: i18n.T(ctx, "weekday."+strings.ToLower(d.String())), Selected: v == selected})
	}
	return out
}

func ruleKindOptions(ctx context.Context, selected string) []components.Option {
	return []components.Option{
		{Value: string(Weekly), Label: i18n.T(ctx, "visitors.hours.kind_weekly"), Selected: selected == string(Weekly)},
		{Value: string(Monthly), Label: i18n.T(ctx, "visitors.hours.kind_monthly"), Selected: selected == string(Monthly)},
	}
}

func hoursIDText(id int64) string { return strconv.FormatInt(id, 10) }

func hoursVersionText(v int) string { return strconv.Itoa(v) }

// ruleEnded tells whether the rule's last date has passed.
func ruleEnded(r Rule) bool {
	return r.ValidTo != nil && r.ValidTo.Before(calendar.DateOf(time.Now()))
}

func targetText(ctx context.Context, o Official) string {
	if o.TargetWeeks == nil {
		return "—"
	}
	return i18n.T(ctx, "visitors.hours.target_every", *o.TargetWeeks)
}

func officialFormTitle(ctx context.Context, v officialFormView) string {
	if v.ID == 0 {
		return i18n.T(ctx, "visitors.hours.add_official")
	}
	return i18n.T(ctx, "visitors.hours.edit_official")
}

func officialFormAction(v officialFormView) string {
	if v.ID == 0 {
		return "/visitors/officials"
	}
	return officialURL(v.ID) + "/edit"
}

func ruleFormTitle(ctx context.Context, v ruleFormView) string {
	if v.RuleID == 0 {
		return i18n.T(ctx, "visitors.hours.add_rule")
	}
	return i18n.T(ctx, "visitors.hours.edit_rule")
}

func ruleFormAction(v ruleFormView) string {
	if v.RuleID == 0 {
		return officialURL(v.Official.ID) + "/rules"
	}
	return "/visitors/rules/" + hoursIDText(v.RuleID) + "/edit"
}
