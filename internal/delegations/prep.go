package delegations

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/daugavpils/prdesk/internal/calendar"
	"github.com/daugavpils/prdesk/internal/errs"
	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/web"
)

// logisticsForm and budgetForm are the preparation page's forms as typed.
type logisticsForm struct {
	Kind, Description, Date, Start, EndDate, End, Quantity, Reference string
	Confirmed                                                         bool
	Version                                                           int
}

type budgetForm struct {
	Category, Description, Planned, Actual string
	Version                                int
}

type prepView struct {
	D         Delegation
	Checklist []CheckItem
	Logistics []Logistics
	Budget    []BudgetLine
	ByCat     map[Category]Sums
	All       Sums
	LForm     logisticsForm
	LErrors   form.Errors
	BForm     budgetForm
	BErrors   form.Errors
	// LEdit and BEdit are the lines the forms edit; 0 adds one.
	LEdit, BEdit int64
	// ActualErrors are the refusals of one line's actual cost, by line.
	ActualLine   int64
	ActualErrors form.Errors
}

func prepURL(id int64) string { return delegationURL(id) + "/preparation" }

func (h *Handler) preparation(w http.ResponseWriter, r *http.Request) {
	d, err := h.pathDelegation(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	h.renderPrep(w, r, http.StatusOK, prepView{D: d})
}

func (h *Handler) renderPrep(w http.ResponseWriter, r *http.Request, status int, v prepView) {
	ctx := r.Context()
	var err error
	if v.Checklist, err = h.store.Checklist(ctx, v.D.ID); err != nil {
		web.Error(w, r, err)
		return
	}
	if v.Logistics, err = h.store.LogisticsOf(ctx, v.D.ID); err != nil {
		web.Error(w, r, err)
		return
	}
	if v.Budget, err = h.store.Budget(ctx, v.D.ID); err != nil {
		web.Error(w, r, err)
		return
	}
	v.ByCat, v.All = Total(v.Budget)
	web.Render(w, r, status, prepPage(v))
}

func (h *Handler) tick(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	d, err := h.pathDelegation(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	item, err := web.PathID(r, "item")
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	if err := h.store.Tick(ctx, d.ID, item, f.Bool("done")); err != nil {
		web.Error(w, r, err)
		return
	}
	web.Redirect(w, r, prepURL(d.ID)+"#checklist")
}

func (h *Handler) addLogistics(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	d, err := h.pathDelegation(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f.Messages("delegations.logistics")
	in, l := readLogistics(f)
	l.DelegationID = d.ID
	if f.Errors.Any() {
		h.renderPrep(w, r, http.StatusUnprocessableEntity, prepView{D: d, LForm: in, LErrors: f.Errors})
		return
	}
	if _, err := h.store.AddLogistics(ctx, l); err != nil {
		web.Error(w, r, err)
		return
	}
	web.RedirectWithFlash(w, r, h.sessions, prepURL(d.ID)+"#logistics", i18n.T(ctx, "delegations.logistics.added"))
}

// readLogistics checks a logistics line's form.
func readLogistics(f *form.Values) (logisticsForm, Logistics) {
	in := logisticsForm{
		Kind:        string(form.Enum(f, "kind", true, LogisticsKinds)),
		Description: f.Text("description", true, 500),
		Date:        strings.TrimSpace(f.Raw("date")), Start: strings.TrimSpace(f.Raw("start")),
		EndDate: strings.TrimSpace(f.Raw("end_date")), End: strings.TrimSpace(f.Raw("end")),
		Quantity:  strings.TrimSpace(f.Raw("quantity")),
		Reference: f.Text("reference", false, 200),
		Confirmed: f.Bool("confirmed"),
		Version:   f.Version(),
	}
	l := Logistics{Kind: LogisticsKind(in.Kind), Description: in.Description, Reference: in.Reference, Confirmed: in.Confirmed, Version: in.Version}
	if in.Date != "" || in.Start != "" {
		if t := f.Moment("date", "start", false); !t.IsZero() {
			l.StartsAt = &t
		}
	}
	if in.EndDate != "" || in.End != "" {
		if t := f.Moment("end_date", "end", false); !t.IsZero() {
			l.EndsAt = &t
		}
	}
	if l.StartsAt != nil && l.EndsAt != nil && l.EndsAt.Before(*l.StartsAt) && f.Errors.Get("end_date") == "" {
		f.Add("end_date", "delegations.logistics.err_end_before")
	}
	if in.Quantity != "" {
		n := f.Int("quantity", false, 0, 1000)
		l.Quantity = &n
	}
	return in, l
}

func logisticsFormOf(l Logistics) logisticsForm {
	in := logisticsForm{Kind: string(l.Kind), Description: l.Description, Reference: l.Reference, Confirmed: l.Confirmed, Version: l.Version}
	if l.StartsAt != nil {
		t := l.StartsAt.In(i18n.Riga)
		in.Date, in.Start = t.Format("02.01.2006."), t.Format("15:04")
	}
	if l.EndsAt != nil {
		t := l.EndsAt.In(i18n.Riga)
		in.EndDate, in.End = t.Format("02.01.2006."), t.Format("15:04")
	}
	if l.Quantity != nil {
		in.Quantity = strconv.Itoa(*l.Quantity)
	}
	return in
}

// pathLine finds the line {item} among the delegation's lines, by the id
// each has.
func pathLine[T any](r *http.Request, lines []T, id func(T) int64) (T, error) {
	var zero T
	item, err := web.PathID(r, "item")
	if err != nil {
		return zero, err
	}
	for _, l := range lines {
		if id(l) == item {
			return l, nil
		}
	}
	return zero, fmt.Errorf("delegations: line %d: %w", item, errs.NotFound)
}

func (h *Handler) editLogisticsPage(w http.ResponseWriter, r *http.Request) {
	d, err := h.pathDelegation(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	lines, err := h.store.LogisticsOf(r.Context(), d.ID)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	l, err := pathLine(r, lines, func(l Logistics) int64 { return l.ID })
	if err != nil {
		web.Error(w, r, err)
		return
	}
	h.renderPrep(w, r, http.StatusOK, prepView{D: d, LForm: logisticsFormOf(l), LEdit: l.ID})
}

func (h *Handler) updateLogistics(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	d, err := h.pathDelegation(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	item, err := web.PathID(r, "item")
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f.Messages("delegations.logistics")
	in, l := readLogistics(f)
	l.ID, l.DelegationID = item, d.ID
	status, done := web.SaveEdit(w, r, h.sessions, f, prepURL(d.ID)+"#logistics", "delegations.logistics.saved", func() error {
		return h.store.UpdateLogistics(ctx, l)
	})
	if done {
		return
	}
	h.renderPrep(w, r, status, prepView{D: d, LForm: in, LErrors: f.Errors, LEdit: item})
}

// itemAction is a button on one line of a delegation's lists (a logistics
// or budget line deleted, a follow-up action done): act on the line at the
// version the page showed, then back to where the line was, with flashKey.
func (h *Handler) itemAction(w http.ResponseWriter, r *http.Request,
	act func(ctx context.Context, delegationID, item int64, version int) error, back func(delegationID int64) string, flashKey string) {
	ctx := r.Context()
	d, err := h.pathDelegation(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	item, err := web.PathID(r, "item")
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	if err := act(ctx, d.ID, item, f.Version()); err != nil {
		web.Error(w, r, err)
		return
	}
	web.RedirectWithFlash(w, r, h.sessions, back(d.ID), i18n.T(ctx, flashKey))
}

func (h *Handler) deleteLogistics(w http.ResponseWriter, r *http.Request) {
	h.itemAction(w, r, h.store.DeleteLogistics, func(id int64) string { return prepURL(id) + "#logistics" }, "delegations.logistics.deleted")
}

// readMoney reads an amount field: required or not; a wrong one is refused
// beside it.
func readMoney(f *form.Values, name string, required bool) (*Money, string) {
	raw := strings.TrimSpace(f.Raw(name))
	if raw == "" {
		if required {
			f.Missing(name)
		}
		return nil, raw
	}
	m, ok := ParseMoney(raw)
	if !ok {
		f.Add(name, "delegations.budget.err_money")
		return nil, raw
	}
	return &m, raw
}

func (h *Handler) addBudget(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	d, err := h.pathDelegation(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f.Messages("delegations.budget")
	in, b := readBudget(f)
	b.DelegationID = d.ID
	if f.Errors.Any() {
		h.renderPrep(w, r, http.StatusUnprocessableEntity, prepView{D: d, BForm: in, BErrors: f.Errors})
		return
	}
	if _, err := h.store.AddBudget(ctx, b); err != nil {
		web.Error(w, r, err)
		return
	}
	web.RedirectWithFlash(w, r, h.sessions, prepURL(d.ID)+"#budget", i18n.T(ctx, "delegations.budget.added"))
}

// readBudget checks a budget line's form.
func readBudget(f *form.Values) (budgetForm, BudgetLine) {
	in := budgetForm{Category: string(form.Enum(f, "category", true, Categories)), Description: f.Text("budget_description", false, 200),
		Version: f.Version()}
	planned, raw := readMoney(f, "planned", true)
	in.Planned = raw
	actual, raw := readMoney(f, "actual", false)
	in.Actual = raw
	b := BudgetLine{Category: Category(in.Category), Description: in.Description, Actual: actual, Version: in.Version}
	if planned != nil {
		b.Planned = *planned
	}
	return in, b
}

func (h *Handler) editBudgetPage(w http.ResponseWriter, r *http.Request) {
	d, err := h.pathDelegation(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	lines, err := h.store.Budget(r.Context(), d.ID)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	b, err := pathLine(r, lines, func(b BudgetLine) int64 { return b.ID })
	if err != nil {
		web.Error(w, r, err)
		return
	}
	in := budgetForm{Category: string(b.Category), Description: b.Description, Planned: b.Planned.Plain(), Actual: actualValue(b.Actual), Version: b.Version}
	h.renderPrep(w, r, http.StatusOK, prepView{D: d, BForm: in, BEdit: b.ID})
}

func (h *Handler) updateBudget(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	d, err := h.pathDelegation(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	item, err := web.PathID(r, "item")
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f.Messages("delegations.budget")
	in, b := readBudget(f)
	b.ID, b.DelegationID = item, d.ID
	status, done := web.SaveEdit(w, r, h.sessions, f, prepURL(d.ID)+"#budget", "delegations.budget.line_saved", func() error {
		return h.store.UpdateBudget(ctx, b)
	})
	if done {
		return
	}
	h.renderPrep(w, r, status, prepView{D: d, BForm: in, BErrors: f.Errors, BEdit: item})
}

func (h *Handler) setActual(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	d, err := h.pathDelegation(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	item, err := web.PathID(r, "item")
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f.Messages("delegations.budget")
	actual, _ := readMoney(f, "actual", false)
	status, done := web.SaveEdit(w, r, h.sessions, f, prepURL(d.ID)+"#budget", "delegations.budget.saved", func() error {
		return h.store.SetActual(ctx, BudgetLine{ID: item, DelegationID: d.ID, Actual: actual, Version: f.Version()})
	})
	if done {
		return
	}
	h.renderPrep(w, r, status, prepView{D: d, ActualLine: item, ActualErrors: f.Errors})
}

func (h *Handler) deleteBudget(w http.ResponseWriter, r *http.Request) {
	h.itemAction(w, r, h.store.DeleteBudget, func(id int64) string { return prepURL(id) + "#budget" }, "delegations.budget.deleted")
}

// The head's checklist templates.

type templatesView struct {
	Items  []TemplateItem
	Form   struct{ Kind, Text string }
	Errors form.Errors
}

func (h *Handler) templates(w http.ResponseWriter, r *http.Request) {
	h.renderTemplates(w, r, http.StatusOK, templatesView{})
}

func (h *Handler) renderTemplates(w http.ResponseWriter, r *http.Request, status int, v templatesView) {
	var err error
	if v.Items, err = h.store.Templates(r.Context()); err != nil {
		web.Error(w, r, err)
		return
	}
	web.Render(w, r, status, templatesPage(v))
}

func (h *Handler) addTemplate(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f.Messages("delegations.templates")
	v := templatesView{}
	v.Form.Kind = string(form.Enum(f, "kind", true, Kinds))
	v.Form.Text = f.Text("text", true, 200)
	if f.Errors.Any() {
		v.Errors = f.Errors
		h.renderTemplates(w, r, http.StatusUnprocessableEntity, v)
		return
	}
	if _, err := h.store.AddTemplate(ctx, Kind(v.Form.Kind), v.Form.Text); err != nil {
		web.Error(w, r, err)
		return
	}
	web.RedirectWithFlash(w, r, h.sessions, "/delegations/checklists#kind-"+v.Form.Kind, i18n.T(ctx, "delegations.templates.added"))
}

func (h *Handler) deleteTemplate(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := web.PathID(r, "id")
	if err != nil {
		web.Error(w, r, err)
		return
	}
	if err := h.store.DeleteTemplate(ctx, id); err != nil {
		web.Error(w, r, err)
		return
	}
	web.RedirectWithFlash(w, r, h.sessions, "/delegations/checklists", i18n.T(ctx, "delegations.templates.deleted"))
}

// The year's costs.

type budgetYearView struct {
	Year  int
	Years []int
	ByCat map[Category]Sums
	All   Sums
}

func (h *Handler) budgetYear(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	v := budgetYearView{Year: calendar.DateOf(h.now()).Year()}
	if y, err := strconv.Atoi(form.URLValues(r).Get("year")); err == nil && y >= 2000 && y <= 2100 {
		v.Year = y
	}
	var err error
	if v.Years, err = h.store.Years(ctx); err != nil {
		web.Error(w, r, err)
		return
	}
	if v.ByCat, v.All, err = h.store.YearBudget(ctx, v.Year); err != nil {
		web.Error(w, r, err)
		return
	}
	web.Render(w, r, http.StatusOK, budgetYearPage(v))
}

func (v prepView) logisticsAction() string {
	if v.LEdit != 0 {
		return delegationURL(v.D.ID) + "/logistics/" + strconv.FormatInt(v.LEdit, 10) + "/edit"
	}
	return delegationURL(v.D.ID) + "/logistics"
}

func (v prepView) budgetAction() string {
	if v.BEdit != 0 {
		return delegationURL(v.D.ID) + "/budget/" + strconv.FormatInt(v.BEdit, 10) + "/edit"
	}
	return delegationURL(v.D.ID) + "/budget"
}
