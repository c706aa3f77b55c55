package monitoring

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/audit"
	"github.com/daugavpils/prdesk/internal/db"
	"github.com/daugavpils/prdesk/internal/errs"
)

func ruleEntry(id int64, action, format string, args ...any) audit.Entry {
	return audit.Entry{Entity: "monitoring_rule", EntityID: id, Action: action,
		Summary: fmt.Sprintf("Atslēgvārdu noteikums Nr. %d: ", id) + fmt.Sprintf(format, args...)}
}

const ruleColumns = `r.id, r.name, r.expression, r.topic_id, r.active, r.version, r.created_at, r.updated_at, coalesce(r.idempotency_key, '')`

func scanRule(row pgx.Row, more ...any) (KeywordRule, error) {
	var r KeywordRule
	dest := []any{&r.ID, &r.Name, &r.Expression, &r.TopicID, &r.Active, &r.Version, &r.CreatedAt, &r.UpdatedAt, &r.IdempotencyKey}
	err := row.Scan(append(dest, more...)...)
	return r, err
}

// KeywordRules are every rule, the active first, then by name, each with
// how many items of the last RecentDays it matched.
func (s *Store) KeywordRules(ctx context.Context) ([]KeywordRule, error) {
	rows, _ := s.pool.Query(ctx, `select `+ruleColumns+`,
			(select count(*) from monitoring_item_hits h join monitoring_items i on i.id = h.item_id
				where h.rule_id = r.id and i.first_seen_at >= $1)
		from monitoring_rules r order by r.active desc, lower(r.name), r.id`, s.now().AddDate(0, 0, -RecentDays))
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (KeywordRule, error) {
		var n int
		r, err := scanRule(row, &n)
		r.Recent = n
		return r, err
	})
}

// KeywordRule reads one rule.
func (s *Store) KeywordRule(ctx context.Context, id int64) (KeywordRule, error) {
	r, err := scanRule(s.pool.QueryRow(ctx, `select `+ruleColumns+` from monitoring_rules r where r.id = $1`, id))
	return r, db.NotFound(err, "monitoring rule")
}

// RuleByKey finds the rule a form already created.
func (s *Store) RuleByKey(ctx context.Context, key string) (int64, error) {
	var id int64
	err := s.pool.QueryRow(ctx, `select id from monitoring_rules where idempotency_key = $1`, key).Scan(&id)
	return id, db.NotFound(err, "monitoring rule by idempotency key")
}

// checkedRule parses the rule's expression (the form did, but a store
// takes no expression on trust) and returns it with its canonical text;
// a refusal is beside its field, with the spot in the expression.
func checkedRule(ctx context.Context, tx pgx.Tx, r KeywordRule, oldTopic *int64) (KeywordRule, *Rule, error) {
	if p := r.Check(); len(p) > 0 {
		return r, nil, errs.Field(p[0][0], p[0][1])
	}
	parsed, err := ParseRule(r.Expression)
	if err != nil {
		var re *RuleError
		if errors.As(err, &re) {
			return r, nil, errs.Field("expression", ruleErrorKey(re.Code), ruleErrorArgs(re)...)
		}
		return r, nil, err
	}
	r.Expression = parsed.String()
	if r.TopicID != nil {
		var active bool
		err := tx.QueryRow(ctx, `select active from monitoring_topics where id = $1`, *r.TopicID).Scan(&active)
		sameAsBefore := oldTopic != nil && *oldTopic == *r.TopicID
		if err != nil || (!active && !sameAsBefore) {
			return r, nil, errs.Field("topic_id", "monitoring.rule.topic_unknown")
		}
	}
	return r, parsed, nil
}

// ruleErrorKey is the catalogue's words for a RuleError code.
func ruleErrorKey(code string) string { return "monitoring.rule.error." + code }

// ruleErrorArgs are the words' arguments: the spot, counted from 1 as a
// person counts characters, where there is one to point at.
func ruleErrorArgs(re *RuleError) []any {
	if re.Code == RuleEmpty {
		return nil
	}
	return []any{re.Pos + 1}
}

func ruleRefusal(err error) error {
	if db.IsUnique(err, "monitoring_rules_name_key") {
		return errs.FieldConflict("name", "monitoring.rule.name_taken")
	}
	return err
}

