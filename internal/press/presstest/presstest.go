// Package presstest builds the press area's records for tests, and gives
// the route × role test a real path for every route with a parameter.
package presstest

import (
	"bytes"
	"context"
	"log/slog"
	"math/rand/v2"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/daugavpils/prdesk/internal/apptest"
	"github.com/daugavpils/prdesk/internal/contacts"
	"github.com/daugavpils/prdesk/internal/contacts/contactstest"
	"github.com/daugavpils/prdesk/internal/db/dbtest"
	"github.com/daugavpils/prdesk/internal/files"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/jobs"
	"github.com/daugavpils/prdesk/internal/mail"
	"github.com/daugavpils/prdesk/internal/press"
)

// Clock is the fixtures' clock; a test that needs them at a set time
// changes it.
var Clock = time.Now

// Store is a store on pool with the directory, the test files' storage
// (the one the test server reads) and Clock.
func Store(pool *pgxpool.Pool) *press.Store {
	fs, err := files.NewStore(pool, dbtest.Dir("files"), Clock)
	if err != nil {
		panic(err)
	}
	return press.NewStore(press.Deps{Pool: pool, Contacts: contacts.NewStore(contacts.Deps{Pool: pool, Now: Clock}), Files: fs, Now: Clock})
}

// PNG is the smallest PNG image: one transparent pixel.
var PNG = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89" +
	"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")

// AddAttachment attaches a photo named name to release id and returns the
// file's id.
func AddAttachment(t testing.TB, pool *pgxpool.Pool, id int64, name string) int64 {
	t.Helper()
	ctx := context.Background()
	fs, err := files.NewStore(pool, dbtest.Dir("files"), Clock)
	if err != nil {
		t.Fatal(err)
	}
	st, err := fs.Stage(name, bytes.NewReader(PNG), files.MaxFileBytes, press.AttachmentTypes)
	if err != nil {
		t.Fatal(err)
	}
	if err := Store(pool).Attach(ctx, id, []*files.Staged{st}); err != nil {
		t.Fatal(err)
	}
	as, err := Store(pool).Attachments(ctx, id)
	if err != nil || len(as) == 0 {
		t.Fatalf("presstest: the attachment: %v", err)
	}
	return as[len(as)-1].ID
}

// Latvian is a Latvian text with title, for an Input.
func Latvian(title string) press.Text {
	return press.Text{Lang: press.Latvian, Status: press.TextReady, Title: title,
		Lead: "Daugavpils pilsētas pašvaldība informē.", Body: "Relīzes teksts: " + title + "."}
}

