package press

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/audit"
	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/contacts"
	"github.com/daugavpils/prdesk/internal/db"
	"github.com/daugavpils/prdesk/internal/errs"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/mail"
)

// UseStatementUnit is what a unit of the directory is to a statement it
// submitted.
const UseStatementUnit = "statement_unit"

func emergencyEntry(id int64, action, format string, args ...any) audit.Entry {
	return audit.Entry{Entity: "press_emergency", EntityID: id, Action: action,
		Summary: fmt.Sprintf("Ārkārtas situācija #%d: ", id) + fmt.Sprintf(format, args...)}
}

func statementEntry(id int64, action, format string, args ...any) audit.Entry {
	return audit.Entry{Entity: "press_statement", EntityID: id, Action: action,
		Summary: fmt.Sprintf("Paziņojums #%d: ", id) + fmt.Sprintf(format, args...)}
}

// untilText is the end of an emergency in the log's words.
func untilText(e Emergency) string {
	if e.EndsAt == nil {
		return "līdz atsaukšanai"
	}
	return "līdz " + i18n.DateTime(*e.EndsAt)
}

const emergencyColumns = `e.id, e.title, e.description, e.template, e.starts_at, e.ends_at, e.ended_at, e.ended_by,
	coalesce((select u.full_name from users u where u.id = e.ended_by), ''), e.target_minutes, e.created_by,
	coalesce((select u.full_name from users u where u.id = e.created_by), ''), e.version, e.created_at, e.updated_at,
	coalesce(e.idempotency_key, '')`

func scanEmergency(row pgx.Row, more ...any) (Emergency, error) {
	var e Emergency
	err := row.Scan(append([]any{&e.ID, &e.Title, &e.Description, &e.Template, &e.StartsAt, &e.EndsAt, &e.EndedAt, &e.EndedBy,
		&e.EndedByName, &e.TargetMinutes, &e.DeclaredBy, &e.DeclaredByName, &e.Version, &e.CreatedAt, &e.UpdatedAt,
		&e.IdempotencyKey}, more...)...)
	return e, err
}

// emergency reads emergency id through q, locked for the use case with
// lock ("update" or "share"; "" for none).
func emergency(ctx context.Context, q db.Querier, id int64, lock string) (Emergency, error) {
	sql := `select ` + emergencyColumns + ` from press_emergencies e where e.id = $1`
	if lock != "" {
		sql += ` for ` + lock
	}
	e, err := scanEmergency(q.QueryRow(ctx, sql, id))
	return e, db.NotFound(err, "press emergency")
}

// Emergency reads one emergency.
func (s *Store) Emergency(ctx context.Context, id int64) (Emergency, error) {
	return emergency(ctx, s.pool, id, "")
}

// ActiveEmergency is the emergency in force now (errs.NotFound when none
// is). The database holds at most one: the periods of two never overlap,
// and the lookup reads the index that constraint keeps.
func (s *Store) ActiveEmergency(ctx context.Context) (Emergency, error) {
	e, err := scanEmergency(s.pool.QueryRow(ctx, `select `+emergencyColumns+` from press_emergencies e
		where tstzrange(e.starts_at, least(e.ends_at, e.ended_at)) @> $1::timestamptz`, s.now()))
	return e, db.NotFound(err, "active press emergency")
}

// EmergencyByIdempotencyKey finds the emergency a form already declared.
func (s *Store) EmergencyByIdempotencyKey(ctx context.Context, key string) (int64, error) {
	var id int64
	err := s.pool.QueryRow(ctx, `select id from press_emergencies where idempotency_key = $1`, key).Scan(&id)
	return id, db.NotFound(err, "press emergency by idempotency key")
}

// EmergenciesShown is the most emergencies the list shows.
const EmergenciesShown = 200

// Emergencies are the emergencies, the latest first, with the counts of
// their statements.
func (s *Store) Emergencies(ctx context.Context) ([]Emergency, error) {
	rows, _ := s.pool.Query(ctx, `select `+emergencyColumns+`,
			(select count(*) from press_statements p where p.emergency_id = e.id and p.status = 'submitted'),
			(select count(*) from press_statements p where p.emergency_id = e.id)
		from press_emergencies e order by e.starts_at desc, e.id desc limit $1`, EmergenciesShown)
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (Emergency, error) {
		// The counts are scanned apart: scanEmergency returns a new value.
		var waiting, statements int
		e, err := scanEmergency(row, &waiting, &statements)
		e.Waiting, e.Statements = waiting, statements
		return e, err
	})
}

