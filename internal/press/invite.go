package press

import (
	"errors"
	"net/http"

	"github.com/daugavpils/prdesk/internal/contacts"
	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/web"
)

// inviteView is the invitation's form: the lists and journalists, and,
// after "preview", whom it would reach.
type inviteView struct {
	E       Event
	Lists   []contacts.ListLine
	Form    sendForm
	Errors  form.Errors
	Preview *contacts.RecipientSet
	Link    string // the accreditation form's address, when open
}

func (h *Handler) invitePage(w http.ResponseWriter, r *http.Request) {
	e, err := h.pathEvent(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	if !e.Invitable(h.now()) {
		web.RedirectWithFlash(w, r, h.sessions, eventURL(e.ID), i18n.T(r.Context(), "press.invite.too_late"))
		return
	}
	h.renderInvite(w, r, http.StatusOK, inviteView{E: e, Form: sendForm{Version: e.Version, People: make([]contacts.LookupValue, MaxPeople)}})
}

func (h *Handler) renderInvite(w http.ResponseWriter, r *http.Request, status int, v inviteView) {
	if v.Lists == nil {
		var err error
		if v.Lists, err = h.mailingLists(r.Context()); err != nil {
			web.Error(w, r, err)
			return
		}
	}
	if v.E.Accrediting(h.now()) {
		v.Link = accreditationURL(r, v.E.AccreditationToken)
	}
	web.Render(w, r, status, invitePage(v))
}

func (h *Handler) invitePreview(w http.ResponseWriter, r *http.Request) {
	h.inviteOrPreview(w, r, false)
}

func (h *Handler) invite(w http.ResponseWriter, r *http.Request) { h.inviteOrPreview(w, r, true) }

func (h *Handler) inviteOrPreview(w http.ResponseWriter, r *http.Request, confirmed bool) {
	ctx := r.Context()
	e, err := h.pathEvent(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f.Messages("press.send")
	v := inviteView{E: e}
	if v.Lists, err = h.mailingLists(ctx); err != nil {
		web.Error(w, r, err)
		return
	}
	v.Form.Version = f.Version()
	lists, people, err := h.readRecipients(r, f, v.Lists, &v.Form)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	if len(lists)+len(people) == 0 && !f.Errors.Any() {
		f.Add("lists", "press.send.none_chosen")
	}
	status := http.StatusUnprocessableEntity
	if !f.Errors.Any() {
		if !confirmed {
			set, err := h.store.InvitePreview(ctx, e.ID, lists, people)
			if err != nil {
				web.Error(w, r, err)
				return
			}
			v.Preview = &set
			h.renderInvite(w, r, http.StatusOK, v)
			return
		}
		res, err := h.store.Invite(ctx, e.ID, v.Form.Version, lists, people, accreditationURL(r, e.AccreditationToken))
		switch {
		case err == nil:
			web.RedirectWithFlash(w, r, h.sessions, eventURL(e.ID), i18n.T(ctx, "press.invite.sent", res.Mails, res.LeftOut))
			return
		case errors.Is(err, ErrWrongStatus):
			web.RedirectWithFlash(w, r, h.sessions, eventURL(e.ID), i18n.T(ctx, "press.invite.stale"))
			return
		}
		var ok bool
		if status, ok = f.Refused(err); !ok {
			web.Error(w, r, err)
			return
		}
	}
	v.Errors = f.Errors
	h.renderInvite(w, r, status, v)
}
