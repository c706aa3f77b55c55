package press_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/daugavpils/prdesk/internal/contacts"
	"github.com/daugavpils/prdesk/internal/db/dbtest"
	"github.com/daugavpils/prdesk/internal/errs"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/press"
	"github.com/daugavpils/prdesk/internal/press/presstest"
)

// Two emergencies never overlap, and one declared until ended overlaps
// every later one: each test declares its own after every emergency the
// package's database holds (after), whatever order the tests run in, and
// ends what it declared.

// after is a morning a week after every emergency in pool, in 2095 or later.
func after(t *testing.T, pool *pgxpool.Pool) time.Time {
	t.Helper()
	var last *time.Time
	if err := pool.QueryRow(context.Background(), `select max(greatest(starts_at, ends_at, ended_at)) from press_emergencies`).Scan(&last); err != nil {
		t.Fatal(err)
	}
	base := time.Date(2095, 1, 1, 0, 0, 0, 0, i18n.Riga)
	if last != nil && last.After(base) {
		base = *last
	}
	d := base.In(i18n.Riga).AddDate(0, 0, 7)
	return time.Date(d.Year(), d.Month(), d.Day(), 9, 0, 0, 0, i18n.Riga)
}

// clocked is a store whose clock the test sets, at at.
func clocked(pool *pgxpool.Pool, at time.Time) (*press.Store, *presstest.SetClock) {
	clock := &presstest.SetClock{}
	clock.Set(at)
	return press.NewStore(press.Deps{Pool: pool, Contacts: contacts.NewStore(contacts.Deps{Pool: pool, Now: clock.Now}),
		Now: clock.Now}), clock
}

func emergencyAt(title string, minutes int) press.Emergency {
	return press.Emergency{Title: title, TargetMinutes: minutes, Template: "Pašvaldība ir informēta par [kas noticis]."}
}

func TestEmergencyRules(t *testing.T) {
	start := time.Date(2030, 5, 1, 10, 0, 0, 0, i18n.Riga)
	end := start.Add(time.Hour)
	e := press.Emergency{StartsAt: start, EndsAt: &end, TargetMinutes: 30, Template: "x"}
	for _, c := range []struct {
		at   time.Time
		want press.EmergencyState
	}{{start.Add(-time.Second), press.EmergencyPlanned}, {start, press.EmergencyActive}, {end.Add(-time.Second), press.EmergencyActive},
		{end, press.EmergencyOver}} {
		if got := e.State(c.at); got != c.want {
			t.Errorf("at %s: %s, want %s", c.at.Format(time.TimeOnly), got, c.want)
		}
	}
	ended := start.Add(10 * time.Minute)
	e.EndedAt = &ended
	if e.State(start.Add(5*time.Minute)) != press.EmergencyOver || *e.Until() != ended {
		t.Error("an ended emergency is over, until it was ended")
	}
	past := start.Add(-time.Hour)
	bad := press.Emergency{StartsAt: start, EndsAt: &past, TargetMinutes: 2, Template: " "}
	var got []string
	for _, p := range bad.Check(start, true) {
		got = append(got, p[0]+": "+p[1])
	}
	want := []string{"ends_date: press.emergency.ends_before_start", "target_minutes: press.emergency.target_minutes_invalid",
		"template: press.emergency.template_required"}
	if !slices.Equal(got, want) {
		t.Errorf("checks: %v", got)
	}
	// The gaps of the holding statement must be filled in.
	tmpl := "Pašvaldība ir informēta par [kas noticis]. Nākamā informācija [kad]."
	if g := press.Unfilled("Pašvaldība ir informēta par plūdiem. Nākamā informācija [kad].", tmpl); !slices.Equal(g, []string{"[kad]"}) {
		t.Errorf("unfilled: %v", g)
	}
	if g := press.Unfilled("Teksts [ar iekavām], kas nav veidnē.", tmpl); len(g) != 0 {
		t.Errorf("brackets of one's own: %v", g)
	}
	// Minutes round up: 30 seconds late is a minute late.
	if press.Minutes(30*time.Second) != 1 || press.Minutes(10*time.Minute) != 10 {
		t.Error("minutes")
	}
}

