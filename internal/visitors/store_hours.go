package visitors

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/audit"
	"github.com/daugavpils/prdesk/internal/calendar"
	"github.com/daugavpils/prdesk/internal/contacts"
	"github.com/daugavpils/prdesk/internal/db"
	"github.com/daugavpils/prdesk/internal/errs"
	"github.com/daugavpils/prdesk/internal/i18n"
)

// Keeping the officials and their reception hours: rules, one-off sessions
// and cancelled dates. A stale form is a conflict beside its first field.

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

// officialAny reads an official, active or not: a visitor may still be
// logged against one who has stopped receiving.
func officialAny(ctx context.Context, q db.Querier, id int64) (Official, error) {
	rows, _ := q.Query(ctx, `select `+officialColumns+` from visit_officials where id = $1`, id)
	o, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[Official])
	return o, db.NotFound(err, fmt.Sprintf("visitors: official %d", id))
}

// accountRefusal is the refusal of an account that is another official's
// (one account, one official) or no user's at all, beside the form's field.
func accountRefusal(err error) error {
	if db.IsUnique(err, "visit_officials_user_id_key") || db.IsForeignKey(err, "visit_officials_user_id_fkey") {
		return errs.Field("user_id", "visitors.hours.err_account_taken")
	}
	if db.IsForeignKey(err, "visit_officials_contact_id_fkey") {
		return errs.Field("contact_id", "contacts.err_unknown_contact")
	}
	return err
}

// checkContact refuses, in tx, a directory contact for official id (0 for a
// new one, old its contact until now) that is no person of the directory,
// or that is already another official's (the column is unique): beside the
// field, naming that official. A contact kept as it was is not checked again
// (it may have been merged since; the agenda follows the merge).
func checkContact(ctx context.Context, tx pgx.Tx, id int64, old, contactID *int64) error {
	if contactID == nil || (old != nil && *old == *contactID) {
		return nil
	}
	if err := contacts.Exists(ctx, tx, *contactID, contacts.Person, "contact_id"); err != nil {
		return err
	}
	var other string
	err := tx.QueryRow(ctx, `select name from visit_officials where contact_id = $1 and id <> $2`, *contactID, id).Scan(&other)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return nil
	case err != nil:
		return err
	}
	return errs.Field("contact_id", "visitors.hours.err_contact_taken", other)
}

// contactRefusal is a contact taken by another official between the check
// and the write.
func contactRefusal(err error) error {
	if db.IsUnique(err, "visit_officials_contact_id_key") {
		return errs.Field("contact_id", "visitors.hours.err_contact_taken_race")
	}
	return err
}

// contactText says, for the audit log, how the official's link to the
// directory changed: by the contact's number, never its name.
func contactText(old, new *int64) string {
	switch {
	case new != nil && (old == nil || *old != *new):
		return fmt.Sprintf(", piesaistīts kontakts #%d", *new)
	case new == nil && old != nil:
		return ", kontakts atsaistīts"
	}
	return ""
}

// activeText is whether an official receives, in Latvian, for the audit log.
func activeText(active bool) string {
	if active {
		return "aktīva"
	}
	return "neaktīva"
}

// CreateOfficial adds an official.
func (s *Store) CreateOfficial(ctx context.Context, o Official) (int64, error) {
	var id int64
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		if err := checkContact(ctx, tx, 0, nil, o.ContactID); err != nil {
			return err
		}
		var err error
		id, err = InsertOfficial(ctx, tx, o)
		if err != nil {
			return contactRefusal(err)
		}
		if !o.Active {
			_, err = tx.Exec(ctx, `update visit_officials set active = false where id = $1`, id)
		}
		return err
	})
	return id, accountRefusal(err)
}

// UpdateOfficial saves o if o.Version is still the stored one.
func (s *Store) UpdateOfficial(ctx context.Context, o Official) error {
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		var old *int64
		if err := tx.QueryRow(ctx, `select contact_id from visit_officials where id = $1 for update`, o.ID).Scan(&old); err != nil {
			return db.NotFound(err, fmt.Sprintf("visitors: official %d", o.ID))
		}
		if err := checkContact(ctx, tx, o.ID, old, o.ContactID); err != nil {
			return err
		}
		err := db.Versioned(tx.Exec(ctx, `
			update visit_officials set name = $2, position = $3, kind = $4, user_id = $5, target_weeks = $6,
			       active = $7, contact_id = $9, version = version + 1, updated_at = now()
			where id = $1 and version = $8`,
			o.ID, o.Name, o.Position, o.Kind, o.UserID, o.TargetWeeks, o.Active, o.Version, o.ContactID))
		if err != nil {
			return staleAt("name", contactRefusal(err))
		}
		e := officialRef(o.ID).entry("update", "%s, %s%s", kindText(o.Kind), activeText(o.Active), contactText(old, o.ContactID))
		e.Details = map[string]any{"name": o.Name, "position": o.Position, "user_id": o.UserID, "target_weeks": o.TargetWeeks,
			"contact_id": o.ContactID}
		return audit.Record(ctx, tx, e)
	})
	return accountRefusal(err)
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

