package visitors

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/daugavpils/prdesk/internal/db/dbtest"
	"github.com/daugavpils/prdesk/internal/jobs"
	"github.com/daugavpils/prdesk/internal/mail"
)

// TestMain serves this package's tests and the external visitors_test ones.
func TestMain(m *testing.M) { dbtest.Main(m) }

// fixedNow is a Monday morning; the officials receive on Wednesdays.
var fixedNow = riga(2026, 11, 2, 9, 0)

type fixture struct {
	store    *Store
	pool     *pgxpool.Pool
	official int64
}

// newFixture adds an official who receives on Wednesdays 10:00–12:00 in
// 15-minute slots, with the store's clock at fixedNow.
func newFixture(t *testing.T, name string) fixture {
	t.Helper()
	ctx := context.Background()
	pool := dbtest.Pool(t)
	reg := jobs.NewRegistry()
	if err := mail.Register(reg, pool, mail.Config{From: "prdesk@daugavpils.lv", Demo: true, Logger: slog.New(slog.DiscardHandler)}); err != nil {
		t.Fatal(err)
	}
	client, err := jobs.New(pool, reg, jobs.Options{Logger: slog.New(slog.DiscardHandler), TestOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	s := NewStore(pool, client)
	s.now = func() time.Time { return fixedNow }
	var id int64
	err = pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		var err error
		if id, err = InsertOfficial(ctx, tx, Official{Name: name, Position: "Domes deputāts", Kind: Deputy}); err != nil {
			return err
		}
		_, err = InsertRule(ctx, tx, Rule{OfficialID: id, Kind: Weekly, Weekday: time.Wednesday, EveryWeeks: 1,
			Start: At(10, 0), End: At(12, 0), Room: "Domes ēka, 2. stāvs, 221. kab.", SlotMinutes: 15, ValidFrom: day(2026, 1, 1)})
		if err != nil {
			return err
		}
		_, err = InsertCancellation(ctx, tx, Cancellation{OfficialID: id, Day: day(2026, 12, 2), Reason: "Komandējums"})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return fixture{store: s, pool: pool, official: id}
}

func visitor(official int64, start time.Time, phone string) NewBooking {
	return NewBooking{OfficialID: official, Start: start, VisitorName: "Anna Kalniņa", Phone: phone,
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
	if !got.Start.Equal(slot) || got.End.Sub(got.Start) != 15*time.Minute || got.State != Booked || got.Room != "Domes ēka, 2. stāvs, 221. kab." {
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
		edit func(*NewBooking)
		want error
	}{
		{"the same slot", func(b *NewBooking) {}, ErrSlotTaken},
		{"past", func(b *NewBooking) { b.Start = riga(2026, 10, 28, 10, 0) }, ErrPast},
		{"between slots", func(b *NewBooking) { b.Start = riga(2026, 11, 4, 10, 5) }, ErrNoSession},
		{"not a reception day", func(b *NewBooking) { b.Start = riga(2026, 11, 5, 10, 0) }, ErrNoSession},
		{"cancelled date", func(b *NewBooking) { b.Start = riga(2026, 12, 2, 10, 0) }, ErrCancelled},
		{"holiday", func(b *NewBooking) { b.Start = riga(2026, 11, 18, 10, 0) }, ErrHoliday},
		{"unknown official", func(b *NewBooking) { b.OfficialID = 999999 }, ErrUnknownOfficial},
		{"no way to reach", func(b *NewBooking) { b.Phone = "" }, ErrNoContact},
		{"bad personal code", func(b *NewBooking) { b.PersonCode = "010190-12345" }, ErrPersonCode},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := visitor(f.official, slot, "+37120000002")
			tc.edit(&b)
			if _, err := f.store.Book(ctx, b); !errors.Is(err, tc.want) {
				t.Fatalf("err %v, want %v", err, tc.want)
			}
		})
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
	if _, err := f.store.Book(ctx, b); !errors.Is(err, ErrLimit) {
		t.Fatalf("third booking: %v", err)
	}
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

func TestDay(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, "Olga Petrova")
	for _, m := range []int{30, 0} {
		if _, err := f.store.Book(ctx, visitor(f.official, riga(2026, 11, 4, 10, m), fmt.Sprintf("+3712000003%d", m/30))); err != nil {
			t.Fatal(err)
		}
	}
	got, err := f.store.Day(ctx, day(2026, 11, 4), f.official)
	if err != nil || len(got) != 2 || !got[0].Start.Before(got[1].Start) || got[0].OfficialName != "Olga Petrova" {
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
	d := day(2026, 11, 6) // a Friday with no rule: the one-off session alone
	err := pgx.BeginFunc(ctx, f.pool, func(tx pgx.Tx) error {
		_, err := InsertExtra(ctx, tx, Extra{OfficialID: f.official, Day: d, Start: At(9, 0), End: At(9, 0) + 50*10, Room: "Domes ēka, 1. stāvs, 105. kab.", SlotMinutes: 10})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
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
			case errors.Is(err, ErrSlotTaken):
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
	err = f.pool.QueryRow(ctx, `select count(*), count(distinct lower(slot)) from visit_bookings where official_id = $1 and state <> 'cancelled'`, f.official).Scan(&rows, &distinct)
	if err != nil || rows != slots || distinct != slots {
		t.Fatalf("%d bookings over %d slots (%v)", rows, distinct, err)
	}
}

func TestFillDemo(t *testing.T) {
	ctx := context.Background()
	pool := dbtest.Pool(t)
	err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		if err := FillDemo(ctx, tx); err != nil {
			return err
		}
		var officials, bookings int
		if err := tx.QueryRow(ctx, `select count(*) from visit_officials where name in ('Valdis Liepiņš', 'Jeļena Kozlova', 'Andris Kalns')`).Scan(&officials); err != nil {
			return err
		}
		if err := tx.QueryRow(ctx, `select count(*) from visit_bookings b join visit_officials o on o.id = b.official_id where o.name in ('Valdis Liepiņš', 'Jeļena Kozlova', 'Andris Kalns')`).Scan(&bookings); err != nil {
			return err
		}
		if officials != 3 || bookings < 10 {
			t.Errorf("%d officials, %d bookings", officials, bookings)
		}
		// Rolled back: other tests share the database.
		return errors.New("rollback")
	})
	if err == nil || err.Error() != "rollback" {
		t.Fatal(err)
	}
}
