package monitoring

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/daugavpils/prdesk/internal/audit"
	"github.com/daugavpils/prdesk/internal/contacts"
	"github.com/daugavpils/prdesk/internal/db"
	"github.com/daugavpils/prdesk/internal/errs"
	"github.com/daugavpils/prdesk/internal/feeds"
	"github.com/daugavpils/prdesk/internal/files"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/jobs"
)

// Store is the area's use cases: each exported method that writes is one
// transaction with its audit entry.
type Store struct {
	pool  *pgxpool.Pool
	jobs  *jobs.Client
	files *files.Store
	// contacts is the directory outlets, journalists, units and officials
	// come from; nil in a store that only reads the area's own tables.
	contacts *contacts.Store
	// feeds reads the feeds (reader.go).
	feeds   *feeds.Client
	now     func() time.Time
	baseURL string // where links in mail point
	// counts are the list's bounded counts by filter, kept at the
	// clippings' revision (store_list.go): counting a thousand and one rows
	// was most of a list page's database time.
	counts db.KeptMap[string, int]
}

// NewStore is the area's store, with what it takes of d.
func NewStore(d Deps) *Store {
	if d.Feeds == nil {
		d.Feeds = &feeds.Client{}
	}
	s := &Store{pool: d.Pool, jobs: d.Jobs, files: d.Files, contacts: d.Contacts, feeds: d.Feeds, now: d.Now, baseURL: d.BaseURL}
	s.counts.Max = 4096
	return s
}

// AuditEntities are the area's entities in the audit log. A clipping is a
// publication: its summaries carry numbers, its details the title as
// published; no resident's personal data is kept.
func AuditEntities() audit.Entities {
	return audit.Entities{"monitoring_clipping": false, "monitoring_topic": false, "monitoring_feed": false,
		"monitoring_rule": false, "monitoring_item": false, "monitoring_items_purge": false, "monitoring_search": false,
		// The reports and alerts carry counts; the settings' entries name
		// the recipients added and taken off.
		"monitoring_report": false, "monitoring_alert": false, "monitoring_settings": true}
}

// Uses of the directory by clippings.
const (
	UseOutlet     = "clipping_outlet"     // the outlet that published it
	UseJournalist = "clipping_journalist" // wrote it
	UseMention    = "clipping_mention"    // is mentioned in it
)

func clippingEntry(id int64, action, format string, args ...any) audit.Entry {
	return audit.Entry{Entity: "monitoring_clipping", EntityID: id, Action: action,
		Summary: fmt.Sprintf("Publikācija Nr. %d: ", id) + fmt.Sprintf(format, args...)}
}

// lvText is a text of the catalogue in Latvian: the audit log is written
// in the department's language whoever's page it was.
func lvText(key string) string { return i18n.T(i18n.WithLocale(context.Background(), "lv"), key) }

// ErrDuplicateKey is a form sent twice: the first made the clipping.
var ErrDuplicateKey = fmt.Errorf("monitoring: %w", errs.KeyUsed)

const clippingColumns = `c.id, c.outlet_id, c.published_at, c.title, c.url, c.author, c.journalist_id, c.media_type,
	c.language, c.reach, c.body, c.tone, coalesce((select u.full_name from users u where u.id = c.toned_by), ''), c.toned_at,
	c.release_id, c.item_id, c.file_id, c.version, c.created_at, c.updated_at,
	coalesce((select u.full_name from users u where u.id = c.created_by), ''), coalesce(c.idempotency_key, '')`

// listColumns are clippingColumns without the body, which a list cuts to
// an excerpt in the database.
const listColumns = `c.id, c.outlet_id, c.published_at, c.title, c.url, c.author, c.journalist_id, c.media_type,
	c.language, c.reach, left(c.body, 400), c.tone, '', c.toned_at,
	c.release_id, c.item_id, c.file_id, c.version, c.created_at, c.updated_at, '', ''`

func scanClipping(row pgx.Row, more ...any) (Clipping, error) {
	var c Clipping
	dest := []any{&c.ID, &c.OutletID, &c.PublishedAt, &c.Title, &c.URL, &c.Author, &c.JournalistID, &c.MediaType,
		&c.Language, &c.Reach, &c.Body, &c.Tone, &c.TonedBy, &c.TonedAt, &c.ReleaseID, &c.ItemID, &c.FileID, &c.Version,
		&c.CreatedAt, &c.UpdatedAt, &c.CreatedBy, &c.IdempotencyKey}
	err := row.Scan(append(dest, more...)...)
	return c, err
}

