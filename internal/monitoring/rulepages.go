package monitoring

import (
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/daugavpils/prdesk/internal/errs"
	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/web"
	"github.com/daugavpils/prdesk/templates/components"
)

// The keyword rules: the list, and the form that tries a rule on the last
// RecentDays' items before it is saved, and can apply it to them.

type rulesView struct {
	Rules  []KeywordRule
	Topics map[int64]Topic
}

func (h *Handler) ruleList(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	var v rulesView
	var err error
	if v.Rules, err = h.store.KeywordRules(ctx); err != nil {
		web.Error(w, r, err)
		return
	}
	if v.Topics, err = h.topicsByID(r); err != nil {
		web.Error(w, r, err)
		return
	}
	web.Render(w, r, http.StatusOK, rulesPage(v))
}

func (h *Handler) topicsByID(r *http.Request) (map[int64]Topic, error) {
	all, err := h.store.Topics(r.Context())
	out := make(map[int64]Topic, len(all))
	for _, t := range all {
		out[t.ID] = t
	}
	return out, err
}

// ruleForm is the rule's form as typed.
type ruleForm struct {
	Name, Expression, Topic string
	Active, Apply           bool
	Version                 int
	Idem                    string
}

type ruleView struct {
	ID       int64
	Form     ruleForm
	Errors   form.Errors
	Topics   []Topic // those the form offers
	Trial    *RuleTrial
	Terms    []string // the tried rule's words, to mark in the trial's titles
	Timeline []components.TimelineLine
}

func (v ruleView) action() string {
	if v.ID == 0 {
		return "/monitoring/rules"
	}
	return ruleURL(v.ID)
}

func (h *Handler) renderRule(w http.ResponseWriter, r *http.Request, status int, v ruleView) {
	all, err := h.store.Topics(r.Context())
	if err != nil {
		web.Error(w, r, err)
		return
	}
	for _, t := range all {
		if t.Active || idText(t.ID) == v.Form.Topic {
			v.Topics = append(v.Topics, t)
		}
	}
	if v.ID != 0 {
		if v.Timeline, err = h.historyOf(r.Context(), "monitoring_rule", v.ID); err != nil {
			web.Error(w, r, err)
			return
		}
	}
	web.Render(w, r, status, ruleFormPage(v))
}

func (h *Handler) newRulePage(w http.ResponseWriter, r *http.Request) {
	h.renderRule(w, r, http.StatusOK, ruleView{Form: ruleForm{Active: true, Apply: true, Idem: web.FormKey()}})
}

func (h *Handler) pathRule(r *http.Request) (KeywordRule, error) {
	id, err := web.PathID(r, "id")
	if err != nil {
		return KeywordRule{}, err
	}
	return h.store.KeywordRule(r.Context(), id)
}

