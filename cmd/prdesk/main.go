// Command prdesk runs PR Desk: the intranet of the Public Relations and
// Marketing Department of Daugavpils City Municipality.
//
//	prdesk [serve] [--demo]          serve (migrations run first)
//	prdesk migrate up|down|status
//	prdesk user create --username NAME --role ROLE [--role ROLE] [--name "Full Name"] [--email E]
//	prdesk demo                      fill an empty database with demo data
//	prdesk backup [-dir DIR] [-keep N]
//	                                 back up the database and the stored files into one dated folder
//	prdesk restore [-force] [-check] [-files DIR] FOLDER
//	                                 check a backup and restore it into an empty database and files folder
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"golang.org/x/term"

	"github.com/daugavpils/prdesk/internal/app"
	"github.com/daugavpils/prdesk/internal/audit"
	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/db"
	"github.com/daugavpils/prdesk/internal/demo"
)

func main() {
	cfg, err := app.FromEnv(nil)
	if err != nil {
		fmt.Fprintln(os.Stderr, "configuration:", err)
		os.Exit(2)
	}
	slog.SetDefault(slog.New(app.NewLogHandler(os.Stderr, cfg.LogLevel)))
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, cfg, os.Args[1:]); err != nil {
		slog.Error("prdesk", "err", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, cfg app.Config, args []string) error {
	cmd := "serve"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "serve":
		return serve(ctx, cfg, args)
	case "migrate":
		return migrate(ctx, cfg, args)
	case "user":
		return user(ctx, cfg, args)
	case "backup":
		return runBackup(ctx, cfg, args)
	case "restore":
		return runRestore(ctx, cfg, args)
	case "audit":
		return runAudit(ctx, cfg, args)
	case "demo":
		pool, err := openMigrated(ctx, cfg)
		if err != nil {
			return err
		}
		defer pool.Close()
		seeded, err := demo.Seed(ctx, pool, cfg.Now())
		if err == nil && !seeded {
			fmt.Println("The database already has accounts; demo data was not added.")
		}
		return err
	default:
		return fmt.Errorf("unknown command %q (serve, migrate, user, demo, backup, restore, audit)", cmd)
	}
}

func openMigrated(ctx context.Context, cfg app.Config) (*pgxpool.Pool, error) {
	pool, err := db.Open(ctx, cfg.DatabaseURL)
	if err != nil {
		return nil, err
	}
	if err := db.Migrate(ctx, pool); err != nil {
		pool.Close()
		return nil, err
	}
	return pool, nil
}

func serve(ctx context.Context, cfg app.Config, args []string) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.BoolVar(&cfg.Demo, "demo", false, "fill an empty database with demo data and accounts")
	if err := fs.Parse(args); err != nil {
		return err
	}
	// A page's garbage dies with its request. Collecting when the heap has
	// tripled rather than doubled takes a few MiB more and halves the
	// collector's share of every request; GOGC set in the environment wins.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(200)
	}
	pool, err := openMigrated(ctx, cfg)
	if err != nil {
		return err
	}
	defer pool.Close()
	if cfg.Demo {
		seeded, err := demo.Seed(ctx, pool, cfg.Now())
		if err != nil {
			return fmt.Errorf("demo data: %w", err)
		}
		printDemo(os.Stdout, cfg, seeded)
	}
	a, err := app.New(cfg, pool)
	if err != nil {
		return err
	}
	slog.Info("PR Desk listening", "addr", ":"+cfg.Port, "demo", cfg.Demo)
	return a.Serve(ctx)
}

func printDemo(w io.Writer, cfg app.Config, seeded bool) {
	fmt.Fprintf(w, "\nPR Desk: http://localhost:%s/\n", cfg.Port)
	if seeded {
		fmt.Fprintln(w, "Demo data added to the empty database.")
	}
	fmt.Fprintf(w, "Demo accounts (password %q):\n", demo.Password)
	for _, a := range demo.Accounts {
		fmt.Fprintf(w, "  %-9s %s\n", a.Username, a.FullName)
	}
	fmt.Fprintln(w)
}

