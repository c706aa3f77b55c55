package petitions

import (
	"fmt"
	"time"

	"github.com/daugavpils/prdesk/internal/calendar"
)

// RuleKind names which term a rule sets.
type RuleKind string

const (
	RuleAnswer   RuleKind = "answer"   // the ordinary term for an answer
	RuleExtended RuleKind = "extended" // the longer term, with notice to the person
	RuleForward  RuleKind = "forward"  // forwarding to the competent institution
)

// Unit is what a term is counted in.
type Unit string

const (
	WorkingDays Unit = "working_days"
	Months      Unit = "months"
)

// Rule is one row of the dated table of terms.
type Rule struct {
	ID        int64     `db:"id" json:"id"`
	Kind      RuleKind  `db:"kind" json:"kind"`
	ValidFrom time.Time `db:"valid_from" json:"valid_from"`
	Amount    int       `db:"amount" json:"amount"`
	Unit      Unit      `db:"unit" json:"unit"`
	BasisLV   string    `db:"basis_lv" json:"basis_lv"`
	BasisEN   string    `db:"basis_en" json:"basis_en"`
	Version   int       `db:"version" json:"-"`
}

// RuleFor picks the rule of kind in force on day: the one with the latest
// valid_from not after it.
func RuleFor(rules []Rule, kind RuleKind, day time.Time) (Rule, bool) {
	day = calendar.DateOf(day)
	var best Rule
	found := false
	for _, r := range rules {
		from := calendar.DateOf(r.ValidFrom)
		if r.Kind != kind || from.After(day) {
			continue
		}
		if !found || from.After(calendar.DateOf(best.ValidFrom)) {
			best, found = r, true
		}
	}
	return best, found
}

// Deadline is a computed term with the reasons for its date, so the card
// can show how it was reached.
type Deadline struct {
	Rule     Rule      `json:"rule"`
	Received time.Time `json:"received"` // the date of receipt
	Start    time.Time `json:"start"`    // the first day of the term: the day after receipt
	Nominal  time.Time `json:"nominal"`  // for months: the same date, or the month's last day
	Moved    bool      `json:"moved"`    // the nominal end was not a working day
	Due      time.Time `json:"due"`
	// Skipped are the days not counted: in a working-day term every day off
	// after receipt up to the end; in a month term, where every day counts,
	// only the days off the end stepped over (from the nominal end to the
	// day before Due). Explanations stored before 2026-06 list every day
	// off of a month term: ShownSkipped reads both.
	Skipped []calendar.Day `json:"skipped"`
	// Worked are the Saturdays (or Sundays) within the term that the
	// Cabinet made working days: a working-day term counts them.
	Worked []calendar.Day `json:"worked,omitempty"`
	// Held is set when the calendar now gives an earlier date (Computed)
	// than the one already told to the person: Due stays the told date.
	Held     bool      `json:"held,omitempty"`
	Computed time.Time `json:"computed,omitzero"`
}

// ShownSkipped are the days the card lists as not counted: for a month
// term only those at the end, from the nominal end on.
func (d Deadline) ShownSkipped() []calendar.Day {
	if d.Rule.Unit != Months {
		return d.Skipped
	}
	var out []calendar.Day
	for _, s := range d.Skipped {
		if !calendar.DateOf(s.Date).Before(d.Nominal) {
			out = append(out, s)
		}
	}
	return out
}

// ComputeDeadline applies the Administrative Procedure Law, sections 42–43,
// as institutions' terms follow them: a term starts on the day after receipt;
// in working days it counts Monday to Friday less the calendar's days off; in
// months it ends on the same date of the last month, or on that month's last
// day when there is no such date; an end on a day off moves to the next
// working day.
func ComputeDeadline(cal *calendar.Calendar, r Rule, receivedAt time.Time) (Deadline, error) {
	received := calendar.DateOf(receivedAt)
	d := Deadline{Rule: r, Received: received, Start: received.AddDate(0, 0, 1)}
	switch r.Unit {
	case WorkingDays:
		d.Due = cal.AddWorkingDays(received, r.Amount)
		d.Nominal = d.Due
		d.Skipped = cal.Skipped(received, d.Due)
	case Months:
		d.Nominal = AddMonths(received, r.Amount)
		d.Due = cal.WorkingDayOnOrAfter(d.Nominal)
		d.Moved = !d.Due.Equal(d.Nominal)
		if d.Moved {
			d.Skipped = cal.Skipped(d.Nominal.Add(-24*time.Hour), d.Due)
		}
	default:
		return d, fmt.Errorf("deadline rule %d: unknown unit %q", r.ID, r.Unit)
	}
	d.Worked = cal.Worked(received, d.Due)
	return d, nil
}

// ForwardDeadline is the term for forwarding a submission received at
// receivedAt to the competent institution, by the forwarding rule in force
// on that day; ok is false when the table has none.
func ForwardDeadline(cal *calendar.Calendar, rules []Rule, receivedAt time.Time) (d Deadline, ok bool, err error) {
	r, ok := RuleFor(rules, RuleForward, receivedAt)
	if !ok {
		return Deadline{}, false, nil
	}
	d, err = ComputeDeadline(cal, r, receivedAt)
	return d, err == nil, err
}

// answerRule is the rule a submission's answer term runs by: the longer
// one once the term was extended.
func answerRule(extended bool) RuleKind {
	if extended {
		return RuleExtended
	}
	return RuleAnswer
}

// AddMonths is the same date n months later, or that month's last day when
// the month is shorter: 31 January plus one month is 28 (or 29) February.
func AddMonths(t time.Time, n int) time.Time {
	y, m, day := t.Date()
	first := time.Date(y, m+time.Month(n), 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	if day > last {
		day = last
	}
	return time.Date(first.Year(), first.Month(), day, 0, 0, 0, 0, time.UTC)
}

// DaysLeft is the number of working days from today to due: 0 on the due
// day, negative when overdue. A due date that has passed is at least one
// day late, even on the weekend after it, when no working day has come
// since (on Saturday, Friday's due date is overdue, not "due today").
func DaysLeft(cal *calendar.Calendar, today, due time.Time) int {
	n := cal.WorkingDaysBetween(today, due)
	if n == 0 && calendar.DateOf(due).Before(calendar.DateOf(today)) {
		return -1
	}
	return n
}

// Urgency is how a list marks a deadline.
type Urgency string

const (
	UrgencyNone    Urgency = ""
	UrgencySoon    Urgency = "soon"    // due within 3 working days
	UrgencyOverdue Urgency = "overdue" // past due
)

// UrgencyOf classes days left.
func UrgencyOf(daysLeft int) Urgency {
	switch {
	case daysLeft < 0:
		return UrgencyOverdue
	case daysLeft <= 3:
		return UrgencySoon
	}
	return UrgencyNone
}
