package twincities

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/daugavpils/prdesk/internal/audit"
	"github.com/daugavpils/prdesk/internal/calendar"
	"github.com/daugavpils/prdesk/internal/contacts"
	"github.com/daugavpils/prdesk/internal/db"
	"github.com/daugavpils/prdesk/internal/errs"
	"github.com/daugavpils/prdesk/internal/files"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/jobs"
)

// Store is the area's use cases: each exported method that writes is one
// transaction with its audit entry.
type Store struct {
	pool  *pgxpool.Pool
	jobs  *jobs.Client // queues the reminders' mail; nil sends none
	files *files.Store
	// contacts is the directory the agreements' partner and coordinators
	// come from; nil in a store that only reads the area's own tables.
	contacts *contacts.Store
	now      func() time.Time
}

// NewStore is the area's store, with what it takes of d.
func NewStore(d Deps) *Store {
	return &Store{pool: d.Pool, jobs: d.Jobs, files: d.Files, contacts: d.Contacts, now: d.Now}
}

// today is the date of the store's clock in Riga.
func (s *Store) today() time.Time { return calendar.DateOf(s.now()) }

// AuditEntities are the area's entities in the audit log. The agreements,
// their log and the cities' days name no resident: their summaries carry
// numbers only, and their details the cities and results as typed.
func AuditEntities() audit.Entities {
	return audit.Entities{"twin_agreement": false, "twin_day": false}
}

// entry is the audit entry of action on agreement id. The log's lines and
// the cities' days are written under their agreement, so that the card's
// timeline is the agreement's entries.
func entry(id int64, action, format string, args ...any) audit.Entry {
	return audit.Entry{Entity: "twin_agreement", EntityID: id, Action: action,
		Summary: fmt.Sprintf("Sadarbības līgums #%d: ", id) + fmt.Sprintf(format, args...)}
}

// lvText is a text of the catalogue in Latvian: what the area writes in
// the audit log is in the department's language whoever's page it was.
func lvText(key string) string { return i18n.T(i18n.WithLocale(context.Background(), "lv"), key) }

// ErrDuplicateKey is a form sent twice: the first made the record.
var ErrDuplicateKey = fmt.Errorf("twincities: idempotency key already used: %w", errs.Conflict)

const agreementColumns = `a.id, a.city, a.city_original, a.country, a.partner_org_id, a.our_coordinator_id,
	a.partner_coordinator_id, a.signed_on, a.scan_file_id, a.languages, a.fields, a.status, a.review_on,
	a.review_reminded_for, a.notes, a.version, a.created_at, a.updated_at,
	(select max(l.happened_on) from twin_log l where l.agreement_id = a.id and l.state = 'happened') as last_activity,
	coalesce(a.idempotency_key, '')`

func scanAgreement(row pgx.Row) (Agreement, error) {
	var a Agreement
	var fields []string
	err := row.Scan(&a.ID, &a.City, &a.CityOriginal, &a.Country, &a.PartnerOrgID, &a.OurCoordinatorID,
		&a.PartnerCoordinatorID, &a.SignedOn, &a.ScanFileID, &a.Languages, &fields, &a.Status, &a.ReviewOn,
		&a.ReviewRemindedFor, &a.Notes, &a.Version, &a.CreatedAt, &a.UpdatedAt, &a.LastActivity, &a.IdempotencyKey)
	for _, f := range fields {
		a.Fields = append(a.Fields, Field(f))
	}
	return a, err
}

func collectAgreements(rows pgx.Rows, err error) ([]Agreement, error) {
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (Agreement, error) { return scanAgreement(row) })
}

// Agreement reads one agreement.
func (s *Store) Agreement(ctx context.Context, id int64) (Agreement, error) {
	return agreement(ctx, s.pool, id)
}

func agreement(ctx context.Context, q db.Querier, id int64) (Agreement, error) {
	a, err := scanAgreement(q.QueryRow(ctx, `select `+agreementColumns+` from twin_agreements a where a.id = $1`, id))
	return a, db.NotFound(err, "twin agreement")
}

