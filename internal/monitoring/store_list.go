package monitoring

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/audit"
	"github.com/daugavpils/prdesk/internal/contacts"
	"github.com/daugavpils/prdesk/internal/db"
)

// Sort is the order of the list.
type Sort string

const (
	Newest Sort = "newest" // published last first
	Oldest Sort = "oldest"
)

// Sorts the list offers.
var Sorts = []Sort{Newest, Oldest}

// PageSize is how many clippings a page of the list shows.
const PageSize = 50

// CountBound is how far the list counts: past it, "more than".
const CountBound = 1000

// MaxSearch is the longest search the list takes.
const MaxSearch = 200

// maxWords is how many words of a search are looked for.
const maxWords = 8

// Cursor is where a page starts after: the last row's publication time
// and id.
type Cursor struct {
	At time.Time
	ID int64
}

// ListQuery is the list's filters, order and page.
type ListQuery struct {
	// Q: every word begins a word of the title, the author or the text,
	// diacritic-blind.
	Q         string
	OutletID  int64
	MentionID int64 // a unit, institution or official mentioned
	TopicID   int64
	ReleaseID int64
	Tone      Tone
	MediaType MediaType
	Language  Language
	From, To  time.Time // published on or after From, before To; zero: open
	Sort      Sort
	After     *Cursor
}

// ListPage is one page of the list.
type ListPage struct {
	Rows    []Clipping
	Total   int // those that match, up to CountBound+1
	Next    *Cursor
	Outlets map[int64]string // the rows' outlets' names
}

// TSQuery is a search as a text-search query of the clippings' words: each
// word a prefix, all of them required ("" for none). The words are folded
// as the column is (lower case, no diacritics), so the query holds letters
// and digits only.
func TSQuery(q string) string {
	words := contacts.Fold(q)
	if len(words) > maxWords {
		words = words[:maxWords]
	}
	for i, w := range words {
		words[i] = w + ":*"
	}
	return strings.Join(words, " & ")
}

// where is q's filters as SQL after the arguments args.
func (q ListQuery) where(args []any) (string, []any) {
	var conds []string
	add := func(cond string, v any) {
		args = append(args, v)
		conds = append(conds, strings.ReplaceAll(cond, "$?", "$"+strconv.Itoa(len(args))))
	}
	if ts := TSQuery(q.Q); ts != "" {
		add(`c.search @@ to_tsquery('simple', $?)`, ts)
	}
	if q.OutletID != 0 {
		add(`c.outlet_id in (select id from contacts where coalesce(merged_into, id) = $?)`, q.OutletID)
	}
	if q.MentionID != 0 {
		add(`exists (select 1 from monitoring_mentions m where m.clipping_id = c.id
			and m.contact_id in (select id from contacts where coalesce(merged_into, id) = $?))`, q.MentionID)
	}
	if q.TopicID != 0 {
		add(`exists (select 1 from monitoring_clipping_topics t where t.clipping_id = c.id and t.topic_id = $?)`, q.TopicID)
	}
	if q.ReleaseID != 0 {
		add(`c.release_id = $?`, q.ReleaseID)
	}
	if q.Tone != "" {
		add(`c.tone = $?`, string(q.Tone))
	}
	if q.MediaType != "" {
		add(`c.media_type = $?`, string(q.MediaType))
	}
	if q.Language != "" {
		add(`c.language = $?`, string(q.Language))
	}
	if !q.From.IsZero() {
		add(`c.published_at >= $?`, q.From)
	}
	if !q.To.IsZero() {
		add(`c.published_at < $?`, q.To)
	}
	return strings.Join(append(conds, "true"), " and "), args
}

