// Package petitionstest builds the submissions registry's rows for tests:
// cases of the classification scheme, dated rules, and submissions in a
// given state, with given dates and people. Rows are made through the
// registry's own use cases (petitions.Store) where one exists, at the time
// the test gives, and straight in SQL where a list needs what no use case
// makes (any state with any due date). Each builder makes new rows: a test
// never depends on rows another test made, or on the demo data.
//
// It also gives the route × role test a real path for every route of the
// registry with an id (RouteSamples).
package petitionstest

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"

	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/calendar"
	"github.com/daugavpils/prdesk/internal/db"
	"github.com/daugavpils/prdesk/internal/db/dbtest"
	"github.com/daugavpils/prdesk/internal/demo"
	"github.com/daugavpils/prdesk/internal/files"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/jobs"
	"github.com/daugavpils/prdesk/internal/petitions"
)

// Clock is the fixtures' time where a test gives none: a test that needs
// its fixtures at one moment sets it (and puts it back).
var Clock = time.Now

// env is what the fixtures on one database share.
type env struct {
	pool     *pgxpool.Pool
	calendar *calendar.Store
	jobs     *jobs.Client // inserts mail jobs; never started
	files    *files.Store // the blobs, where the test server keeps them

	mu          sync.Mutex
	defaultCase petitions.Case
}

var envs sync.Map // *pgxpool.Pool → *env

func envOf(t testing.TB, pool *pgxpool.Pool) *env {
	t.Helper()
	if e, ok := envs.Load(pool); ok {
		return e.(*env)
	}
	// Only inserts: without workers River takes any kind of job, and the
	// test server's own client works the mail queue when a test asks it to.
	jc, err := river.NewClient(riverpgxv5.New(pool), &river.Config{})
	if err != nil {
		t.Fatalf("petitionstest: job client: %v", err)
	}
	// apptest keeps the server's files in dbtest.Dir("files"): a scan made
	// here is one the server can open.
	fs, err := files.NewStore(pool, dbtest.Dir("files"), time.Now)
	if err != nil {
		t.Fatalf("petitionstest: files: %v", err)
	}
	e, _ := envs.LoadOrStore(pool, &env{pool: pool, calendar: calendar.NewStore(pool), jobs: jc, files: fs})
	return e.(*env)
}

// store is the registry's store with its clock stopped at at.
func (e *env) store(at time.Time) *petitions.Store {
	return petitions.NewStore(petitions.Deps{Pool: e.pool, Calendar: e.calendar, Jobs: e.jobs, Files: e.files,
		Now: func() time.Time { return at }, BaseURL: "https://prdesk.test"})
}

// Calendar is the working-day calendar store the fixtures use, for calls
// that take one (petitions.Summary).
func Calendar(t testing.TB, pool *pgxpool.Pool) *calendar.Store { return envOf(t, pool).calendar }

// seq numbers what the fixtures make, apart from one another.
var seq atomic.Int64

// Seqs reserves n registration sequence numbers of the fixtures' own years
// and returns the first, for a test that inserts rows in bulk.
func Seqs(n int) int64 { return seq.Add(int64(n)) - int64(n) + 1 }

// As is ctx acting as the account username (a demo account: admin, head,
// staff, clerk, director, chair, deputy), as a use case sees its user.
func As(t testing.TB, pool *pgxpool.Pool, username string) context.Context {
	t.Helper()
	return auth.WithUser(context.Background(), User(t, pool, username))
}

// User is the account username.
func User(t testing.TB, pool *pgxpool.Pool, username string) *auth.User {
	t.Helper()
	ctx := context.Background()
	var id int64
	if err := pool.QueryRow(ctx, `select id from users where username = $1`, username).Scan(&id); err != nil {
		t.Fatalf("petitionstest: account %s: %v", username, err)
	}
	u, err := auth.NewUsers(pool).ByID(ctx, id)
	if err != nil {
		t.Fatalf("petitionstest: account %s: %v", username, err)
	}
	return u
}

