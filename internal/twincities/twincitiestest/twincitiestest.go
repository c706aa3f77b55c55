// Package twincitiestest builds the twin cities' records for tests, and
// gives the route × role test a real path for every route with a parameter.
package twincitiestest

import (
	"context"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/daugavpils/prdesk/internal/apptest"
	"github.com/daugavpils/prdesk/internal/contacts"
	"github.com/daugavpils/prdesk/internal/db/dbtest"
	"github.com/daugavpils/prdesk/internal/files"
	"github.com/daugavpils/prdesk/internal/jobs"
	"github.com/daugavpils/prdesk/internal/mail"
	"github.com/daugavpils/prdesk/internal/twincities"
)

// Date is midnight UTC of a civil date, as the area's dates are.
func Date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// DatePtr is Date's address.
func DatePtr(y int, m time.Month, d int) *time.Time {
	t := Date(y, m, d)
	return &t
}

// Clock is a clock a test sets.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// Now is the time the clock stands at.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Set moves the clock to t.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

// Store is the area's store as a test uses it, with a clock standing at
// noon of 4 December 2026 (Riga) until the test sets it, and a job client
// that runs nothing (mail.ForEntity reads its mail back).
type Store struct {
	*twincities.Store
	Pool  *pgxpool.Pool
	Jobs  *jobs.Client
	Clock *Clock
	// Directory is the directory the store checks and records contacts in.
	Directory *contacts.Store
}

// NewStore is a store on pool for one test; dir holds its files.
func NewStore(t testing.TB, pool *pgxpool.Pool) Store {
	t.Helper()
	reg := jobs.NewRegistry()
	quiet := slog.New(slog.DiscardHandler)
	if err := mail.Register(reg, pool, mail.Config{From: "prdesk@daugavpils.lv", Demo: true, Logger: quiet}); err != nil {
		t.Fatal(err)
	}
	client, err := jobs.New(pool, reg, jobs.Options{Logger: quiet, TestOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	clock := &Clock{t: time.Date(2026, 12, 4, 10, 0, 0, 0, time.UTC)}
	fs, err := files.NewStore(pool, t.TempDir(), clock.Now)
	if err != nil {
		t.Fatal(err)
	}
	directory := contacts.NewStore(contacts.Deps{Pool: pool, Now: clock.Now})
	s := twincities.NewStore(twincities.Deps{Pool: pool, Jobs: client, Files: fs, Contacts: directory, Now: clock.Now})
	return Store{Store: s, Pool: pool, Jobs: client, Clock: clock, Directory: directory}
}

// AddAgreement saves a with sensible defaults (a city, Lithuania, active,
// signed in 2005) and returns its id.
func AddAgreement(t testing.TB, pool *pgxpool.Pool, a twincities.Agreement) int64 {
	t.Helper()
	if a.City == "" {
		a.City = "Panevēža"
	}
	if a.Country == "" {
		a.Country = "LT"
	}
	if a.Status == "" {
		a.Status = twincities.Active
	}
	if a.SignedOn == nil && a.Status != twincities.Preparation {
		a.SignedOn = DatePtr(2005, 6, 1)
	}
	if a.Fields == nil {
		a.Fields = []twincities.Field{twincities.Culture}
	}
	id, err := direct(pool).Create(context.Background(), a, nil)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// AddLog adds a line to agreement's log and returns its id.
func AddLog(t testing.TB, pool *pgxpool.Pool, e twincities.LogEntry) int64 {
	t.Helper()
	if e.Kind == "" {
		e.Kind = twincities.Event
	}
	if e.Field == "" {
		e.Field = twincities.Culture
	}
	if e.Result == "" {
		e.Result = "Kopīgs koncerts"
	}
	if e.HappenedOn.IsZero() {
		e.HappenedOn = Date(2026, 5, 10)
	}
	id, err := direct(pool).AddLog(context.Background(), e, "")
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// AddDay adds a yearly day to agreement and returns its id.
func AddDay(t testing.TB, pool *pgxpool.Pool, agreement int64, month, day int, occasion string) int64 {
	t.Helper()
	id, err := direct(pool).AddDay(context.Background(), twincities.Day{AgreementID: agreement, Month: month, Day: day, Occasion: occasion})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// RouteSamples are real paths for every route of the area with a path
// parameter, on records made for the test.
func RouteSamples(t testing.TB, pool *pgxpool.Pool) []apptest.RouteSample {
	t.Helper()
	a := AddAgreement(t, pool, twincities.Agreement{City: "Maršruta pilsēta", Country: "EE"})
	log := AddLog(t, pool, twincities.LogEntry{AgreementID: a})
	day := AddDay(t, pool, a, 6, 25, "Pilsētas svētki")
	scanned, file := addScanned(t, pool)
	id := func(n int64) string { return idStr(n) }
	return []apptest.RouteSample{
		{Pattern: "/twincities/{id}", Path: "/twincities/" + id(a)},
		{Pattern: "/twincities/{id}/scan/{fileID}", Path: "/twincities/" + id(scanned) + "/scan/" + id(file)},
		{Pattern: "/twincities/{id}/edit", Path: "/twincities/" + id(a) + "/edit"},
		{Pattern: "/twincities/{id}/log/new", Path: "/twincities/" + id(a) + "/log/new"},
		{Pattern: "/twincities/{id}/log", Path: "/twincities/" + id(a) + "/log"},
		{Pattern: "/twincities/log/{id}/edit", Path: "/twincities/log/" + id(log) + "/edit"},
		{Pattern: "/twincities/log/{id}/delete", Path: "/twincities/log/" + id(log) + "/delete"},
		{Pattern: "/twincities/{id}/days", Path: "/twincities/" + id(a) + "/days"},
		{Pattern: "/twincities/days/{id}/delete", Path: "/twincities/days/" + id(day) + "/delete"},
	}
}

func idStr(n int64) string { return strconv.FormatInt(n, 10) }

// ScanPDF is a small PDF, as an agreement's scan.
const ScanPDF = "%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"

// direct is a store on pool with the directory and the wall clock, for fixtures.
func direct(pool *pgxpool.Pool) *twincities.Store {
	return twincities.NewStore(twincities.Deps{Pool: pool, Contacts: contacts.NewStore(contacts.Deps{Pool: pool, Now: time.Now}), Now: time.Now})
}

// addScanned is an agreement with a scan kept where the test app keeps
// its files (dbtest.Dir("files")), and the scan's file id.
func addScanned(t testing.TB, pool *pgxpool.Pool) (int64, int64) {
	t.Helper()
	fs, err := files.NewStore(pool, dbtest.Dir("files"), time.Now)
	if err != nil {
		t.Fatal(err)
	}
	st, err := fs.Stage("ligums.pdf", strings.NewReader(ScanPDF), 1<<20, []string{files.PDF})
	if err != nil {
		t.Fatal(err)
	}
	s := twincities.NewStore(twincities.Deps{Pool: pool, Files: fs, Now: time.Now})
	id, err := s.Create(context.Background(), twincities.Agreement{City: "Skenētā pilsēta", Country: "PL", Status: twincities.Active,
		SignedOn: DatePtr(2010, 3, 3)}, st)
	if err != nil {
		t.Fatal(err)
	}
	a, err := s.Agreement(context.Background(), id)
	if err != nil || a.ScanFileID == nil {
		t.Fatalf("scan of agreement %d: %v", id, err)
	}
	return id, *a.ScanFileID
}
