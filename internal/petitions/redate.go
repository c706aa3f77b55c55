package petitions

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"

	"github.com/daugavpils/prdesk/internal/calendar"
)

// Due dates are stored at registration (and at an extension). When the
// calendar or the rules change, the open submissions whose terms reach the
// change are computed again (Store.Recompute): a date moves later when a
// new day off falls within the term, earlier when one is taken away, but
// never earlier than a date already told to the person.

// DueCause is why a recomputed date moved: a day of the calendar that
// changed (what it was and what it is now), a rule, or (when the stored
// explanation cannot tell) the change that started the recomputation.
type DueCause struct {
	Day    time.Time     `json:"day,omitzero"`
	Before calendar.Kind `json:"before,omitempty"` // "" for a plain weekday
	After  calendar.Kind `json:"after,omitempty"`
	NameLV string        `json:"name_lv,omitempty"`
	NameEN string        `json:"name_en,omitempty"`
	// A rule: its id and legal basis.
	RuleID  int64  `json:"rule_id,omitempty"`
	BasisLV string `json:"basis_lv,omitempty"`
	BasisEN string `json:"basis_en,omitempty"`
	// The follow-the-Cabinet setting switched (its new value), or a year
	// filled with the holidays by law.
	FollowCabinet *bool `json:"follow_cabinet,omitempty"`
	Year          int   `json:"year,omitempty"`
}

// dueRow is an open submission as a recomputation reads it.
type dueRow struct {
	ID          int64
	RegNumber   string
	ReceivedAt  time.Time
	Extended    bool
	Due         time.Time
	Forward     *time.Time
	Told        *time.Time // the latest due date told to the person
	Notified    bool       // an acknowledgement or an extension went out
	Explanation []byte
}

// redated is what a recomputation makes of one submission.
type redated struct {
	Due         time.Time
	Forward     *time.Time
	Told        *time.Time
	Explanation Deadline
	// DueMoved and ForwardMoved: the dates changed (a timeline event);
	// Explained: only the explanation did (its names, its worked days).
	DueMoved, ForwardMoved, Explained bool
	Causes                            []DueCause
}

// Changed tells whether anything is to be written.
func (r redated) Changed() bool { return r.DueMoved || r.ForwardMoved || r.Explained }

// redate computes row's terms again with cal and rules. A date told to the
// person is a floor: the due date never moves earlier than it. A row
// stored before told_due_date existed, whose person was sent an
// acknowledgement, takes its stored due date as the one told. trigger is
// the cause named when the stored explanation cannot tell what moved.
func redate(cal *calendar.Calendar, rules []Rule, row dueRow, trigger DueCause) (redated, error) {
	var out redated
	rule, ok := RuleFor(rules, answerRule(row.Extended), row.ReceivedAt)
	if !ok {
		return out, fmt.Errorf("petition %s: no %s rule in force on %s", row.RegNumber, answerRule(row.Extended), row.ReceivedAt.Format(time.DateOnly))
	}
	dl, err := ComputeDeadline(cal, rule, row.ReceivedAt)
	if err != nil {
		return out, err
	}
	out.Told = row.Told
	if out.Told == nil && row.Notified {
		due := calendar.DateOf(row.Due)
		out.Told = &due
	}
	if out.Told != nil && dl.Due.Before(*out.Told) {
		dl.Held, dl.Computed, dl.Due = true, dl.Due, *out.Told
	}
	out.Due, out.Explanation = dl.Due, dl
	out.DueMoved = !dl.Due.Equal(calendar.DateOf(row.Due))

	fwd, ok, err := ForwardDeadline(cal, rules, row.ReceivedAt)
	if err != nil {
		return out, err
	}
	if ok {
		out.Forward = &fwd.Due
		out.ForwardMoved = row.Forward != nil && !fwd.Due.Equal(calendar.DateOf(*row.Forward))
	}
	var old Deadline
	oldKnown := json.Unmarshal(row.Explanation, &old) == nil && !old.Due.IsZero()
	// A forwarding term filled in for the first time is written with the
	// explanation, as no date anyone saw moved.
	out.Explained = !oldKnown || !sameJSON(old, dl) || row.Forward == nil && out.Forward != nil
	if out.DueMoved || out.ForwardMoved {
		if oldKnown {
			out.Causes = causes(old, dl)
		}
		if len(out.Causes) == 0 {
			out.Causes = []DueCause{trigger}
		}
	}
	return out, nil
}

func sameJSON(a, b Deadline) bool {
	x, err1 := json.Marshal(a)
	y, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && bytes.Equal(x, y)
}

// causes are the days whose kind differs between the old explanation and
// the new one, over the stretch both cover in full: from receipt to the
// earlier end for a working-day term, from the nominal end to the earlier
// end for a month term (every day before the end counts in a month term,
// whatever it is). A changed rule is a cause of its own.
func causes(old, now Deadline) []DueCause {
	if old.Rule.ID != now.Rule.ID {
		return []DueCause{{RuleID: now.Rule.ID, BasisLV: now.Rule.BasisLV, BasisEN: now.Rule.BasisEN}}
	}
	end := old.Due
	if now.Due.Before(end) {
		end = now.Due
	}
	start := now.Received.AddDate(0, 0, 1)
	if now.Rule.Unit == Months {
		start = now.Nominal
	}
	before, after := kindsOf(old), kindsOf(now)
	var out []DueCause
	for d := start; !d.After(end); d = d.AddDate(0, 0, 1) {
		b, a := before.kind(d), after.kind(d)
		if b == a {
			continue
		}
		c := DueCause{Day: d, Before: b, After: a}
		if e, ok := after.named[d]; ok {
			c.NameLV, c.NameEN = e.NameLV, e.NameEN
		} else if e, ok := before.named[d]; ok {
			c.NameLV, c.NameEN = e.NameLV, e.NameEN
		}
		out = append(out, c)
	}
	return out
}

// dayKinds tells what each day within an explained term was.
type dayKinds struct {
	off   map[time.Time]calendar.Kind // the days not counted, by kind
	named map[time.Time]calendar.Day  // the entries of the calendar named
}

func kindsOf(d Deadline) dayKinds {
	k := dayKinds{off: map[time.Time]calendar.Kind{}, named: map[time.Time]calendar.Day{}}
	for _, s := range d.Skipped {
		day := calendar.DateOf(s.Date)
		k.off[day] = s.Kind
		if s.Kind != calendar.Weekend {
			k.named[day] = s
		}
	}
	for _, w := range d.Worked {
		k.named[calendar.DateOf(w.Date)] = w
	}
	return k
}

// kind is what day was: a day not counted by its kind; a weekend day that
// was counted was a worked one (explanations stored before Worked existed
// list every day off, so a counted Saturday was worked); else a plain
// weekday ("").
func (k dayKinds) kind(day time.Time) calendar.Kind {
	if kind, ok := k.off[day]; ok {
		return kind
	}
	if wd := day.Weekday(); wd == time.Saturday || wd == time.Sunday {
		return calendar.MovedWorkingDay
	}
	return ""
}
