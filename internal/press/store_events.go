package press

import (
	"context"
	"crypto/rand"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/audit"
	"github.com/daugavpils/prdesk/internal/contacts"
	"github.com/daugavpils/prdesk/internal/db"
	"github.com/daugavpils/prdesk/internal/errs"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/mail"
)

// Uses of the directory by media events, as contacts.RecordUse's kind.
const (
	UseSpeaker    = "speaker"    // speaks at a press conference or media event
	UseAccredited = "accredited" // a journalist accredited to one
)

// eventEntry is the audit entry of action on event id; accreditations are
// written under their event, so that the card's timeline is the event's.
func eventEntry(id int64, action, format string, args ...any) audit.Entry {
	return audit.Entry{Entity: "press_event", EntityID: id, Action: action,
		Summary: fmt.Sprintf("Mediju pasākums #%d: ", id) + fmt.Sprintf(format, args...)}
}

const eventColumns = `e.id, e.kind, e.title, e.starts_at, e.ends_at, e.place, e.room, e.status, e.responsible_id,
	coalesce((select u.full_name from users u where u.id = e.responsible_id), ''),
	array(select s.contact_id from press_event_speakers s where s.event_id = e.id order by s.position),
	e.accreditation_token, e.accreditation_open, e.release_id, e.follow_up, e.notes, e.version, e.created_at, e.updated_at,
	coalesce(e.idempotency_key, ''),
	(select count(*) from press_accreditations a where a.event_id = e.id)`

func scanEvent(row pgx.Row) (Event, error) {
	var e Event
	err := row.Scan(&e.ID, &e.Kind, &e.Title, &e.StartsAt, &e.EndsAt, &e.Place, &e.Room, &e.Status, &e.ResponsibleID,
		&e.ResponsibleName, &e.Speakers, &e.AccreditationToken, &e.AccreditationOpen, &e.ReleaseID, &e.FollowUp, &e.Notes,
		&e.Version, &e.CreatedAt, &e.UpdatedAt, &e.IdempotencyKey, &e.Accredited)
	return e, err
}

// Event reads one event.
func (s *Store) Event(ctx context.Context, id int64) (Event, error) {
	e, err := scanEvent(s.pool.QueryRow(ctx, `select `+eventColumns+` from press_events e where e.id = $1`, id))
	return e, db.NotFound(err, "press event")
}

// EventByToken reads the event whose accreditation form is at token.
func (s *Store) EventByToken(ctx context.Context, token string) (Event, error) {
	e, err := scanEvent(s.pool.QueryRow(ctx, `select `+eventColumns+` from press_events e where e.accreditation_token = $1`, token))
	return e, db.NotFound(err, "press event by token")
}

// EventByIdempotencyKey finds the event a form already created.
func (s *Store) EventByIdempotencyKey(ctx context.Context, key string) (int64, error) {
	var id int64
	err := s.pool.QueryRow(ctx, `select id from press_events where idempotency_key = $1`, key).Scan(&id)
	return id, db.NotFound(err, "press event by idempotency key")
}

// refuseEvent turns a broken rule of the database into a refusal beside
// its field.
func refuseEvent(err error) error {
	switch {
	case db.IsExclusion(err, "press_events_room_excl"):
		return errs.Field("room", "press.event.room_taken")
	case db.IsUnique(err, "press_events_idempotency_key_key"):
		return ErrDuplicateKey
	case db.IsForeignKey(err, "press_events_release_id_fkey"):
		return errs.Field("release_id", "press.event.unknown_release")
	}
	return err
}

func checkedEvent(e Event) error {
	if p := e.Check(); len(p) > 0 {
		return errs.Field(p[0][0], p[0][1])
	}
	return nil
}

