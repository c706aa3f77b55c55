package delegations

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/daugavpils/prdesk/internal/audit"
	"github.com/daugavpils/prdesk/internal/calendar"
	"github.com/daugavpils/prdesk/internal/contacts"
	"github.com/daugavpils/prdesk/internal/db"
	"github.com/daugavpils/prdesk/internal/errs"
	"github.com/daugavpils/prdesk/internal/files"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/jobs"
)

// Store is the area's use cases: each exported method that writes is one
// transaction with its audit entry.
type Store struct {
	pool     *pgxpool.Pool
	jobs     *jobs.Client
	files    *files.Store
	contacts *contacts.Store
	busy     BusyTimes
	twins    TwinLog
	baseURL  string
	now      func() time.Time
}

// NewStore is the area's store, with what it takes of d.
func NewStore(d Deps) *Store {
	return &Store{pool: d.Pool, jobs: d.Jobs, files: d.Files, contacts: d.Contacts, busy: d.Busy, twins: d.Twins, baseURL: d.BaseURL, now: d.Now}
}

// today is the date of the store's clock in Riga.
func (s *Store) today() time.Time { return calendar.DateOf(s.now()) }

// AuditEntities are the area's entities in the audit log. A delegation's
// entries carry its people's needs in their details: personal data.
func AuditEntities() audit.Entities {
	return audit.Entities{"delegation": true, "delegation_checklist_template": false, "delegation_settings": false,
		"delegation_retention": false}
}

// entry is the audit entry of action on delegation id: its people,
// programme, logistics, gifts and report are written under it, so that the
// card's timeline is the delegation's entries.
func entry(id int64, action, format string, args ...any) audit.Entry {
	return audit.Entry{Entity: "delegation", EntityID: id, Action: action,
		Summary: fmt.Sprintf("Delegācija #%d: ", id) + fmt.Sprintf(format, args...)}
}

// lvText is a text of the catalogue in Latvian: what the area writes in
// the audit log is in the department's language whoever's page it was.
func lvText(key string) string { return i18n.T(i18n.WithLocale(context.Background(), "lv"), key) }

const delegationColumns = `d.id, d.kind, d.title, d.purpose, d.country, d.city, d.org_id, d.level, d.starts_on, d.ends_on,
	d.languages, d.status, d.responsible_id, coalesce((select u.full_name from users u where u.id = d.responsible_id), ''),
	d.checklist_done, d.checklist_open, d.personal_removed_at, d.version, d.created_at, d.updated_at,
	coalesce(d.idempotency_key, '')`

func scanDelegation(row pgx.Row) (Delegation, error) {
	var d Delegation
	err := row.Scan(&d.ID, &d.Kind, &d.Title, &d.Purpose, &d.Country, &d.City, &d.OrgID, &d.Level, &d.StartsOn, &d.EndsOn,
		&d.Languages, &d.Status, &d.ResponsibleID, &d.Responsible, &d.ChecklistDone, &d.ChecklistOpen, &d.PersonalGone,
		&d.Version, &d.CreatedAt, &d.UpdatedAt, &d.IdempotencyKey)
	return d, err
}

func collectDelegations(rows pgx.Rows, err error) ([]Delegation, error) {
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (Delegation, error) { return scanDelegation(row) })
}

// Delegation reads one delegation.
func (s *Store) Delegation(ctx context.Context, id int64) (Delegation, error) {
	return delegation(ctx, s.pool, id)
}

func delegation(ctx context.Context, q db.Querier, id int64) (Delegation, error) {
	d, err := scanDelegation(q.QueryRow(ctx, `select `+delegationColumns+` from delegations d where d.id = $1`, id))
	return d, db.NotFound(err, "delegation")
}

// ByIdempotencyKey finds the delegation a form already created.
func (s *Store) ByIdempotencyKey(ctx context.Context, key string) (int64, error) {
	var id int64
	err := s.pool.QueryRow(ctx, `select id from delegations where idempotency_key = $1`, key).Scan(&id)
	return id, db.NotFound(err, "delegation by idempotency key")
}

