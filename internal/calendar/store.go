package calendar

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/daugavpils/prdesk/internal/audit"
	"github.com/daugavpils/prdesk/internal/db"
	"github.com/daugavpils/prdesk/internal/errs"
	"github.com/daugavpils/prdesk/internal/i18n"
)

// revision is the calendar's row of revisions (migration 00020).
const revision = "calendar"

// FollowCabinetKey is the settings row that says whether moved days count.
const FollowCabinetKey = "calendar.follow_cabinet_moves"

// ErrDayTaken is returned when the table already has an entry for the
// date: the refusal of the form's day field.
var ErrDayTaken = errs.Field("day", "field.day_taken")

// Store reads and writes the calendar table and its setting. It keeps the
// last calendar it built, at the calendar's revision: the app keeps one
// store for the life of the server and gives it to every area.
type Store struct {
	pool       *pgxpool.Pool
	kept       db.Kept[*Calendar]
	refreshing atomic.Bool // a build through the pool, started by Load in a transaction, is under way
}

// NewStore returns the calendar's store. Without a pool it keeps nothing
// and only loads through a transaction (the demo data's).
func NewStore(pool *pgxpool.Pool) *Store { return &Store{pool: pool} }

const dayColumns = `id, day, kind, name_lv, name_en, source, version`

// Load is the calendar as q sees it: q is the pool, or the transaction of
// a use case (which must not wait for a second connection while it holds
// one, and sees its own writes). The kept calendar serves while the
// revision q sees is the kept one's. Otherwise the calendar is built
// through q in one round trip; built through the pool it is kept, while
// one built in a transaction is not (the transaction may yet be rolled
// back), and a calendar for the next readers is built through the pool
// once the transaction has let its connection go.
func (s *Store) Load(ctx context.Context, q db.Querier) (*Calendar, error) {
	rev, err := db.Revision(ctx, q, revision)
	if err != nil {
		return nil, fmt.Errorf("calendar revision: %w", err)
	}
	return s.at(ctx, q, rev)
}

func (s *Store) at(ctx context.Context, q db.Querier, rev int64) (*Calendar, error) {
	if c, ok := s.kept.Get(rev); ok {
		return c, nil
	}
	// The revision was read before the table: a change committed in between
	// gives a newer calendar under the older revision, which the next Load
	// replaces; never an older calendar under the newer revision.
	c, err := build(ctx, q)
	if err != nil {
		return nil, err
	}
	if _, inTx := q.(pgx.Tx); !inTx {
		s.kept.Put(rev, c)
	} else if s.pool != nil && s.refreshing.CompareAndSwap(false, true) {
		go func() {
			defer s.refreshing.Store(false)
			ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
			defer cancel()
			if _, err := s.Load(ctx, s.pool); err != nil {
				slog.WarnContext(ctx, "keeping the calendar", "err", err)
			}
		}()
	}
	return c, nil
}

// Pending is a calendar whose revision rides in a page's batch.
type Pending struct {
	s   *Store
	rev int64
}

// Queue is Load for a page that reads other things through the pool in one
// batch: it adds the read of the revision to b, and once b is sent,
// Calendar gives the calendar.
func (s *Store) Queue(b *pgx.Batch) *Pending {
	p := &Pending{s: s}
	db.QueueRevision(b, revision, &p.rev)
	return p
}

// Calendar is the kept calendar when the revision read is its own, else
// one built through the pool.
func (p *Pending) Calendar(ctx context.Context) (*Calendar, error) {
	return p.s.at(ctx, p.s.pool, p.rev)
}

// build reads the table and the setting through q in one round trip.
func build(ctx context.Context, q db.Querier) (*Calendar, error) {
	var b pgx.Batch
	var days []Day
	follow := true // the migration's default, should the row ever be missing
	b.Queue(`select ` + dayColumns + ` from calendar_days`).Query(func(rows pgx.Rows) error {
		var err error
		days, err = pgx.CollectRows(rows, pgx.RowToStructByName[Day])
		return err
	})
	b.Queue(`select value::boolean from settings where key = $1`, FollowCabinetKey).QueryRow(func(row pgx.Row) error {
		if err := row.Scan(&follow); err != nil && !errors.Is(err, pgx.ErrNoRows) {
			return err
		}
		return nil
	})
	if err := q.SendBatch(ctx, &b).Close(); err != nil {
		return nil, fmt.Errorf("load calendar: %w", err)
	}
	return New(days, follow), nil
}

// Year lists year's entries in date order.
func (s *Store) Year(ctx context.Context, year int) ([]Day, error) {
	rows, _ := s.pool.Query(ctx, `select `+dayColumns+` from calendar_days
		where day >= $1 and day < $2 order by day`,
		date(year, time.January, 1), date(year+1, time.January, 1))
	return pgx.CollectRows(rows, pgx.RowToStructByName[Day])
}

// NewDay is an entry to add. Source defaults to what the kind implies: a
// moved day comes from a Cabinet order, a holiday added by hand is manual.
type NewDay struct {
	Date   time.Time
	Kind   Kind
	NameLV string
	NameEN string
	Source Source
}

