package contacts

import (
	"context"
	"net/http"

	"github.com/daugavpils/prdesk/internal/calendar"
	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/web"
)

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

func membersCol(ctx context.Context, c Contact) string {
	if c.IsPerson() {
		return i18n.T(ctx, "contacts.card.org")
	}
	return i18n.T(ctx, "contacts.card.person")
}

// addMembership places the person of the card in an organisation picked
// with the lookup.
func (h *Handler) addMembership(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := web.PathID(r, "id")
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
	org := ReadLookup(f, "org")
	role := f.Text("role", false, 200)
	starts := f.Date("starts_on", false)
	if org.ID == 0 && org.Q == "" {
		f.Add("org", "contacts.form.org_required")
	}
	if err := h.store.Resolve(ctx, f, &org, "org", Organisation); err != nil {
		web.Error(w, r, err)
		return
	}
	status := http.StatusUnprocessableEntity
	if !f.Errors.Any() {
		m := Membership{PersonID: id, OrgID: org.ID, Role: role}
		if !starts.IsZero() {
			m.StartsOn = &starts
		}
		_, err := h.store.AddMembership(ctx, m)
		if err == nil {
			web.RedirectWithFlash(w, r, h.sessions, contactURL(id), i18n.T(ctx, "contacts.membership_saved"))
			return
		}
		var ok bool
		if status, ok = f.Refused(err); !ok {
			web.Error(w, r, err)
			return
		}
	}
	h.renderCard(w, r, id, status, cardView{Member: org, MemberRole: role, MemberStarts: f.Raw("starts_on"), Errors: f.Errors})
}

// endMembership ends a place in an organisation today.
func (h *Handler) endMembership(w http.ResponseWriter, r *http.Request) {
	id, err := web.PathID(r, "id")
	if err != nil {
		web.Error(w, r, err)
		return
	}
	person, err := h.store.EndMembership(r.Context(), id, calendar.DateOf(h.now()))
	if err != nil {
		web.Error(w, r, err)
		return
	}
	web.RedirectWithFlash(w, r, h.sessions, contactURL(person), i18n.T(r.Context(), "contacts.membership_ended"))
}