// Clipping reads one clipping with its topics and mentions.
func (s *Store) Clipping(ctx context.Context, id int64) (Clipping, error) {
	var topics, mentions []int64
	c, err := scanClipping(s.pool.QueryRow(ctx, `select `+clippingColumns+`,
			array(select topic_id from monitoring_clipping_topics where clipping_id = c.id order by topic_id),
			array(select contact_id from monitoring_mentions where clipping_id = c.id order by contact_id)
		from monitoring_clippings c where c.id = $1`, id), &topics, &mentions)
	c.TopicIDs, c.MentionIDs = topics, mentions
	return c, db.NotFound(err, "monitoring clipping")
}

// ClippingByKey finds the clipping a form already created.
func (s *Store) ClippingByKey(ctx context.Context, key string) (int64, error) {
	var id int64
	err := s.pool.QueryRow(ctx, `select id from monitoring_clippings where idempotency_key = $1`, key).Scan(&id)
	return id, db.NotFound(err, "monitoring clipping by idempotency key")
}

func checkedClipping(c Clipping) error {
	if p := c.Check(); len(p) > 0 {
		return errs.Field(p[0][0], p[0][1])
	}
	return nil
}

// checkRefs refuses, beside its field, an outlet, journalist or mention
// not in the directory, a topic that is no active topic, and a release
// that does not exist.
func checkRefs(ctx context.Context, tx pgx.Tx, c Clipping, oldTopics []int64) error {
	if err := contacts.Exists(ctx, tx, c.OutletID, contacts.Organisation, "outlet_id"); err != nil {
		return err
	}
	if c.JournalistID != nil {
		if err := contacts.Exists(ctx, tx, *c.JournalistID, contacts.Person, "journalist_id"); err != nil {
			return err
		}
	}
	for _, id := range c.MentionIDs {
		if err := contacts.Exists(ctx, tx, id, "", "mentions"); err != nil {
			return err
		}
	}
	for _, id := range c.TopicIDs {
		var active bool
		err := tx.QueryRow(ctx, `select active from monitoring_topics where id = $1`, id).Scan(&active)
		// A topic closed since keeps the clippings it was given.
		if err != nil || (!active && !slices.Contains(oldTopics, id)) {
			return errs.Field("topics", "monitoring.clipping.topic_unknown")
		}
	}
	if c.ReleaseID != nil {
		var ok bool
		if err := tx.QueryRow(ctx, `select exists(select 1 from press_releases where id = $1)`, *c.ReleaseID).Scan(&ok); err != nil {
			return err
		}
		if !ok {
			return errs.Field("release_id", "monitoring.clipping.release_unknown")
		}
	}
	return nil
}

// recordUses writes to the directory what each contact is to the
// clipping, and forgets what those of old no longer are.
func (s *Store) recordUses(ctx context.Context, tx pgx.Tx, id int64, old, now Clipping) error {
	if s.contacts == nil {
		return nil
	}
	ref := strconv.FormatInt(id, 10)
	type use struct {
		kind string
		id   int64
	}
	uses := func(c Clipping) []use {
		var out []use
		if c.OutletID != 0 {
			out = append(out, use{UseOutlet, c.OutletID})
		}
		if c.JournalistID != nil {
			out = append(out, use{UseJournalist, *c.JournalistID})
		}
		for _, m := range c.MentionIDs {
			out = append(out, use{UseMention, m})
		}
		return out
	}
	was, is := uses(old), uses(now)
	for _, u := range was {
		if !slices.Contains(is, u) {
			if err := s.contacts.ForgetUse(ctx, tx, u.id, "monitoring", u.kind, ref); err != nil {
				return err
			}
		}
	}
	for _, u := range is {
		if !slices.Contains(was, u) {
			if err := s.contacts.RecordUse(ctx, tx, u.id, "monitoring", u.kind, ref); err != nil {
				return err
			}
		}
	}
	return nil
}

// writeLinks sets the clipping's topics and mentions to c's.
func writeLinks(ctx context.Context, tx pgx.Tx, id int64, c Clipping) error {
	if _, err := tx.Exec(ctx, `delete from monitoring_clipping_topics where clipping_id = $1 and topic_id <> all($2)`, id, c.TopicIDs); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `insert into monitoring_clipping_topics (clipping_id, topic_id) select $1, unnest($2::bigint[])
		on conflict do nothing`, id, c.TopicIDs); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `delete from monitoring_mentions where clipping_id = $1 and contact_id <> all($2)`, id, c.MentionIDs); err != nil {
		return err
	}
	_, err := tx.Exec(ctx, `insert into monitoring_mentions (clipping_id, contact_id) select $1, unnest($2::bigint[])
		on conflict do nothing`, id, c.MentionIDs)
	return err
}

// CreateClipping saves a new clipping and returns its id. A tone given is
// judged by the person saving it.
func (s *Store) CreateClipping(ctx context.Context, c Clipping) (int64, error) {
	if err := checkedClipping(c); err != nil {
		return 0, err
	}
	var id int64
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		var err error
		id, err = s.insertClipping(ctx, tx, c)
		return err
	})
	return id, err
}

