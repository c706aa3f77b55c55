package petitions

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/daugavpils/prdesk/internal/calendar"
)

// rowOf is an open submission received on received, computed and stored
// with cal as registering stores it.
func rowOf(t *testing.T, cal *calendar.Calendar, received string, told bool) dueRow {
	t.Helper()
	r, _ := RuleFor(seededRules, RuleAnswer, day(received))
	d, err := ComputeDeadline(cal, r, day(received))
	if err != nil {
		t.Fatal(err)
	}
	fwd, _, _ := ForwardDeadline(cal, seededRules, day(received))
	raw, _ := json.Marshal(d)
	row := dueRow{ID: 1, RegNumber: "1-1/2026/1", ReceivedAt: day(received), Due: d.Due, Forward: &fwd.Due, Explanation: raw}
	if told {
		row.Told = &d.Due
	}
	return row
}

func TestRedateMovesLaterForANewDayOffAndNamesIt(t *testing.T) {
	before := calendar.New(nil, true)
	// Received Tuesday 9 June 2026: ten working days end on 25 June.
	row := rowOf(t, before, "2026-06-09", true)
	if got := row.Due.Format(time.DateOnly); got != "2026-06-25" {
		t.Fatalf("before: due %s", got)
	}
	after := calendar.New([]calendar.Day{{Date: day("2026-06-22"), Kind: calendar.MovedDayOff, NameLV: "Pārcelta brīvdiena"}}, true)
	r, err := redate(after, seededRules, row, DueCause{Day: day("2026-06-22"), After: calendar.MovedDayOff})
	if err != nil {
		t.Fatal(err)
	}
	if !r.DueMoved || r.Due.Format(time.DateOnly) != "2026-06-26" {
		t.Fatalf("due %s (moved %v), want 2026-06-26", r.Due.Format(time.DateOnly), r.DueMoved)
	}
	if r.ForwardMoved {
		t.Errorf("the forwarding term (16 June) moved to %s", r.Forward)
	}
	if len(r.Causes) != 1 || !r.Causes[0].Day.Equal(day("2026-06-22")) || r.Causes[0].Before != "" ||
		r.Causes[0].After != calendar.MovedDayOff || r.Causes[0].NameLV != "Pārcelta brīvdiena" {
		t.Errorf("causes %+v, want 22 June: a working day became a moved day off", r.Causes)
	}
}

func TestRedateNeverMovesEarlierThanTheDateTold(t *testing.T) {
	off := calendar.New([]calendar.Day{{Date: day("2026-06-22"), Kind: calendar.MovedDayOff, NameLV: "Pārcelta brīvdiena"}}, true)
	plain := calendar.New(nil, true)
	trigger := DueCause{Day: day("2026-06-22"), Before: calendar.MovedDayOff}

	// Told 26 June: taking the day off back leaves the date.
	told := rowOf(t, off, "2026-06-09", true)
	r, err := redate(plain, seededRules, told, trigger)
	if err != nil {
		t.Fatal(err)
	}
	if r.DueMoved || r.Due.Format(time.DateOnly) != "2026-06-26" || !r.Explanation.Held ||
		r.Explanation.Computed.Format(time.DateOnly) != "2026-06-25" {
		t.Errorf("told: due %s (moved %v), held %v at %s; want 26 June kept, 25 June computed",
			r.Due.Format(time.DateOnly), r.DueMoved, r.Explanation.Held, r.Explanation.Computed.Format(time.DateOnly))
	}
	if !r.Explained {
		t.Error("the explanation does not say the date is held")
	}

	// Nobody was told (anonymous): it moves back.
	untold := rowOf(t, off, "2026-06-09", false)
	r, _ = redate(plain, seededRules, untold, trigger)
	if !r.DueMoved || r.Due.Format(time.DateOnly) != "2026-06-25" {
		t.Errorf("untold: due %s, want 2026-06-25", r.Due.Format(time.DateOnly))
	}
	if len(r.Causes) != 1 || r.Causes[0].Before != calendar.MovedDayOff || r.Causes[0].After != "" {
		t.Errorf("causes %+v, want 22 June no longer a day off", r.Causes)
	}

	// A row registered before told_due_date was kept, whose person got an
	// acknowledgement: its stored date is the one told.
	old := rowOf(t, off, "2026-06-09", false)
	old.Notified = true
	r, _ = redate(plain, seededRules, old, trigger)
	if r.DueMoved || r.Told == nil || r.Told.Format(time.DateOnly) != "2026-06-26" {
		t.Errorf("acknowledged before: due %s, told %v; want 26 June kept and taken as told", r.Due.Format(time.DateOnly), r.Told)
	}
}

func TestRedateNamesAWorkedSaturdayAndARule(t *testing.T) {
	plain := calendar.New(nil, true)
	// Received Friday 26 June 2026: five working days to forward end on
	// Friday 3 July; with Saturday 27 June worked, on Thursday 2 July.
	row := rowOf(t, plain, "2026-06-26", false)
	worked := calendar.New([]calendar.Day{{Date: day("2026-06-27"), Kind: calendar.MovedWorkingDay, NameLV: "Darba sestdiena"}}, true)
	r, err := redate(worked, seededRules, row, DueCause{})
	if err != nil {
		t.Fatal(err)
	}
	if !r.ForwardMoved || r.Forward.Format(time.DateOnly) != "2026-07-02" {
		t.Errorf("forward %s, want 2026-07-02", r.Forward)
	}
	if len(r.Causes) != 1 || r.Causes[0].Before != calendar.Weekend || r.Causes[0].After != calendar.MovedWorkingDay {
		t.Errorf("causes %+v, want Saturday 27 June now worked", r.Causes)
	}

	// A rule of fifteen working days from 1 June 2026 on.
	rules := append([]Rule{{ID: 9, Kind: RuleAnswer, ValidFrom: day("2026-06-01"), Amount: 15, Unit: WorkingDays, BasisLV: "Grozījumi"}}, seededRules...)
	r, _ = redate(plain, rules, row, DueCause{RuleID: 9})
	if !r.DueMoved || len(r.Causes) != 1 || r.Causes[0].RuleID != 9 || r.Causes[0].BasisLV != "Grozījumi" {
		t.Errorf("a new rule: moved %v, causes %+v", r.DueMoved, r.Causes)
	}
}

func TestRedateOfAnUnexplainedRowNamesTheTrigger(t *testing.T) {
	plain := calendar.New(nil, true)
	row := dueRow{ID: 1, ReceivedAt: day("2026-06-09"), Due: day("2026-06-30"), Explanation: []byte(`{}`)}
	trigger := DueCause{Day: day("2026-06-22"), After: calendar.Holiday, NameLV: "Pārbaude"}
	r, err := redate(plain, seededRules, row, trigger)
	if err != nil {
		t.Fatal(err)
	}
	if !r.DueMoved || len(r.Causes) != 1 || r.Causes[0] != trigger {
		t.Errorf("moved %v, causes %+v; want the trigger", r.DueMoved, r.Causes)
	}
	if r.Forward == nil || !r.Explained {
		t.Error("the forwarding term was not filled in")
	}
}
