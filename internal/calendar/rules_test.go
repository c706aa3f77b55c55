package calendar

import (
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/daugavpils/prdesk/internal/i18n"
)

func d(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

func ymd(t time.Time) string { return t.Format("2006-01-02") }

func TestEaster(t *testing.T) {
	for year, want := range map[int]string{
		2008: "2008-03-23", // early: Pentecost meets Mother's Day
		2019: "2019-04-21",
		2024: "2024-03-31",
		2025: "2025-04-20",
		2026: "2026-04-05",
		2027: "2027-03-28",
		2038: "2038-04-25", // the latest possible
	} {
		if got := ymd(Easter(year)); got != want {
			t.Errorf("Easter(%d) = %s, want %s", year, got, want)
		}
	}
}

func TestHolidaysByLaw(t *testing.T) {
	tests := []struct {
		year int
		day  string
		name string // "" means: not a holiday
	}{
		{2026, "2026-01-01", "Jaungada diena"},
		{2026, "2026-04-03", "Lielā Piektdiena"},
		{2026, "2026-04-05", "Lieldienas"},
		{2026, "2026-04-06", "Otrās Lieldienas"},
		{2025, "2025-04-18", "Lielā Piektdiena"},
		{2025, "2025-04-21", "Otrās Lieldienas"},
		{2027, "2027-03-26", "Lielā Piektdiena"},
		{2027, "2027-03-29", "Otrās Lieldienas"},
		{2026, "2026-05-01", "Darba svētki, Latvijas Republikas Satversmes sapulces sasaukšanas diena"},
		{2026, "2026-05-04", "Latvijas Republikas Neatkarības deklarācijas pasludināšanas diena"},
		{2026, "2026-05-05", ""}, // 4 May 2026 is a Monday: nothing carried over
		{2025, "2025-05-04", "Latvijas Republikas Neatkarības deklarācijas pasludināšanas diena"},
		{2025, "2025-05-05", "Brīvdiena: 4. maijs iekrīt brīvdienā"}, // a Sunday
		{2030, "2030-05-06", "Brīvdiena: 4. maijs iekrīt brīvdienā"}, // a Saturday
		{2026, "2026-05-10", "Mātes diena"},
		{2026, "2026-05-24", "Vasarsvētki"},
		{2008, "2008-05-11", "Mātes diena; Vasarsvētki"},
		{2027, "2027-06-23", "Līgo diena"},
		{2027, "2027-06-24", "Jāņu diena"},
		{2026, "2026-11-18", "Latvijas Republikas proklamēšanas diena"},
		{2026, "2026-11-19", ""},
		{2028, "2028-11-18", "Latvijas Republikas proklamēšanas diena"},
		{2028, "2028-11-20", "Brīvdiena: 18. novembris iekrīt brīvdienā"}, // 18 Nov 2028 is a Saturday
		{2029, "2029-11-19", "Brīvdiena: 18. novembris iekrīt brīvdienā"}, // a Sunday
		{2026, "2026-12-24", "Ziemassvētku vakars"},
		{2026, "2026-12-25", "Pirmie Ziemassvētki"},
		{2026, "2026-12-26", "Otrie Ziemassvētki"},
		{2026, "2026-12-31", "Vecgada diena"},
		{2026, "2026-07-14", ""},
	}
	for _, tt := range tests {
		got := ""
		for _, h := range HolidaysByLaw(tt.year) {
			if ymd(h.Date) == tt.day {
				got = h.NameLV
			}
		}
		if got != tt.name {
			t.Errorf("%s: %q, want %q", tt.day, got, tt.name)
		}
	}
}

func TestHolidaysByLawAreWellFormed(t *testing.T) {
	for year := MinYear; year <= MaxYear; year++ {
		hs := HolidaysByLaw(year)
		if len(hs) < 15 || len(hs) > 17 {
			t.Fatalf("%d: %d holidays", year, len(hs))
		}
		if !slices.IsSortedFunc(hs, func(a, b Day) int { return a.Date.Compare(b.Date) }) {
			t.Errorf("%d: not in date order", year)
		}
		for i, h := range hs {
			if i > 0 && h.Date.Equal(hs[i-1].Date) {
				t.Errorf("%d: %s twice", year, ymd(h.Date))
			}
			if h.Date.Year() != year || h.Date.Location() != time.UTC || h.Date.Hour() != 0 {
				t.Errorf("%d: bad date %v", year, h.Date)
			}
			if h.Kind != Holiday || h.Source != SourceLaw || h.NameLV == "" || h.NameEN == "" ||
				len([]rune(h.NameLV)) > 200 || len([]rune(h.NameEN)) > 200 {
				t.Errorf("%d: bad entry %+v", year, h)
			}
		}
	}
}

// lawCalendar is what the table holds once 2025–2027 are filled by law.
func lawCalendar(follow bool, extra ...Day) *Calendar {
	var days []Day
	for y := 2025; y <= 2027; y++ {
		days = append(days, HolidaysByLaw(y)...)
	}
	return New(append(days, extra...), follow)
}

func TestAddWorkingDays(t *testing.T) {
	c := lawCalendar(true)
	tests := []struct {
		name string
		from string
		n    int
		want string
	}{
		{"Easter 2026: skips Good Friday 3 Apr and Easter Monday 6 Apr", "2026-04-01", 10, "2026-04-17"},
		{"Christmas and New Year", "2025-12-22", 10, "2026-01-12"},
		{"Christmas Eve to the first working day", "2025-12-23", 1, "2025-12-29"},
		{"2027 Līgo and Jāņi on Wednesday and Thursday", "2027-06-22", 1, "2027-06-25"},
		{"2027 midsummer week", "2027-06-21", 5, "2027-06-30"},
		{"4 May 2025 on Sunday: Monday 5 May is off", "2025-04-30", 2, "2025-05-06"},
		{"from a Saturday", "2026-11-14", 1, "2026-11-16"},
		{"zero on a working day is the day itself", "2026-04-07", 0, "2026-04-07"},
		{"zero on a holiday is the next working day", "2026-04-03", 0, "2026-04-07"},
		{"zero on a Saturday", "2026-04-04", 0, "2026-04-07"},
		{"back one", "2026-04-07", -1, "2026-04-02"},
		{"back across New Year", "2026-01-05", -3, "2025-12-29"},
		{"a year", "2025-12-31", 250, "2026-12-30"},
	}
	for _, tt := range tests {
		got := c.AddWorkingDays(d(tt.from), tt.n)
		if ymd(got) != tt.want {
			t.Errorf("%s: AddWorkingDays(%s, %d) = %s, want %s", tt.name, tt.from, tt.n, ymd(got), tt.want)
		}
		if got.Location() != time.UTC || got.Hour() != 0 || got.Minute() != 0 {
			t.Errorf("%s: result %v is not midnight UTC", tt.name, got)
		}
	}
	if got := ymd(c.NextWorkingDay(d("2026-04-02"))); got != "2026-04-07" {
		t.Errorf("NextWorkingDay(2026-04-02) = %s", got)
	}
	if got := ymd(c.NextWorkingDay(d("2026-04-07"))); got != "2026-04-08" {
		t.Errorf("NextWorkingDay(2026-04-07) = %s: must be strictly after", got)
	}
	if got := ymd(c.WorkingDayOnOrAfter(d("2026-12-24"))); got != "2026-12-28" {
		t.Errorf("WorkingDayOnOrAfter(2026-12-24) = %s", got)
	}
}

func TestWorkingDaysBetween(t *testing.T) {
	c := lawCalendar(true)
	tests := []struct {
		a, b string
		want int
	}{
		{"2026-04-01", "2026-04-17", 10},
		{"2026-04-17", "2026-04-01", -10},
		{"2026-04-01", "2026-04-01", 0},
		{"2026-04-02", "2026-04-06", 0}, // Good Friday, weekend, Easter Monday
		{"2025-12-22", "2026-01-12", 10},
		{"2027-06-21", "2027-06-27", 2}, // Tue and Fri; Monday itself is outside (a, b]
		{"2025-12-31", "2026-12-31", 250},
		{"2026-12-31", "2027-12-31", 252},
		{"2024-12-31", "2025-12-31", 249},
	}
	for _, tt := range tests {
		if got := c.WorkingDaysBetween(d(tt.a), d(tt.b)); got != tt.want {
			t.Errorf("WorkingDaysBetween(%s, %s) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
	if got := c.WorkingDaysInYear(2026); got != 250 {
		t.Errorf("WorkingDaysInYear(2026) = %d", got)
	}
	// The two agree: adding the count gets back to a working day b.
	for _, b := range []string{"2026-04-17", "2026-01-12", "2027-06-25"} {
		a := d("2025-12-01")
		if got := c.AddWorkingDays(a, c.WorkingDaysBetween(a, d(b))); ymd(got) != b {
			t.Errorf("AddWorkingDays(a, WorkingDaysBetween(a, %s)) = %s", b, ymd(got))
		}
	}
}

// The running counts agree with walking the days one by one, within a block,
// across blocks and years, backwards, and before 1970.
func TestWorkingDaysBetweenMatchesAWalk(t *testing.T) {
	for _, follow := range []bool{true, false} {
		c := lawCalendar(follow, Day{Date: d("2026-05-08"), Kind: MovedDayOff, Source: SourceCabinet},
			Day{Date: d("2026-05-16"), Kind: MovedWorkingDay, Source: SourceCabinet})
		walk := func(a, b time.Time) int {
			lo, hi, sign := a, b, 1
			if hi.Before(lo) {
				lo, hi, sign = hi, lo, -1
			}
			n := 0
			for x := lo.AddDate(0, 0, 1); !x.After(hi); x = x.AddDate(0, 0, 1) {
				if c.IsWorkingDay(x) {
					n++
				}
			}
			return sign * n
		}
		r := rand.New(rand.NewPCG(1, 2))
		origin := d("1969-06-01")
		for range 2000 {
			a := origin.AddDate(0, 0, r.IntN(60*365))
			b := a.AddDate(0, 0, r.IntN(1200)-600)
			if got, want := c.WorkingDaysBetween(a, b), walk(a, b); got != want {
				t.Fatalf("follow %t: WorkingDaysBetween(%s, %s) = %d, a walk counts %d", follow, ymd(a), ymd(b), got, want)
			}
		}
	}
}

func TestCabinetMoves(t *testing.T) {
	// As the Cabinet does around a long weekend: Monday 3 May 2027 (between
	// Saturday 1 May and Tuesday 4 May) is made a day off, worked off on
	// Saturday 15 May.
	moves := []Day{
		{Date: d("2027-05-03"), Kind: MovedDayOff, NameLV: "Pārcelta brīvdiena", Source: SourceCabinet},
		{Date: d("2027-05-15"), Kind: MovedWorkingDay, NameLV: "Pārcelta darba diena", Source: SourceCabinet},
	}
	on, off := lawCalendar(true, moves...), lawCalendar(false, moves...)
	tests := []struct {
		day    string
		on     bool
		off    bool
		reason string
	}{
		{"2027-05-03", false, true, "moved day off"},
		{"2027-05-15", true, false, "moved working Saturday"},
		{"2027-05-04", false, false, "holiday either way"},
		{"2027-05-16", false, false, "Sunday either way"},
	}
	for _, tt := range tests {
		if got := on.IsWorkingDay(d(tt.day)); got != tt.on {
			t.Errorf("%s (%s), following the Cabinet: working = %v", tt.day, tt.reason, got)
		}
		if got := off.IsWorkingDay(d(tt.day)); got != tt.off {
			t.Errorf("%s (%s), not following: working = %v", tt.day, tt.reason, got)
		}
	}
	if got := on.WorkingDaysBetween(d("2027-05-14"), d("2027-05-17")); got != 2 {
		t.Errorf("Fri–Mon following the Cabinet: %d working days, want 2 (the Saturday counts)", got)
	}
	if got := off.WorkingDaysBetween(d("2027-05-14"), d("2027-05-17")); got != 1 {
		t.Errorf("Fri–Mon not following: %d working days, want 1", got)
	}
	if got := ymd(on.AddWorkingDays(d("2027-04-30"), 1)); got != "2027-05-05" {
		t.Errorf("after Fri 30 Apr, following: %s", got)
	}
	if got := ymd(off.AddWorkingDays(d("2027-04-30"), 1)); got != "2027-05-03" {
		t.Errorf("after Fri 30 Apr, not following: %s", got)
	}
	if on.WorkingDaysInYear(2027) != off.WorkingDaysInYear(2027) {
		t.Error("one day moved each way must leave the year's count alone")
	}
	if !on.FollowsCabinet() || off.FollowsCabinet() {
		t.Error("FollowsCabinet")
	}
}

func TestSkipped(t *testing.T) {
	c := lawCalendar(true)
	type s struct {
		day  string
		kind Kind
		name string
	}
	var got []s
	for _, day := range c.Skipped(d("2026-04-01"), d("2026-04-17")) {
		got = append(got, s{ymd(day.Date), day.Kind, day.NameLV})
	}
	want := []s{
		{"2026-04-03", Holiday, "Lielā Piektdiena"},
		{"2026-04-04", Weekend, ""},
		{"2026-04-05", Holiday, "Lieldienas"},
		{"2026-04-06", Holiday, "Otrās Lieldienas"},
		{"2026-04-11", Weekend, ""},
		{"2026-04-12", Weekend, ""},
	}
	if !slices.Equal(got, want) {
		t.Errorf("Skipped = %v\nwant %v", got, want)
	}
	if back := c.Skipped(d("2026-04-17"), d("2026-04-01")); len(back) != len(want) {
		t.Errorf("Skipped backwards: %d days, want %d", len(back), len(want))
	}
	if n := len(c.Skipped(d("2026-04-07"), d("2026-04-10"))); n != 0 {
		t.Errorf("Tue–Fri skipped %d days", n)
	}
	// A moved day off is skipped only when it counts.
	moved := Day{Date: d("2027-05-03"), Kind: MovedDayOff, NameLV: "Pārcelta brīvdiena", Source: SourceCabinet}
	for follow, want := range map[bool]int{true: 3, false: 2} { // Sat 1 May, (Mon 3 May), Tue 4 May
		days := lawCalendar(follow, moved).Skipped(d("2027-04-30"), d("2027-05-04"))
		holidays := 0
		for _, day := range days {
			if day.Kind != Weekend {
				holidays++
			}
		}
		if holidays != want {
			t.Errorf("follow=%v: %d named days skipped, want %d (%v)", follow, holidays, want, days)
		}
	}
}

// A date with a clock part, or in another zone, is the day it is in Riga.
func TestDatesWithAClockPart(t *testing.T) {
	c := lawCalendar(true)
	tests := []struct {
		t       time.Time
		working bool
	}{
		{time.Date(2026, 4, 3, 0, 0, 0, 0, time.UTC), false},    // Good Friday, as pgx gives a date
		{time.Date(2026, 4, 3, 0, 0, 0, 0, i18n.Riga), false},   // as i18n.ParseDate gives it
		{time.Date(2026, 4, 3, 17, 45, 0, 0, i18n.Riga), false}, // an afternoon
		{time.Date(2026, 4, 2, 22, 30, 0, 0, time.UTC), false},  // 01:30 on Good Friday in Riga
		{time.Date(2026, 4, 2, 20, 59, 0, 0, time.UTC), true},   // 23:59 on Thursday in Riga
		{time.Date(2026, 4, 7, 9, 0, 0, 0, time.FixedZone("", -5*3600)), true},
	}
	for _, tt := range tests {
		if got := c.IsWorkingDay(tt.t); got != tt.working {
			t.Errorf("IsWorkingDay(%v) = %v", tt.t, got)
		}
	}
	got := c.AddWorkingDays(time.Date(2026, 4, 1, 16, 20, 0, 0, i18n.Riga), 10)
	if !got.Equal(d("2026-04-17")) {
		t.Errorf("AddWorkingDays from an afternoon = %v", got)
	}
	if DateOf(time.Date(2026, 3, 29, 1, 0, 0, 0, time.UTC)) != d("2026-03-29") { // the night clocks go forward
		t.Error("DateOf across the change to summer time")
	}
}

// A year nobody filled still has its holidays; a filled year has exactly the table's.
func TestUnfilledYearsFollowTheLaw(t *testing.T) {
	var days []Day
	for _, h := range HolidaysByLaw(2026) {
		if ymd(h.Date) != "2026-01-01" { // removed by hand
			days = append(days, h)
		}
	}
	c := New(days, true)
	if !c.Filled(2026) || c.Filled(2027) {
		t.Errorf("Filled(2026) = %v, Filled(2027) = %v", c.Filled(2026), c.Filled(2027))
	}
	if !c.IsWorkingDay(d("2026-01-01")) {
		t.Error("a holiday removed from a filled year must stay removed")
	}
	if c.IsWorkingDay(d("2027-01-01")) || c.IsWorkingDay(d("2027-03-26")) {
		t.Error("an unfilled year must take the holidays by law")
	}
	empty := New(nil, true)
	if got := empty.WorkingDaysInYear(2026); got != 250 {
		t.Errorf("empty calendar: %d working days in 2026, want 250", got)
	}
	if got := empty.Skipped(d("2031-12-23"), d("2031-12-27")); len(got) != 4 || got[0].NameLV != "Ziemassvētku vakars" {
		t.Errorf("empty calendar skips %v", got)
	}
	// A manual holiday in an unfilled year adds to the law, it does not replace it.
	one := New([]Day{{Date: d("2031-05-29"), Kind: Holiday, NameLV: "Svētku diena", Source: SourceManual}}, true)
	if one.IsWorkingDay(d("2031-05-29")) || one.IsWorkingDay(d("2031-01-01")) {
		t.Error("manual holiday in an unfilled year")
	}
}

// One calendar serves many requests at once.
func TestSharedBetweenGoroutines(t *testing.T) {
	c := New(nil, true)
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			if n := c.WorkingDaysInYear(2026 + i%2); n != 250 && n != 252 {
				t.Errorf("goroutine %d: %d working days", i, n)
			}
		})
	}
	wg.Wait()
}

func TestKindFits(t *testing.T) {
	tests := []struct {
		kind Kind
		day  string
		ok   bool
	}{
		{MovedDayOff, "2027-05-03", true},
		{MovedDayOff, "2027-05-01", false},
		{MovedWorkingDay, "2027-05-15", true},
		{MovedWorkingDay, "2027-05-16", true},
		{MovedWorkingDay, "2027-05-14", false},
		{Holiday, "2027-05-15", true},
		{Holiday, "2027-05-14", true},
	}
	for _, tt := range tests {
		if got := KindFits(tt.kind, d(tt.day)) == ""; got != tt.ok {
			t.Errorf("KindFits(%s, %s) = %v", tt.kind, tt.day, got)
		}
	}
}

func TestDayName(t *testing.T) {
	h := Day{NameLV: "Līgo diena", NameEN: "Midsummer Eve"}
	if h.Name("en") != "Midsummer Eve" || h.Name("lv") != "Līgo diena" {
		t.Error("Name")
	}
	if (Day{NameLV: "Līgo diena"}).Name("en") != "Līgo diena" {
		t.Error("Name falls back to Latvian")
	}
}

func BenchmarkWorkingDaysInYear(b *testing.B) {
	for name, c := range map[string]*Calendar{"filled": lawCalendar(true), "by law": New(nil, true)} {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				c.WorkingDaysInYear(2026)
			}
		})
	}
}

