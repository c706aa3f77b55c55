package petitions

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/audit"
	"github.com/daugavpils/prdesk/internal/calendar"
	"github.com/daugavpils/prdesk/internal/db"
	"github.com/daugavpils/prdesk/internal/drafts"
	"github.com/daugavpils/prdesk/internal/errs"
	"github.com/daugavpils/prdesk/internal/files"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/mail"
)

// ErrDuplicateKey means the form was already registered (a double click,
// a resubmit): ByIdempotencyKey finds what it registered.
var ErrDuplicateKey = fmt.Errorf("petitions: idempotency key already registered: %w", errs.Conflict)

// checkAlphabet has 32 symbols without 0/O and 1/I, so a code read over the
// phone or typed from paper is not mistaken; 32 divides 256, so taking a
// random byte modulo 32 is unbiased.
const checkAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"

// newCheckCode is the code the person types on the status page.
func newCheckCode() string {
	b := make([]byte, 8)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand does not fail on supported systems
	}
	for i := range b {
		b[i] = checkAlphabet[int(b[i])%len(checkAlphabet)]
	}
	return string(b)
}

// newIdempotencyKey is the hidden key a rendered form carries.
func newIdempotencyKey() string { return rand.Text() }

// Enqueuer sends the acknowledgement by e-mail inside tx and tells the
// outbox row and the notice's status. The handler queues through the
// outbox; demo data records mail that went out long ago.
type Enqueuer func(ctx context.Context, tx pgx.Tx, m mail.Message) (outboxID int64, status string, err error)

// registration is what registering needs besides the submission.
type registration struct {
	At       time.Time // the moment of registering: numbering year, created_at
	Calendar *calendar.Calendar
	Rules    []Rule
	Files    *files.Store
	Scans    []*files.Staged
	Enqueue  Enqueuer
	BaseURL  string
}

// Register registers one submission with its scans, in one transaction:
// the year's next number, the deadline, the timeline, the audit entry and
// the acknowledgement (by e-mail through the outbox, or a letter to print).
// A case deactivated meanwhile is the case field's refusal; a form
// registered already is ErrDuplicateKey.
func (s *Store) Register(ctx context.Context, in NewPetition, scans []*files.Staged) (*Petition, error) {
	var p *Petition
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		// Held until commit, the calendar's revision row keeps a change to
		// the calendar from committing between the calendar read here and
		// this submission's commit: the change waits for it, and the
		// recomputation it queues then finds it; or this waits for the
		// change and reads the new calendar. Registrations share the lock.
		if _, err := tx.Exec(ctx, `select 1 from revisions where name = 'calendar' for share`); err != nil {
			return err
		}
		cal, err := s.calendar.Load(ctx, tx)
		if err != nil {
			return err
		}
		rules, err := rulesQ(ctx, tx)
		if err != nil {
			return err
		}
		p, err = register(ctx, tx, in, registration{
			At: s.now(), Calendar: cal, Rules: rules, Files: s.files, Scans: scans,
			Enqueue: s.enqueueMail, BaseURL: s.baseURLOf(ctx),
		})
		return err
	})
	return p, err
}

// enqueueMail queues the acknowledgement through the outbox.
func (s *Store) enqueueMail(ctx context.Context, tx pgx.Tx, m mail.Message) (int64, string, error) {
	id, err := mail.Enqueue(ctx, tx, s.jobs, m)
	if err != nil {
		return 0, "", fmt.Errorf("acknowledgement mail: %w", err)
	}
	return id, "queued", nil
}

