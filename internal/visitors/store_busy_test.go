package visitors_test

import (
	"context"
	"testing"
	"time"

	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/visitors"
)

// A Thursday: the fixture's official receives on Wednesdays.
func TestBusyTimesAreAnOfficialsReceptionsByAccount(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, "Aina Krūmiņa")
	s := f.store
	var uid int64
	if err := f.pool.QueryRow(ctx, `insert into users (username, full_name, roles, password_hash)
		values ('krumina-busy', 'Aina Krūmiņa', '{management}', 'x') returning id`).Scan(&uid); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		f.pool.Exec(ctx, `update visit_officials set user_id = null where user_id = $1`, uid) //nolint:errcheck
		f.pool.Exec(ctx, `delete from users where id = $1`, uid)                              //nolint:errcheck
	})
	o, err := s.AnyOfficial(ctx, f.official)
	if err != nil {
		t.Fatal(err)
	}
	o.UserID = &uid
	if err := s.UpdateOfficial(ctx, o); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateExtra(ctx, visitors.Extra{OfficialID: f.official, Day: day(2027, 3, 11), Start: visitors.At(9, 0),
		End: visitors.At(11, 0), Room: "Domes ēka, 105. kab.", SlotMinutes: 20}); err != nil {
		t.Fatal(err)
	}
	riga := func(h, m int) time.Time { return time.Date(2027, 3, 11, h, m, 0, 0, i18n.Riga) }
	for _, c := range []struct {
		name     string
		users    []int64
		from, to time.Time
		want     int
	}{
		{"the day", []int64{uid}, riga(0, 0), riga(23, 59), 1},
		{"overlapping the end", []int64{uid}, riga(10, 30), riga(12, 0), 1},
		{"ending as it starts", []int64{uid}, riga(8, 0), riga(9, 0), 0},
		{"after it", []int64{uid}, riga(11, 0), riga(13, 0), 0},
		{"another account", []int64{uid + 1000}, riga(0, 0), riga(23, 59), 0},
		{"nobody", nil, riga(0, 0), riga(23, 59), 0},
	} {
		got, err := s.BusyTimes(ctx, c.users, c.from, c.to)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != c.want {
			t.Errorf("%s: %d sessions, want %d", c.name, len(got), c.want)
			continue
		}
		if c.want == 1 && (got[0].UserID != uid || !got[0].Start.Equal(riga(9, 0)) || !got[0].End.Equal(riga(11, 0)) || got[0].Room != "Domes ēka, 105. kab.") {
			t.Errorf("%s: %+v", c.name, got[0])
		}
	}
}
