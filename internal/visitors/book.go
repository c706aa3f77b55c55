package visitors

import (
	"net/http"
	"strconv"
	"time"

	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/personcode"
	"github.com/daugavpils/prdesk/internal/web"
)

// Booking a visitor: choose (or find) the official, choose one of their
// free slots, type the visitor's details. An official who does not book
// sees their own free times instead.

// SlotsShown is how many free slots the booking page offers.
const SlotsShown = 20

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
	// The month view of the official's sessions, with its neighbours (nil
	// past the months that can be booked).
	Month      time.Time
	MonthSlots []MonthSession
	PrevMonth  *time.Time
	NextMonth  *time.Time
}

// MonthsAhead is how many months past the current one the month view goes:
// as far as FreeSlots looks.
const MonthsAhead = 12

// bookMonth reads ?month=YYYY-MM for the month view: the current month
// when there is none, and within the current month and MonthsAhead after
// it (a month outside is the nearest one inside).
func bookMonth(s string, now time.Time) time.Time {
	t := now.In(i18n.Riga)
	first := time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, MonthsAhead, 0)
	m, err := time.Parse("2006-01", s)
	switch {
	case err != nil || m.Before(first):
		return first
	case m.After(last):
		return last
	}
	return m
}

// monthURL is the booking page of official at month's view.
func monthURL(official int64, month time.Time) string {
	return "/visitors/book?official=" + strconv.FormatInt(official, 10) + "&month=" + month.Format("2006-01") + "#month-title"
}

func parseStart(s string) (time.Time, bool) {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 {
		return time.Time{}, false
	}
	return time.Unix(n, 0), true
}

func startParam(t time.Time) string { return strconv.FormatInt(t.Unix(), 10) }

// formOfficial reads the official chosen in a form (or a query) by id: an
// unknown one is refused beside f's official field, with the status of its
// kind (not found); any other failure is err.
func (h *Handler) formOfficial(r *http.Request, f *form.Values, idText string) (o *Official, status int, err error) {
	id, _ := strconv.ParseInt(idText, 10, 64)
	got, err := h.store.Official(r.Context(), id)
	if err == nil {
		return &got, http.StatusOK, nil
	}
	if _, ok := f.Refused(err); ok {
		status, _ = web.Status(err)
		return nil, status, nil
	}
	return nil, 0, err
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
		if v.Slots, err = h.store.FreeSlots(ctx, own[0].ID, h.now(), SlotsShown); err != nil {
			web.Error(w, r, err)
			return
		}
	}
	web.Render(w, r, http.StatusOK, ownSlotsPage(v))
}

func (h *Handler) bookPage(w http.ResponseWriter, r *http.Request) {
	if !canBook(auth.UserFrom(r.Context())) {
		h.ownSlots(w, r)
		return
	}
	q := form.FromURL(r)
	v := bookView{Form: bookForm{Official: q.Raw("official"), Start: q.Raw("start"), Language: "lv"}, Month: bookMonth(q.Raw("month"), h.now())}
	if st, ok := parseStart(v.Form.Start); ok {
		v.Start = st
	}
	status := http.StatusOK
	if v.Search = q.Text("q", false, MaxSearch); v.Search != "" && v.Form.Official == "" && !q.Errors.Any() {
		var err error
		if v.Matches, err = h.store.SearchOfficials(r.Context(), v.Search); err != nil {
			web.Error(w, r, err)
			return
		}
	}
	if q.Errors.Any() {
		status = http.StatusUnprocessableEntity
	}
	if v.Form.Official != "" {
		var err error
		if v.Official, status, err = h.formOfficial(r, q, v.Form.Official); err != nil {
			web.Error(w, r, err)
			return
		}
	}
	v.Errors = q.Errors
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
		if v.Slots, err = h.store.FreeSlots(ctx, v.Official.ID, h.now(), SlotsShown); err != nil {
			web.Error(w, r, err)
			return
		}
	}
	if v.Official != nil && v.Start.IsZero() {
		if v.Month.IsZero() {
			v.Month = bookMonth("", h.now())
		}
		if v.MonthSlots, err = h.store.MonthSlots(ctx, v.Official.ID, v.Month); err != nil {
			web.Error(w, r, err)
			return
		}
		if prev := v.Month.AddDate(0, -1, 0); bookMonth(prev.Format("2006-01"), h.now()).Equal(prev) {
			v.PrevMonth = &prev
		}
		if next := v.Month.AddDate(0, 1, 0); bookMonth(next.Format("2006-01"), h.now()).Equal(next) {
			v.NextMonth = &next
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
	f.Messages("visitors.book_form") // "Ievadiet apmeklētāja vārdu un uzvārdu", not "Aizpildiet šo lauku"
	in := bookForm{Official: f.Raw("official"), Start: f.Raw("start")}
	v := bookView{}
	var nb NewBooking
	if v.Official, _, err = h.formOfficial(r, f, in.Official); err != nil {
		web.Error(w, r, err)
		return
	} else if v.Official != nil {
		nb.OfficialID = v.Official.ID
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
		if p := personcode.CheckAt(nb.PersonCode, h.now()); p != personcode.OK {
			f.Add("person_code", "visitors.err_code_"+string(p))
		}
	}
	in.OverrideReason = f.Text("override_reason", false, 500)
	nb.VisitorName, nb.Email, nb.Topic, nb.Language, nb.Accessibility, nb.OverrideReason =
		in.Name, in.Email, in.Topic, in.Language, in.Accessibility, in.OverrideReason
	v.Form = in
	status := http.StatusUnprocessableEntity
	if !f.Errors.Any() {
		bid, err := h.store.Book(ctx, nb)
		if err == nil {
			web.RedirectWithFlash(w, r, h.sessions, bookingURL(bid),
				i18n.T(ctx, "visitors.booked", i18n.M{"name": nb.VisitorName, "time": i18n.DateTime(nb.Start)}))
			return
		}
		var ok bool
		if status, ok = f.Refused(err); !ok {
			web.Error(w, r, err)
			return
		}
	}
	// Past the visitor's limit, the clerk may book with a reason.
	v.ShowOverride = in.OverrideReason != "" || f.Errors.Get("override_reason") != ""
	v.Errors = f.Errors
	h.renderBook(w, r, status, v)
}
