package press

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/daugavpils/prdesk/internal/audit"
	"github.com/daugavpils/prdesk/internal/contacts"
	"github.com/daugavpils/prdesk/internal/db"
	"github.com/daugavpils/prdesk/internal/errs"
	"github.com/daugavpils/prdesk/internal/files"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/jobs"
	"github.com/daugavpils/prdesk/internal/monitoring"
)

// Store is the area's use cases: each exported method that writes is one
// transaction with its audit entry.
type Store struct {
	pool  *pgxpool.Pool
	jobs  *jobs.Client
	files *files.Store
	// contacts is the directory the contact person comes from; nil in a
	// store that only reads the area's own tables.
	contacts *contacts.Store
	now      func() time.Time
	// A search matching more than commonAbove releases walks the list's
	// order, firstChunk releases at first (List); tests make both small.
	// Every search first reads the newest probeChunk of the order.
	commonAbove, firstChunk, probeChunk int
}

// NewStore is the area's store, with what it takes of d.
func NewStore(d Deps) *Store {
	return &Store{pool: d.Pool, jobs: d.Jobs, files: d.Files, contacts: d.Contacts, now: d.Now,
		commonAbove: CountBound, firstChunk: 200, probeChunk: 2 * PageSize}
}

// AuditEntities are the area's entities in the audit log. A release is
// written for the public; its summaries carry numbers only, its details
// the titles as typed. An event's entries carry the accredited
// journalists' names and addresses in their details. A statement's carry
// the texts submitted and approved and whom staff entered it for. A
// retention run's carry its counts only.
func AuditEntities() audit.Entities {
	return audit.Entities{"press_release": false, "press_event": true, "press_interview": false, "press_text": false,
		"press_emergency": false, "press_statement": true, "press_retention": false}
}

// entry is the audit entry of action on release id.
func entry(id int64, action, format string, args ...any) audit.Entry {
	return audit.Entry{Entity: "press_release", EntityID: id, Action: action,
		Summary: fmt.Sprintf("Preses relīze #%d: ", id) + fmt.Sprintf(format, args...)}
}

// lvText is a text of the catalogue in Latvian: the audit log is written
// in the department's language whoever's page it was.
func lvText(key string) string { return i18n.T(i18n.WithLocale(context.Background(), "lv"), key) }

// ErrDuplicateKey is a form sent twice: the first made the record.
var ErrDuplicateKey = fmt.Errorf("press: %w", errs.KeyUsed)

// UseContactPerson is what the contact person is to a release, in the
// directory's record of uses.
const UseContactPerson = "contact_person"

const releaseColumns = `r.id, r.status, r.current_version, r.approved_version, r.title, r.lead, r.languages,
	r.embargo_until, r.contact_person_id, r.sent_at, r.version, r.created_at, r.updated_at, r.created_by,
	coalesce((select u.full_name from users u where u.id = r.created_by), ''), coalesce(r.idempotency_key, '')`

// scanRelease scans releaseColumns, and more after them.
func scanRelease(row pgx.Row, more ...any) (Release, error) {
	var r Release
	var langs []string
	err := row.Scan(append([]any{&r.ID, &r.Status, &r.CurrentVersion, &r.ApprovedVersion, &r.Title, &r.Lead, &langs,
		&r.EmbargoUntil, &r.ContactPersonID, &r.SentAt, &r.Version, &r.CreatedAt, &r.UpdatedAt, &r.CreatedBy,
		&r.AuthorName, &r.IdempotencyKey}, more...)...)
	for _, l := range langs {
		r.Languages = append(r.Languages, Lang(l))
	}
	return r, err
}

// Release reads one release with its current version's content.
func (s *Store) Release(ctx context.Context, id int64) (Release, error) {
	var r Release
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		var err error
		r, err = release(ctx, tx, id, false)
		return err
	})
	return r, err
}

