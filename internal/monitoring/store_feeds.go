package monitoring

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/audit"
	"github.com/daugavpils/prdesk/internal/contacts"
	"github.com/daugavpils/prdesk/internal/db"
	"github.com/daugavpils/prdesk/internal/errs"
)

func feedEntry(id int64, action, format string, args ...any) audit.Entry {
	return audit.Entry{Entity: "monitoring_feed", EntityID: id, Action: action,
		Summary: fmt.Sprintf("Ziņu plūsma Nr. %d: ", id) + fmt.Sprintf(format, args...)}
}

const feedColumns = `f.id, f.name, f.url, f.outlet_id, f.language, f.media_type, f.active, f.interval_minutes, f.etag,
	f.last_modified, f.last_success_at, f.last_error_at, f.last_error_code, f.last_error, f.failures, f.next_read_at,
	f.version, f.created_at, f.updated_at, coalesce(f.idempotency_key, '')`

func scanFeed(row pgx.Row, more ...any) (Feed, error) {
	var f Feed
	dest := []any{&f.ID, &f.Name, &f.URL, &f.OutletID, &f.Language, &f.MediaType, &f.Active, &f.IntervalMinutes, &f.ETag,
		&f.LastModified, &f.LastSuccessAt, &f.LastErrorAt, &f.LastErrorCode, &f.LastError, &f.Failures, &f.NextReadAt,
		&f.Version, &f.CreatedAt, &f.UpdatedAt, &f.IdempotencyKey}
	err := row.Scan(append(dest, more...)...)
	return f, err
}

// Feeds are every feed, the active first, then by name, each with the
// count of its items waiting in the inbox (up to CountBound+1).
func (s *Store) Feeds(ctx context.Context) ([]Feed, error) {
	rows, _ := s.pool.Query(ctx, `select `+feedColumns+`,
			(select count(*) from (select 1 from monitoring_items i
				where i.feed_id = f.id and i.matched and i.status = 'new' limit `+fmt.Sprint(CountBound+1)+`) n)
		from monitoring_feeds f order by f.active desc, lower(f.name), f.id`)
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (Feed, error) {
		var n int
		f, err := scanFeed(row, &n)
		f.NewItems = n
		return f, err
	})
}

// Feed reads one feed.
func (s *Store) Feed(ctx context.Context, id int64) (Feed, error) {
	f, err := scanFeed(s.pool.QueryRow(ctx, `select `+feedColumns+` from monitoring_feeds f where f.id = $1`, id))
	return f, db.NotFound(err, "monitoring feed")
}

// FeedByKey finds the feed a form already created.
func (s *Store) FeedByKey(ctx context.Context, key string) (int64, error) {
	var id int64
	err := s.pool.QueryRow(ctx, `select id from monitoring_feeds where idempotency_key = $1`, key).Scan(&id)
	return id, db.NotFound(err, "monitoring feed by idempotency key")
}

func checkedFeed(ctx context.Context, tx pgx.Tx, f Feed) error {
	if p := f.Check(); len(p) > 0 {
		return errs.Field(p[0][0], p[0][1])
	}
	return contacts.Exists(ctx, tx, *f.OutletID, contacts.Organisation, "outlet_id")
}

// feedRefusal is the database's refusal of a feed as the form's.
func feedRefusal(err error) error {
	if db.IsUnique(err, "monitoring_feeds_url_key") {
		return errs.FieldConflict("url", "monitoring.feed.url_taken")
	}
	return err
}

// CreateFeed saves a new feed, to be read at once, and returns its id.
func (s *Store) CreateFeed(ctx context.Context, f Feed) (int64, error) {
	var id int64
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		if err := checkedFeed(ctx, tx, f); err != nil {
			return err
		}
		var key *string
		if f.IdempotencyKey != "" {
			key = &f.IdempotencyKey
		}
		now := s.now()
		err := tx.QueryRow(ctx, `insert into monitoring_feeds (name, url, outlet_id, language, media_type, active, interval_minutes,
				next_read_at, idempotency_key, created_at, updated_at, created_by)
			values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $8, $8, $10) returning id`,
			f.Name, f.URL, f.OutletID, f.Language, f.MediaType, f.Active, f.IntervalMinutes, now, key, audit.ActorID(ctx)).Scan(&id)
		if db.IsUnique(err, "monitoring_feeds_idempotency_key_key") {
			return ErrDuplicateKey
		}
		if err != nil {
			return feedRefusal(err)
		}
		e := feedEntry(id, "create", "pievienota")
		e.Details = map[string]any{"name": f.Name, "url": f.URL}
		return audit.Record(ctx, tx, e)
	})
	return id, err
}