// Account makes an active account of role of a test's own, named username
// and fullName, who signs in with the demo password, and returns its id.
func Account(t testing.TB, pool *pgxpool.Pool, username, fullName string, role auth.Role) int64 {
	t.Helper()
	hash, err := auth.HashPassword(demo.Password)
	if err != nil {
		t.Fatal(err)
	}
	var id int64
	if err := db.InTx(context.Background(), pool, func(tx pgx.Tx) error {
		var err error
		id, err = auth.Insert(context.Background(), tx, &auth.User{Username: username, FullName: fullName,
			Roles: []auth.Role{role}, Active: true}, hash, nil)
		return err
	}); err != nil {
		t.Fatalf("petitionstest: account %s: %v", username, err)
	}
	return id
}

// UserID is the id of the account username.
func UserID(t testing.TB, pool *pgxpool.Pool, username string) int64 {
	t.Helper()
	return User(t, pool, username).ID
}

// CaseSpec is a case of the classification scheme to add.
type CaseSpec struct {
	Index       string // a fresh one when empty
	Title       string // made up when empty
	Years       int    // kept for this many years; 5 when 0
	Permanent   bool   // kept permanently (Years is ignored)
	Responsible string // username of who is responsible; nobody when empty
}

// Case adds a case through the scheme's use case (as the system) and returns it.
func Case(t testing.TB, pool *pgxpool.Pool, c CaseSpec) petitions.Case {
	t.Helper()
	e := envOf(t, pool)
	n := seq.Add(1)
	if c.Index == "" {
		c.Index = fmt.Sprintf("T%d", n)
	}
	if c.Title == "" {
		c.Title = "Iedzīvotāju iesniegumi (tests " + c.Index + ")"
	}
	in := petitions.CaseInput{CaseIndex: c.Index, Title: c.Title, Active: true}
	if !c.Permanent {
		years := c.Years
		if years == 0 {
			years = 5
		}
		in.RetentionYears = &years
	}
	if c.Responsible != "" {
		id := UserID(t, pool, c.Responsible)
		in.ResponsibleID = &id
	}
	ctx := context.Background()
	if err := e.store(Clock()).SaveCase(ctx, 0, 0, in); err != nil {
		t.Fatalf("petitionstest: case %s: %v", c.Index, err)
	}
	var id int64
	if err := pool.QueryRow(ctx, `select id from doc_cases where case_index = $1`, c.Index).Scan(&id); err != nil {
		t.Fatalf("petitionstest: case %s: %v", c.Index, err)
	}
	got, err := e.store(Clock()).Case(ctx, id)
	if err != nil {
		t.Fatalf("petitionstest: case %s: %v", c.Index, err)
	}
	return got
}

// DefaultCase is the case the fixtures register in when a test names none,
// made once a database.
func DefaultCase(t testing.TB, pool *pgxpool.Pool) petitions.Case {
	t.Helper()
	e := envOf(t, pool)
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.defaultCase.ID == 0 {
		e.defaultCase = Case(t, pool, CaseSpec{Title: "Iedzīvotāju iesniegumi (testi)"})
	}
	return e.defaultCase
}

// Rule adds a dated rule through the rules' use case (as the system) and
// returns it with its id.
func Rule(t testing.TB, pool *pgxpool.Pool, r petitions.Rule) petitions.Rule {
	t.Helper()
	ctx := context.Background()
	if r.BasisLV == "" {
		r.BasisLV, r.BasisEN = "Pārbaudes noteikums", "A test rule"
	}
	if err := envOf(t, pool).store(Clock()).AddRule(ctx, r); err != nil {
		t.Fatalf("petitionstest: rule: %v", err)
	}
	if err := pool.QueryRow(ctx, `select id from petition_deadline_rules where kind = $1 and valid_from = $2`,
		r.Kind, r.ValidFrom).Scan(&r.ID); err != nil {
		t.Fatalf("petitionstest: rule: %v", err)
	}
	return r
}

// Scan is a file registered with a submission.
type Scan struct {
	Name    string
	Content string // a PDF's or an image's bytes: the type is told by them
}

// PDF is the smallest content the files store takes for a PDF.
const PDF = "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"