// insertClipping is CreateClipping in tx.
func (s *Store) insertClipping(ctx context.Context, tx pgx.Tx, c Clipping) (int64, error) {
	if err := checkRefs(ctx, tx, c, nil); err != nil {
		return 0, err
	}
	var key *string
	if c.IdempotencyKey != "" {
		key = &c.IdempotencyKey
	}
	now := s.now()
	// A clipping accepted from the inbox decides its item, in the same
	// transaction: an item decided before is refused.
	if c.ItemID != nil {
		if err := acceptItem(ctx, tx, *c.ItemID, now); err != nil {
			return 0, err
		}
	}
	var tonedBy *int64
	var tonedAt *time.Time
	if c.Tone != Unjudged {
		actor := audit.ActorID(ctx)
		tonedBy, tonedAt = actor, &now
	}
	var id int64
	err := tx.QueryRow(ctx, `insert into monitoring_clippings (outlet_id, published_at, title, url, url_key, author, journalist_id,
			media_type, language, reach, body, tone, toned_by, toned_at, release_id, item_id, file_id, idempotency_key,
			created_at, updated_at, created_by)
		values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $19, $20) returning id`,
		c.OutletID, c.PublishedAt, c.Title, c.URL, urlKey(c.URL), c.Author, c.JournalistID, c.MediaType, c.Language, c.Reach,
		c.Body, c.Tone, tonedBy, tonedAt, c.ReleaseID, c.ItemID, c.FileID, key, now, audit.ActorID(ctx)).Scan(&id)
	if db.IsUnique(err, "monitoring_clippings_idempotency_key_key") {
		return 0, ErrDuplicateKey
	}
	if db.IsUnique(err, "monitoring_clippings_item_id_key") {
		return 0, errs.FieldConflict("title", "monitoring.inbox.already_decided")
	}
	if err != nil {
		return 0, err
	}
	if err := writeLinks(ctx, tx, id, c); err != nil {
		return 0, err
	}
	if err := s.recordUses(ctx, tx, id, Clipping{}, c); err != nil {
		return 0, err
	}
	e := clippingEntry(id, "create", "pievienota (vērtējums „%s”)", lvText("monitoring.tone."+string(c.Tone)))
	e.Details = map[string]any{"title": c.Title, "url": c.URL}
	if err := audit.Record(ctx, tx, e); err != nil {
		return 0, err
	}
	if c.ItemID != nil {
		return id, audit.Record(ctx, tx, itemEntry(*c.ItemID, "accept", "pieņemts kā publikācija Nr. %d", id))
	}
	return id, nil
}

// UpdateClipping saves c over the clipping (c.ID, c.Version as drawn). A
// changed tone is judged by the person saving it.
func (s *Store) UpdateClipping(ctx context.Context, c Clipping) error {
	if err := checkedClipping(c); err != nil {
		return err
	}
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		old, err := scanClipping(tx.QueryRow(ctx, `select `+clippingColumns+` from monitoring_clippings c where c.id = $1 for update`, c.ID))
		if err != nil {
			return db.NotFound(err, "monitoring clipping")
		}
		if old.Version != c.Version {
			return errs.FieldConflict("title", "errors.conflict")
		}
		if err := tx.QueryRow(ctx, `select array(select topic_id from monitoring_clipping_topics where clipping_id = $1 order by topic_id),
				array(select contact_id from monitoring_mentions where clipping_id = $1 order by contact_id)`, c.ID).
			Scan(&old.TopicIDs, &old.MentionIDs); err != nil {
			return err
		}
		if err := checkRefs(ctx, tx, c, old.TopicIDs); err != nil {
			return err
		}
		now := s.now()
		// The tone's judge changes only with the tone.
		toneSQL := `toned_by, toned_at`
		args := []any{c.ID, c.OutletID, c.PublishedAt, c.Title, c.URL, urlKey(c.URL), c.Author, c.JournalistID, c.MediaType,
			c.Language, c.Reach, c.Body, c.Tone, c.ReleaseID, now}
		if c.Tone != old.Tone {
			toneSQL = `$16::bigint, $17::timestamptz`
			if c.Tone == Unjudged {
				args = append(args, nil, nil)
			} else {
				args = append(args, audit.ActorID(ctx), now)
			}
		}
		if _, err := tx.Exec(ctx, `update monitoring_clippings set outlet_id = $2, published_at = $3, title = $4, url = $5,
				url_key = $6, author = $7, journalist_id = $8, media_type = $9, language = $10, reach = $11, body = $12,
				tone = $13, (toned_by, toned_at) = (select `+toneSQL+`), release_id = $14, updated_at = $15, version = version + 1
			where id = $1`, args...); err != nil {
			return err
		}
		if err := writeLinks(ctx, tx, c.ID, c); err != nil {
			return err
		}
		if err := s.recordUses(ctx, tx, c.ID, old, c); err != nil {
			return err
		}
		action, summary := "update", "labota"
		if old.Tone != c.Tone {
			action, summary = "tone", fmt.Sprintf("vērtējums „%s” → „%s”", lvText("monitoring.tone."+string(old.Tone)),
				lvText("monitoring.tone."+string(c.Tone)))
		}
		e := clippingEntry(c.ID, action, "%s", summary)
		e.Details = audit.Diff([][3]any{{"title", old.Title, c.Title}, {"url", old.URL, c.URL},
			{"published_at", old.PublishedAt.UTC().Format(time.RFC3339), c.PublishedAt.UTC().Format(time.RFC3339)},
			{"outlet_id", old.OutletID, c.OutletID}, {"tone", old.Tone, c.Tone}, {"media_type", old.MediaType, c.MediaType},
			{"language", old.Language, c.Language}, {"topics", idsText(old.TopicIDs), idsText(c.TopicIDs)},
			{"mentions", idsText(old.MentionIDs), idsText(c.MentionIDs)}, {"release_id", ptr(old.ReleaseID), ptr(c.ReleaseID)}})
		return audit.Record(ctx, tx, e)
	})
}

