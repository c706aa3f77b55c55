package visitors_test

import (
	"context"
	"testing"

	"github.com/daugavpils/prdesk/internal/visitors"
)

// An entry waits until the person books with the official, matched by phone
// or by e-mail whatever its case; a booking with another official does not
// serve it.
func TestWaitingEndsWithABookingWithTheOfficial(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, "Zane Bērziņa")
	other := newFixture(t, "Ojārs Bērziņš")
	for _, e := range []visitors.WaitEntry{
		{VisitorName: "Rūta Bērziņa", Email: "Ruta.Berzina@Example.lv", Topic: "Skvērs"},
		{VisitorName: "Imants Ozols", Phone: "+37120005555", Topic: "Ielas apgaismojums"},
		{VisitorName: "Vija Kalna", Phone: "+37120006666", Email: "vija@example.lv", Topic: "Bedres"},
	} {
		e.OfficialID = f.official
		if _, err := f.store.AddWaiting(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	count := func(want int, names ...string) {
		t.Helper()
		n, err := f.store.WaitingCount(ctx, f.official)
		if err != nil || n != want {
			t.Fatalf("%d waiting (%v), want %d", n, err, want)
		}
		list, err := f.store.Waitlist(ctx, f.official)
		if err != nil || len(list) != len(names) {
			t.Fatalf("list %+v %v, want %v", list, err, names)
		}
		for i, e := range list {
			if e.VisitorName != names[i] {
				t.Fatalf("list %+v, want %v", list, names)
			}
		}
	}
	count(3, "Rūta Bērziņa", "Imants Ozols", "Vija Kalna")

	book := func(fx fixture, start int, phone, email string) {
		t.Helper()
		b := visitors.NewBooking{OfficialID: fx.official, Start: wednesday(10, start), VisitorName: "Booked", Phone: phone,
			Email: email, Topic: "Tēma", Language: "lv"}
		if _, err := fx.store.Book(ctx, b); err != nil {
			t.Fatal(err)
		}
	}
	book(other, 0, "", "vija@example.lv") // another official
	count(3, "Rūta Bērziņa", "Imants Ozols", "Vija Kalna")
	book(f, 0, "", "ruta.berzina@example.lv")
	count(2, "Imants Ozols", "Vija Kalna")
	book(f, 15, "+37120005555", "")
	count(1, "Vija Kalna")
	book(f, 30, "+37120006666", "")
	count(0)
}
