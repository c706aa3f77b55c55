package awards

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/audit"
	"github.com/daugavpils/prdesk/internal/contacts"
	"github.com/daugavpils/prdesk/internal/db"
	"github.com/daugavpils/prdesk/internal/errs"
	"github.com/daugavpils/prdesk/internal/mail"
)

// Guest is one guest of a round's ceremony: a laureate or a guest, a
// contact of the directory. A contact merged into another is its kept
// contact: the guest rows of the two are one guest.
type Guest struct {
	ID        int64
	ContactID int64 // the contact of the directory, after merges
	Name      string
	Email     string
	Kind      string // laureate, guest
	Seat      string
	InvitedAt *time.Time
	// Reason is why the guest gets no invitation by mail now, as the
	// directory says it (opted out, inactive, no address); "" gets one.
	Reason contacts.Reason
}

// Guests are the ceremony's guests, the laureates first, then by name.
func (s *Store) Guests(ctx context.Context, roundID int64) ([]Guest, error) {
	return guests(ctx, s.pool, roundID)
}

// guests reads the round's guests by their contact after merges: the rows
// of a contact and of the duplicates merged into it are one guest (a
// laureate if one of them is, invited if one was, with the seat given).
// The directory's opt-out and state are read as they are now.
func guests(ctx context.Context, q db.Querier, roundID int64) ([]Guest, error) {
	rows, err := q.Query(ctx, `
		with r as (
			select g.id, g.kind, g.seat, g.invited_at, coalesce(c.merged_into, c.id) as contact_id
			from award_guests g join contacts c on c.id = g.contact_id where g.round_id = $1)
		select (array_agg(r.id order by r.seat = '', r.kind = 'guest', r.id))[1], k.id, k.name, coalesce(k.emails[1], ''),
			case when bool_or(r.kind = 'laureate') then 'laureate' else 'guest' end,
			(array_agg(r.seat order by r.seat = '', r.kind = 'guest', r.id))[1], max(r.invited_at),
			case when k.opt_out then 'opted_out' when not k.active then 'inactive'
			     when cardinality(k.emails) = 0 then 'no_email' else '' end
		from r join contacts k on k.id = r.contact_id
		group by k.id
		order by bool_or(r.kind = 'laureate') desc, k.name collate "lv-x-icu", k.id`, roundID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (Guest, error) {
		var g Guest
		return g, row.Scan(&g.ID, &g.ContactID, &g.Name, &g.Email, &g.Kind, &g.Seat, &g.InvitedAt, &g.Reason)
	})
}

// roundRef is how the directory's uses name a round: its card lists the
// ceremonies a contact was a guest of, or invited to.
func roundRef(roundID int64) string { return "round-" + strconv.FormatInt(roundID, 10) }

// AddGuests adds the round's laureates of the directory, and the members of
// the mailing lists and the people picked, as guests (each contact once);
// it returns how many were added.
func (s *Store) AddGuests(ctx context.Context, roundID int64, listIDs, personIDs []int64) (int, error) {
	added := 0
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		rd, err := round(ctx, tx, roundID)
		if err != nil {
			return err
		}
		if !rd.ShowsLaureates() {
			return errs.Field("lists", "awards.ceremony.not_decided")
		}
		// The laureates, each as the directory's contact of its nominee
		// (after merges): a contact already a guest of the round, under
		// its own or a merged duplicate's row, becomes a laureate there.
		rows, err := tx.Query(ctx, `select distinct coalesce(c.merged_into, c.id) from award_nominations n
			join contacts c on c.id = n.nominee_contact_id where n.round_id = $1 and n.laureate`, roundID)
		if err != nil {
			return err
		}
		laureates, err := pgx.CollectRows(rows, pgx.RowTo[int64])
		if err != nil {
			return err
		}
		for _, contactID := range laureates {
			tag, err := tx.Exec(ctx, `update award_guests g set kind = 'laureate' from contacts c
				where g.round_id = $1 and c.id = g.contact_id and coalesce(c.merged_into, c.id) = $2`, roundID, contactID)
			if err != nil {
				return err
			}
			if tag.RowsAffected() == 0 {
				if _, err := tx.Exec(ctx, `insert into award_guests (round_id, contact_id, kind, created_at, created_by)
					values ($1, $2, 'laureate', $3, $4)`, roundID, contactID, s.now(), audit.ActorID(ctx)); err != nil {
					return err
				}
			}
			added++
			if s.contacts != nil {
				if err := s.contacts.RecordUse(ctx, tx, contactID, "awards", "guest", roundRef(roundID)); err != nil {
					return err
				}
			}
		}
		if len(listIDs)+len(personIDs) > 0 {
			set, err := contacts.RecipientsTx(ctx, tx, listIDs, personIDs)
			if err != nil {
				return err
			}
			for _, r := range append(set.Recipients, set.LeftOut...) {
				// r.ContactID is the contact after merges: a row of a duplicate
				// merged into it is the same guest.
				tag, err := tx.Exec(ctx, `insert into award_guests (round_id, contact_id, kind, created_at, created_by)
					select $1, $2, 'guest', $3, $4 where not exists (select 1 from award_guests g join contacts c on c.id = g.contact_id
						where g.round_id = $1 and coalesce(c.merged_into, c.id) = $2)
					on conflict do nothing`, roundID, r.ContactID, s.now(), audit.ActorID(ctx))
				if err != nil {
					return err
				}
				added += int(tag.RowsAffected())
				if s.contacts != nil && tag.RowsAffected() == 1 {
					if err := s.contacts.RecordUse(ctx, tx, r.ContactID, "awards", "guest", roundRef(roundID)); err != nil {
						return err
					}
				}
			}
		}
		return audit.Record(ctx, tx, audit.Entry{Entity: "award_round", EntityID: roundID, Action: "award_guests",
			Summary: fmt.Sprintf("Apbalvojuma kārta #%d: ceremonijas viesi pievienoti (%d)", roundID, added),
			Details: map[string]any{"lists": listIDs, "people": len(personIDs)}})
	})
	return added, err
}

