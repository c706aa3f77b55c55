package delegations

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Report is what the executive director's reports take from the
// delegations: counts and costs only, no names. A delegation belongs to
// the period [From, To) when it starts in it; cancelled ones are counted
// apart and left out of the rest.
type Report struct {
	From, To time.Time
	// Delegations are those of the period, not cancelled.
	Delegations int
	Cancelled   int
	ByKind      map[Kind]int
	ByCountry   map[string]int
	ByLevel     map[Level]int
	ByStatus    map[Status]int
	// Costs are the budget's planned and actual sums of those delegations,
	// in all and by category.
	Costs      Sums
	ByCategory map[Category]Sums
	// Gifts received in the period to be handed over, and of those, the
	// ones handed over.
	GiftsToHandOver, GiftsHandedOver int
	// OverdueActions are the follow-up actions not done by their due date
	// as of To.
	OverdueActions int
}

// Summary counts the delegations of [from, to) by kind, country, level and
// status, with their costs, for the executive director.
func Summary(ctx context.Context, pool *pgxpool.Pool, from, to time.Time) (Report, error) {
	r := Report{From: from, To: to, ByKind: map[Kind]int{}, ByCountry: map[string]int{}, ByLevel: map[Level]int{},
		ByStatus: map[Status]int{}, ByCategory: map[Category]Sums{}}
	var b pgx.Batch
	b.Queue(`select kind, country, level, status, count(*) from delegations where starts_on >= $1 and starts_on < $2
		group by kind, country, level, status`, from, to).Query(func(rows pgx.Rows) error {
		for rows.Next() {
			var k Kind
			var c string
			var l Level
			var s Status
			var n int
			if err := rows.Scan(&k, &c, &l, &s, &n); err != nil {
				return err
			}
			if s == Cancelled {
				r.Cancelled += n
				continue
			}
			r.Delegations += n
			r.ByKind[k] += n
			r.ByCountry[c] += n
			r.ByLevel[l] += n
			r.ByStatus[s] += n
		}
		return rows.Err()
	})
	b.Queue(`select b.category, (sum(b.planned) * 100)::bigint, coalesce((sum(b.actual) * 100)::bigint, 0)
		from delegation_budget b join delegations d on d.id = b.delegation_id
		where d.starts_on >= $1 and d.starts_on < $2 and d.status <> 'cancelled' group by b.category`, from, to).Query(func(rows pgx.Rows) error {
		for rows.Next() {
			var c Category
			var p, a int64
			if err := rows.Scan(&c, &p, &a); err != nil {
				return err
			}
			r.ByCategory[c] = Sums{Planned: Money(p), Actual: Money(a)}
			r.Costs.Planned += Money(p)
			r.Costs.Actual += Money(a)
		}
		return rows.Err()
	})
	b.Queue(`select count(*) filter (where handover), count(*) filter (where handover and handed_over_on is not null)
		from delegation_gifts where direction = 'received' and given_on >= $1 and given_on < $2`, from, to).
		QueryRow(func(row pgx.Row) error { return row.Scan(&r.GiftsToHandOver, &r.GiftsHandedOver) })
	b.Queue(`select count(*) from delegation_actions where done_on is null and due_on < $1`, to).
		QueryRow(func(row pgx.Row) error { return row.Scan(&r.OverdueActions) })
	err := pool.SendBatch(ctx, &b).Close()
	return r, err
}
