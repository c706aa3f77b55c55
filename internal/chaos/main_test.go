package chaos_test

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"testing"
	"time"

	"github.com/daugavpils/prdesk/internal/app"
	"github.com/daugavpils/prdesk/internal/db"
)

// serveEnv, when set, makes the test binary a PR Desk server listening there
// instead of running tests: the crash test starts it as a child process so
// that it can kill it.
const serveEnv = "PRDESK_CHAOS_SERVE"

func TestMain(m *testing.M) {
	if addr := os.Getenv(serveEnv); addr != "" {
		if err := serve(addr); err != nil {
			fmt.Fprintln(os.Stderr, "chaos server:", err)
			os.Exit(1)
		}
		return
	}
	os.Exit(m.Run())
}

// serve runs the app on addr against DATABASE_URL with its files in
// FILES_DIR and the clock stopped at PRDESK_CHAOS_NOW, until it is killed.
func serve(addr string) error {
	ctx := context.Background()
	now, err := time.Parse(time.RFC3339, os.Getenv("PRDESK_CHAOS_NOW"))
	if err != nil {
		return err
	}
	cfg, err := app.FromEnv(os.Getenv)
	if err != nil {
		return err
	}
	cfg.Demo = true
	// Warnings and errors only: the load's thousand requests would bury the test's output.
	cfg.Logger = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	cfg.Now = func() time.Time { return now }
	pool, err := db.Open(ctx, cfg.DatabaseURL)
	if err != nil {
		return err
	}
	a, err := app.New(cfg, pool)
	if err != nil {
		return err
	}
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	return http.Serve(l, a.Handler())
}
