// Package visitors keeps the officials' reception hours and the bookings of
// residents who come to see them (regulation clauses 4.15 and 4.16).
//
// Reception hours are rules (weekly, every N weeks, the N-th weekday of the
// month), one-off sessions and cancelled dates; the sessions and their slots
// are computed from them in Go (Schedule.Sessions), never stored. A booking
// is one row per slot, and the database refuses a second booking of a slot.
package visitors

import (
	"errors"
	"slices"
	"time"

	"github.com/daugavpils/prdesk/internal/calendar"
	"github.com/daugavpils/prdesk/internal/i18n"
)

// RuleKind is how a rule recurs.
type RuleKind string

const (
	Weekly  RuleKind = "weekly"  // on Weekday every EveryWeeks weeks from the week of ValidFrom
	Monthly RuleKind = "monthly" // on the Nth Weekday of each month
)

// RuleKinds lists the ways a rule recurs, in the order forms show them.
var RuleKinds = []RuleKind{Weekly, Monthly}

// Clock is a wall-clock time of day in Riga, in minutes after midnight.
type Clock int

// At builds a Clock from hours and minutes.
func At(h, m int) Clock { return Clock(h*60 + m) }

// Rule is a recurring reception of one official.
type Rule struct {
	ID          int64
	OfficialID  int64
	Kind        RuleKind
	Weekday     time.Weekday
	EveryWeeks  int // Weekly only; 1 is every week
	Nth         int // Monthly only: 1 to 5
	Start, End  Clock
	Room        string
	SlotMinutes int
	ValidFrom   time.Time  // a date (calendar.DateOf)
	ValidTo     *time.Time // a date, inclusive; nil: open
}

// Extra is a reception held once.
type Extra struct {
	ID          int64
	OfficialID  int64
	Day         time.Time
	Start, End  Clock
	Room        string
	SlotMinutes int
}

// Cancellation is a day an official does not receive.
type Cancellation struct {
	ID         int64
	OfficialID int64
	Day        time.Time
	Reason     string
}

// Schedule is everything reception hours are computed from.
type Schedule struct {
	Rules     []Rule
	Extras    []Extra
	Cancelled []Cancellation
}

// Session is one reception of one official on one day.
type Session struct {
	OfficialID  int64
	Day         time.Time // the date, midnight UTC
	Start, End  time.Time // instants
	Room        string
	SlotMinutes int
	RuleID      int64 // 0 for a one-off session
	ExtraID     int64
}

// Slot is one bookable time of a session.
type Slot struct {
	OfficialID int64
	Start, End time.Time
	Room       string
}

// wallClock is the instant of clock c on date day in Riga. Minutes past 24
// hours roll into the next day, as time.Date normalises them.
func wallClock(day time.Time, c Clock) time.Time {
	return time.Date(day.Year(), day.Month(), day.Day(), 0, int(c), 0, 0, i18n.Riga)
}

// Slots divides the session into slots of SlotMinutes; a remainder shorter
// than a slot is not offered. Each slot is built from the wall clock, so a
// session never drifts by an hour whatever the offset of the day.
func (s Session) Slots() []Slot {
	if s.SlotMinutes <= 0 {
		return nil
	}
	start := s.Start.In(i18n.Riga)
	base := Clock(start.Hour()*60 + start.Minute())
	var out []Slot
	for k := 0; ; k++ {
		a := wallClock(s.Day, base+Clock(k*s.SlotMinutes))
		b := wallClock(s.Day, base+Clock((k+1)*s.SlotMinutes))
		if b.After(s.End) {
			return out
		}
		out = append(out, Slot{OfficialID: s.OfficialID, Start: a, End: b, Room: s.Room})
	}
}

// holds tells whether rule r has a session on date d.
func (r Rule) holds(d time.Time) bool {
	if d.Before(r.ValidFrom) || (r.ValidTo != nil && d.After(*r.ValidTo)) || d.Weekday() != r.Weekday {
		return false
	}
	switch r.Kind {
	case Weekly:
		n := max(r.EveryWeeks, 1)
		// Whole weeks between the Monday of ValidFrom's week and d's.
		weeks := int(monday(d).Sub(monday(r.ValidFrom)).Hours()/24) / 7
		return weeks%n == 0
	case Monthly:
		return (d.Day()-1)/7+1 == r.Nth
	}
	return false
}