func nonNil(ss []string) []string {
	if ss == nil {
		return []string{}
	}
	return ss
}

// refuse turns a broken rule of the database into a refusal beside its
// field (the form checks the same first; this is the race).
func refuse(err error) error {
	switch {
	case db.IsUnique(err, "delegations_idempotency_key_key"):
		return errs.KeyUsed
	case db.IsForeignKey(err, "delegations_org_id_fkey"):
		return errs.Field("org_id", "delegations.err_unknown_contact")
	case db.IsForeignKey(err, "delegations_responsible_id_fkey"):
		return errs.Field("responsible_id", "delegations.err_unknown_user")
	}
	return err
}

func checked(d Delegation) error {
	if p := d.Check(); len(p) > 0 {
		return errs.Field(p[0][0], p[0][1])
	}
	return nil
}

// checkRefs refuses, beside its field, an organisation that is not one of
// the directory and a responsible person who is not of the department.
func checkRefs(ctx context.Context, tx pgx.Tx, d Delegation) error {
	if d.OrgID != nil {
		if err := contacts.Exists(ctx, tx, *d.OrgID, contacts.Organisation, "org_id"); err != nil {
			return err
		}
	}
	if d.ResponsibleID != nil {
		if err := isStaff(ctx, tx, *d.ResponsibleID, "responsible_id"); err != nil {
			return err
		}
	}
	return nil
}

// isStaff refuses, beside field, a user who is not an active member of the
// department (staff or head).
func isStaff(ctx context.Context, q db.Querier, id int64, field string) error {
	var ok bool
	err := q.QueryRow(ctx, `select true from users where id = $1 and active and roles && '{staff,head}'`, id).Scan(&ok)
	if errors.Is(err, pgx.ErrNoRows) {
		return errs.Field(field, "delegations.err_unknown_user")
	}
	return err
}

// isUser refuses, beside field, a user who is not active.
func isUser(ctx context.Context, q db.Querier, id int64, field string) error {
	var ok bool
	err := q.QueryRow(ctx, `select true from users where id = $1 and active`, id).Scan(&ok)
	if errors.Is(err, pgx.ErrNoRows) {
		return errs.Field(field, "delegations.err_unknown_user")
	}
	return err
}

// Create saves a new delegation with a copy of its kind's checklist, and
// returns its id.
func (s *Store) Create(ctx context.Context, d Delegation) (int64, error) {
	if err := checked(d); err != nil {
		return 0, err
	}
	var id int64
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		if err := checkRefs(ctx, tx, d); err != nil {
			return err
		}
		var key *string
		if d.IdempotencyKey != "" {
			key = &d.IdempotencyKey
		}
		err := tx.QueryRow(ctx, `
			insert into delegations (kind, title, purpose, country, city, org_id, level, starts_on, ends_on, languages,
				status, responsible_id, idempotency_key, created_at, updated_at, created_by)
			values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14, $15)
			returning id`,
			d.Kind, d.Title, d.Purpose, d.Country, d.City, d.OrgID, d.Level, d.StartsOn, d.EndsOn, nonNil(d.Languages),
			d.Status, d.ResponsibleID, key, s.now(), audit.ActorID(ctx)).Scan(&id)
		if err != nil {
			return refuse(err)
		}
		if _, err := tx.Exec(ctx, `insert into delegation_checklist (delegation_id, position, text, created_at)
			select $1, position, text, $3 from delegation_checklist_templates where kind = $2`, id, d.Kind, s.now()); err != nil {
			return err
		}
		if err := s.recordOrg(ctx, tx, id, nil, d.OrgID, d.Status); err != nil {
			return err
		}
		d.ID = id
		if err := s.logTwinVisit(ctx, tx, d); err != nil {
			return err
		}
		e := entry(id, "create", "reģistrēta (%s, statuss „%s”)", lvText("delegations.kind."+string(d.Kind)),
			lvText("delegations.status."+string(d.Status)))
		e.Details = map[string]any{"country": d.Country, "starts_on": d.StartsOn.Format(time.DateOnly)}
		return audit.Record(ctx, tx, e)
	})
	return id, err
}

