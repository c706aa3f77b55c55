package delegations

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/daugavpils/prdesk/internal/contacts"
	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/web"
)

// delegationForm is the delegation's form as typed.
type delegationForm struct {
	Kind, Title, Purpose, Country, City, Level string
	Org                                        contacts.LookupValue
	StartsOn, EndsOn, Status, Responsible      string
	Languages                                  []string
	Version                                    int
	Idem                                       string
	// Was is the status the delegation has (the form offers it and those
	// it may move to); empty for a new one.
	Was Status
}

type delegationView struct {
	ID     int64 // 0 for a new delegation
	Form   delegationForm
	Errors form.Errors
	Staff  []Person
}

// dateValue is a date as a form shows it: 16.05.2026.
func dateValue(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("02.01.2006.")
}

func idValue(p *int64) string {
	if p == nil {
		return ""
	}
	return strconv.FormatInt(*p, 10)
}

func (h *Handler) newPage(w http.ResponseWriter, r *http.Request) {
	f := delegationForm{Kind: string(Incoming), Status: string(Idea), Country: "LV", Level: string(OtherLevel), Idem: web.FormKey()}
	if u := userID(r.Context()); u != nil {
		f.Responsible = idValue(u)
	}
	h.renderForm(w, r, http.StatusOK, delegationView{Form: f})
}

func (h *Handler) renderForm(w http.ResponseWriter, r *http.Request, status int, v delegationView) {
	var err error
	if v.Staff, err = h.store.Staff(r.Context()); err != nil {
		web.Error(w, r, err)
		return
	}
	web.Render(w, r, status, formPage(v))
}

func (h *Handler) pathDelegation(r *http.Request) (Delegation, error) {
	id, err := web.PathID(r, "id")
	if err != nil {
		return Delegation{}, err
	}
	return h.store.Delegation(r.Context(), id)
}

func (h *Handler) editPage(w http.ResponseWriter, r *http.Request) {
	d, err := h.pathDelegation(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f := delegationForm{Kind: string(d.Kind), Title: d.Title, Purpose: d.Purpose, Country: d.Country, City: d.City,
		Level: string(d.Level), StartsOn: dateValue(d.StartsOn), EndsOn: dateValue(d.EndsOn), Status: string(d.Status),
		Responsible: idValue(d.ResponsibleID), Languages: d.Languages, Version: d.Version, Was: d.Status}
	if d.OrgID != nil {
		names, err := h.store.Contacts(r.Context(), []int64{*d.OrgID})
		if err != nil {
			web.Error(w, r, err)
			return
		}
		f.Org = contacts.LookupValue{ID: *d.OrgID, Label: names[*d.OrgID].Name}
	}
	h.renderForm(w, r, http.StatusOK, delegationView{ID: d.ID, Form: f})
}

// readDelegation checks the form; the database's checks are repeated here
// so that each refusal has its message beside its field.
func (h *Handler) readDelegation(ctx context.Context, f *form.Values, was Status) (delegationForm, Delegation, error) {
	in := delegationForm{
		Kind:        string(form.Enum(f, "kind", true, Kinds)),
		Title:       f.Text("title", true, 200),
		Purpose:     f.Text("purpose", false, 4000),
		Country:     string(form.Enum(f, "country", true, Countries)),
		City:        f.Text("city", false, 200),
		Level:       string(form.Enum(f, "level", true, Levels)),
		Org:         contacts.ReadLookup(f, "org_id"),
		StartsOn:    strings.TrimSpace(f.Raw("starts_on")),
		EndsOn:      strings.TrimSpace(f.Raw("ends_on")),
		Status:      string(form.Enum(f, "status", true, Choices(was))),
		Responsible: strings.TrimSpace(f.Raw("responsible_id")),
		Languages:   f.Choices("languages", Languages...),
		Version:     f.Version(),
		Idem:        strings.TrimSpace(f.Raw("idem")),
		Was:         was,
	}
	// A refused choice shows what was sent, so the person sees what to correct.
	for name, p := range map[string]*string{"kind": &in.Kind, "country": &in.Country, "level": &in.Level, "status": &in.Status} {
		if f.Errors.Get(name) != "" {
			*p = f.Raw(name)
		}
	}
	d := Delegation{Kind: Kind(in.Kind), Title: in.Title, Purpose: in.Purpose, Country: in.Country, City: in.City,
		Level: Level(in.Level), Status: Status(in.Status), Languages: in.Languages, Version: in.Version, IdempotencyKey: in.Idem}
	d.StartsOn = f.Date("starts_on", true)
	d.EndsOn = f.Date("ends_on", true)
	if id := f.ID("responsible_id", false); id != 0 {
		d.ResponsibleID = &id
	}
	if h.contacts != nil {
		if err := h.contacts.Resolve(ctx, f, &in.Org, "org_id", contacts.Organisation); err != nil {
			return in, d, err
		}
	}
	if id := in.Org.ID; id != 0 {
		d.OrgID = &id
	}
	for _, p := range d.Check() {
		if f.Errors.Get(p[0]) == "" {
			f.Add(p[0], p[1])
		}
	}
	return in, d, nil
}

func (h *Handler) create(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f.Messages("delegations.form")
	in, d, err := h.readDelegation(ctx, f, "")
	if err != nil {
		web.Error(w, r, err)
		return
	}
	o := web.Once{Key: in.Idem, ByKey: h.store.ByIdempotencyKey, URL: delegationURL, Saved: "delegations.form.saved",
		Already: "delegations.form.already_saved"}
	if web.MadeBefore(w, r, h.sessions, o) {
		return
	}
	status, done := web.CreateOnce(w, r, h.sessions, f, o, func() (int64, error) { return h.store.Create(ctx, d) })
	if done {
		return
	}
	h.renderForm(w, r, status, delegationView{Form: in, Errors: f.Errors})
}

func (h *Handler) update(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	old, err := h.pathDelegation(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f.Messages("delegations.form")
	in, d, err := h.readDelegation(ctx, f, old.Status)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	d.ID, d.IdempotencyKey = old.ID, ""
	status, done := web.SaveEdit(w, r, h.sessions, f, delegationURL(old.ID), "delegations.form.saved", func() error {
		return h.store.Update(ctx, d)
	})
	if done {
		return
	}
	h.renderForm(w, r, status, delegationView{ID: old.ID, Form: in, Errors: f.Errors})
}

func (v delegationView) action() string {
	if v.ID == 0 {
		return "/delegations"
	}
	return delegationURL(v.ID) + "/edit"
}

func has(list []string, s string) bool { return slices.Contains(list, s) }
