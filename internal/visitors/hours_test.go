package visitors

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"
)

func TestFrequency(t *testing.T) {
	d := func(m time.Month, dd int) *time.Time { x := day(2026, m, dd); return &x }
	today := day(2026, 11, 10)
	tests := []struct {
		name         string
		weeks        int
		last, next   *time.Time
		want         Standing
		wantDeadline *time.Time
	}{
		{"next well inside the target", 8, d(10, 1), d(11, 20), OnTrack, d(11, 26)},
		{"next on the deadline itself", 8, d(10, 1), d(11, 26), OnTrack, d(11, 26)},
		{"next a day after the deadline", 8, d(10, 1), d(11, 27), AtRisk, d(11, 26)},
		{"no next session planned", 8, d(10, 1), nil, AtRisk, d(11, 26)},
		{"deadline is today: not yet behind", 4, d(10, 13), d(12, 1), AtRisk, d(11, 10)},
		{"deadline was yesterday", 4, d(10, 12), d(11, 12), Behind, d(11, 9)},
		{"behind even with a next session", 2, d(9, 1), d(11, 11), Behind, d(9, 15)},
		{"never received", 8, nil, d(11, 12), Behind, nil},
		{"weekly target, last week", 1, d(11, 5), d(11, 12), OnTrack, d(11, 12)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, deadline := Frequency(tc.weeks, tc.last, tc.next, today)
			if got != tc.want {
				t.Errorf("standing %s, want %s", got, tc.want)
			}
			if tc.wantDeadline == nil && !deadline.IsZero() || tc.wantDeadline != nil && !deadline.Equal(*tc.wantDeadline) {
				t.Errorf("deadline %v, want %v", deadline, tc.wantDeadline)
			}
		})
	}
	// A time of day does not move the date: 23:30 in Riga is still that day.
	if got, _ := Frequency(4, d(10, 13), nil, riga(2026, 11, 10, 23, 30)); got != AtRisk {
		t.Errorf("late evening: %s", got)
	}
}

func TestParseClock(t *testing.T) {
	for in, want := range map[string]int{"9:30": 570, "09:30": 570, "14.00": 840, "00:00": 0, "23:59": 1439} {
		if c, ok := parseClock(in); !ok || int(c) != want {
			t.Errorf("%q: %d %v", in, c, ok)
		}
	}
	for _, in := range []string{"", "24:00", "9:60", "930", "9:3", "ab:cd", "10:00 "} {
		if _, ok := parseClock(in); ok {
			t.Errorf("%q accepted", in)
		}
	}
}

