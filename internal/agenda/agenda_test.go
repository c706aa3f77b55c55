package agenda

import (
	"testing"
	"time"
)

func TestClashes(t *testing.T) {
	at := func(h, m int) time.Time { return time.Date(2026, 11, 25, h, m, 0, 0, time.UTC) }
	item := func(k Kind, area string, h1, m1, h2, m2 int) Item {
		return Item{Kind: k, Area: area, Start: at(h1, m1), End: at(h2, m2)}
	}
	day := Item{Kind: Ceremony, Area: "awards", AllDay: true, Start: at(0, 0), End: at(0, 0).AddDate(0, 0, 1)}
	for _, c := range []struct {
		name string
		a, b Item
		want bool
	}{
		{"overlap across areas", item(Event, "press", 10, 0, 11, 0), item(Programme, "delegations", 10, 30, 12, 0), true},
		{"one inside the other", item(Reception, "visitors", 10, 0, 12, 0), item(Interview, "press", 10, 30, 10, 45), true},
		{"same start", item(Event, "press", 10, 0, 11, 0), item(Programme, "delegations", 10, 0, 10, 5), true},
		{"one ends as the other starts", item(Event, "press", 10, 0, 11, 0), item(Programme, "delegations", 11, 0, 12, 0), false},
		{"apart", item(Event, "press", 8, 0, 9, 0), item(Interview, "press", 9, 30, 10, 0), false},
		{"two of one area", item(Event, "press", 10, 0, 11, 0), item(Interview, "press", 10, 30, 11, 30), true},
		{"a booking in its reception", item(Reception, "visitors", 10, 0, 12, 0), item(Booking, "visitors", 10, 0, 10, 15), false},
		{"the reception around a booking", item(Booking, "visitors", 11, 45, 12, 0), item(Reception, "visitors", 10, 0, 12, 0), false},
		{"a booking and an event", item(Booking, "visitors", 10, 0, 10, 15), item(Event, "press", 10, 10, 11, 0), true},
		{"an all-day ceremony", day, item(Event, "press", 10, 0, 11, 0), false},
		{"two all-day items", day, day, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := Clashes(c.a, c.b); got != c.want {
				t.Errorf("Clashes = %v, want %v", got, c.want)
			}
			if got := Clashes(c.b, c.a); got != c.want {
				t.Errorf("Clashes reversed = %v, want %v", got, c.want)
			}
		})
	}
}

func TestMarkClashes(t *testing.T) {
	at := func(h int) time.Time { return time.Date(2026, 11, 25, h, 0, 0, 0, time.UTC) }
	items := []Item{
		{Kind: Reception, Start: at(10), End: at(12)},
		{Kind: Booking, Start: at(10), End: at(12)},
		{Kind: Event, Start: at(11), End: at(13)},
		{Kind: Interview, Start: at(14), End: at(15)},
	}
	got := MarkClashes(items)
	// The reception and the booking in it do not clash; each clashes with the event.
	if len(got) != 3 || len(got[0]) != 1 || got[0][0] != 2 || len(got[1]) != 1 || got[1][0] != 2 || len(got[2]) != 2 {
		t.Fatalf("MarkClashes = %v", got)
	}
	if _, ok := got[3]; ok {
		t.Errorf("the interview clashes: %v", got)
	}
}
