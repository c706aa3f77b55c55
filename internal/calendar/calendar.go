package calendar

import (
	"sync"
	"time"
)

// Calendar answers which days are working days and does deadline arithmetic.
// It is a snapshot of the table: built once (Store.Load, or New), never
// changed, safe to share between goroutines. Whoever needs fresh data loads
// a new one.
//
// A working day is Monday to Friday, less the holidays; when the calendar
// follows the Cabinet, also less the moved days off and plus the moved
// working days.
//
// A year for which the table holds no entry from the law (nobody has pressed
// "fill the year by law" yet) takes its holidays from HolidaysByLaw, so a
// deadline running into an unfilled year still skips New Year's Day. Once
// the year is filled the table alone counts, and an entry removed there stays
// removed.
type Calendar struct {
	days          map[time.Time]Day
	filled        map[int]bool
	followCabinet bool
	// byLaw memoises the holidays of unfilled years (int → map[time.Time]Day),
	// so counting through such a year does not rebuild its list every day.
	// It only ever caches what HolidaysByLaw returns: the calendar's answers
	// never change.
	byLaw sync.Map
	// blocks memoises running counts of working days (int → *block), so
	// that counting the days between two dates, which every list row with a
	// deadline does, is two lookups rather than a walk through the days.
	blocks sync.Map
}

// blockDays is how many consecutive days one block of running counts covers.
const blockDays = 256

// block holds, for each of its days, how many of its days up to and
// including that one are working days.
type block [blockDays]uint16

// dayNumber is the date d (from DateOf) as days since 1 January 1970.
func dayNumber(d time.Time) int {
	n := d.Unix() / int64(oneDay/time.Second)
	if d.Unix() < 0 && d.Unix()%int64(oneDay/time.Second) != 0 {
		n--
	}
	return int(n)
}

// splitDay is the block of day number n and n's place in it.
func splitDay(n int) (k, i int) {
	k, i = n/blockDays, n%blockDays
	if i < 0 {
		k, i = k-1, i+blockDays
	}
	return k, i
}

func (c *Calendar) block(k int) *block {
	if b, ok := c.blocks.Load(k); ok {
		return b.(*block)
	}
	b := new(block)
	start := time.Unix(int64(k)*blockDays*int64(oneDay/time.Second), 0).UTC()
	n := uint16(0)
	for i := range b {
		if c.working(start.Add(time.Duration(i) * oneDay)) {
			n++
		}
		b[i] = n
	}
	v, _ := c.blocks.LoadOrStore(k, b)
	return v.(*block)
}

// oneDay steps from one date to the next: dates are midnights in UTC, which
// has no summer time, and adding a duration costs far less than AddDate.
const oneDay = 24 * time.Hour

// New builds a calendar from the table's entries.
func New(days []Day, followCabinet bool) *Calendar {
	c := &Calendar{days: make(map[time.Time]Day, len(days)), filled: map[int]bool{}, followCabinet: followCabinet}
	for _, d := range days {
		d.Date = DateOf(d.Date)
		c.days[d.Date] = d
		if d.Source == SourceLaw {
			c.filled[d.Date.Year()] = true
		}
	}
	return c
}

// FollowsCabinet tells whether the Cabinet's moved days count.
func (c *Calendar) FollowsCabinet() bool { return c.followCabinet }

// Filled tells whether the table holds year's holidays by law; when it does
// not, the calendar computes them itself.
func (c *Calendar) Filled(year int) bool { return c.filled[year] }

// lookup is the entry that governs d (which must come from DateOf).
func (c *Calendar) lookup(d time.Time) (Day, bool) {
	if e, ok := c.days[d]; ok {
		return e, true
	}
	if !c.filled[d.Year()] {
		return c.lawHoliday(d)
	}
	return Day{}, false
}

// lawHoliday finds d among the holidays by law of its year.
func (c *Calendar) lawHoliday(d time.Time) (Day, bool) {
	y := d.Year()
	m, ok := c.byLaw.Load(y)
	if !ok {
		hs := HolidaysByLaw(y)
		fresh := make(map[time.Time]Day, len(hs))
		for _, h := range hs {
			fresh[h.Date] = h
		}
		m, _ = c.byLaw.LoadOrStore(y, fresh)
	}
	h, ok := m.(map[time.Time]Day)[d]
	return h, ok
}