// order is the list's order as SQL, and the keyset condition after $a
// (time) and $b (id).
func (q ListQuery) order(a, b int) (order, after string) {
	pa, pb := "$"+strconv.Itoa(a), "$"+strconv.Itoa(b)
	if q.Sort == Oldest {
		return `c.published_at, c.id`, `(c.published_at, c.id) > (` + pa + `::timestamptz, ` + pb + `)`
	}
	return `c.published_at desc, c.id desc`, `(c.published_at, c.id) < (` + pa + `::timestamptz, ` + pb + `)`
}

// List is one page of the clippings that match q, in its order, with how
// many match (up to CountBound+1) and the outlets' names.
func (s *Store) List(ctx context.Context, q ListQuery) (ListPage, error) {
	var p ListPage
	var b pgx.Batch
	l := s.queueList(&b, q, &p)
	if err := s.pool.SendBatch(ctx, &b).Close(); err != nil {
		return p, err
	}
	return p, l.finish(ctx, s)
}

// clippingsRevision names the revision that moves on at every change of
// what the list's filters read (migration 00146).
const clippingsRevision = "monitoring_clippings"

// listRead is a page of the list being read: queued in a batch with the
// page's other reads, then finished.
type listRead struct {
	q      ListQuery
	p      *ListPage
	total  *keptCount
	hits   *keptCount // the search's own count, when q has one
	queued bool       // the page is in the batch
}

// queueList queues in b the reads of q's page into p: the count and, when
// its way can be told now, the page. finish reads the page after b is
// sent when it could not be.
func (s *Store) queueList(b *pgx.Batch, q ListQuery, p *ListPage) *listRead {
	l := &listRead{q: q, p: p}
	where, args := q.where(nil)
	l.total = s.queueCount(b, where, args, &p.Total)
	if TSQuery(q.Q) != "" {
		l.hits = l.total
		if only := (ListQuery{Q: q.Q}); only != q.filters() {
			w, a := only.where(nil)
			var n int
			l.hits = s.queueCount(b, w, a, &n)
		}
	}
	if l.hits == nil || l.hits.known {
		l.queued = true
		queuePage(b, q, l.byHits(), p)
	}
	return l
}

// finish reads the page when queueList could not queue it, now that the
// search's count is known.
func (l *listRead) finish(ctx context.Context, s *Store) error {
	if !l.queued {
		var b pgx.Batch
		queuePage(&b, l.q, l.byHits(), l.p)
		if err := s.pool.SendBatch(ctx, &b).Close(); err != nil {
			return err
		}
	}
	if len(l.p.Rows) > PageSize {
		l.p.Rows = l.p.Rows[:PageSize]
		last := l.p.Rows[PageSize-1]
		l.p.Next = &Cursor{At: last.PublishedAt, ID: last.ID}
	}
	return nil
}

// byHits tells whether the page is read from the search's matches found by
// the text index, rather than by walking the list's order: when the
// search's words alone are in at most CountBound clippings. A word in a few
// clippings is found at once that way, where the walk would read the whole
// table for it; a word in most clippings is found at once by the walk,
// where the index would hand over most of the table.
func (l *listRead) byHits() bool {
	return l.hits != nil && *l.hits.into <= CountBound
}

// filters is q without its order and page: what its count depends on.
func (q ListQuery) filters() ListQuery {
	q.Sort, q.After = "", nil
	return q
}

// pageColumns are what a row of the list shows: the start of the text,
// enough for its excerpt (ListExcerpt letters, its spaces run together).
const pageColumns = `c.id, c.outlet_id, c.published_at, c.title, left(c.body, 300), c.media_type, c.language, c.tone`

// ListExcerpt is how many letters of a clipping's text a row of the list
// shows: a line and a half at the list's width, enough to tell two
// clippings of one headline apart; more made the text most of the page.
const ListExcerpt = 100

