package visitors

import (
	"testing"
	"time"
)

func TestFrequency(t *testing.T) {
	d := func(m time.Month, dd int) *time.Time { x := day(2026, m, dd); return &x }
	today := day(2026, 11, 10)
	tests := []struct {
		name         string
		weeks        int
		last, next   *time.Time
		want         Standing
		wantDeadline *time.Time
	}{
		{"next well inside the target", 8, d(10, 1), d(11, 20), OnTrack, d(11, 26)},
		{"next on the deadline itself", 8, d(10, 1), d(11, 26), OnTrack, d(11, 26)},
		{"next a day after the deadline", 8, d(10, 1), d(11, 27), AtRisk, d(11, 26)},
		{"no next session planned", 8, d(10, 1), nil, AtRisk, d(11, 26)},
		{"deadline is today: not yet behind", 4, d(10, 13), d(12, 1), AtRisk, d(11, 10)},
		{"deadline was yesterday", 4, d(10, 12), d(11, 12), Behind, d(11, 9)},
		{"behind even with a next session", 2, d(9, 1), d(11, 11), Behind, d(9, 15)},
		{"never received", 8, nil, d(11, 12), Behind, nil},
		{"weekly target, last week", 1, d(11, 5), d(11, 12), OnTrack, d(11, 12)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, deadline := Frequency(tc.weeks, tc.last, tc.next, today)
			if got != tc.want {
				t.Errorf("standing %s, want %s", got, tc.want)
			}
			if tc.wantDeadline == nil && !deadline.IsZero() || tc.wantDeadline != nil && !deadline.Equal(*tc.wantDeadline) {
				t.Errorf("deadline %v, want %v", deadline, tc.wantDeadline)
			}
		})
	}
	// A time of day does not move the date: 23:30 in Riga is still that day.
	if got, _ := Frequency(4, d(10, 13), nil, riga(2026, 11, 10, 23, 30)); got != AtRisk {
		t.Errorf("late evening: %s", got)
	}
}

func TestParseClock(t *testing.T) {
	for in, want := range map[string]int{"9:30": 570, "09:30": 570, "14.00": 840, "00:00": 0, "23:59": 1439} {
		if c, ok := parseClock(in); !ok || int(c) != want {
			t.Errorf("%q: %d %v", in, c, ok)
		}
	}
	for _, in := range []string{"", "24:00", "9:60", "930", "9:3", "ab:cd", "10:00 "} {
		if _, ok := parseClock(in); ok {
			t.Errorf("%q accepted", in)
		}
	}
}
