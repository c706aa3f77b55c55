package delegations

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/audit"
	"github.com/daugavpils/prdesk/internal/db"
	"github.com/daugavpils/prdesk/internal/errs"
)

// Checklist is the delegation's preparation checklist in order.
func (s *Store) Checklist(ctx context.Context, id int64) ([]CheckItem, error) {
	rows, err := s.pool.Query(ctx, `select c.id, c.position, c.text, c.done_at, coalesce(u.full_name, '')
		from delegation_checklist c left join users u on u.id = c.done_by
		where c.delegation_id = $1 order by c.position`, id)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (CheckItem, error) {
		var c CheckItem
		err := row.Scan(&c.ID, &c.Position, &c.Text, &c.DoneAt, &c.DoneBy)
		return c, err
	})
}

// Tick marks the delegation's checklist item done (or open again).
func (s *Store) Tick(ctx context.Context, delegationID, itemID int64, done bool) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		var text string
		err := tx.QueryRow(ctx, `update delegation_checklist set
				done_at = case when $3 then coalesce(done_at, $4) end,
				done_by = case when $3 then coalesce(done_by, $5) end
			where id = $1 and delegation_id = $2 returning text`, itemID, delegationID, done, s.now(), audit.ActorID(ctx)).Scan(&text)
		if err != nil {
			return db.NotFound(err, "checklist item")
		}
		state := "atzīmēts kā izdarīts"
		if !done {
			state = "atzīmēts kā neizdarīts"
		}
		return audit.Record(ctx, tx, entry(delegationID, "checklist_tick", "sagatavošanas punkts #%d %s", itemID, state))
	})
}

// Templates are the checklist templates of every kind, in order.
func (s *Store) Templates(ctx context.Context) ([]TemplateItem, error) {
	rows, err := s.pool.Query(ctx, `select id, kind, position, text from delegation_checklist_templates order by kind, position`)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (TemplateItem, error) {
		var t TemplateItem
		err := row.Scan(&t.ID, &t.Kind, &t.Position, &t.Text)
		return t, err
	})
}

// AddTemplate adds a point at the end of kind's checklist template; a
// delegation registered later gets it.
func (s *Store) AddTemplate(ctx context.Context, kind Kind, text string) (int64, error) {
	var id int64
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `insert into delegation_checklist_templates (kind, position, text, created_at, updated_at, created_by)
			select $1, coalesce(max(position), 0) + 1, $2, $3, $3, $4 from delegation_checklist_templates where kind = $1
			returning id`, kind, text, s.now(), audit.ActorID(ctx)).Scan(&id)
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Entity: "delegation_checklist_template", EntityID: id, Action: "create",
			Summary: "Sagatavošanas saraksta paraugam „" + lvText("delegations.kind."+string(kind)) + "” pievienots punkts"})
	})
	return id, err
}

// DeleteTemplate removes a point from its template; delegations that
// already have it keep theirs.
func (s *Store) DeleteTemplate(ctx context.Context, id int64) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		var kind Kind
		if err := tx.QueryRow(ctx, `delete from delegation_checklist_templates where id = $1 returning kind`, id).Scan(&kind); err != nil {
			return db.NotFound(err, "checklist template item")
		}
		return audit.Record(ctx, tx, audit.Entry{Entity: "delegation_checklist_template", EntityID: id, Action: "delete",
			Summary: "No sagatavošanas saraksta parauga „" + lvText("delegations.kind."+string(kind)) + "” dzēsts punkts"})
	})
}

// LogisticsOf are the delegation's logistics lines by kind.
func (s *Store) LogisticsOf(ctx context.Context, id int64) ([]Logistics, error) {
	rows, err := s.pool.Query(ctx, `select id, delegation_id, kind, description, starts_at, ends_at, quantity, reference, confirmed, version
		from delegation_logistics where delegation_id = $1
		order by array_position(array['accommodation','transport','meals','interpreter','photographer','protocol'], kind), starts_at nulls last, id`, id)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (Logistics, error) {
		var l Logistics
		err := row.Scan(&l.ID, &l.DelegationID, &l.Kind, &l.Description, &l.StartsAt, &l.EndsAt, &l.Quantity, &l.Reference, &l.Confirmed, &l.Version)
		return l, err
	})
}

// AddLogistics adds a logistics line to its delegation.
func (s *Store) AddLogistics(ctx context.Context, l Logistics) (int64, error) {
	var id int64
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := delegation(ctx, tx, l.DelegationID); err != nil {
			return err
		}
		if err := tx.QueryRow(ctx, `insert into delegation_logistics (delegation_id, kind, description, starts_at, ends_at, quantity,
				reference, confirmed, created_at, updated_at, created_by)
			values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $10) returning id`, l.DelegationID, l.Kind, l.Description, l.StartsAt,
			l.EndsAt, l.Quantity, l.Reference, l.Confirmed, s.now(), audit.ActorID(ctx)).Scan(&id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, entry(l.DelegationID, "logistics_add", "pievienota loģistika #%d (%s)", id, lvText("delegations.logistics.kind."+string(l.Kind))))
	})
	return id, err
}

// UpdateLogistics saves a logistics line as the form that showed it at its
// version edited it.
func (s *Store) UpdateLogistics(ctx context.Context, l Logistics) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `update delegation_logistics set kind = $4, description = $5, starts_at = $6, ends_at = $7,
				quantity = $8, reference = $9, confirmed = $10, updated_at = $11, version = version + 1
			where id = $1 and delegation_id = $2 and version = $3`, l.ID, l.DelegationID, l.Version, l.Kind, l.Description,
			l.StartsAt, l.EndsAt, l.Quantity, l.Reference, l.Confirmed, s.now())
		if err := db.Versioned(tag, err); err != nil {
			return err
		}
		return audit.Record(ctx, tx, entry(l.DelegationID, "logistics_update", "labota loģistika #%d (%s)", l.ID, lvText("delegations.logistics.kind."+string(l.Kind))))
	})
}

