package reports

import (
	"testing"
	"time"
)

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// span is a period as "first..last", both included.
func periodSpan(p Period) string {
	return p.First.Format(time.DateOnly) + ".." + p.Last().Format(time.DateOnly)
}

func TestPeriodComparisons(t *testing.T) {
	tests := []struct {
		name                  string
		p                     Period
		cur, prev, yearBefore string
	}{
		{"31 March's month against February", PeriodOf(Month, day("2026-03-31")),
			"2026-03-01..2026-03-31", "2026-02-01..2026-02-28", "2025-03-01..2025-03-31"},
		{"February of a leap year", PeriodOf(Month, day("2028-02-29")),
			"2028-02-01..2028-02-29", "2028-01-01..2028-01-31", "2027-02-01..2027-02-28"},
		{"March after a leap February", PeriodOf(Month, day("2028-03-15")),
			"2028-03-01..2028-03-31", "2028-02-01..2028-02-29", "2027-03-01..2027-03-31"},
		{"January against December", PeriodOf(Month, day("2026-01-01")),
			"2026-01-01..2026-01-31", "2025-12-01..2025-12-31", "2025-01-01..2025-01-31"},
		{"a week across the new year", PeriodOf(Week, day("2026-01-01")),
			"2025-12-29..2026-01-04", "2025-12-22..2025-12-28", "2024-12-30..2025-01-05"},
		{"a week from its Sunday", PeriodOf(Week, day("2026-12-06")),
			"2026-11-30..2026-12-06", "2026-11-23..2026-11-29", "2025-12-01..2025-12-07"},
		{"the first quarter", PeriodOf(Quarter, day("2026-03-31")),
			"2026-01-01..2026-03-31", "2025-10-01..2025-12-31", "2025-01-01..2025-03-31"},
		{"the fourth quarter", PeriodOf(Quarter, day("2026-12-31")),
			"2026-10-01..2026-12-31", "2026-07-01..2026-09-30", "2025-10-01..2025-12-31"},
		{"a leap year", PeriodOf(Year, day("2028-02-29")),
			"2028-01-01..2028-12-31", "2027-01-01..2027-12-31", "2027-01-01..2027-12-31"},
		{"a range ending on 29 February", RangeOf(day("2028-02-20"), day("2028-02-29")),
			"2028-02-20..2028-02-29", "2028-02-10..2028-02-19", "2027-02-20..2027-02-28"},
		{"a range from 29 February", RangeOf(day("2028-02-29"), day("2028-03-02")),
			"2028-02-29..2028-03-02", "2028-02-26..2028-02-28", "2027-02-28..2027-03-02"},
		{"a one-day range", RangeOf(day("2026-12-31"), day("2026-12-31")),
			"2026-12-31..2026-12-31", "2026-12-30..2026-12-30", "2025-12-31..2025-12-31"},
		{"a range across the new year", RangeOf(day("2025-12-20"), day("2026-01-10")),
			"2025-12-20..2026-01-10", "2025-11-28..2025-12-19", "2024-12-20..2025-01-10"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := periodSpan(tt.p); got != tt.cur {
				t.Errorf("period %s, want %s", got, tt.cur)
			}
			if got := periodSpan(tt.p.Previous()); got != tt.prev {
				t.Errorf("previous %s, want %s", got, tt.prev)
			}
			if got := periodSpan(tt.p.YearBefore()); got != tt.yearBefore {
				t.Errorf("year before %s, want %s", got, tt.yearBefore)
			}
			if tt.p.Kind == Range && tt.p.Previous().Days() != tt.p.Days() {
				t.Errorf("a range's previous period has %d days, want %d", tt.p.Previous().Days(), tt.p.Days())
			}
		})
	}
}

func TestPeriodBoundsAreRigaMidnights(t *testing.T) {
	// Summer time: Riga is UTC+3, so 1 July begins at 21:00 UTC on 30 June.
	p := PeriodOf(Month, day("2026-07-15"))
	if got := p.From().UTC().Format(time.RFC3339); got != "2026-06-30T21:00:00Z" {
		t.Errorf("From %s", got)
	}
	// Winter time: 1 January begins at 22:00 UTC.
	if got := PeriodOf(Year, day("2026-07-15")).To().UTC().Format(time.RFC3339); got != "2026-12-31T22:00:00Z" {
		t.Errorf("To %s", got)
	}
	if got := p.Dates(); got != "01.07.2026.–31.07.2026." {
		t.Errorf("Dates %q", got)
	}
}

func TestNextPeriod(t *testing.T) {
	for _, tt := range []struct {
		p    Period
		want string
	}{
		{PeriodOf(Month, day("2026-01-31")), "2026-02-01..2026-02-28"},
		{PeriodOf(Week, day("2026-12-31")), "2027-01-04..2027-01-10"},
		{RangeOf(day("2026-01-01"), day("2026-01-10")), "2026-01-11..2026-01-20"},
	} {
		if got := periodSpan(next(tt.p)); got != tt.want {
			t.Errorf("next of %s: %s, want %s", periodSpan(tt.p), got, tt.want)
		}
	}
}
