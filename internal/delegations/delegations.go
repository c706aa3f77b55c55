// Package delegations keeps the department's delegations and official
// visits (regulation clauses 3.6 and 5.6): incoming delegations, the
// officials' visits abroad or elsewhere in Latvia, and the municipality's
// representation at other bodies' events, each with its people, its
// programme by day and hour, logistics, checklist, budget, gifts and the
// report afterwards.
//
// Host and guest organisations and the guests are contacts of the
// directory (internal/contacts); the area keeps only their ids. Our people
// are user accounts. The officials' reception hours come from the visitors'
// area through the BusyTimes interface defined here, so that neither area
// imports the other.
package delegations

import (
	"context"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// Kind is what a delegation is.
type Kind string

const (
	Incoming       Kind = "incoming"       // state officials, diplomats or a partner city come to Daugavpils
	VisitAbroad    Kind = "visit_abroad"   // our officials visit another country
	VisitLatvia    Kind = "visit_latvia"   // our officials visit elsewhere in Latvia
	Representation Kind = "representation" // the municipality at another body's event (5.6)
)

// Kinds in the order forms and filters show them.
var Kinds = []Kind{Incoming, VisitAbroad, VisitLatvia, Representation}

// Level is the highest rank of the guests or hosts.
type Level string

const (
	HeadOfState Level = "head_of_state" // head of state or government
	Minister    Level = "minister"
	Ambassador  Level = "ambassador"
	Mayor       Level = "mayor"
	OtherLevel  Level = "other"
)

// Levels in the order forms and filters show them.
var Levels = []Level{HeadOfState, Minister, Ambassador, Mayor, OtherLevel}

// Status is where a delegation stands.
type Status string

const (
	Idea      Status = "idea"
	Preparing Status = "preparing"
	Confirmed Status = "confirmed"
	UnderWay  Status = "under_way"
	Done      Status = "done"
	Cancelled Status = "cancelled"
)

// Statuses in the order of their path.
var Statuses = []Status{Idea, Preparing, Confirmed, UnderWay, Done, Cancelled}

// moves are the status machine: idea → being prepared → confirmed → under
// way → done, or cancelled before it is done; a step back is allowed while
// the visit has not started.
var moves = map[Status][]Status{
	Idea:      {Preparing, Cancelled},
	Preparing: {Idea, Confirmed, Cancelled},
	Confirmed: {Preparing, UnderWay, Cancelled},
	UnderWay:  {Done, Cancelled},
	Done:      {},
	Cancelled: {Idea},
}

// CanMove tells whether a delegation may go from status from to to;
// staying is always allowed.
func CanMove(from, to Status) bool {
	return from == to || slices.Contains(moves[from], to)
}

// Choices are the statuses a form offers for a delegation now in s: s and
// those it may move to, in path order. A new delegation starts as an idea,
// being prepared or confirmed.
func Choices(s Status) []Status {
	if s == "" {
		return []Status{Idea, Preparing, Confirmed}
	}
	var out []Status
	for _, x := range Statuses {
		if CanMove(s, x) {
			out = append(out, x)
		}
	}
	return out
}

// Tone is the badge colour of a status.
func (s Status) Tone() string {
	switch s {
	case Confirmed, UnderWay:
		return "ok"
	case Preparing:
		return "warn"
	case Cancelled:
		return "bad"
	default:
		return "neutral"
	}
}

// Countries the form offers (ISO 3166-1 alpha-2), each named in the
// catalogue (delegations.country.XX). LV is a visit elsewhere in Latvia.
var Countries = []string{"LV", "LT", "EE", "PL", "DE", "FI", "SE", "NO", "DK", "BY", "UA", "MD", "GE", "AM",
	"CZ", "SK", "FR", "IT", "ES", "NL", "BE", "AT", "GB", "IE", "US", "CN", "IL", "KZ", "RU"}

// Languages a visit may be held in (ISO 639-1); the database allows the same.
var Languages = []string{"lv", "en", "ru", "de", "pl", "lt", "et", "uk", "fr", "sv", "fi", "it", "es", "zh", "be"}

// Delegation is one delegation, visit or representation.
type Delegation struct {
	ID            int64
	Kind          Kind
	Title         string
	Purpose       string
	Country       string
	City          string
	OrgID         *int64 // the host or guest organisation in the directory
	Level         Level
	StartsOn      time.Time
	EndsOn        time.Time
	Languages     []string
	Status        Status
	ResponsibleID *int64
	// Responsible is the responsible staff member's name, as read.
	Responsible    string
	ChecklistDone  int
	ChecklistOpen  int
	PersonalGone   *time.Time
	Version        int
	CreatedAt      time.Time
	UpdatedAt      time.Time
	IdempotencyKey string
}

// MaxDays is the longest a delegation may last.
const MaxDays = 366

// Check is the delegation's rules, as errors beside the fields (field,
// catalogue key); the database holds the same.
func (d Delegation) Check() [][2]string {
	var out [][2]string
	if !d.StartsOn.IsZero() && !d.EndsOn.IsZero() {
		if d.EndsOn.Before(d.StartsOn) {
			out = append(out, [2]string{"ends_on", "delegations.err_ends_before"})
		} else if d.EndsOn.Sub(d.StartsOn) > MaxDays*24*time.Hour {
			out = append(out, [2]string{"ends_on", "delegations.err_too_long"})
		}
	}
	if d.Kind == VisitLatvia && d.Country != "" && d.Country != "LV" {
		out = append(out, [2]string{"country", "delegations.err_latvia"})
	}
	return out
}

// Checklist is the ticked and open items as the list shows them.
func (d Delegation) ChecklistTotal() int { return d.ChecklistDone + d.ChecklistOpen }

// Busy is a time one of our people is taken elsewhere: an official's
// reception hours.
type Busy struct {
	UserID     int64
	Start, End time.Time
	What       string // where, as the source says it ("Rātsnams, 210. kab.")
}

// BusyTimes is what the delegations need of the officials' reception
// hours: the times each of userIDs receives residents within [from, to).
// The visitors' area implements it; the app wires it in.
type BusyTimes interface {
	BusyTimes(ctx context.Context, userIDs []int64, from, to time.Time) ([]Busy, error)
}

// Slot is a programme item as the clash rules see it: when it is and which
// of our people (user ids) take part.
type Slot struct {
	ItemID     int64
	Start, End time.Time
	Users      []int64
}

// ClashKind says what an item clashes with.
type ClashKind string

const (
	ClashItem      ClashKind = "item"      // another programme item at an overlapping time
	ClashReception ClashKind = "reception" // the official's own reception hours
)

// Clash is one of our people placed in an item at a time they are taken.
type Clash struct {
	ItemID     int64
	UserID     int64
	Kind       ClashKind
	OtherID    int64 // the other item, for ClashItem
	Start, End time.Time
	What       string // the reception's place, for ClashReception
}

// overlaps tells whether [a1, a2) and [b1, b2) share a moment: an item
// that ends when the next begins does not clash.
func overlaps(a1, a2, b1, b2 time.Time) bool { return a1.Before(b2) && b1.Before(a2) }

// Clashes are the warnings about items: a person of ours in two items at
// overlapping times (once for each item), or in an item during their own
// reception hours. The result is ordered by item, person and time.
func Clashes(items []Slot, busy []Busy) []Clash {
	var out []Clash
	for i, a := range items {
		for j, b := range items {
			if i == j || a.ItemID == b.ItemID || !overlaps(a.Start, a.End, b.Start, b.End) {
				continue
			}
			for _, u := range a.Users {
				if slices.Contains(b.Users, u) {
					out = append(out, Clash{ItemID: a.ItemID, UserID: u, Kind: ClashItem, OtherID: b.ItemID, Start: b.Start, End: b.End})
				}
			}
		}
		for _, b := range busy {
			if slices.Contains(a.Users, b.UserID) && overlaps(a.Start, a.End, b.Start, b.End) {
				out = append(out, Clash{ItemID: a.ItemID, UserID: b.UserID, Kind: ClashReception, Start: b.Start, End: b.End, What: b.What})
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		x, y := out[i], out[j]
		if x.ItemID != y.ItemID {
			return x.ItemID < y.ItemID
		}
		if x.UserID != y.UserID {
			return x.UserID < y.UserID
		}
		return x.Start.Before(y.Start)
	})
	return out
}

// Side is which side of a visit a person is on.
type Side string

const (
	Ours  Side = "ours"  // the municipality's officials and staff (user accounts)
	Guest Side = "guest" // the guests or hosts (contacts of the directory)
)

// Participant is one person of a delegation.
type Participant struct {
	ID           int64
	DelegationID int64
	Side         Side
	UserID       *int64
	ContactID    *int64
	Name         string // the account's or the contact's name, as read
	// The protocol's details: personal data, kept only for the visit.
	Position    string
	AddressForm string
	Dietary     string
	AccessNeeds string
	Version     int
}

// HasPersonalData tells whether the person's protocol details hold
// anything: opening them is audited, and retention empties them.
func (p Participant) HasPersonalData() bool {
	return p.Side == Guest || p.Position != "" || p.AddressForm != "" || p.Dietary != "" || p.AccessNeeds != ""
}

// Item is one point of a delegation's programme.
type Item struct {
	ID            int64
	DelegationID  int64
	StartsAt      time.Time
	EndsAt        time.Time
	Place         string
	Activity      string
	ActivityEn    string // the activity in English, for the English programme; the Latvian where empty
	ResponsibleID *int64
	Responsible   string // the responsible person's name, as read
	Transport     string // how the people get there from the point before
	PersonIDs     []int64
	// Users are the accounts of ours among PersonIDs, for the clash rules.
	Users   []int64
	Version int
}

// MaxItemLength is the longest a programme item may last.
const MaxItemLength = 24 * time.Hour

// Check is the item's rules, as errors beside the fields.
func (it Item) Check() [][2]string {
	var out [][2]string
	if !it.StartsAt.IsZero() && !it.EndsAt.IsZero() {
		if !it.EndsAt.After(it.StartsAt) {
			out = append(out, [2]string{"end", "delegations.programme.err_end_before"})
		} else if it.EndsAt.Sub(it.StartsAt) > MaxItemLength {
			out = append(out, [2]string{"end", "delegations.programme.err_too_long"})
		}
	}
	return out
}

// ActivityIn is the item's activity in language lang ("lv" or "en").
func (it Item) ActivityIn(lang string) string {
	if lang == "en" && it.ActivityEn != "" {
		return it.ActivityEn
	}
	return it.Activity
}

// CheckItem is one point of a delegation's preparation checklist.
type CheckItem struct {
	ID       int64
	Position int
	Text     string
	DoneAt   *time.Time
	DoneBy   string
}

// TemplateItem is one point of a kind's checklist template.
type TemplateItem struct {
	ID       int64
	Kind     Kind
	Position int
	Text     string
}

// LogisticsKind is what a logistics line arranges.
type LogisticsKind string

const (
	Accommodation LogisticsKind = "accommodation" // hotel, nights, rooms, confirmation number
	Transport     LogisticsKind = "transport"     // cars, drivers, flights or trains with times
	Meals         LogisticsKind = "meals"         // meals and receptions
	Interpreter   LogisticsKind = "interpreter"
	Photographer  LogisticsKind = "photographer"
	Protocol      LogisticsKind = "protocol" // flags and protocol seating
)

// LogisticsKinds in the order the page shows them.
var LogisticsKinds = []LogisticsKind{Accommodation, Transport, Meals, Interpreter, Photographer, Protocol}

// Logistics is one line of a delegation's logistics.
type Logistics struct {
	ID           int64
	DelegationID int64
	Kind         LogisticsKind
	Description  string
	StartsAt     *time.Time
	EndsAt       *time.Time
	Quantity     *int // nights, rooms, cars, seats
	Reference    string
	Confirmed    bool
	Version      int
}

// Category is what a budget line pays for.
type Category string

// Categories of the budget, in the order the page shows them.
var Categories = []Category{"accommodation", "transport", "meals", "gifts", "interpretation", "other"}

// BudgetLine is one planned cost of a delegation with its actual amount.
type BudgetLine struct {
	ID           int64
	DelegationID int64
	Category     Category
	Description  string
	Planned      Money
	Actual       *Money
	Version      int
}

// Sums are a budget's planned and actual totals.
type Sums struct {
	Planned, Actual Money
}

// Total sums lines by category and in all.
func Total(lines []BudgetLine) (map[Category]Sums, Sums) {
	by := map[Category]Sums{}
	var all Sums
	for _, l := range lines {
		s := by[l.Category]
		s.Planned += l.Planned
		all.Planned += l.Planned
		if l.Actual != nil {
			s.Actual += *l.Actual
			all.Actual += *l.Actual
		}
		by[l.Category] = s
	}
	return by, all
}

// Direction is whether a gift was given or received.
type Direction string

const (
	Given    Direction = "given"
	Received Direction = "received"
)

// Directions in the order forms show them.
var Directions = []Direction{Received, Given}

// Gift is one protocol gift given or received.
type Gift struct {
	ID           int64
	DelegationID int64
	Delegation   string // its title, on the register
	Direction    Direction
	Item         string
	Value        *Money
	Giver        string
	Receiver     string
	GivenOn      time.Time
	PhotoFileID  *int64
	// Handover: a received gift above the head's threshold is handed over
	// to the municipality's property; when, and where it is kept.
	Handover     bool
	HandedOverOn *time.Time
	KeptAt       string
	Version      int
}

// NeedsHandover tells whether a gift goes to the municipality's property:
// a received gift whose value is above threshold.
func NeedsHandover(dir Direction, value *Money, threshold Money) bool {
	return dir == Received && value != nil && *value > threshold
}

// Settings are the head's settings of the area.
type Settings struct {
	// GiftThreshold is the value above which a received gift is handed over.
	GiftThreshold Money
	// RetentionDays is how long after a visit ends its people's personal
	// data is kept.
	RetentionDays int
	Version       int
}

// VisitReport is what a delegation's report says after the visit.
type VisitReport struct {
	DelegationID int64
	Agreed       string
	PressURL     string
	AlbumURL     string
	SubmittedAt  *time.Time
	Version      int // 0: not written yet
}

// FollowUp is an action agreed during a visit, with its owner and due date.
type FollowUp struct {
	ID           int64
	DelegationID int64
	Text         string
	OwnerID      *int64
	Owner        string
	DueOn        time.Time
	DoneOn       *time.Time
	Version      int
}

// Overdue tells whether the action is not done and its due date is before today.
func (f FollowUp) Overdue(today time.Time) bool { return f.DoneOn == nil && f.DueOn.Before(today) }

// ValidLink tells whether s may be a report's link: empty, or an http or
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

// TwinVisit is a visit, as a twin city's cooperation log takes it.
type TwinVisit struct {
	DelegationID int64
	OrgID        *int64
	Country      string
	City         string
	On           time.Time
	Title        string
	Link         string
	// State is the visit's in the log, and Add whether a line is added
	// when the log has none (TwinStateOf).
	State TwinState
	Add   bool
}

// TwinState is where a visit stands in a twin city's cooperation log.
type TwinState string

// The states of a visit in a twin city's log.
const (
	TwinPlanned   TwinState = "planned"
	TwinHappened  TwinState = "happened"
	TwinCancelled TwinState = "cancelled"
)

// TwinStateOf is where a delegation of status st stands in a twin city's
// log, and whether a line is added for it: a visit confirmed or under way
// is there as planned, one done as happened; one cancelled, or stepped
// back to being prepared, only changes the line it already has (a visit
// cancelled before it was confirmed is not in the log).
func TwinStateOf(st Status) (TwinState, bool) {
	switch st {
	case Done:
		return TwinHappened, true
	case Confirmed, UnderWay:
		return TwinPlanned, true
	case Cancelled:
		return TwinCancelled, false
	default:
		return TwinPlanned, false
	}
}

// TwinLog is what the delegations need of the twin cities: a visit to or
// from a twin city is in that city's cooperation log from the day it is
// confirmed, one line that follows the visit to done or cancelled, kept in
// the transaction that saves the delegation. The app wires the twin
// cities' area in, so that neither area imports the other.
type TwinLog interface {
	RecordVisit(ctx context.Context, tx pgx.Tx, v TwinVisit) error
}
