package contacts

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/daugavpils/prdesk/internal/audit"
	"github.com/daugavpils/prdesk/internal/db"
	"github.com/daugavpils/prdesk/internal/errs"
	"github.com/daugavpils/prdesk/internal/search"
)

// The store is the only part of the area with SQL. Each exported method
// that writes is one use case in one transaction with its audit entry. The
// store's files:
//
//	store.go        a contact: reading, creating, editing, memberships, history
//	store_list.go   the directory's list: search, filters, keyset paging
//	store_uses.go   what other areas record a contact took part in

// Store reads and writes the directory.
type Store struct {
	pool *pgxpool.Pool
	now  func() time.Time
	// crowdedWords are the search words found lately to begin more than
	// countIDs words of the index, so that Count does not read that many
	// again to learn it; nil (without a clock) remembers nothing.
	crowdedWords *search.CommonWords
	// areas are the other areas' ways of showing their uses (RegisterArea),
	// set while the app is assembled.
	mu    sync.RWMutex
	areas map[string]UseArea
}

// NewStore is the area's store.
func NewStore(d Deps) *Store {
	s := &Store{pool: d.Pool, now: d.Now}
	if d.Now != nil {
		s.crowdedWords = search.NewCommonWords(d.Now)
	}
	return s
}

// Pool is the store's pool, for other areas' tests and the bench.
func (s *Store) Pool() *pgxpool.Pool { return s.pool }

// entry is an audit entry about contact id. Summaries name the record by
// its number and never the person: names, e-mails and notes go into the
// details, which only those who may open the record read.
func entry(entity string, id int64, action, format string, args ...any) audit.Entry {
	return audit.Entry{Entity: entity, EntityID: id, Action: action, Summary: fmt.Sprintf(format, args...)}
}

// AuditEntities declares the area's entities in the audit log: a person's
// entries concern personal data, and so do an organisation's (they name
// the people who work there), memberships and uses.
func AuditEntities() audit.Entities {
	return audit.Entities{"contact": true, "contact_membership": true, "contact_use": true, "mailing_list": true, "contact_import": true, "contact_retention": false}
}

// kindWord is the record's name in the audit log's summaries.
func kindWord(k Kind) string {
	if k == Person {
		return "Kontaktpersona"
	}
	return "Organizācija"
}

// newIdempotencyKey is the hidden key a rendered form carries: a double
// click or a resubmit saves one record.
func newIdempotencyKey() string { return rand.Text() }

const contactColumns = `c.id, c.kind, c.name, c.given_name, c.family_name, c.name_original, c.org_type, c.media_kind,
	c.country, c.city, c.address, c.website, c.parent_id, coalesce(p.name, ''), c.active, c.form_of_address,
	c.position, c.languages, c.preferred_channel, c.topics, c.emails, c.phones, c.tags, c.notes,
	c.legal_basis, c.consent_date, c.consent_scope, c.source, c.opt_out, c.opt_out_at, c.merged_into,
	c.version, c.created_at, c.updated_at, c.personal_data_removed_at`

const contactFrom = ` from contacts c left join contacts p on p.id = c.parent_id `

func scanContact(row pgx.Row) (Contact, error) {
	var c Contact
	var orgType, mediaKind, channel, basis *string
	err := row.Scan(&c.ID, &c.Kind, &c.Name, &c.GivenName, &c.FamilyName, &c.NameOriginal, &orgType, &mediaKind,
		&c.Country, &c.City, &c.Address, &c.Website, &c.ParentID, &c.ParentName, &c.Active, &c.FormOfAddress,
		&c.Position, &c.Languages, &channel, &c.Topics, &c.Emails, &c.Phones, &c.Tags, &c.Notes,
		&basis, &c.ConsentDate, &c.ConsentScope, &c.Source, &c.OptOut, &c.OptOutAt, &c.MergedInto,
		&c.Version, &c.CreatedAt, &c.UpdatedAt, &c.PersonalDataRemovedAt)
	if orgType != nil {
		c.OrgType = OrgType(*orgType)
	}
	if mediaKind != nil {
		c.MediaKind = MediaKind(*mediaKind)
	}
	if channel != nil {
		c.PreferredChannel = Channel(*channel)
	}
	if basis != nil {
		c.LegalBasis = LegalBasis(*basis)
	}
	return c, err
}

func contactByID(ctx context.Context, q db.Querier, id int64) (Contact, error) {
	c, err := scanContact(q.QueryRow(ctx, `select `+contactColumns+contactFrom+`where c.id = $1`, id))
	return c, db.NotFound(err, fmt.Sprintf("contacts: contact %d", id))
}