// Sub is a submission to register through the registering use case.
type Sub struct {
	At        time.Time // when it is registered (the use case's clock); Clock() when zero
	Received  time.Time // an hour before At when zero
	By        string    // username of who registers it; clerk when empty
	Addressee string    // username; chair when empty
	Case      int64     // DefaultCase when 0
	Anonymous bool
	Name      string                 // "Anna Zvaigzne <n>" when empty
	Email     string                 // "anna.<n>@example.lv" when empty
	Address   string                 // "Rīgas iela 1, Daugavpils" when empty
	Code      string                 // personal code; none when empty
	Reply     petitions.ReplyChannel // email when empty
	Channel   petitions.Channel      // email when empty
	Type      petitions.DocType      // submission when empty
	Subject   string                 // "Ielu apgaismojums Cietokšņa ielā" when empty
	Summary   string
	Scans     []Scan
}

// Register registers s through petitions.Store.Register, as s.By at s.At,
// and returns the submission as stored: its number, deadline and check
// code are the registry's own.
func Register(t testing.TB, pool *pgxpool.Pool, s Sub) *petitions.Petition {
	t.Helper()
	e := envOf(t, pool)
	n := seq.Add(1)
	if s.At.IsZero() {
		s.At = Clock()
	}
	if s.Received.IsZero() {
		s.Received = s.At.Add(-time.Hour)
	}
	if s.By == "" {
		s.By = "clerk"
	}
	if s.Addressee == "" {
		s.Addressee = "chair"
	}
	if s.Case == 0 {
		s.Case = DefaultCase(t, pool).ID
	}
	if s.Channel == "" {
		s.Channel = petitions.ChannelEmail
	}
	if s.Type == "" {
		s.Type = petitions.TypeSubmission
	}
	if s.Subject == "" {
		s.Subject = "Ielu apgaismojums Cietokšņa ielā"
	}
	np := petitions.NewPetition{
		IdempotencyKey: fmt.Sprintf("fixture-%d-%d", n, Clock().UnixNano()),
		CaseID:         s.Case, ReceivedAt: s.Received, Channel: s.Channel, DocType: s.Type,
		Anonymous: s.Anonymous, AddresseeID: UserID(t, pool, s.Addressee),
		Subject: s.Subject, Summary: s.Summary, Pages: 1,
	}
	if !s.Anonymous {
		if s.Name == "" {
			s.Name = fmt.Sprintf("Anna Zvaigzne %d", n)
		}
		if s.Email == "" {
			s.Email = fmt.Sprintf("anna.%d@example.lv", n)
		}
		if s.Address == "" {
			s.Address = "Rīgas iela 1, Daugavpils"
		}
		if s.Reply == "" {
			s.Reply = petitions.ReplyEmail
		}
		np.PersonName, np.PersonEmail, np.PersonAddress, np.PersonCode = s.Name, s.Email, s.Address, s.Code
		np.ReplyChannel = s.Reply
	}
	var scans []*files.Staged
	for _, sc := range s.Scans {
		st, err := e.files.Stage(sc.Name, strings.NewReader(sc.Content), 1<<20, []string{files.PDF, files.JPEG, files.PNG, files.TIFF})
		if err != nil {
			t.Fatalf("petitionstest: scan %s: %v", sc.Name, err)
		}
		defer st.Discard()
		scans = append(scans, st)
	}
	p, err := e.store(s.At).Register(As(t, pool, s.By), np, scans)
	if err != nil {
		t.Fatalf("petitionstest: register: %v", err)
	}
	return p
}

// Get is the submission id as stored now.
func Get(t testing.TB, pool *pgxpool.Pool, id int64) *petitions.Petition {
	t.Helper()
	p, err := envOf(t, pool).store(Clock()).Get(context.Background(), pool, id)
	if err != nil {
		t.Fatalf("petitionstest: petition %d: %v", id, err)
	}
	return p
}

// Step takes act on the submission id as username at at (Clock() when
// zero) through petitions.Store.Transition, with the version it has now.
func Step(t testing.TB, pool *pgxpool.Pool, id int64, username string, act petitions.Action, st petitions.Step, at time.Time) {
	t.Helper()
	if at.IsZero() {
		at = Clock()
	}
	st.Version = Get(t, pool, id).Version
	if err := envOf(t, pool).store(at).Transition(As(t, pool, username), id, act, st); err != nil {
		t.Fatalf("petitionstest: %s on %d as %s: %v", act, id, username, err)
	}
}

