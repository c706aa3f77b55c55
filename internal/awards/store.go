package awards

import (
	"context"
	"crypto/rand"
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
	pool     *pgxpool.Pool
	jobs     *jobs.Client
	files    *files.Store
	contacts *contacts.Store
	now      func() time.Time
}

// NewStore is the area's store, with what it takes of d.
func NewStore(d Deps) *Store {
	return &Store{pool: d.Pool, jobs: d.Jobs, files: d.Files, contacts: d.Contacts, now: d.Now}
}

// today is the date of the store's clock in Riga.
func (s *Store) today() time.Time { return calendar.DateOf(s.now()) }

// AuditEntities are the area's entities in the audit log: the types and
// rounds name no resident; a nomination (and the commission's work on it)
// concerns the nominee.
func AuditEntities() audit.Entities {
	return audit.Entities{"award_type": false, "award_round": false, "award_nomination": true, "award_retention": false}
}

func lvText(key string, args ...any) string {
	return i18n.T(i18n.WithLocale(context.Background(), "lv"), key, args...)
}

// ErrDuplicateKey is a form sent twice: the first made the record.
var ErrDuplicateKey = fmt.Errorf("awards: %w", errs.KeyUsed)

// newToken is a round's public link token.
func newToken() string { return rand.Text() }

// ---- Award types

func (s *Store) criteria(ctx context.Context, q db.Querier, typeID int64) ([]Criterion, error) {
	rows, err := q.Query(ctx, `select id, name, weight from award_criteria where type_id = $1 order by position`, typeID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (Criterion, error) {
		var c Criterion
		return c, r.Scan(&c.ID, &c.Name, &c.Weight)
	})
}

// Type reads one award type with its criteria.
func (s *Store) Type(ctx context.Context, id int64) (Type, error) {
	return s.awardType(ctx, s.pool, id)
}

func (s *Store) awardType(ctx context.Context, q db.Querier, id int64) (Type, error) {
	var t Type
	err := q.QueryRow(ctx, `select id, name, description, nominators, documents, max_per_year, repeat_allowed,
		repeat_after_years, decision_body, version from award_types where id = $1`, id).Scan(&t.ID, &t.Name, &t.Description,
		&t.Nominators, &t.Documents, &t.MaxPerYear, &t.RepeatAllowed, &t.RepeatAfterYears, &t.DecisionBody, &t.Version)
	if err != nil {
		return t, db.NotFound(err, "award type")
	}
	t.Criteria, err = s.criteria(ctx, q, id)
	return t, err
}

// Types are every award type by name, with their criteria: two queries,
// whatever the number of types.
func (s *Store) Types(ctx context.Context) ([]Type, error) {
	rows, err := s.pool.Query(ctx, `select id, name, description, nominators, documents, max_per_year, repeat_allowed,
		repeat_after_years, decision_body, version from award_types order by sort_name, id`)
	if err != nil {
		return nil, err
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (Type, error) {
		var t Type
		return t, row.Scan(&t.ID, &t.Name, &t.Description, &t.Nominators, &t.Documents, &t.MaxPerYear, &t.RepeatAllowed,
			&t.RepeatAfterYears, &t.DecisionBody, &t.Version)
	})
	if err != nil || len(out) == 0 {
		return out, err
	}
	rows, err = s.pool.Query(ctx, `select type_id, id, name, weight from award_criteria order by type_id, position`)
	if err != nil {
		return nil, err
	}
	byType := map[int64][]Criterion{}
	var typeID int64
	var c Criterion
	if _, err := pgx.ForEachRow(rows, []any{&typeID, &c.ID, &c.Name, &c.Weight}, func() error {
		byType[typeID] = append(byType[typeID], c)
		return nil
	}); err != nil {
		return nil, err
	}
	for i := range out {
		out[i].Criteria = byType[out[i].ID]
	}
	return out, nil
}

func refuseType(err error) error {
	if db.IsUnique(err, "award_types_idempotency_key_key") {
		return ErrDuplicateKey
	}
	if db.IsUnique(err, "award_types_name_key") {
		return errs.Field("name", "awards.err_type_exists")
	}
	return err
}

func nonNil(ss []string) []string {
	if ss == nil {
		return []string{}
	}
	return ss
}

