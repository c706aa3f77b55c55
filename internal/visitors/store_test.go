package visitors_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/calendar"
	"github.com/daugavpils/prdesk/internal/db/dbtest"
	"github.com/daugavpils/prdesk/internal/demo"
	"github.com/daugavpils/prdesk/internal/mail"
	"github.com/daugavpils/prdesk/internal/visitors"
	"github.com/daugavpils/prdesk/internal/visitors/visitorstest"
)

func visitor(official int64, start time.Time, phone string) visitors.NewBooking {
	return visitors.NewBooking{OfficialID: official, Start: start, VisitorName: "Anna Kalniņa", Phone: phone,
		Topic: "Ielas apgaismojums Cietokšņa ielā", Language: "lv"}
}

func TestBookAndRefuse(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, "Rita Strode")
	slot := riga(2026, 11, 4, 10, 15)

	b := visitor(f.official, slot, "+37120000001")
	b.Email = "anna.kalnina@example.lv"
	id, err := f.store.Book(ctx, b)
	if err != nil {
		t.Fatal(err)
	}
	got, err := f.store.Booking(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if !got.Start.Equal(slot) || got.End.Sub(got.Start) != 15*time.Minute || got.State != visitors.Booked || got.Room != "Domes ēka, 2. stāvs, 221. kab." {
		t.Fatalf("booking %+v", got)
	}
	hist, err := f.store.History(ctx, id)
	if err != nil || len(hist) != 1 || hist[0].Action != "booked" {
		t.Fatalf("history %+v %v", hist, err)
	}
	var audits, mails int
	if err := f.pool.QueryRow(ctx, `select count(*) from audit_log where entity = 'booking' and entity_id = $1`, fmt.Sprint(id)).Scan(&audits); err != nil {
		t.Fatal(err)
	}
	out, err := mail.ForEntity(ctx, f.pool, "booking", id)
	if err != nil {
		t.Fatal(err)
	}
	mails = len(out)
	if audits != 1 || mails != 1 || out[0].ToAddress != "anna.kalnina@example.lv" || !strings.Contains(out[0].BodyText, "04.11.2026") || !strings.Contains(out[0].BodyText, "10:15") {
		t.Fatalf("audit %d, mail %d %+v", audits, mails, out)
	}

	tests := []struct {
		name string
		edit func(*visitors.NewBooking)
		want string // the refusal: "field: key"
	}{
		{"the same slot", func(b *visitors.NewBooking) {}, "start: visitors.err_taken"},
		{"past", func(b *visitors.NewBooking) { b.Start = riga(2026, 10, 28, 10, 0) }, "start: visitors.err_past"},
		{"between slots", func(b *visitors.NewBooking) { b.Start = riga(2026, 11, 4, 10, 5) }, "start: visitors.err_no_session"},
		{"not a reception day", func(b *visitors.NewBooking) { b.Start = riga(2026, 11, 5, 10, 0) }, "start: visitors.err_no_session"},
		{"cancelled date", func(b *visitors.NewBooking) { b.Start = riga(2026, 12, 2, 10, 0) }, "start: visitors.err_cancelled"},
		{"holiday", func(b *visitors.NewBooking) { b.Start = riga(2026, 11, 18, 10, 0) }, "start: visitors.err_holiday"},
		{"unknown official", func(b *visitors.NewBooking) { b.OfficialID = 999999 }, "official: visitors.err_unknown_official"},
		{"no way to reach", func(b *visitors.NewBooking) { b.Phone = "" }, "phone: visitors.err_no_contact"},
		{"bad personal code", func(b *visitors.NewBooking) { b.PersonCode = "010190-12345" }, "person_code: visitors.err_code_format"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := visitor(f.official, slot, "+37120000002")
			tc.edit(&b)
			_, err := f.store.Book(ctx, b)
			if got := refusal(err); got != tc.want {
				t.Fatalf("refused %q, want %q", got, tc.want)
			}
		})
	}
	// A slot taken is the other booker's doing: a conflict (409), the rest
	// are the form's (422).
	if _, err := f.store.Book(ctx, visitor(f.official, slot, "+37120000002")); !isConflict(err) {
		t.Fatalf("taken slot is no conflict: %v", err)
	}
	var n int
	if err := f.pool.QueryRow(ctx, `select count(*) from visit_bookings where official_id = $1`, f.official).Scan(&n); err != nil || n != 1 {
		t.Fatalf("%d bookings, %v", n, err)
	}
}