// SetSeat gives guest id the seat (empty: none).
func (s *Store) SetSeat(ctx context.Context, id int64, seat string) (int64, error) {
	var roundID int64
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		if err := tx.QueryRow(ctx, `update award_guests set seat = $2 where id = $1 returning round_id`, id, seat).Scan(&roundID); err != nil {
			return db.NotFound(err, "award guest")
		}
		return audit.Record(ctx, tx, audit.Entry{Entity: "award_round", EntityID: roundID, Action: "award_seat",
			Summary: fmt.Sprintf("Apbalvojuma kārta #%d: viesim #%d vieta „%s”", roundID, id, seat)})
	})
	return roundID, err
}

// Invite queues through the outbox an invitation, written by write, to
// every guest not yet invited whom the directory lets the department
// write to now: the contact after merges (one mail for a contact and its
// merged duplicates), with an address, active, and not opted out. Each
// invitation is recorded on the contact's card (a use "invited" of the
// round). It returns how many went.
func (s *Store) Invite(ctx context.Context, roundID int64, write func(Guest) mail.Message) (int, error) {
	n := 0
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		rd, err := round(ctx, tx, roundID)
		if err != nil {
			return err
		}
		if !rd.ShowsLaureates() || rd.CeremonyOn == nil {
			return errs.Field("invite", "awards.ceremony.no_date")
		}
		// The round's guests are held, so two presses send one invitation.
		if _, err := tx.Exec(ctx, `select 1 from award_guests where round_id = $1 for update`, roundID); err != nil {
			return err
		}
		gs, err := guests(ctx, tx, roundID)
		if err != nil {
			return err
		}
		var ms []mail.Message
		var ids []int64
		left := 0
		for _, g := range gs {
			switch {
			case g.InvitedAt != nil:
			case g.Reason != contacts.Reachable:
				left++
			default:
				m := write(g)
				m.Entity, m.EntityID = "award_round", roundID
				ms = append(ms, m)
				ids = append(ids, g.ContactID)
			}
		}
		if len(ms) > 0 {
			if _, err := mail.EnqueueMany(ctx, tx, s.jobs, ms); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `update award_guests g set invited_at = $3 from contacts c
				where g.round_id = $1 and c.id = g.contact_id and coalesce(c.merged_into, c.id) = any($2) and g.invited_at is null`,
				roundID, ids, s.now()); err != nil {
				return err
			}
			if s.contacts != nil {
				for _, id := range ids {
					if err := s.contacts.RecordUse(ctx, tx, id, "awards", "invited", roundRef(roundID)); err != nil {
						return err
					}
				}
			}
		}
		n = len(ms)
		e := audit.Entry{Entity: "award_round", EntityID: roundID, Action: "award_invite",
			Summary: fmt.Sprintf("Apbalvojuma kārta #%d: nosūtīti ielūgumi uz ceremoniju (%d)", roundID, n)}
		if left > 0 {
			e.Summary += fmt.Sprintf(", bez ielūguma pa pastu %d (atteikušies, neaktīvi vai bez e-pasta)", left)
		}
		return audit.Record(ctx, tx, e)
	})
	return n, err
}
