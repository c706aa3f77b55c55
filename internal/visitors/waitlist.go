package visitors

import (
	"net/http"
	"strconv"

	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/web"
)

// The waiting list of an official: the people waiting, the nearest free
// slot offered to the first of them, adding a person and taking one off
// (store_waitlist.go says how an entry stops waiting).

type waitForm struct {
	Name, Phone, Email, Topic string
}

type waitlistView struct {
	Officials []Official
	Official  *Official
	Entries   []WaitEntry
	Offer     *Slot // the nearest free slot, offered to Entries[0]
	Form      waitForm
	Errors    form.Errors
}

func waitlistURL(officialID int64) string {
	return "/visitors/waitlist?official=" + strconv.FormatInt(officialID, 10)
}

func (h *Handler) renderWaitlist(w http.ResponseWriter, r *http.Request, status int, v waitlistView) {
	ctx := r.Context()
	var err error
	if v.Officials, err = h.store.Officials(ctx); err != nil {
		web.Error(w, r, err)
		return
	}
	if v.Official != nil {
		if v.Entries, err = h.store.Waitlist(ctx, v.Official.ID); err != nil {
			web.Error(w, r, err)
			return
		}
		if len(v.Entries) > 0 {
			free, err := h.store.FreeSlots(ctx, v.Official.ID, h.now(), 1)
			if err != nil {
				web.Error(w, r, err)
				return
			}
			if len(free) > 0 {
				v.Offer = &free[0]
			}
		}
	}
	web.Render(w, r, status, waitlistPage(v))
}

func (h *Handler) waitlistPage(w http.ResponseWriter, r *http.Request) {
	q := form.FromURL(r)
	v := waitlistView{}
	status := http.StatusOK
	if s := q.Raw("official"); s != "" {
		var err error
		if v.Official, status, err = h.formOfficial(r, q, s); err != nil {
			web.Error(w, r, err)
			return
		}
	}
	v.Errors = q.Errors
	h.renderWaitlist(w, r, status, v)
}

func (h *Handler) addWaiting(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f.Messages("visitors.waitlist_form")
	v := waitlistView{}
	if v.Official, _, err = h.formOfficial(r, f, f.Raw("official")); err != nil {
		web.Error(w, r, err)
		return
	}
	in := waitForm{Name: f.Text("name", true, 200), Phone: f.Text("phone", false, 40), Email: f.Email("email", false),
		Topic: f.Text("topic", true, 500)}
	phone := NormalisePhone(in.Phone)
	if phone != "" && !ValidPhone(phone) {
		f.Add("phone", "visitors.err_phone")
	}
	if in.Phone == "" && in.Email == "" {
		f.Add("phone", "visitors.err_no_contact")
	}
	status := http.StatusUnprocessableEntity
	if !f.Errors.Any() {
		_, err := h.store.AddWaiting(ctx, WaitEntry{OfficialID: v.Official.ID, VisitorName: in.Name, Phone: phone, Email: in.Email, Topic: in.Topic})
		if err == nil {
			web.RedirectWithFlash(w, r, h.sessions, waitlistURL(v.Official.ID), i18n.T(ctx, "visitors.hours.waiting_added", in.Name))
			return
		}
		var ok bool
		if status, ok = f.Refused(err); !ok {
			web.Error(w, r, err)
			return
		}
	}
	v.Form, v.Errors = in, f.Errors
	h.renderWaitlist(w, r, status, v)
}

func (h *Handler) removeWaiting(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := web.PathID(r, "id")
	if err != nil {
		web.Error(w, r, err)
		return
	}
	e, err := h.store.WaitEntry(ctx, id)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f.Messages("visitors.waitlist_form")
	reason := f.Text("reason", true, 500)
	if f.Errors.Any() {
		o, err := h.store.AnyOfficial(ctx, e.OfficialID)
		if err != nil {
			web.Error(w, r, err)
			return
		}
		h.renderWaitlist(w, r, http.StatusUnprocessableEntity, waitlistView{Official: &o, Errors: f.Errors})
		return
	}
	if err := h.store.RemoveWaiting(ctx, id, f.Version(), reason); err != nil {
		web.Error(w, r, err)
		return
	}
	web.RedirectWithFlash(w, r, h.sessions, waitlistURL(e.OfficialID), i18n.T(ctx, "visitors.hours.waiting_removed"))
}