// Get reads one contact, merged or not.
func (s *Store) Get(ctx context.Context, id int64) (Contact, error) {
	return contactByID(ctx, s.pool, id)
}

// Card is what a contact's card shows.
type Card struct {
	Contact     Contact
	Memberships []Membership // a person's organisations, or an organisation's people
	Children    []Contact    // an organisation's units
	Uses        []Use        // what other areas recorded, newest first
	History     []HistoryLine
}

// HistoryLine is one change of the contact, from the audit log.
type HistoryLine struct {
	At      time.Time
	Actor   string
	Action  string
	Summary string
}

// OpenCard reads a contact's card; opening a person's is written to the
// audit log, in the same transaction, as it shows personal data.
func (s *Store) OpenCard(ctx context.Context, id int64) (Card, error) {
	var card Card
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		c, err := contactByID(ctx, tx, id)
		if err != nil {
			return err
		}
		card.Contact = c
		if c.MergedInto != nil {
			return nil
		}
		if c.IsPerson() {
			if err := audit.Record(ctx, tx, entry("contact", c.ID, "view", "Atvērta kontaktpersonas #%d kartīte", c.ID)); err != nil {
				return err
			}
		}
		if card.Memberships, err = memberships(ctx, tx, c); err != nil {
			return err
		}
		if !c.IsPerson() {
			if card.Children, err = children(ctx, tx, c.ID); err != nil {
				return err
			}
		}
		if card.Uses, err = uses(ctx, tx, c.ID, 200); err != nil {
			return err
		}
		card.History, err = history(ctx, tx, c.ID)
		return err
	})
	return card, err
}

func memberships(ctx context.Context, q db.Querier, c Contact) ([]Membership, error) {
	col := "m.person_id"
	if !c.IsPerson() {
		col = "m.org_id"
	}
	rows, _ := q.Query(ctx, `
		select m.id, m.person_id, p.name, m.org_id, o.name, o.org_type, m.role, m.starts_on, m.ends_on
		from contact_memberships m join contacts p on p.id = m.person_id join contacts o on o.id = m.org_id
		where `+col+` = $1
		order by m.ends_on is not null, m.ends_on desc nulls first, m.starts_on desc nulls last, p.sort_key, m.id
		limit 500`, c.ID)
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (Membership, error) {
		var m Membership
		err := r.Scan(&m.ID, &m.PersonID, &m.PersonName, &m.OrgID, &m.OrgName, &m.OrgType, &m.Role, &m.StartsOn, &m.EndsOn)
		return m, err
	})
}

func children(ctx context.Context, q db.Querier, id int64) ([]Contact, error) {
	rows, _ := q.Query(ctx, `select `+contactColumns+contactFrom+`where c.parent_id = $1 and c.merged_into is null order by c.sort_key, c.id limit 200`, id)
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (Contact, error) { return scanContact(r) })
}

// history is the contact's changes, newest first: its own entries and those
// of the records merged into it. Openings are left out.
func history(ctx context.Context, q db.Querier, id int64) ([]HistoryLine, error) {
	rows, _ := q.Query(ctx, `
		select a.created_at, a.actor_name, a.action, a.summary from audit_log a
		where a.entity = 'contact' and a.action <> 'view'
		  and a.entity_id = any(select $2 union all select id::text from contacts where merged_into = $1)
		order by a.id desc limit 100`, id, idStr(id))
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (HistoryLine, error) {
		var h HistoryLine
		err := r.Scan(&h.At, &h.Actor, &h.Action, &h.Summary)
		return h, err
	})
}

// refusal turns the database's refusals into refusals beside a field.
func refusal(err error) error {
	switch {
	case db.IsForeignKey(err, "contacts_parent_id_fkey"):
		return errs.Field("parent", "contacts.err_parent")
	case db.IsForeignKey(err, "contact_memberships_org_id_fkey"):
		return errs.Field("org", "contacts.err_org")
	}
	return err
}

// checkParent refuses a parent that is no organisation of the directory, or
// that would make the organisations a circle.
func checkParent(ctx context.Context, q db.Querier, id int64, parent *int64) error {
	if parent == nil {
		return nil
	}
	var ok, circle bool
	err := q.QueryRow(ctx, `
		select exists(select 1 from contacts where id = $1 and kind = 'organisation' and merged_into is null),
		       $2::bigint <> 0 and exists(
		         with recursive up(id) as (select $1::bigint union select c.parent_id from contacts c join up on c.id = up.id where c.parent_id is not null)
		         select 1 from up where id = $2)`, *parent, id).Scan(&ok, &circle)
	switch {
	case err != nil:
		return err
	case !ok:
		return errs.Field("parent", "contacts.err_parent")
	case circle:
		return errs.Field("parent", "contacts.err_parent_circle")
	}
	return nil
}