func TestOneEmergencyAtATime(t *testing.T) {
	pool := dbtest.Pool(t)
	now := after(t, pool)
	s, clock := clocked(pool, now)
	head := presstest.As(t, pool, "head")

	first, err := s.DeclareEmergency(head, emergencyAt("Plūdi Grīvā", 30))
	if err != nil {
		t.Fatal(err)
	}
	active, err := s.ActiveEmergency(head)
	if err != nil || active.ID != first || !active.StartsAt.Equal(now) || active.EndsAt != nil {
		t.Fatalf("the active one: %+v %v", active, err)
	}
	// Another from an hour later overlaps the first, which has no end.
	later := emergencyAt("Vētra", 15)
	later.StartsAt = now.Add(time.Hour)
	if _, err := s.DeclareEmergency(head, later); refusal(err) != "starts_date: press.emergency.overlap" {
		t.Fatalf("a second one: %s", refusal(err))
	}
	// An end already past is refused beside the end.
	past := now.Add(-time.Minute)
	gone := emergencyAt("Jau beigusies", 30)
	gone.StartsAt, gone.EndsAt = now.Add(-time.Hour), &past
	if _, err := s.DeclareEmergency(head, gone); refusal(err) != "ends_date: press.emergency.ends_past" {
		t.Fatalf("an end in the past: %s", refusal(err))
	}

	// A stale edit changes nothing.
	e, _ := s.Emergency(head, first)
	edited := e
	edited.TargetMinutes = 20
	edited.Template = "Precizēta sagatave."
	if err := s.UpdateEmergency(head, edited); err != nil {
		t.Fatal(err)
	}
	var summary string
	if err := pool.QueryRow(context.Background(), `select summary from audit_log where entity = 'press_emergency' and entity_id = $1
		and action = 'update' order by id desc limit 1`, strconv.FormatInt(first, 10)).Scan(&summary); err != nil ||
		!strings.Contains(summary, "mainīts: paziņojuma sagatave") || !strings.Contains(summary, "20 min") {
		t.Errorf("the timeline says what changed: %q %v", summary, err)
	}
	e.Title = "Plūdi Grīvā un Judovkā"
	if err := s.UpdateEmergency(head, e); refusal(err) != "title: errors.conflict" {
		t.Fatalf("a stale edit: %s", refusal(err))
	}
	if err := s.EndEmergency(head, first, e.Version); !errors.Is(err, errs.Conflict) {
		t.Fatalf("ended at a stale version: %v", err)
	}

	clock.Set(now.Add(2 * time.Hour))
	if err := s.EndEmergency(head, first, e.Version+1); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ActiveEmergency(head); !errors.Is(err, errs.NotFound) {
		t.Fatalf("active after the end: %v", err)
	}
	if err := s.EndEmergency(head, first, e.Version+2); !errors.Is(err, press.ErrEmergencyEnded) {
		t.Fatalf("ended twice: %v", err)
	}
	ended, _ := s.Emergency(head, first)
	if err := s.UpdateEmergency(head, ended); refusal(err) != "title: press.emergency.already_ended" {
		t.Fatalf("an ended one edited: %s", refusal(err))
	}
	// From the moment the first ended, the next may begin.
	second, err := s.DeclareEmergency(head, emergencyAt("Vētra", 15))
	if err != nil {
		t.Fatal(err)
	}
	if active, err := s.ActiveEmergency(head); err != nil || active.ID != second {
		t.Fatalf("the second: %v %v", active.ID, err)
	}
	// The database itself refuses two at once, whatever a store checks.
	_, err = pool.Exec(context.Background(), `insert into press_emergencies (title, template, starts_at, target_minutes, created_at, updated_at)
		values ('Trešā', 'x', $1, 30, $1, $1)`, now.Add(3*time.Hour))
	if err == nil || !strings.Contains(err.Error(), "press_emergencies_one_at_a_time") {
		t.Fatalf("a third one straight into the table: %v", err)
	}
	v, _ := s.Emergency(head, second)
	if err := s.EndEmergency(head, second, v.Version); err != nil {
		t.Fatal(err)
	}
}

