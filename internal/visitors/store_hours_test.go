package visitors_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/daugavpils/prdesk/internal/calendar"
	"github.com/daugavpils/prdesk/internal/visitors"
)

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
	err = s.UpdateOfficial(ctx, o)
	wantRefused(t, err, "name", "errors.conflict")
	if !isConflict(err) {
		t.Fatalf("stale save is no conflict: %v", err)
	}
	// So is a form without its version.
	o.Version = -1
	if err := s.UpdateOfficial(ctx, o); !isConflict(err) {
		t.Fatalf("save without a version: %v", err)
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
	_, err = s.CreateOfficial(ctx, visitors.Official{Name: "Cits", Kind: visitors.Chair, UserID: &uid, Active: true})
	wantRefused(t, err, "user_id", "visitors.hours.err_account_taken")
	// An account that is no one's is refused the same way.
	nobody := int64(987654321)
	_, err = s.CreateOfficial(ctx, visitors.Official{Name: "Cits", Kind: visitors.Chair, UserID: &nobody, Active: true})
	wantRefused(t, err, "user_id", "visitors.hours.err_account_taken")

	rules, err := s.Rules(ctx, f.official)
	if err != nil || len(rules) != 1 {
		t.Fatalf("rules %v %v", rules, err)
	}
	r := rules[0]
	r.Kind, r.Nth, r.EveryWeeks, r.Weekday = visitors.Monthly, 2, 1, time.Thursday
	if err := s.UpdateRule(ctx, r.Rule, r.Version); err != nil {
		t.Fatal(err)
	}
	wantRefused(t, s.UpdateRule(ctx, r.Rule, r.Version), "kind", "errors.conflict")
	wantRefused(t, s.EndRule(ctx, r.ID, day(2026, 12, 31), r.Version), "valid_to_end", "errors.conflict")
	if err := s.EndRule(ctx, r.ID, day(2026, 12, 31), r.Version+1); err != nil {
		t.Fatal(err)
	}
	r2, _ := s.RuleByID(ctx, r.ID)
	if r2.Kind != visitors.Monthly || r2.Nth != 2 || r2.ValidTo == nil || !r2.ValidTo.Equal(day(2026, 12, 31)) {
		t.Fatalf("rule %+v", r2)
	}
	// The second Thursday of December 2026, and none in January.
	sch, _ := s.Schedule(ctx, f.official, day(2026, 12, 1))
	ses := sch.Sessions(calendar.New(nil, true), day(2026, 12, 1), day(2027, 1, 31))
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
	id, booked, err := f.store.CancelDay(ctx, visitors.Cancellation{OfficialID: f.official, Day: day(2026, 11, 11), Reason: "Slimība"})
	if err != nil || booked != 1 {
		t.Fatalf("cancel: %d bookings, %v", booked, err)
	}
	_, _, err = f.store.CancelDay(ctx, visitors.Cancellation{OfficialID: f.official, Day: day(2026, 11, 11), Reason: "Vēlreiz"})
	wantRefused(t, err, "day", "visitors.hours.err_already_cancelled")
	cs, _ := f.store.Cancellations(ctx, f.official, day(2026, 11, 1))
	if len(cs) != 2 { // and the fixture's 2 December
		t.Fatalf("cancellations %+v", cs)
	}
	if err := f.store.Uncancel(ctx, f.official, id, -1); !isConflict(err) {
		t.Fatalf("uncancel without a version: %v", err)
	}
	if err := f.store.Uncancel(ctx, f.official, id, 1); err != nil {
		t.Fatal(err)
	}
	if _, booked, err := f.store.CancelDay(ctx, visitors.Cancellation{OfficialID: f.official, Day: day(2026, 11, 18), Reason: "Svētki"}); err != nil || booked != 0 {
		t.Fatalf("empty day: %d, %v", booked, err)
	}

	eid, err := f.store.CreateExtra(ctx, visitors.Extra{OfficialID: f.official, Day: day(2026, 11, 13), Start: visitors.At(9, 0), End: visitors.At(10, 0), Room: "Domes ēka, 105. kab.", SlotMinutes: 20})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.store.DeleteExtra(ctx, f.official+1, eid, 1); !isConflict(err) {
		t.Fatalf("another official's session: %v", err)
	}
	for _, v := range []int{2, -1} {
		if err := f.store.DeleteExtra(ctx, f.official, eid, v); !isConflict(err) {
			t.Fatalf("stale delete (version %d): %v", v, err)
		}
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
