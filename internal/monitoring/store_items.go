package monitoring

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/audit"
	"github.com/daugavpils/prdesk/internal/db"
	"github.com/daugavpils/prdesk/internal/errs"
)

func itemEntry(id int64, action, format string, args ...any) audit.Entry {
	return audit.Entry{Entity: "monitoring_item", EntityID: id, Action: action,
		Summary: fmt.Sprintf("Plūsmas ieraksts Nr. %d: ", id) + fmt.Sprintf(format, args...)}
}

// ImportResult counts what one read of a feed brought.
type ImportResult struct {
	New     int // items the feed had not brought before
	Matched int // of them, those some active rule matched
}

// hitRow is one hit as importItems and applyRule write it.
type hitRow struct {
	Item  int64    `json:"i"`
	Rule  int64    `json:"r"`
	Terms []string `json:"t"`
}

// importItems stores the feed's items it has not stored before (a
// re-read finds the others by their guid and leaves them, with whatever
// was decided about them, as they are), with the hits of the rules of m
// on each new one, those matched marked so. The rules run over every item
// read, before the insert, so that a new item is written once and its
// hits copied in; a re-read mostly brings nothing (a 304) or a few dozen
// items, which cost nothing to match. A date more than an hour ahead of
// now, which some sites' clocks give, counts as none: the item would stay
// at the inbox's top for days.
func importItems(ctx context.Context, tx pgx.Tx, feedID int64, items []newItem, m *Matcher, now time.Time) (ImportResult, error) {
	var res ImportResult
	n := len(items)
	guids, urls, keys := make([]string, n), make([]string, n), make([]string, n)
	titles, summaries, authors := make([]string, n), make([]string, n), make([]string, n)
	published := make([]*time.Time, n)
	matched := make([]bool, n)
	hitsOf := make(map[string][]Hit, n/8)
	for i, it := range items {
		guids[i], urls[i], keys[i], titles[i], summaries[i], authors[i] = it.GUID, it.URL, it.URLKey, it.Title, it.Summary, it.Author
		if it.Published != nil && !it.Published.After(now.Add(time.Hour)) {
			published[i] = it.Published
		}
		if m != nil {
			if hits := m.Match(it.matchText()); len(hits) > 0 {
				matched[i] = true
				hitsOf[it.GUID] = hits
			}
		}
	}
	rows, _ := tx.Query(ctx, `insert into monitoring_items (feed_id, guid, url, url_key, title, summary, author, published_at,
			matched, first_seen_at)
		select $1, u.guid, u.url, u.url_key, u.title, u.summary, u.author, u.published_at, u.matched, $10
		from unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::timestamptz[], $9::boolean[])
			as u(guid, url, url_key, title, summary, author, published_at, matched)
		on conflict (feed_id, guid) do nothing
		returning id, guid`, feedID, guids, urls, keys, titles, summaries, authors, published, matched, now)
	var hitRows [][]any
	var id int64
	var guid string
	_, err := pgx.ForEachRow(rows, []any{&id, &guid}, func() error {
		res.New++
		hits := hitsOf[guid]
		if len(hits) > 0 {
			res.Matched++
		}
		for _, h := range hits {
			hitRows = append(hitRows, []any{id, h.RuleID, h.Terms})
		}
		return nil
	})
	if err != nil || len(hitRows) == 0 {
		return res, err
	}
	// The items are new: their hits are too, and go in by COPY.
	_, err = tx.CopyFrom(ctx, pgx.Identifier{"monitoring_item_hits"}, []string{"item_id", "rule_id", "terms"}, pgx.CopyFromRows(hitRows))
	return res, err
}

// writeHits marks the items matched and records their hits; a rule's hit
// already there takes the words found now.
func writeHits(ctx context.Context, tx pgx.Tx, matched []int64, hits []hitRow) error {
	if len(matched) == 0 {
		return nil
	}
	if _, err := tx.Exec(ctx, `update monitoring_items set matched = true where id = any($1) and not matched`, matched); err != nil {
		return err
	}
	b, err := json.Marshal(hits)
	if err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `insert into monitoring_item_hits (item_id, rule_id, terms)
		select (h->>'i')::bigint, (h->>'r')::bigint, array(select jsonb_array_elements_text(h->'t'))
		from jsonb_array_elements($1::jsonb) h
		on conflict (item_id, rule_id) do update set terms = excluded.terms`, string(b))
	return err
}

