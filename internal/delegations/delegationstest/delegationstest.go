// Package delegationstest builds the delegations' records for tests, and
// gives the route × role test a real path for every route with a parameter.
package delegationstest

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/daugavpils/prdesk/internal/apptest"
	"github.com/daugavpils/prdesk/internal/contacts"
	"github.com/daugavpils/prdesk/internal/contacts/contactstest"
	"github.com/daugavpils/prdesk/internal/db/dbtest"
	"github.com/daugavpils/prdesk/internal/delegations"
	"github.com/daugavpils/prdesk/internal/files"
	"github.com/daugavpils/prdesk/internal/jobs"
	"github.com/daugavpils/prdesk/internal/mail"
)

// Date is midnight UTC of a civil date, as the area's dates are.
func Date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

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

// Busy is a BusyTimes a test fills.
type Busy struct {
	mu    sync.Mutex
	Times []delegations.Busy
}

// BusyTimes are the times of userIDs within [from, to).
func (b *Busy) BusyTimes(_ context.Context, userIDs []int64, from, to time.Time) ([]delegations.Busy, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []delegations.Busy
	for _, t := range b.Times {
		for _, u := range userIDs {
			if t.UserID == u && t.Start.Before(to) && from.Before(t.End) {
				out = append(out, t)
			}
		}
	}
	return out, nil
}

// Store is the area's store as a test uses it, with a clock standing at
// noon of 4 December 2026 (Riga) until the test sets it.
type Store struct {
	*delegations.Store
	Pool      *pgxpool.Pool
	Jobs      *jobs.Client
	Clock     *Clock
	Busy      *Busy
	Directory *contacts.Store
}

// NewStore is a store on pool for one test.
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
	busy := &Busy{}
	s := delegations.NewStore(delegations.Deps{Pool: pool, Jobs: client, Files: fs, Contacts: directory, Busy: busy, Now: clock.Now})
	return Store{Store: s, Pool: pool, Jobs: client, Clock: clock, Busy: busy, Directory: directory}
}

