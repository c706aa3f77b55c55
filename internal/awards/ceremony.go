package awards

import (
	"net/http"

	"github.com/daugavpils/prdesk/internal/contacts"
	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/mail"
	"github.com/daugavpils/prdesk/internal/web"
)

// The ceremony: its date and place are the round's; its guests are the
// laureates and people from the directory's mailing lists, each with a
// seat; the invitations go through the outbox.

type ceremonyView struct {
	R      Round
	Guests []Guest
	Lists  []contacts.ListLine
	Person contacts.LookupValue
	Errors form.Errors
}

func (h *Handler) ceremony(w http.ResponseWriter, r *http.Request) {
	rd, err := h.pathRound(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	h.renderCeremony(w, r, http.StatusOK, ceremonyView{R: rd})
}

func (h *Handler) renderCeremony(w http.ResponseWriter, r *http.Request, status int, v ceremonyView) {
	ctx := r.Context()
	var err error
	if v.Guests, err = h.store.Guests(ctx, v.R.ID); err != nil {
		web.Error(w, r, err)
		return
	}
	if canEdit(ctx) && h.contacts != nil {
		if v.Lists, err = h.contacts.MailingLists(ctx, false); err != nil {
			web.Error(w, r, err)
			return
		}
	}
	web.Render(w, r, status, ceremonyPage(v))
}

func ceremonyURL(id int64) string { return roundURL(id) + "/ceremony" }

func (h *Handler) addGuests(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	rd, err := h.pathRound(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f.Messages("awards.ceremony")
	lists := f.IDs("lists")
	person := contacts.ReadLookup(f, "person_id")
	if h.contacts != nil {
		if err := h.contacts.Resolve(ctx, f, &person, "person_id", ""); err != nil {
			web.Error(w, r, err)
			return
		}
	}
	var people []int64
	if person.ID != 0 {
		people = append(people, person.ID)
	}
	var added int
	status, done := web.SaveEdit(w, r, h.sessions, f, ceremonyURL(rd.ID), "awards.ceremony.added", func() error {
		added, err = h.store.AddGuests(ctx, rd.ID, lists, people)
		return err
	})
	_ = added
	if done {
		return
	}
	h.renderCeremony(w, r, status, ceremonyView{R: rd, Person: person, Errors: f.Errors})
}

func (h *Handler) setSeat(w http.ResponseWriter, r *http.Request) {
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
	seat := f.Text("seat", false, 20)
	if f.Errors.Any() {
		web.Error(w, r, errInvalid)
		return
	}
	roundID, err := h.store.SetSeat(ctx, id, seat)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	web.RedirectWithFlash(w, r, h.sessions, ceremonyURL(roundID), tr(ctx, "awards.ceremony.seat_saved"))
}

func (h *Handler) invite(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	rd, err := h.pathRound(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	lv := i18n.WithLocale(ctx, "lv")
	n, err := h.store.Invite(ctx, rd.ID, func(g Guest) mail.Message {
		seat := g.Seat
		if seat == "" {
			seat = i18n.T(lv, "awards.ceremony.seat_free")
		}
		return mail.Message{To: g.Email, ToName: g.Name, Subject: i18n.T(lv, "awards.ceremony.mail_subject", rd.TypeName),
			Body: i18n.T(lv, "awards.ceremony.mail_body", rd.Name(), dateText(rd.CeremonyOn), rd.CeremonyPlace, seat)}
	})
	if key, ok := errFieldKey(err); ok {
		web.RedirectWithFlash(w, r, h.sessions, ceremonyURL(rd.ID), tr(ctx, key))
		return
	}
	if err != nil {
		web.Error(w, r, err)
		return
	}
	web.RedirectWithFlash(w, r, h.sessions, ceremonyURL(rd.ID), tr(ctx, "awards.ceremony.invited", i18n.Number(int64(n))))
}
