package press

import (
	"time"
)

// EventKind is what kind of media event it is.
type EventKind string

const (
	Conference EventKind = "conference"  // preses konference
	Briefing   EventKind = "briefing"    // preses brīfings
	MediaEvent EventKind = "media_event" // a media event: an opening, a visit the press is invited to
)

// EventKinds in the order forms show them.
var EventKinds = []EventKind{Conference, Briefing, MediaEvent}

// EventStatus is where an event stands.
type EventStatus string

const (
	EventPlanned   EventStatus = "planned"
	EventAnnounced EventStatus = "announced"
	EventHeld      EventStatus = "held"
	EventCancelled EventStatus = "cancelled"
)

// EventStatuses in the order forms and filters show them.
var EventStatuses = []EventStatus{EventPlanned, EventAnnounced, EventHeld, EventCancelled}

// Tone is the badge colour of a status.
func (s EventStatus) Tone() string {
	switch s {
	case EventAnnounced:
		return "info"
	case EventHeld:
		return "ok"
	default:
		return "neutral"
	}
}

// Limits of an event's fields, the same as the database's.
const (
	MaxEventTitle = 300
	MaxPlace      = 300
	MaxRoom       = 100
	MaxSpeakers   = 5
	MaxCrew       = 1000
	// MaxEventHours is the longest an event may last.
	MaxEventHours = 24
)

// Event is one press conference or media event.
type Event struct {
	ID                 int64
	Kind               EventKind
	Title              string
	StartsAt, EndsAt   time.Time
	Place, Room        string
	Status             EventStatus
	ResponsibleID      *int64
	ResponsibleName    string
	Speakers           []int64 // contacts of the directory, in order
	AccreditationToken string
	AccreditationOpen  bool
	ReleaseID          *int64
	FollowUp           string
	Notes              string
	Version            int
	CreatedAt          time.Time
	UpdatedAt          time.Time
	IdempotencyKey     string
	Accredited         int // how many journalists, in lists
}

// Check is the event's rules, as (field, catalogue key) pairs.
func (e Event) Check() [][2]string {
	var out [][2]string
	if !e.StartsAt.IsZero() && !e.EndsAt.IsZero() {
		switch {
		case !e.EndsAt.After(e.StartsAt):
			out = append(out, [2]string{"end_time", "press.event.end_before_start"})
		case e.EndsAt.Sub(e.StartsAt) > MaxEventHours*time.Hour:
			out = append(out, [2]string{"end_time", "press.event.too_long"})
		}
	}
	return out
}

// Accrediting tells whether the public form takes registrations at now:
// while it is open and the event is neither over nor cancelled.
func (e Event) Accrediting(now time.Time) bool {
	return e.AccreditationOpen && e.Status != EventCancelled && e.Status != EventHeld && now.Before(e.EndsAt)
}

// Accreditation is one journalist accredited to an event.
type Accreditation struct {
	ID        int64
	EventID   int64
	Name      string
	Outlet    string
	Email     string
	Phone     string
	Crew      string
	ContactID *int64 // the journalist in the directory, when known
	Source    string // "public" or "staff"
	Attended  *bool
	CreatedAt time.Time
	// Suggested is a journalist of the directory with the same e-mail,
	// when none is matched yet.
	Suggested *Contact
}
