package press

import (
	"context"
	"errors"
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

// where is the list's filters as SQL, with their arguments after those
// of args: the words searched for (each word its own condition, so that
// the trigram index answers each) and the other filters, apart.
func (q ListQuery) where(args []any) (words, others string, all []any) {
	var w, o []string
	add := func(to *[]string, cond string, v any) {
		args = append(args, v)
		*to = append(*to, strings.ReplaceAll(cond, "$?", "$"+strconv.Itoa(len(args))))
	}
	for i, word := range strings.Fields(q.Q) {
		if i == maxWords {
			break
		}
		add(&w, `r.search like '%' || lower(prdesk_unaccent($?)) || '%'`, likeEscaper.Replace(word))
	}
	if q.Status != "" {
		add(&o, `r.status = $?`, string(q.Status))
	}
	if q.Mine != 0 {
		add(&o, `r.created_by = $?`, q.Mine)
	}
	return strings.Join(append(w, "true"), " and "), strings.Join(append(o, "true"), " and "), args
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
//
// A search is counted first. Words that match at most CountBound releases
// are read through the trigram index and sorted; more than that (a word
// in most releases, such as "pilsētas") would read and sort every match,
// so the list's own order is walked instead, in growing chunks (the first
// of 200, each next twice as long) with the words checked on each, until
// the page is full.
//
// The trigram index cannot count a word in most releases cheaply either:
// it reads every match before the first is counted (49 000 for
// "pilsētas": 12 ms of the database's time on every page). So the newest
// probeChunk releases of the order are read first, with the words checked
// on each (the walk's first step): a word that fills the page from them is
// counted on the table as it lies (countDense), where a thousand-odd rows
// hold CountBound+1 of its releases, and the page is the one the probe
// read. A word that does not fill it, or is not found that often there,
// is read through the index (indexed), counted and paged in one read. A
// status that leaves few releases (fewFiltered) is searched on those
// alone.
func (s *Store) List(ctx context.Context, q ListQuery) (ListPage, error) {
	var p ListPage
	words, others, args := q.where(nil)
	count := `select count(*) from (select 1 from press_releases r where ` + words + ` and ` + others +
		` limit $` + strconv.Itoa(len(args)+1) + `) m`
	countArgs := append(append([]any{}, args...), CountBound+1)
	if strings.TrimSpace(q.Q) != "" {
		if q.Status != "" {
			few, err := s.fewFiltered(ctx, q)
			if err != nil || few {
				if err == nil {
					p.Total, err = s.countDense(ctx, q)
				}
				if err == nil {
					p.Rows, err = s.chunk(ctx, q, q.After, denseRows, PageSize+1)
				}
				return p.paged(q), err
			}
		}
		probe, err := s.chunk(ctx, q, q.After, s.probeChunk, PageSize+1)
		if err != nil {
			return p, err
		}
		full := len(probe) > PageSize
		if full {
			if p.Total, err = s.countDense(ctx, q); err != nil {
				return p, err
			}
		}
		var rows []Release
		if p.Total <= CountBound {
			if rows, p.Total, err = s.indexed(ctx, q); err != nil {
				return p, err
			}
		}
		if p.Total > s.commonAbove {
			// The probe's page is the walk's: the first matches after
			// the cursor in the list's order.
			rows = probe
			if !full {
				rows, err = s.walk(ctx, q, PageSize+1)
			}
		}
		p.Rows = rows
		return p.paged(q), err
	}
	order, after := q.order(len(args)+1, len(args)+2)
	where := words + ` and ` + others
	pageArgs := append([]any{}, args...)
	if q.After != nil {
		pageArgs = append(pageArgs, q.After.Key, q.After.ID)
		where += ` and ` + after
	}
	pageArgs = append(pageArgs, PageSize+1)
	var b pgx.Batch
	b.Queue(`select `+releaseColumns+` from press_releases r where `+where+` order by `+order+` limit $`+strconv.Itoa(len(pageArgs)),
		pageArgs...).Query(func(rows pgx.Rows) error {
		var err error
		p.Rows, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (Release, error) { return scanRelease(row) })
		return err
	})
	b.Queue(count, countArgs...).QueryRow(func(row pgx.Row) error { return row.Scan(&p.Total) })
	if err := s.pool.SendBatch(ctx, &b).Close(); err != nil {
		return p, err
	}
	return p.paged(q), nil
}

// paged keeps a page's worth of rows and the cursor of the next page.
func (p ListPage) paged(q ListQuery) ListPage {
	if len(p.Rows) > PageSize {
		p.Rows = p.Rows[:PageSize]
		last := p.Rows[PageSize-1]
		p.Next = &Cursor{Key: sortKey(last, q.Sort), ID: last.ID}
	}
	return p
}

// walk reads up to limit releases that match q after q.After in the list's
// order, a chunk of the order at a time (chunk).
func (s *Store) walk(ctx context.Context, q ListQuery, limit int) ([]Release, error) {
	order, _ := q.order(0, 0)
	var out []Release
	cursor := q.After
	for chunk := s.firstChunk; ; chunk *= 2 {
		found, err := s.chunk(ctx, q, cursor, chunk, limit-len(out))
		if err != nil {
			return nil, err
		}
		out = append(out, found...)
		if len(out) >= limit {
			return out, nil
		}
		// Where the chunk ended: the next one starts after it.
		var key string
		var id int64
		keyCol := `to_char(r.updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`
		if q.Sort == ByTitle {
			keyCol = `r.title`
		}
		unworded := q
		unworded.Q = ""
		_, where, ends := unworded.where(nil)
		if cursor != nil {
			_, after := q.order(len(ends)+1, len(ends)+2)
			where += ` and ` + after
			ends = append(ends, cursor.Key, cursor.ID)
		}
		ends = append(ends, chunk)
		err = s.pool.QueryRow(ctx, `select `+keyCol+`, r.id from press_releases r where `+where+` order by `+order+
			` offset $`+strconv.Itoa(len(ends))+` - 1 limit 1`, ends...).Scan(&key, &id)
		if errors.Is(err, pgx.ErrNoRows) {
			return out, nil // the order's end
		}
		if err != nil {
			return nil, err
		}
		cursor = &Cursor{Key: key, ID: id}
	}
}

// chunk reads up to limit releases that match q among the first n of the
// list's order after cursor: the inner select reads the n by the order's
// index (its limit makes the index the only sensible plan), the outer
// checks the words on them.
func (s *Store) chunk(ctx context.Context, q ListQuery, cursor *Cursor, n, limit int) ([]Release, error) {
	words, others, args := q.where(nil)
	order, after := q.order(len(args)+1, len(args)+2)
	where := others
	if cursor != nil {
		where += ` and ` + after
		args = append(args, cursor.Key, cursor.ID)
	}
	args = append(args, n, limit)
	k := len(args)
	rows, _ := s.pool.Query(ctx, `select `+releaseColumns+` from (select * from press_releases r where `+where+
		` order by `+order+` limit $`+strconv.Itoa(k-1)+`) r where `+words+` order by `+order+` limit $`+strconv.Itoa(k), args...)
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (Release, error) { return scanRelease(row) })
}