// Add inserts an entry and its audit record in one transaction. A date that
// already has an entry gives ErrDayTaken.
func (s *Store) Add(ctx context.Context, in NewDay) (int64, error) {
	if in.Source == "" {
		in.Source = SourceManual
		if in.Kind == MovedDayOff || in.Kind == MovedWorkingDay {
			in.Source = SourceCabinet
		}
	}
	in.Date = DateOf(in.Date)
	var id int64
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		var err error
		id, _, err = insert(ctx, tx, audit.ActorOf(ctx), Day{Date: in.Date, Kind: in.Kind, NameLV: in.NameLV, NameEN: in.NameEN, Source: in.Source}, false)
		return err
	})
	if db.IsUnique(err, "calendar_days_day_key") {
		return 0, ErrDayTaken
	}
	return id, err
}

// insert adds d with its audit record. With skipTaken a date that already
// has an entry is left alone (ok is false) instead of failing the transaction.
func insert(ctx context.Context, tx pgx.Tx, actor audit.Actor, d Day, skipTaken bool) (id int64, ok bool, err error) {
	sql := `insert into calendar_days (day, kind, name_lv, name_en, source, created_by)
		values ($1, $2, $3, $4, $5, $6)`
	if skipTaken {
		sql += ` on conflict (day) do nothing`
	}
	err = tx.QueryRow(ctx, sql+` returning id`,
		d.Date, d.Kind, d.NameLV, d.NameEN, d.Source, actorID(actor)).Scan(&id)
	if skipTaken && errors.Is(err, pgx.ErrNoRows) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, err
	}
	d.ID = id
	return id, true, audit.RecordAs(ctx, tx, actor, audit.Entry{
		Entity: "calendar_day", EntityID: id, Action: "create",
		Summary: fmt.Sprintf("Kalendārā pievienots %s: %s (%s, %s)", i18n.Date(d.Date), d.NameLV, d.Kind, d.Source),
		Details: d,
	})
}

func actorID(a audit.Actor) *int64 {
	if a.ID == 0 {
		return nil
	}
	return &a.ID
}

// Remove deletes the entry id if it is still at version, with its audit
// record. A missing entry gives errs.NotFound, a changed one errs.Conflict.
func (s *Store) Remove(ctx context.Context, id int64, version int) (Day, error) {
	var d Day
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		rows, _ := tx.Query(ctx, `delete from calendar_days where id = $1 and version = $2 returning `+dayColumns, id, version)
		var err error
		d, err = pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[Day])
		if errors.Is(err, pgx.ErrNoRows) {
			var exists bool
			if err := tx.QueryRow(ctx, `select exists(select 1 from calendar_days where id = $1)`, id).Scan(&exists); err != nil {
				return err
			}
			if exists {
				return errs.Conflict
			}
			return errs.NotFound
		}
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{
			Entity: "calendar_day", EntityID: id, Action: "delete",
			Summary: fmt.Sprintf("No kalendāra izņemts %s: %s", i18n.Date(d.Date), d.NameLV),
			Details: d,
		})
	})
	return d, err
}

// FillYear adds year's holidays by law that the table lacks, leaving every
// existing entry as it is, and reports how many it added.
func (s *Store) FillYear(ctx context.Context, year int) (int, error) {
	var n int
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		var err error
		n, err = FillByLaw(ctx, tx, audit.ActorOf(ctx), year)
		return err
	})
	return n, err
}

// FillByLaw is FillYear inside a transaction the caller holds, on behalf of
// actor (the demo data fills as audit.System).
func FillByLaw(ctx context.Context, tx pgx.Tx, actor audit.Actor, year int) (int, error) {
	if year < MinYear || year > MaxYear {
		return 0, fmt.Errorf("calendar: year %d outside %d–%d", year, MinYear, MaxYear)
	}
	n := 0
	for _, h := range HolidaysByLaw(year) {
		_, added, err := insert(ctx, tx, actor, h, true)
		if err != nil {
			return n, err
		}
		if added {
			n++
		}
	}
	return n, nil
}

// Setting is the follow-cabinet switch with its version, for the form.
type Setting struct {
	FollowCabinet bool
	Version       int
}

// FollowCabinet reads the follow-cabinet setting.
func (s *Store) FollowCabinet(ctx context.Context) (Setting, error) {
	var st Setting
	err := s.pool.QueryRow(ctx, `select value::boolean, version from settings where key = $1`, FollowCabinetKey).
		Scan(&st.FollowCabinet, &st.Version)
	return st, err
}

// SetFollowCabinet stores the setting if it is still at version, with its
// audit record; a changed one gives errs.Conflict.
func (s *Store) SetFollowCabinet(ctx context.Context, follow bool, version int) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		var before bool
		err := tx.QueryRow(ctx, `select value::boolean from settings where key = $1 and version = $2 for update`,
			FollowCabinetKey, version).Scan(&before)
		if errors.Is(err, pgx.ErrNoRows) {
			return fmt.Errorf("calendar: setting changed since the form was drawn: %w", errs.Conflict)
		}
		if err != nil {
			return err
		}
		actor := audit.ActorOf(ctx)
		if _, err := tx.Exec(ctx, `
			update settings set value = to_jsonb($2::boolean), version = version + 1, updated_at = now(), updated_by = $3
			where key = $1`, FollowCabinetKey, follow, actorID(actor)); err != nil {
			return err
		}
		state := "izslēgts"
		if follow {
			state = "ieslēgts"
		}
		return audit.RecordAs(ctx, tx, actor, audit.Entry{
			Entity: "setting", EntityID: FollowCabinetKey, Action: "update",
			Summary: "Ministru kabineta pārcelto darba dienu ievērošana: " + state,
			Details: audit.Diff([][3]any{{"value", before, follow}}),
		})
	})
}
