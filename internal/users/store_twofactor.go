package users

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/audit"
	"github.com/daugavpils/prdesk/internal/db"
	"github.com/daugavpils/prdesk/internal/errs"
)

// EnableTwoFactor turns the second factor on for the account with secret,
// the step of the code that confirmed it, and the recovery codes' hashes,
// with its audit entry. An account that has one already is a conflict.
func (s *Store) EnableTwoFactor(ctx context.Context, userID int64, secret string, step int64, hashes []string) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `update users set totp_secret = $2, totp_enabled_at = now(), totp_last_step = $3
			where id = $1 and totp_enabled_at is null`, userID, secret, step)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return errs.Conflict
		}
		if err := replaceRecoveryCodes(ctx, tx, userID, hashes); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Entity: "user", EntityID: userID, Action: "update",
			Summary: "Ieslēgta divpakāpju pieteikšanās (autentifikācijas lietotne un rezerves kodi)"})
	})
}

// DisableTwoFactor turns the second factor off, with its audit entry.
func (s *Store) DisableTwoFactor(ctx context.Context, userID int64) error {
	return s.turnOffTwoFactor(ctx, userID, "Izslēgta divpakāpju pieteikšanās")
}

// ResetTwoFactor is the administrator turning off another account's second
// factor, with its audit entry.
func (s *Store) ResetTwoFactor(ctx context.Context, userID int64) error {
	return s.turnOffTwoFactor(ctx, userID, "Administrators izslēdza konta divpakāpju pieteikšanos (pazaudēts tālrunis vai rezerves kodi)")
}

func (s *Store) turnOffTwoFactor(ctx context.Context, userID int64, summary string) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `update users set totp_secret = null, totp_enabled_at = null, totp_last_step = 0
			where id = $1`, userID); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `delete from user_recovery_codes where user_id = $1`, userID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Entity: "user", EntityID: userID, Action: "update", Summary: summary})
	})
}

// NewRecoveryCodes replaces the account's recovery codes, with its audit entry.
func (s *Store) NewRecoveryCodes(ctx context.Context, userID int64, hashes []string) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		if err := replaceRecoveryCodes(ctx, tx, userID, hashes); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Entity: "user", EntityID: userID, Action: "update",
			Summary: fmt.Sprintf("Izveidoti jauni rezerves kodi (%d); iepriekšējie vairs nav derīgi", len(hashes))})
	})
}

func replaceRecoveryCodes(ctx context.Context, tx pgx.Tx, userID int64, hashes []string) error {
	if _, err := tx.Exec(ctx, `delete from user_recovery_codes where user_id = $1`, userID); err != nil {
		return err
	}
	_, err := tx.Exec(ctx, `insert into user_recovery_codes (user_id, code_hash) select $1, unnest($2::text[])`, userID, hashes)
	return err
}