// Progress moves the registered submission p along the usual way to state,
// at at: the clerk sends it, its addressee resolves it naming the staff
// member with the legal due date, staff answer and close it; staff forward
// it, leave it unexamined or join it to another from registered. It
// returns p as stored after.
func Progress(t testing.TB, pool *pgxpool.Pool, p *petitions.Petition, state petitions.State, at time.Time) *petitions.Petition {
	t.Helper()
	addressee := "chair"
	if err := pool.QueryRow(context.Background(), `select username from users where id = $1`, p.AddresseeID).Scan(&addressee); err != nil {
		t.Fatalf("petitionstest: addressee of %s: %v", p.RegNumber, err)
	}
	switch state {
	case petitions.Registered:
		return p
	case petitions.Forwarded:
		Step(t, pool, p.ID, "staff", petitions.ActForward, petitions.Step{Institution: "Valsts policija"}, at)
		return Get(t, pool, p.ID)
	case petitions.Unexamined:
		Step(t, pool, p.ID, "staff", petitions.ActUnexamined, petitions.Step{Reason: "Anonīms iesniegums"}, at)
		return Get(t, pool, p.ID)
	case petitions.Joined:
		other := Register(t, pool, Sub{At: p.CreatedAt, Received: p.ReceivedAt, Addressee: addressee})
		Step(t, pool, p.ID, "staff", petitions.ActJoin, petitions.Step{Target: other.RegNumber}, at)
		return Get(t, pool, p.ID)
	}
	Step(t, pool, p.ID, "clerk", petitions.ActSend, petitions.Step{}, at)
	if state == petitions.AwaitingResolution {
		return Get(t, pool, p.ID)
	}
	Step(t, pool, p.ID, addressee, petitions.ActResolve, petitions.Step{
		Resolution: "Sagatavot atbildi.", Users: []int64{UserID(t, pool, "staff")}, ExecDue: p.LegalDueDate,
	}, at)
	if state == petitions.InProgress {
		return Get(t, pool, p.ID)
	}
	reply := petitions.ReplyPost
	if p.ReplyChannel != nil {
		reply = petitions.ReplyChannel(*p.ReplyChannel)
	}
	Step(t, pool, p.ID, "staff", petitions.ActAnswer, petitions.Step{
		AnswerNumber: "ATB-" + p.RegNumber, AnswerOn: calendar.DateOf(at), AnswerChannel: reply, AnswerText: "Atbilde.",
	}, at)
	if state == petitions.Answered {
		return Get(t, pool, p.ID)
	}
	Step(t, pool, p.ID, "staff", petitions.ActClose, petitions.Step{}, at)
	return Get(t, pool, p.ID)
}

// Row is a submission put straight into the table, for the lists: any
// state with any dates and due date, and no timeline. Its number is
// "<case index>/<Year>/<n>".
type Row struct {
	Case      petitions.Case // DefaultCase when zero
	Year      int            // the registration year of its number; 2099 when 0, apart from the forms' numbers
	Name      string         // the person; "" only with Anonymous
	Anonymous bool
	Subject   string // "Par ielas apgaismojumu" when empty
	State     petitions.State
	Type      petitions.DocType
	Channel   petitions.Channel
	Addressee string    // username; chair when empty
	CreatedBy string    // username; staff when empty
	Created   time.Time // Received when zero
	Received  time.Time // an hour ago when zero
	Due       time.Time // ten days after receipt when zero
	Forward   time.Time // the forwarding term; none when zero
	// Forwarded is when it was forwarded (give State Forwarded and a
	// Forward term): kept as the forward step keeps it, with its event.
	Forwarded time.Time
	Answered  time.Time
	Executor  string // username named in the resolution
	JoinedTo  int64  // for State Joined: the submission it is joined to; itself when 0
}

// Inserted is a row Insert made.
type Inserted struct {
	ID     int64
	Number string
}

