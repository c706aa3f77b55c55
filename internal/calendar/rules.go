// Package calendar knows Latvia's working days: the public holidays set by the
// law "Par svētku, atceres un atzīmējamām dienām", the working days the
// Cabinet moves, and the deadline arithmetic built on them.
//
// Dates are civil dates. Every date this package returns is midnight UTC of
// that date (the form pgx gives a `date` column), so values compare with ==
// and round-trip through the database. Every date it takes may carry a clock
// part or any location: it is read as the date it falls on in Riga, so an
// instant such as a registration timestamp lands on the day a person in
// Daugavpils would name.
package calendar

import (
	"slices"
	"time"

	"github.com/daugavpils/prdesk/internal/i18n"
)

// Kind is what makes a day an exception to "Monday to Friday".
type Kind string

const (
	Holiday         Kind = "holiday"           // a public holiday: never a working day
	MovedDayOff     Kind = "moved_day_off"     // a weekday the Cabinet made a day off
	MovedWorkingDay Kind = "moved_working_day" // a Saturday (or Sunday) the Cabinet made a working day
	// Weekend is never stored: Skipped uses it for a Saturday or Sunday
	// that has no entry of its own.
	Weekend Kind = "weekend"
)

// Kinds are the kinds the table holds, in the order forms offer them.
var Kinds = []Kind{Holiday, MovedDayOff, MovedWorkingDay}

// Source is where an entry comes from.
type Source string

const (
	SourceLaw     Source = "law"     // filled in from HolidaysByLaw
	SourceCabinet Source = "cabinet" // a Cabinet order moving a working day
	SourceManual  Source = "manual"  // added by hand
)

// The years the calendar is kept for; the database holds the same bounds.
const (
	MinYear = 2000
	MaxYear = 2100
)

// Day is one exception to "Monday to Friday".
type Day struct {
	ID     int64     `db:"id" json:"id,omitempty"`
	Date   time.Time `db:"day" json:"day"`
	Kind   Kind      `db:"kind" json:"kind"`
	NameLV string    `db:"name_lv" json:"name_lv"`
	NameEN string    `db:"name_en" json:"name_en"`
	Source Source    `db:"source" json:"source"`
	// The Cabinet order that moved the day (moved days only): its number
	// (digits), title and the date it was adopted, as far as they are known.
	OrderNumber string     `db:"order_number" json:"order_number,omitempty"`
	OrderTitle  string     `db:"order_title" json:"order_title,omitempty"`
	OrderDate   *time.Time `db:"order_date" json:"order_date,omitempty"`
	Version     int        `db:"version" json:"-"`
}

// Moved tells whether the Cabinet moved the day: a day off on a weekday or
// a working Saturday.
func (d Day) Moved() bool { return d.Kind == MovedDayOff || d.Kind == MovedWorkingDay }

// HasOrder tells whether the day names the Cabinet order that moved it.
func (d Day) HasOrder() bool { return d.OrderNumber != "" || d.OrderTitle != "" }

// Name is the day's name in lang, falling back to Latvian when there is no English one.
func (d Day) Name(lang string) string {
	if lang == "en" && d.NameEN != "" {
		return d.NameEN
	}
	return d.NameLV
}

// DateOf is the civil date t falls on in Riga, as midnight UTC.
func DateOf(t time.Time) time.Time {
	y, m, d := t.In(i18n.Riga).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// DayBounds are the instants the date of day begins and ends in Riga: a
// range [from, to) for timestamptz columns. A day when the clocks change
// is 23 or 25 hours long.
func DayBounds(day time.Time) (from, to time.Time) {
	d := DateOf(day)
	from = time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, i18n.Riga)
	return from, from.AddDate(0, 0, 1)
}

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func isWeekend(d time.Time) bool {
	wd := d.Weekday()
	return wd == time.Saturday || wd == time.Sunday
}

// KindFits tells whether kind may fall on the date: the Cabinet moves a day
// off onto a weekday and a working day onto a weekend, never the other way.
// A holiday may fall on any day. It returns the catalogue key of the problem, or "".
func KindFits(kind Kind, d time.Time) string {
	d = DateOf(d)
	switch {
	case kind == MovedDayOff && isWeekend(d):
		return "calendar.err_day_off_on_weekend"
	case kind == MovedWorkingDay && !isWeekend(d):
		return "calendar.err_working_day_on_weekday"
	}
	return ""
}

