package visitors

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/audit"
	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/errs"
	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/web"
)

// The waiting list is derived on read rather than pushed on cancel: an
// entry is waiting until it is taken off by hand (or by the retention of
// visitors' details, see Anonymize) or the person holds a
// booking with the official made after they joined (matched by phone or
// e-mail); and the slot offered to the first waiting person is simply the
// nearest free slot of the official. A cancelled or moved booking frees its
// slot, so it is offered from the next read of the list, whoever freed it
// and however, without the cancelling code having to know about the list;
// a session added later serves the list the same way.

// WaitEntry is one person on an official's waiting list.
type WaitEntry struct {
	ID          int64     `db:"id"`
	OfficialID  int64     `db:"official_id"`
	VisitorName string    `db:"visitor_name"`
	Phone       string    `db:"phone"`
	Email       string    `db:"email"`
	Topic       string    `db:"topic"`
	Version     int       `db:"version"`
	CreatedAt   time.Time `db:"created_at"`
}

// waiting is the condition of an entry still waiting. An entry whose
// details were removed after the retention period waits no more. The phone
// and the e-mail are matched apart, each with the condition of its partial
// index on visit_bookings spelled out, so each waiting person costs two
// index probes rather than a pass over the official's bookings.
const waiting = `w.removed_at is null and w.anonymized_at is null
	and not exists (select 1 from visit_bookings b
		where w.phone <> '' and b.phone <> '' and b.official_id = w.official_id and b.phone = w.phone
		  and b.created_at >= w.created_at)
	and not exists (select 1 from visit_bookings b
		where w.email <> '' and b.email <> '' and b.official_id = w.official_id and lower(b.email) = lower(w.email)
		  and b.created_at >= w.created_at)`

// Waitlist lists the people waiting for official, first come first.
func (s *Store) Waitlist(ctx context.Context, officialID int64) ([]WaitEntry, error) {
	rows, _ := s.pool.Query(ctx, `
		select id, official_id, visitor_name, phone, email, topic, version, created_at
		from visit_waitlist w where official_id = $1 and `+waiting+` order by created_at, id`, officialID)
	return pgx.CollectRows(rows, pgx.RowToStructByName[WaitEntry])
}

// WaitingCount is how many people wait for official (the booking page may
// show it beside the free slots).
func (s *Store) WaitingCount(ctx context.Context, officialID int64) (int, error) {
	var n int
	err := s.pool.QueryRow(ctx, `select count(*) from visit_waitlist w where official_id = $1 and `+waiting, officialID).Scan(&n)
	return n, err
}

// AddWaiting puts a person on official's waiting list.
func (s *Store) AddWaiting(ctx context.Context, e WaitEntry) (int64, error) {
	if e.Phone == "" && e.Email == "" {
		return 0, ErrNoContact
	}
	var id int64
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		o, err := official(ctx, tx, e.OfficialID)
		if err != nil {
			return err
		}
		err = tx.QueryRow(ctx, `insert into visit_waitlist (official_id, visitor_name, phone, email, topic, created_by)
			values ($1, $2, $3, $4, $5, $6) returning id`,
			o.ID, e.VisitorName, e.Phone, e.Email, e.Topic, actorID(ctx)).Scan(&id)
		if err != nil {
			return fmt.Errorf("insert waiting: %w", err)
		}
		return audit.Record(ctx, tx, audit.Entry{Entity: "visit_waitlist", EntityID: id, Action: "create",
			Summary: fmt.Sprintf("Gaidītāju sarakstā pie %s: ieraksts #%d", o.Name, id)})
	})
	return id, err
}

// RemoveWaiting takes an entry off official's list with the reason.
func (s *Store) RemoveWaiting(ctx context.Context, officialID, id int64, reason string, version int) error {
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		var joined time.Time
		err := tx.QueryRow(ctx, `update visit_waitlist set removed_at = now(), removed_reason = $3,
			version = version + 1, updated_at = now()
			where id = $1 and official_id = $2 and version = $4 and removed_at is null
			returning created_at`,
			id, officialID, reason, version).Scan(&joined)
		if errors.Is(err, pgx.ErrNoRows) {
			return ErrStale
		} else if err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Entity: "visit_waitlist", EntityID: id, Action: "remove",
			Summary: fmt.Sprintf("Izņemts no gaidītāju saraksta ieraksts #%d (iekļauts %s; iemesls pie ieraksta)", id, i18n.DateTime(joined))})
	})
}

