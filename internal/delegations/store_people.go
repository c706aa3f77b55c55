package delegations

import (
	"context"
	"errors"
	"strconv"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/audit"
	"github.com/daugavpils/prdesk/internal/contacts"
	"github.com/daugavpils/prdesk/internal/db"
	"github.com/daugavpils/prdesk/internal/errs"
)

const personColumns = `p.id, p.delegation_id, p.side, p.user_id, p.contact_id,
	coalesce(u.full_name, k.name, ''), p.position, p.address_form, p.dietary, p.access_needs, p.version`

const personFrom = `delegation_people p
	left join users u on u.id = p.user_id
	left join contacts c on c.id = p.contact_id
	left join contacts k on k.id = coalesce(c.merged_into, c.id)`

func collectPeople(rows pgx.Rows, err error) ([]Participant, error) {
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (Participant, error) {
		var p Participant
		err := row.Scan(&p.ID, &p.DelegationID, &p.Side, &p.UserID, &p.ContactID, &p.Name, &p.Position, &p.AddressForm,
			&p.Dietary, &p.AccessNeeds, &p.Version)
		return p, err
	})
}

// People are the delegation's people: ours first, then the guests or
// hosts, each by name.
func (s *Store) People(ctx context.Context, id int64) ([]Participant, error) {
	return people(ctx, s.pool, id)
}

func people(ctx context.Context, q db.Querier, id int64) ([]Participant, error) {
	return collectPeople(q.Query(ctx, `select `+personColumns+` from `+personFrom+`
		where p.delegation_id = $1 order by p.side desc, coalesce(u.full_name, k.name, '') collate "lv-x-icu", p.id`, id))
}

// OpenPeople reads the delegation's people for its card and, when any of
// them has personal data on record, writes in the audit log, in the same
// transaction, that the viewer opened it.
func (s *Store) OpenPeople(ctx context.Context, id int64) ([]Participant, error) {
	var out []Participant
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		var err error
		if out, err = people(ctx, tx, id); err != nil {
			return err
		}
		for _, p := range out {
			if p.HasPersonalData() {
				return audit.Record(ctx, tx, entry(id, "view", "atvērta kartīte ar dalībnieku personas datiem (personu skaits: %d)", len(out)))
			}
		}
		return nil
	})
	return out, err
}

// Person reads one of a delegation's people.
func (s *Store) Person(ctx context.Context, id int64) (Participant, error) {
	ps, err := collectPeople(s.pool.Query(ctx, `select `+personColumns+` from `+personFrom+` where p.id = $1`, id))
	if err == nil && len(ps) == 0 {
		err = pgx.ErrNoRows
	}
	if err != nil {
		return Participant{}, db.NotFound(err, "delegation person")
	}
	return ps[0], nil
}

func refusePerson(err error) error {
	switch {
	case db.IsUnique(err, "delegation_people_delegation_id_user_id_key"):
		return errs.Field("user_id", "delegations.people.err_twice")
	case db.IsUnique(err, "delegation_people_delegation_id_contact_id_key"):
		return errs.Field("contact_id", "delegations.people.err_twice")
	}
	return err
}

// AddPerson adds one of ours (p.UserID) or a guest or host (p.ContactID)
// to the delegation p.DelegationID, and returns the row's id.
func (s *Store) AddPerson(ctx context.Context, p Participant) (int64, error) {
	var id int64
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		d, err := delegation(ctx, tx, p.DelegationID)
		if err != nil {
			return err
		}
		if p.Side == Ours {
			p.ContactID = nil
			if p.UserID == nil {
				return errs.Field("user_id", "delegations.people.user_id_required")
			}
			if err := isUser(ctx, tx, *p.UserID, "user_id"); err != nil {
				return err
			}
		} else {
			p.Side, p.UserID = Guest, nil
			if p.ContactID == nil {
				return errs.Field("contact_id", "delegations.people.contact_id_required")
			}
			if err := contacts.Exists(ctx, tx, *p.ContactID, contacts.Person, "contact_id"); err != nil {
				return err
			}
		}
		err = tx.QueryRow(ctx, `insert into delegation_people (delegation_id, side, user_id, contact_id, position, address_form,
				dietary, access_needs, created_at, updated_at, created_by)
			values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $10) returning id`,
			p.DelegationID, p.Side, p.UserID, p.ContactID, p.Position, p.AddressForm, p.Dietary, p.AccessNeeds,
			s.now(), audit.ActorID(ctx)).Scan(&id)
		if err != nil {
			return refusePerson(err)
		}
		if p.ContactID != nil && s.contacts != nil {
			ref := strconv.FormatInt(d.ID, 10)
			if err := s.contacts.RecordUse(ctx, tx, *p.ContactID, "delegations", UseGuest, ref); err != nil {
				return err
			}
			if err := s.contacts.HoldUses(ctx, tx, "delegations", ref, d.Status != Done && d.Status != Cancelled); err != nil {
				return err
			}
		}
		side := "mūsu dalībnieks"
		if p.Side == Guest {
			side = "viesis vai uzņēmējs"
		}
		return audit.Record(ctx, tx, entry(d.ID, "person_add", "pievienots %s #%d", side, id))
	})
	return id, err
}

// UpdatePerson saves the protocol details of one of a delegation's people
// (p.ID, p.Version as the form was drawn).
func (s *Store) UpdatePerson(ctx context.Context, p Participant) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `update delegation_people set position = $3, address_form = $4, dietary = $5,
				access_needs = $6, updated_at = $7, version = version + 1
			where id = $1 and version = $2`, p.ID, p.Version, p.Position, p.AddressForm, p.Dietary, p.AccessNeeds, s.now())
		if err := db.Versioned(tag, err); err != nil {
			if errors.Is(err, errs.Conflict) {
				return errs.FieldConflict("position", "errors.conflict")
			}
			return err
		}
		return audit.Record(ctx, tx, entry(p.DelegationID, "person_update", "labota persona #%d", p.ID))
	})
}

// RemovePerson takes one of a delegation's people off it, and off its
// programme.
func (s *Store) RemovePerson(ctx context.Context, p Participant) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `delete from delegation_people where id = $1 and version = $2`, p.ID, p.Version)
		if err := db.Versioned(tag, err); err != nil {
			return err
		}
		if p.ContactID != nil && s.contacts != nil {
			if err := s.contacts.ForgetUse(ctx, tx, *p.ContactID, "delegations", UseGuest, strconv.FormatInt(p.DelegationID, 10)); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, entry(p.DelegationID, "person_remove", "noņemta persona #%d", p.ID))
	})
}
