package contacts_test

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"

	"github.com/daugavpils/prdesk/internal/apptest"
	"github.com/daugavpils/prdesk/internal/contacts"
	"github.com/daugavpils/prdesk/internal/contacts/contactstest"
	"github.com/daugavpils/prdesk/internal/db"
	"github.com/daugavpils/prdesk/internal/db/dbtest"
	"github.com/daugavpils/prdesk/internal/jobs"
)

// lapsing are people each in one situation of the retention rules.
type lapsing struct {
	consentOld, consentNew, idle, idleUsed, idleHeld, merged, org, org2 int64
	family                                                              string
}

func setUpLapsing(t *testing.T, pool *pgxpool.Pool, now time.Time) lapsing {
	t.Helper()
	n := contactstest.Unique()
	l := lapsing{family: fmt.Sprintf("Termiņa%d", n)}
	exec := func(sql string, args ...any) {
		t.Helper()
		if _, err := pool.Exec(t.Context(), sql, args...); err != nil {
			t.Fatal(err)
		}
	}
	person := func(given string, optOut bool) int64 {
		return contactstest.AddPerson(t, pool, contactstest.Person{Given: given, Family: l.family,
			Emails: []string{fmt.Sprintf("%s.%d@example.lv", strings.ToLower(given), n)}, Phones: []string{"+37129000001"},
			Tags: []string{"kultūra"}, OptOut: optOut})
	}
	l.org = contactstest.Org(t, pool, "Termiņa redakcija "+l.family, contacts.Media)
	l.consentOld = person("Agnese", false)
	l.consentNew = person("Baiba", false)
	l.idle = person("Cecīlija", true)
	l.idleUsed = person("Dace", false)
	l.merged = person("Elīna", false)
	l.idleHeld = person("Gita", false) // the coordinator of an agreement in force since long ago
	contactstest.Member(t, pool, l.idle, l.org, "žurnāliste")
	exec(`update contacts set legal_basis = 'consent', consent_date = $2, consent_scope = 'preses relīzes' where id = $1`,
		l.consentOld, now.AddDate(-4, 0, 0))
	exec(`update contacts set legal_basis = 'consent', consent_date = $2 where id = $1`, l.consentNew, now.AddDate(-1, 0, 0))
	exec(`update contacts set merged_into = $2 where id = $1`, l.merged, l.idle)
	exec(`insert into contact_uses (contact_id, area, kind, record_ref, at, held)
		values ($1, 'press', 'invited', 'x1', $2, false), ($3, 'press', 'invited', 'x2', $4, false), ($5, 'twincities', 'coordinator', $6, $2, true)`,
		l.idle, now.AddDate(-7, 0, 0), l.idleUsed, now.AddDate(-1, 0, 0), l.idleHeld, fmt.Sprint(n))
	// Long unchanged: the consent's people are recent.
	exec(`update contacts set updated_at = $2, notes = 'Zvanīt pēc pusdienām' where id = any($1)`,
		[]int64{l.idle, l.idleUsed, l.idleHeld, l.org, l.merged}, now.AddDate(-6, 0, 0))
	return l
}

func lapsedIDs(ls []contacts.Lapsed) []int64 {
	out := make([]int64, len(ls))
	for i, l := range ls {
		out[i] = l.ID
	}
	return out
}

