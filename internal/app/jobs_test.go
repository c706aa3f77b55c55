package app_test

import (
	"context"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/app"
	"github.com/daugavpils/prdesk/internal/db/dbtest"
	"github.com/daugavpils/prdesk/internal/mail"
)

func TestMailSettingsAreCheckedAtStart(t *testing.T) {
	for env, want := range map[string]string{
		"SMTP_URL=relay.daugavpils.lv:25":  "SMTP_URL",
		"SMTP_URL=smtp://relay?tls=maybe":  "SMTP_URL",
		"MAIL_FROM=PR Desk":                "MAIL_FROM",
		"SMTP_URL=smtps://relay?tls=none":  "SMTP_URL",
		"SMTP_URL=smtp://u:p@relay:99999":  "SMTP_URL",
		"SMTP_URL=smtp://relay?auth=magic": "SMTP_URL",
	} {
		k, v, _ := strings.Cut(env, "=")
		_, err := app.FromEnv(func(name string) string {
			if name == k {
				return v
			}
			return ""
		})
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: err %v, want one naming %s", env, err, want)
		}
	}
	if _, err := app.FromEnv(func(name string) string {
		if name == "SMTP_URL" {
			return "smtp://prdesk:secret@relay.daugavpils.lv:587?tls=starttls"
		}
		return ""
	}); err != nil {
		t.Errorf("a good SMTP_URL: %v", err)
	}
}

// Serve works queued jobs while it runs and stops them when it ends; New
// alone (what apptest uses) leaves them queued.
func TestServeWorksJobsUntilShutdown(t *testing.T) {
	pool := dbtest.Pool(t)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	cfg, err := app.FromEnv(func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	cfg.Port = strconv.Itoa(port)
	cfg.Demo = true // no SMTP_URL: mail goes to the log
	a, err := app.New(cfg, pool)
	if err != nil {
		t.Fatal(err)
	}

	ctx := context.Background()
	var id int64
	if err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) (err error) {
		id, err = mail.Enqueue(ctx, tx, a.Jobs(), mail.Message{
			To: "serve@example.lv", Subject: "Pārbaude", Body: "Darba uzdevumi strādā.",
		})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	// Before Serve nothing works the jobs: the mail's job waits, never tried
	// (the app builds its River client at start, and only Serve starts it).
	if o, err := mail.Get(ctx, pool, id); err != nil || o.Status != mail.StatusPending {
		t.Fatalf("before Serve: %+v %v", o, err)
	}
	var attempts int
	if err := pool.QueryRow(ctx, `select attempt from river_job where kind = 'mail_send' and (args->>'outbox_id')::bigint = $1`, id).Scan(&attempts); err != nil || attempts != 0 {
		t.Fatalf("before Serve the mail's job was tried %d times (%v)", attempts, err)
	}

	serveCtx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- a.Serve(serveCtx) }()
	deadline := time.Now().Add(20 * time.Second)
	for {
		o, err := mail.Get(ctx, pool, id)
		if err != nil {
			t.Fatal(err)
		}
		if o.Status == mail.StatusSent {
			break
		}
		if time.Now().After(deadline) {
			stop()
			t.Fatalf("mail not sent while serving: %+v", o)
		}
		time.Sleep(50 * time.Millisecond)
	}
	stop()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Serve: %v", err)
		}
	case <-time.After(40 * time.Second):
		t.Fatal("Serve did not return after shutdown")
	}
	var running int
	if err := pool.QueryRow(ctx, `select count(*) from river_job where state = 'running'`).Scan(&running); err != nil {
		t.Fatal(err)
	}
	if running != 0 {
		t.Errorf("%d jobs left running after shutdown", running)
	}
}
