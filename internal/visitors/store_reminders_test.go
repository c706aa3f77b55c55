package visitors_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/daugavpils/prdesk/internal/mail"
	"github.com/daugavpils/prdesk/internal/visitors"
	"github.com/daugavpils/prdesk/internal/visitors/visitorstest"
)

func TestSendRemindersOnceToTheNextWorkingDay(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, "Alla Sergejeva")
	insert := func(start time.Time, state visitors.State, email string) int64 {
		t.Helper()
		return visitorstest.AddBooking(t, f.pool, visitorstest.Booking{OfficialID: f.official, Start: start, State: state,
			Name: "Pēteris Zvaigzne", Phone: "+37120004444", Email: email, Topic: "Ielas remonts"})
	}
	monday := insert(riga(2027, 3, 8, 10, 0), visitors.Booked, "peteris@example.lv")
	insert(riga(2027, 3, 8, 10, 15), visitors.Booked, "")                        // no e-mail
	insert(riga(2027, 3, 8, 10, 30), visitors.Cancelled, "peteris@example.lv")   // cancelled
	tuesday := insert(riga(2027, 3, 9, 10, 0), visitors.Booked, "p2@example.lv") // a day too far
	thursday := insert(riga(2026, 11, 19, 10, 0), visitors.Booked, "p3@example.lv")
	friday := insert(riga(2026, 11, 20, 10, 0), visitors.Booked, "p4@example.lv")

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
	f.at(riga(2027, 3, 5, 8, 0))
	var wg sync.WaitGroup
	for range 2 {
		wg.Go(func() {
			if _, err := f.store.SendReminders(ctx, f.jobs); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	f.at(riga(2027, 3, 5, 8, 5))
	if _, err := f.store.SendReminders(ctx, f.jobs); err != nil {
		t.Fatal(err)
	}
	if !reminded(monday) || mails(monday) != 1 || reminded(tuesday) || mails(tuesday) != 0 {
		t.Fatalf("Monday reminded %v with %d mails; Tuesday %v", reminded(monday), mails(monday), reminded(tuesday))
	}
	out, _ := mail.ForEntity(ctx, f.pool, "booking", monday)
	if out[0].ToAddress != "peteris@example.lv" || out[0].Subject != "Atgādinājums par pieņemšanu: pirmdiena, 08.03.2027., plkst. 10:00" {
		t.Errorf("mail %q to %s", out[0].Subject, out[0].ToAddress)
	}
	hist, _ := f.store.History(ctx, monday)
	if len(hist) != 2 || hist[1].Action != "edited" { // booked, then reminded
		t.Errorf("history %+v", hist)
	}

	// Tuesday before Proclamation Day reminds Thursday, not Friday.
	f.at(riga(2026, 11, 17, 8, 0))
	if _, err := f.store.SendReminders(ctx, f.jobs); err != nil {
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
