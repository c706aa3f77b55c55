package press

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/daugavpils/prdesk/internal/contacts"
	"github.com/daugavpils/prdesk/internal/errs"
	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/web"
)

// Press conferences and media events: the list, the form, the card with
// its accredited journalists, the door list.

func eventURL(id int64) string { return "/press/events/" + strconv.FormatInt(id, 10) }

type eventsView struct {
	Past   bool
	Status string
	Events []Event
	Errors form.Errors
	Now    time.Time
}

func (h *Handler) events(w http.ResponseWriter, r *http.Request) {
	q := form.FromURL(r).Messages("press.events")
	v := eventsView{Past: q.Raw("when") == "past", Now: h.now()}
	status := form.Enum(q, "status", false, EventStatuses)
	v.Status = string(status)
	if q.Errors.Any() {
		v.Errors, v.Status = q.Errors, q.Raw("status")
		web.Render(w, r, http.StatusUnprocessableEntity, eventsPage(v))
		return
	}
	var err error
	if v.Events, err = h.store.Events(r.Context(), EventQuery{Past: v.Past, Status: status}); err != nil {
		web.Error(w, r, err)
		return
	}
	web.Render(w, r, http.StatusOK, eventsPage(v))
}

// eventForm is the event's form as typed.
type eventForm struct {
	Kind, Title, Date, Start, End, Place, Room, Status string
	Responsible                                        string
	Speakers                                           []contacts.LookupValue
	AccreditationOpen                                  bool
	ReleaseID, FollowUp, Notes                         string
	Version                                            int
	Idem                                               string
}

type eventView struct {
	ID     int64
	Form   eventForm
	Errors form.Errors
	People []Person
}

func speakerField(n int) string { return "speaker_" + strconv.Itoa(n) }

func (h *Handler) newEventPage(w http.ResponseWriter, r *http.Request) {
	f := eventForm{Kind: string(Conference), Status: string(EventPlanned), AccreditationOpen: true, Idem: web.FormKey(),
		Speakers: make([]contacts.LookupValue, MaxSpeakers)}
	if u := currentUser(r); u != 0 {
		f.Responsible = strconv.FormatInt(u, 10)
	}
	h.renderEvent(w, r, http.StatusOK, eventView{Form: f})
}

func (h *Handler) renderEvent(w http.ResponseWriter, r *http.Request, status int, v eventView) {
	var err error
	if v.People, err = h.store.DepartmentPeople(r.Context()); err != nil {
		web.Error(w, r, err)
		return
	}
	web.Render(w, r, status, eventFormPage(v))
}

func (h *Handler) pathEvent(r *http.Request) (Event, error) {
	id, err := web.PathID(r, "id")
	if err != nil {
		return Event{}, err
	}
	return h.store.Event(r.Context(), id)
}