// UpdateFeed saves f over the feed (f.ID, f.Version as drawn). A feed
// whose address changed, or that is started again, is read at once and
// from scratch.
func (s *Store) UpdateFeed(ctx context.Context, f Feed) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		old, err := scanFeed(tx.QueryRow(ctx, `select `+feedColumns+` from monitoring_feeds f where f.id = $1 for update`, f.ID))
		if err != nil {
			return db.NotFound(err, "monitoring feed")
		}
		if old.Version != f.Version {
			return errs.FieldConflict("name", "errors.conflict")
		}
		if err := checkedFeed(ctx, tx, f); err != nil {
			return err
		}
		now := s.now()
		restart := old.URL != f.URL || (!old.Active && f.Active)
		if _, err := tx.Exec(ctx, `update monitoring_feeds set name = $2, url = $3, outlet_id = $4, language = $5, media_type = $6,
				active = $7, interval_minutes = $8, updated_at = $9, version = version + 1,
				etag = case when $10 then '' else etag end, last_modified = case when $10 then '' else last_modified end,
				failures = case when $10 then 0 else failures end,
				next_read_at = case when $10 then $9 else next_read_at end
			where id = $1`, f.ID, f.Name, f.URL, f.OutletID, f.Language, f.MediaType, f.Active, f.IntervalMinutes, now, restart); err != nil {
			return feedRefusal(err)
		}
		action, summary := "update", "labota"
		switch {
		case old.Active && !f.Active:
			action, summary = "pause", "apturēta"
		case !old.Active && f.Active:
			action, summary = "resume", "atsākta"
		}
		e := feedEntry(f.ID, action, "%s", summary)
		e.Details = audit.Diff([][3]any{{"name", old.Name, f.Name}, {"url", old.URL, f.URL}, {"outlet_id", ptr(old.OutletID), ptr(f.OutletID)},
			{"language", old.Language, f.Language}, {"medium", old.MediaType, f.MediaType},
			{"interval_minutes", old.IntervalMinutes, f.IntervalMinutes}, {"active", old.Active, f.Active}})
		return audit.Record(ctx, tx, e)
	})
}

// RequestRead queues a read of the feed now, whether it is due or not
// (and whether it is active: a person asked).
func (s *Store) RequestRead(ctx context.Context, id int64) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		var found bool
		if err := tx.QueryRow(ctx, `select exists(select 1 from monitoring_feeds where id = $1)`, id).Scan(&found); err != nil {
			return err
		}
		if !found {
			return db.NotFound(pgx.ErrNoRows, "monitoring feed")
		}
		if s.jobs == nil {
			return fmt.Errorf("monitoring: no job client to read feed %d with", id)
		}
		if _, err := s.jobs.InsertTx(ctx, tx, ReadFeedsArgs{FeedID: id}, nil); err != nil {
			return err
		}
		return audit.Record(ctx, tx, feedEntry(id, "read_request", "pieprasīta nolasīšana"))
	})
}

// feedToRead is a feed claimed for one read.
type feedToRead struct {
	id        int64
	url       string
	prev      [2]string // the validators: ETag, Last-Modified
	interval  time.Duration
	failures  int
	errorCode string
}

// readLease is how long a claimed feed is left to its reader: a reader
// that dies leaves it to be read again after this.
const readLease = 10 * time.Minute

func scanToRead(rows pgx.Rows) ([]feedToRead, error) {
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (feedToRead, error) {
		var f feedToRead
		var minutes int
		err := row.Scan(&f.id, &f.url, &f.prev[0], &f.prev[1], &minutes, &f.failures, &f.errorCode)
		f.interval = time.Duration(minutes) * time.Minute
		return f, err
	})
}