// AddRelease saves in (a Latvian text made from a title when it has none)
// as a draft and returns its id.
func AddRelease(t testing.TB, pool *pgxpool.Pool, in press.Input) int64 {
	t.Helper()
	if len(in.Content.Texts) == 0 {
		in.Content.Texts = []press.Text{Latvian("Jaunā tilta atklāšana")}
	}
	id, err := Store(pool).Create(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// Approve takes release id through approval, as the head would.
func Approve(t testing.TB, pool *pgxpool.Pool, id int64) {
	t.Helper()
	ctx := context.Background()
	s := Store(pool)
	r, err := s.Release(ctx, id)
	if err == nil {
		err = s.Submit(ctx, id, r.Version)
	}
	if err == nil {
		err = s.Approve(ctx, id, r.Version+1, r.CurrentVersion, "")
	}
	if err != nil {
		t.Fatal(err)
	}
}

// RouteSamples are real paths for every route of the area with a path
// parameter, on records made for the test.
func RouteSamples(t testing.TB, pool *pgxpool.Pool) []apptest.RouteSample {
	t.Helper()
	id := AddRelease(t, pool, press.Input{Content: press.Content{Texts: []press.Text{Latvian("Maršruta relīze")}}})
	p := "/press/" + strconv.FormatInt(id, 10)
	sent, sending := SentRelease(t, pool)
	event, accreditation, token := AccreditedEvent(t, pool)
	ev := "/press/events/" + strconv.FormatInt(event, 10)
	acc := ev + "/accreditations/" + strconv.FormatInt(accreditation, 10)
	s := "/press/" + strconv.FormatInt(sent, 10)
	photo := strconv.FormatInt(AddAttachment(t, pool, id, "foto.png"), 10)
	public := AddRelease(t, pool, press.Input{Content: press.Content{Texts: []press.Text{Latvian("Publiska relīze ar foto")}}})
	publicPhoto := strconv.FormatInt(AddAttachment(t, pool, public, "publiskais-foto.png"), 10)
	Approve(t, pool, public)
	SendNow(t, pool, public)
	iv := "/press/interviews/" + strconv.FormatInt(AddInterview(t, pool, press.Interview{}), 10)
	tx := "/press/texts/" + strconv.FormatInt(AddOfficialText(t, pool, press.OfficialInput{Body: "Godātie skolotāji!"}), 10)
	em := ActiveEmergency(t, pool)
	emu := "/press/emergencies/" + strconv.FormatInt(em.ID, 10)
	unitsOwn := "/press/statements/" + strconv.FormatInt(AddStatement(t, pool, "unit", em.ID, press.Statement{}), 10)
	staffs := "/press/statements/" + strconv.FormatInt(AddStatement(t, pool, "staff", em.ID, press.Statement{}), 10)
	return []apptest.RouteSample{
		{Pattern: "/press/texts/{id}", Path: tx},
		{Pattern: "/press/texts/{id}/edit", Path: tx + "/edit"},
		{Pattern: "/press/texts/{id}/versions/{no}", Path: tx + "/versions/1"},
		{Pattern: "/press/texts/{id}/compare", Path: tx + "/compare"},
		{Pattern: "/press/texts/{id}/submit", Path: tx + "/submit"},
		{Pattern: "/press/texts/{id}/approve", Path: tx + "/approve"},
		{Pattern: "/press/texts/{id}/return", Path: tx + "/return"},
		{Pattern: "/press/texts/{id}/deliver", Path: tx + "/deliver"},
		{Pattern: "/press/emergencies/{id}", Path: emu},
		{Pattern: "/press/emergencies/{id}/edit", Path: emu + "/edit"},
		{Pattern: "/press/emergencies/{id}/end", Path: emu + "/end"},
		{Pattern: "/press/emergencies/{id}/timeline", Path: emu + "/timeline"},
		{Pattern: "/press/statements/{id}", Path: unitsOwn},
		// Another's statement: the unit's staff member sees their own only.
		{Pattern: "/press/statements/{id}", Path: staffs, Refused: []string{"unit"}},
		{Pattern: "/press/statements/{id}/decide", Path: unitsOwn + "/decide"},
		{Pattern: "/press/interviews/{id}", Path: iv},
		{Pattern: "/press/{id}/files", Path: p + "/files"},
		{Pattern: "/press/{id}/files/{fileID}", Path: p + "/files/" + photo},
		{Pattern: "/press/{id}/files/{fileID}/remove", Path: p + "/files/" + photo + "/remove"},
		{Pattern: "/news/{id}/files/{fileID}", Path: "/news/" + strconv.FormatInt(public, 10) + "/files/" + publicPhoto},
		{Pattern: "/press/interviews/{id}/edit", Path: iv + "/edit"},
		{Pattern: "/press/{id}/send", Path: p + "/send"},
		{Pattern: "/press/{id}/send/preview", Path: p + "/send/preview"},
		{Pattern: "/press/{id}/send/cancel", Path: p + "/send/cancel"},
		{Pattern: "/press/{id}/sendings/{sid}/resend", Path: s + "/sendings/" + strconv.FormatInt(sending, 10) + "/resend"},
		{Pattern: "/press/{id}/deliveries", Path: s + "/deliveries"},
		{Pattern: "/press/events/{id}", Path: ev},
		{Pattern: "/press/events/{id}/edit", Path: ev + "/edit"},
		{Pattern: "/press/events/{id}/door", Path: ev + "/door"},
		{Pattern: "/press/events/{id}/invite", Path: ev + "/invite"},
		{Pattern: "/press/events/{id}/invite/preview", Path: ev + "/invite/preview"},
		{Pattern: "/press/events/{id}/accreditations", Path: ev + "/accreditations"},
		{Pattern: "/press/events/{id}/accreditations/{aid}/attended", Path: acc + "/attended"},
		{Pattern: "/press/events/{id}/accreditations/{aid}/match", Path: acc + "/match"},
		{Pattern: "/accreditation/{token}", Path: "/accreditation/" + token},
		{Pattern: "/press/{id}", Path: p},
		{Pattern: "/press/{id}/edit", Path: p + "/edit"},
		{Pattern: "/press/{id}/versions/{no}", Path: p + "/versions/1"},
		{Pattern: "/press/{id}/compare", Path: p + "/compare"},
		{Pattern: "/press/{id}/submit", Path: p + "/submit"},
		{Pattern: "/press/{id}/withdraw", Path: p + "/withdraw"},
		{Pattern: "/press/{id}/approve", Path: p + "/approve"},
		{Pattern: "/press/{id}/return", Path: p + "/return"},
	}
}

// SetClock is a clock a test sets.
type SetClock struct {
	mu sync.Mutex
	t  time.Time
}

// Now is the time the clock stands at.
func (c *SetClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Set moves the clock to t.
func (c *SetClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

// Sender is a store that sends: its own job client with the mail and the
// planned sendings registered, mail to smtpURL ("" writes it to a
// discarded log), and a clock the test sets.
type Sender struct {
	*press.Store
	Jobs  *jobs.Client
	Clock *SetClock
	DB    *pgxpool.Pool
}

// NewSender is a Sender on pool, its clock at the wall clock's time.
func NewSender(t testing.TB, pool *pgxpool.Pool, smtpURL string) Sender {
	t.Helper()
	clock := &SetClock{t: Clock().Truncate(time.Microsecond)}
	reg := jobs.NewRegistry()
	quiet := slog.New(slog.DiscardHandler)
	if err := mail.Register(reg, pool, mail.Config{SMTPURL: smtpURL, From: "prdesk@daugavpils.lv", Demo: smtpURL == "",
		Now: clock.Now, Logger: quiet}); err != nil {
		t.Fatal(err)
	}
	deps := press.Deps{Pool: pool, Contacts: contacts.NewStore(contacts.Deps{Pool: pool, Now: clock.Now}), Now: clock.Now}
	press.RegisterSending(reg, press.NewStore(deps))
	client, err := jobs.New(pool, reg, jobs.Options{Logger: quiet, TestOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	deps.Jobs = client
	return Sender{Store: press.NewStore(deps), Jobs: client, Clock: clock, DB: pool}
}

// SendNow sends approved release id to one journalist of its own (mail
// written to a discarded log) and returns the sending's id.
func SendNow(t testing.TB, pool *pgxpool.Pool, id int64) int64 {
	t.Helper()
	ctx := context.Background()
	s := NewSender(t, pool, "")
	person := contactstest.NewPerson(t, pool, "Inese", "Vanaga")
	r, err := s.Release(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	res, err := s.Send(ctx, id, r.Version, nil, []int64{person}, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	return res.SendingID
}

// SentRelease is an approved release sent to one journalist of its own
// (mail written to a discarded log), and its sending's id.
func SentRelease(t testing.TB, pool *pgxpool.Pool) (int64, int64) {
	t.Helper()
	id := AddRelease(t, pool, press.Input{Content: press.Content{Texts: []press.Text{Latvian("Nosūtīta relīze")}}})
	Approve(t, pool, id)
	return id, SendNow(t, pool, id)
}

var eventSeq atomic.Int64

// AddEvent saves e with sensible defaults (a press conference a week from
// the fixtures' clock, at 10:00–11:00 Riga time, in a room of its own) and
// returns its id.
func AddEvent(t testing.TB, pool *pgxpool.Pool, e press.Event) int64 {
	t.Helper()
	n := eventSeq.Add(1)
	if e.Kind == "" {
		e.Kind = press.Conference
	}
	if e.Title == "" {
		e.Title = "Preses konference par budžetu"
	}
	if e.StartsAt.IsZero() {
		d := Clock().AddDate(0, 0, 7).In(i18n.Riga)
		e.StartsAt = time.Date(d.Year(), d.Month(), d.Day(), 10, 0, 0, 0, i18n.Riga)
		e.EndsAt = e.StartsAt.Add(time.Hour)
	}
	if e.Place == "" {
		e.Place = "Daugavpils valstspilsētas pašvaldība"
		e.Room = "Zāle " + strconv.FormatInt(n, 10) + "-" + strconv.FormatInt(rand.Int64N(1_000_000_000), 10)
	}
	if e.Status == "" {
		e.Status = press.EventPlanned
	}
	id, err := Store(pool).CreateEvent(context.Background(), e)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// AccreditedEvent is an open event with one journalist accredited by the
// department: the event's id, the accreditation's, and the public form's
// token.
func AccreditedEvent(t testing.TB, pool *pgxpool.Pool) (int64, int64, string) {
	t.Helper()
	ctx := context.Background()
	id := AddEvent(t, pool, press.Event{AccreditationOpen: true})
	aid, err := Store(pool).Accredit(ctx, id, press.Accreditation{Name: "Kristaps Ozoliņš", Outlet: "Latgales Laiks",
		Email: "k" + strconv.FormatInt(eventSeq.Add(1), 10) + "@example.lv"}, false)
	if err != nil {
		t.Fatal(err)
	}
	e, err := Store(pool).Event(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	return id, aid, e.AccreditationToken
}

// AddInterview saves i with sensible defaults (a new request in person,
// due in three days by the fixtures' clock) and returns its id.
func AddInterview(t testing.TB, pool *pgxpool.Pool, i press.Interview) int64 {
	t.Helper()
	if i.Topic == "" {
		i.Topic = "Ielu remonti pilsētā"
	}
	if i.OutletID == nil && i.JournalistID == nil {
		outlet := contactstest.Org(t, pool, "Latgales Laiks "+strconv.FormatInt(eventSeq.Add(1), 10), contacts.Media)
		i.OutletID = &outlet
	}
	if i.Format == "" {
		i.Format = press.InPerson
	}
	if i.Status == "" {
		i.Status = press.InterviewNew
	}
	if i.DeadlineAt == nil {
		d := Clock().AddDate(0, 0, 3)
		i.DeadlineAt = &d
	}
	id, err := Store(pool).CreateInterview(context.Background(), i)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// AddOfficialText saves in with sensible defaults (a greeting in Latvian
// for Teachers' Day, needed in a week by the fixtures' clock) and returns
// its id.
func AddOfficialText(t testing.TB, pool *pgxpool.Pool, in press.OfficialInput) int64 {
	t.Helper()
	if in.Kind == "" {
		in.Kind = press.OfficialGreeting
	}
	if in.Occasion == "" {
		in.Occasion = "Skolotāju diena"
	}
	if in.Lang == "" {
		in.Lang = press.Latvian
	}
	if in.NeededOn.IsZero() {
		d := Clock().In(i18n.Riga).AddDate(0, 0, 7)
		in.NeededOn = time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC)
	}
	id, err := Store(pool).CreateOfficialText(context.Background(), in, "")
	if err != nil {
		t.Fatal(err)
	}
	return id
}
