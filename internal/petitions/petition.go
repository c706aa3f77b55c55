// Package petitions is the registry of citizens' submissions (regulation
// clause 4.17): registering and scanning them, the deadline the law sets,
// the management's resolution, the specialists' answer, and keeping the
// person informed. This file is the domain: no SQL, no HTTP.
package petitions

import (
	"fmt"
	"slices"
	"time"

	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/calendar"
	"github.com/daugavpils/prdesk/internal/errs"
)

// State is where a submission stands.
type State string

const (
	Registered         State = "registered"
	AwaitingResolution State = "awaiting_resolution"
	InProgress         State = "in_progress"
	Answered           State = "answered"
	Closed             State = "closed"
	Forwarded          State = "forwarded"  // sent to the competent institution
	Unexamined         State = "unexamined" // left unexamined (anonymous, or as the law allows)
	Joined             State = "joined"     // joined to another submission
)

// States in the order lists offer them.
var States = []State{Registered, AwaitingResolution, InProgress, Answered, Closed, Forwarded, Unexamined, Joined}

// Open tells whether the submission still runs against its deadline.
func (s State) Open() bool {
	return s == Registered || s == AwaitingResolution || s == InProgress
}

// Tone is the colour a state is shown in, always beside its name.
func (s State) Tone() string {
	switch s {
	case Answered, Closed:
		return "ok"
	case Forwarded, Unexamined, Joined:
		return "neutral"
	default:
		return "warn"
	}
}

// Action is a step from one state to another.
type Action string

const (
	ActSend       Action = "send"       // to a member of the management for a resolution
	ActResolve    Action = "resolve"    // the resolution is written: executors and a due date
	ActAnswer     Action = "answer"     // the outgoing answer is registered
	ActClose      Action = "close"      // the person is informed; nothing left to do
	ActForward    Action = "forward"    // outside the municipality's competence
	ActUnexamined Action = "unexamined" // left unexamined, with the reason
	ActJoin       Action = "join"       // joined to another submission on the same matter
	ActExtend     Action = "extend"     // the term is extended, with notice to the person
	ActReassign   Action = "reassign"   // the head changes the executors
)

// transition says from which states an action may be taken and where it leads.
type transition struct {
	from []State
	to   State // "" when the state does not change
}

var transitions = map[Action]transition{
	ActSend:       {[]State{Registered}, AwaitingResolution},
	ActResolve:    {[]State{AwaitingResolution}, InProgress},
	ActAnswer:     {[]State{InProgress}, Answered},
	ActClose:      {[]State{Answered}, Closed},
	ActForward:    {[]State{Registered, AwaitingResolution, InProgress}, Forwarded},
	ActUnexamined: {[]State{Registered, AwaitingResolution, InProgress}, Unexamined},
	ActJoin:       {[]State{Registered, AwaitingResolution, InProgress}, Joined},
	ActExtend:     {[]State{AwaitingResolution, InProgress}, ""},
	ActReassign:   {[]State{InProgress}, ""},
}

// Actor is who wants to act on a submission, and how they stand to it.
type Actor struct {
	User        *auth.User
	IsAddressee bool // the member of the management it is addressed to
	IsExecutor  bool // named in the resolution
}

// Allowed tells whether actor may take act on a submission in state from,
// and the state it leads to.
func Allowed(act Action, from State, a Actor) (State, bool) {
	t, ok := transitions[act]
	if !ok || !slices.Contains(t.from, from) || a.User == nil {
		return "", false
	}
	u := a.User
	head := u.Has(auth.RoleHead)
	staff := u.Has(auth.RoleStaff) || head
	var may bool
	switch act {
	case ActSend:
		may = staff || u.Has(auth.RoleClerk)
	case ActResolve:
		may = a.IsAddressee || head
	case ActAnswer:
		may = staff || a.IsExecutor
	case ActClose, ActForward, ActUnexamined, ActJoin, ActExtend:
		may = staff
	case ActReassign:
		may = head
	}
	to := t.to
	if to == "" {
		to = from
	}
	return to, may
}

// WritesResolutions tells whether u can have submissions awaiting their
// resolution: the management, to whom they are addressed, and the head.
func WritesResolutions(u *auth.User) bool {
	return u != nil && (u.Has(auth.RoleManagement) || u.Has(auth.RoleHead))
}

// CanBeExecutor tells whether u can be named to carry a submission out:
// staff and the head (the resolution form offers them).
func CanBeExecutor(u *auth.User) bool {
	return u != nil && (u.Has(auth.RoleStaff) || u.Has(auth.RoleHead))
}

// Actions lists what actor may do now, in the order the card offers them.
func Actions(from State, a Actor) []Action {
	var out []Action
	for _, act := range []Action{ActSend, ActResolve, ActAnswer, ActClose, ActExtend, ActReassign, ActForward, ActJoin, ActUnexamined} {
		if _, ok := Allowed(act, from, a); ok {
			out = append(out, act)
		}
	}
	return out
}

// actMarkNotice is not a step of the submission: staff record that a printed
// (or e-address) notice has been handed over for delivery.
const actMarkNotice Action = "notice_sent"

var (
	// ErrStepRefused: the step is not the viewer's to take, or not in the
	// state the submission is in now.
	ErrStepRefused = fmt.Errorf("petitions: step not allowed now: %w", errs.Conflict)
	// ErrAlreadyExtended: the term was extended once; it is not extended twice.
	ErrAlreadyExtended = fmt.Errorf("petitions: term already extended: %w", errs.Conflict)
)