func BenchmarkNew(b *testing.B) {
	var days []Day
	for y := 2015; y <= 2035; y++ {
		days = append(days, HolidaysByLaw(y)...)
	}
	for b.Loop() {
		New(days, true)
	}
}

func TestDayBoundsAcrossTheClockChange(t *testing.T) {
	for _, c := range []struct {
		at    time.Time
		hours float64
	}{
		{time.Date(2026, 3, 29, 12, 0, 0, 0, time.UTC), 23},  // summer time begins
		{time.Date(2026, 10, 25, 12, 0, 0, 0, time.UTC), 25}, // and ends
		{time.Date(2026, 5, 10, 22, 30, 0, 0, time.UTC), 24}, // 01:30 on the 11th in Riga
	} {
		from, to := DayBounds(c.at)
		if got := to.Sub(from).Hours(); got != c.hours {
			t.Errorf("%s: %v hours, want %v", c.at, got, c.hours)
		}
		if from.After(c.at) || !to.After(c.at) {
			t.Errorf("%s is not within [%s, %s)", c.at, from, to)
		}
		if h, m, _ := from.In(i18n.Riga).Clock(); h != 0 || m != 0 {
			t.Errorf("%s: the day begins at %02d:%02d in Riga", c.at, h, m)
		}
	}
}
