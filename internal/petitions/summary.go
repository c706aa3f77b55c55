package petitions

import (
	"slices"
	"time"

	"github.com/daugavpils/prdesk/internal/calendar"
)

// Report is the registry's figures for a period, for the director's reports.
type Report struct {
	From, To  time.Time // received in [From, To)
	Total     int
	ByType    map[DocType]int
	ByChannel map[Channel]int
	ByState   map[State]int // where those received in the period stand now
	Answered  int           // of those received in the period, answered so far
	OnTime    int           // answered on or before the due date
	Late      int
	// Forwarded to the competent institution, of those received in the
	// period: within the forwarding term, or after it. Those forwarded
	// before the term was kept (2026-06) are in neither.
	ForwardedOnTime int
	ForwardedLate   int
	// MedianWorkingDays is the median of the working days from receipt to
	// the answer, over the answered ones; 0 when none is answered.
	MedianWorkingDays float64
}

// medianWorkingDays is the median of cal.WorkingDaysBetween over the pairs.
// It counts each day of the period once: a running count of working days
// from the earliest date makes each pair a subtraction.
func medianWorkingDays[T any](cal *calendar.Calendar, xs []T, dates func(T) (time.Time, time.Time)) float64 {
	lo, hi := dates(xs[0])
	for _, x := range xs {
		a, b := dates(x)
		lo, hi = minTime(lo, minTime(a, b)), maxTime(hi, maxTime(a, b))
	}
	days := int(hi.Sub(lo).Hours()/24+0.5) + 1
	// cum[i] is the number of working days in (lo, lo+i].
	cum := make([]int, days)
	for i := 1; i < days; i++ {
		cum[i] = cum[i-1]
		if cal.IsWorkingDay(lo.AddDate(0, 0, i)) {
			cum[i]++
		}
	}
	index := func(t time.Time) int { return int(t.Sub(lo).Hours()/24 + 0.5) }
	ns := make([]int, len(xs))
	for i, x := range xs {
		a, b := dates(x)
		ns[i] = cum[index(b)] - cum[index(a)]
	}
	slices.Sort(ns)
	m := len(ns) / 2
	if len(ns)%2 == 1 {
		return float64(ns[m])
	}
	return float64(ns[m-1]+ns[m]) / 2
}

func minTime(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