func writeCriteria(ctx context.Context, tx pgx.Tx, typeID int64, cs []Criterion) error {
	if _, err := tx.Exec(ctx, `delete from award_criteria where type_id = $1 and not (id = any($2))`, typeID, criterionIDs(cs)); err != nil {
		return err
	}
	for i, c := range cs {
		if c.ID != 0 {
			tag, err := tx.Exec(ctx, `update award_criteria set position = $3, name = $4, weight = $5 where id = $1 and type_id = $2`,
				c.ID, typeID, i+1, c.Name, c.Weight)
			if err != nil {
				return err
			}
			if tag.RowsAffected() == 1 {
				continue
			}
		}
		if _, err := tx.Exec(ctx, `insert into award_criteria (type_id, position, name, weight) values ($1, $2, $3, $4)`,
			typeID, i+1, c.Name, c.Weight); err != nil {
			return err
		}
	}
	return nil
}

func criterionIDs(cs []Criterion) []int64 {
	out := []int64{}
	for _, c := range cs {
		if c.ID != 0 {
			out = append(out, c.ID)
		}
	}
	return out
}

// CreateType saves a new award type with its criteria.
func (s *Store) CreateType(ctx context.Context, t Type) (int64, error) {
	var id int64
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `insert into award_types (name, description, nominators, documents, max_per_year,
			repeat_allowed, repeat_after_years, decision_body, idempotency_key, created_at, updated_at, created_by)
			values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10, $11) returning id`,
			t.Name, t.Description, t.Nominators, nonNil(t.Documents), t.MaxPerYear, t.RepeatAllowed, t.RepeatAfterYears,
			t.DecisionBody, keyOrNil(t.IdempotencyKey), s.now(), audit.ActorID(ctx)).Scan(&id)
		if err != nil {
			return refuseType(err)
		}
		if err := writeCriteria(ctx, tx, id, t.Criteria); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Entity: "award_type", EntityID: id, Action: "create",
			Summary: fmt.Sprintf("Apbalvojuma veids #%d: izveidots", id), Details: map[string]any{"name": t.Name}})
	})
	return id, err
}

// UpdateType saves the award type t (t.ID, t.Version as the form was drawn).
func (s *Store) UpdateType(ctx context.Context, t Type) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		old, err := s.awardType(ctx, tx, t.ID)
		if err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, `update award_types set name = $3, description = $4, nominators = $5, documents = $6,
			max_per_year = $7, repeat_allowed = $8, repeat_after_years = $9, decision_body = $10, updated_at = $11,
			version = version + 1 where id = $1 and version = $2`,
			t.ID, t.Version, t.Name, t.Description, t.Nominators, nonNil(t.Documents), t.MaxPerYear, t.RepeatAllowed,
			t.RepeatAfterYears, t.DecisionBody, s.now())
		if err := db.Versioned(tag, refuseType(err)); err != nil {
			if errors.Is(err, errs.Conflict) && !errors.Is(err, errs.KeyUsed) {
				if _, ok := errs.AsField(err); !ok {
					return errs.FieldConflict("name", "errors.conflict")
				}
			}
			return err
		}
		if err := writeCriteria(ctx, tx, t.ID, t.Criteria); err != nil {
			return err
		}
		e := audit.Entry{Entity: "award_type", EntityID: t.ID, Action: "update",
			Summary: fmt.Sprintf("Apbalvojuma veids #%d: labots", t.ID)}
		e.Details = audit.Diff([][3]any{{"name", old.Name, t.Name}, {"documents", old.Documents, t.Documents},
			{"max_per_year", old.MaxPerYear, t.MaxPerYear}, {"repeat_allowed", old.RepeatAllowed, t.RepeatAllowed},
			{"decision_body", old.DecisionBody, t.DecisionBody}, {"criteria", criteriaText(old.Criteria), criteriaText(t.Criteria)}})
		return audit.Record(ctx, tx, e)
	})
}

func criteriaText(cs []Criterion) []string {
	out := []string{}
	for _, c := range cs {
		out = append(out, fmt.Sprintf("%s (%d)", c.Name, c.Weight))
	}
	return out
}

// ---- Rounds

const roundColumns = `r.id, r.type_id, t.name, r.year, r.call_text, r.opens_on, r.closes_on, r.meeting_on, r.decision_on,
	r.ceremony_on, r.status, r.token, r.decision_body, r.decision_number, r.decision_date, r.proposal, r.ceremony_place,
	r.version, coalesce(c.nominations, 0), coalesce(c.laureates, 0)`

const roundFrom = ` from award_rounds r join award_types t on t.id = r.type_id
	left join award_round_counts c on c.round_id = r.id`

