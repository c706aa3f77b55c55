package contacts

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/web"
)

// The form that adds or edits a contact: one form, its fields by kind.

// contactForm is the form as typed, so it comes back as it was.
type contactForm struct {
	Kind                                            Kind
	Name, GivenName, FamilyName, NameOriginal       string
	OrgType, MediaKind, Country, City, Address, Web string
	Active                                          bool
	FormOfAddress, Position, Channel                string
	Languages, Topics                               []string
	Emails, Phones, Tags, Notes                     string
	LegalBasis, ConsentDate, ConsentScope, Source   string
	OptOut                                          bool
	Parent                                          LookupValue // an organisation's parent
	Org                                             LookupValue // a new person's organisation
	Role                                            string
	Version                                         int
	Idem                                            string
	Confirm                                         bool // saved despite the duplicates shown
}

type formView struct {
	ID     int64 // 0 for a new contact
	Form   contactForm
	Errors form.Errors
	Dups   []Duplicate // possible duplicates shown before saving
}

// formOf is the form of a stored contact.
func formOf(c Contact) contactForm {
	f := contactForm{Kind: c.Kind, Name: c.Name, GivenName: c.GivenName, FamilyName: c.FamilyName, NameOriginal: c.NameOriginal,
		OrgType: string(c.OrgType), MediaKind: string(c.MediaKind), Country: c.Country, City: c.City, Address: c.Address,
		Web: c.Website, Active: c.Active, FormOfAddress: c.FormOfAddress, Position: c.Position,
		Channel: string(c.PreferredChannel), Languages: c.Languages, Topics: c.Topics,
		Emails: strings.Join(c.Emails, "\n"), Phones: strings.Join(c.Phones, "\n"), Tags: strings.Join(c.Tags, ", "),
		Notes: c.Notes, LegalBasis: string(c.LegalBasis), ConsentDate: dateText(c.ConsentDate), ConsentScope: c.ConsentScope,
		Source: c.Source, OptOut: c.OptOut, Version: c.Version}
	if c.ParentID != nil {
		f.Parent = LookupValue{ID: *c.ParentID, Label: c.ParentName}
	}
	return f
}

// readContact checks the form; the database's checks are repeated here so
// that each refusal has its message beside its field.
func readContact(f *form.Values, kind Kind) (contactForm, Contact) {
	in := contactForm{Kind: kind, NameOriginal: f.Text("name_original", false, 300), Country: f.Raw("country"),
		City: f.Text("city", false, 100), Emails: f.Text("emails", false, 2000), Phones: f.Text("phones", false, 1000),
		Tags: f.Text("tags", false, 600), Notes: f.Text("notes", false, 4000), Version: f.Version(),
		Idem: f.Raw("idem"), Confirm: f.Bool("confirm")}
	c := Contact{Kind: kind, NameOriginal: in.NameOriginal, City: in.City, Notes: in.Notes, Version: in.Version, Active: true}
	c.Country = string(form.Enum(f, "country", true, Countries))
	if kind == Person {
		in.GivenName = f.Text("given_name", true, 150)
		in.FamilyName = f.Text("family_name", true, 150)
		in.FormOfAddress = f.Text("form_of_address", false, 40)
		in.Position = f.Text("position", false, 200)
		in.Channel = f.Raw("channel")
		in.Languages = f.Choices("languages", Languages...)
		in.Topics = f.Choices("topics", Topics...)
		in.LegalBasis = f.Raw("legal_basis")
		in.ConsentDate = strings.TrimSpace(f.Raw("consent_date"))
		in.ConsentScope = f.Text("consent_scope", false, 300)
		in.Source = f.Text("source", true, 300)
		in.OptOut = f.Bool("opt_out")
		in.Org = readLookupValue(f, "org")
		in.Role = f.Text("role", false, 200)
		c.GivenName, c.FamilyName, c.FormOfAddress, c.Position = in.GivenName, in.FamilyName, in.FormOfAddress, in.Position
		c.Name = PersonName(in.GivenName, in.FamilyName)
		c.PreferredChannel = form.Enum(f, "channel", false, Channels)
		c.Languages, c.Topics = in.Languages, in.Topics
		c.LegalBasis = form.Enum(f, "legal_basis", true, LegalBases)
		c.ConsentScope, c.Source, c.OptOut = in.ConsentScope, in.Source, in.OptOut
		if c.LegalBasis == Consent {
			d := f.Date("consent_date", true)
			if !d.IsZero() {
				c.ConsentDate = &d
			}
		}
	} else {
		in.Name = f.Text("name", true, 300)
		in.OrgType = f.Raw("org_type")
		in.MediaKind = f.Raw("media_kind")
		in.Address = f.Text("address", false, 300)
		in.Web = f.Text("website", false, 300)
		in.Active = f.Bool("active")
		in.Parent = readLookupValue(f, "parent")
		c.Name, c.Address, c.Active = in.Name, in.Address, in.Active
		c.OrgType = form.Enum(f, "org_type", true, OrgTypes)
		c.MediaKind = form.Enum(f, "media_kind", false, MediaKinds)
		if c.MediaKind != "" && c.OrgType != Media && f.Errors.Get("org_type") == "" {
			f.Add("media_kind", "contacts.err_media_kind")
		}
		if in.Web != "" {
			w := in.Web
			if !strings.Contains(w, "://") {
				w = "https://" + w
			}
			if !strings.HasPrefix(w, "http://") && !strings.HasPrefix(w, "https://") || strings.ContainsAny(w, " <>\"") {
				f.Add("website", "contacts.err_website")
			}
			c.Website = w
		}
		if in.Parent.ID != 0 {
			id := in.Parent.ID
			c.ParentID = &id
		}
	}
	for _, e := range SplitList(in.Emails) {
		e = NormalizeEmail(e)
		if !ValidEmail(e) {
			f.Add("emails", "contacts.err_email", e)
			break
		}
		if !contains(c.Emails, e) {
			c.Emails = append(c.Emails, e)
		}
	}
	for _, p := range SplitList(in.Phones) {
		n, ok := NormalizePhone(p)
		if !ok {
			f.Add("phones", "contacts.err_phone", strings.TrimSpace(p))
			break
		}
		if !contains(c.Phones, n) {
			c.Phones = append(c.Phones, n)
		}
	}
	if len(c.Emails) > 10 {
		f.Add("emails", "contacts.err_too_many", 10)
	}
	if len(c.Phones) > 10 {
		f.Add("phones", "contacts.err_too_many", 10)
	}
	c.Tags = CleanTags(SplitList(in.Tags))
	if len(c.Tags) > 30 {
		f.Add("tags", "contacts.err_too_many", 30)
	}
	return in, c
}