func (r ruleVersionRow) record() RuleRecord { return RuleRecord{Rule: r.rule(), Version: r.Version} }

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

// RuleByID reads one rule.
func (s *Store) RuleByID(ctx context.Context, id int64) (RuleRecord, error) {
	rows, _ := s.pool.Query(ctx, `select `+ruleColumns+` from visit_rules where id = $1`, id)
	r, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[ruleVersionRow])
	return r.record(), db.NotFound(err, fmt.Sprintf("visitors: rule %d", id))
}

// CreateRule adds a recurring reception.
func (s *Store) CreateRule(ctx context.Context, r Rule) (int64, error) {
	var id int64
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
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
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		err := db.Versioned(tx.Exec(ctx, `
			update visit_rules set kind = $2, weekday = $3, every_weeks = $4, nth = $5, start_time = $6::time,
			       end_time = $7::time, room = $8, slot_minutes = $9, valid_from = $10, valid_to = $11,
			       version = version + 1, updated_at = now()
			where id = $1 and version = $12`,
			r.ID, r.Kind, int(r.Weekday), max(r.EveryWeeks, 1), nth, clockSQL(r.Start), clockSQL(r.End), r.Room,
			r.SlotMinutes, r.ValidFrom, r.ValidTo, version))
		if err != nil {
			return staleAt("kind", err)
		}
		return audit.Record(ctx, tx, ruleRef(r.ID, r.OfficialID).entry("update", "%s", ruleSummary(r)))
	})
}

// EndRule makes the rule's last date last (inclusive), if version is still
// the stored one.
func (s *Store) EndRule(ctx context.Context, id int64, last time.Time, version int) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		var official int64
		err := tx.QueryRow(ctx, `
			update visit_rules set valid_to = $3, version = version + 1, updated_at = now()
			where id = $1 and version = $2 returning official_id`, id, version, calendar.DateOf(last)).Scan(&official)
		if err != nil {
			return staleAt("valid_to_end", versionedRow(err, fmt.Sprintf("visitors: rule %d", id)))
		}
		return audit.Record(ctx, tx, ruleRef(id, official).entry("end", "beidzas %s", i18n.Date(last)))
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
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		var err error
		id, err = InsertExtra(ctx, tx, e)
		return err
	})
	return id, err
}

// DeleteExtra removes a one-off session of official, if version is still
// the stored one. Bookings made in it stay, for the clerk to handle as with
// a cancelled date.
func (s *Store) DeleteExtra(ctx context.Context, officialID, id int64, version int) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		var d time.Time
		err := tx.QueryRow(ctx, `delete from visit_extra_sessions where id = $1 and official_id = $2 and version = $3 returning day`,
			id, officialID, version).Scan(&d)
		if err != nil {
			return versionedRow(err, fmt.Sprintf("visitors: one-off session %d", id))
		}
		return audit.Record(ctx, tx, extraRef(id, officialID).entry("delete", "atcelta %s", i18n.Date(d)))
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
// live bookings that date holds: the clerk must call those people. A date
// already cancelled is refused beside the form's day.
func (s *Store) CancelDay(ctx context.Context, c Cancellation) (id int64, booked int, err error) {
	err = db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		var err error
		if id, err = InsertCancellation(ctx, tx, c); err != nil {
			return err
		}
		from, to := calendar.DayBounds(c.Day)
		return tx.QueryRow(ctx, `select count(*) from visit_bookings where official_id = $1 and state <> 'cancelled'
			and lower(slot) >= $2 and lower(slot) < $3`, c.OfficialID, from, to).Scan(&booked)
	})
	if db.IsUnique(err, "visit_cancellations_official_id_day_key") {
		return 0, 0, errs.Field("day", "visitors.hours.err_already_cancelled")
	}
	return id, booked, err
}

// Uncancel removes a cancellation of official, if version is still the
// stored one: the rules hold on that date again.
func (s *Store) Uncancel(ctx context.Context, officialID, id int64, version int) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		var d time.Time
		err := tx.QueryRow(ctx, `delete from visit_cancellations where id = $1 and official_id = $2 and version = $3 returning day`,
			id, officialID, version).Scan(&d)
		if err != nil {
			return versionedRow(err, fmt.Sprintf("visitors: cancelled day %d", id))
		}
		return audit.Record(ctx, tx, cancellationRef(id, officialID).entry("delete", "pieņemšana %s atjaunota", i18n.Date(d)))
	})
}
