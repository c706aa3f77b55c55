package monitoring_test

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/db/dbtest"
	"github.com/daugavpils/prdesk/internal/monitoring"
	"github.com/daugavpils/prdesk/internal/monitoring/monitoringtest"
)

// A report is one a kind and period: made again it is the same, and a
// period that is no week (or month) of its kind is refused.
func TestReportIsMadeOnceAPeriod(t *testing.T) {
	pool := dbtest.Pool(t)
	s := monitoringtest.Store(pool)
	ctx, _ := signedIn(t, pool)
	week := monitoring.Weekly.PeriodOf(riga(2071, 3, 11, 10, 0))
	id, made, err := s.CreateReport(ctx, monitoring.Weekly, week)
	if err != nil || !made {
		t.Fatalf("first: %d %v %v", id, made, err)
	}
	again, made, err := s.CreateReport(ctx, monitoring.Weekly, week)
	if err != nil || made || again != id {
		t.Fatalf("again: %d (of %d) %v %v", again, id, made, err)
	}
	month, made, err := s.CreateReport(ctx, monitoring.Monthly, monitoring.Monthly.PeriodOf(week.From))
	if err != nil || !made || month == id {
		t.Fatalf("the month of the same start: %d %v %v", month, made, err)
	}
	if _, _, err := s.CreateReport(ctx, monitoring.Weekly, monitoring.Period{From: week.From.AddDate(0, 0, 1), To: week.To.AddDate(0, 0, 1)}); refusal(err) != "kind: monitoring.generate.kind_invalid" {
		t.Errorf("a week from Tuesday: %s", refusal(err))
	}
	r, err := s.Report(ctx, id)
	if err != nil || r.Period != week || r.Status != monitoring.Draft || r.Kind != monitoring.Weekly {
		t.Fatalf("read back: %+v %v", r, err)
	}

	// The summary: saved over the version drawn; a stale form is refused.
	if err := s.SaveReportSummary(ctx, id, r.Version, "Nedēļā galvenais — tramvajs."); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveReportSummary(ctx, id, r.Version, "Vecā forma"); refusal(err) != "summary: errors.conflict" {
		t.Errorf("a stale form: %s", refusal(err))
	}
	r, _ = s.Report(ctx, id)
	if r.Summary != "Nedēļā galvenais — tramvajs." {
		t.Errorf("summary %q", r.Summary)
	}
	lines, _ := s.Timeline(ctx, "monitoring_report", id)
	if len(lines) != 2 || lines[1].Action != "create" || lines[0].Action != "update" || strings.Contains(lines[0].Summary, "tramvaj") {
		t.Errorf("timeline: %+v", lines)
	}
}

