package contacts

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/audit"
	"github.com/daugavpils/prdesk/internal/db"
	"github.com/daugavpils/prdesk/internal/errs"
)

// Duplicate is a stored contact that may be the same as another: the same
// e-mail, the same phone, or a similar name (a person's within one of the
// same organisations, an organisation's among organisations).
type Duplicate struct {
	ID     int64
	Kind   Kind
	Name   string
	Reason string // "email", "phone" or "name"
}

// SimilarName is how alike two folded names must be (pg_trgm's similarity)
// to be shown as a possible duplicate.
const SimilarName = 0.6

// Duplicates lists the contacts that c (not yet saved, or being edited) may
// duplicate; orgID is the organisation a new person joins (0 for none).
func (s *Store) Duplicates(ctx context.Context, c Contact, orgID int64) ([]Duplicate, error) {
	return duplicates(ctx, s.pool, c, orgID)
}

func duplicates(ctx context.Context, q db.Querier, c Contact, orgID int64) ([]Duplicate, error) {
	rows, _ := q.Query(ctx, `
		with orgs as (
		    select $6::bigint id where $6 <> 0
		    union select org_id from contact_memberships where person_id = $1 and ends_on is null)
		select d.id, d.kind, d.name,
		       case when d.emails && $3 then 'email' when d.phones && $4 then 'phone' else 'name' end
		from contacts d
		where d.merged_into is null and d.id <> $1 and d.kind = $2
		  and (d.emails && $3 or d.phones && $4
		       or ($2 = 'person' and similarity(contact_fold(d.name), contact_fold($5)) >= $7
		           and exists(select 1 from contact_memberships m where m.person_id = d.id and m.ends_on is null
		                      and m.org_id in (select id from orgs)))
		       or ($2 = 'organisation' and d.search like '% ' || contact_fold($5) || ' %'
		           and similarity(contact_fold(d.name), contact_fold($5)) >= $7))
		order by d.sort_key, d.id limit 20`,
		c.ID, c.Kind, nonNil(c.Emails), nonNil(c.Phones), c.Name, orgID, SimilarName)
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (Duplicate, error) {
		var d Duplicate
		err := r.Scan(&d.ID, &d.Kind, &d.Name, &d.Reason)
		return d, err
	})
}

// CreateWith adds a contact and, for a person with m.OrgID set, their place
// in that organisation, in one transaction.
func (s *Store) CreateWith(ctx context.Context, c Contact, key string, m Membership) (int64, error) {
	if m.OrgID == 0 || c.Kind != Person {
		return s.Create(ctx, c, key)
	}
	var id int64
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		var err error
		if id, err = insertContact(ctx, tx, c, key, s.now()); err != nil {
			return err
		}
		var ok bool
		if err := tx.QueryRow(ctx, `select exists(select 1 from contacts where id = $1 and kind = 'organisation' and merged_into is null)`, m.OrgID).Scan(&ok); err != nil {
			return err
		}
		if !ok {
			return errs.Field("org", "contacts.err_org")
		}
		var mid int64
		var start *time.Time
		if err := tx.QueryRow(ctx, `insert into contact_memberships (person_id, org_id, role, starts_on) values ($1, $2, $3, $4) returning id`,
			id, m.OrgID, m.Role, start).Scan(&mid); err != nil {
			return err
		}
		return audit.Record(ctx, tx, entry("contact", id, "membership", "Kontaktpersona #%d piesaistīta organizācijai #%d", id, m.OrgID))
	})
	if err == ErrDuplicateKey {
		return s.ByIdempotencyKey(ctx, key)
	}
	return id, refusal(err)
}