// checkStep tells whether actor may take act on p now: nil, ErrStepRefused
// or ErrAlreadyExtended. The card asks before showing a form back; the
// store asks again with the submission locked.
func checkStep(act Action, p *Petition, a Actor) error {
	if act == actMarkNotice {
		if a.User != nil && (a.User.Has(auth.RoleStaff) || a.User.Has(auth.RoleHead)) {
			return nil
		}
		return ErrStepRefused
	}
	if _, ok := Allowed(act, p.State, a); !ok {
		return ErrStepRefused
	}
	if act == ActExtend && p.Extended {
		return ErrAlreadyExtended
	}
	return nil
}

// CanRead says whether u may see the content of p: staff and the head, the
// addressee, its executors and the director; the clerk only what they
// registered today; nobody else (the system administrator sees none).
func CanRead(u *auth.User, p *Petition, isExecutor bool, now time.Time) bool {
	switch {
	case u == nil:
		return false
	case u.Has(auth.RoleStaff), u.Has(auth.RoleHead), u.Has(auth.RoleDirector):
		return true
	case p.AddresseeID == u.ID, isExecutor:
		return true
	case u.Has(auth.RoleClerk):
		return p.CreatedBy != nil && *p.CreatedBy == u.ID && calendar.DateOf(p.CreatedAt).Equal(calendar.DateOf(now))
	}
	return false
}

// Channel is how a submission arrived.
type Channel string

const (
	ChannelInPerson Channel = "in_person"
	ChannelPost     Channel = "post"
	ChannelEmail    Channel = "email"
	ChannelEAddress Channel = "eaddress"
	ChannelPortal   Channel = "portal" // the latvija.lv form
	ChannelPhone    Channel = "phone"  // written down from a call
)

// Channels in form order.
var Channels = []Channel{ChannelInPerson, ChannelPost, ChannelEmail, ChannelEAddress, ChannelPortal, ChannelPhone}

// Electronic tells whether a submission on this channel can carry an e-signature.
func (c Channel) Electronic() bool {
	return c == ChannelEmail || c == ChannelEAddress || c == ChannelPortal
}

// DocType is what kind of document it is.
type DocType string

const (
	TypeSubmission DocType = "submission" // iesniegums
	TypeLetter     DocType = "letter"     // vēstule
	TypeProposal   DocType = "proposal"   // priekšlikums
	TypeComplaint  DocType = "complaint"  // sūdzība
	TypeSuggestion DocType = "suggestion" // ierosinājums
)

// DocTypes in form order.
var DocTypes = []DocType{TypeSubmission, TypeLetter, TypeProposal, TypeComplaint, TypeSuggestion}

// ReplyChannel is how the person wants the answer.
type ReplyChannel string

const (
	ReplyEAddress ReplyChannel = "eaddress"
	ReplyEmail    ReplyChannel = "email"
	ReplyPost     ReplyChannel = "post"
	ReplyInPerson ReplyChannel = "in_person"
)

// ReplyChannels in form order.
var ReplyChannels = []ReplyChannel{ReplyEAddress, ReplyEmail, ReplyPost, ReplyInPerson}

// Petition is one registered submission.
type Petition struct {
	ID               int64      `db:"id"`
	RegNumber        string     `db:"reg_number"`
	CaseID           int64      `db:"case_id"`
	ReceivedAt       time.Time  `db:"received_at"`
	Channel          Channel    `db:"channel"`
	DocType          DocType    `db:"doc_type"`
	Anonymous        bool       `db:"anonymous"`
	PersonName       string     `db:"person_name"`
	PersonCode       string     `db:"person_code"`
	PersonAddress    string     `db:"person_address"`
	PersonEmail      string     `db:"person_email"`
	PersonPhone      string     `db:"person_phone"`
	HasEAddress      bool       `db:"has_eaddress"`
	ReplyChannel     *string    `db:"reply_channel"`
	ESigned          bool       `db:"e_signed"`
	AddresseeID      int64      `db:"addressee_id"`
	Subject          string     `db:"subject"`
	Summary          string     `db:"summary"`
	Pages            int        `db:"pages"`
	State            State      `db:"state"`
	DueDate          time.Time  `db:"due_date"`
	LegalDueDate     time.Time  `db:"legal_due_date"`
	Extended         bool       `db:"extended"`
	CheckCode        string     `db:"check_code"`
	ForwardedTo      string     `db:"forwarded_to"`
	UnexaminedReason string     `db:"unexamined_reason"`
	JoinedToID       *int64     `db:"joined_to_id"`
	ResolutionText   string     `db:"resolution_text"`
	ResolutionBy     *int64     `db:"resolution_by"`
	ResolutionAt     *time.Time `db:"resolution_at"`
	AnsweredOn       *time.Time `db:"answered_on"`
	ClosedAt         *time.Time `db:"closed_at"`
	// ForwardDueDate is the term for forwarding it to the competent
	// institution (nil for one registered before the term was kept, until
	// the fill job reaches it); ForwardedOnTime says whether the forward
	// step kept it (nil until forwarded, and for those forwarded before).
	ForwardDueDate  *time.Time `db:"forward_due_date"`
	ForwardedOnTime *bool      `db:"forwarded_on_time"`
	// ToldDueDate is the latest due date the person was told: a
	// recomputed due date never falls below it.
	ToldDueDate *time.Time `db:"told_due_date"`
	Version     int        `db:"version"`
	CreatedAt   time.Time  `db:"created_at"`
	CreatedBy   *int64     `db:"created_by"`
}