// counts tells whether entry e makes its day different from a plain weekday or weekend.
func (c *Calendar) counts(e Day) bool {
	return e.Kind == Holiday || c.followCabinet && (e.Kind == MovedDayOff || e.Kind == MovedWorkingDay)
}

func (c *Calendar) working(d time.Time) bool {
	if e, ok := c.lookup(d); ok && c.counts(e) {
		return e.Kind == MovedWorkingDay
	}
	return !isWeekend(d)
}

// IsWorkingDay tells whether the date of t is a working day.
func (c *Calendar) IsWorkingDay(t time.Time) bool { return c.working(DateOf(t)) }

// NextWorkingDay is the first working day strictly after the date of t.
func (c *Calendar) NextWorkingDay(t time.Time) time.Time { return c.AddWorkingDays(t, 1) }

// WorkingDayOnOrAfter is the date of t when it is a working day, else the
// next working day: where a deadline that falls on a day off moves to.
func (c *Calendar) WorkingDayOnOrAfter(t time.Time) time.Time { return c.AddWorkingDays(t, 0) }

// AddWorkingDays is the n-th working day after the date of t: n = 1 is the
// next working day, n = 10 the tenth. n = 0 is the date of t itself when it
// is a working day, else the next working day. A negative n counts back: -1
// is the last working day before the date of t.
func (c *Calendar) AddWorkingDays(t time.Time, n int) time.Time {
	d := DateOf(t)
	if n == 0 {
		for !c.working(d) {
			d = d.Add(oneDay)
		}
		return d
	}
	step := 1
	if n < 0 {
		step, n = -1, -n
	}
	for n > 0 {
		d = d.Add(time.Duration(step) * oneDay)
		if c.working(d) {
			n--
		}
	}
	return d
}

// WorkingDaysBetween counts the working days after the date of a up to and
// including the date of b; when b is before a it is minus the count of
// working days in (b, a]. So AddWorkingDays(a, WorkingDaysBetween(a, b)) is
// b whenever b is a working day after a.
func (c *Calendar) WorkingDaysBetween(a, b time.Time) int {
	lo, hi, sign := dayNumber(DateOf(a)), dayNumber(DateOf(b)), 1
	if hi < lo {
		lo, hi, sign = hi, lo, -1
	}
	kl, il := splitDay(lo)
	kh, ih := splitDay(hi)
	first := c.block(kl)
	if kl == kh {
		return sign * int(first[ih]-first[il])
	}
	n := int(first[blockDays-1] - first[il])
	for k := kl + 1; k < kh; k++ {
		n += int(c.block(k)[blockDays-1])
	}
	n += int(c.block(kh)[ih])
	return sign * n
}

// WorkingDaysInYear counts the working days of year.
func (c *Calendar) WorkingDaysInYear(year int) int {
	return c.WorkingDaysBetween(date(year-1, time.December, 31), date(year, time.December, 31))
}

// Worked lists the weekend days after the earlier of the dates of a and b,
// up to and including the later one, that the Cabinet made working days
// and that count (the calendar follows the Cabinet), in date order.
func (c *Calendar) Worked(a, b time.Time) []Day {
	lo, hi := DateOf(a), DateOf(b)
	if hi.Before(lo) {
		lo, hi = hi, lo
	}
	var out []Day
	for d := lo.Add(oneDay); !d.After(hi); d = d.Add(oneDay) {
		if !isWeekend(d) {
			continue
		}
		if e, ok := c.lookup(d); ok && e.Kind == MovedWorkingDay && c.counts(e) {
			out = append(out, e)
		}
	}
	return out
}

// Skipped lists the days that are not working days after the earlier of the
// dates of a and b, up to and including the later one, in date order: what a
// deadline stepped over. A holiday (or, when the Cabinet is followed, a moved
// day off) comes with its entry and names; a Saturday or Sunday without an
// entry that counts comes as a Day of kind Weekend with no names or ID.
func (c *Calendar) Skipped(a, b time.Time) []Day {
	lo, hi := DateOf(a), DateOf(b)
	if hi.Before(lo) {
		lo, hi = hi, lo
	}
	var out []Day
	for d := lo.Add(oneDay); !d.After(hi); d = d.Add(oneDay) {
		if c.working(d) {
			continue
		}
		if e, ok := c.lookup(d); ok && c.counts(e) {
			out = append(out, e)
			continue
		}
		out = append(out, Day{Date: d, Kind: Weekend})
	}
	return out
}