// CreateEvent saves a new event, with its accreditation link, and returns
// its id.
func (s *Store) CreateEvent(ctx context.Context, e Event) (int64, error) {
	if err := checkedEvent(e); err != nil {
		return 0, err
	}
	var id int64
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		if err := checkSpeakers(ctx, tx, e.Speakers); err != nil {
			return err
		}
		var key *string
		if e.IdempotencyKey != "" {
			key = &e.IdempotencyKey
		}
		now := s.now()
		err := tx.QueryRow(ctx, `
			insert into press_events (kind, title, starts_at, ends_at, place, room, status, responsible_id,
				accreditation_token, accreditation_open, release_id, follow_up, notes, idempotency_key, created_at, updated_at, created_by)
			values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15, $16) returning id`,
			e.Kind, e.Title, e.StartsAt, e.EndsAt, e.Place, e.Room, e.Status, e.ResponsibleID, rand.Text(), e.AccreditationOpen,
			e.ReleaseID, e.FollowUp, e.Notes, key, now, audit.ActorID(ctx)).Scan(&id)
		if err != nil {
			return refuseEvent(err)
		}
		if err := s.setSpeakers(ctx, tx, id, nil, e.Speakers); err != nil {
			return err
		}
		en := eventEntry(id, "create", "ieplānots (%s, %s)", lvText("press.event.kind."+string(e.Kind)), i18n.DateTime(e.StartsAt))
		en.Details = map[string]any{"title": e.Title, "place": e.Place, "room": e.Room}
		return audit.Record(ctx, tx, en)
	})
	return id, err
}

// UpdateEvent saves e over the event (e.ID, e.Version as the form was drawn).
func (s *Store) UpdateEvent(ctx context.Context, e Event) error {
	if err := checkedEvent(e); err != nil {
		return err
	}
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		old, err := scanEvent(tx.QueryRow(ctx, `select `+eventColumns+` from press_events e where e.id = $1 for update`, e.ID))
		if err != nil {
			return db.NotFound(err, "press event")
		}
		if old.Version != e.Version {
			return errs.FieldConflict("title", "errors.conflict")
		}
		if err := checkSpeakers(ctx, tx, e.Speakers); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `
			update press_events set kind = $2, title = $3, starts_at = $4, ends_at = $5, place = $6, room = $7, status = $8,
				responsible_id = $9, accreditation_open = $10, release_id = $11, follow_up = $12, notes = $13, updated_at = $14,
				version = version + 1
			where id = $1`, e.ID, e.Kind, e.Title, e.StartsAt, e.EndsAt, e.Place, e.Room, e.Status, e.ResponsibleID,
			e.AccreditationOpen, e.ReleaseID, e.FollowUp, e.Notes, s.now()); err != nil {
			return refuseEvent(err)
		}
		if err := s.setSpeakers(ctx, tx, e.ID, old.Speakers, e.Speakers); err != nil {
			return err
		}
		action, summary := "update", "labots"
		if old.Status != e.Status {
			action, summary = "status", fmt.Sprintf("statuss „%s” → „%s”", lvText("press.event.status."+string(old.Status)),
				lvText("press.event.status."+string(e.Status)))
		}
		en := eventEntry(e.ID, action, "%s", summary)
		en.Details = audit.Diff([][3]any{{"title", old.Title, e.Title}, {"starts_at", old.StartsAt.UTC().Format(time.RFC3339), e.StartsAt.UTC().Format(time.RFC3339)},
			{"ends_at", old.EndsAt.UTC().Format(time.RFC3339), e.EndsAt.UTC().Format(time.RFC3339)}, {"place", old.Place, e.Place},
			{"room", old.Room, e.Room}, {"status", old.Status, e.Status}, {"speakers", old.Speakers, e.Speakers},
			{"accreditation_open", old.AccreditationOpen, e.AccreditationOpen}, {"release_id", ptr(old.ReleaseID), ptr(e.ReleaseID)}})
		return audit.Record(ctx, tx, en)
	})
}

// checkSpeakers refuses a speaker who is not a person of the directory.
func checkSpeakers(ctx context.Context, tx pgx.Tx, ids []int64) error {
	for i, id := range ids {
		if err := contacts.Exists(ctx, tx, id, contacts.Person, "speaker_"+strconv.Itoa(i+1)); err != nil {
			return err
		}
	}
	return nil
}

// setSpeakers makes the event's speakers now, in order, and records in the
// directory who speaks (and forgets who no longer does).
func (s *Store) setSpeakers(ctx context.Context, tx pgx.Tx, id int64, old, now []int64) error {
	if _, err := tx.Exec(ctx, `delete from press_event_speakers where event_id = $1`, id); err != nil {
		return err
	}
	for i, c := range now {
		if _, err := tx.Exec(ctx, `insert into press_event_speakers (event_id, contact_id, position) values ($1, $2, $3)
			on conflict do nothing`, id, c, i+1); err != nil {
			return err
		}
	}
	if s.contacts == nil {
		return nil
	}
	ref := "events/" + strconv.FormatInt(id, 10)
	for _, c := range old {
		if !containsID(now, c) {
			if err := s.contacts.ForgetUse(ctx, tx, c, "press", UseSpeaker, ref); err != nil {
				return err
			}
		}
	}
	for _, c := range now {
		if !containsID(old, c) {
			if err := s.contacts.RecordUse(ctx, tx, c, "press", UseSpeaker, ref); err != nil {
				return err
			}
		}
	}
	return nil
}

