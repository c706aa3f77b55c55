package visitors

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/daugavpils/prdesk/internal/web"
)

func TestAnonymize(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, "Rita Strode")
	statsData(t, f, 1998)
	if _, err := f.pool.Exec(ctx, `update visit_booking_events set note = 'Zvanīja, slima' where state = 'done'`); err != nil {
		t.Fatal(err)
	}
	if _, err := f.pool.Exec(ctx, `update visit_bookings set email = 'peteris@example.lv', person_code = '121282-11210', accessibility = 'Ratiņkrēsls'`); err != nil {
		t.Fatal(err)
	}
	// 20 days: the visits up to 13 October are past it on 2 November.
	r, err := f.store.Retention(ctx)
	if err != nil || r.Days != DefaultRetentionDays {
		t.Fatalf("default %+v %v", r, err)
	}
	if err := f.store.SetRetention(ctx, 20, r.Version); err == nil || !errors.Is(err, web.ErrBadRequest) {
		t.Fatalf("20 days accepted: %v", err)
	}
	if err := f.store.SetRetention(ctx, 30, r.Version); err != nil {
		t.Fatal(err)
	}
	if err := f.store.SetRetention(ctx, 40, r.Version); !errors.Is(err, web.ErrConflict) {
		t.Fatalf("stale version: %v", err)
	}
	// On 12 November, 30 days back is 13 October: three visits, three bookings.
	f.store.now = func() time.Time { return riga(1998, 11, 12, 9, 0) }
	preview, _, err := f.store.RetentionPreview(ctx)
	if err != nil || preview != (Cleared{Bookings: 3, Log: 3}) {
		t.Fatalf("preview %+v %v", preview, err)
	}
	before, err := f.store.StatsOf(ctx, riga(1998, 10, 1, 0, 0), riga(1998, 11, 3, 0, 0), "month")
	if err != nil {
		t.Fatal(err)
	}

	c, err := Anonymize(ctx, f.pool, riga(1998, 11, 12, 9, 0))
	if err != nil || c != preview {
		t.Fatalf("cleared %+v, preview %+v, %v", c, preview, err)
	}
	var blanks, kept int
	if err := f.pool.QueryRow(ctx, `
		select count(*) filter (where visitor_name = '' and phone = '' and email = '' and topic = '' and person_code = ''
		                         and accessibility = '' and anonymized_at is not null),
		       count(*) filter (where visitor_name <> '' and email <> '' and anonymized_at is null)
		from visit_bookings`).Scan(&blanks, &kept); err != nil || blanks != 3 || kept != 2 {
		t.Fatalf("bookings blanked %d, kept %d, %v", blanks, kept, err)
	}
	var notes int
	if err := f.pool.QueryRow(ctx, `select count(*) from visit_booking_events e join visit_bookings b on b.id = e.booking_id
		where b.anonymized_at is not null and e.note <> ''`).Scan(&notes); err != nil || notes != 0 {
		t.Fatalf("%d notes kept, %v", notes, err)
	}
	var logBlank, logKept int
	if err := f.pool.QueryRow(ctx, `
		select count(*) filter (where person_name = '' and purpose = '' and anonymized_at is not null),
		       count(*) filter (where purpose <> '' and anonymized_at is null)
		from visit_log`).Scan(&logBlank, &logKept); err != nil || logBlank != 3 || logKept != 2 {
		t.Fatalf("log blanked %d, kept %d, %v", logBlank, logKept, err)
	}
	// The counts survive.
	after, err := f.store.StatsOf(ctx, riga(1998, 10, 1, 0, 0), riga(1998, 11, 3, 0, 0), "month")
	if err != nil {
		t.Fatal(err)
	}
	if after.Visits != before.Visits || after.Bookings != before.Bookings || after.NoShows != before.NoShows ||
		len(after.Units) != len(before.Units) || after.Hours != before.Hours || *after.AvgWait != *before.AvgWait {
		t.Fatalf("counts changed: before %+v after %+v", before.Report, after.Report)
	}
	// One audit entry with the counts and no one's name.
	var summary string
	var details []byte
	if err := f.pool.QueryRow(ctx, `select summary, details from audit_log where entity = 'visitors_retention'`).Scan(&summary, &details); err != nil {
		t.Fatal(err)
	}
	var got Cleared
	if err := json.Unmarshal(details, &got); err != nil || got != c {
		t.Fatalf("audit details %s %v", details, err)
	}
	// A second run finds nothing more.
	if c, err := Anonymize(ctx, f.pool, riga(1998, 11, 12, 9, 5)); err != nil || c != (Cleared{}) {
		t.Fatalf("second run %+v %v", c, err)
	}
}

func TestRetentionRunsNightly(t *testing.T) {
	for _, tc := range []struct{ now, want time.Time }{
		{riga(1998, 11, 2, 1, 0), riga(1998, 11, 2, 3, 15)},
		{riga(1998, 11, 2, 3, 15), riga(1998, 11, 3, 3, 15)},
		{riga(1998, 3, 28, 12, 0), riga(1998, 3, 29, 3, 15)}, // the night summer time begins
	} {
		if got := (retentionNightly{}).Next(tc.now); !got.Equal(tc.want) {
			t.Errorf("after %v: %v, want %v", tc.now, got, tc.want)
		}
	}
}