// release reads release id through q (locked for the use case with lock).
func release(ctx context.Context, q db.Querier, id int64, lock bool) (Release, error) {
	sql := `select ` + releaseColumns + ` from press_releases r where r.id = $1`
	if lock {
		sql += ` for update of r`
	}
	r, err := scanRelease(q.QueryRow(ctx, sql, id))
	if err != nil {
		return r, db.NotFound(err, "press release")
	}
	r.Content, err = content(ctx, q, id, r.CurrentVersion)
	return r, err
}

// content is version no of release id.
func content(ctx context.Context, q db.Querier, id int64, no int) (Content, error) {
	var c Content
	if err := q.QueryRow(ctx, `select topic from press_release_versions where release_id = $1 and no = $2`, id, no).Scan(&c.Topic); err != nil {
		return c, db.NotFound(err, "press release version")
	}
	rows, _ := q.Query(ctx, `select lang, status, title, lead, body from press_release_texts
		where release_id = $1 and version_no = $2
		order by array_position(array['lv','ru','en'], lang)`, id, no)
	var err error
	c.Texts, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (Text, error) {
		var t Text
		err := row.Scan(&t.Lang, &t.Status, &t.Title, &t.Lead, &t.Body)
		return t, err
	})
	return c, err
}

// ByIdempotencyKey finds the release a form already created.
func (s *Store) ByIdempotencyKey(ctx context.Context, key string) (int64, error) {
	var id int64
	err := s.pool.QueryRow(ctx, `select id from press_releases where idempotency_key = $1`, key).Scan(&id)
	return id, db.NotFound(err, "press release by idempotency key")
}

// Input is a release as a form gives it: its content and its settings.
type Input struct {
	Content         Content
	EmbargoUntil    *time.Time
	ContactPersonID *int64
	IdempotencyKey  string
}

// checked refuses d's broken rules beside their fields.
func checked(d Input) error {
	if p := d.Content.Check(); len(p) > 0 {
		return errs.Field(p[0][0], p[0][1])
	}
	return nil
}

// searchText is SQL folding $n, the texts of a version, for the search.
const searchText = `lower(prdesk_unaccent(%s))`

// foldedContent is the text the list's search reads: the topic and every
// language's title, lead and body.
func foldedContent(c Content) string {
	out := c.Topic
	for _, t := range c.Texts {
		out += "\n" + t.Title + "\n" + t.Lead + "\n" + t.Body
	}
	return out
}

func langStrings(ls []Lang) []string {
	out := make([]string, 0, len(ls))
	for _, l := range ls {
		out = append(out, string(l))
	}
	return out
}

// insertVersion saves c as version no of release id.
func (s *Store) insertVersion(ctx context.Context, tx pgx.Tx, id int64, no int, c Content) error {
	if _, err := tx.Exec(ctx, `insert into press_release_versions (release_id, no, topic, saved_at, saved_by)
		values ($1, $2, $3, $4, $5)`, id, no, c.Topic, s.now(), audit.ActorID(ctx)); err != nil {
		return err
	}
	for _, t := range c.Texts {
		if _, err := tx.Exec(ctx, `insert into press_release_texts (release_id, version_no, lang, status, title, lead, body)
			values ($1, $2, $3, $4, $5, $6, $7)`, id, no, t.Lang, t.Status, t.Title, t.Lead, t.Body); err != nil {
			return err
		}
	}
	return nil
}

// latvian is c's Latvian text (Check made sure there is one).
func latvian(c Content) Text {
	t, _ := c.Text(Latvian)
	return t
}

// refuse turns a broken rule of the database into a refusal beside its
// field (the form checks the same first; this is the race).
func refuse(err error) error {
	switch {
	case db.IsUnique(err, "press_releases_idempotency_key_key"):
		return ErrDuplicateKey
	case db.IsForeignKey(err, "press_releases_contact_person_id_fkey"):
		return errs.Field("contact_person_id", "press.release.err_unknown_contact")
	}
	return err
}

