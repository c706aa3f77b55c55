package press

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/audit"
	"github.com/daugavpils/prdesk/internal/db"
	"github.com/daugavpils/prdesk/internal/errs"
	"github.com/daugavpils/prdesk/internal/i18n"
)

// RetentionKey is the settings row holding the area's two periods.
const RetentionKey = "press.retention"

// Bounds of the periods staff may set; the defaults are those of
// migration 00136.
const (
	DefaultAccreditationMonths = 12
	MinAccreditationMonths     = 1
	MaxAccreditationMonths     = 120
	DefaultStatementYears      = 5
	MinStatementYears          = 1
	MaxStatementYears          = 30
)

// Retention is the area's retention setting with its version, for the
// form: an accreditation loses its personal data AccreditationMonths after
// its event ended; a statement loses whom it was entered for
// StatementYears after its emergency ended.
type Retention struct {
	AccreditationMonths int `json:"accreditation_months"`
	StatementYears      int `json:"statement_years"`
	Version             int `json:"-"`
}

// Cutoffs are the moments before which an event, and an emergency, must
// have ended for a run at asOf to remove their personal data.
func (r Retention) Cutoffs(asOf time.Time) (accreditations, statements time.Time) {
	return asOf.AddDate(0, -r.AccreditationMonths, 0), asOf.AddDate(-r.StatementYears, 0, 0)
}

// Retention reads the setting; a missing row is the default.
func (s *Store) Retention(ctx context.Context) (Retention, error) { return retentionOf(ctx, s.pool) }

func retentionOf(ctx context.Context, q db.Querier) (Retention, error) {
	r := Retention{AccreditationMonths: DefaultAccreditationMonths, StatementYears: DefaultStatementYears}
	var raw []byte
	err := q.QueryRow(ctx, `select value, version from settings where key = $1`, RetentionKey).Scan(&raw, &r.Version)
	if errors.Is(err, pgx.ErrNoRows) {
		return r, nil
	}
	if err != nil {
		return r, err
	}
	if err := json.Unmarshal(raw, &r); err != nil {
		return r, fmt.Errorf("press: %s: %w", RetentionKey, err)
	}
	return r, nil
}

// SetRetention stores both periods if the setting is still at r.Version,
// with its audit entry. Periods out of bounds are refused beside their
// field, and a setting changed since the form was drawn beside the first.
func (s *Store) SetRetention(ctx context.Context, r Retention) error {
	if r.AccreditationMonths < MinAccreditationMonths || r.AccreditationMonths > MaxAccreditationMonths {
		return errs.Field("accreditation_months", "field.out_of_range",
			i18n.Number(MinAccreditationMonths), i18n.Number(MaxAccreditationMonths))
	}
	if r.StatementYears < MinStatementYears || r.StatementYears > MaxStatementYears {
		return errs.Field("statement_years", "field.out_of_range", i18n.Number(MinStatementYears), i18n.Number(MaxStatementYears))
	}
	value, err := json.Marshal(r)
	if err != nil {
		return err
	}
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		before, err := retentionOf(ctx, tx)
		if err != nil {
			return err
		}
		err = db.Versioned(tx.Exec(ctx, `
			insert into settings (key, value, version, updated_at, updated_by) values ($1, $3, 1, $5, $4)
			on conflict (key) do update set value = excluded.value, version = settings.version + 1,
			    updated_at = excluded.updated_at, updated_by = excluded.updated_by
			where settings.version = $2`, RetentionKey, r.Version, value, audit.ActorID(ctx), s.now()))
		if errors.Is(err, errs.Conflict) {
			return errs.FieldConflict("accreditation_months", "errors.conflict")
		} else if err != nil {
			return err
		}
		e := audit.Entry{Entity: "setting", EntityID: RetentionKey, Action: "update",
			Summary: fmt.Sprintf("Preses personas datu glabāšanas termiņš: akreditācijas %d mēn., paziņojumu iesniedzēji %d g.",
				r.AccreditationMonths, r.StatementYears)}
		e.Details = audit.Diff([][3]any{{"accreditation_months", before.AccreditationMonths, r.AccreditationMonths},
			{"statement_years", before.StatementYears, r.StatementYears}})
		return audit.Record(ctx, tx, e)
	})
}

// RetentionDue is what a run at AsOf would remove: how many
// accreditations and how many statements' "on behalf of".
type RetentionDue struct {
	AsOf           time.Time
	Retention      Retention
	Accreditations int
	Statements     int
}

// Total is how many records the run would concern.
func (p RetentionDue) Total() int { return p.Accreditations + p.Statements }