// Update saves the delegation d (d.ID, d.Version as the form was drawn).
// A status it may not move to from the one it has is refused.
func (s *Store) Update(ctx context.Context, d Delegation) error {
	if err := checked(d); err != nil {
		return err
	}
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		old, err := delegation(ctx, tx, d.ID)
		if err != nil {
			return err
		}
		if old.Version != d.Version {
			return errs.FieldConflict("title", "errors.conflict")
		}
		if !CanMove(old.Status, d.Status) {
			return errs.Field("status", "delegations.err_status_move")
		}
		if err := checkRefs(ctx, tx, d); err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, `
			update delegations set kind = $3, title = $4, purpose = $5, country = $6, city = $7, org_id = $8, level = $9,
				starts_on = $10, ends_on = $11, languages = $12, status = $13, responsible_id = $14,
				updated_at = $15, version = version + 1
			where id = $1 and version = $2`,
			d.ID, d.Version, d.Kind, d.Title, d.Purpose, d.Country, d.City, d.OrgID, d.Level, d.StartsOn, d.EndsOn,
			nonNil(d.Languages), d.Status, d.ResponsibleID, s.now())
		if err := db.Versioned(tag, refuse(err)); err != nil {
			if errors.Is(err, errs.Conflict) && !errors.Is(err, errs.KeyUsed) {
				return errs.FieldConflict("title", "errors.conflict")
			}
			return err
		}
		if err := s.recordOrg(ctx, tx, d.ID, old.OrgID, d.OrgID, d.Status); err != nil {
			return err
		}
		if err := s.logTwinVisit(ctx, tx, d); err != nil {
			return err
		}
		action, summary := "update", "labota"
		if old.Status != d.Status {
			action, summary = "status", fmt.Sprintf("statuss „%s” → „%s”", lvText("delegations.status."+string(old.Status)),
				lvText("delegations.status."+string(d.Status)))
		}
		e := entry(d.ID, action, "%s", summary)
		e.Details = audit.Diff([][3]any{
			{"kind", old.Kind, d.Kind}, {"title", old.Title, d.Title}, {"purpose", old.Purpose, d.Purpose},
			{"country", old.Country, d.Country}, {"city", old.City, d.City}, {"org_id", ptr(old.OrgID), ptr(d.OrgID)},
			{"level", old.Level, d.Level}, {"starts_on", old.StartsOn.Format(time.DateOnly), d.StartsOn.Format(time.DateOnly)},
			{"ends_on", old.EndsOn.Format(time.DateOnly), d.EndsOn.Format(time.DateOnly)},
			{"languages", old.Languages, d.Languages}, {"status", old.Status, d.Status},
			{"responsible_id", ptr(old.ResponsibleID), ptr(d.ResponsibleID)},
		})
		return audit.Record(ctx, tx, e)
	})
}

// logTwinVisit keeps a visit to or from a twin city in that city's
// cooperation log, in tx: from the day it is confirmed, as planned, then
// as happened or cancelled (TwinStateOf). Representation at another body's
// event is no visit.
func (s *Store) logTwinVisit(ctx context.Context, tx pgx.Tx, d Delegation) error {
	if s.twins == nil || d.Kind == Representation {
		return nil
	}
	state, add := TwinStateOf(d.Status)
	return s.twins.RecordVisit(ctx, tx, TwinVisit{DelegationID: d.ID, OrgID: d.OrgID, Country: d.Country, City: d.City,
		On: d.StartsOn, Title: d.Title, Link: s.baseURL + delegationURL(d.ID), State: state, Add: add})
}

func ptr[T any](p *T) any {
	if p == nil {
		return nil
	}
	return *p
}

// UseOrg is what the area records in the directory of the host or guest
// organisation.
const (
	UseOrg   = "organisation"
	UseGuest = "guest"
)