// Create saves a new release as its first version, a draft, and returns
// its id.
func (s *Store) Create(ctx context.Context, d Input) (int64, error) {
	if err := checked(d); err != nil {
		return 0, err
	}
	var id int64
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		if err := s.checkContact(ctx, tx, d.ContactPersonID); err != nil {
			return err
		}
		var key *string
		if d.IdempotencyKey != "" {
			key = &d.IdempotencyKey
		}
		lv := latvian(d.Content)
		err := tx.QueryRow(ctx, `
			insert into press_releases (status, current_version, title, lead, languages, embargo_until,
				contact_person_id, search, idempotency_key, created_at, updated_at, created_by)
			values ('draft', 1, $1, $2, $3, $4, $5, `+fmt.Sprintf(searchText, "$6")+`, $7, $8, $8, $9)
			returning id`,
			lv.Title, lv.Lead, langStrings(d.Content.Languages()), d.EmbargoUntil, d.ContactPersonID,
			foldedContent(d.Content), key, s.now(), audit.ActorID(ctx)).Scan(&id)
		if err != nil {
			return refuse(err)
		}
		if err := s.insertVersion(ctx, tx, id, 1, d.Content); err != nil {
			return err
		}
		if err := s.recordContact(ctx, tx, id, nil, d.ContactPersonID); err != nil {
			return err
		}
		e := entry(id, "create", "sagatavota (1. versija)")
		e.Details = map[string]any{"title": lv.Title, "languages": d.Content.Languages()}
		return audit.Record(ctx, tx, e)
	})
	return id, err
}

// SaveResult is what a save did.
type SaveResult struct {
	NewVersion int    // the version it saved; 0 when the texts did not change
	Status     Status // the release's status after it
}

// Save saves d over release id as the form was drawn at version. Changed
// texts are a new version; an approved release whose texts change goes
// back to the head for approval.
func (s *Store) Save(ctx context.Context, id int64, version int, d Input) (SaveResult, error) {
	var res SaveResult
	if err := checked(d); err != nil {
		return res, err
	}
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		old, err := release(ctx, tx, id, true)
		if err != nil {
			return err
		}
		if old.Version != version {
			return errs.FieldConflict("title_lv", "errors.conflict")
		}
		if !old.Status.Editable() {
			return fmt.Errorf("press: release %d is %s: %w", id, old.Status, errs.Conflict)
		}
		if err := s.checkContact(ctx, tx, d.ContactPersonID); err != nil {
			return err
		}
		res.Status = old.Status
		no := old.CurrentVersion
		if !old.Content.Same(d.Content) {
			no++
			res.NewVersion, res.Status = no, AfterEdit(old.Status)
			if err := s.insertVersion(ctx, tx, id, no, d.Content); err != nil {
				return err
			}
		}
		lv := latvian(d.Content)
		if _, err := tx.Exec(ctx, `
			update press_releases set status = $2, current_version = $3, title = $4, lead = $5, languages = $6,
				embargo_until = $7, contact_person_id = $8, search = `+fmt.Sprintf(searchText, "$9")+`,
				updated_at = $10, version = version + 1
			where id = $1`,
			id, res.Status, no, lv.Title, lv.Lead, langStrings(d.Content.Languages()), d.EmbargoUntil,
			d.ContactPersonID, foldedContent(d.Content), s.now()); err != nil {
			return refuse(err)
		}
		if err := s.recordContact(ctx, tx, id, old.ContactPersonID, d.ContactPersonID); err != nil {
			return err
		}
		summary := "iestatījumi laboti"
		if res.NewVersion > 0 {
			summary = fmt.Sprintf("saglabāta %d. versija", res.NewVersion)
		}
		if res.Status != old.Status {
			summary += fmt.Sprintf("; statuss „%s” → „%s”", lvText("press.status."+string(old.Status)), lvText("press.status."+string(res.Status)))
		}
		e := entry(id, "update", "%s", summary)
		e.Details = audit.Diff([][3]any{
			{"title", old.Title, lv.Title}, {"languages", old.Languages, d.Content.Languages()},
			{"embargo_until", timePtr(old.EmbargoUntil), timePtr(d.EmbargoUntil)},
			{"contact_person_id", ptr(old.ContactPersonID), ptr(d.ContactPersonID)},
		})
		return audit.Record(ctx, tx, e)
	})
	return res, err
}