// ErrDuplicateKey is a create whose form was already saved.
var ErrDuplicateKey = fmt.Errorf("contacts: form already saved: %w", errs.Conflict)

// ByIdempotencyKey finds the contact a form with key created.
func (s *Store) ByIdempotencyKey(ctx context.Context, key string) (int64, error) {
	var id int64
	err := s.pool.QueryRow(ctx, `select id from contacts where idempotency_key = $1`, key).Scan(&id)
	return id, db.NotFound(err, "contacts: idempotency key")
}

func nilIfEmpty[T ~string](v T) *string {
	if v == "" {
		return nil
	}
	s := string(v)
	return &s
}

// Create adds a contact; key is the form's idempotency key: a second post
// of the same form returns the first one's id.
func (s *Store) Create(ctx context.Context, c Contact, key string) (int64, error) {
	var id int64
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		var err error
		id, err = insertContact(ctx, tx, c, key, s.now())
		return err
	})
	if errors.Is(err, ErrDuplicateKey) {
		return s.ByIdempotencyKey(ctx, key)
	}
	return id, refusal(err)
}

// insertContact writes c and its audit entry in tx.
func insertContact(ctx context.Context, tx pgx.Tx, c Contact, key string, now time.Time) (int64, error) {
	if err := checkParent(ctx, tx, 0, c.ParentID); err != nil {
		return 0, err
	}
	var optOutAt *time.Time
	if c.OptOut {
		optOutAt = &now
	}
	var keyArg *string
	if key != "" {
		keyArg = &key
	}
	var id int64
	err := tx.QueryRow(ctx, `
		insert into contacts (kind, name, given_name, family_name, name_original, org_type, media_kind, country, city,
		    address, website, parent_id, active, form_of_address, position, languages, preferred_channel, topics,
		    emails, phones, tags, notes, legal_basis, consent_date, consent_scope, source, opt_out, opt_out_at,
		    idempotency_key, created_by, created_at, updated_at)
		values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22,
		    $23, $24, $25, $26, $27, $28, $29, $30, $31, $31)
		on conflict (idempotency_key) do nothing
		returning id`,
		c.Kind, c.Name, c.GivenName, c.FamilyName, c.NameOriginal, nilIfEmpty(c.OrgType), nilIfEmpty(c.MediaKind),
		c.Country, c.City, c.Address, c.Website, c.ParentID, c.Active, c.FormOfAddress, c.Position, nonNil(c.Languages),
		nilIfEmpty(c.PreferredChannel), nonNil(c.Topics), nonNil(c.Emails), nonNil(c.Phones), nonNil(c.Tags), c.Notes,
		nilIfEmpty(c.LegalBasis), c.ConsentDate, c.ConsentScope, c.Source, c.OptOut, optOutAt,
		keyArg, audit.ActorID(ctx), now).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, ErrDuplicateKey
	}
	if err != nil {
		return 0, err
	}
	e := entry("contact", id, "create", "%s #%d pievienota direktorijam", kindWord(c.Kind), id)
	e.Details = map[string]any{"name": c.Name, "emails": c.Emails, "phones": c.Phones}
	return id, audit.Record(ctx, tx, e)
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// Update saves c if c.Version is still the stored one.
func (s *Store) Update(ctx context.Context, c Contact) error {
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		old, err := contactByID(ctx, tx, c.ID)
		if err != nil {
			return err
		}
		if old.MergedInto != nil {
			return fmt.Errorf("contacts: %d was merged: %w", c.ID, errs.Conflict)
		}
		if err := checkParent(ctx, tx, c.ID, c.ParentID); err != nil {
			return err
		}
		err = db.Versioned(tx.Exec(ctx, `
			update contacts set name = $2, given_name = $3, family_name = $4, name_original = $5, org_type = $6,
			    media_kind = $7, country = $8, city = $9, address = $10, website = $11, parent_id = $12, active = $13,
			    form_of_address = $14, position = $15, languages = $16, preferred_channel = $17, topics = $18,
			    emails = $19, phones = $20, tags = $21, notes = $22, legal_basis = $23, consent_date = $24,
			    consent_scope = $25, source = $26, opt_out = $27,
			    opt_out_at = case when $27 then coalesce(opt_out_at, $29) end,
			    version = version + 1, updated_at = $29
			where id = $1 and version = $28 and kind = $30`,
			c.ID, c.Name, c.GivenName, c.FamilyName, c.NameOriginal, nilIfEmpty(c.OrgType), nilIfEmpty(c.MediaKind),
			c.Country, c.City, c.Address, c.Website, c.ParentID, c.Active, c.FormOfAddress, c.Position,
			nonNil(c.Languages), nilIfEmpty(c.PreferredChannel), nonNil(c.Topics), nonNil(c.Emails), nonNil(c.Phones),
			nonNil(c.Tags), c.Notes, nilIfEmpty(c.LegalBasis), c.ConsentDate, c.ConsentScope, c.Source, c.OptOut,
			c.Version, s.now(), old.Kind))
		if err != nil {
			return staleAt("name", err)
		}
		e := entry("contact", c.ID, "update", "%s #%d labota", kindWord(old.Kind), c.ID)
		e.Details = audit.Diff([][3]any{
			{"name", old.Name, c.Name}, {"name_original", old.NameOriginal, c.NameOriginal},
			{"org_type", old.OrgType, c.OrgType}, {"country", old.Country, c.Country}, {"city", old.City, c.City},
			{"address", old.Address, c.Address}, {"website", old.Website, c.Website}, {"active", old.Active, c.Active},
			{"position", old.Position, c.Position}, {"emails", old.Emails, c.Emails}, {"phones", old.Phones, c.Phones},
			{"tags", old.Tags, c.Tags}, {"topics", old.Topics, c.Topics}, {"languages", old.Languages, c.Languages},
			{"legal_basis", old.LegalBasis, c.LegalBasis}, {"consent_scope", old.ConsentScope, c.ConsentScope},
			{"source", old.Source, c.Source}, {"opt_out", old.OptOut, c.OptOut}, {"notes", old.Notes, c.Notes},
		})
		if old.OptOut != c.OptOut {
			word := "atteicās no"
			if !c.OptOut {
				word = "atsāka saņemt"
			}
			if err := audit.Record(ctx, tx, entry("contact", c.ID, "opt_out", "Kontaktpersona #%d %s sūtījumiem", c.ID, word)); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, e)
	})
	return refusal(err)
}

