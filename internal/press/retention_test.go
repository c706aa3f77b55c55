package press_test

import (
	"context"
	"encoding/json"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"

	"github.com/daugavpils/prdesk/internal/apptest"
	"github.com/daugavpils/prdesk/internal/contacts/contactstest"
	"github.com/daugavpils/prdesk/internal/db/dbtest"
	"github.com/daugavpils/prdesk/internal/jobs"
	"github.com/daugavpils/prdesk/internal/press"
	"github.com/daugavpils/prdesk/internal/press/presstest"
)

// expiring are the area's records each in one situation of the
// retention rules, as of now.
type expiring struct {
	oldAcc, recentAcc, oldStatement, recentStatement, activeStatement int64
	contact                                                           int64
}

// pastEvent is an event held between ends-1h and ends, with one journalist
// accredited by staff; it returns the accreditation.
func pastEvent(t *testing.T, pool *pgxpool.Pool, ends time.Time, who string) int64 {
	t.Helper()
	ev := presstest.AddEvent(t, pool, press.Event{AccreditationOpen: true})
	aid, err := presstest.Store(pool).Accredit(context.Background(), ev, press.Accreditation{Name: who, Outlet: "Latgales Laiks",
		Email: strings.ToLower(strings.Fields(who)[0]) + strconv.FormatInt(ev, 10) + "@example.lv", Phone: "+37129000001",
		Crew: "Operators ar statīvu"}, false)
	if err != nil {
		t.Fatal(err)
	}
	exec(t, pool, `update press_events set starts_at = $2, ends_at = $3, status = 'held' where id = $1`, ev, ends.Add(-time.Hour), ends)
	return aid
}