// The preview lists the people whose consent or use has lapsed, and no
// one else; the run removes their data and their merged records', keeps
// the rows, the opt-out, the memberships and the uses, and writes one entry
// a person and the run's counts to the audit log.
func TestRetentionRemovesLapsedPeopleOnly(t *testing.T) {
	pool := dbtest.Pool(t)
	now := time.Now()
	s := contacts.NewStore(contacts.Deps{Pool: pool, Now: func() time.Time { return now }})
	l := setUpLapsing(t, pool, now)

	p, err := s.RetentionPreview(t.Context(), now)
	if err != nil {
		t.Fatal(err)
	}
	got := lapsedIDs(p.People)
	for _, id := range []int64{l.consentOld, l.idle} {
		if !slices.Contains(got, id) {
			t.Errorf("%d is not due", id)
		}
	}
	for _, id := range []int64{l.consentNew, l.idleUsed, l.idleHeld, l.merged, l.org} {
		if slices.Contains(got, id) {
			t.Errorf("%d is due", id)
		}
	}
	if p.Consent < 1 || p.Idle < 1 || p.Total() != len(p.People) && len(p.People) < contacts.RetentionShown {
		t.Errorf("counts: %+v for %d people", p, len(p.People))
	}
	for _, x := range p.People {
		if x.ID == l.consentOld && x.Reason != "consent" || x.ID == l.idle && (x.Reason != "idle" || !x.OptOut) {
			t.Errorf("%+v", x)
		}
	}

	var since int64
	pool.QueryRow(t.Context(), `select coalesce(max(id), 0) from audit_log`).Scan(&since)
	res, err := s.EraseLapsed(t.Context(), now)
	if err != nil {
		t.Fatal(err)
	}
	if res.Consent < 1 || res.Idle < 1 || res.Merged < 1 {
		t.Errorf("erased %+v", res)
	}
	for _, id := range []int64{l.consentOld, l.idle, l.merged} {
		c, err := s.Get(t.Context(), id)
		if err != nil {
			t.Fatal(err)
		}
		if c.Name != "Dzēsta persona #"+strconv.FormatInt(id, 10) || c.FamilyName != "" || c.GivenName != "" ||
			len(c.Emails)+len(c.Phones)+len(c.Tags) != 0 || c.Notes != "" || c.ConsentScope != "" || c.Source != "" {
			t.Errorf("%d keeps personal data: %+v", id, c)
		}
	}
	if c, _ := s.Get(t.Context(), l.idle); !c.OptOut || c.OptOutAt == nil {
		t.Error("the opt-out went with the data")
	}
	if c, _ := s.Get(t.Context(), l.consentOld); c.LegalBasis != contacts.Consent || c.ConsentDate == nil {
		t.Error("the basis went with the data")
	}
	for _, id := range []int64{l.consentNew, l.idleUsed} {
		if c, _ := s.Get(t.Context(), id); !strings.HasSuffix(c.Name, l.family) || len(c.Emails) != 1 {
			t.Errorf("%d lost its data: %+v", id, c)
		}
	}
	if c, _ := s.Get(t.Context(), l.org); c.Name != "Termiņa redakcija "+l.family || c.Notes == "" {
		t.Error("an organisation lost its data")
	}
	var members, uses int
	pool.QueryRow(t.Context(), `select (select count(*) from contact_memberships where person_id = $1),
		(select count(*) from contact_uses where contact_id = $1)`, l.idle).Scan(&members, &uses)
	if members != 1 || uses != 1 {
		t.Errorf("links: %d memberships, %d uses", members, uses)
	}
	var perPerson int
	var summary string
	pool.QueryRow(t.Context(), `select count(*) from audit_log where id > $1 and entity = 'contact' and action = 'anonymize'
		and entity_id = any($2)`, since, []string{strconv.FormatInt(l.consentOld, 10), strconv.FormatInt(l.idle, 10)}).Scan(&perPerson)
	pool.QueryRow(t.Context(), `select summary from audit_log where id > $1 and entity = 'contact_retention' order by id desc limit 1`, since).Scan(&summary)
	if perPerson != 2 || !strings.Contains(summary, "ar beigušos piekrišanu") || strings.Contains(summary, l.family) {
		t.Errorf("audit: %d entries, summary %q", perPerson, summary)
	}
	// A second run finds nothing more of these.
	if p, _ := s.RetentionPreview(t.Context(), now); slices.Contains(lapsedIDs(p.People), l.idle) {
		t.Error("the erased person is due again")
	}
	// Data typed into a removed record afterwards, on the same lapsed
	// consent, is removed again by the next run.
	if _, err := pool.Exec(t.Context(), `update contacts set given_name = 'Atkal', emails = array['atkal@example.lv'],
		updated_at = personal_data_removed_at + interval '1 day' where id = $1`, l.consentOld); err != nil {
		t.Fatal(err)
	}
	if p, _ := s.RetentionPreview(t.Context(), now.Add(48*time.Hour)); !slices.Contains(lapsedIDs(p.People), l.consentOld) {
		t.Error("data typed into a removed record on a lapsed consent is kept")
	}
}

