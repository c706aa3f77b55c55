package visitors

import (
	"errors"
	"testing"
	"time"

	"github.com/daugavpils/prdesk/internal/calendar"
	"github.com/daugavpils/prdesk/internal/i18n"
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func riga(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, i18n.Riga)
}

// lawCalendar has no table entries: it takes the holidays by law.
func lawCalendar() *calendar.Calendar { return calendar.New(nil, true) }

func TestSessions(t *testing.T) {
	wed := Rule{ID: 1, OfficialID: 7, Kind: Weekly, Weekday: time.Wednesday, EveryWeeks: 1,
		Start: At(10, 0), End: At(12, 0), Room: "221", SlotMinutes: 15, ValidFrom: day(2026, 1, 1)}
	every2 := wed
	every2.EveryWeeks = 2
	every2.ValidFrom = day(2026, 11, 4) // a Wednesday: that week counts, the next does not
	firstTue := Rule{ID: 2, OfficialID: 7, Kind: Monthly, Weekday: time.Tuesday, Nth: 1,
		Start: At(14, 0), End: At(16, 0), Room: "105", SlotMinutes: 20, ValidFrom: day(2026, 1, 1)}
	sunday := Rule{ID: 3, OfficialID: 7, Kind: Weekly, Weekday: time.Sunday, EveryWeeks: 1,
		Start: At(10, 0), End: At(11, 0), Room: "221", SlotMinutes: 30, ValidFrom: day(2026, 1, 1)}
	ended := wed
	until := day(2026, 11, 11)
	ended.ValidTo = &until

	tests := []struct {
		name     string
		sch      Schedule
		from, to time.Time
		want     []time.Time // session starts
	}{
		{"weekly", Schedule{Rules: []Rule{wed}}, day(2026, 11, 1), day(2026, 11, 14),
			[]time.Time{riga(2026, 11, 4, 10, 0), riga(2026, 11, 11, 10, 0)}},
		{"every two weeks", Schedule{Rules: []Rule{every2}}, day(2026, 11, 1), day(2026, 12, 6),
			// 18 Nov falls in the rule's off week anyway; 2 Dec is on.
			[]time.Time{riga(2026, 11, 4, 10, 0), riga(2026, 12, 2, 10, 0)}},
		{"first Tuesday", Schedule{Rules: []Rule{firstTue}}, day(2026, 11, 1), day(2027, 1, 31),
			// 5 Jan 2027 is the first Tuesday of January; 1 Dec 2026 of December.
			[]time.Time{riga(2026, 11, 3, 14, 0), riga(2026, 12, 1, 14, 0), riga(2027, 1, 5, 14, 0)}},
		{"holiday 18 November skipped", Schedule{Rules: []Rule{wed}}, day(2026, 11, 16), day(2026, 11, 27),
			[]time.Time{riga(2026, 11, 25, 10, 0)}},
		{"Midsummer skipped", Schedule{Rules: []Rule{
			{ID: 4, OfficialID: 7, Kind: Weekly, Weekday: time.Tuesday, EveryWeeks: 1, Start: At(9, 0), End: At(10, 0), Room: "1", SlotMinutes: 30, ValidFrom: day(2026, 1, 1)},
			wed,
		}}, day(2026, 6, 22), day(2026, 6, 30),
			// 23 (Tue) and 24 (Wed) June are holidays.
			[]time.Time{riga(2026, 6, 30, 9, 0)}},
		{"cancelled date", Schedule{Rules: []Rule{wed}, Cancelled: []Cancellation{{OfficialID: 7, Day: day(2026, 11, 4), Reason: "komandējums"}}},
			day(2026, 11, 1), day(2026, 11, 14), []time.Time{riga(2026, 11, 11, 10, 0)}},
		{"another official's cancellation does not count", Schedule{Rules: []Rule{wed}, Cancelled: []Cancellation{{OfficialID: 8, Day: day(2026, 11, 4), Reason: "x"}}},
			day(2026, 11, 1), day(2026, 11, 7), []time.Time{riga(2026, 11, 4, 10, 0)}},
		{"one-off session", Schedule{Extras: []Extra{{ID: 9, OfficialID: 7, Day: day(2026, 11, 27), Start: At(13, 30), End: At(15, 0), Room: "221", SlotMinutes: 15}}},
			day(2026, 11, 1), day(2026, 11, 30), []time.Time{riga(2026, 11, 27, 13, 30)}},
		{"a Sunday rule holds on Sundays", Schedule{Rules: []Rule{sunday}}, day(2026, 11, 1), day(2026, 11, 8),
			[]time.Time{riga(2026, 11, 1, 10, 0), riga(2026, 11, 8, 10, 0)}},
		{"valid to is inclusive", Schedule{Rules: []Rule{ended}}, day(2026, 11, 1), day(2026, 11, 30),
			[]time.Time{riga(2026, 11, 4, 10, 0), riga(2026, 11, 11, 10, 0)}},
		{"summer time begins 29 March", Schedule{Rules: []Rule{sunday}}, day(2026, 3, 22), day(2026, 3, 29),
			[]time.Time{riga(2026, 3, 22, 10, 0), riga(2026, 3, 29, 10, 0)}},
		{"summer time ends 25 October", Schedule{Rules: []Rule{sunday}}, day(2026, 10, 18), day(2026, 10, 25),
			[]time.Time{riga(2026, 10, 18, 10, 0), riga(2026, 10, 25, 10, 0)}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.sch.Sessions(lawCalendar(), tc.from, tc.to)
			if len(got) != len(tc.want) {
				t.Fatalf("got %d sessions %v, want %v", len(got), got, tc.want)
			}
			for i, s := range got {
				if !s.Start.Equal(tc.want[i]) {
					t.Errorf("session %d starts %v, want %v", i, s.Start, tc.want[i])
				}
				if h := s.Start.In(i18n.Riga).Hour(); h != tc.want[i].Hour() {
					t.Errorf("session %d starts at %d o'clock in Riga", i, h)
				}
			}
		})
	}
}