// DeleteLogistics removes a logistics line of the delegation, as the form
// that shows it at version saw it.
func (s *Store) DeleteLogistics(ctx context.Context, delegationID, id int64, version int) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `delete from delegation_logistics where id = $1 and delegation_id = $2 and version = $3`, id, delegationID, version)
		if err := db.Versioned(tag, err); err != nil {
			return err
		}
		return audit.Record(ctx, tx, entry(delegationID, "logistics_delete", "dzēsta loģistika #%d", id))
	})
}

const budgetColumns = `id, delegation_id, category, description, (planned * 100)::bigint, (actual * 100)::bigint, version`

func collectBudget(rows pgx.Rows, err error) ([]BudgetLine, error) {
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (BudgetLine, error) {
		var b BudgetLine
		var actual *int64
		var planned int64
		err := row.Scan(&b.ID, &b.DelegationID, &b.Category, &b.Description, &planned, &actual, &b.Version)
		b.Planned = Money(planned)
		if actual != nil {
			a := Money(*actual)
			b.Actual = &a
		}
		return b, err
	})
}

// Budget is the delegation's budget lines by category.
func (s *Store) Budget(ctx context.Context, id int64) ([]BudgetLine, error) {
	return collectBudget(s.pool.Query(ctx, `select `+budgetColumns+` from delegation_budget where delegation_id = $1
		order by array_position(array['accommodation','transport','meals','gifts','interpretation','other'], category), id`, id))
}

func cents(m *Money) *int64 {
	if m == nil {
		return nil
	}
	c := int64(*m)
	return &c
}

// AddBudget adds a budget line to its delegation.
func (s *Store) AddBudget(ctx context.Context, b BudgetLine) (int64, error) {
	var id int64
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := delegation(ctx, tx, b.DelegationID); err != nil {
			return err
		}
		planned := int64(b.Planned)
		if err := tx.QueryRow(ctx, `insert into delegation_budget (delegation_id, category, description, planned, actual,
				created_at, updated_at, created_by)
			values ($1, $2, $3, $4::bigint / 100.0, $5::bigint / 100.0, $6, $6, $7) returning id`, b.DelegationID, b.Category,
			b.Description, planned, cents(b.Actual), s.now(), audit.ActorID(ctx)).Scan(&id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, entry(b.DelegationID, "budget_add", "budžetā pievienota rinda #%d (%s)", id, lvText("delegations.budget.category."+string(b.Category))))
	})
	return id, err
}

// SetActual saves a budget line's actual cost (nil: not known yet).
func (s *Store) SetActual(ctx context.Context, b BudgetLine) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `update delegation_budget set actual = $3::bigint / 100.0, updated_at = $4, version = version + 1
			where id = $1 and version = $2 and delegation_id = $5`, b.ID, b.Version, cents(b.Actual), s.now(), b.DelegationID)
		if err := db.Versioned(tag, err); err != nil {
			if errors.Is(err, errs.Conflict) {
				return errs.FieldConflict("actual", "errors.conflict")
			}
			return err
		}
		return audit.Record(ctx, tx, entry(b.DelegationID, "budget_update", "budžeta rindai #%d ievadītas faktiskās izmaksas", b.ID))
	})
}

// UpdateBudget saves a budget line as the form that showed it at its
// version edited it.
func (s *Store) UpdateBudget(ctx context.Context, b BudgetLine) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `update delegation_budget set category = $4, description = $5, planned = $6::bigint / 100.0,
				actual = $7::bigint / 100.0, updated_at = $8, version = version + 1
			where id = $1 and delegation_id = $2 and version = $3`, b.ID, b.DelegationID, b.Version, b.Category, b.Description,
			int64(b.Planned), cents(b.Actual), s.now())
		if err := db.Versioned(tag, err); err != nil {
			return err
		}
		return audit.Record(ctx, tx, entry(b.DelegationID, "budget_update", "labota budžeta rinda #%d (%s)", b.ID, lvText("delegations.budget.category."+string(b.Category))))
	})
}

// DeleteBudget removes a budget line of the delegation, as the form that
// shows it at version saw it.
func (s *Store) DeleteBudget(ctx context.Context, delegationID, id int64, version int) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `delete from delegation_budget where id = $1 and delegation_id = $2 and version = $3`, id, delegationID, version)
		if err := db.Versioned(tag, err); err != nil {
			return err
		}
		return audit.Record(ctx, tx, entry(delegationID, "budget_delete", "dzēsta budžeta rinda #%d", id))
	})
}

// YearBudget is the year's costs by category, over the delegations that
// start in it and are not cancelled.
func (s *Store) YearBudget(ctx context.Context, year int) (map[Category]Sums, Sums, error) {
	lines, err := collectBudget(s.pool.Query(ctx, `select b.id, b.delegation_id, b.category, '', (sum(b.planned) * 100)::bigint,
			(sum(b.actual) * 100)::bigint, 0
		from delegation_budget b join delegations d on d.id = b.delegation_id
		where d.starts_on >= make_date($1, 1, 1) and d.starts_on < make_date($1 + 1, 1, 1) and d.status <> 'cancelled'
		group by b.category, b.id, b.delegation_id`, year))
	if err != nil {
		return nil, Sums{}, err
	}
	by, all := Total(lines)
	return by, all, nil
}