func ptr[T any](p *T) any {
	if p == nil {
		return nil
	}
	return *p
}

func timePtr(t *time.Time) any {
	if t == nil {
		return nil
	}
	return t.UTC().Format(time.RFC3339)
}

// checkContact refuses a contact person who is not a person of the
// directory.
func (s *Store) checkContact(ctx context.Context, tx pgx.Tx, id *int64) error {
	if id == nil {
		return nil
	}
	return contacts.Exists(ctx, tx, *id, contacts.Person, "contact_person_id")
}

// recordContact writes to the directory that the contact person is the
// release's, and forgets the one before.
func (s *Store) recordContact(ctx context.Context, tx pgx.Tx, id int64, old, now *int64) error {
	if s.contacts == nil || slices.Equal(idList(old), idList(now)) {
		return nil
	}
	ref := strconv.FormatInt(id, 10)
	if old != nil {
		if err := s.contacts.ForgetUse(ctx, tx, *old, "press", UseContactPerson, ref); err != nil {
			return err
		}
	}
	if now != nil {
		return s.contacts.RecordUse(ctx, tx, *now, "press", UseContactPerson, ref)
	}
	return nil
}

func idList(p *int64) []int64 {
	if p == nil {
		return nil
	}
	return []int64{*p}
}

// ErrWrongStatus is a step the release's status does not allow (a page
// drawn before someone else moved it on).
var ErrWrongStatus = fmt.Errorf("press: not in a status for this step: %w", errs.Conflict)

// step moves release id, as drawn at version, from one of from to status
// to, with its audit entry; more runs inside the transaction after the
// move (a review's row).
func (s *Store) step(ctx context.Context, id int64, version int, from []Status, to Status,
	action, summary string, more func(tx pgx.Tx, r Release) error) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		r, err := release(ctx, tx, id, true)
		if err != nil {
			return err
		}
		if r.Version != version || !slices.Contains(from, r.Status) {
			return ErrWrongStatus
		}
		approved := r.ApprovedVersion
		if to == Approved {
			approved = &r.CurrentVersion
		}
		if _, err := tx.Exec(ctx, `update press_releases set status = $2, approved_version = $3, updated_at = $4,
			version = version + 1 where id = $1`, id, to, approved, s.now()); err != nil {
			return err
		}
		if more != nil {
			if err := more(tx, r); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, entry(id, action, "%d. versija %s", r.CurrentVersion, summary))
	})
}

// Submit sends the release to the head for approval.
func (s *Store) Submit(ctx context.Context, id int64, version int) error {
	return s.step(ctx, id, version, []Status{Draft, Returned}, Approval, "submit", "nodota apstiprināšanai", nil)
}

// Withdraw takes the release back from approval to keep writing it.
func (s *Store) Withdraw(ctx context.Context, id int64, version int) error {
	return s.step(ctx, id, version, []Status{Approval}, Draft, "withdraw", "atsaukta no apstiprināšanas", nil)
}

// Approve is the head's approval of the current version (the one the
// page showed: versionNo), with an optional comment.
func (s *Store) Approve(ctx context.Context, id int64, version, versionNo int, comment string) error {
	return s.review(ctx, id, version, versionNo, DecisionApproved, comment)
}

// Return sends the release back to its author with the head's comments.
func (s *Store) Return(ctx context.Context, id int64, version, versionNo int, comment string) error {
	if comment == "" {
		return errs.Field("comment", "press.review.comment_required")
	}
	return s.review(ctx, id, version, versionNo, DecisionReturned, comment)
}

