package press

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
	ByUpdated Sort = "updated" // last changed first
	ByTitle   Sort = "title"   // title A–Z (Latvian collation)
)

// Sorts the list offers.
var Sorts = []Sort{ByUpdated, ByTitle}

// PageSize is how many releases a page of the list shows.
const PageSize = 50

// CountBound is how far the list counts: past it, "more than".
const CountBound = 1000

// MaxSearch is the longest search the list takes.
const MaxSearch = 200

// maxWords is how many words of a search are looked for.
const maxWords = 8

// Cursor is where a page starts after: the sort key of the last row of the
// page before (a title, or a time in RFC 3339 with nanoseconds) and its id.
type Cursor struct {
	Key string
	ID  int64
}

// ListQuery is the list's filters, order and page.
type ListQuery struct {
	Q      string // every word somewhere in the current texts, diacritic-blind
	Status Status
	Mine   int64 // releases this account created; 0 for everyone's
	Sort   Sort
	After  *Cursor
}

// ListPage is one page of the list.
type ListPage struct {
	Rows  []Release
	Total int // those that match, up to CountBound+1
	Next  *Cursor
}

// likeEscaper keeps a typed % or _ from being a wildcard.
var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

// where is the list's filters as SQL, with their arguments after the
// first n (each word its own condition, so that the search's trigram
// index answers each).
func (q ListQuery) where(args []any) (string, []any) {
	conds := []string{"true"}
	add := func(cond string, v any) {
		args = append(args, v)
		conds = append(conds, strings.ReplaceAll(cond, "$?", "$"+strconv.Itoa(len(args))))
	}
	for i, w := range strings.Fields(q.Q) {
		if i == maxWords {
			break
		}
		add(`r.search like '%' || lower(prdesk_unaccent($?)) || '%'`, likeEscaper.Replace(w))
	}
	if q.Status != "" {
		add(`r.status = $?`, string(q.Status))
	}
	if q.Mine != 0 {
		add(`r.created_by = $?`, q.Mine)
	}
	return strings.Join(conds, " and "), args
}

// order is the list's order as SQL, and the keyset condition after $a
// (key) and $b (id).
func (q ListQuery) order(a, b int) (order, after string) {
	pa, pb := "$"+strconv.Itoa(a), "$"+strconv.Itoa(b)
	if q.Sort == ByTitle {
		return `r.sort_title, r.id`, `(r.sort_title, r.id) > (` + pa + `::text collate "lv-x-icu", ` + pb + `)`
	}
	return `r.updated_at desc, r.id desc`, `(r.updated_at, r.id) < (` + pa + `::timestamptz, ` + pb + `)`
}

// sortKey is the cursor's key of a row in order s.
func sortKey(r Release, s Sort) string {
	if s == ByTitle {
		return r.Title
	}
	return r.UpdatedAt.UTC().Format(time.RFC3339Nano)
}

// List is one page of the releases that match q, in its order, with how
// many match (up to CountBound+1).
func (s *Store) List(ctx context.Context, q ListQuery) (ListPage, error) {
	var p ListPage
	where, args := q.where(nil)
	order, after := q.order(len(args)+1, len(args)+2)
	pageArgs := append([]any{}, args...)
	if q.After != nil {
		pageArgs = append(pageArgs, q.After.Key, q.After.ID)
		where += ` and ` + after
	}
	pageArgs = append(pageArgs, PageSize+1)
	limit := "$" + strconv.Itoa(len(pageArgs))
	var b pgx.Batch
	b.Queue(`select `+releaseColumns+` from press_releases r where `+where+` order by `+order+` limit `+limit,
		pageArgs...).Query(func(rows pgx.Rows) error {
		var err error
		p.Rows, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (Release, error) { return scanRelease(row) })
		return err
	})
	countWhere, _ := q.where(nil)
	b.Queue(`select count(*) from (select 1 from press_releases r where `+countWhere+` limit $`+strconv.Itoa(len(args)+1)+`) m`,
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

// Export gives every release that matches q, in the list's order, to each,
// and writes who exported how many to the audit log in the same
// transaction. An error from each (a client gone) records nothing.
func (s *Store) Export(ctx context.Context, q ListQuery, format string, each func(Release) error) (int, error) {
	n := 0
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		where, args := q.where(nil)
		order, _ := q.order(0, 0)
		rows, err := tx.Query(ctx, `select `+releaseColumns+` from press_releases r where `+where+` order by `+order, args...)
		if err != nil {
			return err
		}
		all, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (Release, error) { return scanRelease(row) })
		if err != nil {
			return err
		}
		for _, r := range all {
			if err := each(r); err != nil {
				return err
			}
			n++
		}
		return audit.Record(ctx, tx, audit.Entry{Entity: "press_release", EntityID: "export", Action: "export",
			Summary: "Preses relīžu saraksts izgūts (" + format + ", relīžu skaits: " + strconv.Itoa(n) + ")",
			Details: map[string]any{"q": q.Q, "status": q.Status, "mine": q.Mine != 0}})
	})
	return n, err
}