func scanRound(row pgx.Row) (Round, error) {
	var r Round
	err := row.Scan(&r.ID, &r.TypeID, &r.TypeName, &r.Year, &r.CallText, &r.OpensOn, &r.ClosesOn, &r.MeetingOn,
		&r.DecisionOn, &r.CeremonyOn, &r.Status, &r.Token, &r.DecisionBody, &r.DecisionNumber, &r.DecisionDate,
		&r.Proposal, &r.CeremonyPlace, &r.Version, &r.Nominations, &r.Laureates)
	return r, err
}

func collectRounds(rows pgx.Rows, err error) ([]Round, error) {
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (Round, error) { return scanRound(row) })
}

// Round reads one round.
func (s *Store) Round(ctx context.Context, id int64) (Round, error) { return round(ctx, s.pool, id) }

func round(ctx context.Context, q db.Querier, id int64) (Round, error) {
	r, err := scanRound(q.QueryRow(ctx, `select `+roundColumns+roundFrom+` where r.id = $1`, id))
	return r, db.NotFound(err, "award round")
}

// RoundByToken reads the round of a public link.
func (s *Store) RoundByToken(ctx context.Context, token string) (Round, error) {
	r, err := scanRound(s.pool.QueryRow(ctx, `select `+roundColumns+roundFrom+` where r.token = $1`, token))
	return r, db.NotFound(err, "award round by token")
}

// MinRoundYear and MaxRoundYear are the years a round can have (the
// table's check).
const (
	MinRoundYear = 1990
	MaxRoundYear = 2100
)

// RoundYearsPerPage is how many years of rounds the list shows on a page:
// a type has one round a year, so a page is a few rounds per type.
const RoundYearsPerPage = 8

// RoundsPage are the rounds of the RoundYearsPerPage newest years before
// the year before (every year when before is 0), newest year first, then
// by type; next is the before of the following page, 0 on the last.
func (s *Store) RoundsPage(ctx context.Context, before int) (rounds []Round, next int, err error) {
	rounds, err = collectRounds(s.pool.Query(ctx, `
		with years as (select distinct year from award_rounds where $1 = 0 or year < $1 order by year desc limit $2)
		select `+roundColumns+roundFrom+`
		where r.year in (select year from years) order by r.year desc, t.sort_name, r.id desc`, before, RoundYearsPerPage+1))
	if err != nil {
		return nil, 0, err
	}
	// One year more was read to learn whether there is a next page.
	years := 0
	for i, r := range rounds {
		if i == 0 || r.Year != rounds[i-1].Year {
			years++
		}
		if years > RoundYearsPerPage {
			return rounds[:i], rounds[i-1].Year, nil
		}
	}
	return rounds, 0, nil
}

func refuseRound(err error) error {
	switch {
	case db.IsUnique(err, "award_rounds_idempotency_key_key"):
		return ErrDuplicateKey
	case db.IsUnique(err, "award_rounds_type_id_year_key"):
		return errs.Field("year", "awards.err_round_exists")
	case db.IsForeignKey(err, "award_rounds_type_id_fkey"):
		return errs.Field("type_id", "awards.form.type_id_invalid")
	}
	return err
}

func checkedRound(r Round) error {
	if p := r.Check(); len(p) > 0 {
		return errs.Field(p[0][0], p[0][1])
	}
	return nil
}

// CreateRound saves a new round, prepared, with its public link.
func (s *Store) CreateRound(ctx context.Context, r Round) (int64, error) {
	if err := checkedRound(r); err != nil {
		return 0, err
	}
	var id int64
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `insert into award_rounds (type_id, year, call_text, opens_on, closes_on, meeting_on,
			decision_on, ceremony_on, ceremony_place, token, decision_body, idempotency_key, created_at, updated_at, created_by)
			values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, (select decision_body from award_types where id = $1), $11, $12, $12, $13)
			returning id`,
			r.TypeID, r.Year, r.CallText, r.OpensOn, r.ClosesOn, r.MeetingOn, r.DecisionOn, r.CeremonyOn, r.CeremonyPlace,
			newToken(), keyOrNil(r.IdempotencyKey), s.now(), audit.ActorID(ctx)).Scan(&id)
		if err != nil {
			return refuseRound(err)
		}
		return audit.Record(ctx, tx, audit.Entry{Entity: "award_round", EntityID: id, Action: "create",
			Summary: fmt.Sprintf("Apbalvojuma kārta #%d: izveidota (%d. gads)", id, r.Year)})
	})
	return id, err
}