func containsID(ids []int64, id int64) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

// EventQuery is the events list's filters.
type EventQuery struct {
	Past   bool // held before today, newest first; otherwise today's and later, soonest first
	Status EventStatus
}

// EventsShown is the most events the list shows at once.
const EventsShown = 200

// Events are the events of q, at most EventsShown.
func (s *Store) Events(ctx context.Context, q EventQuery) ([]Event, error) {
	order, cond := `e.starts_at, e.id`, `e.ends_at >= $1`
	if q.Past {
		order, cond = `e.starts_at desc, e.id desc`, `e.ends_at < $1`
	}
	rows, _ := s.pool.Query(ctx, `select `+eventColumns+` from press_events e where `+cond+` and ($2 = '' or e.status = $2)
		order by `+order+` limit $3`, s.now(), string(q.Status), EventsShown)
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (Event, error) { return scanEvent(row) })
}

// Accredit registers a journalist for event id, from the public form
// (public) or by staff, and queues the confirmation mail; it returns the
// accreditation's id. The form closed, or the address already accredited,
// is refused beside its field.
func (s *Store) Accredit(ctx context.Context, id int64, a Accreditation, public bool) (int64, error) {
	var aid int64
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		e, err := scanEvent(tx.QueryRow(ctx, `select `+eventColumns+` from press_events e where e.id = $1 for share`, id))
		if err != nil {
			return db.NotFound(err, "press event")
		}
		if public && !e.Accrediting(s.now()) {
			return errs.Field("name", "press.accreditation.closed")
		}
		source := "staff"
		if public {
			source = "public"
		}
		a.Email = strings.ToLower(strings.TrimSpace(a.Email))
		err = tx.QueryRow(ctx, `insert into press_accreditations (event_id, name, outlet, email, phone, crew, contact_id, source,
				created_at, created_by)
			values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) returning id`,
			id, a.Name, a.Outlet, a.Email, a.Phone, a.Crew, a.ContactID, source, s.now(), audit.ActorID(ctx)).Scan(&aid)
		if db.IsUnique(err, "press_accreditations_email_key") {
			return errs.Field("email", "press.accreditation.already")
		}
		if err != nil {
			return err
		}
		if a.ContactID != nil && s.contacts != nil {
			if err := s.contacts.RecordUse(ctx, tx, *a.ContactID, "press", UseAccredited, "events/"+strconv.FormatInt(id, 10)); err != nil {
				return err
			}
		}
		if s.jobs != nil {
			subject, body := accreditationMail(e)
			if _, err := mail.Enqueue(ctx, tx, s.jobs, mail.Message{To: a.Email, ToName: a.Name, Subject: subject, Body: body,
				Entity: "press_event", EntityID: id}); err != nil {
				return errs.Field("email", "press.accreditation.bad_email")
			}
		}
		en := eventEntry(id, "accredit", "akreditēts žurnālists (akreditācija #%d, %s)", aid, lvText("press.accreditation.source_"+source))
		en.Details = map[string]any{"name": a.Name, "outlet": a.Outlet, "email": a.Email}
		return audit.Record(ctx, tx, en)
	})
	return aid, err
}

// accreditationMail is the confirmation a journalist gets, in Latvian
// with the event's time and place.
func accreditationMail(e Event) (string, string) {
	lv := i18n.WithLocale(context.Background(), "lv")
	place := e.Place
	if e.Room != "" {
		place += ", " + e.Room
	}
	subject := i18n.T(lv, "press.accreditation.mail_subject", e.Title)
	body := i18n.T(lv, "press.accreditation.mail_body", e.Title, i18n.LongDate(lv, e.StartsAt.In(i18n.Riga)),
		e.StartsAt.In(i18n.Riga).Format("15:04"), place)
	return subject, body
}

