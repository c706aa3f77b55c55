package delegations

import (
	"context"
	"errors"
	"strconv"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/audit"
	"github.com/daugavpils/prdesk/internal/db"
	"github.com/daugavpils/prdesk/internal/errs"
	"github.com/daugavpils/prdesk/internal/files"
)

const giftColumns = `g.id, g.delegation_id, d.title, g.direction, g.item, (g.value * 100)::bigint, g.giver, g.receiver, g.given_on,
	g.photo_file_id, g.handover, g.handed_over_on, g.kept_at, g.version`

func collectGifts(rows pgx.Rows, err error) ([]Gift, error) {
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (Gift, error) {
		var g Gift
		var value *int64
		err := row.Scan(&g.ID, &g.DelegationID, &g.Delegation, &g.Direction, &g.Item, &value, &g.Giver, &g.Receiver, &g.GivenOn,
			&g.PhotoFileID, &g.Handover, &g.HandedOverOn, &g.KeptAt, &g.Version)
		if value != nil {
			m := Money(*value)
			g.Value = &m
		}
		return g, err
	})
}

// Gifts are the delegation's gifts by date.
func (s *Store) Gifts(ctx context.Context, id int64) ([]Gift, error) {
	return collectGifts(s.pool.Query(ctx, `select `+giftColumns+` from delegation_gifts g join delegations d on d.id = g.delegation_id
		where g.delegation_id = $1 order by g.given_on, g.id`, id))
}

// GiftRegister is the register of gifts, newest first: those still to be
// handed over only, when pending.
func (s *Store) GiftRegister(ctx context.Context, pending bool, limit int) ([]Gift, error) {
	return collectGifts(s.pool.Query(ctx, `select `+giftColumns+` from delegation_gifts g join delegations d on d.id = g.delegation_id
		where (not $1 or (g.handover and g.handed_over_on is null)) order by g.given_on desc, g.id desc limit $2`, pending, limit))
}

// Gift reads one gift.
func (s *Store) Gift(ctx context.Context, id int64) (Gift, error) {
	gs, err := collectGifts(s.pool.Query(ctx, `select `+giftColumns+` from delegation_gifts g join delegations d on d.id = g.delegation_id
		where g.id = $1`, id))
	if err == nil && len(gs) == 0 {
		err = pgx.ErrNoRows
	}
	if err != nil {
		return Gift{}, db.NotFound(err, "gift")
	}
	return gs[0], nil
}

// Settings are the head's settings of the area.
func (s *Store) Settings(ctx context.Context) (Settings, error) {
	return settings(ctx, s.pool)
}

func settings(ctx context.Context, q db.Querier) (Settings, error) {
	var st Settings
	var threshold string
	var v1, v2 int
	err := q.QueryRow(ctx, `select (select value::text from settings where key = 'delegations.gift_threshold'),
		(select version from settings where key = 'delegations.gift_threshold'),
		(select value::int from settings where key = 'delegations.retention_days'),
		(select version from settings where key = 'delegations.retention_days')`).Scan(&threshold, &v1, &st.RetentionDays, &v2)
	if err != nil {
		return st, err
	}
	m, _ := ParseMoney(threshold)
	st.GiftThreshold, st.Version = m, v1+v2
	return st, nil
}

// SaveSettings saves the head's settings (st.Version as the form was drawn).
func (s *Store) SaveSettings(ctx context.Context, st Settings) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		old, err := settings(ctx, tx)
		if err != nil {
			return err
		}
		if old.Version != st.Version {
			return errs.FieldConflict("gift_threshold", "errors.conflict")
		}
		threshold := strconv.FormatInt(int64(st.GiftThreshold)/100, 10) + "." + strconv.FormatInt(int64(st.GiftThreshold)%100/10, 10) +
			strconv.FormatInt(int64(st.GiftThreshold)%10, 10)
		for key, value := range map[string]string{"delegations.gift_threshold": threshold, "delegations.retention_days": strconv.Itoa(st.RetentionDays)} {
			if _, err := tx.Exec(ctx, `update settings set value = $2::jsonb, version = version + 1, updated_at = $3, updated_by = $4
				where key = $1`, key, value, s.now(), audit.ActorID(ctx)); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, audit.Entry{Entity: "delegation_settings", EntityID: "settings", Action: "update",
			Summary: "Delegāciju iestatījumi: dāvanu vērtības robeža " + st.GiftThreshold.String() + ", personas datus glabā " +
				strconv.Itoa(st.RetentionDays) + " dienas pēc vizītes"})
	})
}

