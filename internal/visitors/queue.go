package visitors

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/calendar"
	"github.com/daugavpils/prdesk/internal/errs"
	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/web"
)

// The reception day: today's sessions, bookings and queue of the officials
// the viewer may see; check-in, walk-ins, calling the next visitor, the
// outcome of a conversation and a visitor who went away.

type queueGroup struct {
	Official  Official
	Sessions  []Session
	Receiving bool // holding reception now
	Bookings  []Booking
	Tickets   []Ticket
	ByBooking map[int64]Ticket
}

type walkInForm struct {
	Official, Name, Topic string
}

type queueView struct {
	Day         time.Time
	Now         time.Time
	Groups      []queueGroup
	Own         bool // the viewer sees only their own reception
	CanBook     bool
	CanRegister bool
	Receiving   []Official // who takes walk-ins now
	WalkIn      walkInForm
	Errors      form.Errors
	// OutcomeFor is the ticket whose outcome form came back refused.
	OutcomeFor  int64
	OutcomeText string
}

func (h *Handler) queuePage(w http.ResponseWriter, r *http.Request) {
	h.renderQueue(w, r, http.StatusOK, queueView{})
}

// renderQueue fills in today's reception of the officials the viewer may see:
// those with a session, a booking or a ticket today (an official sees their
// own in any case).
func (h *Handler) renderQueue(w http.ResponseWriter, r *http.Request, status int, v queueView) {
	ctx := r.Context()
	u := auth.UserFrom(ctx)
	now := h.now()
	v.Now, v.Day = now, calendar.DateOf(now)
	v.CanBook, v.CanRegister = canBook(u), u.Can(auth.PetitionsRegister)
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
	sessions, err := h.store.Sessions(ctx, 0, now, now)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	bookings, err := h.store.Day(ctx, now, 0)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	tickets, err := h.store.Queue(ctx, now, 0)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	for _, o := range officials {
		if !all && !ids[o.ID] {
			continue
		}
		g := queueGroup{Official: o, ByBooking: map[int64]Ticket{}}
		for _, s := range sessions {
			if s.OfficialID == o.ID {
				g.Sessions = append(g.Sessions, s)
				if !s.Start.After(now) && now.Before(s.End) {
					g.Receiving = true
				}
			}
		}
		for _, b := range bookings {
			if b.OfficialID == o.ID && b.State != Cancelled {
				g.Bookings = append(g.Bookings, b)
			}
		}
		for _, t := range tickets {
			if t.OfficialID == o.ID {
				g.Tickets = append(g.Tickets, t)
				if t.BookingID != nil {
					g.ByBooking[*t.BookingID] = t
				}
			}
		}
		if all && len(g.Sessions) == 0 && len(g.Bookings) == 0 && len(g.Tickets) == 0 {
			continue
		}
		if g.Receiving {
			v.Receiving = append(v.Receiving, o)
		}
		v.Groups = append(v.Groups, g)
	}
	web.Render(w, r, status, queuePage(v))
}

// queueURL is the reception day, at the official's section.
func queueURL(officialID int64) string {
	return "/visitors/queue#official-" + strconv.FormatInt(officialID, 10)
}

func (h *Handler) checkIn(w http.ResponseWriter, r *http.Request) {
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
	t, err := h.store.CheckIn(ctx, id, f.Version())
	switch {
	case err == nil:
		web.RedirectWithFlash(w, r, h.sessions, queueURL(t.OfficialID),
			i18n.T(ctx, "visitors.queue.checked_in", i18n.M{"name": t.VisitorName, "ticket": t.Ticket}))
	case errors.Is(err, ErrNotToday):
		web.RedirectWithFlash(w, r, h.sessions, "/visitors/queue", i18n.T(ctx, "visitors.queue.err_not_today"))
	case errors.Is(err, ErrState):
		web.RedirectWithFlash(w, r, h.sessions, "/visitors/queue", i18n.T(ctx, "visitors.queue.err_not_booked"))
	default:
		web.Error(w, r, err)
	}
}