func contains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// kindOf is the kind a new contact's form is for.
func kindOf(r *http.Request) Kind {
	if Kind(form.URLValues(r).Get("kind")) == Organisation || r.PostFormValue("kind") == string(Organisation) {
		return Organisation
	}
	return Person
}

func (h *Handler) newPage(w http.ResponseWriter, r *http.Request) {
	k := kindOf(r)
	f := contactForm{Kind: k, Country: "LV", Active: true, Idem: newIdempotencyKey()}
	q := form.URLValues(r)
	if k == Person {
		f.LegalBasis = string(LegitimateInterest)
		f.GivenName, f.FamilyName = q.Get("given_name"), q.Get("family_name")
	} else {
		f.Name = q.Get("name")
	}
	web.Render(w, r, http.StatusOK, formPage(formView{Form: f}))
}

func (h *Handler) create(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f.Messages("contacts.form")
	k := kindOf(r)
	in, c := readContact(f, k)
	if len(in.Idem) < 8 || len(in.Idem) > 64 {
		in.Idem = newIdempotencyKey()
	}
	status := http.StatusUnprocessableEntity
	var dups []Duplicate
	if !f.Errors.Any() {
		// A form already saved (a double click, a resubmit) leads to what it saved.
		if id, err := h.store.ByIdempotencyKey(ctx, in.Idem); err == nil {
			web.Redirect(w, r, contactURL(id))
			return
		}
		if !in.Confirm {
			if dups, err = h.store.Duplicates(ctx, c, in.Org.ID); err != nil {
				web.Error(w, r, err)
				return
			}
		}
		if len(dups) == 0 {
			id, err := h.store.CreateWith(ctx, c, in.Idem, Membership{OrgID: in.Org.ID, Role: in.Role})
			if err == nil {
				web.RedirectWithFlash(w, r, h.sessions, contactURL(id), i18n.T(ctx, "contacts.saved"))
				return
			}
			var ok bool
			if status, ok = f.Refused(err); !ok {
				web.Error(w, r, err)
				return
			}
		} else {
			status = http.StatusOK
		}
	}
	web.Render(w, r, status, formPage(formView{Form: in, Errors: f.Errors, Dups: dups}))
}

// pathContact reads the contact of the path's {id}.
func (h *Handler) pathContact(r *http.Request) (Contact, error) {
	id, err := web.PathID(r, "id")
	if err != nil {
		return Contact{}, err
	}
	return h.store.Get(r.Context(), id)
}

func (h *Handler) editPage(w http.ResponseWriter, r *http.Request) {
	c, err := h.pathContact(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	if c.MergedInto != nil {
		web.Redirect(w, r, contactURL(*c.MergedInto)+"/edit")
		return
	}
	web.Render(w, r, http.StatusOK, formPage(formView{ID: c.ID, Form: formOf(c)}))
}

func (h *Handler) update(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	old, err := h.pathContact(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f.Messages("contacts.form")
	in, c := readContact(f, old.Kind)
	c.ID = old.ID
	status := http.StatusUnprocessableEntity
	var dups []Duplicate
	if !f.Errors.Any() {
		if !in.Confirm {
			if dups, err = h.store.Duplicates(ctx, c, 0); err != nil {
				web.Error(w, r, err)
				return
			}
		}
		if len(dups) == 0 {
			err := h.store.Update(ctx, c)
			if err == nil {
				web.RedirectWithFlash(w, r, h.sessions, contactURL(c.ID), i18n.T(ctx, "contacts.saved"))
				return
			}
			var ok bool
			if status, ok = f.Refused(err); !ok {
				web.Error(w, r, err)
				return
			}
		} else {
			status = http.StatusOK
		}
	}
	web.Render(w, r, status, formPage(formView{ID: c.ID, Form: in, Errors: f.Errors, Dups: dups}))
}

func formTitle(ctx context.Context, v formView) string {
	switch {
	case v.ID != 0:
		return i18n.T(ctx, "contacts.edit_title")
	case v.Form.Kind == Person:
		return i18n.T(ctx, "contacts.new_person")
	}
	return i18n.T(ctx, "contacts.new_org")
}

func formAction(v formView) string {
	if v.ID == 0 {
		return "/contacts"
	}
	return contactURL(v.ID) + "/edit"
}

// consentHint is today's date as the consent date's example.
func consentHint(ctx context.Context, now time.Time) string {
	return i18n.T(ctx, "contacts.form.date_hint", i18n.Date(now))
}
