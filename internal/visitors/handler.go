package visitors

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/alexedwards/scs/v2"
	"github.com/go-chi/chi/v5"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/calendar"
	"github.com/daugavpils/prdesk/internal/errs"
	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/jobs"
	"github.com/daugavpils/prdesk/internal/personcode"
	"github.com/daugavpils/prdesk/internal/web"
)

// SlotsShown is how many free slots the booking page offers.
const SlotsShown = 20

// Deps is what the area needs from the app.
type Deps struct {
	Pool     *pgxpool.Pool
	Sessions *scs.SessionManager
	Jobs     *jobs.Client    // inserts confirmation mail jobs; nil sends none
	Calendar *calendar.Store // the working-day calendar, kept for the whole app
	Now      func() time.Time
}

// Handler serves /visitors.
type Handler struct {
	store    *Store
	sessions *scs.SessionManager
}

// NewHandler wires the area.
func NewHandler(d Deps) *Handler {
	return &Handler{store: NewStore(d.Pool, d.Jobs), sessions: d.Sessions}
}

// Routes registers the area's pages. Everyone with the area may open it; who
// may book, and whose bookings a person sees, is decided per request
// (canBook, visibleOfficials), as it depends on the account's official.
func (h *Handler) Routes(m *auth.Mux) {
	m.Get("/visitors", auth.AreaVisitors, h.day)
	m.Get("/visitors/book", auth.AreaVisitors, h.bookPage)
	m.Post("/visitors/book", auth.VisitorsBook, h.book)
	m.Get("/visitors/bookings/{id}", auth.AreaVisitors, h.booking)
	h.routesLog(m)
	h.routesHours(m)
	h.routesQueue(m)
	m.Get("/visitors/bookings/{id}/slip", auth.VisitorsBook, h.slip)
}

// canBook: the front desk, the department's staff and its head book; an
// official (management, deputy) only sees their own.
func canBook(u *auth.User) bool { return u.Can(auth.VisitorsBook) }

// visibleOfficials are the officials whose bookings u may see; all is true
// for the bookers.
func (h *Handler) visibleOfficials(r *http.Request) (ids map[int64]bool, all bool, err error) {
	u := auth.UserFrom(r.Context())
	if canBook(u) {
		return nil, true, nil
	}
	own, err := h.store.OfficialsOfUser(r.Context(), u.ID)
	if err != nil {
		return nil, false, err
	}
	ids = map[int64]bool{}
	for _, o := range own {
		ids[o.ID] = true
	}
	return ids, false, nil
}

type dayGroup struct {
	Official Official
	Bookings []Booking
}

type dayView struct {
	Day     time.Time
	DayText string
	Groups  []dayGroup
	CanBook bool
	Errors  form.Errors
	Own     bool // the viewer sees only their own reception
}