func checkedEmergency(e Emergency, now time.Time, endChanged bool) error {
	if p := e.Check(now, endChanged); len(p) > 0 {
		return errs.Field(p[0][0], p[0][1])
	}
	return nil
}

// refuseEmergency turns the database's refusals into their fields.
func refuseEmergency(err error) error {
	switch {
	case db.IsExclusion(err, "press_emergencies_one_at_a_time"):
		return errs.Field("starts_date", "press.emergency.overlap")
	case db.IsUnique(err, "press_emergencies_idempotency_key_key"):
		return ErrDuplicateKey
	}
	return err
}

// DeclareEmergency declares e (from e.StartsAt, or from now when zero)
// and returns its id. Another emergency in force at any time of its period
// refuses it.
func (s *Store) DeclareEmergency(ctx context.Context, e Emergency) (int64, error) {
	now := s.now()
	if e.StartsAt.IsZero() {
		e.StartsAt = now
	}
	if err := checkedEmergency(e, now, true); err != nil {
		return 0, err
	}
	var id int64
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		var key *string
		if e.IdempotencyKey != "" {
			key = &e.IdempotencyKey
		}
		err := tx.QueryRow(ctx, `insert into press_emergencies (title, description, template, starts_at, ends_at, target_minutes,
				idempotency_key, created_at, updated_at, created_by)
			values ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9) returning id`,
			e.Title, e.Description, e.Template, e.StartsAt, e.EndsAt, e.TargetMinutes, key, now, audit.ActorID(ctx)).Scan(&id)
		if err != nil {
			return refuseEmergency(err)
		}
		en := emergencyEntry(id, "declare", "izsludināta no %s %s, mērķa laiks paziņojumu izskatīšanai %d min.",
			i18n.DateTime(e.StartsAt), untilText(e), e.TargetMinutes)
		en.Details = map[string]any{"title": e.Title, "description": e.Description}
		return audit.Record(ctx, tx, en)
	})
	return id, err
}

// UpdateEmergency saves e over the emergency (e.ID, e.Version as drawn):
// what it is, its period and the target time. An ended emergency is kept
// as it was. A changed target holds for statements submitted after it:
// each statement keeps the target time it was given.
func (s *Store) UpdateEmergency(ctx context.Context, e Emergency) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		old, err := emergency(ctx, tx, e.ID, "update")
		if err != nil {
			return err
		}
		if old.Version != e.Version {
			return errs.FieldConflict("title", "errors.conflict")
		}
		if !old.Editable() {
			return errs.FieldConflict("title", "press.emergency.already_ended")
		}
		now := s.now()
		if err := checkedEmergency(e, now, !sameMoment(old.EndsAt, e.EndsAt)); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `update press_emergencies set title = $2, description = $3, template = $4, starts_at = $5,
				ends_at = $6, target_minutes = $7, updated_at = $8, version = version + 1
			where id = $1`, e.ID, e.Title, e.Description, e.Template, e.StartsAt, e.EndsAt, e.TargetMinutes, now); err != nil {
			return refuseEmergency(err)
		}
		summary := "labota"
		// What was rewritten, in the timeline's words; the words
		// themselves are in the details.
		var changed []string
		for _, c := range []struct {
			was, is, word string
		}{{old.Title, e.Title, "nosaukums"}, {old.Description, e.Description, "apraksts"}, {old.Template, e.Template, "paziņojuma sagatave"}} {
			if c.was != c.is {
				changed = append(changed, c.word)
			}
		}
		if !old.StartsAt.Equal(e.StartsAt) {
			changed = append(changed, "sākums "+i18n.DateTime(e.StartsAt))
		}
		if len(changed) > 0 {
			summary += " (mainīts: " + strings.Join(changed, ", ") + ")"
		}
		if old.TargetMinutes != e.TargetMinutes {
			summary += fmt.Sprintf("; mērķa laiks %d → %d min.", old.TargetMinutes, e.TargetMinutes)
		}
		if !sameMoment(old.EndsAt, e.EndsAt) {
			summary += "; spēkā " + untilText(e)
		}
		en := emergencyEntry(e.ID, "update", "%s", summary)
		en.Details = audit.Diff([][3]any{{"title", old.Title, e.Title}, {"description", old.Description, e.Description},
			{"template", old.Template, e.Template}, {"starts_at", old.StartsAt, e.StartsAt},
			{"ends_at", timePtr(old.EndsAt), timePtr(e.EndsAt)}, {"target_minutes", old.TargetMinutes, e.TargetMinutes}})
		return audit.Record(ctx, tx, en)
	})
}

