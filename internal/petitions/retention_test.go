package petitions_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/riverqueue/river"

	"github.com/daugavpils/prdesk/internal/apptest"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/jobs"
	"github.com/daugavpils/prdesk/internal/petitions"
	"github.com/daugavpils/prdesk/internal/petitions/petitionstest"
)

// retCase adds a case of the classification scheme; years 0 keeps it permanently.
func retCase(t *testing.T, srv *apptest.Server, index string, years int) int64 {
	t.Helper()
	return petitionstest.Case(t, srv.Pool, petitionstest.CaseSpec{Index: index, Title: "Glabāšanas tests " + index,
		Years: years, Permanent: years == 0}).ID
}

type retSub struct {
	ID     int64
	Number string
	Name   string
	Email  string
	Scans  []int64
}

// retMake registers a submission with a scan over HTTP, then moves it into
// the past: received before ended, and left in state since ended.
func retMake(t *testing.T, srv *apptest.Server, caseID int64, name, state string, ended time.Time) retSub {
	t.Helper()
	ctx := context.Background()
	s := retSub{Name: name, Email: strings.ToLower(strings.Fields(name)[0]) + "." + strconv.FormatInt(time.Now().UnixNano(), 36) + "@example.lv"}
	form := regValid(t, srv)
	form.Set("case_id", strconv.FormatInt(caseID, 10))
	form.Set("person_name", name)
	form.Set("person_email", s.Email)
	form.Set("summary", "Vēstulē "+name+" raksta par kaimiņiem Saules ielā 1.")
	png := "\x89PNG\r\n\x1a\n" + strings.Repeat("\x01", 64) + s.Email
	s.ID = regCreated(t, regPost(t, srv, srv.Client(t, "staff"), form, regFile{"skenejums-" + name + ".png", png}))
	err := srv.Pool.QueryRow(ctx, `select reg_number from petitions where id = $1`, s.ID).Scan(&s.Number)
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := srv.Pool.Query(ctx, `select file_id from petition_files where petition_id = $1`, s.ID)
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		s.Scans = append(s.Scans, id)
	}
	if len(s.Scans) != 1 {
		t.Fatalf("%s: %d scans", s.Number, len(s.Scans))
	}
	received := ended.AddDate(0, 0, -20)
	_, err = srv.Pool.Exec(ctx, `update petitions set received_at = $2::timestamptz, created_at = $2::timestamptz,
			due_date = $2::timestamptz::date + 10, legal_due_date = $2::timestamptz::date + 10, state = $3::text,
			joined_to_id = case when $3 = 'joined' then id end,
			answered_on = case when $3 = 'closed' then $4::timestamptz::date end,
			closed_at = case when $3 = 'closed' then $4::timestamptz end, updated_at = $4::timestamptz
		where id = $1`, s.ID, received, state, ended)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// retRow is what retention may touch of one submission.
type retRow struct {
	Name, Code, Address, Email, Phone, Summary string
	Removed                                    bool
	Files, ScanRows                            int
	Outbox                                     string
}

