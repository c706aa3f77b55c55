package visitors

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/daugavpils/prdesk/internal/audit"
	"github.com/daugavpils/prdesk/internal/calendar"
	"github.com/daugavpils/prdesk/internal/i18n"
)

// Why an edit of reception hours is refused.
var (
	// ErrStale: the form was based on a version of the record (an official,
	// a rule, a session, a booking, a ticket, a waiting-list entry) that
	// someone else has since changed or removed.
	ErrStale = errors.New("visitors: changed by someone else since the form was shown")
	// ErrAccountTaken: the account is already another official's.
	ErrAccountTaken = errors.New("visitors: the account belongs to another official")
	// ErrDayCancelled: the official's reception of that date is already cancelled.
	ErrDayCancelled = errors.New("visitors: that date is already cancelled")
)

// Account is a user an official may be linked to.
type Account struct {
	ID       int64  `db:"id"`
	FullName string `db:"full_name"`
	Username string `db:"username"`
}

// Accounts lists the active users, for linking an official to their account.
func (s *Store) Accounts(ctx context.Context) ([]Account, error) {
	rows, _ := s.pool.Query(ctx, `select id, full_name, username from users where active order by full_name`)
	return pgx.CollectRows(rows, pgx.RowToStructByName[Account])
}

// AllOfficials lists every official, the active ones first, by name.
func (s *Store) AllOfficials(ctx context.Context) ([]Official, error) {
	rows, _ := s.pool.Query(ctx, `select `+officialColumns+` from visit_officials order by not active, name, id`)
	return pgx.CollectRows(rows, pgx.RowToStructByName[Official])
}

// AnyOfficial reads one official, active or not; pgx.ErrNoRows when there is none.
func (s *Store) AnyOfficial(ctx context.Context, id int64) (Official, error) {
	rows, _ := s.pool.Query(ctx, `select `+officialColumns+` from visit_officials where id = $1`, id)
	return pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[Official])
}

func uniqueViolation(err error) bool {
	pgErr, ok := errors.AsType[*pgconn.PgError](err)
	return ok && pgErr.Code == "23505"
}

// CreateOfficial adds an official; ErrAccountTaken when the account is another's.
func (s *Store) CreateOfficial(ctx context.Context, o Official) (int64, error) {
	var id int64
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		var err error
		id, err = InsertOfficial(ctx, tx, o)
		if err != nil {
			return err
		}
		if !o.Active {
			_, err = tx.Exec(ctx, `update visit_officials set active = false where id = $1`, id)
		}
		return err
	})
	if uniqueViolation(err) {
		return 0, ErrAccountTaken
	}
	return id, err
}

// UpdateOfficial saves o if o.Version is still the stored one.
func (s *Store) UpdateOfficial(ctx context.Context, o Official) error {
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `
			update visit_officials set name = $2, position = $3, kind = $4, user_id = $5, target_weeks = $6,
			       active = $7, version = version + 1, updated_at = now()
			where id = $1 and version = $8`,
			o.ID, o.Name, o.Position, o.Kind, o.UserID, o.TargetWeeks, o.Active, o.Version)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return ErrStale
		}
		return audit.Record(ctx, tx, audit.Entry{Entity: "visit_official", EntityID: o.ID, Action: "update",
			Summary: fmt.Sprintf("Amatpersona %s (%s), aktīva: %t", o.Name, o.Kind, o.Active),
			Details: map[string]any{"position": o.Position, "user_id": o.UserID, "target_weeks": o.TargetWeeks}})
	})
	if uniqueViolation(err) {
		return ErrAccountTaken
	}
	return err
}

// RuleRecord is a stored rule with what an edit needs.
type RuleRecord struct {
	Rule
	Version int
}

const ruleColumns = `id, official_id, kind, weekday, every_weeks, nth,
	(extract(epoch from start_time) / 60)::int as start_min,
	(extract(epoch from end_time) / 60)::int as end_min,
	room, slot_minutes, valid_from, valid_to, version`

