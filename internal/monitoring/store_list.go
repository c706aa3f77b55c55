package monitoring

import (
	"context"
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
	Rows  []Clipping
	Total int // those that match, up to CountBound+1
	Next  *Cursor
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
// many match (up to CountBound+1): the page and the count in one round
// trip.
func (s *Store) List(ctx context.Context, q ListQuery) (ListPage, error) {
	var p ListPage
	where, args := q.where(nil)
	countArgs := append(append([]any{}, args...), CountBound+1)
	order, after := q.order(len(args)+1, len(args)+2)
	pageWhere := where
	if q.After != nil {
		args = append(args, q.After.At, q.After.ID)
		pageWhere += ` and ` + after
	}
	args = append(args, PageSize+1)
	var b pgx.Batch
	b.Queue(`select `+listColumns+` from monitoring_clippings c where `+pageWhere+` order by `+order+
		` limit $`+strconv.Itoa(len(args)), args...).Query(func(rows pgx.Rows) error {
		var err error
		p.Rows, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (Clipping, error) { return scanClipping(row) })
		return err
	})
	b.Queue(`select count(*) from (select 1 from monitoring_clippings c where `+where+` limit $`+
		strconv.Itoa(len(countArgs))+`) m`, countArgs...).QueryRow(func(row pgx.Row) error { return row.Scan(&p.Total) })
	if err := s.pool.SendBatch(ctx, &b).Close(); err != nil {
		return p, err
	}
	if len(p.Rows) > PageSize {
		p.Rows = p.Rows[:PageSize]
		last := p.Rows[PageSize-1]
		p.Next = &Cursor{At: last.PublishedAt, ID: last.ID}
	}
	return p, nil
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
