// Package press is the department's work with the media (regulation
// clauses 3.5, 4.1–4.3, 4.7 and 5.5). Built so far: press releases,
// written in Latvian with optional Russian and English versions, kept
// version by version, and approved by the head before they go out.
//
// The contact person journalists may ask is a contact of the directory
// (internal/contacts); the area keeps only the id.
package press

import (
	"slices"
	"time"
)

// Status is where a release stands.
type Status string

const (
	Draft     Status = "draft"     // being written
	Approval  Status = "approval"  // sent to the head for approval
	Returned  Status = "returned"  // the head returned it with comments
	Approved  Status = "approved"  // the head approved the current version
	Scheduled Status = "scheduled" // approved, and planned to go out at a time
	Sent      Status = "sent"      // gone out
)

// Statuses in the order filters show them.
var Statuses = []Status{Draft, Approval, Returned, Approved, Scheduled, Sent}

// Tone is the badge colour of a status.
func (s Status) Tone() string {
	switch s {
	case Approval:
		return "info"
	case Returned:
		return "warn"
	case Approved, Scheduled, Sent:
		return "ok"
	default:
		return "neutral"
	}
}

// Editable tells whether a release in status s may still be changed:
// once it has gone out (or is about to), it stands as sent.
func (s Status) Editable() bool { return s != Sent && s != Scheduled }

// Lang is a language a release is written in.
type Lang string

const (
	Latvian Lang = "lv"
	Russian Lang = "ru"
	English Lang = "en"
)

// Langs in the order forms and cards show them; Latvian is always written.
var Langs = []Lang{Latvian, Russian, English}

// Translations are the optional languages.
var Translations = []Lang{Russian, English}

// TextStatus is where one language's text stands: a translation is a draft
// until it is marked ready; only a ready text goes out.
type TextStatus string

const (
	TextDraft TextStatus = "draft"
	TextReady TextStatus = "ready"
)

// TextStatuses in the order forms show them.
var TextStatuses = []TextStatus{TextDraft, TextReady}

// Limits of a release's texts, the same as the database's.
const (
	MaxTitle = 300
	MaxLead  = 2000
	MaxBody  = 20000
	MaxTopic = 4000
	// MaxComment is the longest comment the head returns a release with.
	MaxComment = 4000
)

// Text is a release's text in one language.
type Text struct {
	Lang   Lang
	Status TextStatus
	Title  string
	Lead   string
	Body   string
}

// Content is what one version holds: what it explains and its texts.
type Content struct {
	Topic string
	Texts []Text // Latvian first, then the translations there are
}

// Text is c's text in lang, if it has one.
func (c Content) Text(lang Lang) (Text, bool) {
	for _, t := range c.Texts {
		if t.Lang == lang {
			return t, true
		}
	}
	return Text{}, false
}

// Languages are the languages c is written in, in the order of Langs.
func (c Content) Languages() []Lang {
	var out []Lang
	for _, l := range Langs {
		if _, ok := c.Text(l); ok {
			out = append(out, l)
		}
	}
	return out
}

// Same tells whether c and d say the same.
func (c Content) Same(d Content) bool {
	return c.Topic == d.Topic && slices.Equal(c.Texts, d.Texts)
}

// Check is the content's rules, as (field, catalogue key) pairs; the
// database holds the same.
func (c Content) Check() [][2]string {
	var out [][2]string
	lv, ok := c.Text(Latvian)
	if !ok || lv.Title == "" {
		out = append(out, [2]string{"title_lv", "press.release.title_lv_required"})
	}
	if !ok || lv.Body == "" {
		out = append(out, [2]string{"body_lv", "press.release.body_lv_required"})
	}
	for _, t := range c.Texts {
		if t.Lang == Latvian {
			continue
		}
		if t.Title == "" {
			out = append(out, [2]string{"title_" + string(t.Lang), "press.release.title_" + string(t.Lang) + "_required"})
		}
		if t.Body == "" {
			out = append(out, [2]string{"body_" + string(t.Lang), "press.release.body_" + string(t.Lang) + "_required"})
		}
	}
	return out
}

// Release is one press release as it stands, with its current version's
// content.
type Release struct {
	ID              int64
	Status          Status
	CurrentVersion  int
	ApprovedVersion *int
	Title           string // the current Latvian title
	Lead            string
	Languages       []Lang
	EmbargoUntil    *time.Time
	ContactPersonID *int64
	SentAt          *time.Time
	Version         int // the row's version, for stale forms
	CreatedAt       time.Time
	UpdatedAt       time.Time
	CreatedBy       *int64
	AuthorName      string
	Content         Content // of the current version; empty in lists
	IdempotencyKey  string
}

// UnderEmbargo tells whether the release may not be published at now.
func (r Release) UnderEmbargo(now time.Time) bool {
	return r.EmbargoUntil != nil && now.Before(*r.EmbargoUntil)
}

// DraftTranslations are the translations of the current version still
// being translated, which will not go out.
func (r Release) DraftTranslations() []Lang {
	var out []Lang
	for _, t := range r.Content.Texts {
		if t.Lang != Latvian && t.Status != TextReady {
			out = append(out, t.Lang)
		}
	}
	return out
}

// CanSubmit tells whether the release may be sent for approval.
func (r Release) CanSubmit() bool { return r.Status == Draft || r.Status == Returned }

// CanReview tells whether the head may approve or return it.
func (r Release) CanReview() bool { return r.Status == Approval }

// CanWithdraw tells whether its author may take it back from approval to
// keep writing.
func (r Release) CanWithdraw() bool { return r.Status == Approval }

// AfterEdit is the status a release in status s takes when its content
// changes: an edit after approval sends it back for approval.
func AfterEdit(s Status) Status {
	if s == Approved {
		return Approval
	}
	return s
}

// Version is one saved version of a release.
type Version struct {
	No        int
	Content   Content
	SavedAt   time.Time
	SavedBy   string
	Approved  bool // the head approved this version
	IsCurrent bool
}

// Decision is the head's word on a version sent for approval.
type Decision string

const (
	DecisionApproved Decision = "approved"
	DecisionReturned Decision = "returned"
)

// Review is one decision of the head.
type Review struct {
	VersionNo int
	Decision  Decision
	Comment   string
	By        string
	At        time.Time
}
