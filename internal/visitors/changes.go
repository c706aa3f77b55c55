package visitors

import (
	"net/http"
	"strconv"
	"time"

	"github.com/daugavpils/prdesk/internal/calendar"
	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/web"
)

// Changing a booking (moving it, cancelling it, a no-show), cancelling a
// day's reception with its bookings, and the list of that day's visitors
// for the clerk to call.

type changeView struct {
	Booking Booking
	Slots   []Slot // free slots to move to
	Errors  form.Errors
	// What was typed into the refused form.
	CancelReason, NoShowReason, MoveStart, MoveReason string
}

func (h *Handler) changePage(w http.ResponseWriter, r *http.Request) {
	h.renderChange(w, r, http.StatusOK, changeView{})
}

func (h *Handler) renderChange(w http.ResponseWriter, r *http.Request, status int, v changeView) {
	ctx := r.Context()
	id, err := web.PathID(r, "id")
	if err != nil {
		web.Error(w, r, err)
		return
	}
	if v.Booking, err = h.store.Booking(ctx, id); err != nil {
		web.Error(w, r, err)
		return
	}
	if v.Booking.State == Booked {
		if v.Slots, err = h.store.FreeSlots(ctx, v.Booking.OfficialID, h.now(), SlotsShown); err != nil {
			web.Error(w, r, err)
			return
		}
	}
	web.Render(w, r, status, changePage(v))
}

// readChange reads a change form: the booking of the path, the form and the reason.
func readChange(r *http.Request, reasonField string) (int64, *form.Values, string, error) {
	id, err := web.PathID(r, "id")
	if err != nil {
		return 0, nil, "", err
	}
	f, err := form.Read(r)
	if err != nil {
		return 0, nil, "", err
	}
	f.Messages("visitors.change_form")
	return id, f, f.Text(reasonField, true, 500), nil
}

// changed answers a change the store made or refused: back to the
// booking's card with the flash, or the change page again with the
// refusal beside its field.
func (h *Handler) changed(w http.ResponseWriter, r *http.Request, id int64, f *form.Values, err error, flashKey string, v changeView) {
	if err == nil {
		web.RedirectWithFlash(w, r, h.sessions, bookingURL(id), i18n.T(r.Context(), flashKey))
		return
	}
	status, ok := f.Refused(err)
	if !ok {
		web.Error(w, r, err)
		return
	}
	v.Errors = f.Errors
	h.renderChange(w, r, status, v)
}

func (h *Handler) cancelBooking(w http.ResponseWriter, r *http.Request) {
	id, f, reason, err := readChange(r, "cancel_reason")
	if err != nil {
		web.Error(w, r, err)
		return
	}
	v := changeView{CancelReason: reason, Errors: f.Errors}
	if f.Errors.Any() {
		h.renderChange(w, r, http.StatusUnprocessableEntity, v)
		return
	}
	h.changed(w, r, id, f, h.store.Cancel(r.Context(), id, f.Version(), reason), "visitors.queue.cancelled", v)
}

func (h *Handler) noShow(w http.ResponseWriter, r *http.Request) {
	id, f, reason, err := readChange(r, "noshow_reason")
	if err != nil {
		web.Error(w, r, err)
		return
	}
	v := changeView{NoShowReason: reason, Errors: f.Errors}
	if f.Errors.Any() {
		h.renderChange(w, r, http.StatusUnprocessableEntity, v)
		return
	}
	h.changed(w, r, id, f, h.store.NoShow(r.Context(), id, f.Version(), reason), "visitors.queue.no_show_saved", v)
}

func (h *Handler) moveBooking(w http.ResponseWriter, r *http.Request) {
	id, f, reason, err := readChange(r, "move_reason")
	if err != nil {
		web.Error(w, r, err)
		return
	}
	v := changeView{MoveReason: reason, MoveStart: f.Raw("move_start")}
	start, okStart := parseStart(v.MoveStart)
	if !okStart {
		f.Add("move_start", "visitors.err_choose_slot")
	}
	v.Errors = f.Errors
	if f.Errors.Any() {
		h.renderChange(w, r, http.StatusUnprocessableEntity, v)
		return
	}
	h.changed(w, r, id, f, h.store.Move(r.Context(), id, f.Version(), start, reason), "visitors.queue.moved", v)
}

type cancelSessionForm struct{ Official, Day, Reason string }

type cancelSessionView struct {
	Officials []Official
	Form      cancelSessionForm
	Errors    form.Errors
}

func (h *Handler) cancelSessionPage(w http.ResponseWriter, r *http.Request) {
	q := form.URLValues(r)
	in := cancelSessionForm{Official: q.Get("official"), Day: q.Get("day")}
	if in.Day == "" {
		in.Day = calendar.DateOf(h.now()).Format(time.DateOnly)
	}
	h.renderCancelSession(w, r, http.StatusOK, cancelSessionView{Form: in})
}

func (h *Handler) renderCancelSession(w http.ResponseWriter, r *http.Request, status int, v cancelSessionView) {
	var err error
	if v.Officials, err = h.store.Officials(r.Context()); err != nil {
		web.Error(w, r, err)
		return
	}
	web.Render(w, r, status, cancelSessionPage(v))
}

func (h *Handler) cancelSession(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f.Messages("visitors.cancel_session_form")
	in := cancelSessionForm{Official: f.Raw("official"), Day: f.Raw("day")}
	officialID := f.ID("official", true)
	day := f.Date("day", true)
	in.Reason = f.Text("reason", true, 500)
	status := http.StatusUnprocessableEntity
	if !f.Errors.Any() {
		id, err := h.store.CancelSession(ctx, officialID, day, in.Reason)
		if err == nil {
			web.RedirectWithFlash(w, r, h.sessions, "/visitors/cancellations/"+strconv.FormatInt(id, 10), i18n.T(ctx, "visitors.queue.session_cancelled"))
			return
		}
		var ok bool
		if status, ok = f.Refused(err); !ok {
			web.Error(w, r, err)
			return
		}
	}
	h.renderCancelSession(w, r, status, cancelSessionView{Form: in, Errors: f.Errors})
}

func (h *Handler) callList(w http.ResponseWriter, r *http.Request) {
	id, err := web.PathID(r, "id")
	if err != nil {
		web.Error(w, r, err)
		return
	}
	v, err := h.store.DayCancellation(r.Context(), id)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	web.Render(w, r, http.StatusOK, callListPage(v))
}

func (h *Handler) cancelRemaining(w http.ResponseWriter, r *http.Request) {
	id, err := web.PathID(r, "id")
	if err != nil {
		web.Error(w, r, err)
		return
	}
	if err := h.store.CancelBookingsOf(r.Context(), id); err != nil {
		web.Error(w, r, err)
		return
	}
	web.RedirectWithFlash(w, r, h.sessions, "/visitors/cancellations/"+strconv.FormatInt(id, 10), i18n.T(r.Context(), "visitors.queue.session_cancelled"))
}

// mailStatus names an outbox status for the call list.
func mailStatus(s string) string {
	switch s {
	case "sent", "failed", "pending":
		return s
	}
	return "none"
}