func (h *Handler) day(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	v := dayView{Day: calendar.DateOf(time.Now()), CanBook: canBook(auth.UserFrom(ctx))}
	status := http.StatusOK
	if s := r.URL.Query().Get("day"); s != "" {
		if d, ok := i18n.ParseDate(s); ok {
			v.Day = calendar.DateOf(d)
		} else {
			v.DayText = s
			v.Errors.Add("day", i18n.T(ctx, "field.invalid_date"))
			status = http.StatusUnprocessableEntity
		}
	}
	if v.DayText == "" {
		v.DayText = v.Day.Format("2006-01-02")
	}
	ids, all, err := h.visibleOfficials(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	v.Own = !all
	officials, err := h.store.Officials(ctx)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	bookings, err := h.store.Day(ctx, v.Day, 0)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	for _, o := range officials {
		if !all && !ids[o.ID] {
			continue
		}
		g := dayGroup{Official: o}
		for _, b := range bookings {
			if b.OfficialID == o.ID {
				g.Bookings = append(g.Bookings, b)
			}
		}
		v.Groups = append(v.Groups, g)
	}
	web.Render(w, r, status, dayPage(v))
}

// bookForm is the visitor form as typed, so a refused form comes back as it was.
type bookForm struct {
	Official       string
	Start          string // Unix seconds of the slot's start
	Name           string
	Phone          string
	Email          string
	Topic          string
	Language       string
	Accessibility  string
	PersonCode     string
	OverrideReason string
}

type bookView struct {
	Officials    []Official
	Search       string     // the name searched for, as typed
	Matches      []Official // the officials it found, when Search is set
	Official     *Official
	Waiting      int // people on the chosen official's waiting list
	Slots        []Slot
	Start        time.Time // the chosen slot; zero while choosing
	Form         bookForm
	Errors       form.Errors
	ShowOverride bool
}

// ownSlots shows an official who does not book their own next free times, read-only.
func (h *Handler) ownSlots(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	own, err := h.store.OfficialsOfUser(ctx, auth.UserFrom(ctx).ID)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	v := bookView{}
	if len(own) > 0 {
		v.Official = &own[0]
		if v.Slots, err = h.store.FreeSlots(ctx, own[0].ID, time.Now(), SlotsShown); err != nil {
			web.Error(w, r, err)
			return
		}
	}
	web.Render(w, r, http.StatusOK, ownSlotsPage(v))
}

func parseStart(s string) (time.Time, bool) {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 {
		return time.Time{}, false
	}
	return time.Unix(n, 0), true
}

func startParam(t time.Time) string { return strconv.FormatInt(t.Unix(), 10) }

func (h *Handler) bookPage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	v := bookView{Form: bookForm{Official: q.Get("official"), Start: q.Get("start"), Language: "lv"}}
	if !canBook(auth.UserFrom(r.Context())) {
		h.ownSlots(w, r)
		return
	}
	if st, ok := parseStart(v.Form.Start); ok {
		v.Start = st
	}
	status := http.StatusOK
	if v.Search = strings.TrimSpace(q.Get("q")); v.Search != "" && v.Form.Official == "" {
		if utf8.RuneCountInString(v.Search) > MaxSearch {
			v.Errors.Add("q", i18n.T(r.Context(), "field.too_long", i18n.Number(MaxSearch)))
			status = http.StatusUnprocessableEntity
		} else {
			var err error
			if v.Matches, err = h.store.SearchOfficials(r.Context(), v.Search); err != nil {
				web.Error(w, r, err)
				return
			}
		}
	}
	if v.Form.Official != "" {
		id, _ := strconv.ParseInt(v.Form.Official, 10, 64)
		o, err := h.store.Official(r.Context(), id)
		switch {
		case errors.Is(err, ErrUnknownOfficial):
			v.Errors.Add("official", i18n.T(r.Context(), "visitors.err_unknown_official"))
			status = http.StatusNotFound
		case err != nil:
			web.Error(w, r, err)
			return
		default:
			v.Official = &o
		}
	}
	h.renderBook(w, r, status, v)
}

// renderBook fills in the officials and, while no slot is chosen (or the
// chosen one was refused), the next free slots.
func (h *Handler) renderBook(w http.ResponseWriter, r *http.Request, status int, v bookView) {
	ctx := r.Context()
	var err error
	// The list to choose from is shown only until an official is chosen.
	if v.Official == nil {
		if v.Officials, err = h.store.Officials(ctx); err != nil {
			web.Error(w, r, err)
			return
		}
	}
	if v.Official != nil {
		// Whoever is offered a slot, the clerk sees who else is waiting for one.
		if v.Waiting, err = h.store.WaitingCount(ctx, v.Official.ID); err != nil {
			web.Error(w, r, err)
			return
		}
	}
	if v.Official != nil && (v.Start.IsZero() || v.Errors.Get("start") != "") {
		after := time.Now()
		if v.Slots, err = h.store.FreeSlots(ctx, v.Official.ID, after, SlotsShown); err != nil {
			web.Error(w, r, err)
			return
		}
	}
	web.Render(w, r, status, bookPage(v))
}