// staleAt puts a stale form's conflict beside field, where the form shows it.
func staleAt(field string, err error) error {
	if errors.Is(err, errs.Conflict) {
		return errs.FieldConflict(field, "errors.conflict")
	}
	return err
}

// AddMembership places a person in an organisation.
func (s *Store) AddMembership(ctx context.Context, m Membership) (int64, error) {
	var id int64
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		var ok bool
		if err := tx.QueryRow(ctx, `select exists(select 1 from contacts where id = $1 and kind = 'organisation' and merged_into is null)`, m.OrgID).Scan(&ok); err != nil {
			return err
		}
		if !ok {
			return errs.Field("org", "contacts.err_org")
		}
		if err := tx.QueryRow(ctx, `select exists(select 1 from contacts where id = $1 and kind = 'person' and merged_into is null)`, m.PersonID).Scan(&ok); err != nil {
			return err
		}
		if !ok {
			return fmt.Errorf("contacts: person %d: %w", m.PersonID, errs.NotFound)
		}
		if err := tx.QueryRow(ctx, `
			insert into contact_memberships (person_id, org_id, role, starts_on, ends_on) values ($1, $2, $3, $4, $5)
			returning id`, m.PersonID, m.OrgID, m.Role, m.StartsOn, m.EndsOn).Scan(&id); err != nil {
			return err
		}
		e := entry("contact", m.PersonID, "membership", "Kontaktpersona #%d piesaistīta organizācijai #%d", m.PersonID, m.OrgID)
		e.Details = map[string]any{"membership": id, "role": m.Role}
		return audit.Record(ctx, tx, e)
	})
	return id, refusal(err)
}

// EndMembership ends a person's place in an organisation on a date; the
// line stays, with its dates, on both cards.
func (s *Store) EndMembership(ctx context.Context, id int64, on time.Time) (int64, error) {
	var person, org int64
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `
			update contact_memberships set ends_on = $2 where id = $1 and ends_on is null
			  and (starts_on is null or starts_on <= $2)
			returning person_id, org_id`, id, on).Scan(&person, &org)
		if errors.Is(err, pgx.ErrNoRows) {
			var exists bool
			if err := tx.QueryRow(ctx, `select exists(select 1 from contact_memberships where id = $1)`, id).Scan(&exists); err != nil {
				return err
			}
			if !exists {
				return fmt.Errorf("contacts: membership %d: %w", id, errs.NotFound)
			}
			return errs.Field("ends_on", "contacts.err_end_date")
		}
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, entry("contact", person, "membership_end", "Kontaktpersonai #%d beigusies piesaiste organizācijai #%d", person, org))
	})
	return person, err
}
