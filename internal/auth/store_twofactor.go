package auth

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// twoFactorOf is the account's TOTP secret, "" when it has no second factor.
func (s *Users) twoFactorOf(ctx context.Context, userID int64) (string, error) {
	var secret *string
	err := s.pool.QueryRow(ctx, `select totp_secret from users where id = $1 and totp_enabled_at is not null`, userID).Scan(&secret)
	if errors.Is(err, pgx.ErrNoRows) || secret == nil {
		return "", nil
	}
	return *secret, err
}

// acceptStep takes the code of TOTP step for the account, once: false when
// that step or a later one was accepted already (a code used again).
func (s *Users) acceptStep(ctx context.Context, userID, step int64) (bool, error) {
	tag, err := s.pool.Exec(ctx, `update users set totp_last_step = $2 where id = $1 and totp_last_step < $2`, userID, step)
	return tag.RowsAffected() == 1, err
}

// useRecoveryCode spends one unused recovery code of the account; false
// when no unused code has that hash.
func (s *Users) useRecoveryCode(ctx context.Context, userID int64, hash string) (bool, error) {
	tag, err := s.pool.Exec(ctx, `update user_recovery_codes set used_at = now()
		where user_id = $1 and code_hash = $2 and used_at is null`, userID, hash)
	return tag.RowsAffected() == 1, err
}

// RecoveryCodesLeft counts the account's unused recovery codes.
func (s *Users) RecoveryCodesLeft(ctx context.Context, userID int64) (int, error) {
	var n int
	err := s.pool.QueryRow(ctx, `select count(*) from user_recovery_codes where user_id = $1 and used_at is null`, userID).Scan(&n)
	return n, err
}

// CheckSecondFactor tells whether code is the account's current TOTP code
// (and takes its step, so it works once) or one of its unused recovery
// codes (and spends it).
func (s *Users) CheckSecondFactor(ctx context.Context, userID int64, code string, now time.Time) (bool, error) {
	ok, _, err := s.checkSecondFactor(ctx, userID, code, now)
	return ok, err
}

func (s *Users) checkSecondFactor(ctx context.Context, userID int64, code string, now time.Time) (bool, string, error) {
	secret, err := s.twoFactorOf(ctx, userID)
	if err != nil || secret == "" {
		return false, "", err
	}
	code = strings.TrimSpace(code)
	if code == "" || len(code) > 40 {
		return false, "", nil
	}
	if step, ok := MatchCode(secret, code, now); ok {
		fresh, err := s.acceptStep(ctx, userID, step)
		return fresh, "totp", err
	}
	used, err := s.useRecoveryCode(ctx, userID, RecoveryHash(code))
	return used, "recovery", err
}