// queuePage queues the page of q into p: PageSize+1 rows in q's order, each
// with its outlet's name (a merged outlet's by the one kept).
func queuePage(b *pgx.Batch, q ListQuery, byHits bool, p *ListPage) {
	where, args := q.where(nil)
	order, after := q.order(len(args)+1, len(args)+2)
	pageWhere := where
	if q.After != nil {
		args = append(args, q.After.At, q.After.ID)
		pageWhere += ` and ` + after
	}
	args = append(args, PageSize+1)
	limit := `$` + strconv.Itoa(len(args))
	const outlet = `(select coalesce(k.name, o.name) from contacts o left join contacts k on k.id = o.merged_into
		where o.id = c.outlet_id)`
	sql := `select ` + pageColumns + `, ` + outlet + ` from monitoring_clippings c where ` + pageWhere +
		` order by ` + order + ` limit ` + limit
	if byHits {
		// The matches first, by the text index (at most CountBound of
		// them), then the page of them in the list's order.
		afterHits := `true`
		if q.After != nil {
			afterHits = after
		}
		sql = `with hits as materialized (select c.id, c.published_at from monitoring_clippings c where ` + where + `)
			select ` + pageColumns + `, ` + outlet + ` from monitoring_clippings c
			where c.id in (select c.id from hits c where ` + afterHits + ` order by ` + order + ` limit ` + limit + `)
			order by ` + order
	}
	p.Outlets = map[int64]string{}
	b.Queue(sql, args...).Query(func(rows pgx.Rows) error {
		var c Clipping
		var name string
		_, err := pgx.ForEachRow(rows, []any{&c.ID, &c.OutletID, &c.PublishedAt, &c.Title, &c.Body, &c.MediaType, &c.Language,
			&c.Tone, &name}, func() error {
			p.Rows = append(p.Rows, c)
			p.Outlets[c.OutletID] = name
			return nil
		})
		return err
	})
}

// keptCount is a bounded count of the clippings a filter picks, kept at
// the clippings' revision.
type keptCount struct {
	into  *int
	known bool // *into was kept, and is right unless the revision moved on
}

// queueCount queues in b the count of the clippings where picks (args its
// arguments), up to CountBound+1, into into. A count kept at the current
// revision is not counted again: the query reads the revision and counts
// only when it is not the one the kept count was made at. A kept count
// is set in into at once (known), for a caller choosing its way by it; it
// is corrected when the batch finds the revision moved on.
func (s *Store) queueCount(b *pgx.Batch, where string, args []any, into *int) *keptCount {
	key := countKey(where, args)
	kept, rev, ok := s.counts.Peek(key)
	if !ok {
		rev = -1
	}
	k := &keptCount{into: into, known: ok}
	*into = kept
	n := len(args)
	args = append(slices.Clone(args), CountBound+1, rev)
	b.Queue(`select r.n, case when r.n = $`+strconv.Itoa(n+2)+` then null else
			(select count(*) from (select 1 from monitoring_clippings c where `+where+` limit $`+strconv.Itoa(n+1)+`) m) end
		from revisions r where r.name = '`+clippingsRevision+`'`, args...).QueryRow(func(row pgx.Row) error {
		var now int64
		var count *int
		if err := row.Scan(&now, &count); err != nil {
			return err
		}
		if count != nil {
			*into = *count
			s.counts.Put(now, key, *count)
		}
		return nil
	})
	return k
}

// countKey is where with its arguments: a count's key.
func countKey(where string, args []any) string {
	var b strings.Builder
	b.WriteString(where)
	for _, a := range args {
		b.WriteByte(0)
		switch v := a.(type) {
		case string:
			b.WriteString(strconv.Quote(v))
		case time.Time:
			b.WriteString(v.UTC().Format(time.RFC3339Nano))
		default:
			fmt.Fprint(&b, v)
		}
	}
	return b.String()
}

// queueTopicNames queues Topics' read into into.
func queueTopicNames(b *pgx.Batch, into *[]Topic) {
	b.Queue(`select t.id, t.name, t.active, t.version
		from monitoring_topics t order by t.active desc, t.name collate "lv-x-icu", t.id`).Query(func(rows pgx.Rows) error {
		var err error
		*into, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (Topic, error) {
			var t Topic
			err := row.Scan(&t.ID, &t.Name, &t.Active, &t.Version)
			return t, err
		})
		return err
	})
}

