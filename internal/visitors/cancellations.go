package visitors

import (
	"net/http"
	"time"

	"github.com/daugavpils/prdesk/internal/calendar"
	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/web"
)

// An official's cancelled dates, kept on the official's page: the form that
// cancels a date, and taking a cancellation back. (Cancelling a day's
// reception from the reception day, with its bookings, is changes.go's.)

type cancellationForm struct {
	Day, Reason string
}

type cancellationFormView struct {
	Official Official
	Form     cancellationForm
	Errors   form.Errors
}

func (h *Handler) newCancellationPage(w http.ResponseWriter, r *http.Request) {
	o, err := h.pathOfficial(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	in := cancellationForm{Day: form.URLValues(r).Get("day")}
	web.Render(w, r, http.StatusOK, cancellationFormPage(cancellationFormView{Official: o, Form: in}))
}

func (h *Handler) createCancellation(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	o, err := h.pathOfficial(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f.Messages("visitors.cancellation_form")
	var in cancellationForm
	var day time.Time
	in.Day, day = readDay(f, "day", calendar.DateOf(h.now()))
	in.Reason = f.Text("reason", true, 500)
	status := http.StatusUnprocessableEntity
	if !f.Errors.Any() {
		cid, booked, err := h.store.CancelDay(ctx, Cancellation{OfficialID: o.ID, Day: day, Reason: in.Reason})
		switch {
		case err == nil && booked > 0:
			// The cancelled day's call list cancels and notifies the
			// bookings still live, and lists whom to call.
			msg := i18n.T(ctx, "visitors.hours.cancelled_with_bookings", i18n.M{"date": i18n.Date(day), "n": booked})
			web.RedirectWithFlash(w, r, h.sessions, "/visitors/cancellations/"+idStr(cid), msg)
			return
		case err == nil:
			web.RedirectWithFlash(w, r, h.sessions, officialURL(o.ID), i18n.T(ctx, "visitors.hours.cancelled", i18n.Date(day)))
			return
		}
		var ok bool
		if status, ok = f.Refused(err); !ok {
			web.Error(w, r, err)
			return
		}
	}
	web.Render(w, r, status, cancellationFormPage(cancellationFormView{Official: o, Form: in, Errors: f.Errors}))
}

func (h *Handler) deleteCancellation(w http.ResponseWriter, r *http.Request) {
	h.removeUnderOfficial(w, r, "cid", h.store.Uncancel, "visitors.hours.uncancelled")
}
