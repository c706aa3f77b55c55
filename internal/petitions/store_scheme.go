package petitions

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/audit"
	"github.com/daugavpils/prdesk/internal/calendar"
	"github.com/daugavpils/prdesk/internal/db"
	"github.com/daugavpils/prdesk/internal/errs"
	"github.com/daugavpils/prdesk/internal/i18n"
)

// Case reads one entry of the classification scheme; errs.NotFound when there is none.
func (s *Store) Case(ctx context.Context, id int64) (Case, error) {
	rows, _ := s.pool.Query(ctx, `
		select c.id, c.case_index, c.title, c.retention_years, c.responsible_id,
		       coalesce(u.full_name, '') as responsible, c.active, c.version
		from doc_cases c left join users u on u.id = c.responsible_id where c.id = $1`, id)
	c, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[Case])
	return c, db.NotFound(err, fmt.Sprintf("case %d", id))
}

// SaveCase adds (id 0) or changes an entry of the classification scheme,
// with its audit entry. An index another case has is the index field's
// refusal; a version other than the case's (a stale form) is errs.Conflict
// and changes nothing.
func (s *Store) SaveCase(ctx context.Context, id int64, version int, in CaseInput) error {
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		if id == 0 {
			return addCase(ctx, tx, in)
		}
		return updateCase(ctx, tx, id, version, in, s.now())
	})
	if db.IsUnique(err, "doc_cases_case_index_key") {
		return errs.Field("case_index", "petitions.register.err_case_index_taken")
	}
	return err
}

func addCase(ctx context.Context, tx pgx.Tx, in CaseInput) error {
	var id int64
	if err := tx.QueryRow(ctx, `insert into doc_cases (case_index, title, retention_years, responsible_id, active, created_by)
		values ($1, $2, $3, $4, $5, $6) returning id`,
		in.CaseIndex, in.Title, in.RetentionYears, in.ResponsibleID, in.Active, audit.ActorID(ctx)).Scan(&id); err != nil {
		return err
	}
	return record(ctx, tx, "doc_case", id, "create", map[string]any{"title": in.Title},
		"Klasifikācijas shēmā pievienota lieta %s (glabāšana: %s)", in.CaseIndex, retentionLV(in.RetentionYears))
}

func updateCase(ctx context.Context, tx pgx.Tx, id int64, version int, in CaseInput, at time.Time) error {
	rows, _ := tx.Query(ctx, `select id, case_index, title, retention_years, responsible_id, '' as responsible, active, version
		from doc_cases where id = $1 for update`, id)
	before, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[Case])
	if err != nil {
		return db.NotFound(err, fmt.Sprintf("case %d", id))
	}
	if err := db.Versioned(tx.Exec(ctx, `update doc_cases set case_index = $3, title = $4, retention_years = $5,
			responsible_id = $6, active = $7, version = version + 1, updated_at = $8
		where id = $1 and version = $2`,
		id, version, in.CaseIndex, in.Title, in.RetentionYears, in.ResponsibleID, in.Active, at)); err != nil {
		return err
	}
	return record(ctx, tx, "doc_case", id, "update", audit.Diff([][3]any{
		{"case_index", before.CaseIndex, in.CaseIndex},
		{"title", before.Title, in.Title},
		{"retention_years", intOrNil(before.RetentionYears), intOrNil(in.RetentionYears)},
		{"responsible_id", int64OrNil(before.ResponsibleID), int64OrNil(in.ResponsibleID)},
		{"active", before.Active, in.Active},
	}), "Mainīta klasifikācijas shēmas lieta %s", in.CaseIndex)
}

// retentionLV is a case's retention period in the audit log's words.
func retentionLV(years *int) string {
	if years == nil {
		return "pastāvīgi"
	}
	return strconv.Itoa(*years) + " g."
}

func intOrNil(p *int) any {
	if p == nil {
		return nil
	}
	return *p
}

func int64OrNil(p *int64) any {
	if p == nil {
		return nil
	}
	return *p
}

// AddRule adds a dated rule with its audit entry. Rules are never edited: a
// change of the law is a new row, so the terms of submissions already
// received stay explainable. A rule of the kind starting the same day is
// the date field's refusal.
func (s *Store) AddRule(ctx context.Context, r Rule) error {
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		var id int64
		if err := tx.QueryRow(ctx, `insert into petition_deadline_rules (kind, valid_from, amount, unit, basis_lv, basis_en, created_by)
			values ($1, $2, $3, $4, $5, $6, $7) returning id`,
			r.Kind, r.ValidFrom, r.Amount, r.Unit, r.BasisLV, r.BasisEN, audit.ActorID(ctx)).Scan(&id); err != nil {
			return err
		}
		if err := record(ctx, tx, "petition_deadline_rule", id, "create", r,
			"Pievienots termiņa noteikums (%s) no %s: %d %s", r.Kind, i18n.Date(r.ValidFrom), r.Amount, r.Unit); err != nil {
			return err
		}
		if s.jobs == nil {
			return nil // a store that only reads (the bench's)
		}
		// The open submissions received from the rule's first day on are
		// computed again, by the job, after this commits.
		_, err := s.jobs.InsertTx(ctx, tx, RecomputeArgs{
			Trigger:      DueCause{RuleID: id, BasisLV: r.BasisLV, BasisEN: r.BasisEN},
			ReceivedFrom: calendar.DateOf(r.ValidFrom),
		}, nil)
		return err
	})
	if db.IsUnique(err, "petition_deadline_rules_kind_valid_from_key") {
		return errs.Field("valid_from", "petitions.register.err_rule_taken")
	}
	return err
}
