package petitions

import (
	"testing"
	"time"

	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/calendar"
	"github.com/daugavpils/prdesk/internal/i18n"
)

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

// The seeded rules of migrations/00005_petitions.sql.
var seededRules = []Rule{
	{ID: 1, Kind: RuleAnswer, ValidFrom: day("2000-01-01"), Amount: 1, Unit: Months},
	{ID: 2, Kind: RuleExtended, ValidFrom: day("2000-01-01"), Amount: 4, Unit: Months},
	{ID: 3, Kind: RuleForward, ValidFrom: day("2000-01-01"), Amount: 7, Unit: WorkingDays},
	{ID: 4, Kind: RuleAnswer, ValidFrom: day("2026-03-01"), Amount: 10, Unit: WorkingDays},
	{ID: 5, Kind: RuleExtended, ValidFrom: day("2026-03-01"), Amount: 1, Unit: Months},
	{ID: 6, Kind: RuleForward, ValidFrom: day("2026-03-01"), Amount: 5, Unit: WorkingDays},
}

func TestDeadlines(t *testing.T) {
	// No table entries: the calendar uses the holidays by law for every year.
	cal := calendar.New(nil, true)
	cases := []struct {
		name     string
		kind     RuleKind
		received string
		due      string
		moved    bool
	}{
		{"old rule: one month, same date", RuleAnswer, "2025-12-22", "2026-01-22", false},
		{"old rule: 31 January ends on the last day of February", RuleAnswer, "2025-01-31", "2025-02-28", false},
		{"old rule: 31 January 2026 ends 28 February, a Saturday, so Monday", RuleAnswer, "2026-01-31", "2026-03-02", true},
		{"old rule on its last day", RuleAnswer, "2026-02-27", "2026-03-27", false},
		{"old rule: four months from 31 October end 28 February 2026, a Saturday", RuleExtended, "2025-10-31", "2026-03-02", true},
		{"old rule: seven working days to forward", RuleForward, "2026-02-20", "2026-03-03", false},
		{"new rule: ten working days", RuleAnswer, "2026-03-02", "2026-03-16", false},
		{"new rule from a Saturday", RuleAnswer, "2026-03-07", "2026-03-20", false},
		{"new rule across Easter 2026", RuleAnswer, "2026-03-31", "2026-04-16", false},
		{"new rule across 1 and 4 May 2026", RuleAnswer, "2026-04-28", "2026-05-14", false},
		{"new rule across Līgo and Jāņi", RuleAnswer, "2026-06-19", "2026-07-07", false},
		{"new rule across 18 November", RuleAnswer, "2026-11-13", "2026-11-30", false},
		{"new rule across Christmas and New Year", RuleAnswer, "2026-12-18", "2027-01-07", false},
		{"new rule: one month extended, month end", RuleExtended, "2026-03-31", "2026-04-30", false},
		{"new rule: five working days to forward across 1 and 4 May", RuleForward, "2026-04-30", "2026-05-11", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			received := day(c.received)
			r, ok := RuleFor(seededRules, c.kind, received)
			if !ok {
				t.Fatal("no rule")
			}
			d, err := ComputeDeadline(cal, r, received)
			if err != nil {
				t.Fatal(err)
			}
			if got := d.Due.Format("2006-01-02"); got != c.due {
				t.Errorf("due %s, want %s (rule %d)", got, c.due, r.ID)
			}
			if d.Moved != c.moved {
				t.Errorf("moved = %v, want %v", d.Moved, c.moved)
			}
			if !d.Start.Equal(received.AddDate(0, 0, 1)) {
				t.Errorf("the term starts %s, want the day after receipt", d.Start)
			}
		})
	}
}

func TestDeadlineExplainsSkippedDays(t *testing.T) {
	cal := calendar.New(nil, true)
	r, _ := RuleFor(seededRules, RuleAnswer, day("2026-03-31"))
	d, err := ComputeDeadline(cal, r, day("2026-03-31"))
	if err != nil {
		t.Fatal(err)
	}
	var goodFriday, easterMonday bool
	for _, s := range d.Skipped {
		goodFriday = goodFriday || s.Date.Equal(day("2026-04-03")) && s.Kind == calendar.Holiday && s.NameLV != ""
		easterMonday = easterMonday || s.Date.Equal(day("2026-04-06")) && s.Kind == calendar.Holiday
	}
	if !goodFriday || !easterMonday {
		t.Errorf("skipped days %+v lack Good Friday or Easter Monday", d.Skipped)
	}
	if len(d.Skipped) != 6 { // 3–6 April and the weekend of 11–12 April
		t.Errorf("%d days skipped, want 6", len(d.Skipped))
	}
}

func TestReceiptLateInTheEveningCountsInRiga(t *testing.T) {
	cal := calendar.New(nil, true)
	r, _ := RuleFor(seededRules, RuleAnswer, day("2026-03-02"))
	// 23:30 in Riga is 21:30 UTC on the same day; 00:30 in Riga on the 3rd is still the 2nd in UTC.
	evening := time.Date(2026, 3, 2, 23, 30, 0, 0, i18n.Riga)
	d, _ := ComputeDeadline(cal, r, evening)
	if got := d.Due.Format("2006-01-02"); got != "2026-03-16" {
		t.Errorf("received 23:30 on 2 March: due %s", got)
	}
	night := time.Date(2026, 3, 3, 0, 30, 0, 0, i18n.Riga)
	d, _ = ComputeDeadline(cal, r, night)
	if got := d.Due.Format("2006-01-02"); got != "2026-03-17" {
		t.Errorf("received 00:30 on 3 March: due %s", got)
	}
}