// ByIdempotencyKey finds the agreement a form already created.
func (s *Store) ByIdempotencyKey(ctx context.Context, key string) (int64, error) {
	var id int64
	err := s.pool.QueryRow(ctx, `select id from twin_agreements where idempotency_key = $1`, key).Scan(&id)
	return id, db.NotFound(err, "twin agreement by idempotency key")
}

func fieldStrings(fs []Field) []string {
	out := make([]string, 0, len(fs))
	for _, f := range fs {
		out = append(out, string(f))
	}
	return out
}

func nonNil(ss []string) []string {
	if ss == nil {
		return []string{}
	}
	return ss
}

// refuse turns a broken rule of the database into a refusal beside its
// field (the form checks the same first; this is the race).
func refuse(err error) error {
	switch {
	case db.IsUnique(err, "twin_agreements_idempotency_key_key"), db.IsUnique(err, "twin_log_idempotency_key_key"):
		return ErrDuplicateKey
	case db.IsForeignKey(err, "twin_agreements_partner_org_fk"):
		return errs.Field("partner_org_id", "twincities.err_unknown_contact")
	case db.IsForeignKey(err, "twin_agreements_our_coordinator_fk"):
		return errs.Field("our_coordinator_id", "twincities.err_unknown_contact")
	case db.IsForeignKey(err, "twin_agreements_partner_coordinator_fk"):
		return errs.Field("partner_coordinator_id", "twincities.err_unknown_contact")
	}
	return err
}

// checked refuses a's broken rules beside their fields.
func checked(a Agreement) error {
	if p := a.Check(); len(p) > 0 {
		return errs.Field(p[0][0], p[0][1])
	}
	return nil
}

// Create saves a new agreement with its scan (nil: none), and returns its id.
func (s *Store) Create(ctx context.Context, a Agreement, scan *files.Staged) (int64, error) {
	if err := checked(a); err != nil {
		return 0, err
	}
	var id int64
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		if err := checkContacts(ctx, tx, a); err != nil {
			return err
		}
		if scan != nil {
			f, err := s.files.SaveStaged(ctx, tx, scan)
			if err != nil {
				return err
			}
			a.ScanFileID = &f.ID
		}
		var key *string
		if a.IdempotencyKey != "" {
			key = &a.IdempotencyKey
		}
		err := tx.QueryRow(ctx, `
			insert into twin_agreements (city, city_original, country, partner_org_id, our_coordinator_id,
				partner_coordinator_id, signed_on, scan_file_id, languages, fields, status, review_on, notes,
				idempotency_key, created_at, updated_at, created_by)
			values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15, $16)
			returning id`,
			a.City, a.CityOriginal, a.Country, a.PartnerOrgID, a.OurCoordinatorID, a.PartnerCoordinatorID,
			a.SignedOn, a.ScanFileID, nonNil(a.Languages), fieldStrings(a.Fields), a.Status, a.ReviewOn, a.Notes,
			key, s.now(), audit.ActorID(ctx)).Scan(&id)
		if err != nil {
			return refuse(err)
		}
		if err := s.recordUses(ctx, tx, id, Agreement{}, a); err != nil {
			return err
		}
		e := entry(id, "create", "reģistrēts (statuss „%s”)", lvText("twincities.status."+string(a.Status)))
		e.Details = map[string]any{"city": a.City, "country": a.Country}
		return audit.Record(ctx, tx, e)
	})
	return id, err
}

