package petitions

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/errs"
	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/web"
)

// schemeView is the classification scheme with its add/edit form.
type schemeView struct {
	Cases       []Case
	Form        caseForm
	Errors      form.Errors
	Conflict    bool
	Responsible []Person
}

func (h *Handler) scheme(w http.ResponseWriter, r *http.Request) {
	v := schemeView{Form: caseForm{Active: true, Retention: "5"}}
	if s := form.URLValues(r).Get("edit"); s != "" {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			web.Error(w, r, errs.NotFound)
			return
		}
		c, err := h.store.Case(r.Context(), id)
		if err != nil {
			web.Error(w, r, err)
			return
		}
		v.Form = caseFormOf(c)
	}
	h.renderScheme(w, r, http.StatusOK, v)
}

func caseFormOf(c Case) caseForm {
	f := caseForm{ID: c.ID, Version: c.Version, CaseIndex: c.CaseIndex, Title: c.Title, Active: c.Active, Permanent: c.RetentionYears == nil}
	if c.RetentionYears != nil {
		f.Retention = strconv.Itoa(*c.RetentionYears)
	}
	if c.ResponsibleID != nil {
		f.ResponsibleID = strconv.FormatInt(*c.ResponsibleID, 10)
	}
	return f
}

func (h *Handler) renderScheme(w http.ResponseWriter, r *http.Request, status int, v schemeView) {
	var err error
	if v.Cases, err = h.store.Cases(r.Context()); err != nil {
		web.Error(w, r, err)
		return
	}
	if v.Responsible, err = h.store.PeopleWithRole(r.Context(), auth.RoleHead, auth.RoleStaff); err != nil {
		web.Error(w, r, err)
		return
	}
	web.Render(w, r, status, schemePage(v))
}

func (h *Handler) schemeSave(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	responsible, err := h.store.PeopleWithRole(ctx, auth.RoleHead, auth.RoleStaff)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f.Messages("petitions.scheme.errors")
	in, ci := readCaseForm(f, responsible)
	status := http.StatusUnprocessableEntity
	if !f.Errors.Any() {
		err = h.store.SaveCase(ctx, in.ID, in.Version, ci)
		if err == nil {
			web.RedirectWithFlash(w, r, h.deps.Sessions, "/petitions/scheme", i18n.T(ctx, "petitions.register.case_saved", i18n.M{"index": ci.CaseIndex}))
			return
		}
		var ok bool
		if status, ok = f.Refused(err); !ok {
			if !errors.Is(err, errs.Conflict) {
				web.Error(w, r, err)
				return
			}
			// Changed by someone else since the form was drawn: the form
			// as typed, under a message with a link to the case as it is now.
			status, _ = web.Status(err)
			h.renderScheme(w, r, status, schemeView{Form: in, Errors: f.Errors, Conflict: true})
			return
		}
	}
	h.renderScheme(w, r, status, schemeView{Form: in, Errors: f.Errors})
}

func retentionText(ctx context.Context, c Case) string {
	if c.RetentionYears == nil {
		return i18n.T(ctx, "petitions.register.permanent")
	}
	return i18n.T(ctx, "petitions.register.years", i18n.Number(int64(*c.RetentionYears)))
}

// rulesView is the dated table of terms with the form adding a rule.
type rulesView struct {
	Rules  []Rule
	Form   ruleForm
	Errors form.Errors
	Today  time.Time
}

func (h *Handler) rules(w http.ResponseWriter, r *http.Request) {
	h.renderRules(w, r, http.StatusOK, rulesView{Form: ruleForm{Kind: string(RuleAnswer), Unit: string(WorkingDays)}})
}

func (h *Handler) renderRules(w http.ResponseWriter, r *http.Request, status int, v rulesView) {
	var err error
	if v.Rules, err = h.store.Rules(r.Context()); err != nil {
		web.Error(w, r, err)
		return
	}
	v.Today = h.deps.Now()
	web.Render(w, r, status, rulesPage(v))
}

func (h *Handler) rulesAdd(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f.Messages("petitions.rules.errors")
	in, rule := readRuleForm(f)
	status := http.StatusUnprocessableEntity
	if !f.Errors.Any() {
		err = h.store.AddRule(ctx, rule)
		if err == nil {
			web.RedirectWithFlash(w, r, h.deps.Sessions, "/petitions/rules", i18n.T(ctx, "petitions.register.rule_added"))
			return
		}
		var ok bool
		if status, ok = f.Refused(err); !ok {
			web.Error(w, r, err)
			return
		}
	}
	h.renderRules(w, r, status, rulesView{Form: in, Errors: f.Errors})
}

// ruleInForce tells whether r is the rule of its kind in force today.
func ruleInForce(rules []Rule, r Rule, today time.Time) bool {
	cur, ok := RuleFor(rules, r.Kind, today)
	return ok && cur.ID == r.ID
}

func ruleBasis(ctx context.Context, r Rule) string {
	if i18n.Locale(ctx) == "en" {
		return r.BasisEN
	}
	return r.BasisLV
}
