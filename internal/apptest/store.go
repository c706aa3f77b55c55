package apptest

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/daugavpils/prdesk/internal/auth"
)

// TOTPSecret is the second factor of administrators in tests: the role
// requires one, so SignIn enrols an administrator who has none with it.
const TOTPSecret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

// enrolAdmin gives username TOTPSecret when the account is an
// administrator's without a second factor.
func enrolAdmin(ctx context.Context, pool *pgxpool.Pool, username string) error {
	_, err := pool.Exec(ctx, `update users set totp_secret = $1, totp_enabled_at = now()
		where username = $2 and 'admin' = any (roles) and totp_enabled_at is null`, TOTPSecret, username)
	return err
}

// Enrol gives username, when it is an administrator's account without a
// second factor, TOTPSecret: what a browser signing in needs, as SignIn does.
func (s *Server) Enrol(t testing.TB, username string) {
	t.Helper()
	if err := enrolAdmin(context.Background(), s.Pool, username); err != nil {
		t.Fatal(err)
	}
}

// Code is username's second-factor code at the server's clock. Sign-in
// takes each code once, and tests sign in many times within one 30-second
// step of a stopped clock, so the account's last step is forgotten first.
func (s *Server) Code(t testing.TB, username string) string {
	t.Helper()
	if _, err := s.Pool.Exec(context.Background(), `update users set totp_last_step = 0 where username = $1`, username); err != nil {
		t.Fatal(err)
	}
	code, err := auth.CodeAt(TOTPSecret, s.Clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	return code
}
