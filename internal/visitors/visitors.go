package visitors

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/daugavpils/prdesk/internal/calendar"
	"github.com/daugavpils/prdesk/internal/errs"
	"github.com/daugavpils/prdesk/internal/personcode"
)

// The area's records and the rules between them. Reception hours and the
// sessions computed from them are in schedule.go.

// Kind is an official's office.
type Kind string

const (
	Chair             Kind = "chair"
	DeputyChair       Kind = "deputy_chair"
	ExecutiveDirector Kind = "executive_director"
	Deputy            Kind = "deputy"
)

// Kinds lists the offices in the order forms show them.
var Kinds = []Kind{Chair, DeputyChair, ExecutiveDirector, Deputy}

// Official is a person who receives residents.
type Official struct {
	ID          int64  `db:"id"`
	Name        string `db:"name"`
	Position    string `db:"position"`
	Kind        Kind   `db:"kind"`
	UserID      *int64 `db:"user_id"`
	TargetWeeks *int   `db:"target_weeks"`
	Active      bool   `db:"active"`
	Version     int    `db:"version"`
	// ContactID is the official's person in the directory, by which the
	// officials' agenda finds their press events and award ceremonies.
	ContactID *int64 `db:"contact_id"`
}

// Account is a user an official may be linked to.
type Account struct {
	ID       int64  `db:"id"`
	FullName string `db:"full_name"`
	Username string `db:"username"`
}

// State is where a booking stands.
type State string

const (
	Booked       State = "booked"
	Arrived      State = "arrived"
	WithOfficial State = "with_official"
	Done         State = "done"
	NoShow       State = "no_show"
	// Left: the visitor came and checked in, then went away before being
	// received (aizgāja neapkalpots). Not a no-show: they came.
	Left      State = "left"
	Cancelled State = "cancelled"
)

// Tone is the colour a state is shown in, beside its name.
func (s State) Tone() string {
	switch s {
	case Arrived, WithOfficial:
		return "warn"
	case Done:
		return "ok"
	case NoShow, Cancelled:
		return "bad"
	case Left:
		return "warn"
	}
	return "neutral"
}

// Languages a conversation may be held in.
var Languages = []string{"lv", "ru", "en", "other"}

// Booking is one booked slot.
type Booking struct {
	ID             int64     `db:"id"`
	OfficialID     int64     `db:"official_id"`
	OfficialName   string    `db:"official_name"`
	Start          time.Time `db:"start_at"`
	End            time.Time `db:"end_at"`
	Room           string    `db:"room"`
	State          State     `db:"state"`
	VisitorName    string    `db:"visitor_name"`
	Phone          string    `db:"phone"`
	Email          string    `db:"email"`
	Topic          string    `db:"topic"`
	Language       string    `db:"language"`
	Accessibility  string    `db:"accessibility"`
	PersonCode     string    `db:"person_code"`
	OverrideReason string    `db:"override_reason"`
	Version        int       `db:"version"`
	CreatedAt      time.Time `db:"created_at"`
}

// Event is one line of a booking's history.
type Event struct {
	At        time.Time `db:"at"`
	ActorName string    `db:"actor_name"`
	Action    string    `db:"action"`
	State     State     `db:"state"`
	Note      string    `db:"note"`
}

// NewBooking is what the clerk enters.
type NewBooking struct {
	OfficialID     int64
	Start          time.Time
	VisitorName    string
	Phone          string // normalised by NormalisePhone
	Email          string
	Topic          string
	Language       string
	Accessibility  string
	PersonCode     string // normalised by personcode.Normalise
	OverrideReason string // set to book past MaxFutureBookings
}

// MaxFutureBookings is how many future bookings one visitor may hold with one
// official before the clerk must give a reason.
const MaxFutureBookings = 2

