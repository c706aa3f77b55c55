package calendar

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
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
	// onChange is told of every change inside its transaction (OnChange).
	onChange ChangeHook
}

// Change is a change to the calendar that may move the working days: an
// entry added, changed or removed, the year filled by law, or the
// follow-the-Cabinet setting switched. Whoever computes dates with the
// calendar (the registry's due dates) hears of it through a ChangeHook.
type Change struct {
	Action string // "create", "update", "delete", "fill", "follow_cabinet"
	// Before and After are the entry as it was and as it is now (nil when
	// there was or is none); for "fill", After is the first day added.
	Before, After *Day
	// From and To are the first and last dates whose working-ness may have
	// changed; zero when none may have (a setting switched with no moved
	// day in the table).
	From, To time.Time
	// FollowCabinet is the setting's new value, for "follow_cabinet".
	FollowCabinet bool
}

// ChangeHook runs inside the transaction of every change to the calendar,
// after the change: an error rolls the change back. The calendar knows
// nothing of who listens; the app wires the hooks (the registry queues the
// recomputation of due dates in the same transaction).
type ChangeHook func(ctx context.Context, tx pgx.Tx, ch Change) error

// OnChange makes h hear of every change. The app sets it once, before
// serving; a store without a hook changes the calendar alone.
func (s *Store) OnChange(h ChangeHook) { s.onChange = h }

// changed tells the hook of ch inside tx.
func (s *Store) changed(ctx context.Context, tx pgx.Tx, ch Change) error {
	if s.onChange == nil {
		return nil
	}
	return s.onChange(ctx, tx, ch)
}

// NewStore returns the calendar's store. Without a pool it keeps nothing
// and only loads through a transaction (the demo data's).
func NewStore(pool *pgxpool.Pool) *Store { return &Store{pool: pool} }

const dayColumns = `id, day, kind, name_lv, name_en, source, order_number, order_title, order_date, version`

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

// Through is Calendar for a batch sent through q (a transaction's): one
// built is built through q, as Load does.
func (p *Pending) Through(ctx context.Context, q db.Querier) (*Calendar, error) {
	return p.s.at(ctx, q, p.rev)
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
	// The Cabinet order of a moved day (the form asks for it).
	OrderNumber string
	OrderTitle  string
	OrderDate   *time.Time
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
		d := Day{Date: in.Date, Kind: in.Kind, NameLV: in.NameLV, NameEN: in.NameEN, Source: in.Source,
			OrderNumber: in.OrderNumber, OrderTitle: in.OrderTitle, OrderDate: in.OrderDate}
		id, _, err = insert(ctx, tx, audit.ActorOf(ctx), d, false)
		if err != nil {
			return err
		}
		d.ID = id
		return s.changed(ctx, tx, Change{Action: "create", After: &d, From: d.Date, To: d.Date})
	})
	if db.IsUnique(err, "calendar_days_day_key") {
		return 0, ErrDayTaken
	}
	return id, err
}

// insert adds d with its audit record. With skipTaken a date that already
// has an entry is left alone (ok is false) instead of failing the transaction.
func insert(ctx context.Context, tx pgx.Tx, actor audit.Actor, d Day, skipTaken bool) (id int64, ok bool, err error) {
	sql := `insert into calendar_days (day, kind, name_lv, name_en, source, order_number, order_title, order_date, created_by)
		values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`
	if skipTaken {
		sql += ` on conflict (day) do nothing`
	}
	err = tx.QueryRow(ctx, sql+` returning id`,
		d.Date, d.Kind, d.NameLV, d.NameEN, d.Source, d.OrderNumber, d.OrderTitle, d.OrderDate, actorID(actor)).Scan(&id)
	if skipTaken && errors.Is(err, pgx.ErrNoRows) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, err
	}
	d.ID = id
	return id, true, audit.RecordAs(ctx, tx, actor, audit.Entry{
		Entity: "calendar_day", EntityID: id, Action: "create",
		Summary: fmt.Sprintf("Kalendārā pievienots %s: %s (%s, %s)", i18n.Date(d.Date), d.NameLV,
			i18n.T(lvCtx, "calendar.kind_"+string(d.Kind)), i18n.T(lvCtx, "calendar.source_"+string(d.Source))),
		Details: d,
	})
}

// lvCtx writes the audit log's summaries in Latvian, whoever acts.
var lvCtx = i18n.WithLocale(context.Background(), "lv")

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
		if err := audit.Record(ctx, tx, audit.Entry{
			Entity: "calendar_day", EntityID: id, Action: "delete",
			Summary: fmt.Sprintf("No kalendāra izņemts %s: %s", i18n.Date(d.Date), d.NameLV),
			Details: d,
		}); err != nil {
			return err
		}
		return s.changed(ctx, tx, Change{Action: "delete", Before: &d, From: d.Date, To: d.Date})
	})
	return d, err
}