func sameMoment(a, b *time.Time) bool {
	return (a == nil) == (b == nil) && (a == nil || a.Equal(*b))
}

// ErrEmergencyEnded is an ending asked of an emergency already ended.
var ErrEmergencyEnded = fmt.Errorf("press: the emergency has ended: %w", errs.Conflict)

// EndEmergency ends emergency id (as drawn at version) now: no statement
// is taken after it, and those waiting are still decided. One declared
// for a later time is called off (its period is empty).
func (s *Store) EndEmergency(ctx context.Context, id int64, version int) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		e, err := emergency(ctx, tx, id, "update")
		if err != nil {
			return err
		}
		if e.Version != version {
			return fmt.Errorf("press emergency %d at version %d, not %d: %w", id, e.Version, version, errs.Conflict)
		}
		if !e.Editable() {
			return ErrEmergencyEnded
		}
		now := s.now()
		at := now
		if at.Before(e.StartsAt) {
			at = e.StartsAt
		}
		if _, err := tx.Exec(ctx, `update press_emergencies set ended_at = $2, ended_by = $3, updated_at = $4, version = version + 1
			where id = $1`, id, at, audit.ActorID(ctx), now); err != nil {
			return err
		}
		var waiting int
		if err := tx.QueryRow(ctx, `select count(*) from press_statements where emergency_id = $1 and status = 'submitted'`,
			id).Scan(&waiting); err != nil {
			return err
		}
		return audit.Record(ctx, tx, emergencyEntry(id, "end", "beigta %s; lēmumu vēl gaida paziņojumi: %d", i18n.DateTime(at), waiting))
	})
}

const statementColumns = `p.id, p.emergency_id, p.unit_id, p.unit_name, p.on_behalf_of, p.channel, p.body, p.status,
	coalesce(p.approved_text, ''), p.comment, p.submitted_by, coalesce((select u.full_name from users u where u.id = p.submitted_by), ''),
	p.submitted_at, p.due_at, p.decided_by, coalesce((select u.full_name from users u where u.id = p.decided_by), ''), p.decided_at,
	p.version, (select e.title from press_emergencies e where e.id = p.emergency_id), coalesce(p.idempotency_key, '')`

func scanStatement(row pgx.Row) (Statement, error) {
	var p Statement
	err := row.Scan(&p.ID, &p.EmergencyID, &p.UnitID, &p.UnitName, &p.OnBehalfOf, &p.Channel, &p.Body, &p.Status,
		&p.ApprovedText, &p.Comment, &p.SubmittedBy, &p.SubmitterName, &p.SubmittedAt, &p.DueAt, &p.DecidedBy, &p.DeciderName,
		&p.DecidedAt, &p.Version, &p.EmergencyTitle, &p.IdempotencyKey)
	return p, err
}

func collectStatements(rows pgx.Rows) ([]Statement, error) {
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (Statement, error) { return scanStatement(row) })
}

// Statement reads one statement.
func (s *Store) Statement(ctx context.Context, id int64) (Statement, error) {
	p, err := scanStatement(s.pool.QueryRow(ctx, `select `+statementColumns+` from press_statements p where p.id = $1`, id))
	return p, db.NotFound(err, "press statement")
}

// StatementFor reads one statement for the signed-in person of ctx: the
// department reads every one, a unit's staff member their own only
// (errs.Forbidden otherwise).
func (s *Store) StatementFor(ctx context.Context, id int64) (Statement, error) {
	p, err := s.Statement(ctx, id)
	if err != nil {
		return p, err
	}
	if !p.CanRead(auth.UserFrom(ctx)) {
		return Statement{}, fmt.Errorf("press statement %d of another: %w", id, errs.Forbidden)
	}
	return p, nil
}