const itemColumns = `i.id, i.feed_id, f.name, f.outlet_id, f.language, f.media_type, i.guid, i.url, i.title, %s, i.author,
	i.published_at, i.first_seen_at, i.matched, i.status, i.decided_at,
	coalesce((select json_agg(json_build_object('rule', h.rule_id, 'name', r.name, 'topic', r.topic_id, 'terms', h.terms)
		order by h.rule_id) from monitoring_item_hits h join monitoring_rules r on r.id = h.rule_id where h.item_id = i.id), '[]')`

func scanItem(row pgx.Row) (Item, error) {
	var i Item
	err := row.Scan(&i.ID, &i.FeedID, &i.FeedName, &i.OutletID, &i.Language, &i.MediaType, &i.GUID, &i.URL, &i.Title, &i.Summary,
		&i.Author, &i.PublishedAt, &i.FirstSeenAt, &i.Matched, &i.Status, &i.DecidedAt, &i.Hits)
	return i, err
}

// Item reads one item with its hits.
func (s *Store) Item(ctx context.Context, id int64) (Item, error) {
	i, err := scanItem(s.pool.QueryRow(ctx, `select `+fmt.Sprintf(itemColumns, "i.summary")+`
		from monitoring_items i join monitoring_feeds f on f.id = i.feed_id where i.id = $1`, id))
	return i, db.NotFound(err, "monitoring item")
}

// InboxSize is how many items a page of the inbox shows.
const InboxSize = 25

// InboxPage is one page of the inbox.
type InboxPage struct {
	Rows  []Item
	Total int // up to CountBound+1
	Next  *Cursor
}

// Inbox is the matched items nobody has decided about yet, newest
// first, a page after after (nil: the first), with their count.
func (s *Store) Inbox(ctx context.Context, after *Cursor) (InboxPage, error) {
	var p InboxPage
	args := []any{InboxSize + 1}
	where := ""
	if after != nil {
		where = `and (coalesce(i.published_at, i.first_seen_at), i.id) < ($2, $3)`
		args = append(args, after.At, after.ID)
	}
	rows, _ := s.pool.Query(ctx, `select `+fmt.Sprintf(itemColumns, "left(i.summary, 600)")+`
		from monitoring_items i join monitoring_feeds f on f.id = i.feed_id
		where i.matched and i.status = 'new' `+where+`
		order by coalesce(i.published_at, i.first_seen_at) desc, i.id desc limit $1`, args...)
	items, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (Item, error) { return scanItem(row) })
	if err != nil {
		return p, err
	}
	if len(items) > InboxSize {
		items = items[:InboxSize]
		last := items[len(items)-1]
		p.Next = &Cursor{At: last.At(), ID: last.ID}
	}
	p.Rows = items
	p.Total, err = s.InboxCount(ctx)
	return p, err
}

// InboxCount is how many items wait in the inbox, up to CountBound+1.
func (s *Store) InboxCount(ctx context.Context) (int, error) {
	var n int
	err := s.pool.QueryRow(ctx, `select count(*) from (select 1 from monitoring_items where matched and status = 'new' limit $1) n`,
		CountBound+1).Scan(&n)
	return n, err
}

// DismissItems marks the items of ids that are still new as dismissed and
// returns how many were; those decided before are left as they were.
func (s *Store) DismissItems(ctx context.Context, ids []int64) (int, error) {
	var n int
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		rows, _ := tx.Query(ctx, `update monitoring_items set status = 'dismissed', decided_at = $2, decided_by = $3
			where id = any($1) and status = 'new' returning id`, ids, s.now(), audit.ActorID(ctx))
		done, err := pgx.CollectRows(rows, pgx.RowTo[int64])
		if err != nil {
			return err
		}
		n = len(done)
		for _, id := range done {
			if err := audit.Record(ctx, tx, itemEntry(id, "dismiss", "noraidīts")); err != nil {
				return err
			}
		}
		return nil
	})
	return n, err
}

