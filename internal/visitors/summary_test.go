package visitors

import (
	"context"
	"testing"
	"time"
)

func TestSummary(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, "Rita Strode")
	statsData(t, f, 2009)

	r, err := Summary(ctx, f.pool, riga(2009, 10, 1, 0, 0), riga(2009, 11, 1, 0, 0))
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
	if _, err := f.pool.Exec(ctx, `update settings set value = '30' where key = $1`, RetentionKey); err != nil {
		t.Fatal(err)
	}
	if _, err := Anonymize(ctx, f.pool, riga(2010, 1, 1, 0, 0)); err != nil {
		t.Fatal(err)
	}
	again, err := Summary(ctx, f.pool, riga(2009, 10, 1, 0, 0), riga(2009, 11, 1, 0, 0))
	if err != nil || again.Visits != r.Visits || again.Bookings != r.Bookings || again.NoShows != r.NoShows || len(again.PerOfficial) != 1 {
		t.Fatalf("after removal of details %+v %v", again, err)
	}
}