// StatementByIdempotencyKey finds the statement a form already submitted.
func (s *Store) StatementByIdempotencyKey(ctx context.Context, key string) (int64, error) {
	var id int64
	err := s.pool.QueryRow(ctx, `select id from press_statements where idempotency_key = $1`, key).Scan(&id)
	return id, db.NotFound(err, "press statement by idempotency key")
}

// StatementsShown is the most statements a list shows.
const StatementsShown = 2000

// EmergencyStatements are the statements of emergency id in the order
// they were submitted.
func (s *Store) EmergencyStatements(ctx context.Context, id int64) ([]Statement, error) {
	rows, _ := s.pool.Query(ctx, `select `+statementColumns+` from press_statements p where p.emergency_id = $1
		order by p.submitted_at, p.id limit $2`, id, StatementsShown)
	return collectStatements(rows)
}

// MyStatementsShown is the most of one person's statements their list shows.
const MyStatementsShown = 200

// MyStatements are the statements the signed-in person of ctx submitted,
// the latest first.
func (s *Store) MyStatements(ctx context.Context) ([]Statement, error) {
	u := auth.UserFrom(ctx)
	if u == nil {
		return nil, nil
	}
	rows, _ := s.pool.Query(ctx, `select `+statementColumns+` from press_statements p where p.submitted_by = $1
		order by p.submitted_at desc, p.id desc limit $2`, u.ID, MyStatementsShown)
	return collectStatements(rows)
}

// LastUnitName is the unit the signed-in person named in their latest
// statement with a typed name, for the next form.
func (s *Store) LastUnitName(ctx context.Context) (string, error) {
	u := auth.UserFrom(ctx)
	if u == nil {
		return "", nil
	}
	var name string
	err := s.pool.QueryRow(ctx, `select unit_name from press_statements where submitted_by = $1 and unit_name <> ''
		order by submitted_at desc, id desc limit 1`, u.ID).Scan(&name)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", nil
	}
	return name, err
}

// statementRef is a statement's reference in the directory's uses.
func statementRef(id int64) string { return "statements/" + strconv.FormatInt(id, 10) }

// SubmitStatement submits p for the department's decision, as the
// signed-in person of ctx, to emergency p.EmergencyID, which must be in
// force; it is due within the emergency's target time. It returns the
// statement's id.
func (s *Store) SubmitStatement(ctx context.Context, p Statement) (int64, error) {
	u := auth.UserFrom(ctx)
	if !u.Can(auth.PressStatementSubmit) {
		return 0, fmt.Errorf("press: submitting a statement: %w", errs.Forbidden)
	}
	if p.UnitID == nil && p.UnitName == "" {
		return 0, errs.Field("unit_name", "press.statement.unit_name_required")
	}
	var id int64
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		// Shared: an ending waits for the statement, or the statement
		// sees the emergency ended.
		e, err := emergency(ctx, tx, p.EmergencyID, "share")
		if err != nil {
			return err
		}
		now := s.now()
		if !e.Active(now) {
			return errs.Field("body", "press.statement.not_in_force")
		}
		if p.UnitID != nil {
			if err := contacts.Exists(ctx, tx, *p.UnitID, contacts.Organisation, "unit_id"); err != nil {
				return err
			}
		}
		var key *string
		if p.IdempotencyKey != "" {
			key = &p.IdempotencyKey
		}
		due := now.Add(e.Target())
		err = tx.QueryRow(ctx, `insert into press_statements (emergency_id, unit_id, unit_name, on_behalf_of, channel, body,
				submitted_by, submitted_at, due_at, idempotency_key, created_at, updated_at, created_by)
			values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $8, $8, $7) returning id`,
			e.ID, p.UnitID, p.UnitName, p.OnBehalfOf, p.Channel, p.Body, u.ID, now, due, key).Scan(&id)
		if db.IsUnique(err, "press_statements_idempotency_key_key") {
			return ErrDuplicateKey
		}
		if err != nil {
			return err
		}
		if p.UnitID != nil && s.contacts != nil {
			if err := s.contacts.RecordUse(ctx, tx, *p.UnitID, "press", UseStatementUnit, statementRef(id)); err != nil {
				return err
			}
		}
		en := statementEntry(id, "submit", "iesniegts saskaņošanai ārkārtas situācijā #%d, lēmums gaidāms līdz %s",
			e.ID, i18n.DateTime(due))
		en.Details = map[string]any{"unit_id": ptr(p.UnitID), "unit_name": p.UnitName, "on_behalf_of": p.OnBehalfOf,
			"channel": p.Channel, "body": p.Body}
		return audit.Record(ctx, tx, en)
	})
	return id, err
}