// UpdateRound saves the round's call and dates (r.ID, r.Version as the form was drawn).
func (s *Store) UpdateRound(ctx context.Context, r Round) error {
	if err := checkedRound(r); err != nil {
		return err
	}
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		old, err := round(ctx, tx, r.ID)
		if err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, `update award_rounds set call_text = $3, opens_on = $4, closes_on = $5, meeting_on = $6,
			decision_on = $7, ceremony_on = $8, ceremony_place = $9, year = $10, updated_at = $11, version = version + 1
			where id = $1 and version = $2`,
			r.ID, r.Version, r.CallText, r.OpensOn, r.ClosesOn, r.MeetingOn, r.DecisionOn, r.CeremonyOn, r.CeremonyPlace,
			r.Year, s.now())
		if err := db.Versioned(tag, refuseRound(err)); err != nil {
			if _, ok := errs.AsField(err); !ok && errors.Is(err, errs.Conflict) {
				return errs.FieldConflict("call_text", "errors.conflict")
			}
			return err
		}
		e := audit.Entry{Entity: "award_round", EntityID: r.ID, Action: "update", Summary: fmt.Sprintf("Apbalvojuma kārta #%d: labota", r.ID)}
		e.Details = audit.Diff([][3]any{{"year", old.Year, r.Year}, {"opens_on", dayStr(old.OpensOn), dayStr(r.OpensOn)},
			{"closes_on", dayStr(old.ClosesOn), dayStr(r.ClosesOn)}, {"meeting_on", dayPtr(old.MeetingOn), dayPtr(r.MeetingOn)},
			{"decision_on", dayPtr(old.DecisionOn), dayPtr(r.DecisionOn)}, {"ceremony_on", dayPtr(old.CeremonyOn), dayPtr(r.CeremonyOn)},
			{"ceremony_place", old.CeremonyPlace, r.CeremonyPlace}})
		return audit.Record(ctx, tx, e)
	})
}

func dayStr(t time.Time) string { return t.Format(time.DateOnly) }

func dayPtr(t *time.Time) any {
	if t == nil {
		return nil
	}
	return dayStr(*t)
}

// Advance moves the round from the status from (as the page showed it) to
// the next. A decided round needs its decision (Decide); a stale page is a
// conflict.
func (s *Store) Advance(ctx context.Context, id int64, from Status) error {
	to := from.Next()
	if to == "" || to == Decided {
		return errs.Field("status", "awards.err_status_step")
	}
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `update award_rounds set status = $3, updated_at = $4, version = version + 1
			where id = $1 and status = $2`, id, from, to, s.now())
		if err != nil {
			return err
		}
		if tag.RowsAffected() != 1 {
			return errs.FieldConflict("status", "errors.conflict")
		}
		return audit.Record(ctx, tx, audit.Entry{Entity: "award_round", EntityID: id, Action: "award_status",
			Summary: fmt.Sprintf("Apbalvojuma kārta #%d: statuss „%s” → „%s”", id, lvText("awards.status."+string(from)),
				lvText("awards.status."+string(to)))})
	})
}

// TimelineLine is one entry of a record's history, from the audit log.
type TimelineLine struct {
	At      time.Time
	Actor   string
	Action  string
	Summary string
}

// Timeline is the history of entity id, newest first.
func (s *Store) Timeline(ctx context.Context, entity string, id int64) ([]TimelineLine, error) {
	rows, err := s.pool.Query(ctx, `select created_at, actor_name, action, summary from audit_log
		where entity = $1 and entity_id = $2 order by id desc limit 200`, entity, fmt.Sprint(id))
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (TimelineLine, error) {
		var l TimelineLine
		return l, row.Scan(&l.At, &l.Actor, &l.Action, &l.Summary)
	})
}

func keyOrNil(k string) *string {
	if k == "" {
		return nil
	}
	return &k
}

// TypeByIdempotencyKey finds the award type a form already created.
func (s *Store) TypeByIdempotencyKey(ctx context.Context, key string) (int64, error) {
	var id int64
	err := s.pool.QueryRow(ctx, `select id from award_types where idempotency_key = $1`, key).Scan(&id)
	return id, db.NotFound(err, "award type by idempotency key")
}

// RoundByIdempotencyKey finds the round a form already created.
func (s *Store) RoundByIdempotencyKey(ctx context.Context, key string) (int64, error) {
	var id int64
	err := s.pool.QueryRow(ctx, `select id from award_rounds where idempotency_key = $1`, key).Scan(&id)
	return id, db.NotFound(err, "award round by idempotency key")
}