// pastStatement is a statement entered for "Jānis Ozoliņš" in an
// emergency that ended at ends (none: still in force), at a free moment
// near it.
func pastStatement(t *testing.T, pool *pgxpool.Pool, ends *time.Time, starts time.Time) int64 {
	t.Helper()
	var head int64
	presstest.As(t, pool, "head")
	if err := pool.QueryRow(context.Background(), `select id from users where username = 'head'`).Scan(&head); err != nil {
		t.Fatal(err)
	}
	var em, id int64
	err := pool.QueryRow(context.Background(), `insert into press_emergencies (title, template, starts_at, ended_at, ended_by,
		target_minutes, created_at, updated_at, created_by) values ('Plūdi', 'Pašvaldība ir informēta.', $1, $2, $3, 30, $1, $1, $4)
		returning id`, starts, ends, func() *int64 {
		if ends == nil {
			return nil
		}
		return &head
	}(), head).Scan(&em)
	if err != nil {
		t.Fatal(err)
	}
	err = pool.QueryRow(context.Background(), `insert into press_statements (emergency_id, unit_name, on_behalf_of, channel, body,
		submitted_by, submitted_at, due_at, created_at, updated_at, created_by)
		values ($1, 'Daugavpils ūdens', 'Jānis Ozoliņš, direktors', 'LTV', 'Lūdzam uzkrāt ūdeni.', $2, $3::timestamptz, $3::timestamptz + interval '30 minutes', $3, $3, $2)
		returning id`, em, head, starts.Add(time.Minute)).Scan(&id)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func exec(t *testing.T, pool *pgxpool.Pool, sql string, args ...any) {
	t.Helper()
	if _, err := pool.Exec(context.Background(), sql, args...); err != nil {
		t.Fatal(err)
	}
}

// setUpExpiring makes, as of now: an accreditation to an event that
// ended 13 months ago (matched to the directory, marked as come) and one
// to an event 2 months ago; a statement for someone in an emergency ended
// six years ago and one a year and a day ago.
func setUpExpiring(t *testing.T, pool *pgxpool.Pool, now time.Time) expiring {
	t.Helper()
	var x expiring
	x.oldAcc = pastEvent(t, pool, now.AddDate(0, -13, 0), "Anna Bērziņa")
	x.recentAcc = pastEvent(t, pool, now.AddDate(0, -2, 0), "Dace Kalniņa")
	x.contact = contactstest.NewPerson(t, pool, "Anna", "Bērziņa")
	exec(t, pool, `update press_accreditations set contact_id = $2, attended = true where id = $1`, x.oldAcc, x.contact)
	// Emergencies one at a time: each at a moment of its own.
	free := func(base time.Time) time.Time { return base.Add(-time.Duration(rand.Int64N(200_000)) * time.Hour / 4) }
	oldStart := free(now.AddDate(-6, 0, 0))
	oldEnd := oldStart.Add(3 * time.Hour)
	x.oldStatement = pastStatement(t, pool, &oldEnd, oldStart)
	recentStart := now.AddDate(-1, 0, -1).Add(-time.Duration(rand.Int64N(20_000)) * time.Minute)
	recentEnd := recentStart.Add(2 * time.Hour)
	x.recentStatement = pastStatement(t, pool, &recentEnd, recentStart)
	return x
}

type accRow struct {
	Name, Outlet, Email, Phone, Crew string
	ContactID                        *int64
	Attended                         *bool
	Removed                          bool
}

func accreditation(t *testing.T, pool *pgxpool.Pool, id int64) accRow {
	t.Helper()
	var a accRow
	if err := pool.QueryRow(context.Background(), `select name, outlet, email, phone, crew, contact_id, attended, removed_at is not null
		from press_accreditations where id = $1`, id).Scan(&a.Name, &a.Outlet, &a.Email, &a.Phone, &a.Crew, &a.ContactID, &a.Attended, &a.Removed); err != nil {
		t.Fatal(err)
	}
	return a
}

func onBehalfOf(t *testing.T, pool *pgxpool.Pool, id int64) (string, bool) {
	t.Helper()
	var s string
	var removed bool
	if err := pool.QueryRow(context.Background(), `select on_behalf_of, on_behalf_removed_at is not null from press_statements where id = $1`,
		id).Scan(&s, &removed); err != nil {
		t.Fatal(err)
	}
	return s, removed
}

// The counts say what a run would remove; the run blanks and hides the
// old accreditations and the old statements' "on behalf of", keeps the
// recent ones, the texts, the attendance and the directory's link, writes
// one audit entry of counts, and a second run removes nothing.
func TestRetentionRemovesExpiredPressData(t *testing.T) {
	pool := dbtest.Pool(t)
	now := time.Date(2031, time.March, 10, 12, 0, 0, 0, time.UTC)
	s := press.NewStore(press.Deps{Pool: pool, Now: func() time.Time { return now }})
	x := setUpExpiring(t, pool, now)
	ctx := context.Background()

	p, err := s.RetentionPreview(ctx, now)
	if err != nil {
		t.Fatal(err)
	}
	if p.Retention.AccreditationMonths != press.DefaultAccreditationMonths || p.Retention.StatementYears != press.DefaultStatementYears {
		t.Errorf("the defaults: %+v", p.Retention)
	}
	if p.Accreditations < 1 || p.Statements < 1 {
		t.Fatalf("due: %+v", p)
	}
	event := func(aid int64) int64 {
		var ev int64
		pool.QueryRow(ctx, `select event_id from press_accreditations where id = $1`, aid).Scan(&ev)
		return ev
	}
	oldEvent := event(x.oldAcc)
	var since int64
	pool.QueryRow(ctx, `select coalesce(max(id), 0) from audit_log`).Scan(&since)

	res, err := s.RemoveExpired(ctx, now)
	if err != nil {
		t.Fatal(err)
	}
	if res.Accreditations != p.Accreditations || res.Statements != p.Statements {
		t.Errorf("removed %+v, the preview said %+v", res, p)
	}
	a := accreditation(t, pool, x.oldAcc)
	if !a.Removed || a.Name != "—" || a.Outlet != "—" || a.Email != "removed" || a.Phone != "" || a.Crew != "" {
		t.Errorf("the old accreditation keeps its data: %+v", a)
	}
	if a.ContactID == nil || *a.ContactID != x.contact || a.Attended == nil || !*a.Attended {
		t.Errorf("the old accreditation lost its link or attendance: %+v", a)
	}
	if shown, err := s.Accreditations(ctx, oldEvent); err != nil || len(shown) != 0 {
		t.Errorf("the removed accreditation is still shown: %v %v", shown, err)
	}
	if a := accreditation(t, pool, x.recentAcc); a.Removed || a.Name != "Dace Kalniņa" || a.Phone == "" {
		t.Errorf("the recent accreditation was touched: %+v", a)
	}
	if who, removed := onBehalfOf(t, pool, x.oldStatement); who != "" || !removed {
		t.Errorf("the old statement keeps whom it was for: %q", who)
	}
	if who, removed := onBehalfOf(t, pool, x.recentStatement); who == "" || removed {
		t.Error("the recent statement lost whom it was for")
	}
	var body string
	pool.QueryRow(ctx, `select body from press_statements where id = $1`, x.oldStatement).Scan(&body)
	if body == "" {
		t.Error("the statement's text went")
	}

	var summary string
	var details []byte
	var entries int
	pool.QueryRow(ctx, `select count(*) from audit_log where id > $1 and entity = 'press_retention'`, since).Scan(&entries)
	pool.QueryRow(ctx, `select summary, details from audit_log where id > $1 and entity = 'press_retention' and action = 'anonymize'
		order by id desc limit 1`, since).Scan(&summary, &details)
	var counted press.RetentionResult
	_ = json.Unmarshal(details, &counted)
	if entries != 1 || counted != res || strings.Contains(summary, "Bērziņa") || strings.Contains(string(details), "Ozoliņš") ||
		!strings.Contains(summary, strconv.Itoa(res.Accreditations)+" akreditācijas") {
		t.Errorf("audit: %d entries, %q, %s", entries, summary, details)
	}

	// A second run finds nothing more, and says so in its entry.
	if p, _ := s.RetentionPreview(ctx, now); p.Total() != 0 {
		t.Errorf("due again: %+v", p)
	}
	again, err := s.RemoveExpired(ctx, now)
	if err != nil || again.Total() != 0 {
		t.Errorf("the second run: %+v %v", again, err)
	}
	// A shorter period reaches the recent ones.
	r, _ := s.Retention(ctx)
	if err := s.SetRetention(ctx, press.Retention{AccreditationMonths: 1, StatementYears: 1, Version: r.Version}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		r, _ := s.Retention(context.Background())
		_ = s.SetRetention(context.Background(), press.Retention{AccreditationMonths: press.DefaultAccreditationMonths,
			StatementYears: press.DefaultStatementYears, Version: r.Version})
	})
	if res, err := s.RemoveExpired(ctx, now); err != nil || res.Accreditations < 1 || res.Statements < 1 {
		t.Errorf("with shorter periods: %+v %v", res, err)
	}
	if a := accreditation(t, pool, x.recentAcc); !a.Removed {
		t.Error("the shorter period kept the accreditation")
	}
}

