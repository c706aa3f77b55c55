// Package monitoringtest builds the media monitoring area's records for
// tests, and gives the route × role test a real path for every route with
// a parameter.
package monitoringtest

import (
	"bytes"
	"context"
	"log/slog"
	"math/rand/v2"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/daugavpils/prdesk/internal/apptest"
	"github.com/daugavpils/prdesk/internal/contacts"
	"github.com/daugavpils/prdesk/internal/contacts/contactstest"
	"github.com/daugavpils/prdesk/internal/db/dbtest"
	"github.com/daugavpils/prdesk/internal/feeds"
	"github.com/daugavpils/prdesk/internal/files"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/jobs"
	"github.com/daugavpils/prdesk/internal/mail"
	"github.com/daugavpils/prdesk/internal/monitoring"
)

// Clock is the fixtures' clock; a test that needs them at a set time
// changes it.
var Clock = time.Now

// Store is a store on pool with the directory, the test files' storage
// (the one the test server reads) and Clock.
func Store(pool *pgxpool.Pool) *monitoring.Store {
	fs, err := files.NewStore(pool, dbtest.Dir("files"), Clock)
	if err != nil {
		panic(err)
	}
	return monitoring.NewStore(monitoring.Deps{Pool: pool, Files: fs, Contacts: contacts.NewStore(contacts.Deps{Pool: pool, Now: Clock}), Now: Clock})
}

// PNG is the smallest PNG image: one transparent pixel.
var PNG = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89" +
	"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")