// Personal data: the waiting list is the bookers'.
func (h *Handler) routesWaitlist(m *auth.Mux) {
	m.Get("/visitors/waitlist", auth.VisitorsBook, h.waitlistPage)
	m.Post("/visitors/waitlist", auth.VisitorsBook, h.addWaiting)
	m.Post("/visitors/waitlist/{id}/remove", auth.VisitorsBook, h.removeWaiting)
}

type waitForm struct {
	Name, Phone, Email, Topic string
}

type waitlistView struct {
	Officials []Official
	Official  *Official
	Entries   []WaitEntry
	Offer     *Slot // the nearest free slot, offered to Entries[0]
	Form      waitForm
	Errors    form.Errors
}

func waitlistURL(officialID int64) string {
	return "/visitors/waitlist?official=" + strconv.FormatInt(officialID, 10)
}

func (h *Handler) renderWaitlist(w http.ResponseWriter, r *http.Request, status int, v waitlistView) {
	ctx := r.Context()
	var err error
	if v.Officials, err = h.store.Officials(ctx); err != nil {
		web.Error(w, r, err)
		return
	}
	if v.Official != nil {
		if v.Entries, err = h.store.Waitlist(ctx, v.Official.ID); err != nil {
			web.Error(w, r, err)
			return
		}
		if len(v.Entries) > 0 {
			free, err := h.store.FreeSlots(ctx, v.Official.ID, time.Now(), 1)
			if err != nil {
				web.Error(w, r, err)
				return
			}
			if len(free) > 0 {
				v.Offer = &free[0]
			}
		}
	}
	web.Render(w, r, status, waitlistPage(v))
}

func (h *Handler) waitlistPage(w http.ResponseWriter, r *http.Request) {
	v := waitlistView{}
	status := http.StatusOK
	if s := r.URL.Query().Get("official"); s != "" {
		id, _ := strconv.ParseInt(s, 10, 64)
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
	h.renderWaitlist(w, r, status, v)
}

func (h *Handler) addWaiting(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	v := waitlistView{}
	id, _ := strconv.ParseInt(f.Raw("official"), 10, 64)
	o, err := h.store.Official(ctx, id)
	switch {
	case errors.Is(err, ErrUnknownOfficial):
		f.Add("official", "visitors.err_unknown_official")
	case err != nil:
		web.Error(w, r, err)
		return
	default:
		v.Official = &o
	}
	in := waitForm{Name: f.Text("name", true, 200), Phone: f.Text("phone", false, 40), Email: f.Email("email", false),
		Topic: f.Text("topic", true, 500)}
	phone := NormalisePhone(in.Phone)
	if phone != "" && !ValidPhone(phone) {
		f.Add("phone", "visitors.err_phone")
	}
	if in.Phone == "" && in.Email == "" {
		f.Add("phone", "visitors.err_no_contact")
	}
	if !f.Errors.Any() {
		_, err := h.store.AddWaiting(ctx, WaitEntry{OfficialID: o.ID, VisitorName: in.Name, Phone: phone, Email: in.Email, Topic: in.Topic})
		switch {
		case err == nil:
			web.RedirectWithFlash(w, r, h.sessions, waitlistURL(o.ID), i18n.T(ctx, "visitors.hours.waiting_added", in.Name))
			return
		case errors.Is(err, ErrUnknownOfficial):
			f.Add("official", "visitors.err_unknown_official")
		default:
			web.Error(w, r, err)
			return
		}
	}
	v.Form, v.Errors = in, f.Errors
	h.renderWaitlist(w, r, http.StatusUnprocessableEntity, v)
}

func (h *Handler) removeWaiting(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, ok := hoursPathID(r, "id")
	f, err := form.Read(r)
	if !ok || err != nil {
		web.Error(w, r, errs.NotFound)
		return
	}
	official, _ := strconv.ParseInt(f.Raw("official"), 10, 64)
	reason := f.Text("reason", true, 500)
	if f.Errors.Any() {
		o, err := h.store.Official(ctx, official)
		if err != nil {
			web.Error(w, r, errs.NotFound)
			return
		}
		h.renderWaitlist(w, r, http.StatusUnprocessableEntity, waitlistView{Official: &o, Errors: f.Errors})
		return
	}
	switch err := h.store.RemoveWaiting(ctx, official, id, reason, f.Version()); {
	case errors.Is(err, ErrStale):
		web.Error(w, r, errs.Conflict)
	case err != nil:
		web.Error(w, r, err)
	default:
		web.RedirectWithFlash(w, r, h.sessions, waitlistURL(official), i18n.T(ctx, "visitors.hours.waiting_removed"))
	}
}