// claimDue takes up to n active feeds whose time has come, oldest due
// first, skipping those another reader holds, and puts their next read
// a lease away.
func (s *Store) claimDue(ctx context.Context, n int) ([]feedToRead, error) {
	now := s.now()
	rows, _ := s.pool.Query(ctx, `update monitoring_feeds f set next_read_at = $2
		where f.id in (select id from monitoring_feeds where active and next_read_at <= $1
			order by next_read_at, id limit $3 for update skip locked)
		returning f.id, f.url, f.etag, f.last_modified, f.interval_minutes, f.failures, f.last_error_code`,
		now, now.Add(readLease), n)
	return scanToRead(rows)
}

// claimOne takes the feed id for a read asked for by a person; none when
// another reader holds it (that read will do).
func (s *Store) claimOne(ctx context.Context, id int64) ([]feedToRead, error) {
	rows, _ := s.pool.Query(ctx, `update monitoring_feeds f set next_read_at = greatest(f.next_read_at, $2)
		where f.id in (select id from monitoring_feeds where id = $1 for update skip locked)
		returning f.id, f.url, f.etag, f.last_modified, f.interval_minutes, f.failures, f.last_error_code`,
		id, s.now().Add(readLease))
	return scanToRead(rows)
}

// readOutcome is what one read brought, for recordRead.
type readOutcome struct {
	items       []newItem // nil for a 304
	validators  [2]string
	errorCode   string // "" for a read that went well
	retryAfter  time.Duration
	notModified bool
}

// recordRead stores what a read of f brought and how it went, in one
// transaction: the new items with their hits, then the feed's state
// (success: the validators, the time, no failures; failure: why, when,
// one failure more and the back-off). A read that only confirms what was
// known (nothing new, no change between failing and working) is left out
// of the audit log, which would otherwise fill with a line a feed every
// half hour.
func (s *Store) recordRead(ctx context.Context, f feedToRead, out readOutcome, m *Matcher) (ImportResult, error) {
	var res ImportResult
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		now := s.now()
		var err error
		if len(out.items) > 0 {
			if res, err = importItems(ctx, tx, f.id, out.items, m, now); err != nil {
				return err
			}
		}
		var tag interface{ RowsAffected() int64 }
		if out.errorCode == "" {
			tag, err = tx.Exec(ctx, `update monitoring_feeds set etag = $2, last_modified = $3, last_success_at = $4, failures = 0,
					next_read_at = $5 where id = $1`,
				f.id, cutRunes(out.validators[0], 500), cutRunes(out.validators[1], 100), now, nextRead(now, f.interval, 0, 0))
		} else {
			tag, err = tx.Exec(ctx, `update monitoring_feeds set last_error_code = $2, last_error = $3, last_error_at = $4,
					failures = failures + 1, next_read_at = $5 where id = $1`,
				f.id, out.errorCode, cutRunes(readErrorText(lvContext, out.errorCode), 1000), now,
				nextRead(now, f.interval, f.failures+1, out.retryAfter))
		}
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return nil // removed while it was read
		}
		var e audit.Entry
		switch {
		case out.errorCode != "" && (f.failures == 0 || f.errorCode != out.errorCode):
			e = feedEntry(f.id, "read", "nolasīšana neizdevās, jauni ieraksti %d", res.New)
		case out.errorCode == "" && f.failures > 0:
			e = feedEntry(f.id, "read", "nolasīta atkal pēc %d neizdevušām reizēm, jauni ieraksti %d, atlasīti %d", f.failures, res.New, res.Matched)
		case res.New > 0:
			e = feedEntry(f.id, "read", "nolasīta, jauni ieraksti %d, atlasīti %d", res.New, res.Matched)
		default:
			return nil
		}
		e.Details = map[string]any{"new": res.New, "matched": res.Matched, "error": out.errorCode}
		return audit.Record(ctx, tx, e)
	})
	return res, err
}
