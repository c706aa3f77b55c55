package reports

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/daugavpils/prdesk/internal/agenda"
	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/i18n"
)

func riga(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, i18n.Riga)
}

// The week is Monday to Sunday in Riga; a week with a change of the clocks
// is an hour shorter or longer, and items land on their day in Riga.
func TestWeekInRiga(t *testing.T) {
	for _, c := range []struct {
		name  string
		at    time.Time
		mon   time.Time
		hours float64
	}{
		{"a plain week", riga(2026, 11, 25, 12, 0), riga(2026, 11, 23, 0, 0), 168},
		{"Sunday night is the week's end", riga(2026, 11, 29, 23, 59), riga(2026, 11, 23, 0, 0), 168},
		{"Monday just after midnight in Riga, Sunday in UTC", riga(2026, 11, 30, 0, 30), riga(2026, 11, 30, 0, 0), 168},
		{"a date as a form reads it", time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC), riga(2026, 11, 23, 0, 0), 168},
		{"summer time ends on the last Sunday of October", riga(2026, 10, 25, 12, 0), riga(2026, 10, 19, 0, 0), 169},
		{"summer time begins on the last Sunday of March", riga(2027, 3, 28, 12, 0), riga(2027, 3, 22, 0, 0), 167},
	} {
		t.Run(c.name, func(t *testing.T) {
			mon := weekOf(c.at)
			if !mon.Equal(c.mon) {
				t.Fatalf("weekOf(%v) = %v, want %v", c.at, mon, c.mon)
			}
			days, end := weekDays(mon)
			if h := end.Sub(mon).Hours(); h != c.hours {
				t.Errorf("the week is %v hours long, want %v", h, c.hours)
			}
			for i, d := range days {
				if d.In(i18n.Riga).Hour() != 0 || d.In(i18n.Riga).Weekday() != time.Weekday((i+1)%7) {
					t.Errorf("day %d is %v", i, d)
				}
			}
		})
	}
}

func TestItemsLandOnTheirDayInRiga(t *testing.T) {
	ctx := i18n.WithLocale(context.Background(), "lv")
	for _, c := range []struct {
		name  string
		start time.Time
		day   int // 0 Monday … 6 Sunday
		span  string
	}{
		{"Monday 00:30 in Riga is Sunday in UTC", riga(2026, 11, 23, 0, 30), 0, "00:30–01:00"},
		{"Sunday 23:30 in Riga is Sunday in UTC too", riga(2026, 11, 29, 23, 30), 6, "23:30–00:00"},
		{"Sunday 10:00 after the clocks go back (08:00 UTC)", riga(2026, 10, 25, 10, 0), 6, "10:00–10:30"},
		{"Sunday 03:30 after the clocks go back", riga(2026, 10, 25, 3, 30), 6, "03:30–04:00"},
		{"Sunday 10:00 after the clocks go forward (07:00 UTC)", riga(2027, 3, 28, 10, 0), 6, "10:00–10:30"},
		{"Monday 00:15 after the clocks went forward", riga(2027, 3, 22, 0, 15), 0, "00:15–00:45"},
	} {
		t.Run(c.name, func(t *testing.T) {
			mon := weekOf(c.start)
			it := agenda.Item{Kind: agenda.Event, Area: "press", ID: 1, Title: "x", Start: c.start, End: c.start.Add(30 * time.Minute)}
			days, clashes := buildWeek(ctx, agendaViewer{}, mon, time.Time{}, []agenda.Item{it})
			if clashes != 0 {
				t.Errorf("clashes %d", clashes)
			}
			for i, d := range days {
				if (len(d.Entries) == 1) != (i == c.day) {
					t.Fatalf("day %d holds %d items, want the item on day %d", i, len(d.Entries), c.day)
				}
			}
			if got := days[c.day].Entries[0].Span; got != c.span {
				t.Errorf("span %q, want %q", got, c.span)
			}
		})
	}
}

// An item that runs past midnight is on each day it covers, within the
// week, with its own key on each; one ending at midnight is on its day alone.
func TestItemsOnEveryDayTheyCover(t *testing.T) {
	ctx := i18n.WithLocale(context.Background(), "lv")
	mon := riga(2026, 11, 23, 0, 0)
	for _, c := range []struct {
		name       string
		start, end time.Time
		days       []int
	}{
		{"a reception past midnight", riga(2026, 11, 24, 21, 0), riga(2026, 11, 25, 1, 0), []int{1, 2}},
		{"ending at midnight", riga(2026, 11, 24, 22, 0), riga(2026, 11, 25, 0, 0), []int{1}},
		{"a visit of three days", riga(2026, 11, 26, 9, 0), riga(2026, 11, 28, 18, 0), []int{3, 4, 5}},
		{"from the week before into Tuesday", riga(2026, 11, 20, 9, 0), riga(2026, 11, 24, 12, 0), []int{0, 1}},
		{"from Saturday into the next week", riga(2026, 11, 28, 9, 0), riga(2026, 12, 2, 12, 0), []int{5, 6}},
	} {
		t.Run(c.name, func(t *testing.T) {
			it := agenda.Item{Kind: agenda.Programme, Area: "delegations", ID: 7, Title: "x", Start: c.start, End: c.end}
			days, _ := buildWeek(ctx, agendaViewer{}, mon, time.Time{}, []agenda.Item{it})
			var on []int
			keys := map[string]bool{}
			for i, d := range days {
				for _, e := range d.Entries {
					on = append(on, i)
					if keys[e.Key] {
						t.Errorf("key %s twice", e.Key)
					}
					keys[e.Key] = true
				}
			}
			if fmt.Sprint(on) != fmt.Sprint(c.days) {
				t.Errorf("on days %v, want %v", on, c.days)
			}
		})
	}
}

// A viewer reads a booking's visitor and opens its card only with the
// permission, or as the official themself.
func TestViewerSeesWhatTheRoleOpens(t *testing.T) {
	booking := agenda.Item{Kind: agenda.Booking, Personal: "Anna Kalniņa — Ielas", Href: "/visitors/bookings/1", Perm: "visitors.book", Own: true}
	event := agenda.Item{Kind: agenda.Event, Title: "Preses konference", Href: "/press/events/1", Perm: "area.press"}
	for _, c := range []struct {
		name               string
		v                  agendaViewer
		bookOpen, bookRead bool
		eventOpen          bool
	}{
		{"a clerk", agendaViewer{user: userWith("clerk")}, true, true, false},
		{"the director", agendaViewer{user: userWith("director")}, false, false, false},
		{"a deputy, another official's", agendaViewer{user: userWith("deputy")}, false, false, false},
		{"a deputy, their own", agendaViewer{user: userWith("deputy"), self: true}, true, true, false},
		{"staff", agendaViewer{user: userWith("staff")}, true, true, true},
		{"nobody", agendaViewer{}, false, false, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := c.v.mayOpen(booking); got != c.bookOpen {
				t.Errorf("opens the booking: %v", got)
			}
			if got := c.v.mayRead(booking); got != c.bookRead {
				t.Errorf("reads the visitor: %v", got)
			}
			if got := c.v.mayOpen(event); got != c.eventOpen {
				t.Errorf("opens the event: %v", got)
			}
		})
	}
}

func userWith(role string) *auth.User { return &auth.User{ID: 1, Roles: []auth.Role{auth.Role(role)}} }
