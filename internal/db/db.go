// Package db opens the PostgreSQL pool and applies the schema: goose
// migrations of our own, then River's.
package db

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivermigrate"

	"github.com/daugavpils/prdesk/migrations"
)

// Open connects a pool and checks that the server answers.
func Open(ctx context.Context, url string) (*pgxpool.Pool, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("database url: %w", err)
	}
	cfg.ConnConfig.RuntimeParams["timezone"] = "Europe/Riga"
	cfg.ConnConfig.RuntimeParams["application_name"] = "prdesk"
	if cfg.MaxConns < 10 {
		cfg.MaxConns = 10
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, err
	}
	pingCtx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := pool.Ping(pingCtx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("database not reachable: %w", err)
	}
	return pool, nil
}

func newGoose(pool *pgxpool.Pool) (*goose.Provider, func() error, error) {
	sqlDB := stdlib.OpenDBFromPool(pool)
	// Areas are built in parallel, so a migration numbered below one already
	// applied (00008 landing after 00009) is normal here: apply it rather than refuse.
	p, err := goose.NewProvider(goose.DialectPostgres, sqlDB, migrations.FS, goose.WithAllowOutofOrder(true))
	if err != nil {
		sqlDB.Close()
		return nil, nil, err
	}
	return p, sqlDB.Close, nil
}

// Migrate applies every pending migration: ours first, then River's job tables.
func Migrate(ctx context.Context, pool *pgxpool.Pool) error {
	// Two processes starting at once (tests, a rolling restart) must not
	// migrate concurrently.
	conn, err := pool.Acquire(ctx)
	if err != nil {
		return err
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, "select pg_advisory_lock(7301)"); err != nil {
		return err
	}
	defer conn.Exec(context.WithoutCancel(ctx), "select pg_advisory_unlock(7301)") //nolint:errcheck

	p, closeDB, err := newGoose(pool)
	if err != nil {
		return err
	}
	defer closeDB() //nolint:errcheck
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("goose up: %w", err)
	}
	migrator, err := rivermigrate.New(riverpgxv5.New(pool), nil)
	if err != nil {
		return err
	}
	if _, err := migrator.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		return fmt.Errorf("river migrations: %w", err)
	}
	return nil
}

// MigrateDown rolls back our newest migration (River's tables stay).
func MigrateDown(ctx context.Context, pool *pgxpool.Pool) error {
	p, closeDB, err := newGoose(pool)
	if err != nil {
		return err
	}
	defer closeDB() //nolint:errcheck
	_, err = p.Down(ctx)
	return err
}

// MigrateUpTo applies our migrations up to version (no River tables): for
// the tests of the migrations.
func MigrateUpTo(ctx context.Context, pool *pgxpool.Pool, version int64) error {
	p, closeDB, err := newGoose(pool)
	if err != nil {
		return err
	}
	defer closeDB() //nolint:errcheck
	_, err = p.UpTo(ctx, version)
	return err
}

// MigrateDownTo rolls our migrations back to version (0: all of them;
// River's tables stay).
func MigrateDownTo(ctx context.Context, pool *pgxpool.Pool, version int64) error {
	p, closeDB, err := newGoose(pool)
	if err != nil {
		return err
	}
	defer closeDB() //nolint:errcheck
	_, err = p.DownTo(ctx, version)
	return err
}

// MigrationStatus writes one line a migration.
func MigrationStatus(ctx context.Context, pool *pgxpool.Pool, w io.Writer) error {
	p, closeDB, err := newGoose(pool)
	if err != nil {
		return err
	}
	defer closeDB() //nolint:errcheck
	st, err := p.Status(ctx)
	if err != nil {
		return err
	}
	for _, s := range st {
		applied := "pending"
		if s.State == goose.StateApplied {
			applied = "applied " + s.AppliedAt.Format(time.RFC3339)
		}
		fmt.Fprintf(w, "%-40s %s\n", s.Source.Path, applied)
	}
	return nil
}