// DecideStatement records the department's decision d on statement id
// (as drawn at version), as the signed-in person of ctx, who must be of
// the department. The submitted text stays as it was; an approval keeps
// the text approved beside it.
func (s *Store) DecideStatement(ctx context.Context, id int64, version int, d StatementDecision) error {
	if !auth.UserFrom(ctx).Can(auth.PressStatementDecide) {
		return fmt.Errorf("press: deciding on a statement: %w", errs.Forbidden)
	}
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		p, err := scanStatement(tx.QueryRow(ctx, `select `+statementColumns+` from press_statements p where p.id = $1 for update`, id))
		if err != nil {
			return db.NotFound(err, "press statement")
		}
		if p.Status != StatementSubmitted {
			return errs.FieldConflict("comment", "press.statement.already_decided")
		}
		if p.Version != version {
			return errs.FieldConflict("comment", "errors.conflict")
		}
		if c := d.Check(p.Body); len(c) > 0 {
			return errs.Field(c[0][0], c[0][1])
		}
		status := d.Outcome(p.Body)
		var approved *string
		switch status {
		case StatementApproved:
			approved = &p.Body
		case StatementEdited:
			approved = &d.Text
		}
		now := s.now()
		if _, err := tx.Exec(ctx, `update press_statements set status = $2, approved_text = $3, comment = $4, decided_by = $5,
				decided_at = $6, updated_at = $6, version = version + 1
			where id = $1`, id, status, approved, d.Comment, audit.ActorID(ctx), now); err != nil {
			return err
		}
		p.DecidedAt = &now
		words := decisionWords[status]
		action, what := words[0], words[1]
		summary := fmt.Sprintf("%s %d min. pēc iesniegšanas", what, Minutes(p.Took()))
		if late := p.Late(now); late > 0 {
			summary += fmt.Sprintf(", %d min. pēc mērķa laika", Minutes(late))
		}
		if err := s.tellSubmitter(ctx, tx, p, status, approved, d.Comment); err != nil {
			return err
		}
		en := statementEntry(id, action, "%s", summary)
		details := map[string]any{"comment": d.Comment}
		if status == StatementEdited {
			details["approved_text"] = d.Text
		}
		en.Details = details
		return audit.Record(ctx, tx, en)
	})
}

// decisionWords are each decision's action in the audit log and its
// words in the entry's summary.
var decisionWords = map[StatementStatus][2]string{
	StatementApproved: {"approve", "apstiprināts bez labojumiem"},
	StatementEdited:   {"approve_edited", "apstiprināts ar labojumiem"},
	StatementRejected: {"reject", "noraidīts"},
}

// EmergencyEvent is one line of an emergency's timeline for the review
// afterwards.
type EmergencyEvent struct {
	At    time.Time
	Kind  string // declared, began, updated, submitted, approved, edited, rejected, ended, lapsed
	Actor string
	// The statement's, for its lines.
	StatementID int64
	Unit        string
	// Minutes the decision took, and past the target time.
	Took, Late int
	// Summary is the log's, for an edit of the emergency.
	Summary string
}

