package feeds

import (
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	riga := time.FixedZone("", 2*3600)
	want := time.Date(2026, 3, 13, 14, 30, 5, 0, riga)
	noSeconds := time.Date(2026, 3, 13, 14, 30, 0, 0, riga)
	utc := time.Date(2026, 3, 13, 14, 30, 5, 0, time.UTC)
	tests := []struct {
		in   string
		want time.Time
	}{
		// RFC 1123 and 822 as the standards have them
		{"Fri, 13 Mar 2026 14:30:05 +0200", want},
		{"Fri, 13 Mar 2026 12:30:05 GMT", want},
		{"Fri, 13 Mar 2026 12:30:05 UT", want},
		{"Fri, 13 Mar 2026 07:30:05 EST", want},
		{"Fri, 13 Mar 26 14:30:05 +0200", want},
		{"Fri, 13 Mar 2026 14:30 +0200", noSeconds},
		{"Fri, 13 Mar 2026 14:30 EET", noSeconds},
		{"Fri, 13 Mar 2026 15:30:05 EEST", want},
		{"Fri, 13 Mar 2026 13:30:05 CET", want},
		{"Fri, 13 Mar 2026 15:30:05 MSK", want},
		// RFC 3339 and the ISO forms around it
		{"2026-03-13T14:30:05+02:00", want},
		{"2026-03-13T12:30:05Z", want},
		{"2026-03-13T14:30:05.123+02:00", want.Add(123 * time.Millisecond)},
		{"2026-03-13T14:30:05+0200", want},
		{"2026-03-13T14:30:05+02", want},
		{"2026-03-13T14:30+02:00", noSeconds},
		{"2026-03-13 14:30:05 +02:00", want},
		{"2026-03-13 14:30:05", utc},
		{"2026-03-13", time.Date(2026, 3, 13, 0, 0, 0, 0, time.UTC)},
		// what feeds send instead
		{"  Fri,  13 Mar 2026   14:30:05 +0200 ", want},
		{"Thu, 13 Mar 2026 14:30:05 +0200", want}, // wrong weekday
		{"Friday, 13 March 2026 14:30:05 +0200", want},
		{"13 Mar 2026 14:30:05 +0200", want},
		{"fri, 13 MAR 2026 14:30:05 +0200", want},
		{"Fri, 13 Mar 2026 14:30:05 +02:00", want},
		{"Fri, 13 Mar 2026 14:30:05 GMT+2", want},
		{"Fri, 13 Mar 2026 14:30:05 GMT+02:00", want},
		{"Fri, 13 Mar 2026 14:30:05 XYZ", utc},
		{"Fri Mar 13 14:30:05 +0200 2026", want},
		{"Fri Mar 13 12:30:05 UTC 2026", want},
		{"Mar 13, 2026 2:30 PM", time.Date(2026, 3, 13, 14, 30, 0, 0, time.UTC)},
		{"Pk, 13 marts 2026 14:30:05 +0200", want},
		{"13. marts 2026 plkst. 14:30 EET", noSeconds},
		{"Пт, 13 мар 2026 14:30:05 +0200", want},
		{"13 марта 2026 14:30 +0200", noSeconds},
		{"13.03.2026 14:30", time.Date(2026, 3, 13, 14, 30, 0, 0, time.UTC)},
		{"13.03.2026", time.Date(2026, 3, 13, 0, 0, 0, 0, time.UTC)},
		// none, or none worth having
		{"", time.Time{}},
		{"   ", time.Time{}},
		{"vakar", time.Time{}},
		{"0000-00-00 00:00:00", time.Time{}},
		{"Thu, 01 Jan 1970 00:00:00 +0000", time.Time{}},
		{"0001-01-01T00:00:00Z", time.Time{}},
		{"2026-13-45T99:00:00Z", time.Time{}},
		{"Fri, 13 Mar 2026 14:30:05 +0200 extra words here", time.Time{}},
	}
	for _, tt := range tests {
		got := parseDate(tt.in)
		if !got.Equal(tt.want) || got.IsZero() != tt.want.IsZero() {
			t.Errorf("parseDate(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}