func migrate(ctx context.Context, cfg app.Config, args []string) error {
	dir := "up"
	if len(args) > 0 {
		dir = args[0]
	}
	pool, err := db.Open(ctx, cfg.DatabaseURL)
	if err != nil {
		return err
	}
	defer pool.Close()
	switch dir {
	case "up":
		return db.Migrate(ctx, pool)
	case "down":
		return db.MigrateDown(ctx, pool)
	case "status":
		return db.MigrationStatus(ctx, pool, os.Stdout)
	default:
		return fmt.Errorf("migrate: want up, down or status, not %q", dir)
	}
}

type stringList []string

func (s *stringList) String() string     { return strings.Join(*s, ",") }
func (s *stringList) Set(v string) error { *s = append(*s, v); return nil }

func user(ctx context.Context, cfg app.Config, args []string) error {
	if len(args) == 0 || args[0] != "create" {
		return errors.New("usage: prdesk user create --username NAME --role ROLE [--name \"Full Name\"] [--email E]")
	}
	fs := flag.NewFlagSet("user create", flag.ContinueOnError)
	username := fs.String("username", "", "user name (lower-case letters, digits, . - _)")
	name := fs.String("name", "", "full name (defaults to the user name)")
	email := fs.String("email", "", "e-mail address")
	var roles stringList
	fs.Var(&roles, "role", "role: "+strings.Join(auth.RoleNames(), ", ")+" (repeat for several)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if *username == "" || len(roles) == 0 {
		return errors.New("user create needs --username and at least one --role")
	}
	var rs []auth.Role
	for _, r := range roles {
		ok := false
		for _, known := range auth.Roles {
			ok = ok || string(known) == r
		}
		if !ok {
			return fmt.Errorf("unknown role %q (%s)", r, strings.Join(auth.RoleNames(), ", "))
		}
		rs = append(rs, auth.Role(r))
	}
	if *name == "" {
		*name = *username
	}
	password, err := readPassword()
	if err != nil {
		return err
	}
	if err := auth.ValidatePassword(password); err != nil {
		return fmt.Errorf("the password must have at least %d characters", auth.MinPasswordLength)
	}
	hash, err := auth.HashPassword(password)
	if err != nil {
		return err
	}
	pool, err := openMigrated(ctx, cfg)
	if err != nil {
		return err
	}
	defer pool.Close()
	var id int64
	err = db.InTx(ctx, pool, func(tx pgx.Tx) error {
		id, err = auth.Insert(ctx, tx, &auth.User{Username: *username, FullName: *name, Email: *email, Roles: rs, Active: true}, hash, nil)
		if err != nil {
			return err
		}
		return audit.RecordAs(ctx, tx, audit.System, audit.Entry{Entity: "user", EntityID: id, Action: "create",
			Summary: fmt.Sprintf("Konts %s izveidots no komandrindas (lomas: %s)", *username, strings.Join(roles, ", "))})
	})
	if db.IsUnique(err, "") {
		return fmt.Errorf("user name %q is taken", *username)
	}
	if err != nil {
		return err
	}
	fmt.Printf("Created user %s (id %d).\n", *username, id)
	return nil
}

// readPassword asks at the terminal (twice), or reads one line from a pipe.
func readPassword() (string, error) {
	fd := int(os.Stdin.Fd())
	if term.IsTerminal(fd) {
		fmt.Fprint(os.Stderr, "Password: ")
		p1, err := term.ReadPassword(fd)
		fmt.Fprintln(os.Stderr)
		if err != nil {
			return "", err
		}
		fmt.Fprint(os.Stderr, "Password again: ")
		p2, err := term.ReadPassword(fd)
		fmt.Fprintln(os.Stderr)
		if err != nil {
			return "", err
		}
		if string(p1) != string(p2) {
			return "", errors.New("the passwords do not match")
		}
		return string(p1), nil
	}
	line, err := bufio.NewReader(os.Stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", err
	}
	return strings.TrimRight(line, "\r\n"), nil
}