// outbox are the mails queued about entity id: "to|subject|body".
func outbox(t *testing.T, pool *pgxpool.Pool, entity string, id int64) []string {
	t.Helper()
	rows, _ := pool.Query(context.Background(), `select to_address || '|' || subject || '|' || body_text from mail_outbox
		where entity = $1 and entity_id = $2 order by to_address`, entity, strconv.FormatInt(id, 10))
	out, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// user adds an account with roles and an address, and returns its id.
func user(t *testing.T, pool *pgxpool.Pool, name, email string, roles ...auth.Role) int64 {
	t.Helper()
	var id int64
	err := pgx.BeginFunc(context.Background(), pool, func(tx pgx.Tx) error {
		var err error
		id, err = auth.Insert(context.Background(), tx, &auth.User{Username: fmt.Sprintf("u%d-%d", time.Now().UnixNano()%1e9, serial.Add(1)),
			FullName: name, Email: email, Roles: roles, Active: true}, "x", nil)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// setReports sets the report settings and leaves only the recipients rs.
func setReports(t *testing.T, pool *pgxpool.Pool, st monitoring.ReportSettings, rs ...monitoring.Recipient) {
	t.Helper()
	ctx := context.Background()
	if _, err := pool.Exec(ctx, `delete from monitoring_report_recipients`); err != nil {
		t.Fatal(err)
	}
	s := monitoringtest.Store(pool)
	cur, err := s.ReportSettings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	st.Version = cur.Version
	if err := s.SaveReportSettings(ctx, st); err != nil {
		t.Fatal(err)
	}
	for _, r := range rs {
		monitoringtest.AddRecipient(t, pool, r)
	}
}

// The schedule mails the last week's report on Monday at 08:00 to each
// recipient through the outbox, once: a second run, and the head's
// button after it, send nothing; before 08:00 nothing goes.
func TestScheduleMailsEachPeriodOnce(t *testing.T) {
	pool := dbtest.Pool(t)
	ctx := context.Background()
	client := monitoringtest.Jobs(t, pool)
	director := user(t, pool, "Sergejs Ivanovs", "sergejs.ivanovs@example.lv", auth.RoleDirector)
	gone := user(t, pool, "Aiz Gājusi", "aiz.gajusi@example.lv", auth.RoleDirector)
	setReports(t, pool, monitoring.ReportSettings{Weekly: true, SpikeAlerts: false, SpikeMultiple: 2, SpikeMinimum: 5},
		monitoring.Recipient{UserID: &director}, monitoring.Recipient{Name: "Domes birojs", Email: "birojs@example.lv"},
		monitoring.Recipient{UserID: &gone})
	// An account that has lost its address since gets nothing.
	if _, err := pool.Exec(ctx, `update users set email = '' where id = $1`, gone); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		setReports(t, pool, monitoring.ReportSettings{SpikeAlerts: true, SpikeMultiple: 2, SpikeMinimum: 5})
	})

	outlet := monitoringtest.Outlet(t, pool, unique(t, "Gorod.lv"))
	reach := 12390
	monitoringtest.AddClipping(t, pool, monitoring.Clipping{OutletID: outlet, PublishedAt: riga(2072, 5, 10, 10, 0), Tone: monitoring.Negative, Reach: &reach})
	monitoringtest.AddClipping(t, pool, monitoring.Clipping{OutletID: outlet, PublishedAt: riga(2072, 5, 14, 10, 0), Tone: monitoring.Positive})
	monitoringtest.AddClipping(t, pool, monitoring.Clipping{OutletID: outlet, PublishedAt: riga(2072, 5, 5, 10, 0), Tone: monitoring.Positive})

	// Monday 16 May 2072, before eight: nothing yet.
	if n, err := monitoringtest.At(pool, riga(2072, 5, 16, 7, 59)).SendDueReports(ctx, client); err != nil || n != 0 {
		t.Fatalf("before 08:00: %d %v", n, err)
	}
	at := monitoringtest.At(pool, riga(2072, 5, 16, 8, 0))
	if n, err := at.SendDueReports(ctx, client); err != nil || n != 1 {
		t.Fatalf("at 08:00: %d %v", n, err)
	}
	week := monitoring.Weekly.PeriodOf(riga(2072, 5, 10, 0, 0))
	id, made, err := at.CreateReport(ctx, monitoring.Weekly, week)
	if err != nil || made {
		t.Fatalf("the schedule made the week's report: %v %v", made, err)
	}
	r, _ := at.Report(ctx, id)
	if r.Status != monitoring.Sent || r.SentAt == nil || !r.SentAt.Equal(riga(2072, 5, 16, 8, 0)) || r.Recipients != 2 {
		t.Errorf("marked sent: %+v", r)
	}
	mails := outbox(t, pool, "monitoring_report", id)
	if len(mails) != 2 || !strings.HasPrefix(mails[0], "birojs@example.lv|") || !strings.HasPrefix(mails[1], "sergejs.ivanovs@example.lv|") {
		t.Fatalf("mails: %q", mails)
	}
	for _, want := range []string{"Nedēļas pārskats: 09.05.2072.–15.05.2072.", "Publikācijas: 2 (iepriekšējā periodā: 1; izmaiņas: +1 (+100,0\u00a0%))",
		"negatīva 1", "Negatīvo īpatsvars novērtētajās: 50,0\u00a0%", "Auditorija kopā: 12\u00a0390",
		"https://prdesk.daugavpils.lv/monitoring/reports/" + strconv.FormatInt(id, 10)} {
		if !strings.Contains(mails[0], want) {
			t.Errorf("the mail lacks %q:\n%s", want, mails[0])
		}
	}

	// What was mailed stays the report's content: a clipping added and
	// one judged afterwards change the live figures, not the sent report.
	monitoringtest.AddClipping(t, pool, monitoring.Clipping{OutletID: outlet, PublishedAt: riga(2072, 5, 11, 10, 0), Tone: monitoring.Negative})
	c, err := at.ReportContent(ctx, r)
	if err != nil || !c.Frozen || c.Cur.Total != 2 || c.Cur.Tones[monitoring.Negative] != 1 || len(c.Negative) != 1 ||
		len(c.TopRead) != 1 || *c.TopRead[0].Reach != reach || c.Names[outlet] == "" {
		t.Errorf("the sent report's content: %v %+v", err, c)
	}
	draft, _ := at.Report(ctx, id)
	draft.Status = monitoring.Draft // as a report not sent reads it
	if c, _ := at.ReportContent(ctx, draft); c.Frozen || c.Cur.Total != 3 || len(c.Negative) != 2 {
		t.Errorf("the live content: %+v", c)
	}

	// Again later that day, and by the head's button: nothing more.
	later := monitoringtest.At(pool, riga(2072, 5, 17, 8, 0))
	if n, err := later.SendDueReports(ctx, client); err != nil || n != 0 {
		t.Errorf("a second run: %d %v", n, err)
	}
	if n, err := later.SendReport(ctx, client, id); err != nil || n != 0 {
		t.Errorf("the button after the schedule: %d %v", n, err)
	}
	if got := outbox(t, pool, "monitoring_report", id); len(got) != 2 {
		t.Errorf("%d mails after the second run", len(got))
	}
	lines, _ := at.Timeline(ctx, "monitoring_report", id)
	if len(lines) != 2 || lines[0].Action != "dispatch" || lines[0].Summary != fmt.Sprintf("Pārskats Nr. %d: nosūtīts (saņēmēju skaits: 2)", id) {
		t.Errorf("audit: %+v", lines)
	}

	// With nobody to send to, the report stays a draft.
	setReports(t, pool, monitoring.ReportSettings{Weekly: true, SpikeMultiple: 2, SpikeMinimum: 5})
	next := monitoringtest.At(pool, riga(2072, 5, 23, 9, 0))
	if n, err := next.SendDueReports(ctx, client); err != nil || n != 0 {
		t.Fatalf("nobody to send to: %d %v", n, err)
	}
	nid, _, _ := next.CreateReport(ctx, monitoring.Weekly, monitoring.Weekly.PeriodOf(riga(2072, 5, 18, 0, 0)))
	if r, _ := next.Report(ctx, nid); r.Status != monitoring.Draft {
		t.Errorf("sent to nobody: %+v", r)
	}
}

// A day with more than the multiple of its four weeks' average, and at
// least the minimum, alerts the heads, once a day for all the coverage
// and once for the topic; a day below it does not.
func TestSpikeAlertsOnceADayAboveTheThreshold(t *testing.T) {
	pool := dbtest.Pool(t)
	ctx := context.Background()
	client := monitoringtest.Jobs(t, pool)
	head := fmt.Sprintf("vaditaja%d@example.lv", serial.Add(1))
	user(t, pool, "Inese Vadītāja", head, auth.RoleHead)
	setReports(t, pool, monitoring.ReportSettings{SpikeAlerts: true, SpikeMultiple: 2, SpikeMinimum: 3})
	t.Cleanup(func() {
		setReports(t, pool, monitoring.ReportSettings{SpikeAlerts: true, SpikeMultiple: 2, SpikeMinimum: 5})
	})
	topic := monitoringtest.AddTopic(t, pool, "Plūdi")
	outlet := monitoringtest.Outlet(t, pool, unique(t, "LSM"))
	add := func(at time.Time) {
		monitoringtest.AddClipping(t, pool, monitoring.Clipping{OutletID: outlet, PublishedAt: at, TopicIDs: []int64{topic}})
	}
	// One a day over the 28 days before 10 June 2073.
	for d := 1; d <= 28; d++ {
		add(riga(2073, 6, 10, 9, 0).AddDate(0, 0, -d))
	}
	add(riga(2073, 6, 10, 8, 0))
	add(riga(2073, 6, 10, 9, 0))
	noon := monitoringtest.At(pool, riga(2073, 6, 10, 12, 0))
	if n, err := noon.CheckSpikes(ctx, client); err != nil || n != 0 {
		t.Fatalf("2 against an average of 1: %d alerts, %v", n, err)
	}
	add(riga(2073, 6, 10, 11, 0))
	if n, err := noon.CheckSpikes(ctx, client); err != nil || n != 2 {
		t.Fatalf("3 against an average of 1: %d alerts, %v", n, err)
	}
	add(riga(2073, 6, 10, 13, 0))
	if n, err := monitoringtest.At(pool, riga(2073, 6, 10, 14, 0)).CheckSpikes(ctx, client); err != nil || n != 0 {
		t.Errorf("the same day again: %d alerts, %v", n, err)
	}
	alerts, err := noon.RecentAlerts(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	var mine []monitoring.Alert
	for _, a := range alerts {
		if a.Day.Equal(riga(2073, 6, 10, 0, 0)) {
			mine = append(mine, a)
		}
	}
	if len(mine) != 2 {
		t.Fatalf("alerts of the day: %+v", alerts)
	}
	for _, a := range mine {
		if a.Count != 3 || a.Average != 1 || a.Multiple != 2 || a.Recipients < 1 {
			t.Errorf("alert %+v", a)
		}
		mails := outbox(t, pool, "monitoring_alert", a.ID)
		found := false
		for _, m := range mails {
			if strings.HasPrefix(m, head+"|") {
				found = true
				if a.TopicID != nil && (!strings.Contains(m, "„Plūdi") || !strings.Contains(m, "topic="+strconv.FormatInt(topic, 10))) {
					t.Errorf("the topic's alert: %s", m)
				}
				if !strings.Contains(m, "Iepriekšējās 28 dienās vidēji dienā: 1,0.") {
					t.Errorf("the average: %s", m)
				}
			}
		}
		if !found {
			t.Errorf("alert %d was not mailed to the head: %q", a.ID, mails)
		}
	}
}

// The director's figures: a month's clippings, by tone and type, the
// reach, the negative share and the outlets with the most.
func TestSummaryCountsThePeriod(t *testing.T) {
	pool := dbtest.Pool(t)
	ctx := context.Background()
	big := monitoringtest.Outlet(t, pool, unique(t, "Latgales Laiks"))
	small := monitoringtest.Outlet(t, pool, unique(t, "Gorod.lv"))
	topic := monitoringtest.AddTopic(t, pool, "Budžets")
	n1, n2 := 1000, 250
	for _, c := range []monitoring.Clipping{
		{OutletID: big, PublishedAt: riga(2074, 2, 1, 0, 0), Tone: monitoring.Positive, Reach: &n1, TopicIDs: []int64{topic}},
		{OutletID: big, PublishedAt: riga(2074, 2, 14, 12, 0), Tone: monitoring.Negative, MediaType: monitoring.Print, Reach: &n2},
		{OutletID: big, PublishedAt: riga(2074, 2, 28, 23, 59), Tone: monitoring.Unjudged, TopicIDs: []int64{topic}},
		{OutletID: small, PublishedAt: riga(2074, 2, 20, 9, 0), Tone: monitoring.Neutral, MediaType: monitoring.TV},
		// Outside the month.
		{OutletID: small, PublishedAt: riga(2074, 1, 31, 23, 59), Tone: monitoring.Negative},
		{OutletID: small, PublishedAt: riga(2074, 3, 1, 0, 0), Tone: monitoring.Negative},
	} {
		monitoringtest.AddClipping(t, pool, c)
	}
	r, err := monitoring.Summary(ctx, pool, riga(2074, 2, 1, 0, 0), riga(2074, 3, 1, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name      string
		got, want any
	}{
		{"clippings", r.Clippings, 4}, {"positive", r.ByTone[monitoring.Positive], 1}, {"negative", r.ByTone[monitoring.Negative], 1},
		{"unjudged", r.ByTone[monitoring.Unjudged], 1}, {"online", r.ByType[monitoring.Online], 2}, {"print", r.ByType[monitoring.Print], 1},
		{"tv", r.ByType[monitoring.TV], 1}, {"reach", r.Reach, int64(1250)}, {"negative share", fmt.Sprintf("%.3f", r.NegativeShare), "0.333"},
		{"outlets", len(r.TopOutlets), 2}, {"first outlet", r.TopOutlets[0].ID, big}, {"its count", r.TopOutlets[0].Count, 3},
		{"topics", len(r.TopTopics), 1}, {"topic's count", r.TopTopics[0].Count, 2},
	} {
		if c.got != c.want {
			t.Errorf("%s: %v, want %v", c.name, c.got, c.want)
		}
	}
}
