package contacts

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/audit"
	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/db"
	"github.com/daugavpils/prdesk/internal/errs"
	"github.com/daugavpils/prdesk/internal/i18n"
)

// Use is one line of a contact's history across areas: what another area
// recorded the contact took part in.
type Use struct {
	ID        int64
	ContactID int64
	Area      string
	Kind      string
	RecordRef string
	At        time.Time
}

func uses(ctx context.Context, q db.Querier, contactID int64, limit int) ([]Use, error) {
	rows, _ := q.Query(ctx, `
		select id, contact_id, area, kind, record_ref, at from contact_uses
		where contact_id = $1 order by at desc, id desc limit $2`, contactID, limit)
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (Use, error) {
		var u Use
		err := r.Scan(&u.ID, &u.ContactID, &u.Area, &u.Kind, &u.RecordRef, &u.At)
		return u, err
	})
}

// RecordUse records, in the caller's transaction tx, that the contact took
// part in one of the area's records: kind says how ("invited",
// "guest"), recordRef which record (the area's id or number, as its link
// resolver reads it). A contact merged into another is recorded on the one
// kept. Recording the same use twice changes nothing. The area registers
// how its lines are shown and linked with RegisterArea.
func (s *Store) RecordUse(ctx context.Context, tx pgx.Tx, contactID int64, area, kind, recordRef string) error {
	var id int64
	var merged *int64
	err := tx.QueryRow(ctx, `select id, merged_into from contacts where id = $1`, contactID).Scan(&id, &merged)
	if err != nil {
		return db.NotFound(err, fmt.Sprintf("contacts: contact %d", contactID))
	}
	if merged != nil {
		id = *merged
	}
	var useID int64
	err = tx.QueryRow(ctx, `
		insert into contact_uses (contact_id, area, kind, record_ref, at, created_by) values ($1, $2, $3, $4, $5, $6)
		on conflict (contact_id, area, kind, record_ref) do nothing returning id`,
		id, area, kind, recordRef, s.now(), audit.ActorID(ctx)).Scan(&useID)
	if err == pgx.ErrNoRows {
		return nil
	}
	if err != nil {
		return fmt.Errorf("contacts: record use %s/%s: %w", area, kind, err)
	}
	return audit.Record(ctx, tx, entry("contact_use", id, "use", "Kontakts #%d: %s", id, s.useWords(area, kind)))
}

// useWords is a use in the log's Latvian words: the area's name and, when
// the area registered its words, the kind's ("Prese: Lūdza interviju").
// The code names are not shown: the log is read by people.
func (s *Store) useWords(area, kind string) string {
	lv := i18n.WithLocale(context.Background(), "lv")
	name := i18n.T(lv, "area."+area)
	s.mu.RLock()
	a, ok := s.areas[area]
	s.mu.RUnlock()
	if ok && a.Text != nil {
		return name + ": " + a.Text(lv, kind)
	}
	return "ieraksts jomā „" + name + "”"
}

// HoldUses says, in the caller's transaction, whether the area's record
// still depends on the contacts it uses (an agreement in force holds its
// coordinators; an ended one does not). The directory's retention never
// counts a person with a held use as unused.
func (s *Store) HoldUses(ctx context.Context, tx pgx.Tx, area, recordRef string, held bool) error {
	_, err := tx.Exec(ctx, `update contact_uses set held = $3 where area = $1 and record_ref = $2 and held <> $3`,
		area, recordRef, held)
	return err
}

// ForgetUse removes the uses of one record of an area (the record was
// deleted, or the contact taken off it), in the caller's transaction.
func (s *Store) ForgetUse(ctx context.Context, tx pgx.Tx, contactID int64, area, kind, recordRef string) error {
	_, err := tx.Exec(ctx, `
		delete from contact_uses where contact_id in (select $1::bigint union select merged_into from contacts where id = $1 and merged_into is not null)
		  and area = $2 and kind = $3 and record_ref = $4`, contactID, area, kind, recordRef)
	return err
}