func ptr(p *int64) any {
	if p == nil {
		return ""
	}
	return *p
}

func idsText(ids []int64) string {
	out := ""
	for i, id := range ids {
		if i > 0 {
			out += ", "
		}
		out += strconv.FormatInt(id, 10)
	}
	return out
}

// Duplicates are up to five clippings c may repeat: one of the same
// address (as urlKey compares them), or a near-identical title from the
// same outlet on the same day in Riga.
func (s *Store) Duplicates(ctx context.Context, c Clipping) ([]Clipping, error) {
	day := c.PublishedAt.In(i18n.Riga)
	from := time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, i18n.Riga)
	rows, _ := s.pool.Query(ctx, `select `+listColumns+` from monitoring_clippings c
		where c.id <> $1 and ((c.url_key <> '' and c.url_key = $2)
		   or (c.outlet_id = $3 and c.published_at >= $4 and c.published_at < $5
		       and similarity(lower(prdesk_unaccent(c.title)), lower(prdesk_unaccent($6))) >= 0.6))
		order by c.published_at desc, c.id desc limit 5`,
		c.ID, urlKey(c.URL), c.OutletID, from, from.AddDate(0, 0, 1), c.Title)
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (Clipping, error) { return scanClipping(row) })
}

// TimelineLine is one entry of a record's history.
type TimelineLine struct {
	At      time.Time
	Actor   string
	Action  string
	Summary string
}

// Timeline is the clipping's history, newest first.
func (s *Store) Timeline(ctx context.Context, entity string, id int64) ([]TimelineLine, error) {
	rows, _ := s.pool.Query(ctx, `
		select created_at, actor_name, action, summary from audit_log
		where entity = $1 and entity_id = $2
		order by id desc limit 200`, entity, strconv.FormatInt(id, 10))
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (TimelineLine, error) {
		var l TimelineLine
		err := row.Scan(&l.At, &l.Actor, &l.Action, &l.Summary)
		return l, err
	})
}

// Names are the directory's names of ids (a merged contact's by the one
// it was merged into).
func (s *Store) Names(ctx context.Context, ids []int64) (map[int64]contacts.Brief, error) {
	if s.contacts == nil || len(ids) == 0 {
		return map[int64]contacts.Brief{}, nil
	}
	return s.contacts.BriefsByID(ctx, ids)
}

// ReleaseChoice is a press release a clipping may have come from.
type ReleaseChoice struct {
	ID     int64
	Title  string
	SentAt *time.Time
}

// RecentReleases are the releases sent since since, newest first: those
// coverage comes from.
func (s *Store) RecentReleases(ctx context.Context, since time.Time) ([]ReleaseChoice, error) {
	rows, _ := s.pool.Query(ctx, `select id, title, sent_at from press_releases where status = 'sent' and sent_at >= $1
		order by sent_at desc, id desc limit 200`, since)
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (ReleaseChoice, error) {
		var r ReleaseChoice
		err := row.Scan(&r.ID, &r.Title, &r.SentAt)
		return r, err
	})
}

// Release is the release id, for a card's link.
func (s *Store) Release(ctx context.Context, id int64) (ReleaseChoice, error) {
	var r ReleaseChoice
	err := s.pool.QueryRow(ctx, `select id, title, sent_at from press_releases where id = $1`, id).Scan(&r.ID, &r.Title, &r.SentAt)
	return r, db.NotFound(err, "press release")
}