// recordOrg writes in the directory that the organisation is the
// delegation's (and forgets the old one), and holds it from the
// directory's retention while the delegation is not done or cancelled.
func (s *Store) recordOrg(ctx context.Context, tx pgx.Tx, id int64, old, org *int64, st Status) error {
	if s.contacts == nil {
		return nil
	}
	ref := strconv.FormatInt(id, 10)
	if old != nil && (org == nil || *old != *org) {
		if err := s.contacts.ForgetUse(ctx, tx, *old, "delegations", UseOrg, ref); err != nil {
			return err
		}
	}
	if org != nil && (old == nil || *old != *org) {
		if err := s.contacts.RecordUse(ctx, tx, *org, "delegations", UseOrg, ref); err != nil {
			return err
		}
	}
	return s.contacts.HoldUses(ctx, tx, "delegations", ref, st != Done && st != Cancelled)
}

// TimelineLine is one entry of a delegation's history, from the audit log.
type TimelineLine struct {
	At      time.Time
	Actor   string
	Action  string
	Summary string
}

// Timeline is the delegation's history, newest first.
func (s *Store) Timeline(ctx context.Context, id int64) ([]TimelineLine, error) {
	rows, err := s.pool.Query(ctx, `
		select created_at, actor_name, action, summary from audit_log
		where entity = 'delegation' and entity_id = $1
		order by id desc limit 200`, strconv.FormatInt(id, 10))
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (TimelineLine, error) {
		var l TimelineLine
		err := row.Scan(&l.At, &l.Actor, &l.Action, &l.Summary)
		return l, err
	})
}

// Person is a user account as the area's forms offer it.
type Person struct {
	ID       int64
	Name     string
	Position string
}

// Staff are the department's active staff and head, by name, for the
// responsible person's choice.
func (s *Store) Staff(ctx context.Context) ([]Person, error) {
	return accounts(s.pool.Query(ctx, `select id, full_name, '' from users where active and roles && '{staff,head}'
		order by full_name collate "lv-x-icu", id`))
}

// Officials are every active account that may take part in a visit: the
// department's people, the management and the director, by name.
func (s *Store) Officials(ctx context.Context) ([]Person, error) {
	return accounts(s.pool.Query(ctx, `select id, full_name, '' from users
		where active and roles && '{staff,head,director,management,deputy}'
		order by full_name collate "lv-x-icu", id`))
}

func accounts(rows pgx.Rows, err error) ([]Person, error) {
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (Person, error) {
		var p Person
		err := row.Scan(&p.ID, &p.Name, &p.Position)
		return p, err
	})
}

// Contact is a contact of the directory as the area shows it.
type Contact struct {
	ID     int64
	Name   string
	Detail string
}

// Contacts are the directory's contacts of ids, by the id asked for.
func (s *Store) Contacts(ctx context.Context, ids []int64) (map[int64]Contact, error) {
	out := map[int64]Contact{}
	if s.contacts == nil || len(ids) == 0 {
		return out, nil
	}
	for _, id := range ids {
		if _, ok := out[id]; ok {
			continue
		}
		bs, err := s.contacts.Briefs(ctx, []int64{id})
		if err != nil {
			return nil, err
		}
		if len(bs) == 1 {
			out[id] = Contact{ID: bs[0].ID, Name: bs[0].Name, Detail: bs[0].Detail}
		}
	}
	return out, nil
}

// OrgNames are the names of the organisations of ds, for a list's page:
// one query for the page.
func (s *Store) OrgNames(ctx context.Context, ds []Delegation) (map[int64]string, error) {
	var ids []int64
	for _, d := range ds {
		if d.OrgID != nil {
			ids = append(ids, *d.OrgID)
		}
	}
	out := map[int64]string{}
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := s.pool.Query(ctx, `select c.id, k.name from contacts c join contacts k on k.id = coalesce(c.merged_into, c.id)
		where c.id = any($1)`, ids)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			return nil, err
		}
		out[id] = name
	}
	return out, rows.Err()
}
