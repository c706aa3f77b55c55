package delegations

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/audit"
	"github.com/daugavpils/prdesk/internal/db"
)

// Sort is the order of the list.
type Sort string

const (
	ByStart Sort = "start" // newest start first
	ByTitle Sort = "title" // title A–Z (Latvian collation)
)

// Sorts the list offers.
var Sorts = []Sort{ByStart, ByTitle}

// PageSize is how many delegations a page of the list shows.
const PageSize = 50

// CountBound is how far a filtered list counts: past it, "more than".
const CountBound = 1000

// MaxSearch is the longest search the list takes.
const MaxSearch = 100

// Cursor is where a page of the list starts after: the sort key of the
// last row of the page before (a date as yyyy-mm-dd, or a title) and its id.
type Cursor struct {
	Key string
	ID  int64
}

// ListQuery is the list's filters, order and page.
type ListQuery struct {
	Q       string // diacritic-blind, in the title, city, country code and purpose
	Kind    Kind
	Status  Status
	Year    int // of the start; 0 for any
	Country string
	Level   Level
	Sort    Sort
	After   *Cursor
}

// ListPage is one page of the list.
type ListPage struct {
	Rows []Delegation
	// Total is how many match: exact from the kept counts when only kind,
	// status and year filter, else up to CountBound+1.
	Total int
	Exact bool
	Next  *Cursor
}

// listWhere are the filters as SQL on $1 (q), $2 (kind), $3 (status),
// $4 (year), $5 (country), $6 (level).
const listWhere = `($1 = '' or d.search like '%' || lower(prdesk_unaccent($1)) || '%')
	and ($2 = '' or d.kind = $2) and ($3 = '' or d.status = $3)
	and ($4 = 0 or (d.starts_on >= make_date($4, 1, 1) and d.starts_on < make_date($4 + 1, 1, 1)))
	and ($5 = '' or d.country = $5) and ($6 = '' or d.level = $6)`

func (q ListQuery) args() []any {
	return []any{strings.TrimSpace(q.Q), string(q.Kind), string(q.Status), q.Year, q.Country, string(q.Level)}
}

func (q ListQuery) order() (order, after string) {
	if q.Sort == ByTitle {
		return `d.sort_title, d.id`, `($7::text is null or (d.sort_title, d.id) > ($7::text collate "lv-x-icu", $8))`
	}
	return `d.starts_on desc, d.id desc`, `($7::text is null or (d.starts_on, d.id) < ($7::date, $8))`
}

func sortKey(d Delegation, s Sort) string {
	if s == ByTitle {
		return d.Title
	}
	return d.StartsOn.Format(time.DateOnly)
}

// List is one page of the delegations that match q, in its order, with how
// many match.
func (s *Store) List(ctx context.Context, q ListQuery) (ListPage, error) {
	var p ListPage
	args := q.args()
	var key *string
	var id int64
	if q.After != nil {
		key, id = &q.After.Key, q.After.ID
	}
	order, after := q.order()
	var b pgx.Batch
	b.Queue(`select `+delegationColumns+` from delegations d where `+listWhere+` and `+after+`
		order by `+order+` limit $9`, append(args, key, id, PageSize+1)...).Query(func(rows pgx.Rows) error {
		var err error
		p.Rows, err = collectDelegations(rows, nil)
		return err
	})
	if strings.TrimSpace(q.Q) == "" && q.Country == "" && q.Level == "" {
		p.Exact = true
		b.Queue(`select coalesce(sum(n), 0)::int from delegation_counts
			where ($1 = '' or kind = $1) and ($2 = '' or status = $2) and ($3 = 0 or year = $3)`,
			string(q.Kind), string(q.Status), q.Year).QueryRow(func(row pgx.Row) error { return row.Scan(&p.Total) })
	} else {
		b.Queue(`select count(*) from (select 1 from delegations d where `+listWhere+` limit $7) m`,
			append(args, CountBound+1)...).QueryRow(func(row pgx.Row) error { return row.Scan(&p.Total) })
	}
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

// Years are the years delegations start in, newest first, for the filter.
func (s *Store) Years(ctx context.Context) ([]int, error) {
	rows, err := s.pool.Query(ctx, `select distinct year from delegation_counts where n > 0 order by 1 desc`)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[int])
}

// Export gives every delegation that matches q, in the list's order, to
// each, and writes who exported how many to the audit log in the same
// transaction. An error from each (a client gone) records nothing.
func (s *Store) Export(ctx context.Context, q ListQuery, format string, each func(Delegation) error) (int, error) {
	n := 0
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		order, _ := q.order()
		rows, err := tx.Query(ctx, `select `+delegationColumns+` from delegations d where `+listWhere+` order by `+order, q.args()...)
		all, err := collectDelegations(rows, err)
		if err != nil {
			return err
		}
		for _, d := range all {
			if err := each(d); err != nil {
				return err
			}
			n++
		}
		return audit.Record(ctx, tx, audit.Entry{Entity: "delegation", EntityID: "export", Action: "export",
			Summary: "Delegāciju saraksts izgūts (" + format + ", delegāciju skaits: " + strconv.Itoa(n) + ")",
			Details: map[string]any{"q": q.Q, "kind": q.Kind, "status": q.Status, "year": q.Year, "country": q.Country, "level": q.Level}})
	})
	return n, err
}
