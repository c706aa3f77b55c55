package delegations

import (
	"net/http"
	"time"

	"github.com/daugavpils/prdesk/internal/calendar"
	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/web"
)

// cardView is one delegation with everything about it.
type cardView struct {
	D        Delegation
	Org      *Contact
	Timeline []TimelineLine
	Today    time.Time
	People   []Participant
	// Officials are the accounts that may be added as ours.
	Officials []Person
	// The person's form, as typed, when it was refused.
	PersonForm   personForm
	PersonErrors form.Errors
}

func (h *Handler) card(w http.ResponseWriter, r *http.Request) {
	d, err := h.pathDelegation(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	h.renderCard(w, r, http.StatusOK, cardView{D: d})
}

func (h *Handler) renderCard(w http.ResponseWriter, r *http.Request, status int, v cardView) {
	ctx := r.Context()
	v.Today = calendar.DateOf(h.now())
	if v.D.OrgID != nil {
		names, err := h.store.Contacts(ctx, []int64{*v.D.OrgID})
		if err != nil {
			web.Error(w, r, err)
			return
		}
		if c, ok := names[*v.D.OrgID]; ok {
			v.Org = &c
		}
	}
	var err error
	if v.People, err = h.store.OpenPeople(ctx, v.D.ID); err != nil {
		web.Error(w, r, err)
		return
	}
	if canEdit(ctx) {
		if v.Officials, err = h.store.Officials(ctx); err != nil {
			web.Error(w, r, err)
			return
		}
	}
	if v.Timeline, err = h.store.Timeline(ctx, v.D.ID); err != nil {
		web.Error(w, r, err)
		return
	}
	web.Render(w, r, status, cardPage(v))
}