// contactKeys are the ways one visitor is recognised among an official's bookings.
func (b NewBooking) contactKeys() []string {
	var keys []string
	if b.Phone != "" {
		keys = append(keys, "phone:"+b.Phone)
	}
	if b.Email != "" {
		keys = append(keys, "email:"+strings.ToLower(b.Email))
	}
	if b.PersonCode != "" {
		keys = append(keys, "code:"+b.PersonCode)
	}
	slices.Sort(keys)
	return keys
}

// check refuses what no booking may hold at now, whatever the form did.
func (b NewBooking) check(now time.Time) error {
	switch {
	case b.Phone == "" && b.Email == "":
		return errs.Field("phone", "visitors.err_no_contact")
	case b.PersonCode != "" && personcode.CheckAt(b.PersonCode, now) != personcode.OK:
		return errs.Field("person_code", "visitors.err_code_format")
	}
	return nil
}

// QueueState is where a ticket stands.
type QueueState string

const (
	QWaiting      QueueState = "waiting"       // checked in, waiting to be called
	QCalled       QueueState = "called"        // on the board: go in now
	QWithOfficial QueueState = "with_official" // went in; the next one has been called since
	QDone         QueueState = "done"          // the outcome is recorded
	QLeft         QueueState = "left"          // went away without being received
)

// Open tells whether the ticket is still in the queue: waiting, or called
// and not yet closed.
func (s QueueState) Open() bool { return s == QWaiting || s == QCalled || s == QWithOfficial }

// Tone is the colour a ticket's state is shown in.
func (s QueueState) Tone() string {
	switch s {
	case QCalled, QWithOfficial:
		return "warn"
	case QDone:
		return "ok"
	case QLeft:
		return "bad"
	}
	return "neutral"
}

// Ticket is one person in an official's queue of a day. The visitor's
// details come from the booking, or are the walk-in's own.
type Ticket struct {
	ID           int64      `db:"id"`
	OfficialID   int64      `db:"official_id"`
	OfficialName string     `db:"official_name"`
	Day          time.Time  `db:"day"`
	Number       int        `db:"number"`
	Ticket       string     `db:"ticket"`
	BookingID    *int64     `db:"booking_id"`
	WalkIn       bool       `db:"walk_in"`
	VisitorName  string     `db:"visitor_name"`
	Phone        string     `db:"phone"`
	Email        string     `db:"email"`
	PersonCode   string     `db:"person_code"`
	Topic        string     `db:"topic"`
	SlotStart    *time.Time `db:"slot_start"`
	State        QueueState `db:"state"`
	Room         string     `db:"room"`
	Outcome      string     `db:"outcome"`
	Written      bool       `db:"written"`
	CheckedInAt  time.Time  `db:"checked_in_at"`
	CalledAt     *time.Time `db:"called_at"`
	DoneAt       *time.Time `db:"done_at"`
	RecalledAt   *time.Time `db:"recalled_at"`
	// TransferredFrom is the number the ticket had in another official's
	// queue before it was handed to this one; "" when it was not.
	TransferredFrom string `db:"transferred_from"`
	Version         int    `db:"version"`
}

// BoardTicket is what the waiting room may see of a ticket: its number and
// room, and nothing about the person.
type BoardTicket struct {
	Ticket string `db:"ticket"`
	Room   string `db:"room"`
	// Recalled: called again since its first call (it tops the board);
	// Called is when it was last called.
	Recalled bool       `db:"recalled"`
	Called   *time.Time `db:"called"`
	// TransferredFrom is the number it had before it was handed to
	// another official, so that its holder recognises it.
	TransferredFrom string `db:"transferred_from"`
	// Wait is the expected wait of a waiting ticket (ExpectedWait).
	Wait time.Duration `db:"-"`
}

// Board is the waiting-room display.
type Board struct {
	Now     time.Time     // the clock and the date it shows
	Called  []BoardTicket // newest call (or call again) first
	Waiting []BoardTicket // in the order they will be called
}

