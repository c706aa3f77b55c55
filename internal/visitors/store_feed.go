package visitors

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/audit"
	"github.com/daugavpils/prdesk/internal/db"
	"github.com/daugavpils/prdesk/internal/errs"
)

// NewFeedToken gives official a new feed address and returns its token;
// the previous address stops working.
func (s *Store) NewFeedToken(ctx context.Context, officialID int64) (string, error) {
	tok, hash, err := newFeedToken()
	if err != nil {
		return "", err
	}
	err = db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		var name string
		err := tx.QueryRow(ctx, `update visit_officials set ical_token_hash = $2, updated_at = now()
			where id = $1 returning name`, officialID, hash).Scan(&name)
		if err != nil {
			return db.NotFound(err, fmt.Sprintf("visitors: official %d", officialID))
		}
		return audit.Record(ctx, tx, officialEntry(officialID, name, "feed_token", "jauna kalendāra plūsmas adrese"))
	})
	return tok, err
}

// HasFeed tells whether official has a feed address.
func (s *Store) HasFeed(ctx context.Context, officialID int64) (bool, error) {
	var has bool
	err := s.pool.QueryRow(ctx, `select ical_token_hash is not null from visit_officials where id = $1`, officialID).Scan(&has)
	return has, db.NotFound(err, fmt.Sprintf("visitors: official %d", officialID))
}

// FeedOfficial finds the active official whose feed token is tok; not
// found when none. It looks up by the token's hash, and compares the
// stored hash in constant time as well, so neither the index nor the
// comparison tells how much of a guess was right.
func (s *Store) FeedOfficial(ctx context.Context, tok string) (Official, error) {
	sum := sha256.Sum256([]byte(tok))
	var stored []byte
	var o Official
	err := s.pool.QueryRow(ctx, `select id, name, position, kind, active, ical_token_hash from visit_officials
		where ical_token_hash = $1`, sum[:]).Scan(&o.ID, &o.Name, &o.Position, &o.Kind, &o.Active, &stored)
	if err != nil {
		return o, db.NotFound(err, "visitors: feed token")
	}
	if subtle.ConstantTimeCompare(stored, sum[:]) != 1 || !o.Active {
		return o, fmt.Errorf("visitors: feed token: %w", errs.NotFound)
	}
	return o, nil
}

// FeedBooking is one booking as the feed shows it.
type FeedBooking struct {
	ID          int64     `db:"id"`
	Start       time.Time `db:"start_at"`
	End         time.Time `db:"end_at"`
	Room        string    `db:"room"`
	State       State     `db:"state"`
	VisitorName string    `db:"visitor_name"`
	Topic       string    `db:"topic"`
	Version     int       `db:"version"`
	UpdatedAt   time.Time `db:"updated_at"`
}

// FeedBookings lists official's bookings from since on, cancelled ones too
// (the feed marks them so, and a calendar that saw them removes them).
func (s *Store) FeedBookings(ctx context.Context, officialID int64, since time.Time) ([]FeedBooking, error) {
	rows, _ := s.pool.Query(ctx, `
		select id, lower(slot) as start_at, upper(slot) as end_at, room, state, visitor_name, topic, version, updated_at
		from visit_bookings where official_id = $1 and lower(slot) >= $2 order by lower(slot), id`, officialID, since)
	return pgx.CollectRows(rows, pgx.RowToStructByName[FeedBooking])
}