// Brief is what a form that stores a contact's id shows of it.
type Brief struct {
	ID      int64
	Kind    Kind
	Name    string
	Detail  string // a person's organisation and position, an organisation's type and city
	OrgType OrgType
}

// Briefs reads the contacts of ids as a form shows them, in the order of
// ids; a merged contact is read as the one kept. Unknown ids are left out.
func (s *Store) Briefs(ctx context.Context, ids []int64) ([]Brief, error) {
	var out []Brief
	err := s.briefs(ctx, ids, func(_ int64, b Brief) { out = append(out, b) })
	return out, err
}

// BriefsByID is Briefs by the ids asked for: a list's names in one read.
func (s *Store) BriefsByID(ctx context.Context, ids []int64) (map[int64]Brief, error) {
	out := make(map[int64]Brief, len(ids))
	err := s.briefs(ctx, ids, func(id int64, b Brief) { out[id] = b })
	return out, err
}

func (s *Store) briefs(ctx context.Context, ids []int64, each func(asked int64, b Brief)) error {
	rows, _ := s.pool.Query(ctx, `
		select i.id, k.id, k.kind, k.name, coalesce(k.org_type, ''),
		       case k.kind when 'person' then concat_ws(', ', nullif(k.position, ''), o.name) else k.city end
		from unnest($1::bigint[]) with ordinality as i(id, n)
		join contacts c on c.id = i.id
		join contacts k on k.id = coalesce(c.merged_into, c.id)
		left join lateral (
		    select o.name from contact_memberships m join contacts o on o.id = m.org_id
		    where m.person_id = k.id and m.ends_on is null order by m.starts_on desc nulls last, m.id desc limit 1) o on true
		order by i.n`, ids)
	var asked int64
	var b Brief
	_, err := pgx.ForEachRow(rows, []any{&asked, &b.ID, &b.Kind, &b.Name, &b.OrgType, &b.Detail}, func() error {
		each(asked, b)
		return nil
	})
	return err
}

// Exists tells, in the caller's transaction, whether id is a contact of the
// kind (any kind when kind is "") that has not been merged away: what an
// area checks before storing a picked id. A refusal beside field otherwise.
func Exists(ctx context.Context, q db.Querier, id int64, kind Kind, field string) error {
	var ok bool
	err := q.QueryRow(ctx, `select exists(select 1 from contacts where id = $1 and merged_into is null and ($2 = '' or kind = $2))`,
		id, string(kind)).Scan(&ok)
	if err != nil {
		return err
	}
	if !ok {
		return errs.Field(field, "contacts.err_unknown_contact")
	}
	return nil
}

// UseArea is how the card shows one area's uses: who may open the area's
// records, the address of a record, and the words for a kind of use. An
// area registers it once when the app is assembled (RegisterArea); the
// directory imports no area.
type UseArea struct {
	Perm auth.Permission
	Link func(recordRef string) string
	Text func(ctx context.Context, kind string) string
}

// RegisterArea tells the directory how to show area's uses on the cards.
func (s *Store) RegisterArea(area string, a UseArea) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.areas == nil {
		s.areas = map[string]UseArea{}
	}
	s.areas[area] = a
}

// useLines are uses as viewer u sees them: a line links to its record only
// when u may open it; an area nobody registered shows its kind as recorded.
func (s *Store) useLines(ctx context.Context, u *auth.User, us []Use) []useLine {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make([]useLine, len(us))
	for i, x := range us {
		l := useLine{Use: x, Text: x.Kind}
		if a, ok := s.areas[x.Area]; ok {
			if a.Text != nil {
				l.Text = a.Text(ctx, x.Kind)
			}
			if a.Link != nil && u.Can(a.Perm) {
				l.Link = a.Link(x.RecordRef)
			}
		}
		out[i] = l
	}
	return out
}
