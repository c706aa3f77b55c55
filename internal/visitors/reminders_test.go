package visitors

import (
	"testing"
	"time"
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
