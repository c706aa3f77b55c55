package twincities

import (
	"strings"
	"testing"
	"time"
)

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func datep(y int, m time.Month, d int) *time.Time { t := date(y, m, d); return &t }

func TestReviewDue(t *testing.T) {
	today := date(2026, 12, 4)
	tests := []struct {
		name string
		a    Agreement
		want bool
	}{
		{"no review date", Agreement{Status: Active}, false},
		{"31 days away", Agreement{Status: Active, ReviewOn: datep(2027, 1, 4)}, false},
		{"30 days away", Agreement{Status: Active, ReviewOn: datep(2027, 1, 3)}, true},
		{"passed, never reminded", Agreement{Status: Dormant, ReviewOn: datep(2026, 11, 1)}, true},
		{"reminded for this date", Agreement{Status: Active, ReviewOn: datep(2026, 12, 20), ReviewRemindedFor: datep(2026, 12, 20)}, false},
		{"reminded for an older date", Agreement{Status: Active, ReviewOn: datep(2026, 12, 20), ReviewRemindedFor: datep(2025, 12, 20)}, true},
		{"ended", Agreement{Status: Ended, ReviewOn: datep(2026, 12, 10)}, false},
		{"in preparation", Agreement{Status: Preparation, ReviewOn: datep(2026, 12, 10)}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.a.ReviewDue(today); got != tc.want {
				t.Fatalf("ReviewDue = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestQuiet(t *testing.T) {
	today := date(2026, 12, 4)
	tests := []struct {
		name string
		a    Agreement
		want bool
	}{
		{"active, never any activity", Agreement{Status: Active}, true},
		{"active, 11 months ago", Agreement{Status: Active, LastActivity: datep(2026, 1, 10)}, false},
		{"active, exactly a year ago", Agreement{Status: Active, LastActivity: datep(2025, 12, 4)}, false},
		{"dormant, 13 months ago", Agreement{Status: Dormant, LastActivity: datep(2025, 11, 1)}, true},
		{"ended", Agreement{Status: Ended}, false},
		{"in preparation", Agreement{Status: Preparation}, false},
	}
	for _, tc := range tests {
		if got := tc.a.Quiet(today); got != tc.want {
			t.Errorf("%s: Quiet = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestCheck(t *testing.T) {
	one, two := int64(1), int64(2)
	tests := []struct {
		name string
		a    Agreement
		want string
	}{
		{"active and signed", Agreement{Status: Active, SignedOn: datep(2005, 1, 1)}, ""},
		{"in preparation, unsigned", Agreement{Status: Preparation}, ""},
		{"active, unsigned", Agreement{Status: Active}, "signed_on"},
		{"review before signing", Agreement{Status: Active, SignedOn: datep(2005, 1, 1), ReviewOn: datep(2004, 1, 1)}, "review_on"},
		{"one person on both sides", Agreement{Status: Active, SignedOn: datep(2005, 1, 1), OurCoordinatorID: &one, PartnerCoordinatorID: &one}, "partner_coordinator_id"},
		{"two coordinators", Agreement{Status: Active, SignedOn: datep(2005, 1, 1), OurCoordinatorID: &one, PartnerCoordinatorID: &two}, ""},
	}
	for _, tc := range tests {
		got := ""
		if p := tc.a.Check(); len(p) > 0 {
			got = p[0][0]
		}
		if got != tc.want {
			t.Errorf("%s: refused at %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestDaysAndLinks(t *testing.T) {
	if got := (Day{Month: 2, Day: 29}).In(2027); !got.Equal(date(2027, 2, 28)) {
		t.Errorf("29.02. in 2027 = %v", got)
	}
	if got := (Day{Month: 2, Day: 29}).In(2028); !got.Equal(date(2028, 2, 29)) {
		t.Errorf("29.02. in 2028 = %v", got)
	}
	for _, tc := range []struct {
		m, d int
		ok   bool
	}{{2, 29, true}, {2, 30, false}, {4, 31, false}, {12, 31, true}, {13, 1, false}, {0, 5, false}, {6, 0, false}} {
		if ValidDay(tc.m, tc.d) != tc.ok {
			t.Errorf("ValidDay(%d, %d) = %v", tc.m, tc.d, !tc.ok)
		}
	}
	for _, tc := range []struct {
		s  string
		ok bool
	}{{"", true}, {"https://www.daugavpils.lv/foto/1", true}, {"http://example.lv", true}, {"javascript:alert(1)", false},
		{"https:///x", false}, {"ftp://x.lv", false}, {"https://a.lv/x y", false}, {"https://" + strings.Repeat("a", 500), false}} {
		if ValidLink(tc.s) != tc.ok {
			t.Errorf("ValidLink(%q) = %v", tc.s, !tc.ok)
		}
	}
	for _, tc := range []struct {
		s    string
		d, m int
		ok   bool
	}{{"25.06.", 25, 6, true}, {"1.5", 1, 5, true}, {"31.04.", 31, 4, false}, {"25/06", 0, 0, false}, {"", 0, 0, false}} {
		d, m, ok := parseDay(tc.s)
		if ok != tc.ok || (ok && (d != tc.d || m != tc.m)) {
			t.Errorf("parseDay(%q) = %d, %d, %v", tc.s, d, m, ok)
		}
	}
}

func TestPlanGreetings(t *testing.T) {
	id := func(n int64) *int64 { return &n }
	days := []Day{
		{ID: 1, AgreementID: 10, Month: 6, Day: 13, Occasion: "Pilsētas svētki"},
		{ID: 2, AgreementID: 10, Month: 2, Day: 16, Occasion: "Valsts svētki"},
		{ID: 3, AgreementID: 20, Month: 9, Day: 1, Occasion: "Pilsētas diena"},
		{ID: 4, AgreementID: 30, Month: 3, Day: 1, Occasion: "Izbeigtā līguma diena"}, // not in force
	}
	cities := map[int64]string{10: "Panevēža", 20: "Narva"}
	greetings := []LogEntry{
		{ID: 100, AgreementID: 10, Kind: Greeting, HappenedOn: date(2026, 6, 10), DayID: id(1)},
		{ID: 101, AgreementID: 20, Kind: Greeting, HappenedOn: date(2026, 8, 25)}, // near 01.09., names no day
		{ID: 102, AgreementID: 10, Kind: Letter, HappenedOn: date(2026, 2, 14)},   // a letter is no greeting
	}
	plan := PlanGreetings(2026, days, cities, greetings)
	if len(plan) != 3 {
		t.Fatalf("plan %+v", plan)
	}
	if plan[0].Day.ID != 2 || plan[1].Day.ID != 1 || plan[2].Day.ID != 3 {
		t.Fatalf("order %d %d %d", plan[0].Day.ID, plan[1].Day.ID, plan[2].Day.ID)
	}
	if plan[0].Sent != nil || plan[1].Sent == nil || plan[1].Sent.ID != 100 || plan[2].Sent == nil || plan[2].Sent.ID != 101 {
		t.Fatalf("sent: %+v", plan)
	}
	for _, tc := range []struct {
		today time.Time
		p     PlannedGreeting
		want  GreetingState
	}{
		{date(2026, 3, 1), plan[0], GreetingMissed},
		{date(2026, 2, 5), plan[0], GreetingDue},
		{date(2026, 1, 5), plan[0], GreetingUpcoming},
		{date(2026, 1, 5), plan[1], GreetingSent},
	} {
		if got := tc.p.State(tc.today); got != tc.want {
			t.Errorf("%s on %v: %s, want %s", tc.p.Day.Occasion, tc.today, got, tc.want)
		}
	}
}

func TestCalendarFeed(t *testing.T) {
	now := time.Date(2026, 12, 4, 10, 0, 0, 0, time.UTC)
	as := []Agreement{
		{ID: 1, City: "Narva", Status: Active, ReviewOn: datep(2027, 1, 15)},
		{ID: 2, City: "Pleskava", Status: Ended, ReviewOn: datep(2027, 1, 15)},
	}
	days := []Day{{ID: 7, AgreementID: 1, Month: 2, Day: 29, Occasion: "Diena; ar semikolu, komatu"}, {ID: 8, AgreementID: 2, Month: 5, Day: 1, Occasion: "x"}}
	got := Calendar(as, days, now)
	for _, want := range []string{"BEGIN:VCALENDAR\r\n", "UID:twin-review-1-20270115@", "DTSTART;VALUE=DATE:20270115",
		"UID:twin-day-7@", "RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1", `Diena\; ar semikolu\, komatu`, "END:VCALENDAR\r\n"} {
		if !strings.Contains(got, want) {
			t.Errorf("feed lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "twin-review-2") || strings.Contains(got, "twin-day-8") {
		t.Errorf("an ended agreement is in the feed:\n%s", got)
	}
}
