package drafts

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/daugavpils/prdesk/internal/audit"
	"github.com/daugavpils/prdesk/internal/db"
	"github.com/daugavpils/prdesk/internal/errs"
)

// Keep stores values for form inside the caller's transaction, for the
// signed-in account of ctx, until now+TTL, and returns the key to take them
// by. The caller's use case writes its own audit entry.
func Keep(ctx context.Context, tx pgx.Tx, form string, values url.Values, now time.Time) (string, error) {
	actor := audit.ActorID(ctx)
	if actor == nil {
		return "", fmt.Errorf("drafts: a draft is kept for someone signed in: %w", errs.Forbidden)
	}
	key, h, err := newKey()
	if err != nil {
		return "", err
	}
	data, err := json.Marshal(values)
	if err != nil {
		return "", err
	}
	if _, err := tx.Exec(ctx, `delete from form_drafts where expires_at < $1`, now); err != nil {
		return "", fmt.Errorf("drafts: sweep: %w", err)
	}
	if _, err := tx.Exec(ctx, `insert into form_drafts (key_hash, form, data, expires_at, created_by) values ($1, $2, $3, $4, $5)`,
		h, form, data, now.Add(TTL), *actor); err != nil {
		return "", fmt.Errorf("drafts: keep: %w", err)
	}
	return key, nil
}

// Take gives the values kept for form under key, and removes them: a draft
// is read once. A key that is not one, expired, another form's or another
// account's gives no values and no error (the form starts empty), and
// nothing is written to the audit log; a draft taken is, in the same
// transaction.
func Take(ctx context.Context, pool *pgxpool.Pool, form, key string, now time.Time) (url.Values, error) {
	actor := audit.ActorID(ctx)
	if actor == nil || !keyPattern.MatchString(key) {
		return url.Values{}, nil
	}
	out := url.Values{}
	err := db.InTx(ctx, pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `delete from form_drafts where expires_at < $1`, now); err != nil {
			return fmt.Errorf("drafts: sweep: %w", err)
		}
		var data []byte
		err := tx.QueryRow(ctx, `
			delete from form_drafts where key_hash = $1 and form = $2 and created_by = $3 and expires_at >= $4
			returning data`, hash(key), form, *actor, now).Scan(&data)
		if errors.Is(err, pgx.ErrNoRows) {
			return nil
		} else if err != nil {
			return err
		}
		if err := json.Unmarshal(data, &out); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Entity: "form_draft", EntityID: form, Action: "take",
			Summary: "Veidlapas melnraksts „" + form + "” atvērts un izdzēsts"})
	})
	return out, err
}
