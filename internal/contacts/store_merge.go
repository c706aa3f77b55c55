package contacts

import (
	"context"
	"fmt"
	"slices"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/audit"
	"github.com/daugavpils/prdesk/internal/db"
	"github.com/daugavpils/prdesk/internal/errs"
)

// DuplicatePair is two contacts the directory thinks may be one.
type DuplicatePair struct {
	A, B   Brief
	Reason string // "email", "phone" or "name"
	Value  string // the shared e-mail or phone; "" for a name
}

// DuplicatePairs lists up to limit pairs of possible duplicates: the same
// e-mail, the same phone, or people with similar names in one organisation.
func (s *Store) DuplicatePairs(ctx context.Context, limit int) ([]DuplicatePair, error) {
	rows, _ := s.pool.Query(ctx, `
		with shared as (
		    (select 'email' reason, e val, min(id) a, max(id) b
		     from contacts, unnest(emails) e where merged_into is null group by e having count(*) > 1 limit $1)
		    union all
		    (select 'phone', p, min(id), max(id)
		     from contacts, unnest(phones) p where merged_into is null group by p having count(*) > 1 limit $1)
		    union all
		    (select 'name', '', m1.person_id, m2.person_id
		     from contact_memberships m1
		     join contact_memberships m2 on m2.org_id = m1.org_id and m2.person_id > m1.person_id and m2.ends_on is null
		     join contacts p1 on p1.id = m1.person_id and p1.merged_into is null
		     join contacts p2 on p2.id = m2.person_id and p2.merged_into is null
		     where m1.ends_on is null and similarity(contact_fold(p1.name), contact_fold(p2.name)) >= $2
		     limit $1))
		select distinct on (s.a, s.b) s.reason, s.val, a.id, a.kind, a.name, b.id, b.kind, b.name
		from shared s join contacts a on a.id = s.a join contacts b on b.id = s.b
		where a.kind = b.kind
		order by s.a, s.b, s.reason
		limit $1`, limit, SimilarName)
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (DuplicatePair, error) {
		var d DuplicatePair
		err := r.Scan(&d.Reason, &d.Value, &d.A.ID, &d.A.Kind, &d.A.Name, &d.B.ID, &d.B.Kind, &d.B.Name)
		return d, err
	})
}

// union is a followed by what b has that a lacks.
func union(a, b []string) []string {
	out := slices.Clone(a)
	for _, x := range b {
		if !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}

func orText(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// Merge makes drop part of keep, in one transaction: keep gets drop's
// e-mails, phones, tags, topics and languages, and whatever keep left
// empty; every membership, unit, use and mailing list of drop moves to
// keep; drop stays, marked merged into keep, so that old links and its
// history lead to keep. Either version being stale (someone edited the
// record since the page was drawn), or either record merged already, is a
// conflict, and nothing changes.
func (s *Store) Merge(ctx context.Context, keep, drop int64, keepVersion, dropVersion int) error {
	if keep == drop {
		return errs.Field("keep", "contacts.merge.err_same")
	}
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		// Both rows locked, the lower id first, so two merges of one pair wait for each other.
		var locked []int64
		rows, _ := tx.Query(ctx, `select id from contacts where id = any($1) order by id for update`, []int64{keep, drop})
		locked, err := pgx.CollectRows(rows, pgx.RowTo[int64])
		if err != nil {
			return err
		}
		if len(locked) != 2 {
			return fmt.Errorf("contacts: merge %d into %d: %w", drop, keep, errs.NotFound)
		}
		k, err := contactByID(ctx, tx, keep)
		if err != nil {
			return err
		}
		d, err := contactByID(ctx, tx, drop)
		if err != nil {
			return err
		}
		switch {
		case k.Version != keepVersion || d.Version != dropVersion || k.MergedInto != nil || d.MergedInto != nil:
			return errs.FieldConflict("keep", "contacts.merge.err_stale")
		case k.Kind != d.Kind:
			return errs.Field("keep", "contacts.merge.err_kinds")
		}
		k.Emails, k.Phones, k.Tags = union(k.Emails, d.Emails), union(k.Phones, d.Phones), union(k.Tags, d.Tags)
		k.Topics, k.Languages = union(k.Topics, d.Topics), union(k.Languages, d.Languages)
		k.Emails, k.Phones = k.Emails[:min(len(k.Emails), 10)], k.Phones[:min(len(k.Phones), 10)]
		k.Tags = k.Tags[:min(len(k.Tags), 30)]
		k.NameOriginal, k.Position, k.City = orText(k.NameOriginal, d.NameOriginal), orText(k.Position, d.Position), orText(k.City, d.City)
		k.Address, k.Website, k.FormOfAddress = orText(k.Address, d.Address), orText(k.Website, d.Website), orText(k.FormOfAddress, d.FormOfAddress)
		if k.Notes == "" {
			k.Notes = d.Notes
		} else if d.Notes != "" && len([]rune(k.Notes))+len([]rune(d.Notes)) < 3990 {
			k.Notes += "\n\n" + d.Notes
		}
		if k.ParentID == nil && d.ParentID != nil && *d.ParentID != k.ID {
			k.ParentID = d.ParentID
		}
		// Who asked for no mailings stays asked.
		optOut := k.OptOut || d.OptOut
		if _, err := tx.Exec(ctx, `
			update contacts set emails = $2, phones = $3, tags = $4, topics = $5, languages = $6, name_original = $7,
			    position = $8, city = $9, address = $10, website = $11, form_of_address = $12, notes = $13, parent_id = $14,
			    opt_out = $15, opt_out_at = case when $15 then coalesce(opt_out_at, $16, $17) end,
			    version = version + 1, updated_at = $17
			where id = $1`,
			k.ID, k.Emails, k.Phones, k.Tags, k.Topics, k.Languages, k.NameOriginal, k.Position, k.City, k.Address,
			k.Website, k.FormOfAddress, k.Notes, k.ParentID, optOut, d.OptOutAt, s.now()); err != nil {
			return err
		}
		for _, q := range []string{
			`update contact_memberships set person_id = $1 where person_id = $2`,
			`update contact_memberships set org_id = $1 where org_id = $2`,
			`update contacts set parent_id = $1 where parent_id = $2 and id <> $1`,
			`update contacts set parent_id = null where id = $1 and parent_id = $2`,
			`delete from contact_uses u where contact_id = $2 and exists(
			    select 1 from contact_uses k where k.contact_id = $1 and k.area = u.area and k.kind = u.kind and k.record_ref = u.record_ref)`,
			`update contact_uses set contact_id = $1 where contact_id = $2`,
			`update contacts set merged_into = $1 where merged_into = $2`,
		} {
			if _, err := tx.Exec(ctx, q, k.ID, d.ID); err != nil {
				return err
			}
		}
		if err := moveListMembers(ctx, tx, k.ID, d.ID); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `update contacts set merged_into = $1, version = version + 1, updated_at = $3 where id = $2`, k.ID, d.ID, s.now()); err != nil {
			return err
		}
		e := entry("contact", k.ID, "merge", "%s #%d apvienota ar dublikātu #%d", kindWord(k.Kind), k.ID, d.ID)
		e.Details = map[string]any{"dropped": d.ID, "dropped_name": d.Name}
		if err := audit.Record(ctx, tx, e); err != nil {
			return err
		}
		return audit.Record(ctx, tx, entry("contact", d.ID, "merged", "%s #%d apvienota ierakstā #%d", kindWord(d.Kind), d.ID, k.ID))
	})
}