// AddDelegation saves d with sensible defaults (an incoming delegation
// from Lithuania on 10–11 March 2027, being prepared) and returns its id.
func AddDelegation(t testing.TB, pool *pgxpool.Pool, d delegations.Delegation) int64 {
	t.Helper()
	if d.Kind == "" {
		d.Kind = delegations.Incoming
	}
	if d.Title == "" {
		d.Title = "Panevēžas mēra vizīte"
	}
	if d.Country == "" {
		d.Country = "LT"
		if d.Kind == delegations.VisitLatvia {
			d.Country = "LV"
		}
	}
	if d.Level == "" {
		d.Level = delegations.Mayor
	}
	if d.Status == "" {
		d.Status = delegations.Preparing
	}
	if d.StartsOn.IsZero() {
		d.StartsOn = Date(2027, 3, 10)
	}
	if d.EndsOn.IsZero() {
		d.EndsOn = d.StartsOn.AddDate(0, 0, 1)
	}
	id, err := direct(pool).Create(context.Background(), d)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// direct is a store on pool with the directory and the wall clock, for fixtures.
func direct(pool *pgxpool.Pool) *delegations.Store {
	return delegations.NewStore(delegations.Deps{Pool: pool, Contacts: contacts.NewStore(contacts.Deps{Pool: pool, Now: time.Now}), Now: time.Now})
}

// RouteSamples are real paths for every route of the area with a path
// parameter, on records made for the test.
func RouteSamples(t testing.TB, pool *pgxpool.Pool) []apptest.RouteSample {
	t.Helper()
	d := AddDelegation(t, pool, delegations.Delegation{Title: "Maršruta delegācija", Country: "EE"})
	person := AddGuest(t, pool, d, "Maršruta Viesis")
	item, err := direct(pool).AddItem(context.Background(), delegations.Item{DelegationID: d, StartsAt: time.Date(2027, 3, 10, 8, 0, 0, 0, time.UTC),
		EndsAt: time.Date(2027, 3, 10, 9, 0, 0, 0, time.UTC), Place: "Rātsnams", Activity: "Tikšanās", PersonIDs: []int64{person}})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	st := direct(pool)
	checklist, err := st.Checklist(ctx, d)
	if err != nil || len(checklist) == 0 {
		t.Fatalf("checklist: %v", err)
	}
	logistics, err := st.AddLogistics(ctx, delegations.Logistics{DelegationID: d, Kind: delegations.Interpreter, Description: "Lietuviešu valodas tulks"})
	if err != nil {
		t.Fatal(err)
	}
	budget, err := st.AddBudget(ctx, delegations.BudgetLine{DelegationID: d, Category: "meals", Planned: 12000})
	if err != nil {
		t.Fatal(err)
	}
	tmpl, err := st.AddTemplate(ctx, delegations.Representation, "Maršruta parauga punkts")
	if err != nil {
		t.Fatal(err)
	}
	gift, photo := addGiftWithPhoto(t, pool, d)
	staff := userID(t, pool, "staff")
	token, err := st.NewFeedToken(ctx, staff)
	if err != nil {
		t.Fatal(err)
	}
	followUp, err := st.AddFollowUp(ctx, delegations.FollowUp{DelegationID: d, Text: "Nosūtīt pateicības vēstuli", DueOn: Date(2027, 3, 20)})
	if err != nil {
		t.Fatal(err)
	}
	id := func(n int64) string { return strconv.FormatInt(n, 10) }
	dp := "/delegations/" + id(d)
	return []apptest.RouteSample{
		{Pattern: "/delegations/{id}/gifts", Path: dp + "/gifts"},
		{Pattern: "/delegations/ical/{token}", Path: "/delegations/ical/" + token + ".ics"},
		{Pattern: "/delegations/{id}/report", Path: dp + "/report"},
		{Pattern: "/delegations/{id}/followups", Path: dp + "/followups"},
		{Pattern: "/delegations/{id}/followups/{item}/done", Path: dp + "/followups/" + id(followUp) + "/done"},
		{Pattern: "/delegations/gifts/{id}/edit", Path: "/delegations/gifts/" + id(gift) + "/edit"},
		{Pattern: "/delegations/gifts/{id}/handover", Path: "/delegations/gifts/" + id(gift) + "/handover"},
		{Pattern: "/delegations/gifts/{id}/photo/{fileID}", Path: "/delegations/gifts/" + id(gift) + "/photo/" + id(photo)},
		{Pattern: "/delegations/{id}/preparation", Path: dp + "/preparation"},
		{Pattern: "/delegations/{id}/checklist/{item}", Path: dp + "/checklist/" + id(checklist[0].ID)},
		{Pattern: "/delegations/{id}/logistics", Path: dp + "/logistics"},
		{Pattern: "/delegations/{id}/logistics/{item}/delete", Path: dp + "/logistics/" + id(logistics) + "/delete"},
		{Pattern: "/delegations/{id}/logistics/{item}/edit", Path: dp + "/logistics/" + id(logistics) + "/edit"},
		{Pattern: "/delegations/{id}/budget", Path: dp + "/budget"},
		{Pattern: "/delegations/{id}/budget/{item}/actual", Path: dp + "/budget/" + id(budget) + "/actual"},
		{Pattern: "/delegations/{id}/budget/{item}/delete", Path: dp + "/budget/" + id(budget) + "/delete"},
		{Pattern: "/delegations/{id}/budget/{item}/edit", Path: dp + "/budget/" + id(budget) + "/edit"},
		{Pattern: "/delegations/checklists/{id}/delete", Path: "/delegations/checklists/" + id(tmpl) + "/delete"},
		{Pattern: "/delegations/{id}", Path: "/delegations/" + id(d)},
		{Pattern: "/delegations/{id}/edit", Path: "/delegations/" + id(d) + "/edit"},
		{Pattern: "/delegations/{id}/people", Path: "/delegations/" + id(d) + "/people"},
		{Pattern: "/delegations/people/{id}/edit", Path: "/delegations/people/" + id(person) + "/edit"},
		{Pattern: "/delegations/people/{id}/delete", Path: "/delegations/people/" + id(person) + "/delete"},
		{Pattern: "/delegations/{id}/programme", Path: "/delegations/" + id(d) + "/programme"},
		{Pattern: "/delegations/{id}/programme.pdf", Path: "/delegations/" + id(d) + "/programme.pdf"},
		{Pattern: "/delegations/{id}/programme.ics", Path: "/delegations/" + id(d) + "/programme.ics"},
		{Pattern: "/delegations/programme/{id}/edit", Path: "/delegations/programme/" + id(item) + "/edit"},
		{Pattern: "/delegations/programme/{id}/delete", Path: "/delegations/programme/" + id(item) + "/delete"},
	}
}

// AddGuest adds a guest, a new person of the directory named name (a given
// and a family name), to
// delegation d with a dietary need, and returns the row's id.
func AddGuest(t testing.TB, pool *pgxpool.Pool, d int64, name string) int64 {
	t.Helper()
	ctx := context.Background()
	given, family, _ := strings.Cut(name, " ")
	c := contactstest.NewPerson(t, pool, given, family)
	id, err := direct(pool).AddPerson(ctx, delegations.Participant{DelegationID: d, Side: delegations.Guest, ContactID: &c,
		Position: "mērs", AddressForm: "Godātais mēra kungs", Dietary: "veģetārietis"})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// AddOurs adds the account username to delegation d as one of ours, and
// returns the row's id and the account's id.
func AddOurs(t testing.TB, pool *pgxpool.Pool, d int64, username string) (int64, int64) {
	t.Helper()
	ctx := context.Background()
	user := userID(t, pool, username)
	id, err := direct(pool).AddPerson(ctx, delegations.Participant{DelegationID: d, Side: delegations.Ours, UserID: &user})
	if err != nil {
		t.Fatal(err)
	}
	return id, user
}

// PNG is a small photo of a gift.
func PNG() []byte {
	img := image.NewRGBA(image.Rect(0, 0, 2, 2))
	img.Set(0, 0, color.RGBA{R: 200, A: 255})
	var b bytes.Buffer
	_ = png.Encode(&b, img)
	return b.Bytes()
}

// addGiftWithPhoto is a received gift of delegation d above any threshold,
// with a photo kept where the test app keeps its files
// (dbtest.Dir("files")), and the photo's file id.
func addGiftWithPhoto(t testing.TB, pool *pgxpool.Pool, d int64) (int64, int64) {
	t.Helper()
	fs, err := files.NewStore(pool, dbtest.Dir("files"), time.Now)
	if err != nil {
		t.Fatal(err)
	}
	st, err := fs.Stage("davana.png", bytes.NewReader(PNG()), 1<<20, []string{files.PNG})
	if err != nil {
		t.Fatal(err)
	}
	s := delegations.NewStore(delegations.Deps{Pool: pool, Files: fs, Now: time.Now})
	value := delegations.Money(50_000_00)
	id, err := s.AddGift(context.Background(), delegations.Gift{DelegationID: d, Direction: delegations.Received, Item: "Gleznas reprodukcija",
		Value: &value, Giver: "Viļņas mērs", Receiver: "Domes priekšsēdētājs", GivenOn: Date(2027, 3, 10)}, st)
	if err != nil {
		t.Fatal(err)
	}
	g, err := s.Gift(context.Background(), id)
	if err != nil || g.PhotoFileID == nil {
		t.Fatalf("gift %d: %v", id, err)
	}
	return id, *g.PhotoFileID
}