// listPage reads what the list shows besides the names of its scope: the
// topics for the filter, user's saved searches (none for user 0) and,
// unless list is false, the page of q into p. One round trip, two when
// the way to a search's page is not known until its matches are counted.
func (s *Store) listPage(ctx context.Context, user int64, list bool, q ListQuery, topics *[]Topic, saved *[]SavedSearch, p *ListPage) error {
	var b pgx.Batch
	queueTopicNames(&b, topics)
	if user != 0 {
		queueSavedSearches(&b, user, saved)
	}
	var l *listRead
	if list {
		l = s.queueList(&b, q, p)
	}
	if err := s.pool.SendBatch(ctx, &b).Close(); err != nil {
		return err
	}
	if l != nil {
		return l.finish(ctx, s)
	}
	return nil
}

// ExportLimit is the most clippings one export holds.
const ExportLimit = 20000

// Export gives the clippings that match q (at most ExportLimit), in the
// list's order, with their topics' names, to each, and writes who exported
// how many to the audit log in the same transaction. An error from each
// (a client gone) records nothing.
func (s *Store) Export(ctx context.Context, q ListQuery, format string, each func(Clipping, []string) error) (int, error) {
	n := 0
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		where, args := q.where(nil)
		order, _ := q.order(0, 0)
		args = append(args, ExportLimit)
		rows, err := tx.Query(ctx, `select `+listColumns+`,
				array(select t.name from monitoring_clipping_topics ct join monitoring_topics t on t.id = ct.topic_id
				      where ct.clipping_id = c.id order by t.name)
			from monitoring_clippings c where `+where+` order by `+order+` limit $`+strconv.Itoa(len(args)), args...)
		type row struct {
			c      Clipping
			topics []string
		}
		all, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (row, error) {
			var x row
			var err error
			x.c, err = scanClipping(r, &x.topics)
			return x, err
		})
		if err != nil {
			return err
		}
		for _, x := range all {
			if err := each(x.c, x.topics); err != nil {
				return err
			}
			n++
		}
		return audit.Record(ctx, tx, exportAudit(q, format, n))
	})
	return n, err
}

// exportAudit is the audit entry of an export of n clippings.
func exportAudit(q ListQuery, format string, n int) audit.Entry {
	return audit.Entry{Entity: "monitoring_clipping", EntityID: "export", Action: "export",
		Summary: "Publikāciju saraksts izgūts (" + format + ", publikāciju skaits: " + strconv.Itoa(n) + ")",
		Details: map[string]any{"q": q.Q, "tone": q.Tone, "media_type": q.MediaType, "language": q.Language,
			"topic_id": q.TopicID, "outlet_id": q.OutletID, "mention_id": q.MentionID}}
}

// MentionCounts are, for each of ids, its clippings since since (by tone)
// and of all time.
func (s *Store) MentionCounts(ctx context.Context, ids []int64, since time.Time) (map[int64]UnitCount, error) {
	out := map[int64]UnitCount{}
	rows, _ := s.pool.Query(ctx, `select m.contact_id, c.tone, count(*) filter (where c.published_at >= $2), count(*)
		from monitoring_mentions m join monitoring_clippings c on c.id = m.clipping_id
		where m.contact_id = any($1) group by m.contact_id, c.tone`, ids, since)
	var id int64
	var tone Tone
	var recent, all int
	_, err := pgx.ForEachRow(rows, []any{&id, &tone, &recent, &all}, func() error {
		u := out[id]
		if u.RecentByTone == nil {
			u.RecentByTone = map[Tone]int{}
		}
		u.Recent += recent
		u.All += all
		u.RecentByTone[tone] += recent
		out[id] = u
		return nil
	})
	return out, err
}
