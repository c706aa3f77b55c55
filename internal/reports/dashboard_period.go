package reports

import (
	"time"

	"github.com/daugavpils/prdesk/internal/i18n"
)

// PeriodKind is how the dashboard's period is chosen.
type PeriodKind string

const (
	Week    PeriodKind = "week"    // Monday to Sunday
	Month   PeriodKind = "month"   // a calendar month
	Quarter PeriodKind = "quarter" // January–March, April–June, …
	Year    PeriodKind = "year"    // a calendar year
	Range   PeriodKind = "range"   // any days from one to another, both included
)

// PeriodKinds are the choices in the order the form offers them.
var PeriodKinds = []PeriodKind{Week, Month, Quarter, Year, Range}

// MaxRangeDays is the longest range the dashboard takes: three years and
// their leap day, so that a range and its year before stay a few queries.
const MaxRangeDays = 3*366 + 1

// Period is the days [First, End) of Riga, as civil dates (midnight UTC,
// as internal/calendar keeps dates).
type Period struct {
	Kind  PeriodKind
	First time.Time // the first day
	End   time.Time // the day after the last
}

// date is the civil date of y, m, d (normalised as time.Date does).
func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// PeriodOf is the week, month, quarter or year that holds the day on.
func PeriodOf(kind PeriodKind, on time.Time) Period {
	y, m, d := on.Date()
	switch kind {
	case Week:
		// Monday is the week's first day in Latvia.
		back := (int(on.Weekday()) + 6) % 7
		first := date(y, m, d-back)
		return Period{Week, first, first.AddDate(0, 0, 7)}
	case Quarter:
		qm := time.Month((int(m)-1)/3*3 + 1)
		return Period{Quarter, date(y, qm, 1), date(y, qm+3, 1)}
	case Year:
		return Period{Year, date(y, 1, 1), date(y+1, 1, 1)}
	default:
		return Period{Month, date(y, m, 1), date(y, m+1, 1)}
	}
}

// RangeOf is the days first to last, both included.
func RangeOf(first, last time.Time) Period {
	return Period{Range, date(first.Date()), date(last.Date()).AddDate(0, 0, 1)}
}

// Days is how many days the period has.
func (p Period) Days() int { return int(p.End.Sub(p.First).Hours()/24 + 0.5) }

// Last is the period's last day.
func (p Period) Last() time.Time { return p.End.AddDate(0, 0, -1) }

// Previous is the period just before p of the same kind: the week, month,
// quarter or year before (February before 31 March's month, whatever the
// months' lengths), or for a range the same number of days just before it.
func (p Period) Previous() Period {
	switch p.Kind {
	case Week:
		return Period{Week, p.First.AddDate(0, 0, -7), p.First}
	case Month:
		return Period{Month, p.First.AddDate(0, -1, 0), p.First}
	case Quarter:
		return Period{Quarter, p.First.AddDate(0, -3, 0), p.First}
	case Year:
		return Period{Year, p.First.AddDate(-1, 0, 0), p.First}
	}
	return Period{Range, p.First.AddDate(0, 0, -p.Days()), p.First}
}

// YearBefore is the same period a year earlier: the same month, quarter or
// year; for a week the week 52 weeks before (Monday to Sunday again, and
// the same weeks of the year but in a year of 53); for a range the same
// dates, 29 February read as 28 February.
func (p Period) YearBefore() Period {
	switch p.Kind {
	case Week:
		return Period{Week, p.First.AddDate(0, 0, -364), p.End.AddDate(0, 0, -364)}
	case Month, Quarter, Year:
		return Period{p.Kind, p.First.AddDate(-1, 0, 0), p.End.AddDate(-1, 0, 0)}
	}
	return RangeOf(yearBack(p.First), yearBack(p.Last()))
}

// yearBack is the same day a year before, 29 February as 28 February
// (time's AddDate would make it 1 March).
func yearBack(d time.Time) time.Time {
	y, m, day := d.Date()
	if m == time.February && day == 29 {
		day = 28
	}
	return date(y-1, m, day)
}

// From and To are the period's bounds as instants in Riga, [From, To), as
// the areas' Summary functions take them.
func (p Period) From() time.Time { return rigaMidnight(p.First) }
func (p Period) To() time.Time   { return rigaMidnight(p.End) }

func rigaMidnight(d time.Time) time.Time {
	y, m, day := d.Date()
	return time.Date(y, m, day, 0, 0, 0, 0, i18n.Riga)
}

// Dates is the period as a reader sees it: "01.03.2026.–31.03.2026.".
func (p Period) Dates() string {
	if p.Days() == 1 {
		return i18n.Date(rigaMidnight(p.First))
	}
	return i18n.Date(rigaMidnight(p.First)) + "–" + i18n.Date(rigaMidnight(p.Last()))
}

// key identifies the period, for caches and tests.
func (p Period) key() string {
	// Built by hand: it is made a few dozen times an opening, and
	// Sprintf was a tenth of a kept opening's time.
	b := make([]byte, 0, 32)
	b = append(b, p.Kind...)
	b = append(b, ':')
	b = p.First.AppendFormat(b, time.DateOnly)
	b = append(b, ':')
	b = p.End.AppendFormat(b, time.DateOnly)
	return string(b)
}