// register writes one submission inside tx: the year's next number, the
// deadline of the rule in force on the day of receipt, the scans, the
// timeline, the audit entry and the acknowledgement. A repeated idempotency
// key is ErrDuplicateKey; the caller must roll back (the counter too).
func register(ctx context.Context, tx pgx.Tx, in NewPetition, reg registration) (*Petition, error) {
	var caseIndex string
	err := tx.QueryRow(ctx, `select case_index from doc_cases where id = $1 and active`, in.CaseID).Scan(&caseIndex)
	if errors.Is(err, pgx.ErrNoRows) {
		// Deactivated between showing the form and posting it.
		return nil, errs.Field("case_id", "petitions.register.errors.case_id_invalid")
	}
	if err != nil {
		return nil, err
	}
	rule, ok := RuleFor(reg.Rules, RuleAnswer, in.ReceivedAt)
	if !ok {
		return nil, fmt.Errorf("no answer rule in force on %s", i18n.Date(in.ReceivedAt))
	}
	dl, err := ComputeDeadline(reg.Calendar, rule, in.ReceivedAt)
	if err != nil {
		return nil, err
	}
	var forwardDue *time.Time
	if fwd, ok, err := ForwardDeadline(reg.Calendar, reg.Rules, in.ReceivedAt); err != nil {
		return nil, err
	} else if ok {
		forwardDue = &fwd.Due
	}
	// The acknowledgement tells the person the due date (acknowledge, below):
	// from now on it may move later, never earlier.
	var told *time.Time
	if in.ReplyChannel != "" {
		told = &dl.Due
	}

	// The scans are stored before the number is taken: moving and syncing
	// files is the slow part, and the counter's lock is held from here on.
	var scanIDs []int64
	for _, st := range reg.Scans {
		f, err := reg.Files.SaveStaged(ctx, tx, st)
		if err != nil {
			return nil, err
		}
		scanIDs = append(scanIDs, f.ID)
	}

	// The counter row stays locked until tx ends: numbers are handed out one
	// transaction at a time, and a rollback gives the number back.
	year := reg.At.In(i18n.Riga).Year()
	var seq int
	if err := tx.QueryRow(ctx, `insert into petition_counters (year, last) values ($1, 1)
		on conflict (year) do update set last = petition_counters.last + 1
		returning last`, year).Scan(&seq); err != nil {
		return nil, err
	}
	number := fmt.Sprintf("%s/%d/%d", caseIndex, year, seq)

	createdBy := audit.ActorID(ctx)
	var reply *string
	if in.ReplyChannel != "" {
		r := string(in.ReplyChannel)
		reply = &r
	}
	rows, _ := tx.Query(ctx, `insert into petitions (reg_number, case_id, reg_year, reg_seq, received_at, channel,
			doc_type, anonymous, person_name, person_code, person_address, person_email, person_phone,
			has_eaddress, reply_channel, e_signed, addressee_id, subject, summary, pages,
			due_date, legal_due_date, due_explanation, check_code, idempotency_key, created_at, updated_at, created_by,
			forward_due_date, told_due_date)
		values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20,
			$21, $21, $22, $23, $24, $25, $25, $26, $27, $28)
		returning `+petitionColumns,
		number, in.CaseID, year, seq, in.ReceivedAt, in.Channel, in.DocType, in.Anonymous,
		in.PersonName, in.PersonCode, in.PersonAddress, in.PersonEmail, in.PersonPhone,
		in.HasEAddress, reply, in.ESigned, in.AddresseeID, in.Subject, in.Summary, in.Pages,
		dl.Due, dl, newCheckCode(), in.IdempotencyKey, reg.At, createdBy, forwardDue, told)
	p, err := pgx.CollectExactlyOneRow(rows, pgx.RowToAddrOfStructByName[Petition])
	if db.IsUnique(err, "petitions_idempotency_key_key") {
		return nil, ErrDuplicateKey
	}
	if err != nil {
		return nil, err
	}

	for _, fileID := range scanIDs {
		if _, err := tx.Exec(ctx, `insert into petition_files (petition_id, file_id, kind, created_at, created_by)
			values ($1, $2, 'scan', $3, $4)`, p.ID, fileID, reg.At, createdBy); err != nil {
			return nil, err
		}
	}

	registered := map[string]any{
		"reg_number": number, "due_date": dl.Due.Format(time.DateOnly), "rule_id": rule.ID, "scans": len(scanIDs),
	}
	if forwardDue != nil {
		registered["forward_due_date"] = forwardDue.Format(time.DateOnly)
	}
	if err := AddEvent(ctx, tx, reg.At, p.ID, "registered", "", Registered, "", registered); err != nil {
		return nil, err
	}
	if err := record(ctx, tx, "petition", p.ID, "create",
		map[string]any{"reg_number": number, "case_id": in.CaseID, "due_date": dl.Due.Format(time.DateOnly),
			"channel": in.Channel, "doc_type": in.DocType, "scan_file_ids": scanIDs},
		"Reģistrēts iesniegums %s, atbildes termiņš %s", number, i18n.Date(dl.Due)); err != nil {
		return nil, err
	}
	if err := acknowledge(ctx, tx, p, reg); err != nil {
		return nil, err
	}
	return p, nil
}

// acknowledge tells the person the number, the dates and the check code by
// the channel they chose: e-mail through the outbox; otherwise a letter to
// print (post, in person, or to send to the e-address by hand).
func acknowledge(ctx context.Context, tx pgx.Tx, p *Petition, reg registration) error {
	if p.ReplyChannel == nil {
		return nil // anonymous: nobody to tell
	}
	channel := *p.ReplyChannel
	status := "to_print"
	var outboxID *int64
	if ReplyChannel(channel) == ReplyEmail {
		id, st, err := reg.Enqueue(ctx, tx, mail.Message{
			To:       p.PersonEmail,
			ToName:   p.PersonName,
			Subject:  i18n.T(lv, "petitions.register.ack_mail_subject", p.RegNumber),
			Body:     ackMailBody(lv, p, reg.BaseURL),
			Entity:   "petition",
			EntityID: p.ID,
		})
		if err != nil {
			return err
		}
		outboxID, status = &id, st
	}
	var noticeID int64
	if err := tx.QueryRow(ctx, `insert into petition_notices (petition_id, kind, channel, outbox_id, status, created_at, updated_at, created_by)
		values ($1, 'acknowledgement', $2, $3, $4, $5, $5, $6) returning id`,
		p.ID, channel, outboxID, status, reg.At, audit.ActorID(ctx)).Scan(&noticeID); err != nil {
		return err
	}
	return AddEvent(ctx, tx, reg.At, p.ID, "notice", "", "", "", map[string]any{
		"notice_id": noticeID, "kind": "acknowledgement", "channel": channel, "status": status, "outbox_id": outboxID,
	})
}