// Update saves the agreement a (a.ID, a.Version as the form was drawn),
// with a new scan when scan is not nil.
func (s *Store) Update(ctx context.Context, a Agreement, scan *files.Staged) error {
	if err := checked(a); err != nil {
		return err
	}
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		old, err := agreement(ctx, tx, a.ID)
		if err != nil {
			return err
		}
		if err := checkContacts(ctx, tx, a); err != nil {
			return err
		}
		a.ScanFileID = old.ScanFileID
		if scan != nil {
			f, err := s.files.SaveStaged(ctx, tx, scan)
			if err != nil {
				return err
			}
			a.ScanFileID = &f.ID
		}
		tag, err := tx.Exec(ctx, `
			update twin_agreements set city = $3, city_original = $4, country = $5, partner_org_id = $6,
				our_coordinator_id = $7, partner_coordinator_id = $8, signed_on = $9, scan_file_id = $10,
				languages = $11, fields = $12, status = $13, review_on = $14, notes = $15,
				updated_at = $16, version = version + 1
			where id = $1 and version = $2`,
			a.ID, a.Version, a.City, a.CityOriginal, a.Country, a.PartnerOrgID, a.OurCoordinatorID,
			a.PartnerCoordinatorID, a.SignedOn, a.ScanFileID, nonNil(a.Languages), fieldStrings(a.Fields),
			a.Status, a.ReviewOn, a.Notes, s.now())
		if err := db.Versioned(tag, refuse(err)); err != nil {
			if errors.Is(err, errs.Conflict) {
				return errs.FieldConflict("city", "errors.conflict")
			}
			return err
		}
		if err := s.recordUses(ctx, tx, a.ID, old, a); err != nil {
			return err
		}
		action, summary := "update", "labots"
		if old.Status != a.Status {
			action, summary = "status", fmt.Sprintf("statuss „%s” → „%s”", lvText("twincities.status."+string(old.Status)),
				lvText("twincities.status."+string(a.Status)))
		}
		e := entry(a.ID, action, "%s", summary)
		e.Details = audit.Diff([][3]any{
			{"city", old.City, a.City}, {"city_original", old.CityOriginal, a.CityOriginal},
			{"country", old.Country, a.Country}, {"partner_org_id", ptr(old.PartnerOrgID), ptr(a.PartnerOrgID)},
			{"our_coordinator_id", ptr(old.OurCoordinatorID), ptr(a.OurCoordinatorID)},
			{"partner_coordinator_id", ptr(old.PartnerCoordinatorID), ptr(a.PartnerCoordinatorID)},
			{"signed_on", datePtr(old.SignedOn), datePtr(a.SignedOn)}, {"scan_file_id", ptr(old.ScanFileID), ptr(a.ScanFileID)},
			{"languages", old.Languages, a.Languages}, {"fields", old.Fields, a.Fields}, {"status", old.Status, a.Status},
			{"review_on", datePtr(old.ReviewOn), datePtr(a.ReviewOn)}, {"notes", old.Notes, a.Notes},
		})
		return audit.Record(ctx, tx, e)
	})
}

func ptr[T any](p *T) any {
	if p == nil {
		return nil
	}
	return *p
}

func datePtr(t *time.Time) any {
	if t == nil {
		return nil
	}
	return t.Format(time.DateOnly)
}

// ScanFile is the agreement's scan, when fileID is it: a file of another
// record is not found here.
func (s *Store) ScanFile(ctx context.Context, id, fileID int64) error {
	var ok bool
	err := s.pool.QueryRow(ctx, `select true from twin_agreements where id = $1 and scan_file_id = $2`, id, fileID).Scan(&ok)
	return db.NotFound(err, "twin agreement scan")
}

// TimelineLine is one entry of an agreement's history, from the audit log.
type TimelineLine struct {
	At      time.Time
	Actor   string
	Action  string
	Summary string
}

// Timeline is the agreement's history, newest first: every audit entry
// written under it (the agreement, its log, its days).
func (s *Store) Timeline(ctx context.Context, id int64) ([]TimelineLine, error) {
	rows, err := s.pool.Query(ctx, `
		select created_at, actor_name, action, summary from audit_log
		where entity = 'twin_agreement' and entity_id = $1
		order by id desc limit 200`, fmt.Sprint(id))
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (TimelineLine, error) {
		var l TimelineLine
		err := row.Scan(&l.At, &l.Actor, &l.Action, &l.Summary)
		return l, err
	})
}
