package press

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/daugavpils/prdesk/internal/contacts"
	"github.com/daugavpils/prdesk/internal/errs"
	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/web"
)

// sendForm is the sending's form as typed: the lists, the journalists
// picked one by one, and when.
type sendForm struct {
	Lists      []string
	People     []contacts.LookupValue // MaxPeople fields
	When       string                 // "now" or "planned"
	Date, Time string
	Version    int
}

type sendView struct {
	R       Release
	Lists   []contacts.ListLine
	Form    sendForm
	Errors  form.Errors
	Preview *Preview // after "preview", with no errors
}

// personField is the name of the n-th journalist's lookup (from 1).
func personField(n int) string { return "person_" + strconv.Itoa(n) }

func (h *Handler) sendPage(w http.ResponseWriter, r *http.Request) {
	x, err := h.pathRelease(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	if x.Status != Approved {
		web.RedirectWithFlash(w, r, h.sessions, releaseURL(x.ID), i18n.T(r.Context(), "press.send.not_approved"))
		return
	}
	f := sendForm{When: "now", Version: x.Version, People: make([]contacts.LookupValue, MaxPeople)}
	h.renderSend(w, r, http.StatusOK, sendView{R: x, Form: f})
}

func (h *Handler) renderSend(w http.ResponseWriter, r *http.Request, status int, v sendView) {
	var err error
	if v.Lists, err = h.mailingLists(r.Context()); err != nil {
		web.Error(w, r, err)
		return
	}
	web.Render(w, r, status, sendPage(v))
}

// mailingLists are the directory's lists a sending or an invitation may
// go to; none without the directory.
func (h *Handler) mailingLists(ctx context.Context) ([]contacts.ListLine, error) {
	if h.contacts == nil {
		return nil, nil
	}
	return h.contacts.MailingLists(ctx, false)
}

// readSend reads and checks the form: the lists and people as ids, and
// the moment (zero: at once).
func (h *Handler) readSend(r *http.Request, f *form.Values, lists []contacts.ListLine) (sendForm, []int64, []int64, time.Time, error) {
	in := sendForm{When: f.Raw("when"), Version: f.Version(), Date: f.Raw("send_date"), Time: f.Raw("send_time")}
	listIDs, people, err := h.readRecipients(r, f, lists, &in)
	if err != nil {
		return in, nil, nil, time.Time{}, err
	}
	var at time.Time
	switch in.When {
	case "now":
	case "planned":
		at = f.Moment("send_date", "send_time", true)
		if !at.IsZero() && !at.After(h.now()) {
			f.Add("send_date", "press.send.in_the_past")
		}
	default:
		f.Missing("when")
	}
	if len(listIDs)+len(people) == 0 && !f.Errors.Any() {
		f.Add("lists", "press.send.none_chosen")
	}
	return in, listIDs, people, at, nil
}

// readRecipients reads the lists ticked and the journalists looked up
// into in, as ids: the sending's and the invitation's recipients.
func (h *Handler) readRecipients(r *http.Request, f *form.Values, lists []contacts.ListLine, in *sendForm) ([]int64, []int64, error) {
	var listIDs, people []int64
	for _, s := range f.Choices("lists", listValues(lists)...) {
		id, _ := strconv.ParseInt(s, 10, 64)
		listIDs = append(listIDs, id)
		in.Lists = append(in.Lists, s)
	}
	for n := 1; n <= MaxPeople; n++ {
		v := contacts.ReadLookup(f, personField(n))
		if h.contacts != nil {
			if err := h.contacts.Resolve(r.Context(), f, &v, personField(n), ""); err != nil {
				return nil, nil, err
			}
		}
		in.People = append(in.People, v)
		if v.ID != 0 {
			people = append(people, v.ID)
		}
	}
	return listIDs, people, nil
}

func listValues(lists []contacts.ListLine) []string {
	out := make([]string, len(lists))
	for i, l := range lists {
		out[i] = strconv.FormatInt(l.ID, 10)
	}
	return out
}

// preview draws the form again with who it would reach.
func (h *Handler) preview(w http.ResponseWriter, r *http.Request) { h.sendOrPreview(w, r, false) }

func (h *Handler) send(w http.ResponseWriter, r *http.Request) { h.sendOrPreview(w, r, true) }

func (h *Handler) sendOrPreview(w http.ResponseWriter, r *http.Request, confirmed bool) {
	ctx := r.Context()
	x, err := h.pathRelease(r)
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
	v := sendView{R: x}
	if v.Lists, err = h.mailingLists(ctx); err != nil {
		web.Error(w, r, err)
		return
	}
	in, lists, people, at, err := h.readSend(r, f, v.Lists)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	v.Form = in
	status := http.StatusUnprocessableEntity
	if !f.Errors.Any() {
		if !confirmed {
			p, err := h.store.Preview(ctx, x.ID, lists, people)
			if err != nil {
				web.Error(w, r, err)
				return
			}
			v.Preview = &p
			web.Render(w, r, http.StatusOK, sendPage(v))
			return
		}
		res, err := h.store.Send(ctx, x.ID, in.Version, lists, people, at)
		switch {
		case err == nil && res.Planned:
			web.RedirectWithFlash(w, r, h.sessions, releaseURL(x.ID), i18n.T(ctx, "press.send.planned", i18n.DateTime(at)))
			return
		case err == nil:
			web.RedirectWithFlash(w, r, h.sessions, releaseURL(x.ID), i18n.T(ctx, "press.send.sent", res.Mails, res.LeftOut))
			return
		case errors.Is(err, ErrWrongStatus):
			web.RedirectWithFlash(w, r, h.sessions, releaseURL(x.ID), i18n.T(ctx, "press.send.stale"))
			return
		}
		var ok bool
		if status, ok = f.Refused(err); !ok {
			web.Error(w, r, err)
			return
		}
	}
	v.Errors = f.Errors
	web.Render(w, r, status, sendPage(v))
}

func (h *Handler) cancelSend(w http.ResponseWriter, r *http.Request) {
	h.simpleStep(w, r, h.store.CancelPlanned, "press.send.cancelled")
}

func (h *Handler) resend(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := web.PathID(r, "id")
	if err != nil {
		web.Error(w, r, err)
		return
	}
	sending, err := web.PathID(r, "sid")
	if err != nil {
		web.Error(w, r, err)
		return
	}
	n, err := h.store.Resend(ctx, id, sending)
	switch {
	case err == nil:
		web.RedirectWithFlash(w, r, h.sessions, releaseURL(id), i18n.T(ctx, "press.send.resent", n))
	case errors.Is(err, errs.Conflict):
		web.RedirectWithFlash(w, r, h.sessions, releaseURL(id), i18n.T(ctx, "press.send.nothing_to_resend"))
	default:
		web.Error(w, r, err)
	}
}

// deliveriesView is one page of a release's deliveries.
type deliveriesView struct {
	R     Release
	State DeliveryState
	Rows  []Delivery
	Next  string
	First string
}

func (h *Handler) deliveries(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	x, err := h.pathRelease(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	q := form.FromURL(r).Messages("press.deliveries")
	state := form.Enum(q, "state", false, DeliveryStates)
	if q.Errors.Any() {
		web.Error(w, r, errs.Invalid)
		return
	}
	after, _ := strconv.ParseInt(q.Raw("after"), 10, 64)
	v := deliveriesView{R: x, State: state}
	if v.Rows, err = h.store.Deliveries(ctx, x.ID, state, after); err != nil {
		web.Error(w, r, err)
		return
	}
	base := releaseURL(x.ID) + "/deliveries?state=" + string(state)
	if after > 0 {
		v.First = base
	}
	if len(v.Rows) > DeliveriesPage {
		v.Rows = v.Rows[:DeliveriesPage]
		v.Next = base + "&after=" + strconv.FormatInt(v.Rows[DeliveriesPage-1].ID, 10)
	}
	web.Render(w, r, http.StatusOK, deliveriesPage(v))
}
