package visitors

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/calendar"
	"github.com/daugavpils/prdesk/internal/errs"
	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/web"
)

// The reception day: today's sessions, bookings and queue of the officials
// the viewer may see; check-in, walk-ins, calling the next visitor (and
// again), the outcome of a conversation, a visitor who went away unseen, a
// ticket handed to another official, and undoing any of these steps. The
// page polls a fragment, as the waiting room's board does, so that a
// check-in at the front desk shows on the staff's screens within seconds.

// QueuePoll is how often the queue page asks for changes, in the
// hx-trigger syntax: a check-in shows on every open queue page within two
// seconds.
const QueuePoll = "every 1s"

type queueGroup struct {
	Official  Official
	Sessions  []Session
	Receiving bool // holding reception now
	Bookings  []Booking
	Tickets   []Ticket
	ByBooking map[int64]Ticket
	Serve     bool // the viewer may call and close this official's tickets
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
	// TransferTo are the officials who receive today, to hand a ticket to.
	TransferTo []Official
	WalkIn     walkInForm
	Errors     form.Errors
	// OutcomeFor is the ticket whose outcome form came back refused.
	OutcomeFor  int64
	OutcomeText string
	// TransferFor is the ticket whose transfer form came back refused.
	TransferFor int64
	Undo        []Step // the viewer's steps they may still undo
	Seen        string // the digest the page shows (QueueDigest)
}

func (h *Handler) queuePage(w http.ResponseWriter, r *http.Request) {
	h.renderQueue(w, r, http.StatusOK, queueView{})
}

