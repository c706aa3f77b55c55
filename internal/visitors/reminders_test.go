package visitors

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/daugavpils/prdesk/internal/mail"
)

func TestReminderWindow(t *testing.T) {
	cal := lawCalendar()
	tests := []struct {
		name     string
		now      time.Time
		from, to time.Time
		ok       bool
	}{
		{"Friday reminds the weekend and Monday", riga(2027, 3, 5, 8, 0), riga(2027, 3, 6, 0, 0), riga(2027, 3, 9, 0, 0), true},
		{"Tuesday reminds Wednesday", riga(2027, 3, 9, 8, 0), riga(2027, 3, 10, 0, 0), riga(2027, 3, 11, 0, 0), true},
		{"before Proclamation Day: the day after it", riga(2026, 11, 17, 8, 0), riga(2026, 11, 18, 0, 0), riga(2026, 11, 20, 0, 0), true},
		{"Maundy Thursday: Tuesday after Easter", riga(2027, 3, 25, 8, 0), riga(2027, 3, 26, 0, 0), riga(2027, 3, 31, 0, 0), true},
		{"Saturday: no run", riga(2027, 3, 6, 8, 0), time.Time{}, time.Time{}, false},
		{"a holiday: no run", riga(2026, 11, 18, 8, 0), time.Time{}, time.Time{}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			from, to, ok := ReminderWindow(cal, tc.now)
			if ok != tc.ok || !from.Equal(tc.from) || !to.Equal(tc.to) {
				t.Fatalf("%v – %v (%v), want %v – %v (%v)", from, to, ok, tc.from, tc.to, tc.ok)
			}
		})
	}
}

func TestDailyAtKeepsRigaTime(t *testing.T) {
	d := dailyAt{hour: ReminderHour}
	for _, tc := range []struct{ now, want time.Time }{
		{riga(2027, 3, 27, 7, 59), riga(2027, 3, 27, 8, 0)},
		{riga(2027, 3, 27, 8, 0), riga(2027, 3, 28, 8, 0)}, // across the change to summer time
		{riga(2027, 10, 30, 9, 0), riga(2027, 10, 31, 8, 0)},
	} {
		if got := d.Next(tc.now); !got.Equal(tc.want) {
			t.Errorf("after %v: %v, want %v", tc.now, got, tc.want)
		}
	}
}

func TestSendRemindersOnceToTheNextWorkingDay(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, "Alla Sergejeva")
	dropBookings(t, f)
	insert := func(start time.Time, state State, email string) int64 {
		t.Helper()
		var id int64
		err := f.pool.QueryRow(ctx, `
			insert into visit_bookings (official_id, slot, room, state, visitor_name, phone, email, topic)
			values ($1, tstzrange($2, $3, '[)'), '221. kab.', $4, 'Pēteris Zvaigzne', '+37120004444', $5, 'Ielas remonts')
			returning id`, f.official, start, start.Add(15*time.Minute), state, email).Scan(&id)
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	monday := insert(riga(2027, 3, 8, 10, 0), Booked, "peteris@example.lv")
	insert(riga(2027, 3, 8, 10, 15), Booked, "")                        // no e-mail
	insert(riga(2027, 3, 8, 10, 30), Cancelled, "peteris@example.lv")   // cancelled
	tuesday := insert(riga(2027, 3, 9, 10, 0), Booked, "p2@example.lv") // a day too far
	thursday := insert(riga(2026, 11, 19, 10, 0), Booked, "p3@example.lv")
	friday := insert(riga(2026, 11, 20, 10, 0), Booked, "p4@example.lv")

	reminded := func(id int64) bool {
		var at *time.Time
		if err := f.pool.QueryRow(ctx, `select reminded_at from visit_bookings where id = $1`, id).Scan(&at); err != nil {
			t.Fatal(err)
		}
		return at != nil
	}
	mails := func(id int64) int {
		out, err := mail.ForEntity(ctx, f.pool, "booking", id)
		if err != nil {
			t.Fatal(err)
		}
		return len(out)
	}

	// Friday morning, twice at the same moment: one mail for Monday.
	var wg sync.WaitGroup
	for range 2 {
		wg.Go(func() {
			if _, err := f.store.SendReminders(ctx, f.store.jobs, riga(2027, 3, 5, 8, 0)); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if _, err := f.store.SendReminders(ctx, f.store.jobs, riga(2027, 3, 5, 8, 5)); err != nil {
		t.Fatal(err)
	}
	if !reminded(monday) || mails(monday) != 1 || reminded(tuesday) || mails(tuesday) != 0 {
		t.Fatalf("Monday reminded %v with %d mails; Tuesday %v", reminded(monday), mails(monday), reminded(tuesday))
	}
	out, _ := mail.ForEntity(ctx, f.pool, "booking", monday)
	if out[0].ToAddress != "peteris@example.lv" || out[0].Subject != "Atgādinājums: pieņemšana pirmdiena, 08.03.2027. plkst. 10:00" {
		t.Errorf("mail %q to %s", out[0].Subject, out[0].ToAddress)
	}
	hist, _ := f.store.History(ctx, monday)
	if len(hist) != 1 || hist[0].Action != "edited" {
		t.Errorf("history %+v", hist)
	}

	// Tuesday before Proclamation Day reminds Thursday, not Friday.
	if _, err := f.store.SendReminders(ctx, f.store.jobs, riga(2026, 11, 17, 8, 0)); err != nil {
		t.Fatal(err)
	}
	if !reminded(thursday) || reminded(friday) {
		t.Fatalf("Thursday %v, Friday %v", reminded(thursday), reminded(friday))
	}
	var n int
	if err := f.pool.QueryRow(ctx, `select count(*) from visit_bookings where official_id = $1 and reminded_at is not null`, f.official).Scan(&n); err != nil || n != 2 {
		t.Fatalf("%d reminded, %v", n, err)
	}
}