// indexed reads the releases that match q through the trigram index, up
// to CountBound+1 of them in no order, and gives how many and the page
// after q.After among them: the list's page when they are all of them (at
// most CountBound). One read of the index, where a count and then a page
// read it twice.
func (s *Store) indexed(ctx context.Context, q ListQuery) ([]Release, int, error) {
	words, others, args := q.where(nil)
	order, after := q.order(len(args)+1, len(args)+2)
	page := `true`
	if q.After != nil {
		page = after
		args = append(args, q.After.Key, q.After.ID)
	}
	args = append(args, CountBound+1, PageSize+1)
	k := len(args)
	total := 0
	rows, _ := s.pool.Query(ctx, `with m as materialized (select r.id, r.updated_at, r.sort_title from press_releases r
			where `+words+` and `+others+` limit $`+strconv.Itoa(k-1)+`)
		select `+releaseColumns+`, (select count(*) from m)
		from (select r.id from m r where `+page+` order by `+order+` limit $`+strconv.Itoa(k)+`) p
		join press_releases r on r.id = p.id order by `+order, args...)
	found, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (Release, error) { return scanRelease(row, &total) })
	if err != nil || len(found) > 0 || q.After == nil {
		return found, total, err
	}
	// Nothing after the cursor (the list changed since): counted apart.
	words, others, args = q.where(nil)
	err = s.pool.QueryRow(ctx, `select count(*) from (select 1 from press_releases r where `+words+` and `+others+
		` limit $`+strconv.Itoa(len(args)+1)+`) m`, append(args, CountBound+1)...).Scan(&total)
	return found, total, err
}

// fewFiltered tells whether q's filters leave fewer than denseRows
// releases (the head's queue: some 500 in approval, read by the status
// index). Those are searched by reading all of them in the list's order
// with the words checked on each: the trigram index would read every
// release of a common word and check its status after ("pilsētas" in
// approval: 49 000 read to find 500, 150 ms for the count and again for
// the page, as the planner cannot tell a common word from a rare one).
func (s *Store) fewFiltered(ctx context.Context, q ListQuery) (bool, error) {
	unworded := q
	unworded.Q = ""
	_, others, args := unworded.where(nil)
	var n int
	err := s.pool.QueryRow(ctx, `select count(*) from (select 1 from press_releases r where `+others+
		` limit $`+strconv.Itoa(len(args)+1)+`) m`, append(args, denseRows)...).Scan(&n)
	return n < denseRows, err
}

// denseRows is how much of the table countDense reads at most.
const denseRows = 4 * CountBound

// countDense counts the releases that match q, up to CountBound+1, among
// the first denseRows of the table as it lies (no order: any CountBound+1
// of them make the count, and a sequential read of a word in most
// releases finds them in a thousand-odd rows, 2-3 ms). A count of at most
// CountBound says nothing, unless the filters leave fewer than denseRows
// releases (fewFiltered): the caller counts through the index.
func (s *Store) countDense(ctx context.Context, q ListQuery) (int, error) {
	words, others, args := q.where(nil)
	args = append(args, denseRows, CountBound+1)
	k := len(args)
	var n int
	err := s.pool.QueryRow(ctx, `select count(*) from (select 1 from (select r.search from press_releases r where `+others+
		` limit $`+strconv.Itoa(k-1)+`) r where `+words+` limit $`+strconv.Itoa(k)+`) m`, args...).Scan(&n)
	return n, err
}

// Export gives every release that matches q, in the list's order, to each,
// and writes who exported how many to the audit log in the same
// transaction. An error from each (a client gone) records nothing.
func (s *Store) Export(ctx context.Context, q ListQuery, format string, each func(Release) error) (int, error) {
	n := 0
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		words, others, args := q.where(nil)
		order, _ := q.order(0, 0)
		rows, err := tx.Query(ctx, `select `+releaseColumns+` from press_releases r where `+words+` and `+others+` order by `+order, args...)
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