func TestLimitOfFutureBookings(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, "Jānis Krūmiņš")
	starts := []time.Time{riga(2026, 11, 4, 10, 0), riga(2026, 11, 11, 10, 0), riga(2026, 11, 25, 10, 0)}
	for _, st := range starts[:2] {
		b := visitor(f.official, st, "+37120000010")
		if _, err := f.store.Book(ctx, b); err != nil {
			t.Fatal(err)
		}
	}
	// Known by phone, by e-mail under another case, by personal code.
	b := visitor(f.official, starts[2], "+37120000010")
	_, err := f.store.Book(ctx, b)
	wantRefused(t, err, "override_reason", "visitors.err_limit")
	b.OverrideReason = "Jautājums par divām dažādām lietām"
	id, err := f.store.Book(ctx, b)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := f.store.Booking(ctx, id)
	if got.OverrideReason != b.OverrideReason {
		t.Fatalf("override %q", got.OverrideReason)
	}
	hist, _ := f.store.History(ctx, id)
	if len(hist) != 1 || hist[0].Note != b.OverrideReason {
		t.Fatalf("history %+v", hist)
	}
	// A different person is not held back.
	if _, err := f.store.Book(ctx, visitor(f.official, riga(2026, 11, 25, 10, 15), "+37120000011")); err != nil {
		t.Fatal(err)
	}
}

func TestFreeSlots(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, "Inga Ozola")
	if _, err := f.store.Book(ctx, visitor(f.official, riga(2026, 11, 4, 10, 15), "+37120000020")); err != nil {
		t.Fatal(err)
	}
	got, err := f.store.FreeSlots(ctx, f.official, fixedNow, 20)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 20 {
		t.Fatalf("%d slots", len(got))
	}
	// 4 Nov less 10:15 (7), 11 Nov (8), 18 Nov is a holiday, 25 Nov (5 of 8).
	if !got[0].Start.Equal(riga(2026, 11, 4, 10, 0)) || !got[1].Start.Equal(riga(2026, 11, 4, 10, 30)) ||
		!got[7].Start.Equal(riga(2026, 11, 11, 10, 0)) || !got[15].Start.Equal(riga(2026, 11, 25, 10, 0)) {
		t.Fatalf("slots %v", got)
	}
	// Past 25 Nov: 2 Dec is cancelled, 9 Dec is next.
	got, err = f.store.FreeSlots(ctx, f.official, riga(2026, 11, 25, 12, 0), 1)
	if err != nil || len(got) != 1 || !got[0].Start.Equal(riga(2026, 12, 9, 10, 0)) {
		t.Fatalf("after 25 Nov: %v %v", got, err)
	}
}

// A booking made before the hours' slots changed length lies across the new
// slots: each slot it overlaps is taken, in the nearest free slots and in
// the month, as the database refuses a booking of any of them.
func TestSlotsAcrossAnOlderBooking(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, "Marta Liepiņa")
	if _, err := f.store.Book(ctx, visitor(f.official, riga(2026, 11, 4, 10, 15), "+37120000025")); err != nil {
		t.Fatal(err)
	}
	if _, err := f.pool.Exec(ctx, `update visit_rules set slot_minutes = 20 where official_id = $1`, f.official); err != nil {
		t.Fatal(err)
	}
	got, err := f.store.FreeSlots(ctx, f.official, fixedNow, 2)
	if err != nil {
		t.Fatal(err)
	}
	// 10:00–10:20 and 10:20–10:40 overlap the booking of 10:15–10:30.
	if len(got) != 2 || !got[0].Start.Equal(riga(2026, 11, 4, 10, 40)) || !got[1].Start.Equal(riga(2026, 11, 4, 11, 0)) {
		t.Fatalf("free slots %v", got)
	}
	month, err := f.store.MonthSlots(ctx, f.official, day(2026, 11, 1))
	if err != nil || len(month) == 0 {
		t.Fatalf("month %v %v", month, err)
	}
	var taken []string
	for _, sl := range month[0].Slots {
		if sl.Taken {
			taken = append(taken, sl.Start.In(riga(2026, 1, 1, 0, 0).Location()).Format("15:04"))
		}
	}
	if strings.Join(taken, " ") != "10:00 10:20" {
		t.Errorf("taken in the month: %v", taken)
	}
	wantRefused(t, firstErr(f.store.Book(ctx, visitor(f.official, riga(2026, 11, 4, 10, 0), "+37120000026"))), "start", "visitors.err_taken")
	if _, err := f.store.Book(ctx, visitor(f.official, got[0].Start, "+37120000026")); err != nil {
		t.Fatalf("the first free slot: %v", err)
	}
}

// A session on the day the first eight weeks end is read with the first
// window's bookings; the second, read from the window's end, does not offer
// its earlier slots again.
func TestFreeSlotsAcrossWindows(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, "Vija Kļaviņa")
	// That day's reception fully booked (10:00–12:00, eight slots).
	for k := range 8 {
		if _, err := f.store.Book(ctx, visitor(f.official, riga(2027, 1, 6, 10, 15*k), fmt.Sprintf("+3712000004%d", k))); err != nil {
			t.Fatal(err)
		}
	}
	got, err := f.store.FreeSlots(ctx, f.official, riga(2026, 11, 11, 10, 20), 100)
	if err != nil {
		t.Fatal(err)
	}
	for i, sl := range got {
		if calendar.DateOf(sl.Start).Equal(day(2027, 1, 6)) {
			t.Errorf("a booked slot offered: %v", sl.Start)
		}
		if i > 0 && !sl.Start.After(got[i-1].Start) {
			t.Errorf("slots out of order: %v after %v", sl.Start, got[i-1].Start)
		}
	}
}

