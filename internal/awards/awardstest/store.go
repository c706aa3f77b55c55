// Package awardstest builds the awards area's records for tests, and
// gives the route × role test a real path for every route with a parameter.
package awardstest

import (
	"context"
	"fmt"
	"log/slog"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/daugavpils/prdesk/internal/apptest"
	"github.com/daugavpils/prdesk/internal/awards"
	"github.com/daugavpils/prdesk/internal/contacts"
	"github.com/daugavpils/prdesk/internal/contacts/contactstest"
	"github.com/daugavpils/prdesk/internal/db/dbtest"
	"github.com/daugavpils/prdesk/internal/files"
	"github.com/daugavpils/prdesk/internal/jobs"
	"github.com/daugavpils/prdesk/internal/mail"
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
	*awards.Store
	Pool      *pgxpool.Pool
	Jobs      *jobs.Client
	Clock     *Clock
	Directory *contacts.Store
	Files     *files.Store
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
	s := awards.NewStore(awards.Deps{Pool: pool, Jobs: client, Files: fs, Contacts: directory, Now: clock.Now})
	return Store{Store: s, Pool: pool, Jobs: client, Clock: clock, Directory: directory, Files: fs}
}

// AddType saves an award type with two criteria (60 and 40) and one
// required document, and returns it with its criteria's ids.
func AddType(t testing.TB, pool *pgxpool.Pool, name string) awards.Type {
	t.Helper()
	if name == "" {
		name = "Goda pilsonis " + strconv.FormatInt(contactstest.Unique(), 10)
	}
	s := direct(pool)
	id, err := s.CreateType(context.Background(), awards.Type{Name: name, Nominators: "Iedzīvotāji, organizācijas",
		Documents: []string{"Ieteikuma vēstule"}, MaxPerYear: 2, DecisionBody: "Daugavpils valstspilsētas pašvaldības dome",
		Criteria: []awards.Criterion{{Name: "Ieguldījums pilsētas attīstībā", Weight: 60}, {Name: "Sabiedrības atzinība", Weight: 40}}})
	if err != nil {
		t.Fatal(err)
	}
	ty, err := s.Type(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return ty
}

// AddRound saves a round of type typeID in year (open March–April) and
// moves it to status.
func AddRound(t testing.TB, pool *pgxpool.Pool, typeID int64, year int, status awards.Status) awards.Round {
	t.Helper()
	s := direct(pool)
	ctx := context.Background()
	id, err := s.CreateRound(ctx, awards.Round{TypeID: typeID, Year: year, CallText: "Aicinām izvirzīt kandidātus",
		OpensOn: Date(year, 3, 1), ClosesOn: Date(year, 4, 30), MeetingOn: DatePtr(year, 5, 10), DecisionOn: DatePtr(year, 5, 28),
		CeremonyOn: DatePtr(year, 11, 17), CeremonyPlace: "Daugavpils Vienības nams"})
	if err != nil {
		t.Fatal(err)
	}
	SetStatus(t, pool, id, status)
	r, err := s.Round(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// AddRoundOn saves a prepared round of type typeID taking nominations
// from opens to closes, and returns it.
func AddRoundOn(t testing.TB, pool *pgxpool.Pool, typeID int64, opens, closes time.Time) awards.Round {
	t.Helper()
	s := direct(pool)
	id, err := s.CreateRound(context.Background(), awards.Round{TypeID: typeID, Year: opens.Year(), CallText: "Aicinām izvirzīt kandidātus",
		OpensOn: opens, ClosesOn: closes})
	if err != nil {
		t.Fatal(err)
	}
	r, err := s.Round(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// SetStatus moves round id to status straight in the database (the
// decision's number and date filled in when it needs them).
func SetStatus(t testing.TB, pool *pgxpool.Pool, id int64, status awards.Status) {
	t.Helper()
	if status == "" {
		return
	}
	if err := awards.ForceStatus(context.Background(), pool, id, status); err != nil {
		t.Fatal(err)
	}
}

// SetLaureate marks nomination id a laureate straight in the database.
func SetLaureate(t testing.TB, pool *pgxpool.Pool, id int64) {
	t.Helper()
	if err := awards.ForceLaureate(context.Background(), pool, id); err != nil {
		t.Fatal(err)
	}
}

// AddPerson is a person of the directory.
func AddPerson(t testing.TB, pool *pgxpool.Pool, given, family string) int64 {
	t.Helper()
	return contactstest.NewPerson(t, pool, given, family)
}

// AddOrg is an organisation of the directory.
func AddOrg(t testing.TB, pool *pgxpool.Pool, name string) int64 {
	t.Helper()
	return contactstest.Org(t, pool, name, contacts.NGO)
}

// AddNomination saves a nomination of round nominating a new person of
// the directory, nominated by a new organisation, and returns its id.
func AddNomination(t testing.TB, pool *pgxpool.Pool, roundID int64, given, family string) int64 {
	t.Helper()
	n := contactstest.Unique()
	nominee := AddPerson(t, pool, given, family)
	org := AddOrg(t, pool, fmt.Sprintf("Biedrība „Latgales kultūra %d”", n))
	id, err := direct(pool).CreateNomination(context.Background(), awards.Nomination{RoundID: roundID, NomineeKind: awards.Person,
		NomineeContactID: &nominee, NominatorKind: awards.ByOrganisation, NominatorContactID: &org,
		Justification: "Ilggadējs ieguldījums pilsētas kultūras dzīvē", Citation: "Par ieguldījumu kultūrā",
		Documents: []string{"Ieteikuma vēstule"}, ConsentNominated: true, ConsentPublish: true, ConsentOn: DatePtr(2026, 3, 10)}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// AddUserMember puts the account username on round's commission.
func AddUserMember(t testing.TB, pool *pgxpool.Pool, roundID int64, username string) int64 {
	t.Helper()
	var uid int64
	if err := pool.QueryRow(context.Background(), `select id from users where username = $1`, username).Scan(&uid); err != nil {
		t.Fatal(err)
	}
	id, err := direct(pool).AddMember(context.Background(), awards.Member{RoundID: roundID, UserID: &uid, Role: "member"})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// AddContactMember puts a new person of the directory on round's commission.
func AddContactMember(t testing.TB, pool *pgxpool.Pool, roundID int64) int64 {
	t.Helper()
	c := AddPerson(t, pool, "Aina", fmt.Sprintf("Komisijas-%d", contactstest.Unique()))
	id, err := direct(pool).AddMember(context.Background(), awards.Member{RoundID: roundID, ContactID: &c, Role: "member"})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// direct is a store on pool with the directory and the wall clock, for fixtures.
func direct(pool *pgxpool.Pool) *awards.Store {
	return awards.NewStore(awards.Deps{Pool: pool, Contacts: contacts.NewStore(contacts.Deps{Pool: pool, Now: time.Now}), Now: time.Now})
}

// RouteSamples are real paths for every route of the area with a path
// parameter, on records made for the test.
func RouteSamples(t testing.TB, pool *pgxpool.Pool) []apptest.RouteSample {
	t.Helper()
	ctx := context.Background()
	ty := AddType(t, pool, "")
	// A round being scored: a member from the directory (whose scores
	// the department enters) has declared no conflict on a nomination.
	rd := AddRound(t, pool, ty.ID, 2026, awards.Closed)
	n := AddNomination(t, pool, rd.ID, "Jānis", fmt.Sprintf("Bērziņš-%d", contactstest.Unique()))
	m := AddContactMember(t, pool, rd.ID)
	s := direct(pool)
	mem, err := s.Member(ctx, m)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Declare(ctx, mem, n, false, ""); err != nil {
		t.Fatal(err)
	}
	file := addDocument(t, pool, n)
	// A judged round (its minutes, its decision's form) and a decided one
	// with a laureate (the diploma).
	judged := AddRound(t, pool, AddType(t, pool, "").ID, 2025, awards.Closed)
	AddNomination(t, pool, judged.ID, "Anna", fmt.Sprintf("Kalniņa-%d", contactstest.Unique()))
	SetStatus(t, pool, judged.ID, awards.Judged)
	decided := AddRound(t, pool, AddType(t, pool, "").ID, 2024, awards.Closed)
	laureate := AddNomination(t, pool, decided.ID, "Pēteris", fmt.Sprintf("Ozoliņš-%d", contactstest.Unique()))
	SetLaureate(t, pool, laureate)
	SetStatus(t, pool, decided.ID, awards.Decided)
	if _, err := s.AddGuests(ctx, decided.ID, nil, nil); err != nil {
		t.Fatal(err)
	}
	guests, err := s.Guests(ctx, decided.ID)
	if err != nil || len(guests) == 0 {
		t.Fatalf("guests %v %v", guests, err)
	}
	id := func(x int64) string { return strconv.FormatInt(x, 10) }
	notStaff := []string{"director", "chair", "deputy"}
	return []apptest.RouteSample{
		{Pattern: "/awards/types/{id}/edit", Path: "/awards/types/" + id(ty.ID) + "/edit"},
		{Pattern: "/awards/rounds/{id}", Path: "/awards/rounds/" + id(rd.ID)},
		{Pattern: "/awards/rounds/{id}/edit", Path: "/awards/rounds/" + id(rd.ID) + "/edit"},
		{Pattern: "/awards/rounds/{id}/advance", Path: "/awards/rounds/" + id(AddRound(t, pool, AddType(t, pool, "").ID, 2026, "").ID) + "/advance"},
		{Pattern: "/awards/rounds/{id}/calendar.ics", Path: "/awards/rounds/" + id(rd.ID) + "/calendar.ics"},
		{Pattern: "/awards/rounds/{id}/nominations/new", Path: "/awards/rounds/" + id(rd.ID) + "/nominations/new"},
		{Pattern: "/awards/rounds/{id}/nominations", Path: "/awards/rounds/" + id(rd.ID) + "/nominations"},
		{Pattern: "/awards/nominations/{id}", Path: "/awards/nominations/" + id(n)},
		{Pattern: "/awards/nominations/{id}/edit", Path: "/awards/nominations/" + id(n) + "/edit"},
		{Pattern: "/awards/nominations/{id}/files/{fileID}", Path: "/awards/nominations/" + id(n) + "/files/" + id(file)},
		{Pattern: "/awards/rounds/{id}/members", Path: "/awards/rounds/" + id(rd.ID) + "/members"},
		{Pattern: "/awards/members/{id}/present", Path: "/awards/members/" + id(m) + "/present"},
		{Pattern: "/awards/rounds/{id}/minutes.pdf", Path: "/awards/rounds/" + id(judged.ID) + "/minutes.pdf"},
		{Pattern: "/awards/rounds/{id}/decision", Path: "/awards/rounds/" + id(judged.ID) + "/decision"},
		{Pattern: "/awards/rounds/{id}/ceremony", Path: "/awards/rounds/" + id(decided.ID) + "/ceremony"},
		{Pattern: "/awards/rounds/{id}/ceremony/guests", Path: "/awards/rounds/" + id(decided.ID) + "/ceremony/guests"},
		{Pattern: "/awards/rounds/{id}/ceremony/invite", Path: "/awards/rounds/" + id(rd.ID) + "/ceremony/invite"},
		{Pattern: "/awards/guests/{id}/seat", Path: "/awards/guests/" + id(guests[0].ID) + "/seat"},
		{Pattern: "/awards/nominations/{id}/diploma.pdf", Path: "/awards/nominations/" + id(laureate) + "/diploma.pdf"},
		{Pattern: "/awards/scoring/{member}", Path: "/awards/scoring/" + id(m), Refused: notStaff},
		{Pattern: "/awards/scoring/{member}/declare", Path: "/awards/scoring/" + id(m) + "/declare", Refused: notStaff},
		{Pattern: "/awards/scoring/{member}/nominations/{nomination}", Path: "/awards/scoring/" + id(m) + "/nominations/" + id(n), Refused: notStaff},
		{Pattern: "/awards/scoring/{member}/nominations/{nomination}/files/{fileID}", Path: "/awards/scoring/" + id(m) + "/nominations/" + id(n) + "/files/" + id(file), Refused: notStaff},
	}
}

// DocPDF is a small PDF, as a nomination's document.
const DocPDF = "%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"

// addDocument gives nomination a document kept where the test app keeps
// its files (dbtest.Dir("files")), and returns the file's id.
func addDocument(t testing.TB, pool *pgxpool.Pool, nomination int64) int64 {
	t.Helper()
	fs, err := files.NewStore(pool, dbtest.Dir("files"), time.Now)
	if err != nil {
		t.Fatal(err)
	}
	id, err := awards.AttachDocument(context.Background(), pool, fs, nomination, "ieteikums.pdf", DocPDF)
	if err != nil {
		t.Fatal(err)
	}
	return id
}