type ruleVersionRow struct {
	ruleRow
	Version int `db:"version"`
}

func (r ruleVersionRow) record() RuleRecord {
	nth := 0
	if r.Nth != nil {
		nth = *r.Nth
	}
	return RuleRecord{Version: r.Version, Rule: Rule{
		ID: r.ID, OfficialID: r.OfficialID, Kind: r.Kind, Weekday: time.Weekday(r.Weekday),
		EveryWeeks: r.EveryWeeks, Nth: nth, Start: Clock(r.Start), End: Clock(r.End), Room: r.Room,
		SlotMinutes: r.SlotMinutes, ValidFrom: r.ValidFrom, ValidTo: r.ValidTo,
	}}
}

// Rules lists an official's rules, the ended ones too, newest first.
func (s *Store) Rules(ctx context.Context, officialID int64) ([]RuleRecord, error) {
	rows, _ := s.pool.Query(ctx, `select `+ruleColumns+` from visit_rules where official_id = $1
		order by valid_to is not null, valid_from desc, id desc`, officialID)
	rs, err := pgx.CollectRows(rows, pgx.RowToStructByName[ruleVersionRow])
	out := make([]RuleRecord, len(rs))
	for i, r := range rs {
		out[i] = r.record()
	}
	return out, err
}

// RuleByID reads one rule; pgx.ErrNoRows when there is none.
func (s *Store) RuleByID(ctx context.Context, id int64) (RuleRecord, error) {
	rows, _ := s.pool.Query(ctx, `select `+ruleColumns+` from visit_rules where id = $1`, id)
	r, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[ruleVersionRow])
	return r.record(), err
}

// CreateRule adds a recurring reception.
func (s *Store) CreateRule(ctx context.Context, r Rule) (int64, error) {
	var id int64
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		var err error
		id, err = InsertRule(ctx, tx, r)
		return err
	})
	return id, err
}

// UpdateRule saves r if version is still the stored one.
func (s *Store) UpdateRule(ctx context.Context, r Rule, version int) error {
	var nth *int
	if r.Kind == Monthly {
		nth = &r.Nth
	}
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `
			update visit_rules set kind = $2, weekday = $3, every_weeks = $4, nth = $5, start_time = $6::time,
			       end_time = $7::time, room = $8, slot_minutes = $9, valid_from = $10, valid_to = $11,
			       version = version + 1, updated_at = now()
			where id = $1 and version = $12`,
			r.ID, r.Kind, int(r.Weekday), max(r.EveryWeeks, 1), nth, clockSQL(r.Start), clockSQL(r.End), r.Room,
			r.SlotMinutes, r.ValidFrom, r.ValidTo, version)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return ErrStale
		}
		return audit.Record(ctx, tx, audit.Entry{Entity: "visit_rule", EntityID: r.ID, Action: "update",
			Summary: fmt.Sprintf("Pieņemšanas laiks amatpersonai %d: %s %s–%s, %s", r.OfficialID, r.Weekday,
				clockSQL(r.Start), clockSQL(r.End), r.Room)})
	})
}

// EndRule makes the rule's last date last (inclusive).
func (s *Store) EndRule(ctx context.Context, id int64, last time.Time, version int) error {
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		var official int64
		err := tx.QueryRow(ctx, `
			update visit_rules set valid_to = $2, version = version + 1, updated_at = now()
			where id = $1 and version = $3 returning official_id`, id, calendar.DateOf(last), version).Scan(&official)
		if errors.Is(err, pgx.ErrNoRows) {
			return ErrStale
		} else if err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Entity: "visit_rule", EntityID: id, Action: "end",
			Summary: fmt.Sprintf("Pieņemšanas laiks amatpersonai %d beidzas %s", official, i18n.Date(last))})
	})
}

// ExtraRecord is a stored one-off session.
type ExtraRecord struct {
	Extra
	Version int
}