// The wall clock holds across the change: 10:00 is 08:00 UTC in winter and
// 07:00 UTC in summer.
func TestSlotsAcrossSummerTime(t *testing.T) {
	sch := Schedule{Rules: []Rule{{ID: 1, OfficialID: 1, Kind: Weekly, Weekday: time.Sunday, EveryWeeks: 1,
		Start: At(10, 0), End: At(11, 0), Room: "1", SlotMinutes: 15, ValidFrom: day(2026, 1, 1)}}}
	for _, tc := range []struct {
		d       time.Time
		utcHour int
	}{{day(2026, 3, 22), 8}, {day(2026, 3, 29), 7}, {day(2026, 10, 18), 7}, {day(2026, 10, 25), 8}} {
		ss := sch.Sessions(lawCalendar(), tc.d, tc.d)
		if len(ss) != 1 {
			t.Fatalf("%v: %d sessions", tc.d, len(ss))
		}
		slots := ss[0].Slots()
		if len(slots) != 4 {
			t.Fatalf("%v: %d slots, want 4", tc.d, len(slots))
		}
		for i, sl := range slots {
			local := sl.Start.In(i18n.Riga)
			if local.Hour() != 10 || local.Minute() != 15*i || sl.End.Sub(sl.Start) != 15*time.Minute {
				t.Errorf("%v slot %d: %v–%v", tc.d, i, local, sl.End.In(i18n.Riga))
			}
			if sl.Start.UTC().Hour() != tc.utcHour {
				t.Errorf("%v slot %d: %d UTC, want %d", tc.d, i, sl.Start.UTC().Hour(), tc.utcHour)
			}
		}
	}
}

func TestSlotsDropShortRemainder(t *testing.T) {
	s := Session{OfficialID: 1, Day: day(2026, 11, 4), Start: riga(2026, 11, 4, 10, 0), End: riga(2026, 11, 4, 10, 50), SlotMinutes: 20}
	got := s.Slots()
	if len(got) != 2 || !got[1].End.Equal(riga(2026, 11, 4, 10, 40)) {
		t.Fatalf("slots %v", got)
	}
}

func TestLocate(t *testing.T) {
	wed := Rule{ID: 1, OfficialID: 7, Kind: Weekly, Weekday: time.Wednesday, EveryWeeks: 1,
		Start: At(10, 0), End: At(12, 0), Room: "221", SlotMinutes: 15, ValidFrom: day(2026, 1, 1)}
	sch := Schedule{Rules: []Rule{wed}, Cancelled: []Cancellation{{OfficialID: 7, Day: day(2026, 12, 2), Reason: "x"}}}
	tests := []struct {
		name     string
		official int64
		start    time.Time
		want     error
	}{
		{"a slot", 7, riga(2026, 11, 25, 10, 15), nil},
		{"between slots", 7, riga(2026, 11, 25, 10, 10), ErrNoSession},
		{"after the session", 7, riga(2026, 11, 25, 12, 0), ErrNoSession},
		{"another day", 7, riga(2026, 11, 26, 10, 0), ErrNoSession},
		{"another official", 8, riga(2026, 11, 25, 10, 0), ErrNoSession},
		{"cancelled", 7, riga(2026, 12, 2, 10, 0), ErrCancelled},
		{"holiday", 7, riga(2026, 11, 18, 10, 0), ErrHoliday},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sl, err := sch.Locate(lawCalendar(), tc.official, tc.start)
			if !errors.Is(err, tc.want) {
				t.Fatalf("err %v, want %v", err, tc.want)
			}
			if err == nil && (!sl.Start.Equal(tc.start) || sl.Room != "221" || sl.End.Sub(sl.Start) != 15*time.Minute) {
				t.Fatalf("slot %+v", sl)
			}
		})
	}
}
