package db_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/daugavpils/prdesk/internal/db"
	"github.com/daugavpils/prdesk/internal/db/dbtest"
)

// The errors are real ones, made by a database that went away, refused or
// was asked something wrong; only the server's shutdown is built by hand,
// as the test cannot shut down the server the other packages use.
func TestUnreachableTellsAnOutageFromABadRequest(t *testing.T) {
	ctx := context.Background()
	pool := dbtest.Pool(t)

	// A port nobody listens on.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closedPort := l.Addr().(*net.TCPAddr).Port
	l.Close()
	_, refused := pgx.Connect(ctx, fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable&connect_timeout=5", closedPort))

	// A connection the server ended under the client, as a restart does.
	conn, err := pgx.Connect(ctx, dbtest.URL(t))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := pool.Exec(ctx, `select pg_terminate_backend($1)`, conn.PgConn().PID()); err != nil {
		t.Fatal(err)
	}
	var one int
	terminated := conn.QueryRow(ctx, `select 1`).Scan(&one)

	_, syntax := pool.Exec(ctx, `selec 1`)
	_, violation := pool.Exec(ctx, `select 1/0`)
	slow, cancel := context.WithTimeout(ctx, time.Millisecond)
	defer cancel()
	_, deadline := pool.Exec(slow, `select pg_sleep(1)`)

	for _, tc := range []struct {
		name string
		err  error
		want bool
	}{
		{"connection refused", refused, true},
		{"connection terminated by the server", terminated, true},
		{"server shutting down", fmt.Errorf("list: %w", &pgconn.PgError{Code: "57P01"}), true},
		{"wrapped connection closed", fmt.Errorf("save: %w", pgconn.ErrConnClosed), true},
		{"syntax error", syntax, false},
		{"division by zero", violation, false},
		{"the request's own deadline", deadline, false},
		{"not a database error", errors.New("template failed"), false},
		{"no error", nil, false},
	} {
		if tc.want && tc.err == nil {
			t.Fatalf("%s: the database gave no error", tc.name)
		}
		if got := db.Unreachable(tc.err); got != tc.want {
			t.Errorf("%s (%v): Unreachable = %v, want %v", tc.name, tc.err, got, tc.want)
		}
	}
}