// ServiceSample is how many of an official's latest receptions of the day
// the expected wait is reckoned from, and DefaultService the length of a
// reception assumed before the first of the day has ended.
const (
	ServiceSample  = 5
	DefaultService = 15 * time.Minute
)

// ExpectedWait is how long the ticket at position pos (1 for the next to
// be called) in an official's queue may expect to wait: the ones ahead of
// it, and the one with the official now if there is one (busy), each take
// the mean length of the official's latest receptions of the day (from
// being called to the outcome; DefaultService before any has ended). It is
// rounded up to whole minutes: a waiting room wants "about 15 minutes",
// not seconds.
func ExpectedWait(pos int, busy bool, meanService time.Duration) time.Duration {
	if meanService <= 0 {
		meanService = DefaultService
	}
	ahead := pos - 1
	if busy {
		ahead++
	}
	d := time.Duration(ahead) * meanService
	if r := d % time.Minute; r != 0 {
		d += time.Minute - r
	}
	return d
}

// BoardWaiting is how many waiting tickets the board shows.
const BoardWaiting = 8

// Why a step on a booking, a ticket or a log entry is refused. Each is a
// conflict with where the record stands now (web.Error answers 409); the
// pages that can say more check for them.
var (
	// ErrState: the booking or ticket is not in a state the step applies to.
	ErrState = fmt.Errorf("visitors: not possible in this state: %w", errs.Conflict)
	// ErrNotToday: a booking is checked in on its own day only.
	ErrNotToday = fmt.Errorf("visitors: the booking is not today: %w", errs.Conflict)
	// ErrQueueEmpty: nobody is waiting to be called.
	ErrQueueEmpty = fmt.Errorf("visitors: nobody is waiting: %w", errs.Conflict)
	// ErrAlreadyOut: the visitor's time of leaving is already in the log.
	ErrAlreadyOut = fmt.Errorf("visitors: the visitor has already left: %w", errs.Conflict)
)

// LogEntry is one visitor at the front desk (clause 4.15).
type LogEntry struct {
	ID           int64      `db:"id"`
	CameAt       time.Time  `db:"came_at"`
	LeftAt       *time.Time `db:"left_at"`
	PersonName   string     `db:"person_name"` // "" is "not given"
	OfficialID   *int64     `db:"whom_official_id"`
	OfficialName string     `db:"official_name"`
	Unit         string     `db:"whom_unit"`
	Purpose      string     `db:"purpose"`
	BookingID    *int64     `db:"booking_id"`
	// QueueID is the ticket whose reception this visit was, and Ticket its
	// number: such a row came from the queue, not from the clerk's typing.
	QueueID *int64 `db:"queue_id"`
	Ticket  string `db:"ticket"`
	Version int    `db:"version"`
}

// Whom is the official's name, or the unit typed.
func (e LogEntry) Whom() string {
	if e.OfficialName != "" {
		return e.OfficialName
	}
	return e.Unit
}

// NewLogEntry is what the clerk types; CameAt zero is now.
type NewLogEntry struct {
	CameAt     time.Time
	PersonName string
	OfficialID int64 // 0: none, then Unit
	Unit       string
	Purpose    string
	BookingID  int64
}

// check refuses an entry the log cannot hold, at the time now.
func (e NewLogEntry) check(now time.Time) error {
	switch {
	case e.OfficialID == 0 && e.Unit == "":
		return errs.Field("official", "visitors.log.err_whom")
	case e.Purpose == "":
		return errs.Field("purpose", "visitors.log.form.purpose_required")
	case e.CameAt.After(now.Add(time.Minute)):
		return errs.Field("came", "visitors.log.err_future")
	}
	return nil
}

// Suggestions are the names, units and purposes typed most often lately,
// offered to the clerk as the morning's regulars.
type Suggestions struct {
	Names, Units, Purposes []string
}

// SuggestionDays is how far back the regulars are looked for.
const SuggestionDays = 30