// ackMailBody is the acknowledgement's text, in Latvian.
func ackMailBody(ctx context.Context, p *Petition, baseURL string) string {
	return i18n.T(ctx, "petitions.register.ack_mail_body", i18n.M{
		"number":   p.RegNumber,
		"received": i18n.Date(p.ReceivedAt),
		"due":      i18n.Date(p.DueDate),
		"code":     p.CheckCode,
		"url":      baseURL + "/status",
		"org":      i18n.T(ctx, "app.municipality"),
	})
}

// ByIdempotencyKey finds the submission a form already registered: its id
// and number, or errs.NotFound.
func (s *Store) ByIdempotencyKey(ctx context.Context, key string) (int64, string, error) {
	var id int64
	var number string
	err := s.pool.QueryRow(ctx, `select id, reg_number from petitions where idempotency_key = $1`, key).Scan(&id, &number)
	return id, number, db.NotFound(err, "petition by idempotency key")
}

// Similar is an earlier submission of the same person on a similar subject.
type Similar struct {
	ID        int64  `db:"id"`
	RegNumber string `db:"reg_number"`
	Subject   string `db:"subject"`
}

// SimilarTo finds the most similar submission the same person (same
// personal code, e-mail or name without diacritics) registered in the 30
// days before p, by trigram similarity of the subject above 0.4.
func (s *Store) SimilarTo(ctx context.Context, p *Petition) (*Similar, error) {
	if p.Anonymous || (p.PersonCode == "" && p.PersonEmail == "" && p.PersonName == "") {
		return nil, nil
	}
	// The same person, by each key given, through that key's index: one
	// condition with the three joined by "or" read the whole registry.
	args := []any{p.ID, p.CreatedAt, p.Subject}
	var same []string
	key := func(cond string, v string) {
		args = append(args, v)
		same = append(same, `select id from petitions where `+strings.ReplaceAll(cond, "$v", "$"+strconv.Itoa(len(args))))
	}
	if p.PersonCode != "" {
		key(`person_code <> '' and person_code = $v`, p.PersonCode)
	}
	if p.PersonEmail != "" {
		key(`person_email <> '' and lower(person_email) = lower($v)`, p.PersonEmail)
	}
	if p.PersonName != "" {
		key(`search_name <> '' and search_name = lower(prdesk_unaccent($v))`, p.PersonName)
	}
	rows, _ := s.pool.Query(ctx, `
		select id, reg_number, subject from petitions
		where id in (`+strings.Join(same, " union ")+`)
		  and id <> $1
		  and created_at >= $2::timestamptz - interval '30 days' and created_at <= $2::timestamptz
		  and similarity(subject, $3) > 0.4
		order by similarity(subject, $3) desc, id desc
		limit 1`, args...)
	sim, err := pgx.CollectExactlyOneRow(rows, pgx.RowToAddrOfStructByName[Similar])
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	return sim, err
}

// heldScansForm is the draft the registration form's kept scans wait under.
const heldScansForm = "petitions.register.scans"

// HoldScans keeps the scans of a refused registration form, for the account
// of ctx, until the form comes back (at most drafts.TTL), and returns the
// key the form carries (a draft on the server: what the files are and
// where they wait, never in the page). The files themselves wait in the
// files store's tmp (files.Store.Hold).
func (s *Store) HoldScans(ctx context.Context, held []files.Held) (string, error) {
	values := url.Values{}
	for _, h := range held {
		b, err := json.Marshal(h)
		if err != nil {
			return "", err
		}
		values.Add("scan", string(b))
	}
	var key string
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		var err error
		if key, err = drafts.Keep(ctx, tx, heldScansForm, values, s.now()); err != nil {
			return err
		}
		// Under the draft's entity, as its taking is (drafts.Take): nothing
		// is in the registry yet.
		return audit.Record(ctx, tx, audit.Entry{Entity: "form_draft", EntityID: heldScansForm, Action: "keep",
			Summary: fmt.Sprintf("Reģistrācijas veidlapa atgriezta labošanai, tās skenējumi (%d) paturēti", len(held)),
			Details: map[string]any{"scans": len(held)}})
	})
	return key, err
}

// TakeHeldScans gives the scans HoldScans kept under key, once; a key that
// is not one, expired or another account's gives none.
func (s *Store) TakeHeldScans(ctx context.Context, key string) ([]files.Held, error) {
	values, err := drafts.Take(ctx, s.pool, heldScansForm, key, s.now())
	if err != nil {
		return nil, err
	}
	var out []files.Held
	for _, raw := range values["scan"] {
		var h files.Held
		if json.Unmarshal([]byte(raw), &h) == nil {
			out = append(out, h)
		}
	}
	return out, nil
}
