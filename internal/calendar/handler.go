package calendar

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/alexedwards/scs/v2"

	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/errs"
	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/web"
)

// Deps are what the calendar page needs from the app.
type Deps struct {
	Calendar *Store // the app's calendar store, which every area reads
	Sessions *scs.SessionManager
	Now      func() time.Time
}

// Handler serves the administrator's calendar page.
type Handler struct {
	store    *Store
	sessions *scs.SessionManager
	now      func() time.Time
}

// NewHandler wires the calendar page.
func NewHandler(d Deps) *Handler {
	return &Handler{store: d.Calendar, sessions: d.Sessions, now: d.Now}
}

// Routes registers /admin/calendar and its forms.
func (h *Handler) Routes(m *auth.Mux) {
	m.Get("/admin/calendar", auth.AdminCalendar, h.page)
	m.Post("/admin/calendar/days", auth.AdminCalendar, h.add)
	m.Get("/admin/calendar/days/{id}", auth.AdminCalendar, h.editForm)
	m.Post("/admin/calendar/days/{id}", auth.AdminCalendar, h.edit)
	m.Post("/admin/calendar/days/{id}/remove", auth.AdminCalendar, h.remove)
	m.Post("/admin/calendar/no-order", auth.AdminCalendar, h.noOrder)
	m.Post("/admin/calendar/fill", auth.AdminCalendar, h.fill)
	m.Post("/admin/calendar/follow", auth.AdminCalendar, h.follow)
}

type pageView struct {
	Year        int
	YearText    string
	Days        []Day
	WorkingDays int
	Filled      bool
	Setting     Setting
	Add         addForm
	Errors      form.Errors
	// Order is what the calendar knows of the shown year's Cabinet order;
	// Due is the year whose order should be entered by now (OrderYear),
	// shown as a warning on any year's page while it is missing.
	Order OrderStatus
	Due   OrderStatus
}

func (h *Handler) thisYear() int { return h.now().In(i18n.Riga).Year() }

func pageURL(year int) string { return "/admin/calendar?year=" + strconv.Itoa(year) }

// yearOf reads the year a form was posted from, so the person returns to it.
func (h *Handler) yearOf(f *form.Values) int {
	if y, ok := parseYear(f.Raw("year")); ok {
		return y
	}
	return h.thisYear()
}

func (h *Handler) page(w http.ResponseWriter, r *http.Request) {
	v := pageView{Year: h.thisYear()}
	status := http.StatusOK
	if s := r.URL.Query().Get("year"); s != "" {
		if y, ok := parseYear(s); ok {
			v.Year = y
		} else {
			v.YearText = s
			v.Errors.Add("year", i18n.T(r.Context(), "field.invalid_year"))
			status = http.StatusUnprocessableEntity
		}
	}
	h.render(w, r, status, v)
}

// render fills in what the page shows around v's form state.
func (h *Handler) render(w http.ResponseWriter, r *http.Request, status int, v pageView) {
	ctx := r.Context()
	if v.YearText == "" {
		v.YearText = strconv.Itoa(v.Year)
	}
	var err error
	if v.Days, err = h.store.Year(ctx, v.Year); err != nil {
		web.Error(w, r, err)
		return
	}
	cal, err := h.store.Load(ctx, h.store.pool)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	v.WorkingDays = cal.WorkingDaysInYear(v.Year)
	v.Filled = cal.Filled(v.Year)
	if v.Setting, err = h.store.FollowCabinet(ctx); err != nil {
		web.Error(w, r, err)
		return
	}
	if v.Order, err = h.store.OrderStatus(ctx, v.Year); err != nil {
		web.Error(w, r, err)
		return
	}
	v.Due = v.Order
	if due := OrderYear(h.now()); due != v.Year {
		if v.Due, err = h.store.OrderStatus(ctx, due); err != nil {
			web.Error(w, r, err)
			return
		}
	}
	web.Render(w, r, status, calendarPage(v))
}

func (h *Handler) add(w http.ResponseWriter, r *http.Request) {
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	in, nd := readAddForm(f.Messages("calendar"))
	year := h.yearOf(f)
	if !nd.Date.IsZero() {
		year = nd.Date.Year()
	}
	status := http.StatusUnprocessableEntity
	if !f.Errors.Any() {
		_, err = h.store.Add(r.Context(), nd)
		if err == nil {
			web.RedirectWithFlash(w, r, h.sessions, pageURL(year), i18n.T(r.Context(), "calendar.added"))
			return
		}
		var ok bool
		if status, ok = f.Refused(err); !ok {
			web.Error(w, r, err)
			return
		}
	}
	h.render(w, r, status, pageView{Year: year, Add: in, Errors: f.Errors})
}

