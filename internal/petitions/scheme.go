package petitions

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/daugavpils/prdesk/internal/audit"
	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/errs"
	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/web"
	"github.com/daugavpils/prdesk/templates/components"
)

var (
	errCaseIndexTaken = errors.New("petitions: case index taken")
	errRuleTaken      = errors.New("petitions: a rule of this kind already starts that day")
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
	if s := r.URL.Query().Get("edit"); s != "" {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			web.Error(w, r, errs.NotFound)
			return
		}
		c, err := h.store.caseByID(r.Context(), id)
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
	in, ci := readCaseForm(f, responsible)
	if !f.Errors.Any() {
		err = h.store.saveCase(ctx, in.ID, in.Version, ci)
		switch {
		case errors.Is(err, errCaseIndexTaken):
			f.Add("case_index", "petitions.register.err_case_index_taken")
		case errors.Is(err, errs.Conflict):
			h.renderScheme(w, r, http.StatusConflict, schemeView{Form: in, Errors: f.Errors, Conflict: true})
			return
		case err != nil:
			web.Error(w, r, err)
			return
		default:
			web.RedirectWithFlash(w, r, h.deps.Sessions, "/petitions/scheme", i18n.T(ctx, "petitions.register.case_saved", i18n.M{"index": ci.CaseIndex}))
			return
		}
	}
	h.renderScheme(w, r, http.StatusUnprocessableEntity, schemeView{Form: in, Errors: f.Errors})
}

func (s *Store) caseByID(ctx context.Context, id int64) (Case, error) {
	rows, _ := s.pool.Query(ctx, `
		select c.id, c.case_index, c.title, c.retention_years, c.responsible_id,
		       coalesce(u.full_name, '') as responsible, c.active, c.version
		from doc_cases c left join users u on u.id = c.responsible_id where c.id = $1`, id)
	c, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[Case])
	if errors.Is(err, pgx.ErrNoRows) {
		return c, errs.NotFound
	}
	return c, err
}

// saveCase adds (id 0) or changes a scheme entry; a stale version is
// errs.Conflict and changes nothing.
func (s *Store) saveCase(ctx context.Context, id int64, version int, in CaseInput) error {
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		return saveCaseTx(ctx, tx, id, version, in)
	})
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == "23505" {
		return errCaseIndexTaken
	}
	return err
}

func saveCaseTx(ctx context.Context, tx pgx.Tx, id int64, version int, in CaseInput) error {
	actor := audit.ActorOf(ctx)
	var by *int64
	if actor.ID != 0 {
		by = &actor.ID
	}
	retention := "pastāvīgi"
	if in.RetentionYears != nil {
		retention = strconv.Itoa(*in.RetentionYears) + " g."
	}
	if id == 0 {
		var newID int64
		if err := tx.QueryRow(ctx, `insert into doc_cases (case_index, title, retention_years, responsible_id, active, created_by)
			values ($1, $2, $3, $4, $5, $6) returning id`,
			in.CaseIndex, in.Title, in.RetentionYears, in.ResponsibleID, in.Active, by).Scan(&newID); err != nil {
			return err
		}
		return audit.RecordAs(ctx, tx, actor, audit.Entry{Entity: "doc_case", EntityID: newID, Action: "create",
			Summary: fmt.Sprintf("Klasifikācijas shēmā pievienota lieta %s „%s” (glabāšana: %s)", in.CaseIndex, in.Title, retention)})
	}
	rows, _ := tx.Query(ctx, `select id, case_index, title, retention_years, responsible_id, '' as responsible, active, version
		from doc_cases where id = $1 for update`, id)
	before, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[Case])
	if errors.Is(err, pgx.ErrNoRows) {
		return errs.NotFound
	}
	if err != nil {
		return err
	}
	if before.Version != version {
		return errs.Conflict
	}
	if _, err := tx.Exec(ctx, `update doc_cases set case_index = $2, title = $3, retention_years = $4, responsible_id = $5,
		active = $6, version = version + 1, updated_at = now() where id = $1`,
		id, in.CaseIndex, in.Title, in.RetentionYears, in.ResponsibleID, in.Active); err != nil {
		return err
	}
	return audit.RecordAs(ctx, tx, actor, audit.Entry{Entity: "doc_case", EntityID: id, Action: "update",
		Summary: fmt.Sprintf("Mainīta klasifikācijas shēmas lieta %s", in.CaseIndex),
		Details: audit.Diff([][3]any{
			{"case_index", before.CaseIndex, in.CaseIndex},
			{"title", before.Title, in.Title},
			{"retention_years", intOrNil(before.RetentionYears), intOrNil(in.RetentionYears)},
			{"responsible_id", int64OrNil(before.ResponsibleID), int64OrNil(in.ResponsibleID)},
			{"active", before.Active, in.Active},
		})})
}

