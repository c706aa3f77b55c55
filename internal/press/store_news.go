package press

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/db"
	"github.com/daugavpils/prdesk/internal/files"
)

// The public newsroom reads only what has been published: a release that
// was sent, whose embargo (if any) has passed, in a language whose text was
// ready when it went out. Nothing else of the area is reachable from it.

// NewsItem is a published release in one language, as the newsroom shows it.
type NewsItem struct {
	ID          int64
	Lang        Lang
	Title, Lead string
	Body        string // empty in lists
	PublishedAt time.Time
	Langs       []Lang // the languages it is published in
	// Files are its photos and documents (on its own page only).
	Files []files.File
}

// NewsPage is how many releases a page of the newsroom shows.
const NewsPage = 20

// published is SQL: release r is public at $1.
const published = `r.status = 'sent' and r.sent_at is not null and (r.embargo_until is null or r.embargo_until <= $1)`

// newsLangs is SQL: the languages release r is published in.
const newsLangs = `array(select t.lang from press_release_texts t where t.release_id = r.id and t.version_no = r.approved_version
	and t.status = 'ready' order by array_position(array['lv','ru','en'], t.lang))`

// publishedAt is SQL: when r counts as published (its sending, or its
// embargo's end when that was later).
const publishedAt = `greatest(r.sent_at, coalesce(r.embargo_until, r.sent_at))`

// News is a page of the releases published in lang, newest first, after
// the cursor (zero: from the newest), at most NewsPage+1.
func (s *Store) News(ctx context.Context, lang Lang, afterAt time.Time, afterID int64) ([]NewsItem, error) {
	rows, _ := s.pool.Query(ctx, `
		select r.id, t.lang, t.title, t.lead, `+publishedAt+`, `+newsLangs+`
		from press_releases r
		join press_release_texts t on t.release_id = r.id and t.version_no = r.approved_version and t.lang = $2 and t.status = 'ready'
		where `+published+` and ($3::timestamptz is null or (r.sent_at, r.id) < ($3, $4))
		order by r.sent_at desc, r.id desc limit $5`,
		s.now(), string(lang), nullTime(afterAt), afterID, NewsPage+1)
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (NewsItem, error) {
		var n NewsItem
		var langs []string
		err := row.Scan(&n.ID, &n.Lang, &n.Title, &n.Lead, &n.PublishedAt, &langs)
		for _, l := range langs {
			n.Langs = append(n.Langs, Lang(l))
		}
		return n, err
	})
}

func nullTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

// NewsRelease is published release id in lang; errs.NotFound when it is
// not published, or not in that language.
func (s *Store) NewsRelease(ctx context.Context, id int64, lang Lang) (NewsItem, error) {
	var n NewsItem
	var langs []string
	err := s.pool.QueryRow(ctx, `
		select r.id, t.lang, t.title, t.lead, t.body, `+publishedAt+`, `+newsLangs+`
		from press_releases r
		join press_release_texts t on t.release_id = r.id and t.version_no = r.approved_version and t.lang = $3 and t.status = 'ready'
		where r.id = $2 and `+published, s.now(), id, string(lang)).
		Scan(&n.ID, &n.Lang, &n.Title, &n.Lead, &n.Body, &n.PublishedAt, &langs)
	for _, l := range langs {
		n.Langs = append(n.Langs, Lang(l))
	}
	return n, db.NotFound(err, "published press release")
}