// editView is the form that changes one entry.
type editView struct {
	Day    Day
	Form   addForm
	Errors form.Errors
}

func (h *Handler) editForm(w http.ResponseWriter, r *http.Request) {
	id, err := web.PathID(r, "id")
	if err != nil {
		web.Error(w, r, err)
		return
	}
	d, err := h.store.Get(r.Context(), id)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	web.Render(w, r, http.StatusOK, editPage(editView{Day: d, Form: formOf(d)}))
}

// formOf is the edit form filled with what d holds now.
func formOf(d Day) addForm {
	in := addForm{Day: i18n.Date(d.Date), Kind: string(d.Kind), NameLV: d.NameLV, NameEN: d.NameEN,
		OrderNumber: d.OrderNumber, OrderTitle: d.OrderTitle}
	if d.OrderDate != nil {
		in.OrderDate = i18n.Date(*d.OrderDate)
	}
	return in
}

func (h *Handler) edit(w http.ResponseWriter, r *http.Request) {
	id, err := web.PathID(r, "id")
	if err != nil {
		web.Error(w, r, err)
		return
	}
	d, err := h.store.Get(r.Context(), id)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	in, ch := readEditForm(f.Messages("calendar"), d.Date)
	status := http.StatusUnprocessableEntity
	if !f.Errors.Any() {
		_, err = h.store.Update(r.Context(), id, f.Version(), ch)
		if err == nil {
			web.RedirectWithFlash(w, r, h.sessions, pageURL(d.Date.Year()), i18n.T(r.Context(), "calendar.saved"))
			return
		}
		var ok bool
		if status, ok = f.Refused(err); !ok {
			web.Error(w, r, err)
			return
		}
		if errors.Is(err, errs.Conflict) {
			// Someone changed the day meanwhile: the form shows it as it is
			// now, to be changed again from there; nothing was saved.
			if d, err = h.store.Get(r.Context(), id); err != nil {
				web.Error(w, r, err)
				return
			}
			web.Render(w, r, status, editPage(editView{Day: d, Form: formOf(d), Errors: f.Errors}))
			return
		}
	}
	// The form comes back at the version it was drawn from, so that saving
	// it again over someone else's change is still a conflict.
	d.Version = f.Version()
	web.Render(w, r, status, editPage(editView{Day: d, Form: in, Errors: f.Errors}))
}

func (h *Handler) noOrder(w http.ResponseWriter, r *http.Request) {
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	year, ok := parseYear(f.Raw("year"))
	if !ok {
		web.Error(w, r, errs.Invalid)
		return
	}
	if err := h.store.SetNoOrder(r.Context(), year, f.Bool("none"), f.Version()); err != nil {
		web.Error(w, r, err)
		return
	}
	web.RedirectWithFlash(w, r, h.sessions, pageURL(year), i18n.T(r.Context(), "calendar.setting_saved"))
}

func (h *Handler) remove(w http.ResponseWriter, r *http.Request) {
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
	d, err := h.store.Remove(r.Context(), id, f.Version())
	if err != nil {
		web.Error(w, r, err)
		return
	}
	web.RedirectWithFlash(w, r, h.sessions, pageURL(d.Date.Year()), i18n.T(r.Context(), "calendar.removed"))
}

func (h *Handler) fill(w http.ResponseWriter, r *http.Request) {
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	year, ok := parseYear(f.Raw("year"))
	if !ok {
		web.Error(w, r, errs.Invalid)
		return
	}
	n, err := h.store.FillYear(r.Context(), year)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	msg := i18n.T(r.Context(), "calendar.filled", i18n.Number(int64(n)))
	if n == 0 {
		msg = i18n.T(r.Context(), "calendar.fill_none")
	}
	web.RedirectWithFlash(w, r, h.sessions, pageURL(year), msg)
}

func (h *Handler) follow(w http.ResponseWriter, r *http.Request) {
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	if err := h.store.SetFollowCabinet(r.Context(), f.Bool("follow_cabinet"), f.Version()); err != nil {
		web.Error(w, r, err)
		return
	}
	web.RedirectWithFlash(w, r, h.sessions, pageURL(h.yearOf(f)), i18n.T(r.Context(), "calendar.setting_saved"))
}