// An emergency still in force has no end: its statements are never due.
func TestRetentionKeepsAnEmergencyInForce(t *testing.T) {
	pool := dbtest.Pool(t)
	// An emergency in force overlaps every later one: it begins after all
	// there are, and goes after the test.
	var last *time.Time
	if err := pool.QueryRow(context.Background(), `select max(greatest(starts_at, ends_at, ended_at)) from press_emergencies`).Scan(&last); err != nil {
		t.Fatal(err)
	}
	start := time.Date(2300, time.January, 1, 9, 0, 0, 0, time.UTC)
	if last != nil && last.After(start) {
		start = last.AddDate(0, 0, 7)
	}
	now := start.AddDate(20, 0, 0)
	s := press.NewStore(press.Deps{Pool: pool, Now: func() time.Time { return now }})
	id := pastStatement(t, pool, nil, start)
	var em int64
	pool.QueryRow(context.Background(), `select emergency_id from press_statements where id = $1`, id).Scan(&em)
	t.Cleanup(func() {
		pool.Exec(context.Background(), `delete from press_statements where emergency_id = $1`, em)
		pool.Exec(context.Background(), `delete from press_emergencies where id = $1`, em)
	})
	if _, err := s.RemoveExpired(context.Background(), now); err != nil {
		t.Fatal(err)
	}
	if who, _ := onBehalfOf(t, pool, id); who == "" {
		t.Error("a statement of an emergency in force lost whom it was for")
	}
}

