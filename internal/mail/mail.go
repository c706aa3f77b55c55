// Package mail sends outgoing mail through an outbox.
//
// An area that must tell someone something calls Enqueue inside the
// transaction of the write that caused it: one mail_outbox row and one River
// job are inserted there, so the mail exists exactly when the write commits.
// The job's worker sends the row over SMTP, marks it sent, or records the
// failed attempt and lets River retry with back-off; the outbox row is the
// mail's history (status, attempts, last error), shown beside the entity.
package mail

import (
	"errors"
	"fmt"
	"mime"
	netmail "net/mail"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/riverqueue/river"
)

// Queue is the River queue mail jobs run in, apart from other work so that a
// slow SMTP server never holds up other jobs.
const Queue = "mail"

// MaxAttempts is how often a mail is tried before the outbox row is 'failed'.
// With the back-off of retryDelays that spans almost nine hours: a mail server
// that is down for a morning still gets the mail out the same day.
const MaxAttempts = 8

// Statuses of an outbox row.
const (
	StatusPending = "pending"
	StatusSent    = "sent"
	StatusFailed  = "failed"
)

// ErrInvalid is returned by Enqueue for a message that cannot be sent as given.
var ErrInvalid = errors.New("mail: invalid message")

// Message is one plain-text mail to one recipient, with zero or more
// attachments.
type Message struct {
	To       string // bare address: jana.ozola@example.lv
	ToName   string // optional display name: Jana Ozola
	Subject  string // one line, at most 300 characters
	Body     string // plain text, UTF-8
	Entity   string // what the mail is about, as in the audit log: "petition", "visit"
	EntityID any    // that entity's id
	// Attachments go after the body as files, in this order (multipart/mixed).
	// A mail without them is the single text part it always was.
	Attachments []Attachment
}

// Attachment is a file a mail carries. Its bytes are kept in the outbox
// while the mail waits, and dropped once it is sent or given up: the
// record the file was made from is where it is read again, and the outbox
// keeps no copy of what the file says.
type Attachment struct {
	// Name is the file name the reader sees, UTF-8 (Latvian letters and
	// all): "Nedēļas pārskats 23.11.2026.pdf". It is written into the mail
	// both ways readers know (RFC 2231 and RFC 2047).
	Name string
	// ContentType is the bare media type: "application/pdf".
	ContentType string
	Content     []byte
	// Size is the bytes' length as kept; filled when read back, when
	// Content may be gone (Attachments). Enqueue counts it itself.
	Size int
}

// Limits of a mail's attachments: relays refuse larger mail, and a mail
// is no file share.
const (
	MaxAttachments       = 10
	MaxAttachmentNameLen = 150      // characters
	MaxAttachmentsBytes  = 10 << 20 // all of one mail's attachments together
)

// SendArgs is the River job that sends one outbox row.
type SendArgs struct {
	OutboxID int64 `json:"outbox_id"`
}

// Kind names the job in River's table.
func (SendArgs) Kind() string { return "mail_send" }

// InsertOpts puts mail jobs in their own queue with their own attempt limit.
func (SendArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: Queue, MaxAttempts: MaxAttempts}
}

func (m Message) validate() error {
	to := strings.TrimSpace(m.To)
	addr, err := netmail.ParseAddress(to)
	if err != nil || addr.Address != to || len(to) > 254 {
		return fmt.Errorf("%w: recipient %q is not a bare e-mail address", ErrInvalid, m.To)
	}
	subject := strings.TrimSpace(m.Subject)
	if subject == "" || utf8.RuneCountInString(subject) > 300 {
		return fmt.Errorf("%w: the subject must have 1 to 300 characters", ErrInvalid)
	}
	// A line break in a header would let text become a header of its own.
	if strings.ContainsAny(m.Subject+m.ToName, "\r\n") {
		return fmt.Errorf("%w: line break in the subject or recipient name", ErrInvalid)
	}
	if strings.TrimSpace(m.Body) == "" {
		return fmt.Errorf("%w: empty body", ErrInvalid)
	}
	if !utf8.ValidString(m.Subject + m.ToName + m.Body) {
		return fmt.Errorf("%w: text is not UTF-8", ErrInvalid)
	}
	if len(m.Attachments) > MaxAttachments {
		return fmt.Errorf("%w: more than %d attachments", ErrInvalid, MaxAttachments)
	}
	total := 0
	for _, a := range m.Attachments {
		if err := a.validate(); err != nil {
			return err
		}
		total += len(a.Content)
	}
	if total > MaxAttachmentsBytes {
		return fmt.Errorf("%w: attachments of %d bytes, at most %d", ErrInvalid, total, MaxAttachmentsBytes)
	}
	return nil
}

func (a Attachment) validate() error {
	name := strings.TrimSpace(a.Name)
	if name == "" || !utf8.ValidString(name) || utf8.RuneCountInString(name) > MaxAttachmentNameLen {
		return fmt.Errorf("%w: an attachment's name must be UTF-8 of 1 to %d characters", ErrInvalid, MaxAttachmentNameLen)
	}
	if strings.ContainsFunc(name, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
		return fmt.Errorf("%w: control character in attachment name %q", ErrInvalid, name)
	}
	mt, params, err := mime.ParseMediaType(a.ContentType)
	if err != nil || len(params) > 0 || !strings.Contains(mt, "/") || mt != a.ContentType || len(mt) > 100 {
		return fmt.Errorf("%w: attachment %q has content type %q, want a bare media type", ErrInvalid, name, a.ContentType)
	}
	if len(a.Content) == 0 {
		return fmt.Errorf("%w: attachment %q is empty", ErrInvalid, name)
	}
	return nil
}

// Outbox is one row of mail_outbox.
type Outbox struct {
	ID        int64      `db:"id"`
	ToAddress string     `db:"to_address"`
	ToName    string     `db:"to_name"`
	Subject   string     `db:"subject"`
	BodyText  string     `db:"body_text"`
	Status    string     `db:"status"`
	Attempts  int        `db:"attempts"`
	LastError string     `db:"last_error"`
	SentAt    *time.Time `db:"sent_at"`
	Entity    string     `db:"entity"`
	EntityID  string     `db:"entity_id"`
	CreatedAt time.Time  `db:"created_at"`
	UpdatedAt time.Time  `db:"updated_at"`
	CreatedBy *int64     `db:"created_by"`
}
