package press

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/contacts"
	"github.com/daugavpils/prdesk/internal/errs"
	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/web"
)

// Statements in an emergency: the emergencies' list, the head's forms
// that declare, change and end one, an emergency's board of statements
// waiting and decided, its timeline for the review afterwards; the page
// where a unit's staff member submits a statement and sees their own, and
// a statement's card with the department's decision.

func emergencyURL(id int64) string { return "/press/emergencies/" + strconv.FormatInt(id, 10) }

func statementURL(id int64) string { return "/press/statements/" + strconv.FormatInt(id, 10) }

// unitTypes are the organisations a statement comes from: the
// municipality and its units, companies and schools.
var unitTypes = []contacts.OrgType{contacts.Municipality, contacts.MunicipalUnit, contacts.MunicipalCompany, contacts.School}

// The emergencies' list.

type emergenciesView struct {
	Rows []Emergency
	Now  time.Time
}

func (h *Handler) emergencies(w http.ResponseWriter, r *http.Request) {
	v := emergenciesView{Now: h.now()}
	var err error
	if v.Rows, err = h.store.Emergencies(r.Context()); err != nil {
		web.Error(w, r, err)
		return
	}
	web.Render(w, r, http.StatusOK, emergenciesPage(v))
}

// The head's form: declare, or change, an emergency.

type emergencyForm struct {
	Title, Description, Template      string
	StartsDate, StartsTime            string
	EndsDate, EndsTime, TargetMinutes string
	Version                           int
	Idem                              string
}

type emergencyFormView struct {
	ID     int64
	Form   emergencyForm
	Errors form.Errors
}

func (v emergencyFormView) action() string {
	if v.ID == 0 {
		return "/press/emergencies"
	}
	return emergencyURL(v.ID) + "/edit"
}

// defaultTemplate is the holding statement a new emergency starts from,
// in Latvian whatever the page's language: it is what the media get.
func defaultTemplate() string { return lvText("press.emergency.default_template") }

func (h *Handler) newEmergencyPage(w http.ResponseWriter, r *http.Request) {
	f := emergencyForm{Template: defaultTemplate(), TargetMinutes: strconv.Itoa(DefaultTargetMinutes), Idem: web.FormKey()}
	web.Render(w, r, http.StatusOK, emergencyFormPage(emergencyFormView{Form: f}))
}

func (h *Handler) pathEmergency(r *http.Request) (Emergency, error) {
	id, err := web.PathID(r, "id")
	if err != nil {
		return Emergency{}, err
	}
	return h.store.Emergency(r.Context(), id)
}

