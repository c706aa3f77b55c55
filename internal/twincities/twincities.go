// Package twincities keeps Daugavpils' twin cities (regulation clause 3.8):
// the cooperation agreements, what was done with each city (the cooperation
// log), the partner cities' days the greetings are planned for, the
// overview of activity and the list the municipality publishes.
//
// The partner municipality and the coordinators on both sides are contacts
// of the directory (internal/contacts); the area keeps only their ids.
package twincities

import (
	"slices"
	"strings"
	"time"
)

// Status is where an agreement stands.
type Status string

const (
	Active      Status = "active"      // in force, and cooperation goes on
	Dormant     Status = "dormant"     // in force, but nothing has been done for a while
	Ended       Status = "ended"       // ended or terminated
	Preparation Status = "preparation" // being prepared; not signed yet
)

// Statuses in the order forms and filters show them.
var Statuses = []Status{Active, Dormant, Preparation, Ended}

// Tone is the badge colour of a status.
func (s Status) Tone() string {
	switch s {
	case Active:
		return "ok"
	case Dormant:
		return "warn"
	case Ended:
		return "neutral"
	default:
		return "neutral"
	}
}

// Field is a field of cooperation (sadarbības joma).
type Field string

const (
	Culture   Field = "culture"
	Education Field = "education"
	Sport     Field = "sport"
	Business  Field = "business"
	Tourism   Field = "tourism"
	Youth     Field = "youth"
	Social    Field = "social"
	Other     Field = "other"
)

// Fields in the order forms, filters and the overview show them.
var Fields = []Field{Culture, Education, Sport, Business, Tourism, Youth, Social, Other}

// Kind is what one line of the cooperation log records.
type Kind string

const (
	Event    Kind = "event"
	Visit    Kind = "visit"
	Project  Kind = "project"
	Letter   Kind = "letter"
	Greeting Kind = "greeting"
)

// Kinds in the order forms show them.
var Kinds = []Kind{Event, Visit, Project, Letter, Greeting}

// Languages an agreement may be written in (ISO 639-1), as the form offers
// them; the database allows the same.
var Languages = []string{"lv", "ru", "en", "de", "pl", "lt", "et", "be", "uk", "fr", "sv", "fi", "it", "es", "zh", "ka", "hy", "cs", "sk", "no"}

// Countries the form offers for a partner city (ISO 3166-1 alpha-2), each
// named in the catalogue (twincities.country.XX).
var Countries = []string{"AM", "AZ", "BY", "CN", "CZ", "DE", "EE", "ES", "FI", "FR", "GE", "IL", "IT", "KZ",
	"LT", "MD", "NO", "PL", "RU", "SE", "SK", "UA", "US"}

// Agreement is one twin-city cooperation agreement.
type Agreement struct {
	ID           int64
	City         string
	CityOriginal string // in its own language or script, where it differs
	Country      string
	// The partner municipality and the coordinators: contacts of the
	// directory, or nil.
	PartnerOrgID         *int64
	OurCoordinatorID     *int64
	PartnerCoordinatorID *int64
	SignedOn             *time.Time
	ScanFileID           *int64
	Languages            []string
	Fields               []Field
	Status               Status
	ReviewOn             *time.Time
	ReviewRemindedFor    *time.Time
	Notes                string
	Version              int
	CreatedAt, UpdatedAt time.Time
	// LastActivity is the date of the newest line of its log that
	// happened (not a visit still planned or cancelled), if any.
	LastActivity *time.Time
	// IdempotencyKey is the key of the form that created it.
	IdempotencyKey string
}

// Name is the city as lists show it: "Vitebska (Віцебск)".
func (a Agreement) Name() string {
	if a.CityOriginal == "" || strings.EqualFold(a.CityOriginal, a.City) {
		return a.City
	}
	return a.City + " (" + a.CityOriginal + ")"
}

// Check is the agreement's rules, as errors beside the fields (field,
// catalogue key); the database holds the same.
func (a Agreement) Check() [][2]string {
	var out [][2]string
	if a.Status != Preparation && a.Status != "" && a.SignedOn == nil {
		out = append(out, [2]string{"signed_on", "twincities.err_signed_required"})
	}
	if a.ReviewOn != nil && a.SignedOn != nil && a.ReviewOn.Before(*a.SignedOn) {
		out = append(out, [2]string{"review_on", "twincities.err_review_before_signed"})
	}
	if a.OurCoordinatorID != nil && a.PartnerCoordinatorID != nil && *a.OurCoordinatorID == *a.PartnerCoordinatorID {
		out = append(out, [2]string{"partner_coordinator_id", "twincities.err_same_coordinator"})
	}
	return out
}

// ReviewNotice is how long before the review date the coordinator is reminded.
const ReviewNotice = 30 * 24 * time.Hour

// ReviewDue tells whether the agreement's coordinator is to be reminded of
// its review on the date today: the agreement is not ended, its review date
// is at most ReviewNotice away (or already past), and no reminder went out
// for this review date.
func (a Agreement) ReviewDue(today time.Time) bool {
	if a.Status == Ended || a.ReviewOn == nil {
		return false
	}
	if a.ReviewRemindedFor != nil && a.ReviewRemindedFor.Equal(*a.ReviewOn) {
		return false
	}
	return !a.ReviewOn.After(today.Add(ReviewNotice))
}

