package contacts

import (
	"context"
	"net/http"

	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/web"
)

type cardView struct {
	Card
	CanEdit bool
	Uses    []useLine
	// The membership form on the card, as typed when it was refused.
	Member       LookupValue
	MemberRole   string
	MemberStarts string
	Errors       form.Errors
	// The static mailing lists the contact is on, and those it may be
	// added to (lists.go).
	Lists, ListChoices []MailingList
}

// useLine is a line of the history across areas as the viewer sees it.
type useLine struct {
	Use
	Text string
	Link string // "" when the viewer may not open the record, or the area gave no link
}

func (h *Handler) card(w http.ResponseWriter, r *http.Request) {
	id, err := web.PathID(r, "id")
	if err != nil {
		web.Error(w, r, err)
		return
	}
	h.renderCard(w, r, id, http.StatusOK, cardView{})
}

func (h *Handler) renderCard(w http.ResponseWriter, r *http.Request, id int64, status int, v cardView) {
	ctx := r.Context()
	card, err := h.store.OpenCard(ctx, id)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	if card.Contact.MergedInto != nil {
		web.Redirect(w, r, contactURL(*card.Contact.MergedInto))
		return
	}
	v.Card, v.CanEdit = card, canEdit(ctx)
	v.Uses = h.store.useLines(ctx, auth.UserFrom(ctx), card.Uses)
	if v.Lists, v.ListChoices, err = h.listsForCard(ctx, card.Contact); err != nil {
		web.Error(w, r, err)
		return
	}
	web.Render(w, r, status, cardPage(v))
}

// cardTitle is the card's heading: the name, and for a person the form of
// address in front (as they wish to be addressed).
func cardTitle(c Contact) string { return c.Name }

func channelText(ctx context.Context, c Channel) string {
	if c == "" {
		return "—"
	}
	return i18n.T(ctx, "contacts.channels."+string(c))
}

func basisText(ctx context.Context, c Contact) string {
	s := i18n.T(ctx, "contacts.basis."+string(c.LegalBasis))
	if c.LegalBasis == Consent && c.ConsentDate != nil {
		s += ", " + i18n.Date(*c.ConsentDate)
	}
	return s
}

func historyAction(ctx context.Context, a string) string {
	key := "contacts.history." + a
	if i18n.Has(ctx, key) {
		return i18n.T(ctx, key)
	}
	return a
}

// dupReason says why a contact may be a duplicate.
func dupReason(ctx context.Context, d Duplicate) string {
	return i18n.T(ctx, "contacts.dups.reason_"+d.Reason)
}