// firstErr is the error of a call that also returns a value.
func firstErr[T any](_ T, err error) error { return err }

func TestDay(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, "Olga Krauze")
	for _, m := range []int{30, 0} {
		if _, err := f.store.Book(ctx, visitor(f.official, riga(2026, 11, 4, 10, m), fmt.Sprintf("+3712000003%d", m/30))); err != nil {
			t.Fatal(err)
		}
	}
	got, err := f.store.Day(ctx, day(2026, 11, 4), f.official)
	if err != nil || len(got) != 2 || !got[0].Start.Before(got[1].Start) || got[0].OfficialName != "Olga Krauze" {
		t.Fatalf("day %+v %v", got, err)
	}
	other, err := f.store.Day(ctx, day(2026, 11, 5), f.official)
	if err != nil || len(other) != 0 {
		t.Fatalf("next day %+v %v", other, err)
	}
}

// The load test: 500 attempts at once for the 50 slots of one
// session. The database lets exactly one booking have each slot; every other
// attempt is told the slot was taken, and nothing else goes wrong.
func TestConcurrentBookingsOfOneSession(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, "Pēteris Load")
	// A Friday with no rule: the one-off session alone.
	visitorstest.AddExtra(t, f.pool, f.official, day(2026, 11, 6), visitors.At(9, 0), visitors.At(9, 0)+50*10, 10)
	const attempts, slots = 500, 50
	var (
		wg     sync.WaitGroup
		mu     sync.Mutex
		booked int
		taken  int
		other  []error
	)
	start := make(chan struct{})
	for i := range attempts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			b := visitor(f.official, riga(2026, 11, 6, 9, 0).Add(time.Duration(i%slots)*10*time.Minute), fmt.Sprintf("+3712%07d", i))
			<-start
			_, err := f.store.Book(ctx, b)
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil:
				booked++
			case refusal(err) == "start: visitors.err_taken":
				taken++
			default:
				other = append(other, err)
			}
		}()
	}
	close(start)
	wg.Wait()
	if len(other) > 0 {
		t.Fatalf("%d unexpected errors, first: %v", len(other), other[0])
	}
	if booked != slots || taken != attempts-slots {
		t.Fatalf("booked %d, taken %d", booked, taken)
	}
	var rows, distinct int
	err := f.pool.QueryRow(ctx, `select count(*), count(distinct lower(slot)) from visit_bookings where official_id = $1 and state <> 'cancelled'`, f.official).Scan(&rows, &distinct)
	if err != nil || rows != slots || distinct != slots {
		t.Fatalf("%d bookings over %d slots (%v)", rows, distinct, err)
	}
}

// The demo data fills a new database: four officials, the demo chair and
// deputy accounts each one's, with bookings this week.
func TestFillDemo(t *testing.T) {
	ctx := context.Background()
	pool := dbtest.Pool(t)
	if err := demo.SeedAccounts(ctx, pool); err != nil {
		t.Fatal(err)
	}
	err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		// Rolled back: other tests share the database, and the chair's and
		// the deputy's accounts may be linked to their officials.
		if _, err := tx.Exec(ctx, `update visit_officials set user_id = null where user_id in (select id from users where username in ('chair', 'deputy'))`); err != nil {
			return err
		}
		var before int64
		if err := tx.QueryRow(ctx, `select coalesce(max(id), 0) from visit_officials`).Scan(&before); err != nil {
			return err
		}
		if err := visitors.FillDemo(ctx, tx, fixedNow); err != nil {
			return err
		}
		names := []string{"Valdis Liepiņš", "Jeļena Kozlova", "Andris Kalns", "Olga Petrova"}
		var officials, bookings, rules int
		if err := tx.QueryRow(ctx, `select count(*) from visit_officials where id > $1 and name = any($2) and active`, before, names).Scan(&officials); err != nil {
			return err
		}
		if err := tx.QueryRow(ctx, `select count(*) from visit_bookings where official_id > $1`, before).Scan(&bookings); err != nil {
			return err
		}
		if err := tx.QueryRow(ctx, `select count(*) from visit_rules where official_id > $1`, before).Scan(&rules); err != nil {
			return err
		}
		if officials != 4 || bookings < 10 || rules != 4 {
			t.Errorf("%d officials, %d bookings, %d rules", officials, bookings, rules)
		}
		for user, official := range map[string]string{"chair": "Valdis Liepiņš", "deputy": "Olga Petrova"} {
			var name string
			if err := tx.QueryRow(ctx, `select o.name from visit_officials o join users u on u.id = o.user_id where u.username = $1 and o.id > $2`,
				user, before).Scan(&name); err != nil || name != official {
				t.Errorf("the %s account's official: %q %v", user, name, err)
			}
		}
		return errors.New("rollback")
	})
	if err == nil || err.Error() != "rollback" {
		t.Fatal(err)
	}
}
