package press

import (
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/daugavpils/prdesk/internal/auth"
)

// Statements in an emergency (regulation clause 5.5): while an emergency
// the head declared lasts, what a municipal unit wants to tell the media
// goes to the department first, which approves it as it is, approves it
// edited, or rejects it, within the head's target time.

// Limits of an emergency's and a statement's fields, the same as the
// database's.
const (
	MaxEmergencyTitle       = 300
	MaxEmergencyDescription = 4000
	MaxTemplate             = 4000
	MinTargetMinutes        = 5
	MaxTargetMinutes        = 1440
	DefaultTargetMinutes    = 30
	MaxUnitName             = 300
	MaxOnBehalfOf           = 300
	MaxChannel              = 300
	MaxStatement            = 8000
	MaxStatementComment     = 2000
)

// Emergency is one emergency the head declared.
type Emergency struct {
	ID          int64
	Title       string
	Description string
	// Template is the holding statement the units start from.
	Template string
	StartsAt time.Time
	// EndsAt is until when it was declared; nil: until the head ends it.
	EndsAt         *time.Time
	EndedAt        *time.Time
	EndedBy        *int64
	EndedByName    string
	TargetMinutes  int
	DeclaredBy     *int64
	DeclaredByName string
	Version        int
	CreatedAt      time.Time
	UpdatedAt      time.Time
	IdempotencyKey string
	// Counts of its statements, for the list: waiting and all.
	Waiting, Statements int
}

// EmergencyState is where an emergency stands at a moment.
type EmergencyState string

const (
	EmergencyPlanned EmergencyState = "planned" // declared from a later time
	EmergencyActive  EmergencyState = "active"
	EmergencyOver    EmergencyState = "over" // ended, or past its end
)

// Until is when the emergency ends or ended: the earlier of the end it
// was declared with and the head's ending; nil while open-ended.
func (e Emergency) Until() *time.Time {
	switch {
	case e.EndedAt != nil && (e.EndsAt == nil || e.EndedAt.Before(*e.EndsAt)):
		return e.EndedAt
	case e.EndsAt != nil:
		return e.EndsAt
	}
	return nil
}

// State is where e stands at now.
func (e Emergency) State(now time.Time) EmergencyState {
	switch {
	case e.EndedAt != nil:
		return EmergencyOver
	case now.Before(e.StartsAt):
		return EmergencyPlanned
	case e.EndsAt != nil && !now.Before(*e.EndsAt):
		return EmergencyOver
	}
	return EmergencyActive
}

// Active tells whether statements may be submitted at now.
func (e Emergency) Active(now time.Time) bool { return e.State(now) == EmergencyActive }

// Editable tells whether the head may still change it: until ended.
func (e Emergency) Editable() bool { return e.EndedAt == nil }

// Target is the target time as a duration.
func (e Emergency) Target() time.Duration { return time.Duration(e.TargetMinutes) * time.Minute }

// Tone is the badge colour of a state.
func (s EmergencyState) Tone() string {
	switch s {
	case EmergencyActive:
		return "bad"
	case EmergencyPlanned:
		return "warn"
	}
	return "neutral"
}

// Check is the emergency's rules at now, as (field, catalogue key) pairs;
// endChanged says whether the end is new (declared, or changed by an
// edit): a new end must lie ahead, an end kept from before may have
// passed.
func (e Emergency) Check(now time.Time, endChanged bool) [][2]string {
	var out [][2]string
	if e.EndsAt != nil {
		switch {
		case !e.EndsAt.After(e.StartsAt):
			out = append(out, [2]string{"ends_date", "press.emergency.ends_before_start"})
		case endChanged && !e.EndsAt.After(now):
			out = append(out, [2]string{"ends_date", "press.emergency.ends_past"})
		}
	}
	if e.TargetMinutes < MinTargetMinutes || e.TargetMinutes > MaxTargetMinutes {
		out = append(out, [2]string{"target_minutes", "press.emergency.target_minutes_invalid"})
	}
	if strings.TrimSpace(e.Template) == "" {
		out = append(out, [2]string{"template", "press.emergency.template_required"})
	}
	return out
}

// placeholder is a gap of a holding statement to fill in: „[kas noticis]”.
var placeholder = regexp.MustCompile(`\[[^\]\n]{1,120}\]`)

