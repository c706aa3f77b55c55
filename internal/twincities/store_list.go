package twincities

import (
	"context"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/audit"
	"github.com/daugavpils/prdesk/internal/db"
)

// Sort is the order of the list.
type Sort string

const (
	ByCity   Sort = "city"   // city A–Z (Latvian collation)
	BySigned Sort = "signed" // newest signed first; unsigned last
	ByReview Sort = "review" // nearest review date first; none last
)

// Sorts the list offers.
var Sorts = []Sort{ByCity, BySigned, ByReview}

// PageSize is how many agreements a page of the list shows.
const PageSize = 50

// CountBound is how far the list counts: past it, "more than".
const CountBound = 1000

// Cursor is where a page of the list starts after: the sort key of the
// last row of the page before (a city, or a date as yyyy-mm-dd) and its id.
type Cursor struct {
	Key string
	ID  int64
}

// ListQuery is the list's filters, order and page.
type ListQuery struct {
	Q       string // a diacritic-blind search in the city (either spelling) and country code
	Status  Status
	Country string
	Field   Field
	Sort    Sort
	After   *Cursor
}

// ListPage is one page of the list.
type ListPage struct {
	Rows  []Agreement
	Total int // those that match, up to CountBound+1
	Next  *Cursor
}

// MaxSearch is the longest search the list takes.
const MaxSearch = 100

// listWhere are the filters as SQL on $1 (q), $2 (status), $3 (country), $4 (field).
const listWhere = `($1 = '' or a.search like '%' || lower(prdesk_unaccent($1)) || '%')
	and ($2 = '' or a.status = $2) and ($3 = '' or a.country = $3) and ($4 = '' or $4 = any(a.fields))`

// sortKey is the cursor's key of a row in order s.
func sortKey(a Agreement, s Sort) string {
	switch s {
	case BySigned:
		if a.SignedOn == nil {
			return "0001-01-01"
		}
		return a.SignedOn.Format(time.DateOnly)
	case ByReview:
		if a.ReviewOn == nil {
			return "9999-12-31"
		}
		return a.ReviewOn.Format(time.DateOnly)
	default:
		return a.City
	}
}

// List is one page of the agreements that match q, in its order, with how
// many match (up to CountBound+1).
func (s *Store) List(ctx context.Context, q ListQuery) (ListPage, error) {
	var p ListPage
	args := []any{strings.TrimSpace(q.Q), string(q.Status), q.Country, string(q.Field)}
	var key *string
	var id int64
	if q.After != nil {
		key, id = &q.After.Key, q.After.ID
	}
	var order, after string
	switch q.Sort {
	case BySigned:
		order = `coalesce(a.signed_on, '0001-01-01') desc, a.id desc`
		after = `($5::text is null or (coalesce(a.signed_on, '0001-01-01'), a.id) < ($5::date, $6))`
	case ByReview:
		order = `coalesce(a.review_on, '9999-12-31'), a.id`
		after = `($5::text is null or (coalesce(a.review_on, '9999-12-31'), a.id) > ($5::date, $6))`
	default:
		order = `a.sort_city, a.id`
		after = `($5::text is null or (a.sort_city, a.id) > ($5::text collate "lv-x-icu", $6))`
	}
	var b pgx.Batch
	b.Queue(`select `+agreementColumns+` from twin_agreements a where `+listWhere+` and `+after+`
		order by `+order+` limit $7`, append(args, key, id, PageSize+1)...).Query(func(rows pgx.Rows) error {
		var err error
		p.Rows, err = collectAgreements(rows, nil)
		return err
	})
	b.Queue(`select count(*) from (select 1 from twin_agreements a where `+listWhere+` limit $5) m`,
		append(args, CountBound+1)...).QueryRow(func(row pgx.Row) error { return row.Scan(&p.Total) })
	if err := s.pool.SendBatch(ctx, &b).Close(); err != nil {
		return p, err
	}
	if len(p.Rows) > PageSize {
		p.Rows = p.Rows[:PageSize]
		last := p.Rows[PageSize-1]
		p.Next = &Cursor{Key: sortKey(last, q.Sort), ID: last.ID}
	}
	return p, nil
}

// Countries are the countries of the agreements there are, for the filter.
func (s *Store) Countries(ctx context.Context) ([]string, error) {
	rows, err := s.pool.Query(ctx, `select distinct country from twin_agreements order by 1`)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[string])
}

// Export gives every agreement that matches q, in the list's order, to
// each, and writes who exported how many to the audit log in the same
// transaction. An error from each (a client gone) records nothing.
func (s *Store) Export(ctx context.Context, q ListQuery, format string, each func(Agreement) error) (int, error) {
	n := 0
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		order := `a.sort_city, a.id`
		switch q.Sort {
		case BySigned:
			order = `coalesce(a.signed_on, '0001-01-01') desc, a.id desc`
		case ByReview:
			order = `coalesce(a.review_on, '9999-12-31'), a.id`
		}
		rows, err := tx.Query(ctx, `select `+agreementColumns+` from twin_agreements a where `+listWhere+` order by `+order,
			strings.TrimSpace(q.Q), string(q.Status), q.Country, string(q.Field))
		all, err := collectAgreements(rows, err)
		if err != nil {
			return err
		}
		for _, a := range all {
			if err := each(a); err != nil {
				return err
			}
			n++
		}
		return audit.Record(ctx, tx, audit.Entry{Entity: "twin_agreement", EntityID: "export", Action: "export",
			Summary: "Sadarbības līgumu saraksts izgūts (" + format + ", līgumu skaits: " + itoa(n) + ")",
			Details: map[string]any{"q": q.Q, "status": q.Status, "country": q.Country, "field": q.Field}})
	})
	return n, err
}

// Published are the agreements as the municipality publishes them: every
// signed one (in force or ended), by country and city.
func (s *Store) Published(ctx context.Context) ([]Agreement, error) {
	return collectAgreements(s.pool.Query(ctx, `select `+agreementColumns+` from twin_agreements a
		where a.status <> 'preparation' order by case when a.status = 'ended' then 1 else 0 end, a.country, a.sort_city, a.id`))
}

// All are every agreement by city, for the overview and the plans.
func (s *Store) All(ctx context.Context) ([]Agreement, error) {
	return collectAgreements(s.pool.Query(ctx, `select `+agreementColumns+` from twin_agreements a order by a.sort_city, a.id`))
}
