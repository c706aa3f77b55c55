// Package awards coordinates the granting of municipal awards (regulation
// clause 3.7): the award types with their statute, the yearly rounds, the
// nominations (entered by staff or sent through a round's public link),
// the commission's declarations of conflict and scores, the minutes, the
// decision with its laureates, the laureates' register and the diplomas.
//
// Nominees, nominators and commission members who are not users are
// contacts of the directory (internal/contacts); the area keeps their ids.
package awards

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/daugavpils/prdesk/internal/contacts"
)

// Status is where a round stands.
type Status string

const (
	Prepared Status = "prepared" // being prepared; the call is not out
	Open     Status = "open"     // nominations are taken
	Closed   Status = "closed"   // nominations closed; the commission scores
	Judged   Status = "judged"   // scoring closed; the ranking and the proposal stand
	Decided  Status = "decided"  // the decision is taken; the laureates are known
	Awarded  Status = "awarded"  // the awards were handed over
)

// Statuses in their order.
var Statuses = []Status{Prepared, Open, Closed, Judged, Decided, Awarded}

// Next is the status after s, or "" for the last.
func (s Status) Next() Status {
	i := slices.Index(Statuses, s)
	if i < 0 || i+1 >= len(Statuses) {
		return ""
	}
	return Statuses[i+1]
}

// AtLeast tells whether s is o or later.
func (s Status) AtLeast(o Status) bool { return slices.Index(Statuses, s) >= slices.Index(Statuses, o) }

// Tone is the badge colour of a status.
func (s Status) Tone() string {
	switch s {
	case Open:
		return "ok"
	case Closed, Judged:
		return "warn"
	default:
		return "neutral"
	}
}

// NomineeKind is who is nominated.
type NomineeKind string

const (
	Person       NomineeKind = "person"
	Organisation NomineeKind = "organisation"
)

// NomineeKinds in the order forms show them.
var NomineeKinds = []NomineeKind{Person, Organisation}

// NominatorKind is who nominates.
type NominatorKind string

const (
	ByPerson       NominatorKind = "person"
	ByOrganisation NominatorKind = "organisation"
	ByUnit         NominatorKind = "unit" // a unit or institution of the municipality
)

// NominatorKinds in the order forms show them.
var NominatorKinds = []NominatorKind{ByPerson, ByOrganisation, ByUnit}

// Criterion is one criterion of a statute with its weight (1–100).
type Criterion struct {
	ID     int64
	Name   string
	Weight int
}

// Type is an award type with its statute.
type Type struct {
	ID               int64
	Name             string
	Description      string
	Nominators       string   // who may nominate
	Documents        []string // the documents a nomination needs
	MaxPerYear       int
	RepeatAllowed    bool
	RepeatAfterYears *int // after how many years it may be given again; nil: any year
	DecisionBody     string
	Criteria         []Criterion
	Version          int
	IdempotencyKey   string
}

// Round is an award type's round of one year.
type Round struct {
	ID             int64
	TypeID         int64
	TypeName       string
	Year           int
	CallText       string
	OpensOn        time.Time
	ClosesOn       time.Time
	MeetingOn      *time.Time
	DecisionOn     *time.Time
	CeremonyOn     *time.Time
	Status         Status
	Token          string
	DecisionBody   string
	DecisionNumber string
	DecisionDate   *time.Time
	Proposal       string
	CeremonyPlace  string
	Version        int
	IdempotencyKey string
	// Nominations and Laureates are the round's counts.
	Nominations, Laureates int
}

// Name is the round as lists show it: "Goda pilsonis 2026".
func (r Round) Name() string { return r.TypeName + " " + itoa(r.Year) }

// Accepting tells whether the public form takes nominations on the date
// today: the round is open and today is within its dates.
func (r Round) Accepting(today time.Time) bool {
	return r.Status == Open && !today.Before(r.OpensOn) && !today.After(r.ClosesOn)
}

// Scoring tells whether the commission scores now: the round is closed for
// nominations and not yet judged.
func (r Round) Scoring() bool { return r.Status == Closed }

// ScoresOpen tells whether members may see each other's scores: scoring
// is closed.
func (r Round) ScoresOpen() bool { return r.Status.AtLeast(Judged) }

// ShowsLaureates tells whether the round's laureates may be shown: only a
// decided round has them.
func (r Round) ShowsLaureates() bool { return r.Status.AtLeast(Decided) }