func retLoad(t *testing.T, srv *apptest.Server, s retSub) retRow {
	t.Helper()
	var r retRow
	err := srv.Pool.QueryRow(context.Background(), `select person_name, person_code, person_address, person_email, person_phone,
			summary, personal_data_removed_at is not null,
			(select count(*) from files where id = any($2)),
			(select count(*) from petition_files where petition_id = p.id and kind = 'scan'),
			coalesce((select string_agg(to_address || '|' || to_name || '|' || body_text, ';') from mail_outbox
				where entity = 'petition' and entity_id = p.id::text), '')
		from petitions p where id = $1`, s.ID, s.Scans).
		Scan(&r.Name, &r.Code, &r.Address, &r.Email, &r.Phone, &r.Summary, &r.Removed, &r.Files, &r.ScanRows, &r.Outbox)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func retKept(t *testing.T, srv *apptest.Server, s retSub) {
	t.Helper()
	r := retLoad(t, srv, s)
	if r.Removed || r.Name != s.Name || r.Email != s.Email || r.Code == "" || r.Summary == "" || r.Files != 1 || r.ScanRows != 1 ||
		!strings.Contains(r.Outbox, s.Email) {
		t.Errorf("%s was touched: %+v", s.Number, r)
	}
}

func retGone(t *testing.T, srv *apptest.Server, s retSub) {
	t.Helper()
	r := retLoad(t, srv, s)
	if !r.Removed || r.Name != "" || r.Code != "" || r.Address != "" || r.Email != "" || r.Phone != "" || r.Summary != "" ||
		r.Files != 0 || r.ScanRows != 0 || strings.Contains(r.Outbox, "@") || strings.Contains(r.Outbox, s.Name) {
		t.Errorf("%s still holds personal data: %+v", s.Number, r)
	}
}

var retAsOf = regexp.MustCompile(`name="as_of" value="([^"]+)"`)

func TestRetentionRemovesExactlyWhatItShowedAndKeepsTheFigures(t *testing.T) {
	srv := server(t)
	ctx := context.Background()
	staff := srv.Client(t, "staff")
	five := retCase(t, srv, "RET-5", 5)
	permanent := retCase(t, srv, "RET-P", 0)
	now := testNow
	year := now.Year()

	// Due: ended in a year whose 1 January plus five years has passed.
	closedLong := retMake(t, srv, five, "Ilze Ābele", "closed", now.AddDate(-7, 0, 0))
	forwarded := retMake(t, srv, five, "Uldis Ķēniņš", "forwarded", now.AddDate(-8, 0, 0))
	lastDay := retMake(t, srv, five, "Marta Čakste", "closed", time.Date(year-6, 12, 31, 23, 30, 0, 0, i18n.Riga))
	// Not due: counted from the next 1 January, a day later is a year later.
	firstDay := retMake(t, srv, five, "Rūta Ļaviņa", "closed", time.Date(year-5, 1, 1, 0, 30, 0, 0, i18n.Riga))
	recent := retMake(t, srv, five, "Guntis Ņikitins", "closed", now.AddDate(-2, 0, 0))
	open := retMake(t, srv, five, "Pēteris Šmits", "in_progress", now.AddDate(-10, 0, 0))
	kept := retMake(t, srv, permanent, "Žanis Ģērmanis", "closed", now.AddDate(-30, 0, 0))

	// The answer's text and file are the person's too.
	if _, err := srv.Pool.Exec(ctx, `insert into petition_answers (petition_id, reg_number, answered_on, channel, body)
		values ($1, $2, $3, 'post', 'Cienījamā Ilzes Ābeles kundze, atbildam...')`, closedLong.ID, "ATB-"+closedLong.Number, now.AddDate(-7, 0, -1)); err != nil {
		t.Fatal(err)
	}
	answerFile := regID(t, srv, `insert into files (sha256, name, media_type, size) values (repeat('a', 64), 'atbilde-abele.pdf', 'application/pdf', 10) returning id`)
	if _, err := srv.Pool.Exec(ctx, `insert into petition_files (petition_id, file_id, kind) values ($1, $2, 'answer')`, closedLong.ID, answerFile); err != nil {
		t.Fatal(err)
	}

	from, to := time.Date(1990, 1, 1, 0, 0, 0, 0, i18n.Riga), now.AddDate(0, 0, 1)
	before, err := petitions.NewStore(petitions.Deps{Pool: srv.Pool, Calendar: petitionstest.Calendar(t, srv.Pool)}).Summary(ctx, from, to)
	if err != nil {
		t.Fatal(err)
	}
	var counts0 string
	if err := srv.Pool.QueryRow(ctx, `select string_agg(state || '=' || n, ',' order by state) from petition_state_counts`).Scan(&counts0); err != nil {
		t.Fatal(err)
	}

	// The preview lists the due ones, and only them, under their case.
	res := staff.Get(t, "/petitions/retention")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("preview: status %d", res.StatusCode)
	}
	for _, s := range []retSub{closedLong, forwarded, lastDay} {
		if !strings.Contains(res.Body, ">"+s.Number+"<") {
			t.Errorf("the preview lacks %s", s.Number)
		}
	}
	for _, s := range []retSub{firstDay, recent, open, kept} {
		if strings.Contains(res.Body, ">"+s.Number+"<") {
			t.Errorf("the preview lists %s, which is not due", s.Number)
		}
	}
	caseRow := regexp.MustCompile(`(?s)data-case="RET-5">\s*<th scope="row">RET-5</th>.*?<td class="num">(\d+)</td>\s*<td class="num">(\d+)</td>`).FindStringSubmatch(res.Body)
	if caseRow == nil || caseRow[1] != "3" || caseRow[2] != "4" {
		t.Errorf("RET-5's counts: %v, want 3 submissions and 4 files", caseRow)
	}
	if strings.Contains(res.Body, `data-case="RET-P"`) {
		t.Error("a permanent case is in the preview")
	}
	m := retAsOf.FindStringSubmatch(res.Body)
	if m == nil {
		t.Fatal("no run button")
	}

	// Only those who keep the registry see it or run it.
	for _, user := range []string{"clerk", "chair", "director"} {
		c := srv.Client(t, user)
		if res := c.Get(t, "/petitions/retention"); res.StatusCode != http.StatusForbidden {
			t.Errorf("%s sees the preview: %d", user, res.StatusCode)
		}
		if res := c.PostForm(t, "/petitions/retention", url.Values{"as_of": {m[1]}}); res.StatusCode != http.StatusForbidden {
			t.Errorf("%s runs it: %d", user, res.StatusCode)
		}
	}
	// A page left open too long, or a made-up time, removes nothing.
	stale := now.Add(-2 * time.Hour).Format(time.RFC3339Nano)
	if res := staff.PostForm(t, "/petitions/retention", url.Values{"as_of": {stale}}); res.StatusCode != http.StatusSeeOther {
		t.Errorf("stale preview: status %d", res.StatusCode)
	}
	for _, bad := range []string{"", "yesterday", now.Add(time.Hour).Format(time.RFC3339Nano)} {
		if res := staff.PostForm(t, "/petitions/retention", url.Values{"as_of": {bad}}); res.StatusCode != http.StatusBadRequest {
			t.Errorf("as_of %q: status %d", bad, res.StatusCode)
		}
	}
	retKept(t, srv, closedLong)

	// Run now.
	runs := func() int {
		return cardCount(t, srv.Pool, `select count(*) from audit_log where entity = 'petition_retention' and action = 'run'`)
	}
	runs0 := runs()
	res = staff.PostForm(t, "/petitions/retention", url.Values{"as_of": {m[1]}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("run: status %d", res.StatusCode)
	}
	for _, s := range []retSub{closedLong, forwarded, lastDay} {
		retGone(t, srv, s)
	}
	for _, s := range []retSub{firstDay, recent, open, kept} {
		retKept(t, srv, s)
	}
	var body string
	var answerFiles int
	if err := srv.Pool.QueryRow(ctx, `select body, (select count(*) from files where id = $2) from petition_answers where petition_id = $1`,
		closedLong.ID, answerFile).Scan(&body, &answerFiles); err != nil {
		t.Fatal(err)
	}
	if body != "" || answerFiles != 0 {
		t.Errorf("the answer kept its text %q or its file (%d)", body, answerFiles)
	}
	// The statistics stay: the registry's figures are the same after.
	after, err := petitions.NewStore(petitions.Deps{Pool: srv.Pool, Calendar: petitionstest.Calendar(t, srv.Pool)}).Summary(ctx, from, to)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(before, after) {
		t.Errorf("Summary changed:\nbefore %+v\nafter  %+v", before, after)
	}
	var counts1, stillThere string
	if err := srv.Pool.QueryRow(ctx, `select string_agg(state || '=' || n, ',' order by state) from petition_state_counts`).Scan(&counts1); err != nil {
		t.Fatal(err)
	}
	if counts0 != counts1 {
		t.Errorf("state counts changed: %s → %s", counts0, counts1)
	}
	if err := srv.Pool.QueryRow(ctx, `select reg_number || doc_type || channel || state || addressee_id || received_at::text
		from petitions where id = $1`, closedLong.ID).Scan(&stillThere); err != nil || !strings.HasPrefix(stillThere, closedLong.Number+"complaintemailclosed") {
		t.Errorf("the registry's own columns changed: %q %v", stillThere, err)
	}

	// The audit log says what went from which submission, and not what it was.
	var ids []string
	for _, s := range []retSub{closedLong, forwarded, lastDay, firstDay, recent, open, kept} {
		ids = append(ids, strconv.FormatInt(s.ID, 10))
	}
	rows, err := srv.Pool.Query(ctx, `select entity_id, summary, details::text from audit_log
		where entity = 'petition' and action = 'remove_personal_data' and entity_id = any($1) order by id`, ids)
	if err != nil {
		t.Fatal(err)
	}
	type entry struct{ id, summary, details string }
	var entries []entry
	for rows.Next() {
		var e entry
		if err := rows.Scan(&e.id, &e.summary, &e.details); err != nil {
			t.Fatal(err)
		}
		entries = append(entries, e)
	}
	if len(entries) != 3 {
		t.Fatalf("%d audit entries, want 3", len(entries))
	}
	for _, e := range entries {
		for _, s := range []retSub{closedLong, forwarded, lastDay} {
			for _, secret := range append(strings.Fields(s.Name), s.Email, "Saules") {
				if strings.Contains(e.summary+e.details, secret) {
					t.Errorf("audit entry %s holds %q", e.id, secret)
				}
			}
		}
	}
	var d struct {
		RegNumber   string   `json:"reg_number"`
		Fields      []string `json:"fields"`
		ScanFiles   []int64  `json:"scan_file_ids"`
		AnswerFiles []int64  `json:"answer_file_ids"`
	}
	if err := json.Unmarshal([]byte(entries[0].details), &d); err != nil {
		t.Fatal(err)
	}
	want := []string{"person_name", "person_code", "person_address", "person_email", "person_phone", "summary", "answer_text", "mail"}
	if d.RegNumber != closedLong.Number || !reflect.DeepEqual(d.Fields, want) || !reflect.DeepEqual(d.ScanFiles, closedLong.Scans) ||
		!reflect.DeepEqual(d.AnswerFiles, []int64{answerFile}) {
		t.Errorf("audit details: %+v, want fields %v", d, want)
	}
	if !strings.Contains(entries[0].summary, closedLong.Number) || !strings.Contains(entries[0].summary, "vārds un uzvārds") {
		t.Errorf("audit summary: %s", entries[0].summary)
	}
	if n := cardCount(t, srv.Pool, `select count(*) from audit_log where entity = 'file' and action = 'delete' and entity_id = any($1)
		and summary not like '%Ābele%' and summary not like '%abele%'`,
		[]string{strconv.FormatInt(closedLong.Scans[0], 10), strconv.FormatInt(answerFile, 10)}); n != 2 {
		t.Errorf("%d file deletions audited without the person's name in the file name, want 2", n)
	}
	if n := runs() - runs0; n != 1 {
		t.Errorf("%d run entries", n)
	}
	if cardEvents(t, srv.Pool, closedLong.ID, "personal_data_removed") != 1 {
		t.Error("no timeline event")
	}

	// The card says so, and the preview has nothing left.
	card := staff.Get(t, "/petitions/"+strconv.FormatInt(closedLong.ID, 10))
	lv := i18n.WithLocale(ctx, "lv")
	if !strings.Contains(card.Body, `data-testid="personal-data-removed"`) || !strings.Contains(card.Body, i18n.T(lv, "petitions.card.event.personal_data_removed")) {
		t.Error("the card does not say the personal data was removed")
	}
	res = staff.Get(t, "/petitions/retention")
	if strings.Contains(res.Body, `data-case="RET-5"`) || !strings.Contains(res.Body, `data-testid="retention-last"`) {
		t.Error("after the run the preview still lists RET-5, or does not name the last run")
	}

	// The nightly job does the same through the app's job client.
	late := retMake(t, srv, five, "Kārlis Ūdris", "unexamined", now.AddDate(-9, 0, 0))
	if _, err := srv.App.Jobs().Insert(ctx, petitions.RetentionArgs{}, nil); err != nil {
		t.Fatal(err)
	}
	if err := jobs.WorkDue(ctx, srv.App.Jobs(), river.QueueDefault); err != nil {
		t.Fatal(err)
	}
	retGone(t, srv, late)
	for _, s := range []retSub{firstDay, recent, open, kept} {
		retKept(t, srv, s)
	}
}

// A first run over years of records is handed to the job client, as of the
// moment the preview showed and in the name of whoever confirmed it.
func TestRetentionHandsALargeRunToTheJobClient(t *testing.T) {
	srv := server(t)
	ctx := context.Background()
	bulk := retCase(t, srv, "RET-B", 3)
	const n = 301
	if _, err := srv.Pool.Exec(ctx, `insert into petitions (reg_number, case_id, reg_year, reg_seq, received_at, channel, doc_type,
			person_name, person_email, addressee_id, subject, summary, due_date, legal_due_date, due_explanation, check_code,
			idempotency_key, state, closed_at, updated_at)
		select 'RET-B/2015/' || g, $1, 2015, 800000 + g, '2015-03-01', 'post', 'letter', 'Vārds Uzvārds ' || g, 'p' || g || '@example.lv',
			(select id from users where username = 'chair'), 'Temats', 'Izklāsts', '2015-03-15', '2015-03-15', '{}', 'CHKBULK' || g,
			'ret-bulk-' || g, 'closed', '2015-04-01', '2015-04-01'
		from generate_series(1, $2::int) g`, bulk, n); err != nil {
		t.Fatal(err)
	}
	staff := srv.Client(t, "staff")
	res := staff.Get(t, "/petitions/retention")
	m := retAsOf.FindStringSubmatch(res.Body)
	if m == nil || !strings.Contains(res.Body, ">RET-B/2015/1<") {
		t.Fatal("the preview lacks the bulk case or its button")
	}
	res = staff.PostForm(t, "/petitions/retention", url.Values{"as_of": {m[1]}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("run: status %d", res.StatusCode)
	}
	left := func() int {
		return cardCount(t, srv.Pool, `select count(*) from petitions where case_id = $1 and personal_data_removed_at is null`, bulk)
	}
	if left() != n {
		t.Fatal("a large run was done inside the request")
	}
	if err := jobs.WorkDue(ctx, srv.App.Jobs(), river.QueueDefault); err != nil {
		t.Fatal(err)
	}
	if l := left(); l != 0 {
		t.Fatalf("%d submissions still hold personal data", l)
	}
	if got := cardCount(t, srv.Pool, `select count(*) from audit_log where entity = 'petition' and action = 'remove_personal_data'
		and actor_name = 'staff' and summary like '%RET-B/2015/%'`); got != n {
		t.Errorf("%d removals audited in staff's name, want %d", got, n)
	}
}