// CreateRule saves a new rule and returns its id; with apply, the rule is
// also run over the recent items in the same transaction.
func (s *Store) CreateRule(ctx context.Context, r KeywordRule, apply bool) (int64, ApplyResult, error) {
	var id int64
	var res ApplyResult
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		r, parsed, err := checkedRule(ctx, tx, r, nil)
		if err != nil {
			return err
		}
		var key *string
		if r.IdempotencyKey != "" {
			key = &r.IdempotencyKey
		}
		now := s.now()
		err = tx.QueryRow(ctx, `insert into monitoring_rules (name, expression, topic_id, active, idempotency_key, created_at, updated_at, created_by)
			values ($1, $2, $3, $4, $5, $6, $6, $7) returning id`,
			r.Name, r.Expression, r.TopicID, r.Active, key, now, audit.ActorID(ctx)).Scan(&id)
		if db.IsUnique(err, "monitoring_rules_idempotency_key_key") {
			return ErrDuplicateKey
		}
		if err != nil {
			return ruleRefusal(err)
		}
		e := ruleEntry(id, "create", "pievienots")
		e.Details = map[string]any{"name": r.Name, "expression": r.Expression}
		if err := audit.Record(ctx, tx, e); err != nil {
			return err
		}
		if apply && r.Active {
			res, err = s.applyAudited(ctx, tx, id, parsed, now)
		}
		return err
	})
	return id, res, err
}

// UpdateRule saves r over the rule (r.ID, r.Version as drawn); with apply,
// the rule as saved is also run over the recent items in the same
// transaction. The hits it made before stay: what was matched is not
// taken out of the inbox.
func (s *Store) UpdateRule(ctx context.Context, r KeywordRule, apply bool) (ApplyResult, error) {
	var res ApplyResult
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		old, err := scanRule(tx.QueryRow(ctx, `select `+ruleColumns+` from monitoring_rules r where r.id = $1 for update`, r.ID))
		if err != nil {
			return db.NotFound(err, "monitoring rule")
		}
		if old.Version != r.Version {
			return errs.FieldConflict("name", "errors.conflict")
		}
		r, parsed, err := checkedRule(ctx, tx, r, old.TopicID)
		if err != nil {
			return err
		}
		now := s.now()
		if _, err := tx.Exec(ctx, `update monitoring_rules set name = $2, expression = $3, topic_id = $4, active = $5,
				updated_at = $6, version = version + 1 where id = $1`, r.ID, r.Name, r.Expression, r.TopicID, r.Active, now); err != nil {
			return ruleRefusal(err)
		}
		e := ruleEntry(r.ID, "update", "labots")
		e.Details = audit.Diff([][3]any{{"name", old.Name, r.Name}, {"expression", old.Expression, r.Expression},
			{"topic_id", ptr(old.TopicID), ptr(r.TopicID)}, {"active", old.Active, r.Active}})
		if err := audit.Record(ctx, tx, e); err != nil {
			return err
		}
		if apply && r.Active {
			res, err = s.applyAudited(ctx, tx, r.ID, parsed, now)
		}
		return err
	})
	return res, err
}

// applyAudited is applyRule with its audit entry.
func (s *Store) applyAudited(ctx context.Context, tx pgx.Tx, id int64, parsed *Rule, now time.Time) (ApplyResult, error) {
	res, err := applyRule(ctx, tx, id, parsed, now)
	if err != nil {
		return res, err
	}
	e := ruleEntry(id, "apply", "piemērots pēdējo %d dienu ierakstiem: pārbaudīti %d, atlasīti %d", RecentDays, res.Scanned, res.Matched)
	e.Details = map[string]any{"scanned": res.Scanned, "matched": res.Matched}
	return res, audit.Record(ctx, tx, e)
}

// activeMatcher is a matcher of the active rules, or nil when there are
// none. A stored rule that no longer parses (the parser grew stricter) is
// left out and logged, so that one bad rule does not stop every import.
func activeMatcher(ctx context.Context, q db.Querier) (*Matcher, error) {
	rows, _ := q.Query(ctx, `select id, expression from monitoring_rules where active order by id`)
	var rules []MatcherRule
	var id int64
	var expr string
	_, err := pgx.ForEachRow(rows, []any{&id, &expr}, func() error {
		r, err := ParseRule(expr)
		if err != nil {
			slog.WarnContext(ctx, "monitoring: a stored rule does not parse", "rule", id, "err", err)
			return nil
		}
		rules = append(rules, MatcherRule{ID: id, Rule: r})
		return nil
	})
	if err != nil || len(rules) == 0 {
		return nil, err
	}
	return NewMatcher(rules), nil
}

// matcher is a matcher of the active rules, or nil when there are none.
func (s *Store) matcher(ctx context.Context) (*Matcher, error) { return activeMatcher(ctx, s.pool) }