// monday is the Monday of the ISO week of date d.
func monday(d time.Time) time.Time {
	back := (int(d.Weekday()) + 6) % 7
	return d.AddDate(0, 0, -back)
}

// rawSessions are the sessions of date d (midnight UTC) before holidays and
// cancellations are taken away.
func (sch Schedule) rawSessions(d time.Time) []Session {
	var out []Session
	for _, r := range sch.Rules {
		if r.holds(d) {
			out = append(out, Session{
				OfficialID: r.OfficialID, Day: d, Start: wallClock(d, r.Start), End: wallClock(d, r.End),
				Room: r.Room, SlotMinutes: r.SlotMinutes, RuleID: r.ID,
			})
		}
	}
	for _, e := range sch.Extras {
		if calendar.DateOf(e.Day) == d {
			out = append(out, Session{
				OfficialID: e.OfficialID, Day: d, Start: wallClock(d, e.Start), End: wallClock(d, e.End),
				Room: e.Room, SlotMinutes: e.SlotMinutes, ExtraID: e.ID,
			})
		}
	}
	return out
}

// cancellation is the cancellation of official's date d, if any.
func (sch Schedule) cancellation(official int64, d time.Time) (Cancellation, bool) {
	for _, c := range sch.Cancelled {
		if c.OfficialID == official && calendar.DateOf(c.Day) == d {
			return c, true
		}
	}
	return Cancellation{}, false
}

// IsHoliday tells whether date d is a public holiday (or a day off the
// Cabinet moved): such days have no reception. A Saturday or Sunday is not
// a holiday by itself; whether there is reception then is the rule's say.
func IsHoliday(cal *calendar.Calendar, d time.Time) bool {
	if cal.IsWorkingDay(d) {
		return false
	}
	d = calendar.DateOf(d)
	if wd := d.Weekday(); wd != time.Saturday && wd != time.Sunday {
		return true
	}
	skipped := cal.Skipped(d.AddDate(0, 0, -1), d)
	return len(skipped) == 1 && skipped[0].Kind != calendar.Weekend
}

// Sessions lists the sessions on the dates from to to (both inclusive) in
// order of start, skipping holidays and cancelled dates.
func (sch Schedule) Sessions(cal *calendar.Calendar, from, to time.Time) []Session {
	var out []Session
	for d := calendar.DateOf(from); !d.After(calendar.DateOf(to)); d = d.AddDate(0, 0, 1) {
		raw := sch.rawSessions(d)
		if len(raw) == 0 || IsHoliday(cal, d) {
			continue
		}
		for _, s := range raw {
			if _, ok := sch.cancellation(s.OfficialID, d); !ok {
				out = append(out, s)
			}
		}
	}
	slices.SortStableFunc(out, func(a, b Session) int {
		if c := a.Start.Compare(b.Start); c != 0 {
			return c
		}
		return int(a.OfficialID - b.OfficialID)
	})
	return out
}

// Why a time cannot be booked.
var (
	ErrNoSession = errors.New("visitors: no reception at that time")
	ErrCancelled = errors.New("visitors: the reception of that day is cancelled")
	ErrHoliday   = errors.New("visitors: that day is a public holiday")
)

// Locate finds the slot of official that starts at start, or says why there
// is none: no session then, the day cancelled, or a holiday.
func (sch Schedule) Locate(cal *calendar.Calendar, official int64, start time.Time) (Slot, error) {
	d := calendar.DateOf(start)
	for _, s := range sch.rawSessions(d) {
		if s.OfficialID != official {
			continue
		}
		for _, sl := range s.Slots() {
			if !sl.Start.Equal(start) {
				continue
			}
			if _, ok := sch.cancellation(official, d); ok {
				return Slot{}, ErrCancelled
			}
			if IsHoliday(cal, d) {
				return Slot{}, ErrHoliday
			}
			return sl, nil
		}
	}
	return Slot{}, ErrNoSession
}
