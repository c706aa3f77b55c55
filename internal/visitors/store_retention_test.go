package visitors_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/daugavpils/prdesk/internal/errs"
	"github.com/daugavpils/prdesk/internal/visitors"
)

// retentionExtras adds, in year y of statsData, what else holds a visitor's
// details: walk-ins and outcomes in the queue, waiting-list entries and the
// mail sent to visitors. On 12 November with 30 days kept (cutoff 13 October
// 09:00), the due ones are marked "due" in their texts.
func retentionExtras(t *testing.T, f fixture, y int) {
	t.Helper()
	ctx := context.Background()
	exec := func(sql string, args ...any) {
		t.Helper()
		if _, err := f.pool.Exec(ctx, sql, args...); err != nil {
			t.Fatal(err)
		}
	}
	// statsData's booked tickets (7 and 14 October) get outcomes.
	exec(`update visit_queue set outcome = case when checked_in_at < $2 then 'Nodos komitejai due' else 'Nodos komitejai kept' end
		where official_id = $1`, f.official, riga(y, 10, 13, 9, 0))
	for _, w := range []struct {
		at                   time.Time
		number               int
		name, topic, outcome string
	}{
		{riga(y, 10, 6, 10, 0), 1, "Ilze Vītola due", "Koku ciršana due", "Pārbaudīs due"},
		{riga(y, 11, 4, 10, 0), 1, "Oskars Kept", "Soliņi kept", "Uzstādīs kept"},
	} {
		exec(`insert into visit_queue (official_id, day, number, ticket, walk_in, visitor_name, topic, outcome, state,
				checked_in_at, called_at, done_at)
			values ($1, ($2::timestamptz at time zone 'Europe/Riga')::date, $3, 'Z-001', true, $4, $5, $6, 'done', $2, $2, $2)`,
			f.official, w.at, w.number, w.name, w.topic, w.outcome)
	}
	// The waiting list: taken off before the cutoff; still waiting since
	// before it; taken off after it; joined after it; and served by a booking
	// (statsData's bookings share this phone) since before it.
	for _, w := range []struct {
		joined        time.Time
		removed       *time.Time
		name, phone   string
		reason, topic string
	}{
		{riga(y, 9, 1, 9, 0), new(riga(y, 9, 15, 9, 0)), "Removed due", "+37120000101", "Atrisināts ar Ilzi due", "Tēma due"},
		{riga(y, 9, 1, 9, 0), nil, "Waiting due", "+37120000102", "", "Tēma due"},
		{riga(y, 9, 1, 9, 0), new(riga(y, 11, 1, 9, 0)), "Removed kept", "+37120000103", "Pārdomāja kept", "Tēma kept"},
		{riga(y, 11, 1, 9, 0), nil, "Waiting kept", "+37120000104", "", "Tēma kept"},
		{riga(y, 9, 20, 9, 0), nil, "Served due", "+37120000009", "", "Tēma due"},
	} {
		exec(`insert into visit_waitlist (official_id, visitor_name, phone, topic, removed_at, removed_reason, created_at)
			values ($1, $2, $3, $4, $5, $6, $7)`, f.official, w.name, w.phone, w.topic, w.removed, w.reason, w.joined)
	}
	for _, m := range []struct {
		entity, status, to string
		at                 time.Time
	}{
		{"booking", "sent", "due.sent@example.lv", riga(y, 10, 1, 9, 0)},
		{"booking", "failed", "due.failed@example.lv", riga(y, 10, 1, 9, 0)},
		{"booking", "pending", "kept.pending@example.lv", riga(y, 10, 1, 9, 0)},
		{"booking", "sent", "kept.new@example.lv", riga(y, 11, 1, 9, 0)},
		{"petition", "sent", "kept.petition@example.lv", riga(y, 10, 1, 9, 0)},
	} {
		exec(`insert into mail_outbox (to_address, to_name, subject, body_text, status, last_error, entity, entity_id, created_at)
			values ($1, 'Vārds Uzvārds', 'Pieraksts', 'Labdien, ' || $1, $2, case when $2 = 'failed' then '550 ' || $1 else '' end,
			        $3, '1', $4)`, m.to, m.status, m.entity, m.at)
	}
}

