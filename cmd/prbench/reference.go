package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// The reference is the yardstick every figure is read against, measured in
// the same run on the same machine (which is 2× faster on some days than
// others): a bare chi + templ page of about 10 KB with 50 rows read by
// keyset from a million-row table, with no sessions, no middleware and no
// audit. It runs as a child process of prbench, as the server does.

const referenceRows = 1_000_000

type referenceRow struct {
	ID      int64
	Name    string
	Amount  int
	Created time.Time
}

// seedReference fills bench_reference once.
func seedReference(ctx context.Context, pool *pgxpool.Pool) error {
	var n int64
	err := pool.QueryRow(ctx, `select count(*) from bench_reference`).Scan(&n)
	if err == nil && n == referenceRows {
		return nil
	}
	for _, sql := range []string{
		`drop table if exists bench_reference`,
		`create table bench_reference (
			id bigint primary key, name text not null, amount integer not null, created_at timestamptz not null)`,
		`insert into bench_reference
			select i, 'Ieraksts ' || i || ' — Daugavpils ' || md5(i::text), ((i::bigint * 7919) % 100000)::integer,
				timestamptz '2020-01-01' + i * interval '1 minute'
			from generate_series(1, ` + strconv.Itoa(referenceRows) + `) i`,
		`analyze bench_reference`,
	} {
		if _, err := pool.Exec(ctx, sql); err != nil {
			return err
		}
	}
	return nil
}

// serveReference is the child's whole life: serve the reference page on
// addr until killed.
func serveReference(databaseURL, addr string) error {
	ctx := context.Background()
	pool, err := pgxpool.New(ctx, databaseURL)
	if err != nil {
		return err
	}
	r := chi.NewRouter()
	r.Get("/healthz", func(w http.ResponseWriter, _ *http.Request) { w.Write([]byte("ok")) }) //nolint:errcheck
	r.Get("/reference", func(w http.ResponseWriter, req *http.Request) {
		after, _ := strconv.ParseInt(req.URL.Query().Get("after"), 10, 64)
		rows, _ := pool.Query(req.Context(), `select id, name, amount, created_at from bench_reference
			where id > $1 order by id limit 50`, after)
		list, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (referenceRow, error) {
			var r referenceRow
			err := row.Scan(&r.ID, &r.Name, &r.Amount, &r.Created)
			return r, err
		})
		if err != nil || len(list) == 0 {
			http.Error(w, fmt.Sprint("reference: ", err), http.StatusInternalServerError)
			return
		}
		var buf bytes.Buffer
		if err := referencePage(list, list[len(list)-1].ID).Render(req.Context(), &buf); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(buf.Bytes()) //nolint:errcheck
	})
	return http.ListenAndServe(addr, r)
}

// startReference runs prbench itself as the reference server.
func startReference(ctx context.Context, databaseURL string) (*server, error) {
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	addr := "127.0.0.1:" + strconv.Itoa(port)
	cmd := exec.Command(self, "-reference-server", addr)
	cmd.Env = append(withoutVars(os.Environ(), "DATABASE_URL"), "DATABASE_URL="+databaseURL)
	s := &server{url: "http://" + addr, cmd: cmd, log: &tail{max: 16 << 10}, done: make(chan struct{})}
	cmd.Stdout, cmd.Stderr = s.log, s.log
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	go func() {
		s.err = cmd.Wait()
		close(s.done)
	}()
	if err := s.waitHealthy(ctx, 10*time.Second); err != nil {
		s.stop()
		return nil, s.explain(err)
	}
	return s, nil
}
