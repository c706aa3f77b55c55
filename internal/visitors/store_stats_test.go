package visitors_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/daugavpils/prdesk/internal/visitors"
	"github.com/daugavpils/prdesk/internal/visitors/visitorstest"
)

// statsData logs five visits around the change from summer time (the last
// Sunday of October) and five bookings of f's official, two of them with
// waits of 12 and 4 minutes, in year y. y has the weekdays of 2026 (1998,
// 2009, 2015): the package's tests share one database, and each test of
// the counts keeps to a year of its own.
func statsData(t *testing.T, f fixture, y int) {
	t.Helper()
	ctx := context.Background()
	for _, e := range []visitors.NewLogEntry{
		{CameAt: riga(y, 10, 5, 9, 10), PersonName: "Jānis Ozols", OfficialID: f.official, Purpose: "Iesniegums"},
		{CameAt: riga(y, 10, 5, 9, 40), Unit: "Sociālais dienests", Purpose: "Pabalsts"},
		{CameAt: riga(y, 10, 6, 14, 5), Unit: "Sociālais dienests", Purpose: "Pabalsts"},
		{CameAt: riga(y, 10, 26, 9, 55), Unit: "Izglītības pārvalde", Purpose: "Bērnudārzs"},
		{CameAt: riga(y, 11, 2, 8, 30), PersonName: "Anna Liepa", OfficialID: f.official, Purpose: "Pieņemšana"},
	} {
		if _, err := f.store.LogVisit(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	// Past bookings go in as they would have been made at the time.
	for _, b := range []struct {
		start time.Time
		state visitors.State
		wait  time.Duration
	}{
		{riga(y, 10, 7, 10, 0), visitors.Done, 12 * time.Minute},
		{riga(y, 10, 7, 10, 15), visitors.NoShow, 0},
		{riga(y, 10, 7, 10, 30), visitors.Cancelled, 0},
		{riga(y, 10, 14, 10, 0), visitors.Done, 4 * time.Minute},
		{riga(y, 11, 4, 10, 0), visitors.Booked, 0},
	} {
		id := visitorstest.AddBooking(t, f.pool, visitorstest.Booking{OfficialID: f.official, Start: b.start, State: b.state,
			Name: "Pēteris Kalns", Phone: "+37120000009", Topic: "Jautājums"})
		if b.wait == 0 {
			continue
		}
		arrived := b.start.Add(-5 * time.Minute)
		if _, err := f.pool.Exec(ctx, `
			insert into visit_booking_events (booking_id, at, actor_name, action, state)
			values ($1, $2, 'clerk', 'state', 'arrived'), ($1, $3, 'clerk', 'state', 'with_official'),
			       ($1, $4, 'clerk', 'state', 'done')`, id, arrived, arrived.Add(b.wait), arrived.Add(b.wait+10*time.Minute)); err != nil {
			t.Fatal(err)
		}
		// The waiting queue is the record of the waits.
		if _, err := f.pool.Exec(ctx, `
			insert into visit_queue (official_id, day, number, ticket, booking_id, walk_in, state, checked_in_at, called_at, done_at)
			values ($1, $2, $3, $4, $5, false, 'done', $6, $7, $8)`,
			f.official, b.start.In(time.UTC).Format("2006-01-02"), b.start.Day(), fmt.Sprintf("A-%03d", b.start.Day()), id, arrived, arrived.Add(b.wait), arrived.Add(b.wait+10*time.Minute)); err != nil {
			t.Fatal(err)
		}
	}
}

func TestStatsFigures(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, "Rita Strode")
	const y = 2015
	statsData(t, f, y)
	from, to := riga(y, 10, 1, 0, 0), riga(y, 11, 3, 0, 0)

	st, err := f.store.StatsOf(ctx, from, to, "month")
	if err != nil {
		t.Fatal(err)
	}
	// The booking of 4 November is after the period; the cancelled one does not count.
	if st.Visits != 5 || st.Bookings != 3 || st.Past != 3 || st.NoShows != 1 {
		t.Fatalf("visits %d, bookings %d, past %d, no-shows %d", st.Visits, st.Bookings, st.Past, st.NoShows)
	}
	if r := st.NoShowRate(); r < 0.333 || r > 0.334 {
		t.Errorf("no-show rate %v", r)
	}
	if len(st.Periods) != 2 || st.Periods[0].Visits != 4 || st.Periods[1].Visits != 1 ||
		st.Periods[0].Start.Format("2006-01-02") != "2015-10-01" || st.Periods[1].Start.Format("2006-01-02") != "2015-11-01" {
		t.Errorf("months %+v", st.Periods)
	}
	if len(st.PerOfficial) != 1 || st.PerOfficial[0].Visits != 2 || st.PerOfficial[0].Bookings != 3 || st.PerOfficial[0].NoShows != 1 {
		t.Errorf("per official %+v", st.PerOfficial)
	}
	if len(st.Units) != 2 || st.Units[0] != (visitors.UnitCount{Unit: "Sociālais dienests", Visits: 2}) || st.Units[1] != (visitors.UnitCount{Unit: "Izglītības pārvalde", Visits: 1}) {
		t.Errorf("units %+v", st.Units)
	}
	// Wall-clock hours in Riga on both sides of the change of time.
	if st.Hours[9][0] != 3 || st.Hours[14][1] != 1 || st.Hours[8][0] != 1 || st.HourMin != 8 || st.HourMax != 14 || st.MaxInDay != 3 {
		t.Errorf("hours 8–14 Mon/Tue: %v %v %v, range %d–%d", st.Hours[8][:2], st.Hours[9][:2], st.Hours[14][:2], st.HourMin, st.HourMax)
	}
	if st.BusiestHour != 9 || st.BusiestHourVisits != 3 {
		t.Errorf("busiest hour %d (%d)", st.BusiestHour, st.BusiestHourVisits)
	}
	if st.AvgWait == nil || *st.AvgWait != 8*time.Minute {
		t.Errorf("average wait %v from %s", st.AvgWait, st.WaitFrom)
	}

	// Both records of the waits agree.
	if d, err := visitors.WaitFromHistory(ctx, f.pool, from, to); err != nil || d == nil || *d != 8*time.Minute {
		t.Errorf("wait from the bookings' history %v %v", d, err)
	}

	st, err = f.store.StatsOf(ctx, from, to, "week")
	if err != nil {
		t.Fatal(err)
	}
	// Every week with visitors or bookings: the week of 12 October had a
	// booking and no one logged.
	var weeks []string
	for _, p := range st.Periods {
		weeks = append(weeks, fmt.Sprintf("%s:%d/%d/%d", p.Start.Format("01-02"), p.Visits, p.Bookings, p.NoShows))
	}
	if got := fmt.Sprint(weeks); got != "[10-05:3/2/1 10-12:0/1/0 10-26:1/0/0 11-02:1/0/0]" {
		t.Errorf("weeks %v", got)
	}
	st, err = f.store.StatsOf(ctx, from, to, "day")
	if err != nil || len(st.Periods) != 6 || st.Periods[0].Visits != 2 || st.Periods[2].Bookings != 2 {
		t.Errorf("days %+v %v", st.Periods, err)
	}

	// A period with nothing in it.
	st, err = f.store.StatsOf(ctx, riga(y-1, 1, 1, 0, 0), riga(y-1, 2, 1, 0, 0), "month")
	if err != nil || st.Visits != 0 || len(st.Periods) != 0 || st.BusiestHour != -1 || st.AvgWait != nil || st.HourMax != -1 {
		t.Errorf("empty period %+v %v", st, err)
	}
}

func TestSummary(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, "Rita Strode")
	statsData(t, f, 2009)

	r, err := f.store.Summary(ctx, riga(2009, 10, 1, 0, 0), riga(2009, 11, 1, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	// November's visit and booking are outside; every October booking is past.
	if r.Visits != 4 || r.Bookings != 3 || r.Past != 3 || r.NoShows != 1 || r.BusiestHour != 9 || r.BusiestHourVisits != 3 {
		t.Fatalf("report %+v", r)
	}
	if len(r.PerOfficial) != 1 || r.PerOfficial[0].Name != "Rita Strode" || r.PerOfficial[0].Visits != 1 || r.PerOfficial[0].Bookings != 3 {
		t.Errorf("per official %+v", r.PerOfficial)
	}
	if r.AvgWait == nil || *r.AvgWait != 8*time.Minute {
		t.Errorf("average wait %v", r.AvgWait)
	}
	// The counts do not depend on the visitors' details being kept.
	keepRetention(t, f.pool)
	if _, err := f.pool.Exec(ctx, `update settings set value = '30' where key = $1`, visitors.RetentionKey); err != nil {
		t.Fatal(err)
	}
	f.at(riga(2010, 1, 1, 0, 0))
	if _, err := f.store.Anonymize(ctx); err != nil {
		t.Fatal(err)
	}
	again, err := f.store.Summary(ctx, riga(2009, 10, 1, 0, 0), riga(2009, 11, 1, 0, 0))
	if err != nil || again.Visits != r.Visits || again.Bookings != r.Bookings || again.NoShows != r.NoShows || len(again.PerOfficial) != 1 {
		t.Fatalf("after removal of details %+v %v", again, err)
	}
}

// The reception hours held are the sessions that began in the period by
// now: one still to come is not held yet, and one outside the period is
// not counted.
func TestSummaryCountsReceptionHoursHeld(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, "Inga Pieņēmēja")
	held := func() int {
		t.Helper()
		r, err := f.store.Summary(ctx, riga(2011, 10, 1, 0, 0), riga(2011, 11, 1, 0, 0))
		if err != nil {
			t.Fatal(err)
		}
		return r.HoursHeld
	}
	f.at(riga(2011, 10, 15, 12, 0))
	before := held()
	visitorstest.AddExtra(t, f.pool, f.official, visitorstest.Date(2011, 10, 5), visitors.At(10, 0), visitors.At(12, 0), 15)
	visitorstest.AddExtra(t, f.pool, f.official, visitorstest.Date(2011, 10, 20), visitors.At(10, 0), visitors.At(12, 0), 15)
	visitorstest.AddExtra(t, f.pool, f.official, visitorstest.Date(2011, 11, 2), visitors.At(10, 0), visitors.At(12, 0), 15)
	if got := held(); got != before+1 {
		t.Errorf("on 15 October: %d held, want %d", got, before+1)
	}
	f.at(riga(2011, 12, 1, 12, 0))
	if got := held(); got != before+2 {
		t.Errorf("in December: %d held, want %d", got, before+2)
	}
}