func (h *Handler) book(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	in := bookForm{Official: f.Raw("official"), Start: f.Raw("start")}
	v := bookView{}
	var nb NewBooking
	id, _ := strconv.ParseInt(in.Official, 10, 64)
	o, err := h.store.Official(ctx, id)
	switch {
	case errors.Is(err, ErrUnknownOfficial):
		f.Add("official", "visitors.err_unknown_official")
	case err != nil:
		web.Error(w, r, err)
		return
	default:
		v.Official, nb.OfficialID = &o, o.ID
	}
	if st, ok := parseStart(in.Start); ok {
		v.Start, nb.Start = st, st
	} else {
		f.Add("start", "visitors.err_choose_slot")
	}
	in.Name = f.Text("name", true, 200)
	in.Phone = f.Text("phone", false, 40)
	nb.Phone = NormalisePhone(in.Phone)
	if nb.Phone != "" && !ValidPhone(nb.Phone) {
		f.Add("phone", "visitors.err_phone")
	}
	in.Email = f.Email("email", false)
	if in.Phone == "" && in.Email == "" {
		f.Add("phone", "visitors.err_no_contact")
	}
	in.Topic = f.Text("topic", true, 500)
	in.Language = form.Enum(f, "language", true, Languages)
	in.Accessibility = f.Text("accessibility", false, 500)
	in.PersonCode = f.Text("person_code", false, 20)
	if in.PersonCode != "" && f.Errors.Get("person_code") == "" {
		nb.PersonCode = personcode.Normalise(in.PersonCode)
		if p := personcode.Check(nb.PersonCode); p != personcode.OK {
			f.Add("person_code", "visitors.err_code_"+string(p))
		}
	}
	in.OverrideReason = f.Text("override_reason", false, 500)
	v.ShowOverride = in.OverrideReason != ""
	nb.VisitorName, nb.Email, nb.Topic, nb.Language, nb.Accessibility, nb.OverrideReason =
		in.Name, in.Email, in.Topic, in.Language, in.Accessibility, in.OverrideReason
	v.Form = in
	status := http.StatusUnprocessableEntity
	if !f.Errors.Any() {
		bid, err := h.store.Book(ctx, nb)
		switch {
		case err == nil:
			web.RedirectWithFlash(w, r, h.sessions, "/visitors/bookings/"+strconv.FormatInt(bid, 10),
				i18n.T(ctx, "visitors.booked", i18n.M{"name": nb.VisitorName, "time": i18n.DateTime(nb.Start)}))
			return
		case errors.Is(err, ErrSlotTaken):
			f.Add("start", "visitors.err_taken")
			status = http.StatusConflict
		case errors.Is(err, ErrPast):
			f.Add("start", "visitors.err_past")
		case errors.Is(err, ErrNoSession):
			f.Add("start", "visitors.err_no_session")
		case errors.Is(err, ErrCancelled):
			f.Add("start", "visitors.err_cancelled")
		case errors.Is(err, ErrHoliday):
			f.Add("start", "visitors.err_holiday")
		case errors.Is(err, ErrUnknownOfficial):
			f.Add("official", "visitors.err_unknown_official")
		case errors.Is(err, ErrNoContact):
			f.Add("phone", "visitors.err_no_contact")
		case errors.Is(err, ErrPersonCode):
			f.Add("person_code", "visitors.err_code_format")
		case errors.Is(err, ErrLimit):
			f.Add("override_reason", "visitors.err_limit", i18n.M{"n": MaxFutureBookings})
			v.ShowOverride = true
		default:
			web.Error(w, r, err)
			return
		}
	}
	v.Errors = f.Errors
	h.renderBook(w, r, status, v)
}

type bookingView struct {
	Booking Booking
	History []Event
	CanBook bool
}

func (h *Handler) booking(w http.ResponseWriter, r *http.Request) {
	b, all, ok := h.visibleBooking(w, r)
	if !ok {
		return
	}
	hist, err := h.store.History(r.Context(), b.ID)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	web.Render(w, r, http.StatusOK, bookingPage(bookingView{Booking: b, History: hist, CanBook: all}))
}

// visibleBooking loads the booking of the path when the viewer may see it;
// otherwise it answers (404 or 403) and reports false. all is true for the
// people who see every official's bookings.
func (h *Handler) visibleBooking(w http.ResponseWriter, r *http.Request) (b Booking, all bool, ok bool) {
	id, err := strconv.ParseInt(chi.URLParam(r, "id"), 10, 64)
	if err != nil {
		web.Error(w, r, errs.NotFound)
		return b, false, false
	}
	b, err = h.store.Booking(r.Context(), id)
	if errors.Is(err, pgx.ErrNoRows) {
		web.Error(w, r, errs.NotFound)
		return b, false, false
	} else if err != nil {
		web.Error(w, r, err)
		return b, false, false
	}
	ids, all, err := h.visibleOfficials(r)
	if err != nil {
		web.Error(w, r, err)
		return b, false, false
	}
	if !all && !ids[b.OfficialID] {
		web.Error(w, r, errs.Forbidden)
		return b, false, false
	}
	return b, all, true
}