// Easter is Easter Sunday of the Gregorian calendar (the anonymous algorithm,
// also known as Meeus/Jones/Butcher).
func Easter(year int) time.Time {
	a := year % 19
	b, c := year/100, year%100
	d, e := b/4, b%4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i, k := c/4, c%4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	month := (h + l - 7*m + 114) / 31
	day := (h+l-7*m+114)%31 + 1
	return date(year, time.Month(month), day)
}

// nextMonday is d itself on a weekday, else the Monday after it: the law
// gives a day off on the next working day when 4 May or 18 November falls
// on a weekend.
func nextMonday(d time.Time) time.Time {
	switch d.Weekday() {
	case time.Saturday:
		return d.AddDate(0, 0, 2)
	case time.Sunday:
		return d.AddDate(0, 0, 1)
	}
	return d
}

// HolidaysByLaw lists the public holidays of year under the law, in date
// order, with source SourceLaw and kind Holiday. Sunday holidays (Easter,
// Pentecost, Mother's Day) are listed too: they change no count but name the
// day. When two fall on one date (Mother's Day and Pentecost can) their names
// are joined.
func HolidaysByLaw(year int) []Day {
	easter := Easter(year)
	var out []Day
	add := func(d time.Time, lv, en string) {
		for i := range out {
			if out[i].Date.Equal(d) {
				out[i].NameLV += "; " + lv
				out[i].NameEN += "; " + en
				return
			}
		}
		out = append(out, Day{Date: d, Kind: Holiday, NameLV: lv, NameEN: en, Source: SourceLaw})
	}
	add(date(year, time.January, 1), "Jaungada diena", "New Year's Day")
	add(easter.AddDate(0, 0, -2), "Lielā Piektdiena", "Good Friday")
	add(easter, "Lieldienas", "Easter Sunday")
	add(easter.AddDate(0, 0, 1), "Otrās Lieldienas", "Easter Monday")
	add(date(year, time.May, 1),
		"Darba svētki, Latvijas Republikas Satversmes sapulces sasaukšanas diena",
		"Labour Day, Convocation of the Constituent Assembly of the Republic of Latvia")
	may4 := date(year, time.May, 4)
	add(may4, "Latvijas Republikas Neatkarības deklarācijas pasludināšanas diena",
		"Proclamation of the Declaration of Independence of the Republic of Latvia")
	if m := nextMonday(may4); !m.Equal(may4) {
		add(m, "Brīvdiena: 4. maijs iekrīt brīvdienā", "Day off: 4 May falls on a weekend")
	}
	// The second Sunday of May: the first Sunday falls on 1–7 May.
	firstSunday := date(year, time.May, 1+(7-int(date(year, time.May, 1).Weekday()))%7)
	add(firstSunday.AddDate(0, 0, 7), "Mātes diena", "Mother's Day")
	add(easter.AddDate(0, 0, 49), "Vasarsvētki", "Pentecost")
	add(date(year, time.June, 23), "Līgo diena", "Midsummer Eve")
	add(date(year, time.June, 24), "Jāņu diena", "Midsummer Day")
	nov18 := date(year, time.November, 18)
	add(nov18, "Latvijas Republikas proklamēšanas diena", "Proclamation Day of the Republic of Latvia")
	if m := nextMonday(nov18); !m.Equal(nov18) {
		add(m, "Brīvdiena: 18. novembris iekrīt brīvdienā", "Day off: 18 November falls on a weekend")
	}
	add(date(year, time.December, 24), "Ziemassvētku vakars", "Christmas Eve")
	add(date(year, time.December, 25), "Pirmie Ziemassvētki", "Christmas Day")
	add(date(year, time.December, 26), "Otrie Ziemassvētki", "Second Day of Christmas")
	add(date(year, time.December, 31), "Vecgada diena", "New Year's Eve")
	slices.SortFunc(out, func(a, b Day) int { return a.Date.Compare(b.Date) })
	return out
}