// Quiet tells whether the agreement, in force, has had no activity in the
// twelve months before today.
func (a Agreement) Quiet(today time.Time) bool {
	if a.Status != Active && a.Status != Dormant {
		return false
	}
	return a.LastActivity == nil || a.LastActivity.Before(today.AddDate(-1, 0, 0))
}

// LogEntry is one line of the cooperation log.
type LogEntry struct {
	ID           int64
	AgreementID  int64
	City         string // the agreement's city, on lists across cities
	Kind         Kind
	HappenedOn   time.Time
	Field        Field
	Participants string
	Result       string
	LinkURL      string
	DayID        *int64
	// State is Happened, but for a visit the delegations told of before
	// it was done: planned, or cancelled.
	State     LogState
	Version   int
	CreatedAt time.Time
}

// LogState is where a line of the log stands. A line is something that
// happened, except a visit to or from the city that the delegations log
// from the day it is confirmed: planned until it is done, or cancelled.
// Only what happened is counted.
type LogState string

// The states of a line of the log.
const (
	Happened       LogState = "happened"
	PlannedVisit   LogState = "planned"
	CancelledVisit LogState = "cancelled"
)

// ValidLink tells whether s may be a log line's link: empty, or an http or
// https address with a host and no spaces.
func ValidLink(s string) bool {
	if s == "" {
		return true
	}
	rest, ok := strings.CutPrefix(s, "https://")
	if !ok {
		rest, ok = strings.CutPrefix(s, "http://")
	}
	return ok && rest != "" && !strings.ContainsAny(s, " \t\r\n") && !strings.HasPrefix(rest, "/") && len(s) <= 500
}

// Day is a partner city's day that comes every year.
type Day struct {
	ID          int64
	AgreementID int64
	Month, Day  int
	Occasion    string
	Version     int
}

// In is the day's date in year: 29 February falls on 28 February in a
// year that has none.
func (d Day) In(year int) time.Time {
	day := d.Day
	if d.Month == 2 && day == 29 && !leap(year) {
		day = 28
	}
	return time.Date(year, time.Month(d.Month), day, 0, 0, 0, 0, time.UTC)
}

func leap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

// ValidDay tells whether month and day name a day some year has.
func ValidDay(month, day int) bool {
	if month < 1 || month > 12 || day < 1 {
		return false
	}
	return day <= time.Date(2024, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day() // 2024 is a leap year
}

// GreetingLead is how long before a partner city's day its greeting is
// prepared: the plan shows a day as due from then.
const GreetingLead = 14 * 24 * time.Hour

// PlannedGreeting is one line of a year's greetings plan.
type PlannedGreeting struct {
	Day         Day
	Date        time.Time
	AgreementID int64
	City        string
	// Sent is the log's greeting for this day in this year, if there is one.
	Sent *LogEntry
}

// GreetingState is where a planned greeting stands on the date today.
type GreetingState string

const (
	GreetingSent     GreetingState = "sent"
	GreetingDue      GreetingState = "due"      // within GreetingLead, not sent
	GreetingMissed   GreetingState = "missed"   // the day has passed, not sent
	GreetingUpcoming GreetingState = "upcoming" // later
)

// State of the planned greeting on the date today.
func (p PlannedGreeting) State(today time.Time) GreetingState {
	switch {
	case p.Sent != nil:
		return GreetingSent
	case p.Date.Before(today):
		return GreetingMissed
	case !p.Date.After(today.Add(GreetingLead)):
		return GreetingDue
	default:
		return GreetingUpcoming
	}
}

// PlanGreetings is the greetings plan of year: every day of every agreement
// in force (cities maps agreement ids to their city; an agreement not in it
// is not planned for), in date order, each with the greeting logged for it
// that year (a greeting line naming the day, or, failing that, a greeting
// to that city within GreetingLead before or a week after the date).
func PlanGreetings(year int, days []Day, cities map[int64]string, greetings []LogEntry) []PlannedGreeting {
	var out []PlannedGreeting
	used := map[int64]bool{}
	for _, d := range days {
		city, ok := cities[d.AgreementID]
		if !ok {
			continue
		}
		out = append(out, PlannedGreeting{Day: d, Date: d.In(year), AgreementID: d.AgreementID, City: city})
	}
	slices.SortStableFunc(out, func(a, b PlannedGreeting) int {
		if c := a.Date.Compare(b.Date); c != 0 {
			return c
		}
		return strings.Compare(a.City, b.City)
	})
	// Greetings that name their day first, then those near a day.
	for i := range out {
		for j := range greetings {
			g := &greetings[j]
			if g.Kind == Greeting && g.DayID != nil && *g.DayID == out[i].Day.ID && g.HappenedOn.Year() == year && !used[g.ID] {
				out[i].Sent, used[g.ID] = g, true
				break
			}
		}
	}
	for i := range out {
		if out[i].Sent != nil {
			continue
		}
		from, to := out[i].Date.Add(-GreetingLead), out[i].Date.AddDate(0, 0, 7)
		for j := range greetings {
			g := &greetings[j]
			if g.Kind == Greeting && g.AgreementID == out[i].AgreementID && g.DayID == nil && !used[g.ID] &&
				!g.HappenedOn.Before(from) && !g.HappenedOn.After(to) {
				out[i].Sent, used[g.ID] = g, true
				break
			}
		}
	}
	return out
}
