package contacts

import (
	"net/http"

	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/web"
)

// Creating a contact in place, from a lookup's "create new": the script
// asks for a few fields under the lookup (quickNew), sends them without
// the field's prefix (quickCreate), and on success picks what was made.
// Only the fields the directory needs are asked; the rest is filled in on
// the contact's own form later.

type quickView struct {
	Field  string
	Form   contactForm
	Errors form.Errors
}

func (h *Handler) quickNew(w http.ResponseWriter, r *http.Request) {
	q := form.URLValues(r)
	k := Person
	if lookupKind(q) == Organisation {
		k = Organisation
	}
	f := contactForm{Kind: k, Country: "LV", Active: true, Idem: newIdempotencyKey(), LegalBasis: string(LegitimateInterest)}
	text := q.Get("q")
	if len([]rune(text)) > 200 {
		text = string([]rune(text)[:200])
	}
	if k == Organisation {
		f.Name = text
	} else {
		f.GivenName, f.FamilyName = splitName(text)
	}
	web.Render(w, r, http.StatusOK, quickPanel(quickView{Field: fieldName(q.Get("field")), Form: f}))
}

func (h *Handler) quickCreate(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f.Messages("contacts.form")
	k := Person
	if f.Raw("kind") == string(Organisation) {
		k = Organisation
	}
	in, c := readContact(f, k)
	if len(in.Idem) < 8 || len(in.Idem) > 64 {
		in.Idem = newIdempotencyKey()
	}
	field := fieldName(f.Raw("field"))
	status := http.StatusUnprocessableEntity
	if !f.Errors.Any() {
		id, err := h.store.Create(ctx, c, in.Idem)
		if err == nil {
			web.Render(w, r, http.StatusOK, quickCreated(id, c.Name))
			return
		}
		var ok bool
		if status, ok = f.Refused(err); !ok {
			web.Error(w, r, err)
			return
		}
	}
	web.Render(w, r, status, quickPanel(quickView{Field: field, Form: in, Errors: f.Errors}))
}
