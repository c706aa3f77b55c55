package main

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/daugavpils/prdesk/internal/audit"
	"github.com/daugavpils/prdesk/internal/db"
	"github.com/daugavpils/prdesk/internal/demo"
)

// seeder fills one part of the bench database. It runs on every bench, so it
// must notice that an earlier run already did its work and do nothing then.
type seeder struct {
	name string
	seed func(ctx context.Context, pool *pgxpool.Pool) error
	area string // the pages it fills ("/contacts"): skipped when -only names another area; "" always runs
}

// wants tells whether a run with -only set to only measures pages of area.
func wants(only, area string) bool {
	return only == "" || area == "" || !strings.HasPrefix(only, "/") || strings.HasPrefix(only, area) || strings.HasPrefix(area, only)
}

// seeders run in order. Areas append their own generators of realistic
// volumes (a million petitions, ten years of press releases) after demo.
func seeders() []seeder {
	return []seeder{
		{"demo accounts and data", func(ctx context.Context, pool *pgxpool.Pool) error {
			_, err := demo.Seed(ctx, pool, time.Now()) // does nothing once accounts exist
			return err
		}, ""},
		{fmt.Sprintf("%s submissions in the registry", humanCount(benchPetitions)), seedPetitionsTimed, "/petitions"},
		{fmt.Sprintf("%s logged visitors and a year of bookings", humanCount(benchVisits)), seedVisitorsTimed, "/visitors"},
		{fmt.Sprintf("%s rows of the reference table", humanCount(referenceRows)), seedReference, ""},
		{fmt.Sprintf("%s organisations and %s people in the directory", humanCount(benchOrgs), humanCount(benchPeople)), seedContactsTimed, "/contacts"},
		{fmt.Sprintf("%s press releases and %s deliveries", humanCount(benchReleases), humanCount(benchDeliveries)), seedPressTimed, "/press"},
		{fmt.Sprintf("%s clippings from %d outlets", humanCount(benchClippings), benchOutlets), seedMonitoringTimed, "/monitoring"},
		{fmt.Sprintf("%s delegations with their programmes", humanCount(benchDelegations)), seedDelegations, "/delegations"},
		{fmt.Sprintf("%s award nominations over %d years", humanCount(benchNominations), benchAwardYears), seedAwardsTimed, "/awards"},
		{fmt.Sprintf("the chair's agenda over %d weeks", 2*benchAgendaWeeks+1), seedAgendaTimed, "/reports"},
	}
}

var plainName = regexp.MustCompile(`^[a-z_][a-z0-9_]{0,62}$`)

// prepareDatabase creates (or reuses) the bench database on the server of
// serverURL, migrates it and runs the seeders. It returns its URL.
func prepareDatabase(ctx context.Context, serverURL, name string, fresh bool, only string) (string, error) {
	if !plainName.MatchString(name) {
		return "", fmt.Errorf("bench database name %q: want lower-case letters, digits and _", name)
	}
	maintenance, err := withDatabase(serverURL, "postgres")
	if err != nil {
		return "", err
	}
	benchURL, err := withDatabase(serverURL, name)
	if err != nil {
		return "", err
	}
	if err := createDatabase(ctx, maintenance, name, fresh); err != nil {
		return "", err
	}
	pool, err := db.Open(ctx, benchURL)
	if err != nil {
		return "", err
	}
	defer pool.Close()
	if err := db.Migrate(ctx, pool); err != nil {
		return "", fmt.Errorf("migrating %s: %w", name, err)
	}
	for _, s := range seeders() {
		if !wants(only, s.area) {
			continue
		}
		start := time.Now()
		if err := s.seed(ctx, pool); err != nil {
			return "", fmt.Errorf("seeding %s: %w", s.name, err)
		}
		fmt.Printf("Bench data: %s (%s).\n", s.name, time.Since(start).Round(time.Millisecond))
	}
	// The seeders' audit entries are sealed into the chain now, not by the
	// measured server's job while it is being measured.
	start := time.Now()
	n, err := audit.Seal(ctx, pool)
	if err != nil {
		return "", err
	}
	if n > 0 {
		fmt.Printf("Bench data: %d audit entries sealed (%s).\n", n, time.Since(start).Round(time.Millisecond))
	}
	return benchURL, nil
}

func createDatabase(ctx context.Context, maintenanceURL, name string, fresh bool) error {
	conn, err := pgx.Connect(ctx, maintenanceURL)
	if err != nil {
		return fmt.Errorf("database server: %w", err)
	}
	defer conn.Close(ctx)
	if fresh {
		if _, err := conn.Exec(ctx, "drop database if exists "+name+" with (force)"); err != nil {
			return err
		}
	}
	var exists bool
	if err := conn.QueryRow(ctx, "select exists(select 1 from pg_database where datname = $1)", name).Scan(&exists); err != nil {
		return err
	}
	if exists {
		fmt.Printf("Bench database: %s (kept from an earlier run; -fresh starts over).\n", name)
		return nil
	}
	if _, err := conn.Exec(ctx, "create database "+name); err != nil {
		return fmt.Errorf("creating %s: %w", name, err)
	}
	fmt.Printf("Bench database: %s (created).\n", name)
	return nil
}

// withDatabase is raw with its database name replaced.
func withDatabase(raw, name string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		return "", errors.New("DATABASE_URL must be a postgres:// URL")
	}
	u.Path = "/" + name
	return u.String(), nil
}