// AddGift registers a gift of its delegation with its photo (nil: none);
// a received gift above the head's threshold is marked for handing over.
func (s *Store) AddGift(ctx context.Context, g Gift, photo *files.Staged) (int64, error) {
	var id int64
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := delegation(ctx, tx, g.DelegationID); err != nil {
			return err
		}
		st, err := settings(ctx, tx)
		if err != nil {
			return err
		}
		g.Handover = NeedsHandover(g.Direction, g.Value, st.GiftThreshold)
		if photo != nil {
			f, err := s.files.SaveStaged(ctx, tx, photo)
			if err != nil {
				return err
			}
			g.PhotoFileID = &f.ID
		}
		if err := tx.QueryRow(ctx, `insert into delegation_gifts (delegation_id, direction, item, value, giver, receiver, given_on,
				photo_file_id, handover, created_at, updated_at, created_by)
			values ($1, $2, $3, $4::bigint / 100.0, $5, $6, $7, $8, $9, $10, $10, $11) returning id`,
			g.DelegationID, g.Direction, g.Item, cents(g.Value), g.Giver, g.Receiver, g.GivenOn, g.PhotoFileID, g.Handover,
			s.now(), audit.ActorID(ctx)).Scan(&id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, entry(g.DelegationID, "gift_add", "reģistrēta dāvana #%d (%s)", id, giftWhat(g)))
	})
	return id, err
}

// UpdateGift saves a gift as the form that showed it at g.Version edited
// it: its item, value, giver, receiver, date and direction, and its photo:
// replaced by photo when it is not nil, removed when removePhoto, else kept.
// A photo replaced or removed loses its file row in the same transaction
// (its bytes go with the next sweep). The handover's date and place are
// kept. The handover mark is computed again against the head's threshold,
// except that a received gift already handed over stays handed over (it is
// the municipality's property now); such a gift cannot be made one given.
func (s *Store) UpdateGift(ctx context.Context, g Gift, photo *files.Staged, removePhoto bool) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		var handedOver bool
		var oldPhoto *int64
		if err := tx.QueryRow(ctx, `select handed_over_on is not null, photo_file_id from delegation_gifts
			where id = $1 and delegation_id = $2 for update`, g.ID, g.DelegationID).Scan(&handedOver, &oldPhoto); err != nil {
			return db.NotFound(err, "gift")
		}
		if handedOver && g.Direction != Received {
			return errs.Field("direction", "delegations.gifts.err_handed_over_given")
		}
		st, err := settings(ctx, tx)
		if err != nil {
			return err
		}
		g.Handover = NeedsHandover(g.Direction, g.Value, st.GiftThreshold) || handedOver
		g.PhotoFileID = oldPhoto
		photoNote := ""
		switch {
		case photo != nil:
			f, err := s.files.SaveStaged(ctx, tx, photo)
			if err != nil {
				return err
			}
			g.PhotoFileID, photoNote = &f.ID, "; fotogrāfija nomainīta"
			if oldPhoto == nil {
				photoNote = "; pievienota fotogrāfija"
			}
		case removePhoto && oldPhoto != nil:
			g.PhotoFileID, photoNote = nil, "; fotogrāfija dzēsta"
		}
		tag, err := tx.Exec(ctx, `update delegation_gifts set direction = $4, item = $5, value = $6::bigint / 100.0, giver = $7,
				receiver = $8, given_on = $9, handover = $10, photo_file_id = $12, updated_at = $11, version = version + 1
			where id = $1 and delegation_id = $2 and version = $3`, g.ID, g.DelegationID, g.Version, g.Direction, g.Item, cents(g.Value),
			g.Giver, g.Receiver, g.GivenOn, g.Handover, s.now(), g.PhotoFileID)
		if err := db.Versioned(tag, err); err != nil {
			if errors.Is(err, errs.Conflict) {
				return errs.FieldConflict("item", "errors.conflict")
			}
			return err
		}
		if oldPhoto != nil && (g.PhotoFileID == nil || *g.PhotoFileID != *oldPhoto) {
			if err := s.files.Delete(ctx, tx, *oldPhoto); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, entry(g.DelegationID, "gift_update", "labota dāvana #%d (%s)%s", g.ID, giftWhat(g), photoNote))
	})
}

// giftWhat is how the audit log tells a gift: its direction and whether
// it is handed over, never who gave or received it.
func giftWhat(g Gift) string {
	what := "saņemta"
	if g.Direction == Given {
		what = "pasniegta"
	}
	if g.Handover {
		what += ", nododama pašvaldības īpašumā"
	}
	return what
}

// SetHandover saves where a gift handed over is kept and when it was
// handed over (g.ID, g.Version as the form was drawn).
func (s *Store) SetHandover(ctx context.Context, g Gift) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `update delegation_gifts set handed_over_on = $3, kept_at = $4, updated_at = $5, version = version + 1
			where id = $1 and version = $2 and handover`, g.ID, g.Version, g.HandedOverOn, g.KeptAt, s.now())
		if err := db.Versioned(tag, err); err != nil {
			if errors.Is(err, errs.Conflict) {
				return errs.FieldConflict("handed_over_on", "errors.conflict")
			}
			return err
		}
		return audit.Record(ctx, tx, entry(g.DelegationID, "gift_update", "dāvanas #%d nodošana pašvaldības īpašumā", g.ID))
	})
}

// GiftPhoto is the gift's photo, when fileID is it.
func (s *Store) GiftPhoto(ctx context.Context, id, fileID int64) error {
	var ok bool
	err := s.pool.QueryRow(ctx, `select true from delegation_gifts where id = $1 and photo_file_id = $2`, id, fileID).Scan(&ok)
	return db.NotFound(err, "gift photo")
}