// Check is the round's rules as errors beside the fields (field, catalogue
// key); the database holds the same.
func (r Round) Check() [][2]string {
	var out [][2]string
	if !r.OpensOn.IsZero() && !r.ClosesOn.IsZero() && r.ClosesOn.Before(r.OpensOn) {
		out = append(out, [2]string{"closes_on", "awards.err_closes_before_opens"})
	}
	if r.MeetingOn != nil && !r.ClosesOn.IsZero() && r.MeetingOn.Before(r.ClosesOn) {
		out = append(out, [2]string{"meeting_on", "awards.err_meeting_before_close"})
	}
	if r.DecisionOn != nil && !r.ClosesOn.IsZero() && r.DecisionOn.Before(r.ClosesOn) {
		out = append(out, [2]string{"decision_on", "awards.err_decision_before_close"})
	}
	if r.CeremonyOn != nil && r.DecisionOn != nil && r.CeremonyOn.Before(*r.DecisionOn) {
		out = append(out, [2]string{"ceremony_on", "awards.err_ceremony_before_decision"})
	}
	return out
}

// Nomination is one nomination of a round.
type Nomination struct {
	ID                  int64
	RoundID             int64
	RoundYear           int
	TypeID              int64
	TypeName            string
	RoundStatus         Status
	NomineeKind         NomineeKind
	NomineeContactID    *int64
	NomineeName         string // the directory's name, or as typed on the public form
	NomineeBirthDate    *time.Time
	NomineePersonalCode string
	NominatorKind       NominatorKind
	NominatorContactID  *int64
	NominatorName       string
	NominatorEmail      string
	Justification       string
	Citation            string
	Documents           []string
	ConsentNominated    bool
	ConsentPublish      bool
	ConsentOn           *time.Time
	Source              string
	Laureate            bool
	Removed             bool // personal data removed after the retention period
	Version             int
	CreatedAt           time.Time
	IdempotencyKey      string
}

// NameKey is a name as the search and the eligibility compare it: lower
// case, without diacritics, words joined by one space.
func NameKey(name string) string { return strings.Join(contacts.Fold(name), " ") }

// MaxNameWords is how many words of a name search count; more are left out.
const MaxNameWords = 6

// NameQuery is a name search as the database's text search takes it: each
// word typed, folded as NameKey folds names, must start a word of the
// nominee's name, in any order ("ann pet" finds "Anna Pētersone", "pet"
// finds her and "Pēteris Kalniņš", not "Kapetanovs"). "" when nothing but
// punctuation was typed. Folded words hold letters and digits only, none
// of the text search's operators.
func NameQuery(q string) string {
	words := contacts.Fold(q)
	if len(words) > MaxNameWords {
		words = words[:MaxNameWords]
	}
	for i, w := range words {
		words[i] = w + ":*"
	}
	return strings.Join(words, " & ")
}

// Past is an earlier nomination the eligibility is checked against: its
// nominee's name and identifiers, its award type and year, and whether it
// made a laureate.
type Past struct {
	NominationID int64
	RoundID      int64
	TypeID       int64
	Year         int
	NameKey      string
	BirthDate    *time.Time
	PersonalCode string
	Laureate     bool
}

// Problem is one finding of the eligibility check: a catalogue key
// (awards.elig.*) and the nomination it concerns (0: none).
type Problem struct {
	Key          string
	NominationID int64
	Year         int
}

// SamePerson tells whether two nominees are the same: the same folded
// name and, for a person, the same birth date or personal code when both
// give one (a personal code decides over a birth date; a name alone is the
// same person when neither gives anything to tell them apart).
func SamePerson(kind NomineeKind, aName string, aBirth *time.Time, aCode string, b Past) bool {
	if aName == "" || aName != b.NameKey {
		return false
	}
	if kind == Organisation {
		return true
	}
	if aCode != "" && b.PersonalCode != "" {
		return aCode == b.PersonalCode
	}
	if aBirth != nil && b.BirthDate != nil {
		return aBirth.Equal(*b.BirthDate)
	}
	return true
}