// fillQueue fills in today's reception of the officials the viewer may see:
// those with a session, a booking or a ticket today (an official sees their
// own in any case). The digest is read first: a change made while the page
// is read shows at the next poll rather than never. The viewer's steps to
// undo are read for the whole page only (withUndo): the fragment has none.
func (h *Handler) fillQueue(r *http.Request, v *queueView, withUndo bool) error {
	ctx := r.Context()
	u := auth.UserFrom(ctx)
	now := h.now()
	v.Now, v.Day = now, calendar.DateOf(now)
	v.CanBook, v.CanRegister = canBook(u), u.Can(auth.PetitionsRegister)
	var err error
	if v.Seen, err = h.store.QueueDigest(ctx, now); err != nil {
		return err
	}
	ids, all, err := h.visibleOfficials(r)
	if err != nil {
		return err
	}
	v.Own = !all
	officials, err := h.store.Officials(ctx)
	if err != nil {
		return err
	}
	sessions, err := h.store.Sessions(ctx, 0, now, now)
	if err != nil {
		return err
	}
	bookings, err := h.store.Day(ctx, now, 0)
	if err != nil {
		return err
	}
	tickets, err := h.store.Queue(ctx, now, 0)
	if err != nil {
		return err
	}
	v.Receiving, v.TransferTo = nil, nil
	for _, o := range officials {
		g := queueGroup{Official: o, ByBooking: map[int64]Ticket{}, Serve: all || ids[o.ID]}
		for _, s := range sessions {
			if s.OfficialID == o.ID {
				g.Sessions = append(g.Sessions, s)
				if !s.Start.After(now) && now.Before(s.End) {
					g.Receiving = true
				}
			}
		}
		for _, s := range g.Sessions {
			if s.End.After(now) {
				v.TransferTo = append(v.TransferTo, o)
				break
			}
		}
		if !all && !ids[o.ID] {
			continue
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
	if withUndo {
		v.Undo, err = h.store.UndoableSteps(ctx, u.ID, 0)
	}
	return err
}

func (h *Handler) renderQueue(w http.ResponseWriter, r *http.Request, status int, v queueView) {
	if err := h.fillQueue(r, &v, true); err != nil {
		web.Error(w, r, err)
		return
	}
	web.Render(w, r, status, queuePage(v))
}

// queueFragment answers the queue page's poll: 204 while the day's queue
// and bookings are as the page shows them (seen), else the officials'
// sections drawn anew, which replace the page's.
func (h *Handler) queueFragment(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	digest, err := h.store.QueueDigest(r.Context(), h.now())
	if err != nil {
		web.Error(w, r, err)
		return
	}
	if form.URLValues(r).Get("seen") == digest {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	var v queueView
	if err := h.fillQueue(r, &v, false); err != nil {
		web.Error(w, r, err)
		return
	}
	web.Render(w, r, http.StatusOK, queueFragment(v))
}

// queuePollURL is the fragment's address with what the page shows.
func (v queueView) pollURL() string {
	return "/visitors/queue/fragment?" + url.Values{"seen": {v.Seen}}.Encode()
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
	back := backTo(f.Raw("back"), "/visitors/queue")
	switch {
	case err == nil:
		web.RedirectWithFlash(w, r, h.sessions, queueURL(t.OfficialID),
			i18n.T(ctx, "visitors.queue.checked_in", i18n.M{"name": orNotGiven(ctx, t.VisitorName), "ticket": t.Ticket}))
	case errors.Is(err, ErrNotToday):
		web.RedirectWithFlash(w, r, h.sessions, back, i18n.T(ctx, "visitors.queue.err_not_today"))
	case errors.Is(err, ErrState):
		web.RedirectWithFlash(w, r, h.sessions, back, i18n.T(ctx, "visitors.queue.err_not_booked"))
	default:
		web.Error(w, r, err)
	}
}

// backTo is the page a form came from (its "back" field) when it is one of
// the area's, else def: a redirect never leaves the area.
func backTo(back, def string) string {
	if strings.HasPrefix(back, "/visitors") && !strings.HasPrefix(back, "//") && !strings.ContainsAny(back, "\\\r\n") {
		return back
	}
	return def
}

func (h *Handler) walkIn(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f.Messages("visitors.queue.walkin_form")
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
			i18n.T(ctx, "visitors.queue.called", i18n.M{"ticket": t.Ticket, "name": orNotGiven(ctx, t.VisitorName)}))
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
	f.Messages("visitors.queue")
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

func (h *Handler) recall(w http.ResponseWriter, r *http.Request) {
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
	err = h.store.Recall(ctx, t.ID, f.Version())
	switch {
	case err == nil:
		web.RedirectWithFlash(w, r, h.sessions, queueURL(t.OfficialID), i18n.T(ctx, "visitors.queue.recalled", t.Ticket))
	case errors.Is(err, ErrState):
		web.RedirectWithFlash(w, r, h.sessions, queueURL(t.OfficialID), i18n.T(ctx, "visitors.queue.err_not_recallable", t.Ticket))
	default:
		web.Error(w, r, err)
	}
}

func (h *Handler) transfer(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := web.PathID(r, "id")
	if err != nil {
		web.Error(w, r, err)
		return
	}
	t, err := h.store.Ticket(ctx, id)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f.Messages("visitors.transfer")
	to := f.ID("official", true)
	field := "transfer-" + strconv.FormatInt(t.ID, 10)
	status := http.StatusUnprocessableEntity
	if !f.Errors.Any() {
		nt, err := h.store.Transfer(ctx, t.ID, f.Version(), to)
		switch {
		case err == nil:
			web.RedirectWithFlash(w, r, h.sessions, queueURL(nt.OfficialID), i18n.T(ctx, "visitors.transfer.done",
				i18n.M{"from": t.Ticket, "official": nt.OfficialName, "ticket": nt.Ticket}))
			return
		case errors.Is(err, ErrState):
			web.RedirectWithFlash(w, r, h.sessions, queueURL(t.OfficialID), i18n.T(ctx, "visitors.queue.err_not_waiting", t.Ticket))
			return
		}
		var ok bool
		if status, ok = f.Refused(err); !ok {
			web.Error(w, r, err)
			return
		}
	}
	// The queue shows one transfer form a ticket: the message goes beside this one.
	var fe form.Errors
	fe.Add(field, f.Errors.Get("official"))
	h.renderQueue(w, r, status, queueView{Errors: fe, TransferFor: t.ID})
}

// submissionForm is the registry's form a written submission starts: the
// visitor's details travel as a draft kept on the server, never in the
// address (browser history, logs).
func (h *Handler) submission(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := web.PathID(r, "id")
	if err != nil {
		web.Error(w, r, err)
		return
	}
	key, err := h.store.SubmissionDraft(ctx, id)
	switch {
	case err == nil:
		web.Redirect(w, r, "/petitions/new?"+url.Values{"draft": {key}}.Encode())
	case errors.Is(err, ErrState):
		t, _ := h.store.Ticket(ctx, id)
		web.RedirectWithFlash(w, r, h.sessions, queueURL(t.OfficialID), i18n.T(ctx, "visitors.queue.err_no_submission", t.Ticket))
	default:
		web.Error(w, r, err)
	}
}

// undo undoes one of the viewer's steps and goes back to the page it was
// asked from.
func (h *Handler) undo(w http.ResponseWriter, r *http.Request) {
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
	back := backTo(f.Raw("back"), "/visitors/queue")
	st, err := h.store.Undo(ctx, id)
	switch {
	case err == nil:
		web.RedirectWithFlash(w, r, h.sessions, back, i18n.T(ctx, "visitors.undo.done", stepText(ctx, st)))
	case errors.Is(err, ErrUndoLate):
		web.RedirectWithFlash(w, r, h.sessions, back, i18n.T(ctx, "visitors.undo.err_late", i18n.Number(int64(UndoWindow/time.Minute))))
	case errors.Is(err, ErrUndoStale):
		web.RedirectWithFlash(w, r, h.sessions, back, i18n.T(ctx, "visitors.undo.err_stale"))
	case errors.Is(err, ErrUndone):
		web.RedirectWithFlash(w, r, h.sessions, back, i18n.T(ctx, "visitors.undo.err_undone"))
	default:
		web.Error(w, r, err)
	}
}