// The records a run at the cutoffs concerns: accreditations still holding
// their data to events that ended before the cutoff, and statements still naming
// whom they were entered for in emergencies that ended (by the head, or by
// the end declared) before theirs. An emergency in force has no end yet.
func dueAccreditations(cutoff string) string {
	return `from press_accreditations a join press_events e on e.id = a.event_id
		where a.removed_at is null and e.ends_at < ` + cutoff
}

func dueStatements(cutoff string) string {
	return `from press_statements p join press_emergencies m on m.id = p.emergency_id
		where p.on_behalf_of <> '' and least(m.ends_at, m.ended_at) < ` + cutoff
}

func retentionCounts(ctx context.Context, q db.Querier, r Retention, asOf time.Time) (accreditations, statements int, err error) {
	acc, st := r.Cutoffs(asOf)
	err = q.QueryRow(ctx, `select (select count(*) `+dueAccreditations("$1")+`), (select count(*) `+dueStatements("$2")+`)`,
		acc, st).Scan(&accreditations, &statements)
	return accreditations, statements, err
}

// RetentionPreview counts what a run at asOf would remove.
func (s *Store) RetentionPreview(ctx context.Context, asOf time.Time) (RetentionDue, error) {
	p := RetentionDue{AsOf: asOf}
	var err error
	if p.Retention, err = s.Retention(ctx); err != nil {
		return p, err
	}
	p.Accreditations, p.Statements, err = retentionCounts(ctx, s.pool, p.Retention, asOf)
	return p, err
}

// RetentionResult is what one run removed.
type RetentionResult struct {
	Accreditations int `json:"accreditations"`
	Statements     int `json:"statements"`
}

// Total is how many records a run removed personal data from.
func (r RetentionResult) Total() int { return r.Accreditations + r.Statements }

// Placeholders an accreditation's personal fields are set to: the table
// requires a name and outlet of one character at least and an e-mail of
// three (and no address), and removed rows are out of the unique index of
// the event's addresses.
const (
	removedText  = "—"
	removedEmail = "removed"
)

// RemoveExpired removes the personal data due at asOf, attributed to the
// user of ctx or to the system, in one transaction with one audit entry of
// counts (no names):
//   - an accreditation to an event that ended more than the months set
//     ago loses the journalist's name, outlet, e-mail, phone and crew and
//     is marked removed; it keeps its event, source, attendance, time and
//     its link to the directory's journalist (the directory has a
//     retention of its own), so the counts and who came stay;
//   - a statement in an emergency that ended more than the years set ago
//     loses whom staff entered it for; its texts, unit, channel and
//     decision are the municipality's record and stay.
//
// Rows removed already are not counted again.
func (s *Store) RemoveExpired(ctx context.Context, asOf time.Time) (RetentionResult, error) {
	var res RetentionResult
	now := s.now()
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		r, err := retentionOf(ctx, tx)
		if err != nil {
			return err
		}
		acc, st := r.Cutoffs(asOf)
		tag, err := tx.Exec(ctx, `
			update press_accreditations set name = $2, outlet = $2, email = $3, phone = '', crew = '', removed_at = $4
			where id in (select a.id `+dueAccreditations("$1")+`)`, acc, removedText, removedEmail, now)
		if err != nil {
			return fmt.Errorf("press: retention of accreditations: %w", err)
		}
		res.Accreditations = int(tag.RowsAffected())
		tag, err = tx.Exec(ctx, `
			update press_statements set on_behalf_of = '', on_behalf_removed_at = $2
			where id in (select p.id `+dueStatements("$1")+`)`, st, now)
		if err != nil {
			return fmt.Errorf("press: retention of statements: %w", err)
		}
		res.Statements = int(tag.RowsAffected())
		e := audit.Entry{Entity: "press_retention", EntityID: now.Unix(), Action: "anonymize",
			Summary: fmt.Sprintf("Preses personas datu dzēšana (akreditācijas %d mēn., paziņojumi %d g.): %d akreditācijas, %d paziņojumi",
				r.AccreditationMonths, r.StatementYears, res.Accreditations, res.Statements)}
		e.Details = res
		return audit.Record(ctx, tx, e)
	})
	return res, err
}

// LastRetentionRun is the audit entry of the last run, if any.
type LastRetentionRun struct {
	At      time.Time
	Actor   string
	Summary string
}

func (s *Store) lastRetentionRun(ctx context.Context) (*LastRetentionRun, error) {
	var l LastRetentionRun
	err := s.pool.QueryRow(ctx, `select a.created_at, a.actor_name, a.summary from audit_log a
		where a.entity = 'press_retention' and a.action = 'anonymize' order by a.id desc limit 1`).Scan(&l.At, &l.Actor, &l.Summary)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	return &l, err
}
