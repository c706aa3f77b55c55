// Package demo fills an empty database with believable Latvian demo data:
// one demo account a role (password "demo") and what the areas need to show.
package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/daugavpils/prdesk/internal/audit"
	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/awards"
	"github.com/daugavpils/prdesk/internal/calendar"
	"github.com/daugavpils/prdesk/internal/contacts"
	"github.com/daugavpils/prdesk/internal/delegations"
	"github.com/daugavpils/prdesk/internal/monitoring"
	"github.com/daugavpils/prdesk/internal/petitions"
	"github.com/daugavpils/prdesk/internal/press"
	"github.com/daugavpils/prdesk/internal/twincities"
	"github.com/daugavpils/prdesk/internal/visitors"
)

// Password is every demo account's password.
const Password = "demo"

// Account is one demo sign-in.
type Account struct {
	Username string
	FullName string
	Email    string
	Roles    []auth.Role
}

// Accounts are the demo sign-ins, one a role.
var Accounts = []Account{
	{"admin", "Jānis Ozols", "janis.ozols@daugavpils.lv", []auth.Role{auth.RoleAdmin}},
	{"head", "Inese Kalniņa", "inese.kalnina@daugavpils.lv", []auth.Role{auth.RoleHead}},
	{"staff", "Mārtiņš Bērziņš", "martins.berzins@daugavpils.lv", []auth.Role{auth.RoleStaff}},
	{"clerk", "Laura Vītola", "laura.vitola@daugavpils.lv", []auth.Role{auth.RoleClerk}},
	{"director", "Sergejs Ivanovs", "sergejs.ivanovs@daugavpils.lv", []auth.Role{auth.RoleDirector}},
	{"chair", "Valdis Liepiņš", "valdis.liepins@daugavpils.lv", []auth.Role{auth.RoleManagement}},
	{"deputy", "Olga Petrova", "olga.petrova@daugavpils.lv", []auth.Role{auth.RoleDeputy}},
	{"unit", "Ivars Zariņš", "ivars.zarins@daugavpils.lv", []auth.Role{auth.RoleUnit}},
}

// Seed fills the database once, with data around now: it does nothing
// when any account exists. It reports whether it wrote anything.
func Seed(ctx context.Context, pool *pgxpool.Pool, now time.Time) (bool, error) {
	return seed(ctx, pool, fillers(now))
}

// SeedAccounts makes the demo accounts alone, once: what every test
// signs in with. Tests build the rest with their area's fixtures.
func SeedAccounts(ctx context.Context, pool *pgxpool.Pool) error {
	_, err := seed(ctx, pool, nil)
	return err
}

func seed(ctx context.Context, pool *pgxpool.Pool, fill []filler) (bool, error) {
	hash, err := auth.HashPassword(Password)
	if err != nil {
		return false, err
	}
	seeded := false
	err = pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		// One seeder at a time, and only into an empty database.
		if _, err := tx.Exec(ctx, "select pg_advisory_xact_lock(7303)"); err != nil {
			return err
		}
		var n int
		if err := tx.QueryRow(ctx, "select count(*) from users").Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return nil
		}
		for _, a := range Accounts {
			id, err := auth.Insert(ctx, tx, &auth.User{Username: a.Username, FullName: a.FullName, Email: a.Email, Roles: a.Roles, Active: true}, hash, nil)
			if err != nil {
				return fmt.Errorf("demo account %s: %w", a.Username, err)
			}
			if err := audit.RecordAs(ctx, tx, audit.System, audit.Entry{
				Entity: "user", EntityID: id, Action: "create",
				Summary: fmt.Sprintf("Demo konts %s (%s)", a.Username, a.FullName),
			}); err != nil {
				return err
			}
		}
		for _, f := range fill {
			if err := f(ctx, tx); err != nil {
				return err
			}
		}
		seeded = true
		return nil
	})
	return seeded, err
}

// filler adds one area's demo data inside the seeding transaction.
type filler func(context.Context, pgx.Tx) error

// fillers are every area's, with data around now.
func fillers(now time.Time) []filler {
	return []filler{
		func(ctx context.Context, tx pgx.Tx) error { return calendar.FillDemo(ctx, tx, now) },
		func(ctx context.Context, tx pgx.Tx) error { return petitions.FillDemo(ctx, tx, now) },
		func(ctx context.Context, tx pgx.Tx) error { return visitors.FillDemo(ctx, tx, now) },
		func(ctx context.Context, tx pgx.Tx) error { return contacts.FillDemo(ctx, tx, now) },
		func(ctx context.Context, tx pgx.Tx) error { return twincities.FillDemo(ctx, tx, now) },
		func(ctx context.Context, tx pgx.Tx) error { return press.FillDemo(ctx, tx, now) },
		func(ctx context.Context, tx pgx.Tx) error { return monitoring.FillDemo(ctx, tx, now) },
		func(ctx context.Context, tx pgx.Tx) error { return awards.FillDemo(ctx, tx, now) },
		func(ctx context.Context, tx pgx.Tx) error { return delegations.FillDemo(ctx, tx, now) },
		func(ctx context.Context, tx pgx.Tx) error { return fillAgenda(ctx, tx, now) },
		func(ctx context.Context, tx pgx.Tx) error { return fillReports(ctx, tx, now) },
	}
}