func (s *Store) review(ctx context.Context, id int64, version, versionNo int, d Decision, comment string) error {
	to, action, summary := Approved, "approve", "apstiprināta"
	if d == DecisionReturned {
		to, action, summary = Returned, "return", "atgriezta ar komentāriem"
	}
	err := s.step(ctx, id, version, []Status{Approval}, to, action, summary, func(tx pgx.Tx, r Release) error {
		if r.CurrentVersion != versionNo {
			return ErrWrongStatus
		}
		_, err := tx.Exec(ctx, `insert into press_release_reviews (release_id, version_no, decision, comment, decided_by, decided_at)
			values ($1, $2, $3, $4, $5, $6)`, id, versionNo, d, comment, audit.ActorID(ctx), s.now())
		return err
	})
	if errors.Is(err, ErrWrongStatus) {
		return errs.FieldConflict("comment", "press.review.stale")
	}
	return err
}

// Versions are the release's versions, newest first, without their texts.
func (s *Store) Versions(ctx context.Context, id int64) ([]Version, error) {
	rows, _ := s.pool.Query(ctx, `
		select v.no, v.saved_at, coalesce(u.full_name, ''), coalesce(v.no = r.approved_version, false), v.no = r.current_version
		from press_release_versions v join press_releases r on r.id = v.release_id
		left join users u on u.id = v.saved_by
		where v.release_id = $1 order by v.no desc`, id)
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (Version, error) {
		var v Version
		err := row.Scan(&v.No, &v.SavedAt, &v.SavedBy, &v.Approved, &v.IsCurrent)
		return v, err
	})
}

// VersionContent is version no of release id.
func (s *Store) VersionContent(ctx context.Context, id int64, no int) (Content, error) {
	var c Content
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		var err error
		c, err = content(ctx, tx, id, no)
		return err
	})
	return c, err
}

// Reviews are the head's decisions on the release, newest first.
func (s *Store) Reviews(ctx context.Context, id int64) ([]Review, error) {
	rows, _ := s.pool.Query(ctx, `
		select v.version_no, v.decision, v.comment, coalesce(u.full_name, ''), v.decided_at
		from press_release_reviews v left join users u on u.id = v.decided_by
		where v.release_id = $1 order by v.id desc`, id)
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (Review, error) {
		var r Review
		err := row.Scan(&r.VersionNo, &r.Decision, &r.Comment, &r.By, &r.At)
		return r, err
	})
}

// TimelineLine is one entry of a release's history, from the audit log.
type TimelineLine struct {
	At      time.Time
	Actor   string
	Action  string
	Summary string
}

// Timeline is the release's history, newest first.
func (s *Store) Timeline(ctx context.Context, id int64) ([]TimelineLine, error) {
	rows, _ := s.pool.Query(ctx, `
		select created_at, actor_name, action, summary from audit_log
		where entity = 'press_release' and entity_id = $1
		order by id desc limit 200`, strconv.FormatInt(id, 10))
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (TimelineLine, error) {
		var l TimelineLine
		err := row.Scan(&l.At, &l.Actor, &l.Action, &l.Summary)
		return l, err
	})
}

// Contact is a contact of the directory as the area shows it.
type Contact struct {
	ID     int64
	Name   string
	Detail string // a person's position and organisation
}

// Contact is the directory's contact id, if it has it.
func (s *Store) Contact(ctx context.Context, id *int64) (*Contact, error) {
	if s.contacts == nil || id == nil {
		return nil, nil
	}
	bs, err := s.contacts.Briefs(ctx, []int64{*id})
	if err != nil || len(bs) == 0 {
		return nil, err
	}
	return &Contact{ID: bs[0].ID, Name: bs[0].Name, Detail: bs[0].Detail}, nil
}

// CoverageShown is how many of a release's clippings its card lists.
const CoverageShown = 20

// Coverage is the clippings the media monitoring area linked to release
// id, the newest CoverageShown, and how many there are.
func (s *Store) Coverage(ctx context.Context, id int64) ([]monitoring.Coverage, int, error) {
	return monitoring.ReleaseCoverage(ctx, s.pool, id, CoverageShown)
}