func (h *Handler) editEmergencyPage(w http.ResponseWriter, r *http.Request) {
	e, err := h.pathEmergency(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	if !e.Editable() {
		web.RedirectWithFlash(w, r, h.sessions, emergencyURL(e.ID), i18n.T(r.Context(), "press.emergency.already_ended"))
		return
	}
	f := emergencyForm{Title: e.Title, Description: e.Description, Template: e.Template,
		TargetMinutes: strconv.Itoa(e.TargetMinutes), Version: e.Version}
	f.StartsDate, f.StartsTime = momentFields(&e.StartsAt)
	f.EndsDate, f.EndsTime = momentFields(e.EndsAt)
	web.Render(w, r, http.StatusOK, emergencyFormPage(emergencyFormView{ID: e.ID, Form: f}))
}

// readEmergency checks the form; the rules are repeated here so that each
// refusal has its message beside its field. old is the emergency edited,
// nil for a new one.
func (h *Handler) readEmergency(f *form.Values, old *Emergency) (emergencyForm, Emergency) {
	in := emergencyForm{
		Title:         f.Text("title", true, MaxEmergencyTitle),
		Description:   f.Text("description", false, MaxEmergencyDescription),
		Template:      f.Text("template", true, MaxTemplate),
		StartsDate:    f.Raw("starts_date"),
		StartsTime:    f.Raw("starts_time"),
		EndsDate:      f.Raw("ends_date"),
		EndsTime:      f.Raw("ends_time"),
		TargetMinutes: f.Raw("target_minutes"),
		Version:       f.Version(),
		Idem:          f.Raw("idem"),
	}
	e := Emergency{Title: in.Title, Description: in.Description, Template: in.Template, Version: in.Version,
		IdempotencyKey: in.Idem, TargetMinutes: f.Int("target_minutes", true, MinTargetMinutes, MaxTargetMinutes)}
	e.StartsAt = f.Moment("starts_date", "starts_time", old != nil)
	if at := f.Moment("ends_date", "ends_time", false); !at.IsZero() {
		e.EndsAt = &at
	}
	now := h.now()
	check := e
	if check.StartsAt.IsZero() {
		check.StartsAt = now
	}
	endChanged := old == nil || !sameMoment(old.EndsAt, e.EndsAt)
	for _, p := range check.Check(now, endChanged) {
		if f.Errors.Get(p[0]) == "" && (p[0] != "target_minutes" || e.TargetMinutes != 0) {
			f.Add(p[0], p[1])
		}
	}
	return in, e
}

func (h *Handler) declareEmergency(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f.Messages("press.emergency")
	in, e := h.readEmergency(f, nil)
	o := web.Once{Key: in.Idem, ByKey: h.store.EmergencyByIdempotencyKey, URL: emergencyURL, Saved: "press.emergency.declared",
		Already: "press.emergency.already_declared"}
	if web.MadeBefore(w, r, h.sessions, o) {
		return
	}
	status, done := web.CreateOnce(w, r, h.sessions, f, o, func() (int64, error) { return h.store.DeclareEmergency(ctx, e) })
	if done {
		return
	}
	web.Render(w, r, status, emergencyFormPage(emergencyFormView{Form: in, Errors: f.Errors}))
}

func (h *Handler) updateEmergency(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	old, err := h.pathEmergency(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f.Messages("press.emergency")
	in, e := h.readEmergency(f, &old)
	e.ID, e.IdempotencyKey = old.ID, ""
	status, done := web.SaveEdit(w, r, h.sessions, f, emergencyURL(e.ID), "press.emergency.saved", func() error { return h.store.UpdateEmergency(ctx, e) })
	if done {
		return
	}
	web.Render(w, r, status, emergencyFormPage(emergencyFormView{ID: old.ID, Form: in, Errors: f.Errors}))
}

// Ending: a page that says what ending means, then the ending.

type endView struct {
	E       Emergency
	Waiting int
	Now     time.Time
}

func (h *Handler) endEmergencyPage(w http.ResponseWriter, r *http.Request) {
	e, err := h.pathEmergency(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	if !e.Editable() {
		web.RedirectWithFlash(w, r, h.sessions, emergencyURL(e.ID), i18n.T(r.Context(), "press.emergency.already_ended"))
		return
	}
	ps, err := h.store.EmergencyStatements(r.Context(), e.ID)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	v := endView{E: e, Now: h.now()}
	for _, p := range ps {
		if p.Status == StatementSubmitted {
			v.Waiting++
		}
	}
	web.Render(w, r, http.StatusOK, endEmergencyPage(v))
}

func (h *Handler) endEmergency(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	e, err := h.pathEmergency(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	switch err := h.store.EndEmergency(ctx, e.ID, f.Version()); {
	case err == nil:
		web.RedirectWithFlash(w, r, h.sessions, emergencyURL(e.ID), i18n.T(ctx, "press.emergency.ended"))
	case errors.Is(err, ErrEmergencyEnded):
		web.RedirectWithFlash(w, r, h.sessions, emergencyURL(e.ID), i18n.T(ctx, "press.emergency.already_ended"))
	case errors.Is(err, errs.Conflict):
		web.RedirectWithFlash(w, r, h.sessions, emergencyURL(e.ID), i18n.T(ctx, "press.emergency.stale"))
	default:
		web.Error(w, r, err)
	}
}

// The board: what waits for a decision, oldest first, and what was decided.

// BoardRefresh is how often an open board of an emergency in force reads
// its lists again.
const BoardRefresh = "every 30s"

type boardView struct {
	E        Emergency
	Waiting  []Statement
	Decided  []Statement
	Units    map[int64]Contact
	Now      time.Time
	Overdue  int
	Approved int
	Rejected int
}

// statementsOf reads an emergency's statements with their units' names.
func (h *Handler) statementsOf(ctx context.Context, id int64) ([]Statement, map[int64]Contact, error) {
	ps, err := h.store.EmergencyStatements(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	units, err := h.store.Contacts(ctx, statementUnits(ps))
	return ps, units, err
}

func (h *Handler) emergencyBoard(w http.ResponseWriter, r *http.Request) {
	e, err := h.pathEmergency(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	v := boardView{E: e, Now: h.now()}
	ps, units, err := h.statementsOf(r.Context(), e.ID)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	v.Units = units
	for _, p := range ps {
		switch {
		case p.Status == StatementSubmitted:
			v.Waiting = append(v.Waiting, p)
			if p.Overdue(v.Now) {
				v.Overdue++
			}
		default:
			v.Decided = append(v.Decided, p)
			if p.Status.Approved() {
				v.Approved++
			} else {
				v.Rejected++
			}
		}
	}
	// The latest decision first.
	slices.SortStableFunc(v.Decided, func(a, b Statement) int { return b.DecidedAt.Compare(*a.DecidedAt) })
	web.Render(w, r, http.StatusOK, boardPage(v))
}

// The timeline for the review afterwards, to read or print.

type reviewView struct {
	E          Emergency
	Statements []Statement
	Units      map[int64]Contact
	Events     []EmergencyEvent
	Now        time.Time
	// Figures: decided, past the target, the longest decision.
	Decided, Late, Longest int
}

func (h *Handler) emergencyTimeline(w http.ResponseWriter, r *http.Request) {
	e, err := h.pathEmergency(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	v := reviewView{E: e, Now: h.now()}
	if v.Statements, v.Units, err = h.statementsOf(r.Context(), e.ID); err != nil {
		web.Error(w, r, err)
		return
	}
	if v.Events, err = h.store.EmergencyTimeline(r.Context(), e, v.Statements, v.Units); err != nil {
		web.Error(w, r, err)
		return
	}
	for _, p := range v.Statements {
		if p.DecidedAt == nil {
			continue
		}
		v.Decided++
		if p.Late(*p.DecidedAt) > 0 {
			v.Late++
		}
		v.Longest = max(v.Longest, Minutes(p.Took()))
	}
	web.Render(w, r, http.StatusOK, reviewPage(v))
}

// A unit's page: the emergency in force and their own statements.

type myStatementsView struct {
	Active *Emergency
	Rows   []Statement
	Now    time.Time
}

// active is the emergency in force, or nil.
func (h *Handler) active(ctx context.Context) (*Emergency, error) {
	e, err := h.store.ActiveEmergency(ctx)
	switch {
	case errors.Is(err, errs.NotFound):
		return nil, nil
	case err != nil:
		return nil, err
	}
	return &e, nil
}

func (h *Handler) statements(w http.ResponseWriter, r *http.Request) {
	v := myStatementsView{Now: h.now()}
	var err error
	if v.Active, err = h.active(r.Context()); err != nil {
		web.Error(w, r, err)
		return
	}
	if v.Rows, err = h.store.MyStatements(r.Context()); err != nil {
		web.Error(w, r, err)
		return
	}
	web.Render(w, r, http.StatusOK, myStatementsPage(v))
}

// The statement's form.

type statementForm struct {
	Unit                 contacts.LookupValue
	UnitName, OnBehalfOf string
	Channel, Body        string
	EmergencyID          int64
	Idem                 string
}

type statementFormView struct {
	E      *Emergency
	Form   statementForm
	Errors form.Errors
	// ForOthers: the department's person, who picks the unit from the
	// directory and says whom they enter it for.
	ForOthers bool
}

func forOthers(ctx context.Context) bool { return auth.UserFrom(ctx).Can(auth.AreaPress) }

func (h *Handler) newStatementPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	v := statementFormView{ForOthers: forOthers(ctx)}
	var err error
	if v.E, err = h.active(ctx); err != nil {
		web.Error(w, r, err)
		return
	}
	if v.E != nil {
		v.Form = statementForm{Body: v.E.Template, EmergencyID: v.E.ID, Idem: web.FormKey()}
		if !v.ForOthers {
			if v.Form.UnitName, err = h.store.LastUnitName(ctx); err != nil {
				web.Error(w, r, err)
				return
			}
		}
		// ?from= a rejected statement one may read: its words and where
		// they were meant for, to correct and send again.
		if from, err := strconv.ParseInt(form.URLValues(r).Get("from"), 10, 64); err == nil {
			p, err := h.store.StatementFor(ctx, from)
			if err != nil {
				web.Error(w, r, err)
				return
			}
			v.Form.Body, v.Form.Channel = p.Body, p.Channel
			if p.UnitName != "" {
				v.Form.UnitName = p.UnitName
			}
		}
	}
	web.Render(w, r, http.StatusOK, statementFormPage(v))
}

// readStatement checks the form; the unit is picked from the directory
// by the department, typed by a unit's staff member.
func (h *Handler) readStatement(ctx context.Context, f *form.Values, e Emergency, others bool) (statementForm, Statement, error) {
	in := statementForm{
		UnitName:    f.Text("unit_name", !others, MaxUnitName),
		Channel:     f.Text("channel", true, MaxChannel),
		Body:        f.Text("body", true, MaxStatement),
		EmergencyID: e.ID,
		Idem:        f.Raw("idem"),
	}
	p := Statement{EmergencyID: e.ID, UnitName: in.UnitName, Channel: in.Channel, Body: in.Body, IdempotencyKey: in.Idem}
	if others {
		in.Unit = contacts.ReadLookup(f, "unit_id")
		in.OnBehalfOf = f.Text("on_behalf_of", false, MaxOnBehalfOf)
		p.OnBehalfOf = in.OnBehalfOf
		if h.contacts != nil {
			if err := h.contacts.Resolve(ctx, f, &in.Unit, "unit_id", contacts.Organisation); err != nil {
				return in, p, err
			}
			if in.Unit.ID != 0 {
				bs, err := h.contacts.Briefs(ctx, []int64{in.Unit.ID})
				if err != nil {
					return in, p, err
				}
				if len(bs) == 1 && !slices.Contains(unitTypes, bs[0].OrgType) {
					f.Add("unit_id", "press.statement.unit_id_type")
				}
			}
		}
		if id := in.Unit.ID; id != 0 {
			p.UnitID = &id
			// The directory names it; a name typed beside it is not kept.
			p.UnitName, in.UnitName = "", ""
		} else if in.UnitName == "" && f.Errors.Get("unit_id") == "" {
			f.Add("unit_id", "press.statement.unit_required")
		}
	}
	if p.Body != "" && f.Errors.Get("body") == "" {
		if gaps := Unfilled(p.Body, e.Template); len(gaps) > 0 {
			f.Add("body", "press.statement.body_unfilled", strings.Join(gaps, ", "))
		}
	}
	return in, p, nil
}

func (h *Handler) submitStatement(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f.Messages("press.statement")
	idem := f.Raw("idem")
	eid, err := strconv.ParseInt(f.Raw("emergency_id"), 10, 64)
	if err != nil {
		web.Error(w, r, errs.Invalid)
		return
	}
	o := web.Once{Key: idem, ByKey: h.store.StatementByIdempotencyKey, URL: statementURL, Saved: "press.statement.submitted_flash",
		Already: "press.statement.already_submitted"}
	if web.MadeBefore(w, r, h.sessions, o) {
		return
	}
	e, err := h.store.Emergency(ctx, eid)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	v := statementFormView{E: &e, ForOthers: forOthers(ctx)}
	in, p, err := h.readStatement(ctx, f, e, v.ForOthers)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	status, done := web.CreateOnce(w, r, h.sessions, f, o, func() (int64, error) { return h.store.SubmitStatement(ctx, p) })
	if done {
		return
	}
	v.Form, v.Errors = in, f.Errors
	web.Render(w, r, status, statementFormPage(v))
}

// The statement's card, with the department's decision.

type statementCardView struct {
	S      Statement
	E      Emergency
	Unit   string
	Diff   []Piece
	Now    time.Time
	Text   string // the decision form's text
	Note   string // its comment
	Errors form.Errors
}

func (h *Handler) renderStatement(w http.ResponseWriter, r *http.Request, status int, v statementCardView) {
	ctx := r.Context()
	var err error
	if v.E, err = h.store.Emergency(ctx, v.S.EmergencyID); err != nil {
		web.Error(w, r, err)
		return
	}
	v.Unit = v.S.UnitName
	if v.S.UnitID != nil {
		c, err := h.store.Contact(ctx, v.S.UnitID)
		if err != nil {
			web.Error(w, r, err)
			return
		}
		if c != nil {
			v.Unit = c.Name
		}
	}
	if v.S.Status == StatementEdited {
		v.Diff = Diff(v.S.Body, v.S.ApprovedText)
	}
	if v.Text == "" && !v.Errors.Any() {
		v.Text = v.S.Body
	}
	v.Now = h.now()
	web.Render(w, r, status, statementCardPage(v))
}

func (h *Handler) pathStatement(r *http.Request) (Statement, error) {
	id, err := web.PathID(r, "id")
	if err != nil {
		return Statement{}, err
	}
	return h.store.StatementFor(r.Context(), id)
}

func (h *Handler) statementCard(w http.ResponseWriter, r *http.Request) {
	p, err := h.pathStatement(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	h.renderStatement(w, r, http.StatusOK, statementCardView{S: p})
}

// decisions are the buttons of the decision form.
var decisions = []string{"approve", "reject"}

func (h *Handler) decideStatement(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p, err := h.pathStatement(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f.Messages("press.statement")
	choice := form.Enum(f, "decision", true, decisions)
	d := StatementDecision{Approve: choice == "approve", Text: f.Text("text", false, MaxStatement),
		Comment: f.Text("comment", false, MaxStatementComment)}
	if choice != "" {
		for _, c := range d.Check(p.Body) {
			if f.Errors.Get(c[0]) == "" {
				f.Add(c[0], c[1])
			}
		}
	}
	status := http.StatusUnprocessableEntity
	if !f.Errors.Any() {
		err := h.store.DecideStatement(ctx, p.ID, f.Version(), d)
		if err == nil {
			// Back to the board, where the next statement waits.
			web.RedirectWithFlash(w, r, h.sessions, emergencyURL(p.EmergencyID), i18n.T(ctx, "press.statement.decided_"+string(d.Outcome(p.Body))))
			return
		}
		var ok bool
		if status, ok = f.Refused(err); !ok {
			web.Error(w, r, err)
			return
		}
		// Drawn again as it now stands.
		if p, err = h.store.Statement(ctx, p.ID); err != nil {
			web.Error(w, r, err)
			return
		}
	}
	h.renderStatement(w, r, status, statementCardView{S: p, Text: d.Text, Note: d.Comment, Errors: f.Errors})
}
