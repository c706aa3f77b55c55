package twincities

import (
	"context"
	"strconv"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/contacts"
)

// The directory's part: the partner municipality and the coordinators are
// contacts of internal/contacts. The area keeps their ids, checks them in
// the use case's transaction, records in the directory what each is to the
// agreement (shown on the contact's card), and reads their names and our
// coordinator's e-mail from it.

// Uses the area records in the directory, as contacts.RecordUse's kind.
const (
	UsePartner     = "partner"     // the partner municipality of the agreement
	UseCoordinator = "coordinator" // a coordinator of the agreement, on either side
)

// coordinatorEmail and coordinatorName are SQL on the agreement a: our
// coordinator's first e-mail and name in the directory (the record kept,
// when it was merged into another).
const (
	coordinatorEmail = `(select k.emails[1] from contacts c join contacts k on k.id = coalesce(c.merged_into, c.id)
		where c.id = a.our_coordinator_id)`
	coordinatorName = `(select k.name from contacts c join contacts k on k.id = coalesce(c.merged_into, c.id)
		where c.id = a.our_coordinator_id)`
)

// checkContacts refuses, beside its field, a contact that is not in the
// directory or is of the wrong kind.
func checkContacts(ctx context.Context, tx pgx.Tx, a Agreement) error {
	for _, c := range []struct {
		id    *int64
		kind  contacts.Kind
		field string
	}{
		{a.PartnerOrgID, contacts.Organisation, "partner_org_id"},
		{a.OurCoordinatorID, contacts.Person, "our_coordinator_id"},
		{a.PartnerCoordinatorID, contacts.Person, "partner_coordinator_id"},
	} {
		if c.id != nil {
			if err := contacts.Exists(ctx, tx, *c.id, c.kind, c.field); err != nil {
				return err
			}
		}
	}
	return nil
}

// recordUses writes to the directory what the agreement's contacts are to
// it, and forgets what those of old (the agreement before the edit; zero
// for a new one) no longer are.
func (s *Store) recordUses(ctx context.Context, tx pgx.Tx, id int64, old, a Agreement) error {
	if s.contacts == nil {
		return nil
	}
	ref := strconv.FormatInt(id, 10)
	uses := func(x Agreement) map[[2]any]bool {
		m := map[[2]any]bool{}
		if x.PartnerOrgID != nil {
			m[[2]any{*x.PartnerOrgID, UsePartner}] = true
		}
		for _, p := range []*int64{x.OurCoordinatorID, x.PartnerCoordinatorID} {
			if p != nil {
				m[[2]any{*p, UseCoordinator}] = true
			}
		}
		return m
	}
	before, after := uses(old), uses(a)
	for u := range before {
		if !after[u] {
			if err := s.contacts.ForgetUse(ctx, tx, u[0].(int64), "twincities", u[1].(string), ref); err != nil {
				return err
			}
		}
	}
	for u := range after {
		if !before[u] {
			if err := s.contacts.RecordUse(ctx, tx, u[0].(int64), "twincities", u[1].(string), ref); err != nil {
				return err
			}
		}
	}
	// An agreement not ended still needs its partner and coordinators:
	// the directory's retention leaves them be.
	return s.contacts.HoldUses(ctx, tx, "twincities", ref, a.Status != Ended)
}

// Contact is a contact of the directory as the area shows it.
type Contact struct {
	ID     int64
	Name   string
	Detail string // a person's position and organisation, an organisation's city
}

// Contacts are the directory's contacts of ids, by the id asked for.
func (s *Store) Contacts(ctx context.Context, ids []int64) (map[int64]Contact, error) {
	out := map[int64]Contact{}
	if s.contacts == nil || len(ids) == 0 {
		return out, nil
	}
	// One at a time: Briefs leaves unknown ids out and reads a merged
	// contact as the one kept, so a batch could not say which is which.
	// An agreement names three at most.
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