// acceptItem marks the item a clipping is made of as accepted, in the
// clipping's transaction; an item decided before (by another person, or
// by the same form sent twice) is refused beside the form's title.
func acceptItem(ctx context.Context, tx pgx.Tx, id int64, now time.Time) error {
	tag, err := tx.Exec(ctx, `update monitoring_items set status = 'accepted', decided_at = $2, decided_by = $3
		where id = $1 and status = 'new'`, id, now, audit.ActorID(ctx))
	if err != nil || tag.RowsAffected() == 1 {
		return err
	}
	var found bool
	if err := tx.QueryRow(ctx, `select exists(select 1 from monitoring_items where id = $1)`, id).Scan(&found); err != nil {
		return err
	}
	if !found {
		return errs.Field("title", "monitoring.inbox.item_unknown")
	}
	return errs.FieldConflict("title", "monitoring.inbox.already_decided")
}

// recentItem is an item a rule is tried on.
type recentItem struct {
	id             int64
	title, summary string
	at             time.Time
	url            string
}

// eachRecent calls fn with every item first seen since since (only those
// still new when onlyNew), newest first.
func eachRecent(ctx context.Context, q db.Querier, since time.Time, onlyNew bool, fn func(recentItem)) (int, error) {
	rows, _ := q.Query(ctx, `select id, title, summary, coalesce(published_at, first_seen_at), url from monitoring_items
		where first_seen_at >= $1 and ($2 = false or status = 'new')
		order by first_seen_at desc, id desc`, since, onlyNew)
	var it recentItem
	n := 0
	_, err := pgx.ForEachRow(rows, []any{&it.id, &it.title, &it.summary, &it.at, &it.url}, func() error {
		n++
		fn(it)
		return nil
	})
	return n, err
}

// RuleTrial is what a rule would match among the recent items.
type RuleTrial struct {
	Scanned int
	Matched int
	Samples []Item // the newest few it matches
}

// trialSamples is how many matching titles a trial shows.
const trialSamples = 5

// TryRule counts the items of the last RecentDays rule matches, without
// saving anything.
func (s *Store) TryRule(ctx context.Context, rule *Rule) (RuleTrial, error) {
	var t RuleTrial
	m := NewMatcher([]MatcherRule{{ID: 1, Rule: rule}})
	var err error
	t.Scanned, err = eachRecent(ctx, s.pool, s.now().AddDate(0, 0, -RecentDays), false, func(it recentItem) {
		hits := m.Match(it.title + "\n" + it.summary)
		if len(hits) == 0 {
			return
		}
		t.Matched++
		if len(t.Samples) < trialSamples {
			at := it.at
			t.Samples = append(t.Samples, Item{ID: it.id, Title: it.title, URL: it.url, PublishedAt: &at,
				Hits: []ItemHit{{RuleID: 1, Terms: hits[0].Terms}}})
		}
	})
	return t, err
}

// ApplyResult counts what applying a rule to the recent items did.
type ApplyResult struct {
	Scanned int // items of the last RecentDays still undecided
	Matched int // of them, those the rule matches: now in the inbox with its hit
}

// applyRule runs the rule over the items of the last RecentDays nobody
// has decided about yet and adds its hits, putting those it matches in
// the inbox; decided items keep what was decided.
func applyRule(ctx context.Context, tx pgx.Tx, id int64, rule *Rule, now time.Time) (ApplyResult, error) {
	var res ApplyResult
	m := NewMatcher([]MatcherRule{{ID: id, Rule: rule}})
	var matched []int64
	var hits []hitRow
	n, err := eachRecent(ctx, tx, now.AddDate(0, 0, -RecentDays), true, func(it recentItem) {
		for _, h := range m.Match(it.title + "\n" + it.summary) {
			matched = append(matched, it.id)
			hits = append(hits, hitRow{Item: it.id, Rule: h.RuleID, Terms: h.Terms})
		}
	})
	if err != nil {
		return res, err
	}
	res.Scanned, res.Matched = n, len(matched)
	return res, writeHits(ctx, tx, matched, hits)
}

// ItemByGUID finds the item a feed brought under guid.
func (s *Store) ItemByGUID(ctx context.Context, feedID int64, guid string) (Item, error) {
	i, err := scanItem(s.pool.QueryRow(ctx, `select `+fmt.Sprintf(itemColumns, "i.summary")+`
		from monitoring_items i join monitoring_feeds f on f.id = i.feed_id where i.feed_id = $1 and i.guid = $2`, feedID, guid))
	return i, db.NotFound(err, "monitoring item")
}