func TestAnonymize(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, "Rita Strode")
	statsData(t, f, 1998)
	retentionExtras(t, f, 1998)
	keepRetention(t, f.pool)
	if _, err := f.pool.Exec(ctx, `update visit_booking_events set note = 'Zvanīja, slima'
		where state = 'done' and booking_id in (select id from visit_bookings where official_id = $1)`, f.official); err != nil {
		t.Fatal(err)
	}
	if _, err := f.pool.Exec(ctx, `update visit_bookings set email = 'peteris@example.lv', person_code = '121282-11210', accessibility = 'Ratiņkrēsls'
		where official_id = $1`, f.official); err != nil {
		t.Fatal(err)
	}
	// 20 days: the visits up to 13 October are past it on 2 November.
	r, err := f.store.Retention(ctx)
	if err != nil || r.Days != visitors.DefaultRetentionDays {
		t.Fatalf("default %+v %v", r, err)
	}
	if err := f.store.SetRetention(ctx, 20, r.Version); err == nil || !errors.Is(err, errs.Invalid) {
		t.Fatalf("20 days accepted: %v", err)
	}
	if err := f.store.SetRetention(ctx, 30, r.Version); err != nil {
		t.Fatal(err)
	}
	for _, v := range []int{r.Version, -1} {
		if err := f.store.SetRetention(ctx, 40, v); !errors.Is(err, errs.Conflict) {
			t.Fatalf("stale version %d: %v", v, err)
		}
	}
	// On 12 November, 30 days back is 13 October: three visits, three
	// bookings, a booked ticket and a walk-in, three waiting-list entries
	// and the two visitors' mails that went out or failed.
	f.at(riga(1998, 11, 12, 9, 0))
	want := visitors.Cleared{Bookings: 3, Log: 3, Queue: 2, Waitlist: 3, Mail: 2}
	preview, _, err := f.store.RetentionPreview(ctx)
	if err != nil || preview != want {
		t.Fatalf("preview %+v, want %+v, %v", preview, want, err)
	}
	waitingBefore, err := f.store.Waitlist(ctx, f.official)
	if err != nil || len(waitingBefore) != 2 {
		t.Fatalf("waiting before: %+v %v", waitingBefore, err)
	}
	from, to := riga(1998, 10, 1, 0, 0), riga(1998, 11, 3, 0, 0)
	before, err := f.store.StatsOf(ctx, from, to, "month")
	if err != nil {
		t.Fatal(err)
	}
	summaryBefore, err := f.store.Summary(ctx, from, to)
	if err != nil {
		t.Fatal(err)
	}

	c, err := f.store.Anonymize(ctx)
	if err != nil || c != preview {
		t.Fatalf("cleared %+v, preview %+v, %v", c, preview, err)
	}
	var blanks, kept int
	if err := f.pool.QueryRow(ctx, `
		select count(*) filter (where visitor_name = '' and phone = '' and email = '' and topic = '' and person_code = ''
		                         and accessibility = '' and anonymized_at is not null),
		       count(*) filter (where visitor_name <> '' and email <> '' and anonymized_at is null)
		from visit_bookings where official_id = $1`, f.official).Scan(&blanks, &kept); err != nil || blanks != 3 || kept != 2 {
		t.Fatalf("bookings blanked %d, kept %d, %v", blanks, kept, err)
	}
	var notes int
	if err := f.pool.QueryRow(ctx, `select count(*) from visit_booking_events e join visit_bookings b on b.id = e.booking_id
		where b.official_id = $1 and b.anonymized_at is not null and e.note <> ''`, f.official).Scan(&notes); err != nil || notes != 0 {
		t.Fatalf("%d notes kept, %v", notes, err)
	}
	var logBlank, logKept int
	if err := f.pool.QueryRow(ctx, `
		select count(*) filter (where person_name = '' and purpose = '' and anonymized_at is not null),
		       count(*) filter (where purpose <> '' and anonymized_at is null)
		from visit_log where came_at >= '1998-01-01' and came_at < '1999-01-01'`).Scan(&logBlank, &logKept); err != nil || logBlank != 3 || logKept != 2 {
		t.Fatalf("log blanked %d, kept %d, %v", logBlank, logKept, err)
	}
	// Nothing marked due keeps its text; everything else does.
	count := func(sql string, args ...any) int {
		t.Helper()
		var n int
		if err := f.pool.QueryRow(ctx, sql, args...).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	for _, q := range []struct {
		what                string
		due, kept, wantKept int
	}{
		{"queue",
			count(`select count(*) from visit_queue where official_id = $1 and (visitor_name || topic || outcome) like '%due%'`, f.official),
			count(`select count(*) from visit_queue where official_id = $1 and anonymized_at is null and outcome like '%kept'`, f.official), 2},
		{"waiting list",
			count(`select count(*) from visit_waitlist where official_id = $1
				and (visitor_name || topic || removed_reason || phone) ~ 'due|0101|0102|0009'`, f.official),
			count(`select count(*) from visit_waitlist where official_id = $1 and anonymized_at is null
				and visitor_name like '%kept' and phone <> ''`, f.official), 2},
		{"mail",
			count(`select count(*) from mail_outbox where created_at < '1999-01-01'
				and (to_address || to_name || body_text || last_error) like '%due%'`),
			count(`select count(*) from mail_outbox where created_at < '1999-01-01'
				and to_address like 'kept.%' and body_text like 'Labdien, kept.%' and to_name <> ''`), 3},
	} {
		if q.due != 0 || q.kept != q.wantKept {
			t.Errorf("%s: %d due rows keep their details, %d kept rows keep theirs (want %d)", q.what, q.due, q.kept, q.wantKept)
		}
	}
	// The mails keep whether they went, the queue its tickets and times.
	var sent, failed int
	if err := f.pool.QueryRow(ctx, `select count(*) filter (where status = 'sent'), count(*) filter (where status = 'failed')
		from mail_outbox where to_address = $1 and created_at < '1999-01-01'`, visitors.MailRemoved).Scan(&sent, &failed); err != nil || sent != 1 || failed != 1 {
		t.Fatalf("blanked mail: %d sent, %d failed, %v", sent, failed, err)
	}
	// The entry still waiting since before the cutoff leaves the list; the
	// served one, whose booking lost the phone it was matched by, does not
	// come back onto it.
	waiting, err := f.store.Waitlist(ctx, f.official)
	if err != nil || len(waiting) != 1 || waiting[0].VisitorName != "Waiting kept" {
		t.Fatalf("waiting after: %+v %v", waiting, err)
	}
	if n, err := f.store.WaitingCount(ctx, f.official); err != nil || n != 1 {
		t.Fatalf("waiting count %d %v", n, err)
	}

	// The counts survive: the statistics page's and the director's.
	after, err := f.store.StatsOf(ctx, from, to, "month")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(after, before) {
		t.Fatalf("statistics changed:\nbefore %+v\nafter  %+v", before, after)
	}
	summaryAfter, err := f.store.Summary(ctx, from, to)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(summaryAfter, summaryBefore) || summaryAfter.Visits != 5 || summaryAfter.AvgWait == nil {
		t.Fatalf("summary changed:\nbefore %+v\nafter  %+v", summaryBefore, summaryAfter)
	}
	// One audit entry with the counts of each kind and no one's name.
	var summary string
	var details []byte
	if err := f.pool.QueryRow(ctx, `select summary, details from audit_log where entity = 'visitors_retention' and entity_id = $1`,
		fmt.Sprint(riga(1998, 11, 12, 9, 0).Unix())).Scan(&summary, &details); err != nil {
		t.Fatal(err)
	}
	var got visitors.Cleared
	if err := json.Unmarshal(details, &got); err != nil || got != c {
		t.Fatalf("audit details %s %v", details, err)
	}
	if !strings.Contains(summary, "2 rindas biļetes, 3 gaidītāju saraksta ieraksti, 2 e-pasta vēstules") {
		t.Errorf("audit summary %q", summary)
	}
	// A second run finds nothing more.
	f.at(riga(1998, 11, 12, 9, 5))
	if c, err := f.store.Anonymize(ctx); err != nil || c != (visitors.Cleared{}) {
		t.Fatalf("second run %+v %v", c, err)
	}
}
