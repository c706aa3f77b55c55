package contacts

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Report is what the director's reports take from the directory: counts
// only, for [From, To).
type Report struct {
	From, To time.Time
	// NewOrganisations and NewPeople were added to the directory in the
	// period, by hand, in place from another area's form, or by an import.
	NewOrganisations, NewPeople int
	// Merges are the duplicates merged into another record.
	Merges int
	// OptOuts are the people who asked for no mailings in the period and
	// still do.
	OptOuts int
	// Imports are the imports confirmed in the period.
	Imports int
	// Erased are the people whose personal data retention removed.
	Erased int
	// Uses are what other areas recorded contacts took part in, by area
	// (contact_uses' area: "press", "twincities"), and their sum.
	Uses       int
	UsesByArea map[string]int
}

// Summary is the directory's figures for [from, to).
func Summary(ctx context.Context, pool *pgxpool.Pool, from, to time.Time) (Report, error) {
	return NewStore(Deps{Pool: pool, Now: time.Now}).Summary(ctx, from, to)
}

// Summary is the directory's figures for [from, to).
func (s *Store) Summary(ctx context.Context, from, to time.Time) (Report, error) {
	r := Report{From: from, To: to, UsesByArea: map[string]int{}}
	err := s.pool.QueryRow(ctx, `
		select count(*) filter (where kind = 'organisation' and created_at >= $1 and created_at < $2),
		       count(*) filter (where kind = 'person' and created_at >= $1 and created_at < $2),
		       count(*) filter (where kind = 'person' and merged_into is null and opt_out_at >= $1 and opt_out_at < $2)
		from contacts
		where (created_at >= $1 and created_at < $2) or (opt_out_at >= $1 and opt_out_at < $2)`, from, to).
		Scan(&r.NewOrganisations, &r.NewPeople, &r.OptOuts)
	if err != nil {
		return r, err
	}
	err = s.pool.QueryRow(ctx, `
		select count(*) filter (where entity = 'contact' and action = 'merge'),
		       count(distinct entity_id) filter (where entity = 'contact_import'),
		       count(*) filter (where entity = 'contact' and action = 'anonymize')
		from audit_log
		where created_at >= $1 and created_at < $2 and entity in ('contact', 'contact_import')`, from, to).
		Scan(&r.Merges, &r.Imports, &r.Erased)
	if err != nil {
		return r, err
	}
	rows, _ := s.pool.Query(ctx, `select area, count(*) from contact_uses where at >= $1 and at < $2 group by area`, from, to)
	var area string
	var n int
	_, err = pgx.ForEachRow(rows, []any{&area, &n}, func() error {
		r.UsesByArea[area] = n
		r.Uses += n
		return nil
	})
	return r, err
}