// Eligibility checks a nomination n of round r of award type t against the
// other nominations there are (past): the required documents, the nominee
// already a laureate of the same award (ever, when the statute forbids a
// repeat; within RepeatAfterYears otherwise), and the same nominee twice
// in the round. No problems: eligible.
func Eligibility(t Type, r Round, n Nomination, past []Past) []Problem {
	var out []Problem
	for _, d := range t.Documents {
		if !slices.Contains(n.Documents, d) {
			out = append(out, Problem{Key: "awards.elig.documents"})
			break
		}
	}
	key := NameKey(n.NomineeName)
	for _, p := range past {
		if p.NominationID == n.ID || !SamePerson(n.NomineeKind, key, n.NomineeBirthDate, n.NomineePersonalCode, p) {
			continue
		}
		switch {
		case p.RoundID == r.ID:
			out = append(out, Problem{Key: "awards.elig.twice", NominationID: p.NominationID})
		case p.TypeID == t.ID && p.Laureate && p.Year < r.Year:
			if !t.RepeatAllowed {
				out = append(out, Problem{Key: "awards.elig.laureate", NominationID: p.NominationID, Year: p.Year})
			} else if t.RepeatAfterYears != nil && r.Year-p.Year < *t.RepeatAfterYears {
				out = append(out, Problem{Key: "awards.elig.too_soon", NominationID: p.NominationID, Year: p.Year})
			}
		}
	}
	return out
}

// Score is one member's score of one nomination on one criterion.
type Score struct {
	MemberID     int64
	NominationID int64
	CriterionID  int64
	Score        int
}

// Ranked is one nomination's place in the ranking.
type Ranked struct {
	NominationID int64
	// Total is the weighted mean: each criterion's mean score over the
	// members who scored it, weighted by the criterion's weight, on the
	// scale of one score (0–10).
	Total float64
	// Scored is how many members scored it on at least one criterion.
	Scored int
	// Place is its place (1 is best); nominations with the same total share
	// it, and Tie says so; the next place after a tie skips (1, 2, 2, 4).
	Place int
	Tie   bool
}

// tieEps is how close two totals are to be the same.
const tieEps = 1e-9

// Rank orders the nominations by their weighted totals, best first, with
// ties as ties; a nomination nobody scored stands last with total 0 and
// shares its place with the others nobody scored. The order among equals
// is by id.
func Rank(criteria []Criterion, nominations []int64, scores []Score) []Ranked {
	weights := map[int64]int{}
	sumW := 0
	for _, c := range criteria {
		weights[c.ID] = c.Weight
		sumW += c.Weight
	}
	type acc struct{ sum, n int }
	per := map[int64]map[int64]*acc{}
	members := map[int64]map[int64]bool{}
	for _, s := range scores {
		if _, ok := weights[s.CriterionID]; !ok {
			continue
		}
		if per[s.NominationID] == nil {
			per[s.NominationID] = map[int64]*acc{}
			members[s.NominationID] = map[int64]bool{}
		}
		a := per[s.NominationID][s.CriterionID]
		if a == nil {
			a = &acc{}
			per[s.NominationID][s.CriterionID] = a
		}
		a.sum += s.Score
		a.n++
		members[s.NominationID][s.MemberID] = true
	}
	out := make([]Ranked, 0, len(nominations))
	for _, id := range nominations {
		r := Ranked{NominationID: id, Scored: len(members[id])}
		if sumW > 0 {
			t := 0.0
			for cid, a := range per[id] {
				t += float64(weights[cid]) * float64(a.sum) / float64(a.n)
			}
			r.Total = t / float64(sumW)
		}
		out = append(out, r)
	}
	slices.SortStableFunc(out, func(a, b Ranked) int {
		switch {
		case math.Abs(a.Total-b.Total) > tieEps && a.Total > b.Total:
			return -1
		case math.Abs(a.Total-b.Total) > tieEps:
			return 1
		case a.NominationID < b.NominationID:
			return -1
		case a.NominationID > b.NominationID:
			return 1
		}
		return 0
	})
	for i := range out {
		if i > 0 && math.Abs(out[i].Total-out[i-1].Total) <= tieEps {
			out[i].Place = out[i-1].Place
			out[i].Tie, out[i-1].Tie = true, true
		} else {
			out[i].Place = i + 1
		}
	}
	return out
}

// Member is one member of a round's commission: a user or a contact.
type Member struct {
	ID        int64
	RoundID   int64
	UserID    *int64
	ContactID *int64
	Name      string
	Role      string // chair, member, secretary
	Present   bool
}

// MemberRoles in the order forms show them.
var MemberRoles = []string{"chair", "member", "secretary"}

// Declaration is a member's declaration on one nomination.
type Declaration struct {
	MemberID     int64
	NominationID int64
	Conflict     bool
	Note         string
	DeclaredAt   time.Time
}

func itoa(n int) string { return strconv.Itoa(n) }