func TestRetentionSettingRefusesBadPeriodsAndStaleForms(t *testing.T) {
	pool := dbtest.Pool(t)
	s := presstest.Store(pool)
	ctx := context.Background()
	r, err := s.Retention(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []press.Retention{{AccreditationMonths: 0, StatementYears: 5}, {AccreditationMonths: 121, StatementYears: 5},
		{AccreditationMonths: 12, StatementYears: 0}, {AccreditationMonths: 12, StatementYears: 31}} {
		bad.Version = r.Version
		if err := s.SetRetention(ctx, bad); err == nil {
			t.Errorf("%+v saved", bad)
		}
	}
	if err := s.SetRetention(ctx, press.Retention{AccreditationMonths: 6, StatementYears: 3, Version: r.Version}); err != nil {
		t.Fatal(err)
	}
	if err := s.SetRetention(ctx, press.Retention{AccreditationMonths: 7, StatementYears: 3, Version: r.Version}); err == nil {
		t.Error("a stale form was saved")
	}
	if got, _ := s.Retention(ctx); got.AccreditationMonths != 6 || got.StatementYears != 3 || got.Version != r.Version+1 {
		t.Errorf("stored %+v", got)
	}
	if err := s.SetRetention(ctx, press.Retention{AccreditationMonths: press.DefaultAccreditationMonths,
		StatementYears: press.DefaultStatementYears, Version: r.Version + 1}); err != nil {
		t.Fatal(err)
	}
}

// The page is the head's: staff may neither open it nor run it; the head
// sets the periods (bad input beside its field, 422, nothing saved; a
// stale form 409), sees the counts and runs the removal.
func TestRetentionPage(t *testing.T) {
	srv := apptest.New(t)
	now := time.Now()
	x := setUpExpiring(t, srv.Pool, now)
	head, staff := srv.Client(t, "head"), srv.Client(t, "staff")

	if res := staff.Get(t, "/press/retention"); res.StatusCode != http.StatusForbidden {
		t.Errorf("staff's page: %d", res.StatusCode)
	}
	if res := staff.PostForm(t, "/press/retention/run", url.Values{"as_of": {now.Format(time.RFC3339Nano)}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("staff ran it: %d", res.StatusCode)
	}
	page := head.Get(t, "/press/retention")
	if page.StatusCode != http.StatusOK || !strings.Contains(page.Body, `action="/press/retention/run"`) ||
		!strings.Contains(page.Body, `data-kind="accreditations"`) || strings.Contains(page.Body, "Bērziņa") {
		t.Fatalf("the head's page: %d", page.StatusCode)
	}
	version := func() string {
		var v int
		srv.Pool.QueryRow(t.Context(), `select version from settings where key = 'press.retention'`).Scan(&v)
		return strconv.Itoa(v)
	}
	v0 := version()
	for name, f := range map[string]url.Values{
		"empty":     {"accreditation_months": {""}, "statement_years": {"5"}},
		"long":      {"accreditation_months": {strings.Repeat("9", 10000)}, "statement_years": {"5"}},
		"html":      {"accreditation_months": {"12"}, "statement_years": {"<script>alert(1)</script>"}},
		"too large": {"accreditation_months": {"121"}, "statement_years": {"5"}},
		"zero":      {"accreditation_months": {"12"}, "statement_years": {"0"}},
	} {
		f.Set("version", v0)
		res := head.PostForm(t, "/press/retention", f)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `class="error"`) || strings.Contains(res.Body, "<script>alert") {
			t.Errorf("%s: %d", name, res.StatusCode)
		}
	}
	if version() != v0 {
		t.Error("a refused form was saved")
	}
	if res := head.PostForm(t, "/press/retention", url.Values{"accreditation_months": {"12"}, "statement_years": {"5"}, "version": {v0}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d", res.StatusCode)
	}
	if res := head.PostForm(t, "/press/retention", url.Values{"accreditation_months": {"6"}, "statement_years": {"5"}, "version": {v0}}); res.StatusCode != http.StatusConflict {
		t.Errorf("a stale form: %d", res.StatusCode)
	}
	if res := head.PostForm(t, "/press/retention/run", url.Values{"as_of": {now.Add(-2 * time.Hour).Format(time.RFC3339Nano)}}); res.StatusCode != http.StatusSeeOther {
		t.Errorf("stale counts: %d", res.StatusCode)
	}
	if a := accreditation(t, srv.Pool, x.oldAcc); a.Removed {
		t.Fatal("stale counts removed data")
	}
	if res := head.PostForm(t, "/press/retention/run", url.Values{"as_of": {time.Now().Format(time.RFC3339Nano)}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("run: %d", res.StatusCode)
	}
	if a := accreditation(t, srv.Pool, x.oldAcc); !a.Removed || a.Name != "—" {
		t.Errorf("after the run: %+v", a)
	}
	if who, _ := onBehalfOf(t, srv.Pool, x.oldStatement); who != "" {
		t.Errorf("after the run: %q", who)
	}
	if page := head.Get(t, "/press/retention"); !strings.Contains(page.Body, `data-testid="retention-last"`) {
		t.Error("the page does not say when it last ran")
	}
}

// The nightly job removes what has expired as of its run, in the
// system's name.
func TestRetentionJob(t *testing.T) {
	srv := apptest.New(t)
	x := setUpExpiring(t, srv.Pool, time.Now())
	ctx := t.Context()
	if _, err := srv.App.Jobs().Insert(ctx, press.RetentionArgs{}, nil); err != nil {
		t.Fatal(err)
	}
	if err := jobs.WorkDue(ctx, srv.App.Jobs(), river.QueueDefault); err != nil {
		t.Fatal(err)
	}
	var actor string
	srv.Pool.QueryRow(ctx, `select actor_name from audit_log where entity = 'press_retention' order by id desc limit 1`).Scan(&actor)
	if a := accreditation(t, srv.Pool, x.oldAcc); !a.Removed || actor != "system" {
		t.Errorf("after the nightly run: %+v, by %q", a, actor)
	}
}