func (h *Handler) editRulePage(w http.ResponseWriter, r *http.Request) {
	rule, err := h.pathRule(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f := ruleForm{Name: rule.Name, Expression: rule.Expression, Active: rule.Active, Version: rule.Version}
	if rule.TopicID != nil {
		f.Topic = idText(*rule.TopicID)
	}
	h.renderRule(w, r, http.StatusOK, ruleView{ID: rule.ID, Form: f})
}

// readRuleForm checks the form; a rule that does not parse is refused
// beside its field, saying where.
func readRuleForm(f *form.Values) (ruleForm, KeywordRule, *Rule) {
	in := ruleForm{
		Name:       strings.TrimSpace(f.Text("name", true, MaxRuleName)),
		Expression: f.Text("expression", true, MaxRuleRunes),
		Topic:      f.Raw("topic_id"),
		Active:     f.Bool("active"),
		Apply:      f.Bool("apply"),
		Version:    f.Version(),
		Idem:       f.Raw("idem"),
	}
	rule := KeywordRule{Name: in.Name, Expression: in.Expression, Active: in.Active, Version: in.Version, IdempotencyKey: in.Idem}
	if id := f.ID("topic_id", false); id != 0 {
		rule.TopicID = &id
	}
	var parsed *Rule
	if in.Expression != "" && f.Errors.Get("expression") == "" {
		var err error
		parsed, err = ParseRule(in.Expression)
		var re *RuleError
		if errors.As(err, &re) {
			f.Add("expression", ruleErrorKey(re.Code), ruleErrorArgs(re)...)
		}
	}
	return in, rule, parsed
}

// tryRule draws the form with what the rule would match, saving nothing.
func (h *Handler) tryRule(w http.ResponseWriter, r *http.Request, v ruleView, f *form.Values, parsed *Rule) {
	if f.Errors.Get("expression") != "" || parsed == nil {
		// Only the expression counts for a trial.
		errs := form.Errors{}
		if msg := f.Errors.Get("expression"); msg != "" {
			errs.Add("expression", msg)
		}
		v.Errors = errs
		h.renderRule(w, r, http.StatusUnprocessableEntity, v)
		return
	}
	trial, err := h.store.TryRule(r.Context(), parsed)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	v.Trial = &trial
	for _, t := range parsed.terms {
		if t.positive && !slices.Contains(v.Terms, t.text) {
			v.Terms = append(v.Terms, t.text)
		}
	}
	h.renderRule(w, r, http.StatusOK, v)
}

// savedText is the flash of a saved rule, with what applying it did.
func savedText(r *http.Request, in ruleForm, res ApplyResult) string {
	ctx := r.Context()
	if in.Apply && in.Active {
		return i18n.T(ctx, "monitoring.rule.saved_applied", i18n.Number(int64(res.Matched)), i18n.Number(int64(res.Scanned)))
	}
	return i18n.T(ctx, "monitoring.rule.saved")
}

func (h *Handler) createRule(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f.Messages("monitoring.rule")
	in, rule, parsed := readRuleForm(f)
	if f.Raw("do") == "try" {
		h.tryRule(w, r, ruleView{Form: in}, f, parsed)
		return
	}
	o := web.Once{Key: in.Idem, ByKey: h.store.RuleByKey, URL: func(int64) string { return "/monitoring/rules" },
		Saved: "monitoring.rule.saved", Already: "monitoring.rule.already_saved"}
	if web.MadeBefore(w, r, h.sessions, o) {
		return
	}
	status := http.StatusUnprocessableEntity
	if !f.Errors.Any() {
		_, res, err := h.store.CreateRule(ctx, rule, in.Apply)
		if errors.Is(err, errs.KeyUsed) {
			web.RedirectWithFlash(w, r, h.sessions, "/monitoring/rules", i18n.T(ctx, o.Already))
			return
		}
		if err == nil {
			web.RedirectWithFlash(w, r, h.sessions, "/monitoring/rules", savedText(r, in, res))
			return
		}
		var ok bool
		if status, ok = refused(w, r, f, err); !ok {
			return
		}
	}
	h.renderRule(w, r, status, ruleView{Form: in, Errors: f.Errors})
}

func (h *Handler) updateRule(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	old, err := h.pathRule(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f.Messages("monitoring.rule")
	in, rule, parsed := readRuleForm(f)
	rule.ID, rule.IdempotencyKey = old.ID, ""
	if f.Raw("do") == "try" {
		h.tryRule(w, r, ruleView{ID: old.ID, Form: in}, f, parsed)
		return
	}
	status := http.StatusUnprocessableEntity
	if !f.Errors.Any() {
		res, err := h.store.UpdateRule(ctx, rule, in.Apply)
		if err == nil {
			web.RedirectWithFlash(w, r, h.sessions, "/monitoring/rules", savedText(r, in, res))
			return
		}
		var ok bool
		if status, ok = refused(w, r, f, err); !ok {
			return
		}
	}
	h.renderRule(w, r, status, ruleView{ID: old.ID, Form: in, Errors: f.Errors})
}

// topicChoices are the rule form's topics as a select's options.
func topicChoices(v ruleView, blank string) []components.Option {
	out := []components.Option{{Value: "", Label: blank, Selected: v.Form.Topic == ""}}
	for _, t := range v.Topics {
		out = append(out, components.Option{Value: strconv.FormatInt(t.ID, 10), Label: t.Name, Selected: idText(t.ID) == v.Form.Topic})
	}
	return out
}