func intOrNil(p *int) any {
	if p == nil {
		return nil
	}
	return *p
}

func int64OrNil(p *int64) any {
	if p == nil {
		return nil
	}
	return *p
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
	v.Today = time.Now()
	web.Render(w, r, status, rulesPage(v))
}

func (h *Handler) rulesAdd(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	in, rule := readRuleForm(f)
	if !f.Errors.Any() {
		err = h.store.addRule(ctx, rule)
		switch {
		case errors.Is(err, errRuleTaken):
			f.Add("valid_from", "petitions.register.err_rule_taken")
		case err != nil:
			web.Error(w, r, err)
			return
		default:
			web.RedirectWithFlash(w, r, h.deps.Sessions, "/petitions/rules", i18n.T(ctx, "petitions.register.rule_added"))
			return
		}
	}
	h.renderRules(w, r, http.StatusUnprocessableEntity, rulesView{Form: in, Errors: f.Errors})
}

// addRule adds a dated rule. Rules are never edited: a change of the law is a
// new row, so the terms of submissions already received stay explainable.
func (s *Store) addRule(ctx context.Context, r Rule) error {
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		actor := audit.ActorOf(ctx)
		var by *int64
		if actor.ID != 0 {
			by = &actor.ID
		}
		var id int64
		if err := tx.QueryRow(ctx, `insert into petition_deadline_rules (kind, valid_from, amount, unit, basis_lv, basis_en, created_by)
			values ($1, $2, $3, $4, $5, $6, $7) returning id`,
			r.Kind, r.ValidFrom, r.Amount, r.Unit, r.BasisLV, r.BasisEN, by).Scan(&id); err != nil {
			return err
		}
		return audit.RecordAs(ctx, tx, actor, audit.Entry{Entity: "petition_deadline_rule", EntityID: id, Action: "create",
			Summary: fmt.Sprintf("Pievienots termiņa noteikums (%s) no %s: %d %s", r.Kind, i18n.Date(r.ValidFrom), r.Amount, r.Unit),
			Details: r})
	})
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == "23505" {
		return errRuleTaken
	}
	return err
}

// ruleInForce tells whether r is the rule of its kind in force today.
func ruleInForce(rules []Rule, r Rule, today time.Time) bool {
	cur, ok := RuleFor(rules, r.Kind, today)
	return ok && cur.ID == r.ID
}

func ruleKindOptions(ctx context.Context, chosen string) []components.Option {
	out := make([]components.Option, len(ruleKinds))
	for i, k := range ruleKinds {
		out[i] = components.Option{Value: string(k), Label: i18n.T(ctx, "petitions.register.rule_kind."+string(k)), Selected: string(k) == chosen}
	}
	return out
}

func unitOptions(ctx context.Context, chosen string) []components.Option {
	out := make([]components.Option, len(units))
	for i, u := range units {
		out[i] = components.Option{Value: string(u), Label: i18n.T(ctx, "petitions.register.unit."+string(u)), Selected: string(u) == chosen}
	}
	return out
}

func ruleAmountText(ctx context.Context, r Rule) string {
	return i18n.T(ctx, "petitions.register.amount_"+string(r.Unit), i18n.Number(int64(r.Amount)))
}

func ruleBasis(ctx context.Context, r Rule) string {
	if i18n.Locale(ctx) == "en" {
		return r.BasisEN
	}
	return r.BasisLV
}