func TestRetentionSettingRefusesBadPeriodsAndStaleForms(t *testing.T) {
	s, _ := newStore(t)
	r, err := s.Retention(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []contacts.Retention{{ConsentYears: 0, IdleYears: 5}, {ConsentYears: 3, IdleYears: 21}} {
		bad.Version = r.Version
		if err := s.SetRetention(t.Context(), bad); !strings.HasPrefix(refusal(err), "consent_years:") && !strings.HasPrefix(refusal(err), "idle_years:") {
			t.Errorf("%+v: %s", bad, refusal(err))
		}
	}
	if err := s.SetRetention(t.Context(), contacts.Retention{ConsentYears: 2, IdleYears: 4, Version: r.Version}); err != nil {
		t.Fatal(err)
	}
	if err := s.SetRetention(t.Context(), contacts.Retention{ConsentYears: 7, IdleYears: 7, Version: r.Version}); !isConflict(err) {
		t.Errorf("a stale form: %v", err)
	}
	if got, _ := s.Retention(t.Context()); got.ConsentYears != 2 || got.IdleYears != 4 || got.Version != r.Version+1 {
		t.Errorf("stored %+v", got)
	}
	// Put the defaults back for the other tests.
	if err := s.SetRetention(t.Context(), contacts.Retention{ConsentYears: contacts.DefaultConsentYears, IdleYears: contacts.DefaultIdleYears, Version: r.Version + 1}); err != nil {
		t.Fatal(err)
	}
}

// The page: the head sets the periods (bad input beside its field, 422,
// nothing saved) and runs the removal; staff see the preview without the
// forms and may not run it.
func TestRetentionPage(t *testing.T) {
	srv := apptest.New(t)
	l := setUpLapsing(t, srv.Pool, time.Now())
	head, staff := srv.Client(t, "head"), srv.Client(t, "staff")

	page := staff.Get(t, "/contacts/retention")
	if page.StatusCode != http.StatusOK || !strings.Contains(page.Body, `data-id="`+strconv.FormatInt(l.idle, 10)+`"`) ||
		strings.Contains(page.Body, `action="/contacts/retention/run"`) || !strings.Contains(page.Body, "Cecīlija "+l.family) {
		t.Errorf("staff's preview: %d", page.StatusCode)
	}
	if res := staff.PostForm(t, "/contacts/retention/run", url.Values{"as_of": {time.Now().Format(time.RFC3339Nano)}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("staff ran it: %d", res.StatusCode)
	}
	page = head.Get(t, "/contacts/retention")
	if !strings.Contains(page.Body, `action="/contacts/retention/run"`) || !strings.Contains(page.Body, "Agnese "+l.family) {
		t.Fatal("the head's page has no run button or no names")
	}
	version := func() string {
		var v int
		srv.Pool.QueryRow(t.Context(), `select version from settings where key = 'contacts.retention'`).Scan(&v)
		return strconv.Itoa(v)
	}
	v0 := version()
	for name, f := range map[string]url.Values{
		"empty":     {"consent_years": {""}, "idle_years": {"5"}},
		"long":      {"consent_years": {strings.Repeat("9", 10000)}, "idle_years": {"5"}},
		"html":      {"consent_years": {"3"}, "idle_years": {"<script>alert(1)</script>"}},
		"too large": {"consent_years": {"3"}, "idle_years": {"99"}},
	} {
		f.Set("version", v0)
		res := head.PostForm(t, "/contacts/retention", f)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `class="error"`) || strings.Contains(res.Body, "<script>alert") {
			t.Errorf("%s: %d", name, res.StatusCode)
		}
	}
	if version() != v0 {
		t.Error("a refused form was saved")
	}
	if res := head.PostForm(t, "/contacts/retention", url.Values{"consent_years": {"3"}, "idle_years": {"6"}, "version": {v0}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d", res.StatusCode)
	}
	if res := head.PostForm(t, "/contacts/retention", url.Values{"consent_years": {"4"}, "idle_years": {"6"}, "version": {v0}}); res.StatusCode != http.StatusConflict {
		t.Errorf("a stale form: %d", res.StatusCode)
	}
	res := head.PostForm(t, "/contacts/retention/run", url.Values{"as_of": {time.Now().Format(time.RFC3339Nano)}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("run: %d", res.StatusCode)
	}
	var name string
	srv.Pool.QueryRow(t.Context(), `select name from contacts where id = $1`, l.idle).Scan(&name)
	if name != "Dzēsta persona #"+strconv.FormatInt(l.idle, 10) {
		t.Errorf("after the run: %q", name)
	}
	if card := head.Get(t, "/contacts/"+strconv.FormatInt(l.idle, 10)); !strings.Contains(card.Body, `data-testid="data-removed"`) ||
		!strings.Contains(card.Body, "Personas dati dzēsti") {
		t.Error("the card does not say the data was removed")
	}
	if res := head.PostForm(t, "/contacts/retention/run", url.Values{"as_of": {time.Now().Add(-2 * time.Hour).Format(time.RFC3339Nano)}}); res.StatusCode != http.StatusSeeOther {
		t.Errorf("a stale preview: %d", res.StatusCode)
	}
	srv.Pool.Exec(t.Context(), `update settings set value = '{"consent_years": 3, "idle_years": 5}' where key = 'contacts.retention'`)
}

// The nightly job removes what has lapsed as of its run, in the system's
// name; a run the head queued is in the head's.
func TestRetentionJob(t *testing.T) {
	srv := apptest.New(t)
	l := setUpLapsing(t, srv.Pool, time.Now())
	ctx := t.Context()
	if _, err := srv.App.Jobs().Insert(ctx, contacts.RetentionArgs{}, nil); err != nil {
		t.Fatal(err)
	}
	if err := jobs.WorkDue(ctx, srv.App.Jobs(), river.QueueDefault); err != nil {
		t.Fatal(err)
	}
	var name, actor string
	srv.Pool.QueryRow(ctx, `select name from contacts where id = $1`, l.idle).Scan(&name)
	srv.Pool.QueryRow(ctx, `select actor_name from audit_log where entity = 'contact_retention' order by id desc limit 1`).Scan(&actor)
	if name != "Dzēsta persona #"+strconv.FormatInt(l.idle, 10) || actor != "system" {
		t.Errorf("after the nightly run: %q, by %q", name, actor)
	}

	l = setUpLapsing(t, srv.Pool, time.Now())
	var head int64
	srv.Pool.QueryRow(ctx, `select id from users where username = 'head'`).Scan(&head)
	if _, err := srv.App.Jobs().Insert(ctx, contacts.RetentionArgs{AsOf: time.Now(), UserID: head}, nil); err != nil {
		t.Fatal(err)
	}
	if err := jobs.WorkDue(ctx, srv.App.Jobs(), river.QueueDefault); err != nil {
		t.Fatal(err)
	}
	var actorID int64
	srv.Pool.QueryRow(ctx, `select coalesce(actor_id, 0) from audit_log where entity = 'contact' and action = 'anonymize' and entity_id = $1`,
		strconv.FormatInt(l.consentOld, 10)).Scan(&actorID)
	if actorID != head {
		t.Errorf("the queued run is attributed to %d, want the head %d", actorID, head)
	}
}

// A record of another area that still depends on a person holds them: the
// coordinator of an agreement in force for years is not "unused", until
// the area lets go.
func TestAHeldUseKeepsAPersonFromRetention(t *testing.T) {
	pool := dbtest.Pool(t)
	now := time.Now()
	s := contacts.NewStore(contacts.Deps{Pool: pool, Now: func() time.Time { return now }})
	l := setUpLapsing(t, pool, now)
	due := func() bool {
		t.Helper()
		all, err := contacts.LapsedAt(t.Context(), s, now)
		if err != nil {
			t.Fatal(err)
		}
		return slices.Contains(lapsedIDs(all), l.idleHeld)
	}
	if due() {
		t.Fatal("a held person is due")
	}
	var ref string
	pool.QueryRow(t.Context(), `select record_ref from contact_uses where contact_id = $1`, l.idleHeld).Scan(&ref)
	if err := db.InTx(t.Context(), pool, func(tx pgx.Tx) error { return s.HoldUses(t.Context(), tx, "twincities", ref, false) }); err != nil {
		t.Fatal(err)
	}
	if !due() {
		t.Error("let go, the person is not due")
	}
}
