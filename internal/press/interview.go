package press

import (
	"net/url"
	"strings"
	"time"
)

// InterviewFormat is how the interview is given.
type InterviewFormat string

const (
	InPerson InterviewFormat = "in_person"
	ByPhone  InterviewFormat = "phone"
	Written  InterviewFormat = "written"
	OnTV     InterviewFormat = "tv"
	OnRadio  InterviewFormat = "radio"
)

// InterviewFormats in the order forms show them.
var InterviewFormats = []InterviewFormat{InPerson, ByPhone, Written, OnTV, OnRadio}

// InterviewStatus is where a request stands: new → being agreed →
// scheduled → done, or declined with a reason.
type InterviewStatus string

const (
	InterviewNew       InterviewStatus = "new"
	InterviewAgreeing  InterviewStatus = "agreeing"
	InterviewScheduled InterviewStatus = "scheduled"
	InterviewDone      InterviewStatus = "done"
	InterviewDeclined  InterviewStatus = "declined"
)

// InterviewStatuses in the order forms and filters show them.
var InterviewStatuses = []InterviewStatus{InterviewNew, InterviewAgreeing, InterviewScheduled, InterviewDone, InterviewDeclined}

// Open tells whether the request still needs the department's work.
func (s InterviewStatus) Open() bool {
	return s == InterviewNew || s == InterviewAgreeing || s == InterviewScheduled
}

// Tone is the badge colour of a status.
func (s InterviewStatus) Tone() string {
	switch s {
	case InterviewScheduled:
		return "info"
	case InterviewDone:
		return "ok"
	case InterviewDeclined:
		return "neutral"
	default:
		return "warn"
	}
}

// Limits of an interview request's fields, the same as the database's.
const (
	MaxInterviewTopic = 300
	MaxQuestions      = 8000
	MaxTalkingPoints  = 8000
	MaxDeclineReason  = 2000
	MaxURL            = 500
)

// Interview is one journalist's interview request.
type Interview struct {
	ID              int64
	OutletID        *int64
	JournalistID    *int64
	Topic           string
	Questions       string
	DeadlineAt      *time.Time
	OfficialID      *int64
	Format          InterviewFormat
	Status          InterviewStatus
	DeclineReason   string
	ResponsibleID   *int64
	ResponsibleName string
	TalkingPoints   string
	AgreedAt        *time.Time
	AgreedMinutes   *int
	PublishedURL    string
	Version         int
	CreatedAt       time.Time
	UpdatedAt       time.Time
	IdempotencyKey  string
}

// Overdue tells whether the journalist's deadline passed while the
// request was not yet settled (scheduled, done or declined).
func (i Interview) Overdue(now time.Time) bool {
	return i.DeadlineAt != nil && now.After(*i.DeadlineAt) && (i.Status == InterviewNew || i.Status == InterviewAgreeing)
}

// Check is the request's rules, as (field, catalogue key) pairs; the
// database holds the same.
func (i Interview) Check() [][2]string {
	var out [][2]string
	if i.JournalistID == nil && i.OutletID == nil {
		out = append(out, [2]string{"journalist_id", "press.interview.who_required"})
	}
	if i.Status == InterviewDeclined && strings.TrimSpace(i.DeclineReason) == "" {
		out = append(out, [2]string{"decline_reason", "press.interview.reason_required"})
	}
	if i.Status == InterviewScheduled && i.AgreedAt == nil {
		out = append(out, [2]string{"agreed_date", "press.interview.agreed_required"})
	}
	if i.PublishedURL != "" {
		if u, err := url.Parse(i.PublishedURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" ||
			strings.ContainsAny(i.PublishedURL, " \t\n") {
			out = append(out, [2]string{"published_url", "press.interview.url_invalid"})
		}
	}
	return out
}