// Extras lists an official's one-off sessions from the date of from on.
func (s *Store) Extras(ctx context.Context, officialID int64, from time.Time) ([]ExtraRecord, error) {
	rows, _ := s.pool.Query(ctx, `
		select id, official_id, day, (extract(epoch from start_time) / 60)::int, (extract(epoch from end_time) / 60)::int,
		       room, slot_minutes, version
		from visit_extra_sessions where official_id = $1 and day >= $2 order by day, start_time`, officialID, calendar.DateOf(from))
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (ExtraRecord, error) {
		var e ExtraRecord
		var a, b int
		err := row.Scan(&e.ID, &e.OfficialID, &e.Day, &a, &b, &e.Room, &e.SlotMinutes, &e.Version)
		e.Start, e.End = Clock(a), Clock(b)
		return e, err
	})
}

// CreateExtra adds a one-off session.
func (s *Store) CreateExtra(ctx context.Context, e Extra) (int64, error) {
	var id int64
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		var err error
		id, err = InsertExtra(ctx, tx, e)
		return err
	})
	return id, err
}

// DeleteExtra removes a one-off session of official. Bookings made in it
// stay, for the clerk to handle as with a cancelled date.
func (s *Store) DeleteExtra(ctx context.Context, officialID, id int64, version int) error {
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		var d time.Time
		err := tx.QueryRow(ctx, `delete from visit_extra_sessions where id = $1 and official_id = $2 and version = $3 returning day`,
			id, officialID, version).Scan(&d)
		if errors.Is(err, pgx.ErrNoRows) {
			return ErrStale
		} else if err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Entity: "visit_extra_session", EntityID: id, Action: "delete",
			Summary: fmt.Sprintf("Atcelta papildu pieņemšana amatpersonai %d %s", officialID, i18n.Date(d))})
	})
}

// CancellationRecord is a stored cancelled date.
type CancellationRecord struct {
	Cancellation
	Version int
}

// Cancellations lists an official's cancelled dates from the date of from on.
func (s *Store) Cancellations(ctx context.Context, officialID int64, from time.Time) ([]CancellationRecord, error) {
	rows, _ := s.pool.Query(ctx, `select id, official_id, day, reason, version from visit_cancellations
		where official_id = $1 and day >= $2 order by day`, officialID, calendar.DateOf(from))
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (CancellationRecord, error) {
		var c CancellationRecord
		err := row.Scan(&c.ID, &c.OfficialID, &c.Day, &c.Reason, &c.Version)
		return c, err
	})
}

// CancelDay cancels the official's reception of a date and reports how many
// live bookings that date holds: the clerk must call those people.
func (s *Store) CancelDay(ctx context.Context, c Cancellation) (id int64, booked int, err error) {
	err = pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		var err error
		if id, err = InsertCancellation(ctx, tx, c); err != nil {
			return err
		}
		from, to := calendar.DayBounds(c.Day)
		return tx.QueryRow(ctx, `select count(*) from visit_bookings where official_id = $1 and state <> 'cancelled'
			and lower(slot) >= $2 and lower(slot) < $3`, c.OfficialID, from, to).Scan(&booked)
	})
	if uniqueViolation(err) {
		return 0, 0, ErrDayCancelled
	}
	return id, booked, err
}

// Uncancel removes a cancellation of official: the rules hold on that date again.
func (s *Store) Uncancel(ctx context.Context, officialID, id int64, version int) error {
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		var d time.Time
		err := tx.QueryRow(ctx, `delete from visit_cancellations where id = $1 and official_id = $2 and version = $3 returning day`,
			id, officialID, version).Scan(&d)
		if errors.Is(err, pgx.ErrNoRows) {
			return ErrStale
		} else if err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Entity: "visit_cancellation", EntityID: id, Action: "delete",
			Summary: fmt.Sprintf("Atjaunota pieņemšana amatpersonai %d %s", officialID, i18n.Date(d))})
	})
}