func TestOfficialsAndRulesStore(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, "Ojārs Vanags")
	s := f.store
	o, err := s.AnyOfficial(ctx, f.official)
	if err != nil {
		t.Fatal(err)
	}
	eight := 8
	o.Position, o.TargetWeeks = "Domes deputāts, finanšu komiteja", &eight
	if err := s.UpdateOfficial(ctx, o); err != nil {
		t.Fatal(err)
	}
	// The same form saved again is stale: nothing is overwritten.
	o.Position = "Vecā forma"
	if err := s.UpdateOfficial(ctx, o); !errors.Is(err, ErrStale) {
		t.Fatalf("stale save: %v", err)
	}
	got, _ := s.AnyOfficial(ctx, f.official)
	if got.Position != "Domes deputāts, finanšu komiteja" || got.Version != 2 || got.TargetWeeks == nil || *got.TargetWeeks != 8 {
		t.Fatalf("official %+v", got)
	}
	// One account, one official.
	var uid int64
	if err := f.pool.QueryRow(ctx, `insert into users (username, full_name, roles, password_hash)
		values ('vanags-test', 'Ojārs Vanags', '{deputy}', 'x') returning id`).Scan(&uid); err != nil {
		t.Fatal(err)
	}
	// demo.Seed fills only a database without accounts, and the HTTP tests of
	// this package's binary run after these: leave none behind.
	t.Cleanup(func() {
		f.pool.Exec(ctx, `update visit_officials set user_id = null where user_id = $1`, uid) //nolint:errcheck
		if _, err := f.pool.Exec(ctx, `delete from users where id = $1`, uid); err != nil {
			t.Error(err)
		}
	})
	got.UserID = &uid
	if err := s.UpdateOfficial(ctx, got); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateOfficial(ctx, Official{Name: "Cits", Kind: Chair, UserID: &uid, Active: true}); !errors.Is(err, ErrAccountTaken) {
		t.Fatalf("second official on one account: %v", err)
	}

	rules, err := s.Rules(ctx, f.official)
	if err != nil || len(rules) != 1 {
		t.Fatalf("rules %v %v", rules, err)
	}
	r := rules[0]
	r.Kind, r.Nth, r.EveryWeeks, r.Weekday = Monthly, 2, 1, time.Thursday
	if err := s.UpdateRule(ctx, r.Rule, r.Version); err != nil {
		t.Fatal(err)
	}
	if err := s.UpdateRule(ctx, r.Rule, r.Version); !errors.Is(err, ErrStale) {
		t.Fatalf("stale rule: %v", err)
	}
	if err := s.EndRule(ctx, r.ID, day(2026, 12, 31), r.Version+1); err != nil {
		t.Fatal(err)
	}
	r2, _ := s.RuleByID(ctx, r.ID)
	if r2.Kind != Monthly || r2.Nth != 2 || r2.ValidTo == nil || !r2.ValidTo.Equal(day(2026, 12, 31)) {
		t.Fatalf("rule %+v", r2)
	}
	// The second Thursday of December 2026, and none in January.
	sch, _ := s.Schedule(ctx, f.official, day(2026, 12, 1))
	ses := sch.Sessions(lawCalendar(), day(2026, 12, 1), day(2027, 1, 31))
	if len(ses) != 1 || !ses[0].Day.Equal(day(2026, 12, 10)) {
		t.Fatalf("sessions %+v", ses)
	}

	var audits int
	if err := f.pool.QueryRow(ctx, `select count(*) from audit_log where entity in ('visit_official', 'visit_rule')
		and entity_id in ($1, $2) and action in ('update', 'end')`, fmt.Sprint(f.official), fmt.Sprint(r.ID)).Scan(&audits); err != nil {
		t.Fatal(err)
	}
	if audits != 4 {
		t.Errorf("%d audit entries, want 4", audits)
	}
}

func TestCancelDayCountsBookings(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, "Guntis Rozītis")
	dropBookings(t, f)
	if _, err := f.store.Book(ctx, visitor(f.official, riga(2026, 11, 11, 10, 0), "+37120001111")); err != nil {
		t.Fatal(err)
	}
	id, booked, err := f.store.CancelDay(ctx, Cancellation{OfficialID: f.official, Day: day(2026, 11, 11), Reason: "Slimība"})
	if err != nil || booked != 1 {
		t.Fatalf("cancel: %d bookings, %v", booked, err)
	}
	if _, _, err := f.store.CancelDay(ctx, Cancellation{OfficialID: f.official, Day: day(2026, 11, 11), Reason: "Vēlreiz"}); !errors.Is(err, ErrDayCancelled) {
		t.Fatalf("twice: %v", err)
	}
	cs, _ := f.store.Cancellations(ctx, f.official, day(2026, 11, 1))
	if len(cs) != 2 { // and the fixture's 2 December
		t.Fatalf("cancellations %+v", cs)
	}
	if err := f.store.Uncancel(ctx, f.official, id, 1); err != nil {
		t.Fatal(err)
	}
	if _, booked, err := f.store.CancelDay(ctx, Cancellation{OfficialID: f.official, Day: day(2026, 11, 18), Reason: "Svētki"}); err != nil || booked != 0 {
		t.Fatalf("empty day: %d, %v", booked, err)
	}

	eid, err := f.store.CreateExtra(ctx, Extra{OfficialID: f.official, Day: day(2026, 11, 13), Start: At(9, 0), End: At(10, 0), Room: "Domes ēka, 105. kab.", SlotMinutes: 20})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.store.DeleteExtra(ctx, f.official+1, eid, 1); !errors.Is(err, ErrStale) {
		t.Fatalf("another official's session: %v", err)
	}
	if err := f.store.DeleteExtra(ctx, f.official, eid, 1); err != nil {
		t.Fatal(err)
	}
}

// dropBookings removes the official's bookings when the test ends: other
// tests of this package count the bookings of the whole table.
func dropBookings(t *testing.T, f fixture) {
	t.Cleanup(func() {
		if _, err := f.pool.Exec(context.Background(), `delete from visit_bookings where official_id = $1`, f.official); err != nil {
			t.Error(err)
		}
	})
}