// AddFile keeps a screenshot named name as clipping id's file.
func AddFile(t testing.TB, pool *pgxpool.Pool, id int64, name string) {
	t.Helper()
	ctx := context.Background()
	fs, err := files.NewStore(pool, dbtest.Dir("files"), Clock)
	if err != nil {
		t.Fatal(err)
	}
	st, err := fs.Stage(name, bytes.NewReader(PNG), files.MaxFileBytes, monitoring.FileTypes)
	if err != nil {
		t.Fatal(err)
	}
	s := Store(pool)
	c, err := s.Clipping(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SetFile(ctx, id, c.Version, st); err != nil {
		t.Fatal(err)
	}
}

var seq atomic.Int64

// start keeps this run's names apart from an earlier run's in the same
// database.
var start = rand.Int64N(1_000_000) * 1000

// unique is a number no other fixture of this run has used, for names that
// must not collide between tests sharing a database.
func unique() int64 { return seq.Add(1) + start }

// Outlet adds a media outlet to the directory and returns its id.
func Outlet(t testing.TB, pool *pgxpool.Pool, name string) int64 {
	t.Helper()
	return contactstest.Org(t, pool, name, contacts.Media)
}

// AddTopic adds a topic named name (made unique) and returns its id.
func AddTopic(t testing.TB, pool *pgxpool.Pool, name string) int64 {
	t.Helper()
	id, err := Store(pool).CreateTopic(context.Background(), name+" "+strconv.FormatInt(unique(), 10))
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// AddClipping saves c, filling in what it leaves out (a new outlet, now,
// an online Latvian clipping not judged), and returns its id.
func AddClipping(t testing.TB, pool *pgxpool.Pool, c monitoring.Clipping) int64 {
	t.Helper()
	if c.OutletID == 0 {
		c.OutletID = Outlet(t, pool, "Latgales Laiks "+strconv.FormatInt(seq.Add(1), 10))
	}
	if c.Title == "" {
		c.Title = "Daugavpilī atjauno tramvaja līniju"
	}
	if c.PublishedAt.IsZero() {
		c.PublishedAt = Clock().Add(-time.Hour)
	}
	if c.MediaType == "" {
		c.MediaType = monitoring.Online
	}
	if c.Language == "" {
		c.Language = monitoring.Latvian
	}
	if c.Tone == "" {
		c.Tone = monitoring.Unjudged
	}
	id, err := Store(pool).CreateClipping(context.Background(), c)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// AddFeed adds an active feed of a new outlet at address (made unique
// when it is ""), due to be read now, and returns its id.
func AddFeed(t testing.TB, pool *pgxpool.Pool, address string) int64 {
	t.Helper()
	n := strconv.FormatInt(unique(), 10)
	if address == "" {
		address = "http://127.0.0.1:9/rss/" + n // a port nothing listens on: no test reaches the network
	}
	outlet := Outlet(t, pool, "Daugavpils Ziņas "+n)
	id, err := Store(pool).CreateFeed(context.Background(), monitoring.Feed{Name: "Daugavpils Ziņas " + n, URL: address,
		OutletID: &outlet, Language: monitoring.Latvian, MediaType: monitoring.Online, Active: true,
		IntervalMinutes: monitoring.DefaultFeedInterval})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// AddRule adds an active rule of expression (its name made unique) and
// returns its id.
func AddRule(t testing.TB, pool *pgxpool.Pool, name, expression string, topic *int64) int64 {
	t.Helper()
	id, _, err := Store(pool).CreateRule(context.Background(), monitoring.KeywordRule{
		Name: name + " " + strconv.FormatInt(unique(), 10), Expression: expression,
		TopicID: topic, Active: true}, false)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// AddItem stores it as what feed brought (a read without a server) and
// returns the item.
func AddItem(t testing.TB, pool *pgxpool.Pool, feed int64, it feeds.Item) monitoring.Item {
	t.Helper()
	s := Store(pool)
	if it.GUID == "" {
		it.GUID = "urn:item:" + strconv.FormatInt(unique(), 10)
	}
	if _, err := s.ImportFeed(context.Background(), feed, &feeds.Feed{Items: []feeds.Item{it}}); err != nil {
		t.Fatal(err)
	}
	item, err := s.ItemByGUID(context.Background(), feed, it.GUID)
	if err != nil {
		t.Fatal(err)
	}
	return item
}

// RouteSamples are a clipping, a topic, a feed, a rule and an inbox item
// for the routes with an id.
func RouteSamples(t testing.TB, pool *pgxpool.Pool) []apptest.RouteSample {
	t.Helper()
	id := AddClipping(t, pool, monitoring.Clipping{Body: "Pilsētas dome informē."})
	AddFile(t, pool, id, "ekranuznemums.png")
	c := "/monitoring/" + strconv.FormatInt(id, 10)
	topic := "/monitoring/topics/" + strconv.FormatInt(AddTopic(t, pool, "Transports"), 10)
	var unit int64
	if err := pool.QueryRow(context.Background(), `select id from users where username = 'unit'`).Scan(&unit); err != nil {
		t.Fatal(err)
	}
	search := "/monitoring/searches/" + strconv.FormatInt(SavedSearch(t, pool, unit), 10) + "/delete"
	report := "/monitoring/reports/" + strconv.FormatInt(AddReport(t, pool, monitoring.Weekly,
		time.Date(2090, 1, 1, 12, 0, 0, 0, i18n.Riga).AddDate(0, 0, 7*int(seq.Add(1)))), 10)
	recipient := "/monitoring/reports/recipients/" + strconv.FormatInt(AddRecipient(t, pool,
		monitoring.Recipient{Name: "Paraugs Saņēmējs", Email: "sanemejs" + strconv.FormatInt(seq.Add(1), 10) + "@example.lv"}), 10)
	feed := AddFeed(t, pool, "")
	f := "/monitoring/feeds/" + strconv.FormatInt(feed, 10)
	r := "/monitoring/rules/" + strconv.FormatInt(AddRule(t, pool, "Parauga noteikums", "Daugavpil", nil), 10)
	item := AddItem(t, pool, feed, feeds.Item{Title: "Daugavpilī atklāj jaunu tramvaja līniju", Link: "https://zinas.example.lv/1"})
	return []apptest.RouteSample{
		// Only its owner deletes a saved search: the unit's demo account,
		// the last the route test signs in with, so that the others are
		// refused it before it is gone.
		{Pattern: "/monitoring/searches/{id}/delete", Path: search, Refused: []string{"head", "staff", "director", "chair", "clerk", "deputy"}},
		{Pattern: "/monitoring/{id}", Path: c},
		{Pattern: "/monitoring/{id}/edit", Path: c + "/edit"},
		{Pattern: "/monitoring/{id}/file", Path: c + "/file"},
		{Pattern: "/monitoring/{id}/file/remove", Path: c + "/file/remove"},
		{Pattern: "/monitoring/topics/{id}", Path: topic},
		{Pattern: "/monitoring/reports/{id}", Path: report},
		{Pattern: "/monitoring/reports/{id}.pdf", Path: report + ".pdf"},
		{Pattern: "/monitoring/reports/{id}.xlsx", Path: report + ".xlsx"},
		{Pattern: "/monitoring/reports/{id}/send", Path: report + "/send"},
		{Pattern: "/monitoring/reports/recipients/{id}/remove", Path: recipient + "/remove"},
		{Pattern: "/monitoring/feeds/{id}/edit", Path: f + "/edit"},
		{Pattern: "/monitoring/feeds/{id}/read", Path: f + "/read"},
		{Pattern: "/monitoring/rules/{id}/edit", Path: r + "/edit"},
		{Pattern: "/monitoring/inbox/{id}/dismiss", Path: "/monitoring/inbox/" + strconv.FormatInt(item.ID, 10) + "/dismiss"},
	}
}

// SavedSearch saves a search of the account user and returns its id.
func SavedSearch(t testing.TB, pool *pgxpool.Pool, user int64) int64 {
	t.Helper()
	ctx := context.Background()
	name := "Negatīvās " + strconv.FormatInt(unique(), 10)
	if err := Store(pool).SaveSearch(ctx, user, name, "tone=negative"); err != nil {
		t.Fatal(err)
	}
	ss, err := Store(pool).SavedSearches(ctx, user)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range ss {
		if s.Name == name {
			return s.ID
		}
	}
	t.Fatal("monitoringtest: the saved search is gone")
	return 0
}

// AddReport makes (or finds) the report of kind for the period at falls
// in, and returns its id.
func AddReport(t testing.TB, pool *pgxpool.Pool, kind monitoring.ReportKind, at time.Time) int64 {
	t.Helper()
	id, _, err := Store(pool).CreateReport(context.Background(), kind, kind.PeriodOf(at))
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// AddRecipient adds r as a report recipient and returns its id.
func AddRecipient(t testing.TB, pool *pgxpool.Pool, r monitoring.Recipient) int64 {
	t.Helper()
	id, err := Store(pool).AddRecipient(context.Background(), r)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// Jobs is a job client that runs nothing: mail queued through it stays in
// the outbox for the test to read.
func Jobs(t testing.TB, pool *pgxpool.Pool) *jobs.Client {
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
	return client
}

// At is a store whose clock stands at at, with jobs for its mail and
// links to base.
func At(pool *pgxpool.Pool, at time.Time) *monitoring.Store {
	now := func() time.Time { return at }
	return monitoring.NewStore(monitoring.Deps{Pool: pool, Contacts: contacts.NewStore(contacts.Deps{Pool: pool, Now: now}), Now: now,
		BaseURL: "https://prdesk.daugavpils.lv"})
}
