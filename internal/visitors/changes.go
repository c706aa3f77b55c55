package visitors

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/calendar"
	"github.com/daugavpils/prdesk/internal/errs"
	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/web"
)

func (h *Handler) routesChanges(m *auth.Mux) {
	m.Get("/visitors/bookings/{id}/change", auth.VisitorsBook, h.changePage)
	m.Post("/visitors/bookings/{id}/cancel", auth.VisitorsBook, h.cancelBooking)
	m.Post("/visitors/bookings/{id}/noshow", auth.VisitorsBook, h.noShow)
	m.Post("/visitors/bookings/{id}/move", auth.VisitorsBook, h.moveBooking)
	m.Get("/visitors/sessions/cancel", auth.VisitorsBook, h.cancelSessionPage)
	m.Post("/visitors/sessions/cancel", auth.VisitorsBook, h.cancelSession)
	m.Get("/visitors/cancellations/{id}", auth.VisitorsBook, h.callList)
	m.Post("/visitors/cancellations/{id}/bookings", auth.VisitorsBook, h.cancelRemaining)
}

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
	id, ok := pathID(r)
	if !ok {
		web.Error(w, r, errs.NotFound)
		return
	}
	b, err := h.store.Booking(ctx, id)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	v.Booking = b
	if b.State == Booked {
		if v.Slots, err = h.store.FreeSlots(ctx, b.OfficialID, h.store.now(), SlotsShown); err != nil {
			web.Error(w, r, err)
			return
		}
	}
	web.Render(w, r, status, changePage(v))
}

// changeDone answers a change: back to the booking's card, or the refusal
// beside the form's field.
func (h *Handler) changeDone(w http.ResponseWriter, r *http.Request, id int64, err error, flashKey string, v changeView, field string) {
	ctx := r.Context()
	status := http.StatusUnprocessableEntity
	switch {
	case err == nil:
		web.RedirectWithFlash(w, r, h.sessions, "/visitors/bookings/"+strconv.FormatInt(id, 10), i18n.T(ctx, flashKey))
		return
	case errors.Is(err, ErrNotFound):
		web.Error(w, r, errs.NotFound)
		return
	case errors.Is(err, ErrStale):
		v.Errors.Add(field, i18n.T(ctx, "errors.conflict"))
		status = http.StatusConflict
	case errors.Is(err, ErrState):
		v.Errors.Add(field, i18n.T(ctx, "visitors.queue.err_state"))
		status = http.StatusConflict
	case errors.Is(err, ErrNotYet):
		v.Errors.Add(field, i18n.T(ctx, "visitors.queue.err_not_yet"))
	case errors.Is(err, ErrSlotTaken):
		v.Errors.Add("move_start", i18n.T(ctx, "visitors.err_taken"))
		status = http.StatusConflict
	case errors.Is(err, ErrPast):
		v.Errors.Add("move_start", i18n.T(ctx, "visitors.err_past"))
	case errors.Is(err, ErrNoSession):
		v.Errors.Add("move_start", i18n.T(ctx, "visitors.err_no_session"))
	case errors.Is(err, ErrCancelled):
		v.Errors.Add("move_start", i18n.T(ctx, "visitors.err_cancelled"))
	case errors.Is(err, ErrHoliday):
		v.Errors.Add("move_start", i18n.T(ctx, "visitors.err_holiday"))
	default:
		web.Error(w, r, err)
		return
	}
	h.renderChange(w, r, status, v)
}

// readChange reads a change form: the booking, its version and the reason.
func readChange(w http.ResponseWriter, r *http.Request, reasonField string) (int64, *form.Values, string, bool) {
	id, ok := pathID(r)
	if !ok {
		web.Error(w, r, errs.NotFound)
		return 0, nil, "", false
	}
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return 0, nil, "", false
	}
	return id, f, f.Text(reasonField, true, 500), true
}

func (h *Handler) cancelBooking(w http.ResponseWriter, r *http.Request) {
	id, f, reason, ok := readChange(w, r, "cancel_reason")
	if !ok {
		return
	}
	v := changeView{CancelReason: reason, Errors: f.Errors}
	if f.Errors.Any() {
		h.renderChange(w, r, http.StatusUnprocessableEntity, v)
		return
	}
	h.changeDone(w, r, id, h.store.Cancel(r.Context(), id, max(f.Version(), 0), reason), "visitors.queue.cancelled", v, "cancel_reason")
}

func (h *Handler) noShow(w http.ResponseWriter, r *http.Request) {
	id, f, reason, ok := readChange(w, r, "noshow_reason")
	if !ok {
		return
	}
	v := changeView{NoShowReason: reason, Errors: f.Errors}
	if f.Errors.Any() {
		h.renderChange(w, r, http.StatusUnprocessableEntity, v)
		return
	}
	h.changeDone(w, r, id, h.store.NoShow(r.Context(), id, max(f.Version(), 0), reason), "visitors.queue.no_show_saved", v, "noshow_reason")
}

func (h *Handler) moveBooking(w http.ResponseWriter, r *http.Request) {
	id, f, reason, ok := readChange(w, r, "move_reason")
	if !ok {
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
	h.changeDone(w, r, id, h.store.Move(r.Context(), id, max(f.Version(), 0), start, reason), "visitors.queue.moved", v, "move_reason")
}

type cancelSessionForm struct{ Official, Day, Reason string }

type cancelSessionView struct {
	Officials []Official
	Form      cancelSessionForm
	Errors    form.Errors
}

func (h *Handler) cancelSessionPage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	in := cancelSessionForm{Official: q.Get("official"), Day: q.Get("day")}
	if in.Day == "" {
		in.Day = calendar.DateOf(h.store.now()).Format(time.DateOnly)
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
	in := cancelSessionForm{Official: f.Raw("official"), Day: f.Text("day", true, 20), Reason: f.Text("reason", true, 500)}
	officialID, _ := strconv.ParseInt(in.Official, 10, 64)
	if officialID == 0 {
		f.Add("official", "field.required")
	}
	day, okDay := i18n.ParseDate(in.Day)
	if in.Day != "" && !okDay {
		f.Add("day", "field.invalid_date")
	}
	if !f.Errors.Any() {
		id, err := h.store.CancelSession(ctx, officialID, day, in.Reason)
		switch {
		case err == nil:
			web.RedirectWithFlash(w, r, h.sessions, "/visitors/cancellations/"+strconv.FormatInt(id, 10), i18n.T(ctx, "visitors.queue.session_cancelled"))
			return
		case errors.Is(err, ErrUnknownOfficial):
			f.Add("official", "visitors.err_unknown_official")
		case errors.Is(err, ErrPast):
			f.Add("day", "visitors.err_past")
		default:
			web.Error(w, r, err)
			return
		}
	}
	h.renderCancelSession(w, r, http.StatusUnprocessableEntity, cancelSessionView{Form: in, Errors: f.Errors})
}

func (h *Handler) callList(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		web.Error(w, r, errs.NotFound)
		return
	}
	v, err := h.store.DayCancellation(r.Context(), id)
	if errors.Is(err, ErrNotFound) {
		web.Error(w, r, errs.NotFound)
		return
	} else if err != nil {
		web.Error(w, r, err)
		return
	}
	web.Render(w, r, http.StatusOK, callListPage(v))
}

func (h *Handler) cancelRemaining(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		web.Error(w, r, errs.NotFound)
		return
	}
	err := h.store.CancelBookingsOf(r.Context(), id)
	if errors.Is(err, ErrNotFound) {
		web.Error(w, r, errs.NotFound)
		return
	} else if err != nil {
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