// Unfilled are the gaps of template that text still holds as they were.
func Unfilled(text, template string) []string {
	var out []string
	for _, p := range placeholder.FindAllString(template, -1) {
		if strings.Contains(text, p) && !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return out
}

// StatementStatus is where a statement stands: submitted, then approved
// as it is, approved edited, or rejected. A decision is final: a unit
// with more to say submits another statement.
type StatementStatus string

const (
	StatementSubmitted StatementStatus = "submitted"
	StatementApproved  StatementStatus = "approved"
	StatementEdited    StatementStatus = "edited"
	StatementRejected  StatementStatus = "rejected"
)

// StatementStatuses in the order pages show them.
var StatementStatuses = []StatementStatus{StatementSubmitted, StatementApproved, StatementEdited, StatementRejected}

// Tone is the badge colour of a status.
func (s StatementStatus) Tone() string {
	switch s {
	case StatementApproved, StatementEdited:
		return "ok"
	case StatementRejected:
		return "bad"
	}
	return "warn"
}

// Approved tells whether the statement may be given to the media.
func (s StatementStatus) Approved() bool { return s == StatementApproved || s == StatementEdited }

// Statement is one text a unit wants to tell the media.
type Statement struct {
	ID          int64
	EmergencyID int64
	// UnitID is the unit from the directory; UnitName the name typed when
	// none was picked.
	UnitID     *int64
	UnitName   string
	OnBehalfOf string
	Channel    string
	// Body is the text as submitted; ApprovedText the text approved (the
	// same, or the department's edit), empty until approved.
	Body          string
	Status        StatementStatus
	ApprovedText  string
	Comment       string
	SubmittedBy   int64
	SubmitterName string
	SubmittedAt   time.Time
	DueAt         time.Time
	DecidedBy     *int64
	DeciderName   string
	DecidedAt     *time.Time
	Version       int
	// EmergencyTitle is its emergency's, for lists across emergencies.
	EmergencyTitle string
	IdempotencyKey string
}

// Overdue tells whether the statement still waits past its target time.
func (s Statement) Overdue(now time.Time) bool {
	return s.Status == StatementSubmitted && now.After(s.DueAt)
}

// Late is how long past the target time it was decided, or waits; zero
// when within it.
func (s Statement) Late(now time.Time) time.Duration {
	at := now
	if s.DecidedAt != nil {
		at = *s.DecidedAt
	}
	if d := at.Sub(s.DueAt); d > 0 {
		return d
	}
	return 0
}

// Left is how long is left of the target time of a waiting statement.
func (s Statement) Left(now time.Time) time.Duration {
	if d := s.DueAt.Sub(now); d > 0 {
		return d
	}
	return 0
}

// Took is how long the decision took.
func (s Statement) Took() time.Duration {
	if s.DecidedAt == nil {
		return 0
	}
	return s.DecidedAt.Sub(s.SubmittedAt)
}

// Minutes is d in whole minutes, rounded up: 30 s past the target is a
// minute late.
func Minutes(d time.Duration) int {
	return int((d + time.Minute - 1) / time.Minute)
}

// CanRead tells whether u may open the statement: the department, and
// whoever submitted it.
func (s Statement) CanRead(u *auth.User) bool {
	return u.Can(auth.AreaPress) || (u != nil && u.ID == s.SubmittedBy && u.Can(auth.PressStatementSubmit))
}

// StatementDecision is the department's decision on a statement: approve (the
// text as submitted, or edited) or reject.
type StatementDecision struct {
	Approve bool
	// Text is the text approved; when it differs from the submitted one
	// the statement is approved edited, and both texts are kept.
	Text    string
	Comment string
}

// sameText tells whether two texts are the same but for line ends and
// the spaces around them.
func sameText(a, b string) bool {
	norm := func(s string) string { return strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n")) }
	return norm(a) == norm(b)
}

// Outcome is the status a decision gives a statement with body.
func (d StatementDecision) Outcome(body string) StatementStatus {
	switch {
	case !d.Approve:
		return StatementRejected
	case sameText(d.Text, body):
		return StatementApproved
	}
	return StatementEdited
}

// Check is the decision's rules on a statement with body.
func (d StatementDecision) Check(body string) [][2]string {
	var out [][2]string
	if !d.Approve && strings.TrimSpace(d.Comment) == "" {
		out = append(out, [2]string{"comment", "press.statement.reason_required"})
	}
	if d.Approve && strings.TrimSpace(d.Text) == "" {
		out = append(out, [2]string{"text", "press.statement.text_required"})
	}
	return out
}