func TestRuleInForceOnTheDayOfReceipt(t *testing.T) {
	for received, want := range map[string]int64{"2026-02-28": 1, "2026-03-01": 4, "2027-01-05": 4, "2019-05-05": 1} {
		r, ok := RuleFor(seededRules, RuleAnswer, day(received))
		if !ok || r.ID != want {
			t.Errorf("received %s: rule %d, want %d", received, r.ID, want)
		}
	}
	if _, ok := RuleFor(seededRules, RuleAnswer, day("1999-12-31")); ok {
		t.Error("a rule was found before any was in force")
	}
}

func TestAddMonths(t *testing.T) {
	for in, want := range map[string]string{
		"2024-01-31": "2024-02-29", "2025-01-31": "2025-02-28", "2026-03-31": "2026-04-30",
		"2026-01-15": "2026-02-15", "2026-12-31": "2027-01-31",
	} {
		if got := AddMonths(day(in), 1).Format("2006-01-02"); got != want {
			t.Errorf("%s + 1 month = %s, want %s", in, got, want)
		}
	}
}

func TestUrgency(t *testing.T) {
	cal := calendar.New(nil, true)
	today := day("2026-11-27") // a Friday
	cases := map[string]Urgency{"2026-11-26": UrgencyOverdue, "2026-11-27": UrgencySoon, "2026-12-02": UrgencySoon, "2026-12-03": UrgencyNone}
	for due, want := range cases {
		if got := UrgencyOf(DaysLeft(cal, today, day(due))); got != want {
			t.Errorf("due %s: %q, want %q", due, got, want)
		}
	}
}

// A due date that has passed is overdue even when no working day came
// after it: on a Saturday, Friday's due date is not "due today".
func TestDaysLeftOverTheWeekend(t *testing.T) {
	cal := calendar.New(nil, true)
	for _, tc := range []struct {
		today, due string
		want       int
	}{
		{"2026-12-05", "2026-12-04", -1}, // Saturday, due Friday
		{"2026-12-06", "2026-12-04", -1}, // Sunday, due Friday
		{"2026-12-07", "2026-12-04", -1}, // Monday, due Friday
		{"2026-12-08", "2026-12-04", -2},
		{"2026-12-05", "2026-12-05", 0}, // due on the Saturday itself
		{"2026-12-05", "2026-12-07", 1},
		{"2026-12-04", "2026-12-04", 0},
	} {
		if got := DaysLeft(cal, day(tc.today), day(tc.due)); got != tc.want {
			t.Errorf("today %s, due %s: %d working days left, want %d", tc.today, tc.due, got, tc.want)
		}
	}
}

func TestTransitions(t *testing.T) {
	user := func(roles ...auth.Role) *auth.User { return &auth.User{ID: 9, Roles: roles} }
	staff, head, clerk, chair, director := user(auth.RoleStaff), user(auth.RoleHead), user(auth.RoleClerk), user(auth.RoleManagement), user(auth.RoleDirector)
	cases := []struct {
		act   Action
		from  State
		actor Actor
		to    State
		ok    bool
	}{
		{ActSend, Registered, Actor{User: clerk}, AwaitingResolution, true},
		{ActSend, Registered, Actor{User: director}, "", false},
		{ActSend, InProgress, Actor{User: staff}, "", false},
		{ActResolve, AwaitingResolution, Actor{User: chair, IsAddressee: true}, InProgress, true},
		{ActResolve, AwaitingResolution, Actor{User: chair}, "", false}, // not the addressee
		{ActResolve, AwaitingResolution, Actor{User: staff}, "", false},
		{ActResolve, AwaitingResolution, Actor{User: head}, InProgress, true},
		{ActResolve, Registered, Actor{User: chair, IsAddressee: true}, "", false},
		{ActAnswer, InProgress, Actor{User: staff}, Answered, true},
		{ActAnswer, InProgress, Actor{User: clerk, IsExecutor: true}, Answered, true},
		{ActAnswer, InProgress, Actor{User: clerk}, "", false},
		{ActAnswer, AwaitingResolution, Actor{User: staff}, "", false},
		{ActClose, Answered, Actor{User: staff}, Closed, true},
		{ActClose, InProgress, Actor{User: staff}, "", false},
		{ActForward, Registered, Actor{User: staff}, Forwarded, true},
		{ActForward, Answered, Actor{User: staff}, "", false},
		{ActUnexamined, AwaitingResolution, Actor{User: head}, Unexamined, true},
		{ActJoin, InProgress, Actor{User: staff}, Joined, true},
		{ActJoin, Closed, Actor{User: staff}, "", false},
		{ActExtend, InProgress, Actor{User: staff}, InProgress, true},
		{ActExtend, Registered, Actor{User: staff}, "", false},
		{ActReassign, InProgress, Actor{User: head}, InProgress, true},
		{ActReassign, InProgress, Actor{User: staff}, "", false},
		{ActSend, Registered, Actor{}, "", false},
	}
	for _, c := range cases {
		to, ok := Allowed(c.act, c.from, c.actor)
		if ok != c.ok || ok && to != c.to {
			t.Errorf("%s from %s by %v: %q %v, want %q %v", c.act, c.from, c.actor.User, to, ok, c.to, c.ok)
		}
	}
	if got := Actions(Closed, Actor{User: head}); len(got) != 0 {
		t.Errorf("a closed submission offers %v", got)
	}
}
