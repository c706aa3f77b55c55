package press

import (
	"time"

	"github.com/daugavpils/prdesk/internal/calendar"
)

// OfficialKind is what an official text is.
type OfficialKind string

const (
	OfficialGreeting  OfficialKind = "greeting"  // apsveikums
	OfficialStatement OfficialKind = "statement" // paziņojums
	OfficialSpeech    OfficialKind = "speech"    // uzruna
)

// OfficialKinds in the order forms show them.
var OfficialKinds = []OfficialKind{OfficialGreeting, OfficialStatement, OfficialSpeech}

// OfficialStatus is where an official text stands: requested → drafting →
// for approval → approved → delivered. The head returns a draft to
// drafting with comments; an edit after approval sends it back for
// approval.
type OfficialStatus string

const (
	OfficialRequested OfficialStatus = "requested"
	OfficialDrafting  OfficialStatus = "drafting"
	OfficialApproval  OfficialStatus = "approval"
	OfficialApproved  OfficialStatus = "approved"
	OfficialDelivered OfficialStatus = "delivered"
)

// OfficialStatuses in the order filters show them.
var OfficialStatuses = []OfficialStatus{OfficialRequested, OfficialDrafting, OfficialApproval, OfficialApproved, OfficialDelivered}

// Open tells whether the text is still the department's work.
func (s OfficialStatus) Open() bool { return s != OfficialDelivered }

// Tone is the badge colour of a status.
func (s OfficialStatus) Tone() string {
	switch s {
	case OfficialApproval:
		return "warn"
	case OfficialApproved:
		return "ok"
	case OfficialDelivered:
		return "neutral"
	default:
		return "info"
	}
}

// Limits of an official text's fields, the same as the database's.
const (
	MaxOccasion     = 300
	MaxOfficialBody = 30000
	MaxOfficialNote = 2000
)

// OfficialText is one greeting, statement or speech and its request.
type OfficialText struct {
	ID              int64
	Kind            OfficialKind
	Occasion        string
	RequestedByID   *int64
	OfficialID      *int64
	NeededOn        time.Time // a date, midnight in Riga
	Lang            Lang
	AuthorID        *int64
	AuthorName      string
	Status          OfficialStatus
	CurrentVersion  int // 0 before the first draft
	ApprovedVersion *int
	BasedOnID       *int64
	Notes           string
	Version         int
	CreatedAt       time.Time
	UpdatedAt       time.Time
	IdempotencyKey  string
	// Body is the current draft's text (on the card and the form only).
	Body string
}

// Late tells whether, at now, the day needed has come while the text is
// not yet approved.
func (t OfficialText) Late(now time.Time) bool {
	return !calendar.DateOf(now).Before(t.NeededOn) &&
		(t.Status == OfficialRequested || t.Status == OfficialDrafting || t.Status == OfficialApproval)
}

// OfficialInput is what the form writes: the request and the draft.
type OfficialInput struct {
	Kind          OfficialKind
	Occasion      string
	RequestedByID *int64
	OfficialID    *int64
	NeededOn      time.Time
	Lang          Lang
	AuthorID      *int64
	BasedOnID     *int64
	Notes         string
	Body          string // "" keeps the text without a draft (requested)
}