func (h *Handler) editEventPage(w http.ResponseWriter, r *http.Request) {
	e, err := h.pathEvent(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	names, err := h.store.Contacts(r.Context(), e.Speakers)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	start, end := e.StartsAt.In(i18n.Riga), e.EndsAt.In(i18n.Riga)
	f := eventForm{Kind: string(e.Kind), Title: e.Title, Date: start.Format("02.01.2006."), Start: start.Format("15:04"),
		End: end.Format("15:04"), Place: e.Place, Room: e.Room, Status: string(e.Status), AccreditationOpen: e.AccreditationOpen,
		FollowUp: e.FollowUp, Notes: e.Notes, Version: e.Version}
	if e.ResponsibleID != nil {
		f.Responsible = strconv.FormatInt(*e.ResponsibleID, 10)
	}
	if e.ReleaseID != nil {
		f.ReleaseID = strconv.FormatInt(*e.ReleaseID, 10)
	}
	for i := range MaxSpeakers {
		v := contacts.LookupValue{}
		if i < len(e.Speakers) {
			v = contacts.LookupValue{ID: e.Speakers[i], Label: names[e.Speakers[i]].Name}
		}
		f.Speakers = append(f.Speakers, v)
	}
	h.renderEvent(w, r, http.StatusOK, eventView{ID: e.ID, Form: f})
}

// readEvent checks the form; the database's checks are repeated here so
// that each refusal has its message beside its field.
func (h *Handler) readEvent(r *http.Request, f *form.Values, people []Person) (eventForm, Event, error) {
	in := eventForm{
		Kind:              string(form.Enum(f, "kind", true, EventKinds)),
		Title:             f.Text("title", true, MaxEventTitle),
		Date:              f.Raw("date"),
		Start:             f.Raw("start_time"),
		End:               f.Raw("end_time"),
		Place:             f.Text("place", true, MaxPlace),
		Room:              f.Text("room", false, MaxRoom),
		Status:            string(form.Enum(f, "status", true, EventStatuses)),
		Responsible:       f.Raw("responsible_id"),
		AccreditationOpen: f.Bool("accreditation_open"),
		ReleaseID:         strings.TrimSpace(f.Raw("release_id")),
		FollowUp:          f.Text("follow_up", false, 4000),
		Notes:             f.Text("notes", false, 4000),
		Version:           f.Version(),
		Idem:              f.Raw("idem"),
	}
	e := Event{Kind: EventKind(in.Kind), Title: in.Title, Place: in.Place, Room: in.Room, Status: EventStatus(in.Status),
		AccreditationOpen: in.AccreditationOpen, FollowUp: in.FollowUp, Notes: in.Notes, Version: in.Version, IdempotencyKey: in.Idem}
	e.StartsAt = f.Moment("date", "start_time", true)
	if !e.StartsAt.IsZero() {
		if hh, mm, ok := form.ParseClock(strings.TrimSpace(in.End)); ok {
			d := e.StartsAt.In(i18n.Riga)
			e.EndsAt = time.Date(d.Year(), d.Month(), d.Day(), hh, mm, 0, 0, i18n.Riga)
		} else if strings.TrimSpace(in.End) == "" {
			f.Missing("end_time")
		} else {
			f.Invalid("end_time")
		}
	}
	if id := f.ID("responsible_id", false); id != 0 {
		known := false
		for _, p := range people {
			known = known || p.ID == id
		}
		if !known {
			f.Invalid("responsible_id")
		} else {
			e.ResponsibleID = &id
		}
	}
	if id := f.ID("release_id", false); id != 0 {
		e.ReleaseID = &id
	}
	for n := 1; n <= MaxSpeakers; n++ {
		v := contacts.ReadLookup(f, speakerField(n))
		if h.contacts != nil {
			if err := h.contacts.Resolve(r.Context(), f, &v, speakerField(n), contacts.Person); err != nil {
				return in, e, err
			}
		}
		in.Speakers = append(in.Speakers, v)
		if v.ID != 0 && !containsID(e.Speakers, v.ID) {
			e.Speakers = append(e.Speakers, v.ID)
		}
	}
	for _, p := range e.Check() {
		if f.Errors.Get(p[0]) == "" {
			f.Add(p[0], p[1])
		}
	}
	return in, e, nil
}

func (h *Handler) createEvent(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f.Messages("press.event")
	people, err := h.store.DepartmentPeople(ctx)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	in, e, err := h.readEvent(r, f, people)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	o := web.Once{Key: in.Idem, ByKey: h.store.EventByIdempotencyKey, URL: eventURL, Saved: "press.event.saved", Already: "press.event.already_saved"}
	if web.MadeBefore(w, r, h.sessions, o) {
		return
	}
	status, done := web.CreateOnce(w, r, h.sessions, f, o, func() (int64, error) { return h.store.CreateEvent(ctx, e) })
	if done {
		return
	}
	web.Render(w, r, status, eventFormPage(eventView{Form: in, Errors: f.Errors, People: people}))
}

func (h *Handler) updateEvent(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	old, err := h.pathEvent(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f.Messages("press.event")
	people, err := h.store.DepartmentPeople(ctx)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	in, e, err := h.readEvent(r, f, people)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	e.ID, e.IdempotencyKey = old.ID, ""
	status, done := web.SaveEdit(w, r, h.sessions, f, eventURL(e.ID), "press.event.saved", func() error { return h.store.UpdateEvent(ctx, e) })
	if done {
		return
	}
	web.Render(w, r, status, eventFormPage(eventView{ID: old.ID, Form: in, Errors: f.Errors, People: people}))
}

func (v eventView) action() string {
	if v.ID == 0 {
		return "/press/events"
	}
	return eventURL(v.ID) + "/edit"
}

// eventCardView is one event with its speakers and journalists.
type eventCardView struct {
	E              Event
	Names          map[int64]Contact
	Accreditations []Accreditation
	Invitations    []Invitation
	Timeline       []TimelineLine
	Link           string // the public accreditation form's address
	Now            time.Time
	Form           accreditationForm
	Errors         form.Errors
}

func (h *Handler) eventCard(w http.ResponseWriter, r *http.Request) {
	e, err := h.pathEvent(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	h.renderEventCard(w, r, http.StatusOK, eventCardView{E: e})
}

func (h *Handler) renderEventCard(w http.ResponseWriter, r *http.Request, status int, v eventCardView) {
	ctx := r.Context()
	var err error
	if v.Names, err = h.store.Contacts(ctx, v.E.Speakers); err != nil {
		web.Error(w, r, err)
		return
	}
	if v.Accreditations, err = h.store.Accreditations(ctx, v.E.ID); err != nil {
		web.Error(w, r, err)
		return
	}
	if v.Invitations, err = h.store.Invitations(ctx, v.E.ID); err != nil {
		web.Error(w, r, err)
		return
	}
	if v.Timeline, err = h.store.EventTimeline(ctx, v.E.ID); err != nil {
		web.Error(w, r, err)
		return
	}
	v.Link = accreditationURL(r, v.E.AccreditationToken)
	v.Now = h.now()
	web.Render(w, r, status, eventCardPage(v))
}

// doorList is the printable list of the journalists, to tick at the door.
func (h *Handler) doorList(w http.ResponseWriter, r *http.Request) {
	e, err := h.pathEvent(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	as, err := h.store.Accreditations(r.Context(), e.ID)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	web.Render(w, r, http.StatusOK, doorListPage(e, as))
}

// staffAccredit registers a journalist from the card.
func (h *Handler) staffAccredit(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	e, err := h.pathEvent(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f.Messages("press.accreditation")
	in, a := readAccreditation(f)
	status := http.StatusUnprocessableEntity
	if !f.Errors.Any() {
		_, err := h.store.Accredit(ctx, e.ID, a, false)
		if err == nil {
			web.RedirectWithFlash(w, r, h.sessions, eventURL(e.ID)+"#journalists", i18n.T(ctx, "press.accreditation.added"))
			return
		}
		var ok bool
		if status, ok = f.Refused(err); !ok {
			web.Error(w, r, err)
			return
		}
	}
	h.renderEventCard(w, r, status, eventCardView{E: e, Form: in, Errors: f.Errors})
}

// attended marks whether an accredited journalist came.
func (h *Handler) attended(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := web.PathID(r, "id")
	if err != nil {
		web.Error(w, r, err)
		return
	}
	aid, err := web.PathID(r, "aid")
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	if err := h.store.MarkAttended(ctx, id, aid, f.Raw("attended") == "yes"); err != nil {
		web.Error(w, r, err)
		return
	}
	web.RedirectWithFlash(w, r, h.sessions, eventURL(id)+"#journalists", i18n.T(ctx, "press.accreditation.marked"))
}

// match links an accreditation to the journalist the directory suggests.
func (h *Handler) match(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	e, err := h.pathEvent(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	id := e.ID
	aid, err := web.PathID(r, "aid")
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	contact := f.ID("contact_id", false)
	if err := h.store.MatchContact(ctx, id, aid, contact); err != nil {
		if _, ok := errs.AsField(err); ok {
			web.Error(w, r, errs.Invalid)
			return
		}
		web.Error(w, r, err)
		return
	}
	web.RedirectWithFlash(w, r, h.sessions, eventURL(id)+"#journalists", i18n.T(ctx, "press.accreditation.matched"))
}