// Get is the entry id; errs.NotFound when there is none.
func (s *Store) Get(ctx context.Context, id int64) (Day, error) {
	rows, _ := s.pool.Query(ctx, `select `+dayColumns+` from calendar_days where id = $1`, id)
	d, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[Day])
	return d, db.NotFound(err, fmt.Sprintf("calendar day %d", id))
}

// DayChange is what the edit form may change of an entry: everything but
// its date (a day on another date is another entry).
type DayChange struct {
	Kind        Kind
	NameLV      string
	NameEN      string
	OrderNumber string
	OrderTitle  string
	OrderDate   *time.Time
}

// Update changes the entry id if it is still at version, with its audit
// record and the change hook, in one transaction. A missing entry gives
// errs.NotFound, a changed one errs.Conflict; a kind that does not fit the
// date is the kind field's refusal.
func (s *Store) Update(ctx context.Context, id int64, version int, in DayChange) (Day, error) {
	var after Day
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		rows, _ := tx.Query(ctx, `select `+dayColumns+` from calendar_days where id = $1 for update`, id)
		before, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[Day])
		if err != nil {
			return db.NotFound(err, fmt.Sprintf("calendar day %d", id))
		}
		if before.Version != version {
			return errs.FieldConflict("kind", "calendar.err_stale")
		}
		if key := KindFits(in.Kind, before.Date); key != "" {
			return errs.Field("kind", key)
		}
		rows, _ = tx.Query(ctx, `update calendar_days set kind = $2, name_lv = $3, name_en = $4,
				order_number = $5, order_title = $6, order_date = $7,
				version = version + 1, updated_at = now()
			where id = $1 returning `+dayColumns,
			id, in.Kind, in.NameLV, in.NameEN, in.OrderNumber, in.OrderTitle, in.OrderDate)
		if after, err = pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[Day]); err != nil {
			return err
		}
		orderDate := func(d Day) string {
			if d.OrderDate == nil {
				return ""
			}
			return d.OrderDate.Format(time.DateOnly)
		}
		if err := audit.Record(ctx, tx, audit.Entry{
			Entity: "calendar_day", EntityID: id, Action: "update",
			Summary: fmt.Sprintf("Kalendārā labota diena %s", i18n.Date(before.Date)),
			Details: audit.Diff([][3]any{
				{"kind", before.Kind, after.Kind}, {"name_lv", before.NameLV, after.NameLV}, {"name_en", before.NameEN, after.NameEN},
				{"order_number", before.OrderNumber, after.OrderNumber}, {"order_title", before.OrderTitle, after.OrderTitle},
				{"order_date", orderDate(before), orderDate(after)},
			}),
		}); err != nil {
			return err
		}
		return s.changed(ctx, tx, Change{Action: "update", Before: &before, After: &after, From: before.Date, To: before.Date})
	})
	return after, err
}

// FillYear adds year's holidays by law that the table lacks, leaving every
// existing entry as it is, and reports how many it added.
func (s *Store) FillYear(ctx context.Context, year int) (int, error) {
	var n int
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		var err error
		n, err = FillByLaw(ctx, tx, audit.ActorOf(ctx), year)
		if err != nil || n == 0 {
			return err
		}
		// Days added to a year that was filled before (an entry removed
		// and filled back) may change its working days; a year that was
		// not filled counted the law's holidays already.
		return s.changed(ctx, tx, Change{Action: "fill", From: date(year, time.January, 1), To: date(year, time.December, 31)})
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
		if err := audit.RecordAs(ctx, tx, actor, audit.Entry{
			Entity: "setting", EntityID: FollowCabinetKey, Action: "update",
			Summary: "Ministru kabineta pārcelto darba dienu ievērošana: " + state,
			Details: audit.Diff([][3]any{{"value", before, follow}}),
		}); err != nil || before == follow {
			return err
		}
		// Every moved day changes: from the first to the last.
		ch := Change{Action: "follow_cabinet", FollowCabinet: follow}
		var from, to *time.Time
		if err := tx.QueryRow(ctx, `select min(day), max(day) from calendar_days
			where kind in ('moved_day_off', 'moved_working_day')`).Scan(&from, &to); err != nil {
			return err
		}
		if from != nil {
			ch.From, ch.To = *from, *to
		}
		return s.changed(ctx, tx, ch)
	})
}

// NoOrderKey is the settings row that lists the years for which the
// Cabinet issued no order moving working days (a JSON array of years).
const NoOrderKey = "calendar.no_cabinet_order"

// OrderYear is the year whose Cabinet order the calendar should hold at
// now. The Cabinet issues the order moving a year's working days by 1 July
// of the year before (Darba likums, section 133(4)): from 1 July (Riga
// time) that is next year's order, before it this year's, which was due a
// year ago. In December 2026 it is 2027; in March 2027, 2027 still.
func OrderYear(now time.Time) int {
	t := now.In(i18n.Riga)
	if t.Month() >= time.July {
		return t.Year() + 1
	}
	return t.Year()
}

