package visitors

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/daugavpils/prdesk/internal/calendar"
	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/web"
	"github.com/daugavpils/prdesk/templates/components"
)

// An official's recurring reception: the form that adds or edits a rule,
// and the one that ends it.

// parseClock reads 9:30, 09:30 or 9.30.
func parseClock(s string) (Clock, bool) {
	hh, mm, ok := form.ParseClock(s)
	return At(hh, mm), ok
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
	// Read in the form's order, which is the error summary's.
	in := ruleForm{
		Kind:       string(form.Enum(f, "kind", true, RuleKinds)),
		Weekday:    form.Enum(f, "weekday", true, []string{"0", "1", "2", "3", "4", "5", "6"}),
		EveryWeeks: f.Text("every_weeks", false, 2),
		Nth:        f.Text("nth", false, 1),
		ValidFrom:  strings.TrimSpace(f.Raw("valid_from")),
		ValidTo:    strings.TrimSpace(f.Raw("valid_to")),
		Version:    f.Version(),
	}
	w, start, end, slot := readWindow(f)
	in.window = w
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
	r.ValidFrom = f.Date("valid_from", true)
	if to := f.Date("valid_to", false); !to.IsZero() {
		r.ValidTo = &to
		if !r.ValidFrom.IsZero() && to.Before(r.ValidFrom) {
			f.Add("valid_to", "visitors.hours.err_to_before_from")
		}
	}
	return in, r
}

func ruleFormOf(r RuleRecord) ruleForm {
	f := ruleForm{
		window: window{Start: clockSQL(r.Start), End: clockSQL(r.End), Room: r.Room, SlotMinutes: strconv.Itoa(r.SlotMinutes)},
		Kind:   string(r.Kind), Weekday: strconv.Itoa(int(r.Weekday)), EveryWeeks: strconv.Itoa(r.EveryWeeks),
		ValidFrom: r.ValidFrom.Format(time.DateOnly), Version: r.Version,
	}
	if r.Kind == Monthly {
		f.Nth = strconv.Itoa(r.Nth)
	}
	if r.ValidTo != nil {
		f.ValidTo = r.ValidTo.Format(time.DateOnly)
	}
	return f
}

func (h *Handler) newRulePage(w http.ResponseWriter, r *http.Request) {
	o, err := h.pathOfficial(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f := ruleForm{Kind: string(Weekly), Weekday: "1", EveryWeeks: "1"}
	f.SlotMinutes = "15"
	f.ValidFrom = calendar.DateOf(h.now()).Format(time.DateOnly)
	web.Render(w, r, http.StatusOK, ruleFormPage(ruleFormView{Official: o, Form: f}))
}

func (h *Handler) createRule(w http.ResponseWriter, r *http.Request) {
	o, err := h.pathOfficial(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f.Messages("visitors.rule_form")
	in, rule := readRule(f, o.ID)
	if f.Errors.Any() {
		web.Render(w, r, http.StatusUnprocessableEntity, ruleFormPage(ruleFormView{Official: o, Form: in, Errors: f.Errors}))
		return
	}
	if _, err := h.store.CreateRule(r.Context(), rule); err != nil {
		web.Error(w, r, err)
		return
	}
	web.RedirectWithFlash(w, r, h.sessions, officialURL(o.ID), i18n.T(r.Context(), "visitors.hours.rule_saved"))
}

// pathRule reads the rule of the path's {id} and its official.
func (h *Handler) pathRule(r *http.Request) (RuleRecord, Official, error) {
	id, err := web.PathID(r, "id")
	if err != nil {
		return RuleRecord{}, Official{}, err
	}
	rule, err := h.store.RuleByID(r.Context(), id)
	if err != nil {
		return rule, Official{}, err
	}
	o, err := h.store.AnyOfficial(r.Context(), rule.OfficialID)
	return rule, o, err
}

func (h *Handler) editRulePage(w http.ResponseWriter, r *http.Request) {
	rule, o, err := h.pathRule(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	web.Render(w, r, http.StatusOK, ruleFormPage(ruleFormView{Official: o, RuleID: rule.ID, Form: ruleFormOf(rule),
		End: calendar.DateOf(h.now()).Format(time.DateOnly)}))
}

func (h *Handler) updateRule(w http.ResponseWriter, r *http.Request) {
	old, o, err := h.pathRule(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f.Messages("visitors.rule_form")
	in, rule := readRule(f, o.ID)
	rule.ID = old.ID
	status := http.StatusUnprocessableEntity
	if !f.Errors.Any() {
		err := h.store.UpdateRule(r.Context(), rule, in.Version)
		if err == nil {
			web.RedirectWithFlash(w, r, h.sessions, officialURL(o.ID), i18n.T(r.Context(), "visitors.hours.rule_saved"))
			return
		}
		var ok bool
		if status, ok = f.Refused(err); !ok {
			web.Error(w, r, err)
			return
		}
	}
	web.Render(w, r, status, ruleFormPage(ruleFormView{Official: o, RuleID: old.ID, Form: in, Errors: f.Errors,
		End: calendar.DateOf(h.now()).Format(time.DateOnly)}))
}

func (h *Handler) endRule(w http.ResponseWriter, r *http.Request) {
	rule, o, err := h.pathRule(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f.Messages("visitors.rule_form")
	endText := strings.TrimSpace(f.Raw("valid_to_end"))
	last := f.Date("valid_to_end", true)
	if !last.IsZero() && last.Before(rule.ValidFrom) {
		f.Add("valid_to_end", "visitors.hours.err_to_before_from")
	}
	status := http.StatusUnprocessableEntity
	if !f.Errors.Any() {
		err := h.store.EndRule(r.Context(), rule.ID, last, f.Version())
		if err == nil {
			web.RedirectWithFlash(w, r, h.sessions, officialURL(o.ID), i18n.T(r.Context(), "visitors.hours.rule_ended", i18n.Date(last)))
			return
		}
		var ok bool
		if status, ok = f.Refused(err); !ok {
			web.Error(w, r, err)
			return
		}
	}
	web.Render(w, r, status, ruleFormPage(ruleFormView{Official: o, RuleID: rule.ID, Form: ruleFormOf(rule), End: endText, Errors: f.Errors}))
}

// ruleText describes a rule in a line: "pirmdiena, ik pēc 2 nedēļām, 10:00–12:00".
func ruleText(ctx context.Context, r Rule) string {
	args := i18n.M{"weekday": weekdayName(ctx, r.Weekday), "n": r.EveryWeeks,
		"nth": r.Nth, "from": clockSQL(r.Start), "to": clockSQL(r.End)}
	switch {
	case r.Kind == Monthly:
		return i18n.T(ctx, "visitors.hours.rule_monthly", args)
	case r.EveryWeeks > 1:
		return i18n.T(ctx, "visitors.hours.rule_every", args)
	}
	return i18n.T(ctx, "visitors.hours.rule_weekly", args)
}

func weekdayName(ctx context.Context, d time.Weekday) string {
	return i18n.T(ctx, "weekday."+strings.ToLower(d.String()))
}

func weekdayOptions(ctx context.Context, selected string) []components.Option {
	out := make([]components.Option, 0, 7)
	for _, d := range weekdayOrder {
		v := strconv.Itoa(int(d))
		out = append(out, components.Option{Value: v, Label: weekdayName(ctx, d), Selected: v == selected})
	}
	return out
}

// ruleEnded tells whether the rule's last date is before today.
func ruleEnded(r Rule, today time.Time) bool {
	return r.ValidTo != nil && r.ValidTo.Before(today)
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
	return "/visitors/rules/" + idStr(v.RuleID) + "/edit"
}
