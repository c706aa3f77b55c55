package delegations

import (
	"net/http"
	"strconv"

	"github.com/daugavpils/prdesk/internal/contacts"
	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/web"
)

// personForm is the form that adds a person to a delegation, or edits
// their protocol details, as typed.
type personForm struct {
	Side                                       string
	User                                       string
	Contact                                    contacts.LookupValue
	Position, AddressForm, Dietary, AccessNeed string
	Version                                    int
}

// readPerson checks the person's form.
func (h *Handler) readPerson(r *http.Request, f *form.Values, adding bool) (personForm, Participant, error) {
	in := personForm{
		Position:    f.Text("position", false, 200),
		AddressForm: f.Text("address_form", false, 200),
		Dietary:     f.Text("dietary", false, 500),
		AccessNeed:  f.Text("access_needs", false, 500),
		Version:     f.Version(),
	}
	p := Participant{Position: in.Position, AddressForm: in.AddressForm, Dietary: in.Dietary, AccessNeeds: in.AccessNeed, Version: in.Version}
	if !adding {
		return in, p, nil
	}
	in.Side = string(form.Enum(f, "side", true, []Side{Ours, Guest}))
	p.Side = Side(in.Side)
	if p.Side == Ours {
		in.User = f.Raw("user_id")
		if id := f.ID("user_id", true); id != 0 {
			p.UserID = &id
		}
	} else if p.Side == Guest {
		in.Contact = contacts.ReadLookup(f, "contact_id")
		if h.contacts != nil {
			if err := h.contacts.Resolve(r.Context(), f, &in.Contact, "contact_id", contacts.Person); err != nil {
				return in, p, err
			}
		}
		if in.Contact.ID == 0 && f.Errors.Get("contact_id") == "" {
			f.Add("contact_id", "delegations.people.contact_id_required")
		}
		if id := in.Contact.ID; id != 0 {
			p.ContactID = &id
		}
	}
	return in, p, nil
}

func (h *Handler) addPerson(w http.ResponseWriter, r *http.Request) {
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
	f.Messages("delegations.people")
	in, p, err := h.readPerson(r, f, true)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	p.DelegationID = d.ID
	status := http.StatusUnprocessableEntity
	if !f.Errors.Any() {
		_, err := h.store.AddPerson(ctx, p)
		if err == nil {
			web.RedirectWithFlash(w, r, h.sessions, delegationURL(d.ID)+"#people", i18n.T(ctx, "delegations.people.added"))
			return
		}
		var ok bool
		if status, ok = f.Refused(err); !ok {
			web.Error(w, r, err)
			return
		}
	}
	h.renderCard(w, r, status, cardView{D: d, PersonForm: in, PersonErrors: f.Errors})
}

type personView struct {
	D      Delegation
	P      Participant
	Form   personForm
	Errors form.Errors
}

func (h *Handler) pathPerson(r *http.Request) (Delegation, Participant, error) {
	id, err := web.PathID(r, "id")
	if err != nil {
		return Delegation{}, Participant{}, err
	}
	p, err := h.store.Person(r.Context(), id)
	if err != nil {
		return Delegation{}, Participant{}, err
	}
	d, err := h.store.Delegation(r.Context(), p.DelegationID)
	return d, p, err
}

func (h *Handler) editPersonPage(w http.ResponseWriter, r *http.Request) {
	d, p, err := h.pathPerson(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	in := personForm{Position: p.Position, AddressForm: p.AddressForm, Dietary: p.Dietary, AccessNeed: p.AccessNeeds, Version: p.Version}
	web.Render(w, r, http.StatusOK, personPage(personView{D: d, P: p, Form: in}))
}

func (h *Handler) updatePerson(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	d, p, err := h.pathPerson(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f.Messages("delegations.people")
	in, np, err := h.readPerson(r, f, false)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	np.ID, np.DelegationID = p.ID, p.DelegationID
	status, done := web.SaveEdit(w, r, h.sessions, f, delegationURL(d.ID)+"#people", "delegations.people.saved", func() error {
		return h.store.UpdatePerson(ctx, np)
	})
	if done {
		return
	}
	web.Render(w, r, status, personPage(personView{D: d, P: p, Form: in, Errors: f.Errors}))
}

func (h *Handler) removePerson(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	d, p, err := h.pathPerson(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	p.Version = f.Version()
	if err := h.store.RemovePerson(ctx, p); err != nil {
		web.Error(w, r, err)
		return
	}
	web.RedirectWithFlash(w, r, h.sessions, delegationURL(d.ID)+"#people", i18n.T(ctx, "delegations.people.removed"))
}

func personURL(id int64) string { return "/delegations/people/" + strconv.FormatInt(id, 10) }
