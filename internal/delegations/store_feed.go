package delegations

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/audit"
	"github.com/daugavpils/prdesk/internal/db"
	"github.com/daugavpils/prdesk/internal/errs"
)

// NewFeedToken makes a new secret address of the user's own programme
// calendar, replacing the one before, and returns its token (only its hash
// is kept).
func (s *Store) NewFeedToken(ctx context.Context, userID int64) (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	tok := base64.RawURLEncoding.EncodeToString(b)
	sum := sha256.Sum256([]byte(tok))
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `insert into delegation_feed_tokens (user_id, token_hash, created_at) values ($1, $2, $3)
			on conflict (user_id) do update set token_hash = excluded.token_hash, created_at = excluded.created_at`, userID, sum[:], s.now()); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Entity: "delegation_settings", EntityID: "feed", Action: "feed_token",
			Summary: fmt.Sprintf("Jauna delegāciju programmas kalendāra plūsmas adrese lietotājam #%d", userID)})
	})
	return tok, err
}

// FeedUser is the active account whose feed token is tok; not found when
// none. The hash is compared in constant time.
func (s *Store) FeedUser(ctx context.Context, tok string) (int64, error) {
	sum := sha256.Sum256([]byte(tok))
	var id int64
	var stored []byte
	err := s.pool.QueryRow(ctx, `select t.user_id, t.token_hash from delegation_feed_tokens t join users u on u.id = t.user_id and u.active
		where t.token_hash = $1`, sum[:]).Scan(&id, &stored)
	if err != nil {
		return 0, db.NotFound(err, "delegations: feed token")
	}
	if subtle.ConstantTimeCompare(stored, sum[:]) != 1 {
		return 0, fmt.Errorf("delegations: feed token: %w", errs.NotFound)
	}
	return id, nil
}

// FeedItem is a programme item in a participant's feed, with its delegation.
type FeedItem struct {
	Item
	Title  string
	Status Status
}

// UserItems are the programme items the account takes part in from since
// on, of delegations not cancelled, in order of time.
func (s *Store) UserItems(ctx context.Context, userID int64, since time.Time) ([]FeedItem, error) {
	rows, err := s.pool.Query(ctx, `select i.id, i.delegation_id, i.starts_at, i.ends_at, i.place, i.activity, i.transport, d.title, d.status
		from delegation_people p
		join delegation_programme_people pp on pp.person_id = p.id
		join delegation_programme i on i.id = pp.item_id
		join delegations d on d.id = i.delegation_id and d.status <> 'cancelled'
		where p.user_id = $1 and i.ends_at >= $2
		order by i.starts_at, i.id limit 1000`, userID, since)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (FeedItem, error) {
		var f FeedItem
		err := row.Scan(&f.ID, &f.DelegationID, &f.StartsAt, &f.EndsAt, &f.Place, &f.Activity, &f.Transport, &f.Title, &f.Status)
		return f, err
	})
}