// EmergencyTimeline is what happened in emergency e, in order: declared,
// began, each statement submitted and decided (with how long it took),
// each edit of the emergency (from the audit log) and its end. units
// names the statements' units from the directory.
func (s *Store) EmergencyTimeline(ctx context.Context, e Emergency, ps []Statement, units map[int64]Contact) ([]EmergencyEvent, error) {
	out := []EmergencyEvent{{At: e.CreatedAt, Kind: "declared", Actor: e.DeclaredByName}}
	if e.StartsAt.After(e.CreatedAt) {
		out = append(out, EmergencyEvent{At: e.StartsAt, Kind: "began"})
	}
	rows, _ := s.pool.Query(ctx, `select a.created_at, coalesce(u.full_name, a.actor_name), a.summary from audit_log a
		left join users u on u.id = a.actor_id
		where a.entity = 'press_emergency' and a.entity_id = $1 and a.action = 'update' order by a.id limit 500`, strconv.FormatInt(e.ID, 10))
	edits, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (EmergencyEvent, error) {
		ev := EmergencyEvent{Kind: "updated"}
		err := row.Scan(&ev.At, &ev.Actor, &ev.Summary)
		return ev, err
	})
	if err != nil {
		return nil, err
	}
	out = append(out, edits...)
	for _, p := range ps {
		unit := unitName(p, units)
		out = append(out, EmergencyEvent{At: p.SubmittedAt, Kind: "submitted", Actor: p.SubmitterName, StatementID: p.ID, Unit: unit})
		if p.DecidedAt != nil {
			out = append(out, EmergencyEvent{At: *p.DecidedAt, Kind: string(p.Status), Actor: p.DeciderName, StatementID: p.ID,
				Unit: unit, Took: Minutes(p.Took()), Late: Minutes(p.Late(*p.DecidedAt))})
		}
	}
	switch {
	case e.EndedAt != nil:
		out = append(out, EmergencyEvent{At: *e.EndedAt, Kind: "ended", Actor: e.EndedByName})
	case e.EndsAt != nil && !s.now().Before(*e.EndsAt):
		out = append(out, EmergencyEvent{At: *e.EndsAt, Kind: "lapsed"})
	}
	slices.SortStableFunc(out, func(a, b EmergencyEvent) int { return a.At.Compare(b.At) })
	return out, nil
}

// unitName is the statement's unit: the directory's name, or as typed.
func unitName(p Statement, units map[int64]Contact) string {
	if p.UnitID != nil {
		if c, ok := units[*p.UnitID]; ok {
			return c.Name
		}
	}
	return p.UnitName
}

// statementUnits are the directory's ids of the statements' units.
func statementUnits(ps []Statement) []int64 {
	var ids []int64
	for _, p := range ps {
		if p.UnitID != nil && !slices.Contains(ids, *p.UnitID) {
			ids = append(ids, *p.UnitID)
		}
	}
	return ids
}

// tellSubmitter mails the decision to whoever submitted statement p (a
// unit's staff member waiting to speak to the media), in the decision's
// transaction; nobody is mailed their own decision, nor anyone without an
// address.
func (s *Store) tellSubmitter(ctx context.Context, tx pgx.Tx, p Statement, status StatementStatus, approved *string, comment string) error {
	if actor := audit.ActorID(ctx); s.jobs == nil || (actor != nil && *actor == p.SubmittedBy) {
		return nil
	}
	var email, name string
	if err := tx.QueryRow(ctx, `select email, full_name from users where id = $1`, p.SubmittedBy).Scan(&email, &name); err != nil {
		return err
	}
	if email == "" {
		return nil
	}
	verdict := lvText("press.statement.status." + string(status))
	body := fmt.Sprintf("Labdien!\n\nJūsu paziņojums Nr. %d ir izskatīts: %s.\n", p.ID, strings.ToLower(verdict))
	if approved != nil {
		body += "\nApstiprinātais teksts, ko drīkst sniegt medijiem:\n\n" + *approved + "\n"
	}
	if comment != "" {
		body += "\nSabiedrisko attiecību un mārketinga nodaļas komentārs:\n" + comment + "\n"
	}
	body += "\nPaziņojums PR Desk: " + statementURL(p.ID) + "\n\n--\nDaugavpils valstspilsētas pašvaldības Sabiedrisko attiecību un mārketinga nodaļa\n"
	_, err := mail.Enqueue(ctx, tx, s.jobs, mail.Message{To: email, ToName: name,
		Subject: fmt.Sprintf("Paziņojums Nr. %d: %s", p.ID, strings.ToLower(verdict)), Body: body,
		Entity: "press_statement", EntityID: p.ID})
	return err
}