// Insert puts r into the table and returns its id and number.
func Insert(t testing.TB, pool *pgxpool.Pool, r Row) Inserted {
	t.Helper()
	ctx := context.Background()
	if r.Case.ID == 0 {
		r.Case = DefaultCase(t, pool)
	}
	if r.Year == 0 {
		r.Year = 2099
	}
	if r.State == "" {
		r.State = petitions.Registered
	}
	if r.Type == "" {
		r.Type = petitions.TypeSubmission
	}
	if r.Channel == "" {
		r.Channel = petitions.ChannelEmail
	}
	if r.Subject == "" {
		r.Subject = "Par ielas apgaismojumu"
	}
	if r.Addressee == "" {
		r.Addressee = "chair"
	}
	if r.CreatedBy == "" {
		r.CreatedBy = "staff"
	}
	if r.Received.IsZero() {
		r.Received = Clock().Add(-time.Hour)
	}
	if r.Created.IsZero() {
		r.Created = r.Received
	}
	if r.Due.IsZero() {
		r.Due = calendar.DateOf(r.Received).AddDate(0, 0, 10)
	}
	n := seq.Add(1)
	p := Inserted{Number: fmt.Sprintf("%s/%d/%d", r.Case.CaseIndex, r.Year, n)}
	var answered, resolutionAt, joinedTo, forward any
	if !r.Answered.IsZero() {
		answered = r.Answered
	}
	if !r.Forward.IsZero() {
		forward = r.Forward
	}
	if r.State == petitions.InProgress || r.State == petitions.Answered || r.State == petitions.Closed {
		resolutionAt = r.Received.Add(time.Hour)
	}
	if r.JoinedTo != 0 {
		joinedTo = r.JoinedTo
	}
	// The id is taken first, so that a joined row may be joined to itself.
	err := pool.QueryRow(ctx, `
		with n as (select nextval(pg_get_serial_sequence('petitions', 'id')) as id)
		insert into petitions (id, reg_number, case_id, reg_year, reg_seq, received_at, channel, doc_type,
			anonymous, person_name, addressee_id, subject, state, due_date, legal_due_date, due_explanation,
			check_code, idempotency_key, created_at, created_by, answered_on, resolution_at, joined_to_id, forward_due_date)
		overriding system value
		select n.id, $1, $2, $3, $4, $5, $6, $7, $8, $9, (select id from users where username = $10),
			$11, $12, $13, $13, '{}', 'FIXTURE1', $14, $15, (select id from users where username = $16), $17, $18,
			case when $12 = 'joined' then coalesce($19, n.id) end, $20
		from n
		returning id`,
		p.Number, r.Case.ID, r.Year, n, r.Received, string(r.Channel), string(r.Type),
		r.Anonymous, r.Name, r.Addressee, r.Subject, string(r.State), r.Due,
		fmt.Sprintf("fixture-row-%d-%d", r.Year, n), r.Created, r.CreatedBy, answered, resolutionAt, joinedTo, forward).Scan(&p.ID)
	if err != nil {
		t.Fatalf("petitionstest: insert %+v: %v", r, err)
	}
	// The year's counter is moved past the number taken, as registering
	// would: a submission the server registers later in the same year and
	// package does not get it again.
	if _, err := pool.Exec(ctx, `insert into petition_counters (year, last) values ($1, $2)
		on conflict (year) do update set last = greatest(petition_counters.last, excluded.last)`, r.Year, n); err != nil {
		t.Fatalf("petitionstest: counter: %v", err)
	}
	if !r.Forwarded.IsZero() {
		if _, err := pool.Exec(ctx, `update petitions set forwarded_to = 'Valsts iestāde',
				forwarded_on_time = ($2::timestamptz at time zone 'Europe/Riga')::date <= forward_due_date where id = $1`,
			p.ID, r.Forwarded); err != nil {
			t.Fatalf("petitionstest: forwarded: %v", err)
		}
		if _, err := pool.Exec(ctx, `insert into petition_events (petition_id, kind, from_state, to_state, created_at)
			values ($1, 'forward', 'registered', 'forwarded', $2)`, p.ID, r.Forwarded); err != nil {
			t.Fatalf("petitionstest: forward event: %v", err)
		}
	}
	if r.Executor != "" {
		if _, err := pool.Exec(ctx, `insert into petition_executors (petition_id, user_id, due_date)
			values ($1, (select id from users where username = $2), $3)`, p.ID, r.Executor, r.Due); err != nil {
			t.Fatalf("petitionstest: executor: %v", err)
		}
	}
	return p
}

// Noon is the day of t at noon in Riga: a clock set to it runs a test the
// same at any hour.
func Noon(t time.Time) time.Time {
	y, m, d := t.In(i18n.Riga).Date()
	return time.Date(y, m, d, 12, 0, 0, 0, i18n.Riga)
}