// WaitEntry is one person on an official's waiting list.
type WaitEntry struct {
	ID          int64     `db:"id"`
	OfficialID  int64     `db:"official_id"`
	VisitorName string    `db:"visitor_name"`
	Phone       string    `db:"phone"`
	Email       string    `db:"email"`
	Topic       string    `db:"topic"`
	Version     int       `db:"version"`
	CreatedAt   time.Time `db:"created_at"`
}

// Standing is how a deputy stands against their target frequency.
type Standing string

const (
	OnTrack Standing = "on_track" // the next session comes before the target runs out
	AtRisk  Standing = "at_risk"  // within the target now, but no session is planned in time
	Behind  Standing = "behind"   // the target has run out since the last session
)

// Tone is the colour a standing is shown in, beside its words.
func (s Standing) Tone() string {
	switch s {
	case OnTrack:
		return "ok"
	case AtRisk:
		return "warn"
	}
	return "bad"
}

// Frequency says how a deputy who must receive at least once every
// targetWeeks weeks stands on date today, given the date of their last
// session and of their next (nil: none). The deadline is the last date by
// which the next session must be held: the last session plus the target.
// A deputy who has never received is behind.
func Frequency(targetWeeks int, last, next *time.Time, today time.Time) (Standing, time.Time) {
	today = calendar.DateOf(today)
	if last == nil {
		return Behind, time.Time{}
	}
	deadline := calendar.DateOf(*last).AddDate(0, 0, 7*targetWeeks)
	switch {
	case today.After(deadline):
		return Behind, deadline
	case next == nil || calendar.DateOf(*next).After(deadline):
		return AtRisk, deadline
	}
	return OnTrack, deadline
}

// OfficialHours are one official's sessions of a month.
type OfficialHours struct {
	Official Official
	Sessions []Session
}

// DeputyStanding is one deputy's line of the frequency view.
type DeputyStanding struct {
	Official   Official
	Last, Next *Session
	Standing   Standing
	Deadline   time.Time
}

// FrequencyLookback is how far back and ahead the frequency view looks for
// sessions: a target is at most 52 weeks.
const FrequencyLookback = 53 * 7 * 24 * time.Hour

// UndoWindow is how long the person who took a step on a queue entry may
// undo it, as long as nothing has changed the entry since.
const UndoWindow = 5 * time.Minute

// StepAction is a step taken on a queue entry that can be undone.
type StepAction string

const (
	StepCheckIn  StepAction = "check_in" // a booked visitor checked in, or a walk-in queued
	StepCall     StepAction = "call"
	StepOutcome  StepAction = "outcome"
	StepLeft     StepAction = "left"    // went away without being received
	StepNoShow   StepAction = "no_show" // a booked visitor did not come
	StepTransfer StepAction = "transfer"
)

// Step is a step the viewer took on a queue entry and may still undo.
type Step struct {
	ID           int64      `db:"id"`
	Action       StepAction `db:"action"`
	Ticket       string     `db:"ticket"` // "" for a booking's no-show
	BookingID    *int64     `db:"booking_id"`
	OfficialID   int64      `db:"official_id"`
	OfficialName string     `db:"official_name"`
	VisitorName  string     `db:"visitor_name"` // "" when not given
	At           time.Time  `db:"at"`
}

// Until is when the step can no longer be undone.
func (s Step) Until() time.Time { return s.At.Add(UndoWindow) }

// Why an undo is refused: each a conflict with where the entry stands now.
var (
	ErrUndoLate  = fmt.Errorf("visitors: the step is too old to undo: %w", errs.Conflict)
	ErrUndoStale = fmt.Errorf("visitors: the entry has changed since the step: %w", errs.Conflict)
	ErrUndone    = fmt.Errorf("visitors: the step is already undone: %w", errs.Conflict)
	// ErrNotYours: only the person who took a step may undo it.
	ErrNotYours = fmt.Errorf("visitors: the step is another person's: %w", errs.Forbidden)
)