// Order is a Cabinet order moving working days, as the calendar's moved
// days name it.
type Order struct {
	Number string
	Title  string
	Date   *time.Time
}

// OrderStatus is what the calendar knows of one year's Cabinet order.
type OrderStatus struct {
	Year int
	// Orders are the orders the year's moved days name, each once.
	Orders []Order
	// WithoutOrder counts the year's moved days that name no order.
	WithoutOrder int
	// NoneIssued: the administrator recorded that the Cabinet issued no
	// order for the year.
	NoneIssued bool
	Version    int // of the NoOrderKey row, for the form that changes it
}

// Missing tells whether the year has neither an order entered nor the
// word that none was issued: what the administrator and the head are
// warned of.
func (o OrderStatus) Missing() bool { return len(o.Orders) == 0 && !o.NoneIssued }

// NumberMissing tells whether an order of the year is entered without its number.
func (o OrderStatus) NumberMissing() bool {
	for _, x := range o.Orders {
		if x.Number == "" {
			return true
		}
	}
	return false
}

// OrderStatus reads what the calendar knows of year's Cabinet order, in
// one round trip.
func (s *Store) OrderStatus(ctx context.Context, year int) (OrderStatus, error) {
	st := OrderStatus{Year: year}
	var b pgx.Batch
	b.Queue(`select order_number, order_title, order_date, count(*) from calendar_days
		where day >= $1 and day < $2 and kind in ('moved_day_off', 'moved_working_day')
		group by 1, 2, 3 order by min(day)`,
		date(year, time.January, 1), date(year+1, time.January, 1)).Query(func(rows pgx.Rows) error {
		var o Order
		var n int
		_, err := pgx.ForEachRow(rows, []any{&o.Number, &o.Title, &o.Date, &n}, func() error {
			if o.Number == "" && o.Title == "" {
				st.WithoutOrder += n
			} else {
				st.Orders = append(st.Orders, o)
			}
			return nil
		})
		return err
	})
	b.Queue(`select value @> to_jsonb($2::int), version from settings where key = $1`, NoOrderKey, year).QueryRow(func(row pgx.Row) error {
		err := row.Scan(&st.NoneIssued, &st.Version)
		if errors.Is(err, pgx.ErrNoRows) {
			return nil // no year recorded yet: the form inserts the row at version 0
		}
		return err
	})
	if err := s.pool.SendBatch(ctx, &b).Close(); err != nil {
		return st, fmt.Errorf("calendar order of %d: %w", year, err)
	}
	return st, nil
}

// SetNoOrder records (none) or takes back that the Cabinet issued no order
// moving working days in year, if the setting is still at version, with
// its audit record; a changed one gives errs.Conflict. It moves no working
// day, so nobody else is told.
func (s *Store) SetNoOrder(ctx context.Context, year int, none bool, version int) error {
	if year < MinYear || year > MaxYear {
		return fmt.Errorf("calendar: year %d: %w", year, errs.Invalid)
	}
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		actor := audit.ActorOf(ctx)
		var tag pgconn.CommandTag
		var err error
		if none {
			tag, err = tx.Exec(ctx, `insert into settings as s (key, value, version, updated_by) values ($1, jsonb_build_array($2::int), 1, $4)
				on conflict (key) do update set
					value = (select coalesce(jsonb_agg(distinct y order by y), '[]') from jsonb_array_elements(s.value || to_jsonb($2::int)) y),
					version = s.version + 1, updated_at = now(), updated_by = $4
				where s.version = $3`, NoOrderKey, year, version, actorID(actor))
		} else {
			tag, err = tx.Exec(ctx, `update settings set
					value = (select coalesce(jsonb_agg(y order by y), '[]') from jsonb_array_elements(value) y where y <> to_jsonb($2::int)),
					version = version + 1, updated_at = now(), updated_by = $4
				where key = $1 and version = $3`, NoOrderKey, year, version, actorID(actor))
		}
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return fmt.Errorf("calendar: the years without an order changed since the form was drawn: %w", errs.Conflict)
		}
		summary := fmt.Sprintf("Kalendārā atzīmēts: Ministru kabinets rīkojumu par darba dienu pārcelšanu %d. gadā neizdeva", year)
		if !none {
			summary = fmt.Sprintf("Kalendārā atsaukta atzīme, ka Ministru kabinets rīkojumu par darba dienu pārcelšanu %d. gadā neizdeva", year)
		}
		return audit.RecordAs(ctx, tx, actor, audit.Entry{
			Entity: "setting", EntityID: NoOrderKey, Action: "update", Summary: summary,
			Details: map[string]any{"year": year, "none_issued": none},
		})
	})
}
