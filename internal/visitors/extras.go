package visitors

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/daugavpils/prdesk/internal/calendar"
	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/web"
)

// An official's one-off sessions: the form that adds one, and removing one
// from the official's page.

type extraForm struct {
	window
	Day string
}

type extraFormView struct {
	Official Official
	Form     extraForm
	Errors   form.Errors
}

// readDay reads a date that must not be before today.
func readDay(f *form.Values, name string, today time.Time) (string, time.Time) {
	s := strings.TrimSpace(f.Raw(name))
	d := f.Date(name, true)
	if !d.IsZero() && d.Before(today) {
		f.Add(name, "visitors.hours.err_day_past")
	}
	return s, d
}

func (h *Handler) newExtraPage(w http.ResponseWriter, r *http.Request) {
	o, err := h.pathOfficial(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	web.Render(w, r, http.StatusOK, extraFormPage(extraFormView{Official: o, Form: extraForm{window: window{SlotMinutes: "15"}}}))
}

func (h *Handler) createExtra(w http.ResponseWriter, r *http.Request) {
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
	f.Messages("visitors.extra_form")
	var in extraForm
	var day time.Time
	in.Day, day = readDay(f, "day", calendar.DateOf(h.now()))
	var start, end Clock
	var slot int
	in.window, start, end, slot = readWindow(f)
	if f.Errors.Any() {
		web.Render(w, r, http.StatusUnprocessableEntity, extraFormPage(extraFormView{Official: o, Form: in, Errors: f.Errors}))
		return
	}
	e := Extra{OfficialID: o.ID, Day: day, Start: start, End: end, Room: in.Room, SlotMinutes: slot}
	if _, err := h.store.CreateExtra(r.Context(), e); err != nil {
		web.Error(w, r, err)
		return
	}
	web.RedirectWithFlash(w, r, h.sessions, officialURL(o.ID), i18n.T(r.Context(), "visitors.hours.extra_saved", i18n.Date(day)))
}

func (h *Handler) deleteExtra(w http.ResponseWriter, r *http.Request) {
	h.removeUnderOfficial(w, r, "eid", h.store.DeleteExtra, "visitors.hours.extra_deleted")
}

// removeUnderOfficial removes one row (a one-off session, a cancelled date)
// of the official of the path, with the posted version guarding against a
// stale form.
func (h *Handler) removeUnderOfficial(w http.ResponseWriter, r *http.Request, param string,
	remove func(ctx context.Context, officialID, id int64, version int) error, flashKey string) {
	o, err := h.pathOfficial(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	id, err := web.PathID(r, param)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	if err := remove(r.Context(), o.ID, id, f.Version()); err != nil {
		web.Error(w, r, err)
		return
	}
	web.RedirectWithFlash(w, r, h.sessions, officialURL(o.ID), i18n.T(r.Context(), flashKey))
}
