package twincities

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
)

// Activity is how many lines of the log an agreement has in one year and field.
type Activity struct {
	AgreementID int64
	Year        int
	Field       Field
	N           int
}

// Activity counts the log's lines (what happened) of the years from to to (both included)
// per agreement, year and field.
func (s *Store) Activity(ctx context.Context, from, to int) ([]Activity, error) {
	rows, err := s.pool.Query(ctx, `
		select agreement_id, extract(year from happened_on)::int, field, count(*)
		from twin_log where happened_on >= make_date($1, 1, 1) and happened_on < make_date($2 + 1, 1, 1) and state = 'happened'
		group by 1, 2, 3`, from, to)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (Activity, error) {
		var a Activity
		err := row.Scan(&a.AgreementID, &a.Year, &a.Field, &a.N)
		return a, err
	})
}

// Summary gives the director's reports the area's figures for [from, to).
func (s *Store) Summary(ctx context.Context, from, to time.Time) (Report, error) {
	r := Report{From: from, To: to, ByKind: map[Kind]int{}, ByField: map[Field]int{}}
	var b pgx.Batch
	b.Queue(`select count(*) filter (where status = 'active'), count(*) filter (where status = 'dormant'),
			count(*) filter (where status = 'preparation'), count(*) filter (where status = 'ended'),
			count(*) filter (where signed_on >= $1::date and signed_on < $2::date)
		from twin_agreements`, from, to).QueryRow(func(row pgx.Row) error {
		return row.Scan(&r.Active, &r.Dormant, &r.InPreparation, &r.Ended, &r.Signed)
	})
	b.Queue(`select kind, field, count(*) from twin_log
		where happened_on >= $1::date and happened_on < $2::date and state = 'happened' group by kind, field`, from, to).Query(func(rows pgx.Rows) error {
		var k Kind
		var f Field
		var n int
		_, err := pgx.ForEachRow(rows, []any{&k, &f, &n}, func() error {
			r.ByKind[k] += n
			r.ByField[f] += n
			r.Entries += n
			return nil
		})
		return err
	})
	b.Queue(`select count(distinct agreement_id) from twin_log where happened_on >= $1::date and happened_on < $2::date and state = 'happened'`, from, to).
		QueryRow(func(row pgx.Row) error { return row.Scan(&r.CitiesWithActivity) })
	return r, s.pool.SendBatch(ctx, &b).Close()
}
