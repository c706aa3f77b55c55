package press

import (
	"errors"
	"net/http"

	"github.com/daugavpils/prdesk/internal/contacts"
	"github.com/daugavpils/prdesk/internal/errs"
	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/web"
)

// textForm is one language's fields as typed.
type textForm struct {
	Lang              Lang
	Title, Lead, Body string
	Status            string
}

// releaseForm is the release's form as typed.
type releaseForm struct {
	Topic                    string
	Texts                    []textForm // in the order of Langs
	EmbargoDate, EmbargoTime string
	ContactPerson            contacts.LookupValue
	Version                  int
	Idem                     string
}

// text is the form's fields of lang.
func (f releaseForm) text(lang Lang) textForm {
	for _, t := range f.Texts {
		if t.Lang == lang {
			return t
		}
	}
	return textForm{Lang: lang}
}

type releaseView struct {
	ID     int64 // 0 for a new release
	Status Status
	Form   releaseForm
	Errors form.Errors
}

func (h *Handler) newPage(w http.ResponseWriter, r *http.Request) {
	web.Render(w, r, http.StatusOK, releasePage(releaseView{Form: releaseForm{Idem: web.FormKey()}}))
}

// formOf is the form of release x as it stands.
func (h *Handler) formOf(r *http.Request, x Release) (releaseForm, error) {
	f := releaseForm{Topic: x.Content.Topic, Version: x.Version}
	for _, l := range Langs {
		t, ok := x.Content.Text(l)
		if !ok {
			f.Texts = append(f.Texts, textForm{Lang: l})
			continue
		}
		f.Texts = append(f.Texts, textForm{Lang: l, Title: t.Title, Lead: t.Lead, Body: t.Body, Status: string(t.Status)})
	}
	f.EmbargoDate, f.EmbargoTime = momentFields(x.EmbargoUntil)
	c, err := h.store.Contact(r.Context(), x.ContactPersonID)
	if err != nil {
		return f, err
	}
	if c != nil {
		f.ContactPerson = contacts.LookupValue{ID: c.ID, Label: c.Name}
	}
	return f, nil
}

func (h *Handler) editPage(w http.ResponseWriter, r *http.Request) {
	x, err := h.pathRelease(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	if !x.Status.Editable() {
		web.RedirectWithFlash(w, r, h.sessions, releaseURL(x.ID), i18n.T(r.Context(), "press.release.not_editable"))
		return
	}
	f, err := h.formOf(r, x)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	web.Render(w, r, http.StatusOK, releasePage(releaseView{ID: x.ID, Status: x.Status, Form: f}))
}

func (h *Handler) pathRelease(r *http.Request) (Release, error) {
	id, err := web.PathID(r, "id")
	if err != nil {
		return Release{}, err
	}
	return h.store.Release(r.Context(), id)
}

// readRelease checks the form; the database's checks are repeated here so
// that each refusal has its message beside its field.
func (h *Handler) readRelease(r *http.Request, f *form.Values) (releaseForm, Input, error) {
	in := releaseForm{
		Topic:         f.Text("topic", false, MaxTopic),
		EmbargoDate:   f.Raw("embargo_date"),
		EmbargoTime:   f.Raw("embargo_time"),
		ContactPerson: contacts.ReadLookup(f, "contact_person_id"),
		Version:       f.Version(),
		Idem:          f.Raw("idem"),
	}
	d := Input{Content: Content{Topic: in.Topic}, IdempotencyKey: in.Idem}
	for _, l := range Langs {
		sfx := "_" + string(l)
		t := textForm{Lang: l, Title: f.Text("title"+sfx, l == Latvian, MaxTitle), Lead: f.Text("lead"+sfx, false, MaxLead),
			Body: f.Text("body"+sfx, l == Latvian, MaxBody)}
		status := TextReady
		if l != Latvian {
			t.Status = f.Raw("status" + sfx)
			status = form.Enum(f, "status"+sfx, false, TextStatuses)
			if status == "" {
				status = TextDraft
			}
		}
		in.Texts = append(in.Texts, t)
		// A translation nobody started is no translation; one started
		// must have its title and text.
		if l != Latvian && t.Title == "" && t.Lead == "" && t.Body == "" {
			continue
		}
		d.Content.Texts = append(d.Content.Texts, Text{Lang: l, Status: status, Title: t.Title, Lead: t.Lead, Body: t.Body})
	}
	for _, p := range d.Content.Check() {
		if f.Errors.Get(p[0]) == "" {
			f.Add(p[0], p[1])
		}
	}
	if at := f.Moment("embargo_date", "embargo_time", false); !at.IsZero() {
		d.EmbargoUntil = &at
	}
	if h.contacts != nil {
		if err := h.contacts.Resolve(r.Context(), f, &in.ContactPerson, "contact_person_id", contacts.Person); err != nil {
			return in, d, err
		}
	}
	if id := in.ContactPerson.ID; id != 0 {
		d.ContactPersonID = &id
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
	f.Messages("press.release")
	in, d, err := h.readRelease(r, f)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	o := web.Once{Key: in.Idem, ByKey: h.store.ByIdempotencyKey, URL: releaseURL, Saved: "press.release.created", Already: "press.release.already_saved"}
	if web.MadeBefore(w, r, h.sessions, o) {
		return
	}
	status, done := web.CreateOnce(w, r, h.sessions, f, o, func() (int64, error) { return h.store.Create(ctx, d) })
	if done {
		return
	}
	web.Render(w, r, status, releasePage(releaseView{Form: in, Errors: f.Errors}))
}

func (h *Handler) update(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	old, err := h.pathRelease(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f.Messages("press.release")
	in, d, err := h.readRelease(r, f)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	d.IdempotencyKey = ""
	status := http.StatusUnprocessableEntity
	if !f.Errors.Any() {
		res, err := h.store.Save(ctx, old.ID, in.Version, d)
		if err == nil {
			web.RedirectWithFlash(w, r, h.sessions, releaseURL(old.ID), savedText(r, res, old.Status))
			return
		}
		if errors.Is(err, errs.Conflict) && !old.Status.Editable() {
			web.RedirectWithFlash(w, r, h.sessions, releaseURL(old.ID), i18n.T(ctx, "press.release.not_editable"))
			return
		}
		var ok bool
		if status, ok = f.Refused(err); !ok {
			web.Error(w, r, err)
			return
		}
	}
	web.Render(w, r, status, releasePage(releaseView{ID: old.ID, Status: old.Status, Form: in, Errors: f.Errors}))
}

// savedText is the flash after a save: which version it made, and that an
// approved release went back for approval.
func savedText(r *http.Request, res SaveResult, before Status) string {
	ctx := r.Context()
	switch {
	case res.NewVersion == 0:
		return i18n.T(ctx, "press.release.saved_same")
	case before == Approved && res.Status == Approval:
		return i18n.T(ctx, "press.release.saved_reapproval", res.NewVersion)
	default:
		return i18n.T(ctx, "press.release.saved", res.NewVersion)
	}
}

func (v releaseView) action() string {
	if v.ID == 0 {
		return "/press"
	}
	return releaseURL(v.ID) + "/edit"
}
