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
// contact of the directory.
type Guest struct {
	ID        int64
	ContactID int64
	Name      string
	Email     string
	Kind      string // laureate, guest
	Seat      string
	InvitedAt *time.Time
}

// Guests are the ceremony's guests, the laureates first, then by name.
func (s *Store) Guests(ctx context.Context, roundID int64) ([]Guest, error) {
	rows, err := s.pool.Query(ctx, `select g.id, g.contact_id, k.name, coalesce(k.emails[1], ''), g.kind, g.seat, g.invited_at
		from award_guests g join contacts c on c.id = g.contact_id join contacts k on k.id = coalesce(c.merged_into, c.id)
		where g.round_id = $1 order by g.kind = 'guest', k.name collate "lv-x-icu", g.id`, roundID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (Guest, error) {
		var g Guest
		return g, row.Scan(&g.ID, &g.ContactID, &g.Name, &g.Email, &g.Kind, &g.Seat, &g.InvitedAt)
	})
}

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
		tag, err := tx.Exec(ctx, `insert into award_guests (round_id, contact_id, kind, created_at, created_by)
			select $1, coalesce(c.merged_into, c.id), 'laureate', $2, $3 from award_nominations n join contacts c on c.id = n.nominee_contact_id
			where n.round_id = $1 and n.laureate on conflict (round_id, contact_id) do update set kind = 'laureate'`,
			roundID, s.now(), audit.ActorID(ctx))
		if err != nil {
			return err
		}
		added += int(tag.RowsAffected())
		if len(listIDs)+len(personIDs) > 0 {
			set, err := contacts.RecipientsTx(ctx, tx, listIDs, personIDs)
			if err != nil {
				return err
			}
			for _, r := range append(set.Recipients, set.LeftOut...) {
				tag, err := tx.Exec(ctx, `insert into award_guests (round_id, contact_id, kind, created_at, created_by)
					values ($1, $2, 'guest', $3, $4) on conflict do nothing`, roundID, r.ContactID, s.now(), audit.ActorID(ctx))
				if err != nil {
					return err
				}
				added += int(tag.RowsAffected())
				if s.contacts != nil && tag.RowsAffected() == 1 {
					if err := s.contacts.RecordUse(ctx, tx, r.ContactID, "awards", "guest", "round-"+strconv.FormatInt(roundID, 10)); err != nil {
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

// Invite queues through the outbox an invitation to every guest with an
// e-mail not yet invited, written by write, and returns how many went.
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
		gs, err := s.Guests(ctx, roundID)
		if err != nil {
			return err
		}
		var ms []mail.Message
		var ids []int64
		for _, g := range gs {
			if g.InvitedAt == nil && g.Email != "" {
				m := write(g)
				m.Entity, m.EntityID = "award_round", roundID
				ms = append(ms, m)
				ids = append(ids, g.ID)
			}
		}
		if len(ms) > 0 {
			if _, err := mail.EnqueueMany(ctx, tx, s.jobs, ms); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `update award_guests set invited_at = $2 where id = any($1)`, ids, s.now()); err != nil {
				return err
			}
		}
		n = len(ms)
		return audit.Record(ctx, tx, audit.Entry{Entity: "award_round", EntityID: roundID, Action: "award_invite",
			Summary: fmt.Sprintf("Apbalvojuma kārta #%d: nosūtīti ielūgumi uz ceremoniju (%d)", roundID, n)})
	})
	return n, err
}