// Accreditations are the event's journalists in the order they
// registered, each unmatched one with the directory's journalist of the
// same e-mail suggested.
func (s *Store) Accreditations(ctx context.Context, id int64) ([]Accreditation, error) {
	rows, _ := s.pool.Query(ctx, `
		select a.id, a.event_id, a.name, a.outlet, a.email, a.phone, a.crew, a.contact_id, a.source, a.attended, a.created_at,
		       m.id, coalesce(m.name, '')
		from press_accreditations a
		left join lateral (select c.id, c.name from contacts c
		    where a.contact_id is null and c.emails @> array[a.email] and c.kind = 'person' and c.merged_into is null
		    order by c.id limit 1) m on true
		where a.event_id = $1 and a.removed_at is null order by a.id`, id)
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (Accreditation, error) {
		var a Accreditation
		var mid *int64
		var mname string
		err := row.Scan(&a.ID, &a.EventID, &a.Name, &a.Outlet, &a.Email, &a.Phone, &a.Crew, &a.ContactID, &a.Source,
			&a.Attended, &a.CreatedAt, &mid, &mname)
		if mid != nil {
			a.Suggested = &Contact{ID: *mid, Name: mname}
		}
		return a, err
	})
}

// ErrNotOfEvent is an accreditation asked for under another event.
var ErrNotOfEvent = fmt.Errorf("press: accreditation of another event: %w", errs.NotFound)

// MarkAttended records whether the journalist of accreditation aid came.
func (s *Store) MarkAttended(ctx context.Context, id, aid int64, attended bool) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `update press_accreditations set attended = $3 where id = $2 and event_id = $1 and removed_at is null`,
			id, aid, attended)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return ErrNotOfEvent
		}
		word := "neieradās"
		if attended {
			word = "ieradās"
		}
		return audit.Record(ctx, tx, eventEntry(id, "attendance", "akreditācija #%d: %s", aid, word))
	})
}

// MatchContact links accreditation aid to the directory's journalist
// contactID, and records the use there.
func (s *Store) MatchContact(ctx context.Context, id, aid, contactID int64) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		var found bool
		if err := tx.QueryRow(ctx, `select true from press_accreditations where id = $2 and event_id = $1 and removed_at is null
			for update`, id, aid).Scan(&found); err != nil {
			return db.NotFound(err, "press accreditation")
		}
		if err := contacts.Exists(ctx, tx, contactID, contacts.Person, "contact_id"); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `update press_accreditations set contact_id = $2 where id = $1`, aid, contactID); err != nil {
			return err
		}
		if s.contacts != nil {
			if err := s.contacts.RecordUse(ctx, tx, contactID, "press", UseAccredited, "events/"+strconv.FormatInt(id, 10)); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, eventEntry(id, "match", "akreditācija #%d sasaistīta ar kontaktu #%d", aid, contactID))
	})
}

// EventTimeline is the event's history, newest first.
func (s *Store) EventTimeline(ctx context.Context, id int64) ([]TimelineLine, error) {
	rows, _ := s.pool.Query(ctx, `
		select created_at, actor_name, action, summary from audit_log
		where entity = 'press_event' and entity_id = $1
		order by id desc limit 200`, strconv.FormatInt(id, 10))
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (TimelineLine, error) {
		var l TimelineLine
		err := row.Scan(&l.At, &l.Actor, &l.Action, &l.Summary)
		return l, err
	})
}

// Contacts are the directory's contacts of ids, by id.
func (s *Store) Contacts(ctx context.Context, ids []int64) (map[int64]Contact, error) {
	out := map[int64]Contact{}
	if s.contacts == nil || len(ids) == 0 {
		return out, nil
	}
	for _, id := range ids {
		c, err := s.Contact(ctx, &id)
		if err != nil {
			return nil, err
		}
		if c != nil {
			out[id] = *c
		}
	}
	return out, nil
}

// Person is an account of the department, as the form offers it.
type Person struct {
	ID   int64
	Name string
}

// DepartmentPeople are the department's active accounts (staff and head),
// by name: who may be responsible for an event.
func (s *Store) DepartmentPeople(ctx context.Context) ([]Person, error) {
	rows, _ := s.pool.Query(ctx, `select id, full_name from users where active and roles && '{staff,head}'
		order by full_name collate "lv-x-icu", id`)
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (Person, error) {
		var p Person
		err := row.Scan(&p.ID, &p.Name)
		return p, err
	})
}

// CalendarEvents are the events for the calendar: from a month back on.
func (s *Store) CalendarEvents(ctx context.Context) ([]Event, error) {
	rows, _ := s.pool.Query(ctx, `select `+eventColumns+` from press_events e where e.ends_at >= $1
		order by e.starts_at, e.id limit 1000`, s.now().AddDate(0, -1, 0))
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (Event, error) { return scanEvent(row) })
}