func TestStatementsAgainstTheTarget(t *testing.T) {
	pool := dbtest.Pool(t)
	t0 := after(t, pool)
	s, clock := clocked(pool, t0)
	head, staff, unit := presstest.As(t, pool, "head"), presstest.As(t, pool, "staff"), presstest.As(t, pool, "unit")
	eid, err := s.DeclareEmergency(head, emergencyAt("Ūdensvada avārija", 30))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if e, err := s.Emergency(head, eid); err == nil && e.Editable() {
			_ = s.EndEmergency(head, eid, e.Version)
		}
	})

	clock.Set(t0.Add(5 * time.Minute))
	body := "Pašvaldība ir informēta par avāriju Cietokšņa ielā. Ūdens tiks atjaunots līdz plkst. 18.00."
	key := fmt.Sprintf("statement-%d", serial.Add(1))
	own, err := s.SubmitStatement(unit, press.Statement{EmergencyID: eid, UnitName: "Daugavpils ūdens", Channel: "Visi mediji",
		Body: body, IdempotencyKey: key})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.SubmitStatement(unit, press.Statement{EmergencyID: eid, UnitName: "Daugavpils ūdens", Channel: "Visi mediji",
		Body: body, IdempotencyKey: key}); !errors.Is(err, press.ErrDuplicateKey) {
		t.Fatalf("the same form twice: %v", err)
	}
	p, err := s.StatementFor(unit, own)
	if err != nil || !p.DueAt.Equal(t0.Add(35*time.Minute)) || p.Status != press.StatementSubmitted {
		t.Fatalf("due 30 minutes after it was submitted: %+v %v", p, err)
	}
	// Overdue by the clock, never by the hour the test runs.
	if p.Overdue(t0.Add(35*time.Minute)) || press.Minutes(p.Left(t0.Add(25*time.Minute))) != 10 {
		t.Error("not overdue within the target")
	}
	if !p.Overdue(t0.Add(50*time.Minute)) || press.Minutes(p.Late(t0.Add(50*time.Minute))) != 15 {
		t.Error("overdue past the target")
	}

	// The department enters one for someone; the unit sees its own only.
	theirs, err := s.SubmitStatement(staff, press.Statement{EmergencyID: eid, UnitName: "Daugavpils ūdens", Channel: "LTV",
		Body: "Lūdzam iedzīvotājus uzkrāt ūdeni.", OnBehalfOf: "Jānis Ozoliņš, direktors"})
	if err != nil {
		t.Fatal(err)
	}
	mine, err := s.MyStatements(unit)
	var ids []int64
	for _, m := range mine {
		ids = append(ids, m.ID)
		if m.SubmittedBy != mine[0].SubmittedBy {
			t.Errorf("the unit's list holds statement %d of another", m.ID)
		}
	}
	if err != nil || !slices.Contains(ids, own) || slices.Contains(ids, theirs) {
		t.Fatalf("the unit's own: %v %v", ids, err)
	}
	if _, err := s.StatementFor(unit, theirs); !errors.Is(err, errs.Forbidden) {
		t.Fatalf("another's statement for the unit: %v", err)
	}
	if _, err := s.StatementFor(staff, own); err != nil {
		t.Fatalf("the unit's statement for the department: %v", err)
	}
	// The list of emergencies counts its statements and those waiting.
	all, err := s.Emergencies(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range all {
		if e.ID == eid && (e.Statements != 2 || e.Waiting != 2) {
			t.Errorf("emergency %d listed with %d statements, %d waiting", eid, e.Statements, e.Waiting)
		}
	}
	// The unit does not decide, not even on its own.
	if err := s.DecideStatement(unit, own, p.Version, press.StatementDecision{Approve: true, Text: body}); !errors.Is(err, errs.Forbidden) {
		t.Fatalf("the unit deciding: %v", err)
	}

	// A rejection needs its reason; refused, nothing changes.
	clock.Set(t0.Add(50 * time.Minute))
	if err := s.DecideStatement(staff, own, p.Version, press.StatementDecision{Comment: "  "}); refusal(err) != "comment: press.statement.reason_required" {
		t.Fatalf("rejected without a reason: %s", refusal(err))
	}
	if p, _ = s.Statement(staff, own); p.Status != press.StatementSubmitted {
		t.Fatal("a refused decision changed the statement")
	}
	// Edited and approved: both texts kept; decided 15 minutes late.
	edited := strings.Replace(body, "līdz plkst. 18.00", "vakarā", 1)
	if err := s.DecideStatement(staff, own, p.Version, press.StatementDecision{Approve: true, Text: edited,
		Comment: "Laiku nesoliet precīzi."}); err != nil {
		t.Fatal(err)
	}
	p, _ = s.Statement(staff, own)
	if p.Status != press.StatementEdited || p.Body != body || p.ApprovedText != edited || p.DecidedAt == nil ||
		press.Minutes(p.Late(*p.DecidedAt)) != 15 || press.Minutes(p.Took()) != 45 || p.DeciderName == "" {
		t.Fatalf("edited approval: %+v", p)
	}
	if err := s.DecideStatement(head, own, p.Version, press.StatementDecision{Comment: "Nē"}); refusal(err) != "comment: press.statement.already_decided" {
		t.Fatalf("decided twice: %s", refusal(err))
	}
	// The text approved unchanged (but for line ends) is approved as it is.
	q, _ := s.Statement(staff, theirs)
	if err := s.DecideStatement(head, theirs, q.Version+1, press.StatementDecision{Approve: true, Text: q.Body}); refusal(err) != "comment: errors.conflict" {
		t.Fatalf("a stale decision: %s", refusal(err))
	}
	if err := s.DecideStatement(head, theirs, q.Version, press.StatementDecision{Approve: true, Text: q.Body + "\r\n"}); err != nil {
		t.Fatal(err)
	}
	if q, _ = s.Statement(staff, theirs); q.Status != press.StatementApproved || q.ApprovedText != q.Body {
		t.Fatalf("approved as it is: %+v", q)
	}
	// The database keeps the texts apart too: an "edit" equal to the text
	// submitted is refused.
	if _, err := pool.Exec(context.Background(), `update press_statements set status = 'edited', approved_text = body where id = $1`, theirs); err == nil {
		t.Fatal("an edit equal to the text was stored")
	}

	third, err := s.SubmitStatement(unit, press.Statement{EmergencyID: eid, UnitName: "Daugavpils ūdens", Channel: "Radio",
		Body: "Avārijā cietušo nav."})
	if err != nil {
		t.Fatal(err)
	}
	r, _ := s.Statement(staff, third)
	if err := s.DecideStatement(staff, third, r.Version, press.StatementDecision{Comment: "Informāciju sniegs policija."}); err != nil {
		t.Fatal(err)
	}

	// Ended: no more statements are taken.
	e, _ := s.Emergency(head, eid)
	clock.Set(t0.Add(3 * time.Hour))
	if err := s.EndEmergency(head, eid, e.Version); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SubmitStatement(unit, press.Statement{EmergencyID: eid, UnitName: "Daugavpils ūdens", Channel: "LSM",
		Body: "Vēl kas."}); refusal(err) != "body: press.statement.not_in_force" {
		t.Fatalf("submitted after the end: %s", refusal(err))
	}

	// The timeline for the review: everything, in order.
	e, _ = s.Emergency(head, eid)
	ps, err := s.EmergencyStatements(head, eid)
	if err != nil || len(ps) != 3 {
		t.Fatalf("statements: %d %v", len(ps), err)
	}
	events, err := s.EmergencyTimeline(head, e, ps, nil)
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, ev := range events {
		kinds = append(kinds, ev.Kind)
	}
	if !slices.Equal(kinds, []string{"declared", "submitted", "submitted", "edited", "approved", "submitted", "rejected", "ended"}) {
		t.Fatalf("timeline: %v", kinds)
	}
	var audit []string
	rows, _ := pool.Query(context.Background(), `select action from audit_log where entity = 'press_statement' and entity_id = $1 order by id`,
		fmt.Sprint(own))
	for rows.Next() {
		var a string
		_ = rows.Scan(&a)
		audit = append(audit, a)
	}
	if !slices.Equal(audit, []string{"submit", "approve_edited"}) {
		t.Fatalf("the statement's audit entries: %v", audit)
	}
}

// endAll ends every emergency a test left in force, as the head at at.
func endAll(t *testing.T, pool *pgxpool.Pool, at time.Time) {
	s, _ := clocked(pool, at)
	head := presstest.As(t, pool, "head")
	es, err := s.Emergencies(head)
	if err != nil {
		t.Error(err)
		return
	}
	for _, e := range es {
		if e.Editable() {
			if err := s.EndEmergency(head, e.ID, e.Version); err != nil {
				t.Error(err)
			}
		}
	}
}