func (h *Handler) walkIn(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	in := walkInForm{Official: f.Raw("official")}
	officialID := f.ID("official", true)
	in.Name = f.Text("name", false, 200)
	in.Topic = f.Text("topic", true, 500)
	status := http.StatusUnprocessableEntity
	if !f.Errors.Any() {
		t, err := h.store.WalkIn(ctx, officialID, in.Name, in.Topic)
		if err == nil {
			web.RedirectWithFlash(w, r, h.sessions, queueURL(officialID),
				i18n.T(ctx, "visitors.queue.walked_in", i18n.M{"ticket": t.Ticket}))
			return
		}
		var ok bool
		if status, ok = f.Refused(err); !ok {
			web.Error(w, r, err)
			return
		}
	}
	h.renderQueue(w, r, status, queueView{WalkIn: in, Errors: f.Errors})
}

func (h *Handler) callNext(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	officialID, _ := strconv.ParseInt(f.Raw("official"), 10, 64)
	// An official that does not exist is not found, whoever asks: the
	// permission check below is about whose queue a person may call.
	if _, err := h.store.Official(ctx, officialID); err != nil {
		web.Error(w, r, err)
		return
	}
	if err := h.serving(r, officialID); err != nil {
		web.Error(w, r, err)
		return
	}
	t, err := h.store.CallNext(ctx, officialID)
	switch {
	case err == nil:
		web.RedirectWithFlash(w, r, h.sessions, queueURL(officialID),
			i18n.T(ctx, "visitors.queue.called", i18n.M{"ticket": t.Ticket, "name": orDash(t.VisitorName)}))
	case errors.Is(err, ErrQueueEmpty):
		web.RedirectWithFlash(w, r, h.sessions, queueURL(officialID), i18n.T(ctx, "visitors.queue.nobody_waiting"))
	default:
		web.Error(w, r, err)
	}
}

// serving is nil when the viewer may serve official's queue, and forbidden
// otherwise (see mayServe).
func (h *Handler) serving(r *http.Request, officialID int64) error {
	ok, err := h.mayServe(r, officialID)
	if err == nil && !ok {
		err = fmt.Errorf("visitors: the queue of official %d is another's: %w", officialID, errs.Forbidden)
	}
	return err
}

// pathTicket reads the ticket of the path when the viewer may serve it.
func (h *Handler) pathTicket(r *http.Request) (Ticket, error) {
	id, err := web.PathID(r, "id")
	if err != nil {
		return Ticket{}, err
	}
	t, err := h.store.Ticket(r.Context(), id)
	if err != nil {
		return t, err
	}
	return t, h.serving(r, t.OfficialID)
}

func (h *Handler) outcome(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	t, err := h.pathTicket(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	text := f.Text("outcome", true, 500)
	if msg := f.Errors.Get("outcome"); msg != "" {
		// The queue shows one outcome form a ticket: the message goes beside this one.
		var errs form.Errors
		errs.Add("outcome-"+strconv.FormatInt(t.ID, 10), msg)
		h.renderQueue(w, r, http.StatusUnprocessableEntity, queueView{Errors: errs, OutcomeFor: t.ID, OutcomeText: text})
		return
	}
	err = h.store.RecordOutcome(ctx, t.ID, f.Version(), text, f.Bool("written"))
	switch {
	case err == nil:
		web.RedirectWithFlash(w, r, h.sessions, queueURL(t.OfficialID), i18n.T(ctx, "visitors.queue.outcome_saved", t.Ticket))
	case errors.Is(err, ErrState):
		web.RedirectWithFlash(w, r, h.sessions, queueURL(t.OfficialID), i18n.T(ctx, "visitors.queue.err_not_called", t.Ticket))
	default:
		web.Error(w, r, err)
	}
}

func (h *Handler) left(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	t, err := h.pathTicket(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	err = h.store.Leave(ctx, t.ID, f.Version())
	switch {
	case err == nil:
		web.RedirectWithFlash(w, r, h.sessions, queueURL(t.OfficialID), i18n.T(ctx, "visitors.queue.left_saved", t.Ticket))
	case errors.Is(err, ErrState):
		web.RedirectWithFlash(w, r, h.sessions, queueURL(t.OfficialID), i18n.T(ctx, "visitors.queue.err_not_waiting", t.Ticket))
	default:
		web.Error(w, r, err)
	}
}

// petitionURL starts the registry's registration form with the visitor's
// details: only data crosses to the registry, no code.
func petitionURL(t Ticket) string {
	q := url.Values{}
	q.Set("person_name", t.VisitorName)
	q.Set("person_phone", t.Phone)
	q.Set("person_email", t.Email)
	q.Set("person_code", t.PersonCode)
	q.Set("channel", "in_person")
	q.Set("subject", t.Topic)
	return "/petitions/new?" + q.Encode()
}
