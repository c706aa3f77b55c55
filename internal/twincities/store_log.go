package twincities

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/audit"
	"github.com/daugavpils/prdesk/internal/db"
	"github.com/daugavpils/prdesk/internal/errs"
)

func itoa(n int) string { return strconv.Itoa(n) }

const logColumns = `l.id, l.agreement_id, a.city, l.kind, l.happened_on, l.field, l.participants, l.result,
	l.link_url, l.day_id, l.state, l.version, l.created_at`

func collectLog(rows pgx.Rows, err error) ([]LogEntry, error) {
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (LogEntry, error) {
		var e LogEntry
		err := row.Scan(&e.ID, &e.AgreementID, &e.City, &e.Kind, &e.HappenedOn, &e.Field, &e.Participants,
			&e.Result, &e.LinkURL, &e.DayID, &e.State, &e.Version, &e.CreatedAt)
		return e, err
	})
}

// Log is the agreement's cooperation log, newest first.
func (s *Store) Log(ctx context.Context, agreementID int64) ([]LogEntry, error) {
	return collectLog(s.pool.Query(ctx, `select `+logColumns+` from twin_log l join twin_agreements a on a.id = l.agreement_id
		where l.agreement_id = $1 order by l.happened_on desc, l.id desc`, agreementID))
}

// LogEntry reads one line of the log.
func (s *Store) LogEntry(ctx context.Context, id int64) (LogEntry, error) {
	es, err := collectLog(s.pool.Query(ctx, `select `+logColumns+` from twin_log l join twin_agreements a on a.id = l.agreement_id
		where l.id = $1`, id))
	if err == nil && len(es) == 0 {
		err = pgx.ErrNoRows
	}
	if err != nil {
		return LogEntry{}, db.NotFound(err, "twin log entry")
	}
	return es[0], nil
}

// checkLog refuses a log line's broken rules beside their fields.
func checkLog(e LogEntry) error {
	if !ValidLink(e.LinkURL) {
		return errs.Field("link_url", "twincities.log.err_link")
	}
	return nil
}

// dayOf checks that the day named by a greeting is one of its agreement's.
func dayOf(ctx context.Context, tx pgx.Tx, e LogEntry) error {
	if e.DayID == nil {
		return nil
	}
	var ok bool
	err := tx.QueryRow(ctx, `select true from twin_days where id = $1 and agreement_id = $2`, *e.DayID, e.AgreementID).Scan(&ok)
	if errors.Is(err, pgx.ErrNoRows) {
		return errs.Field("day_id", "twincities.log.err_day")
	}
	return err
}

// AddLog adds a line to the agreement's log and returns its id; key is the
// form's idempotency key ("" for none).
func (s *Store) AddLog(ctx context.Context, e LogEntry, key string) (int64, error) {
	if err := checkLog(e); err != nil {
		return 0, err
	}
	var id int64
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		// The agreement's row is held, so the line does not slip past an edit.
		var ok bool
		if err := tx.QueryRow(ctx, `select true from twin_agreements where id = $1 for share`, e.AgreementID).Scan(&ok); err != nil {
			return db.NotFound(err, "twin agreement")
		}
		if err := dayOf(ctx, tx, e); err != nil {
			return err
		}
		var k *string
		if key != "" {
			k = &key
		}
		err := tx.QueryRow(ctx, `
			insert into twin_log (agreement_id, kind, happened_on, field, participants, result, link_url, day_id,
				idempotency_key, created_at, updated_at, created_by)
			values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10, $11) returning id`,
			e.AgreementID, e.Kind, e.HappenedOn, e.Field, e.Participants, e.Result, e.LinkURL, e.DayID, k,
			s.now(), audit.ActorID(ctx)).Scan(&id)
		if err != nil {
			return refuse(err)
		}
		ae := entry(e.AgreementID, "log_add", "sadarbības žurnālā pievienots ieraksts #%d („%s”, %s)", id,
			lvText("twincities.kind."+string(e.Kind)), e.HappenedOn.Format("02.01.2006."))
		ae.Details = map[string]any{"log_id": id, "field": e.Field, "result": e.Result, "link_url": e.LinkURL}
		return audit.Record(ctx, tx, ae)
	})
	return id, err
}

// LogByKey finds the line a form already added.
func (s *Store) LogByKey(ctx context.Context, key string) (LogEntry, error) {
	var id int64
	if err := s.pool.QueryRow(ctx, `select id from twin_log where idempotency_key = $1`, key).Scan(&id); err != nil {
		return LogEntry{}, db.NotFound(err, "twin log by key")
	}
	return s.LogEntry(ctx, id)
}

// UpdateLog saves a line of the log (e.ID, e.Version as the form was drawn).
func (s *Store) UpdateLog(ctx context.Context, e LogEntry) error {
	if err := checkLog(e); err != nil {
		return err
	}
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		var agreementID int64
		if err := tx.QueryRow(ctx, `select agreement_id from twin_log where id = $1`, e.ID).Scan(&agreementID); err != nil {
			return db.NotFound(err, "twin log entry")
		}
		e.AgreementID = agreementID
		if err := dayOf(ctx, tx, e); err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, `
			update twin_log set kind = $3, happened_on = $4, field = $5, participants = $6, result = $7,
				link_url = $8, day_id = $9, updated_at = $10, version = version + 1
			where id = $1 and version = $2`,
			e.ID, e.Version, e.Kind, e.HappenedOn, e.Field, e.Participants, e.Result, e.LinkURL, e.DayID, s.now())
		if err := db.Versioned(tag, err); err != nil {
			if errors.Is(err, errs.Conflict) {
				return errs.FieldConflict("result", "errors.conflict")
			}
			return err
		}
		ae := entry(agreementID, "log_update", "labots sadarbības žurnāla ieraksts #%d", e.ID)
		ae.Details = map[string]any{"log_id": e.ID, "kind": e.Kind, "field": e.Field, "result": e.Result, "link_url": e.LinkURL}
		return audit.Record(ctx, tx, ae)
	})
}

// DeleteLog removes a line of the log at its version.
func (s *Store) DeleteLog(ctx context.Context, id int64, version int) (agreementID int64, err error) {
	err = db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `delete from twin_log where id = $1 and version = $2 returning agreement_id`, id, version).Scan(&agreementID)
		if errors.Is(err, pgx.ErrNoRows) {
			return goneOrStale(ctx, tx, `select true from twin_log where id = $1`, id)
		}
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, entry(agreementID, "log_delete", "dzēsts sadarbības žurnāla ieraksts #%d", id))
	})
	return agreementID, err
}

// Days are the agreement's yearly days, by date.
func (s *Store) Days(ctx context.Context, agreementID int64) ([]Day, error) {
	return collectDays(s.pool.Query(ctx, `select id, agreement_id, month, day, occasion, version from twin_days
		where agreement_id = $1 order by month, day`, agreementID))
}

func collectDays(rows pgx.Rows, err error) ([]Day, error) {
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (Day, error) {
		var d Day
		err := row.Scan(&d.ID, &d.AgreementID, &d.Month, &d.Day, &d.Occasion, &d.Version)
		return d, err
	})
}

// AddDay adds a yearly day to the agreement.
func (s *Store) AddDay(ctx context.Context, d Day) (int64, error) {
	if !ValidDay(d.Month, d.Day) {
		return 0, errs.Field("day", "twincities.days.err_date")
	}
	var id int64
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `insert into twin_days (agreement_id, month, day, occasion, created_at, updated_at, created_by)
			values ($1, $2, $3, $4, $5, $5, $6) returning id`, d.AgreementID, d.Month, d.Day, d.Occasion, s.now(), audit.ActorID(ctx)).Scan(&id)
		switch {
		case db.IsUnique(err, "twin_days_agreement_id_month_day_key"):
			return errs.Field("day", "twincities.days.err_taken")
		case db.IsForeignKey(err, ""):
			return errs.NotFound
		case err != nil:
			return err
		}
		ae := entry(d.AgreementID, "day_add", "pievienota ikgadēja diena #%d (%02d.%02d.)", id, d.Day, d.Month)
		ae.Details = map[string]any{"occasion": d.Occasion}
		return audit.Record(ctx, tx, ae)
	})
	return id, err
}

// DeleteDay removes a yearly day at its version; greetings logged for it
// stay, no longer naming it.
func (s *Store) DeleteDay(ctx context.Context, id int64, version int) (agreementID int64, err error) {
	err = db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `delete from twin_days where id = $1 and version = $2 returning agreement_id`, id, version).Scan(&agreementID)
		if errors.Is(err, pgx.ErrNoRows) {
			return goneOrStale(ctx, tx, `select true from twin_days where id = $1`, id)
		}
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, entry(agreementID, "day_delete", "dzēsta ikgadēja diena #%d", id))
	})
	return agreementID, err
}

// GreetingsPlan is the year's plan of greetings on the partner cities'
// days, for the agreements in force (active or dormant).
func (s *Store) GreetingsPlan(ctx context.Context, year int) ([]PlannedGreeting, error) {
	var b pgx.Batch
	cities := map[int64]string{}
	var days []Day
	var greetings []LogEntry
	b.Queue(`select id, city from twin_agreements where status in ('active', 'dormant')`).Query(func(rows pgx.Rows) error {
		var id int64
		var city string
		_, err := pgx.ForEachRow(rows, []any{&id, &city}, func() error { cities[id] = city; return nil })
		return err
	})
	b.Queue(`select d.id, d.agreement_id, d.month, d.day, d.occasion, d.version from twin_days d
		join twin_agreements a on a.id = d.agreement_id where a.status in ('active', 'dormant')`).Query(func(rows pgx.Rows) error {
		var err error
		days, err = collectDays(rows, nil)
		return err
	})
	from := time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC).Add(-GreetingLead)
	to := time.Date(year, 12, 31, 0, 0, 0, 0, time.UTC).AddDate(0, 0, 7)
	b.Queue(`select `+logColumns+` from twin_log l join twin_agreements a on a.id = l.agreement_id
		where l.kind = 'greeting' and l.happened_on between $1 and $2 order by l.happened_on, l.id`, from, to).Query(func(rows pgx.Rows) error {
		var err error
		greetings, err = collectLog(rows, nil)
		return err
	})
	if err := s.pool.SendBatch(ctx, &b).Close(); err != nil {
		return nil, err
	}
	return PlanGreetings(year, days, cities, greetings), nil
}

// AllDays are every agreement's yearly days.
func (s *Store) AllDays(ctx context.Context) ([]Day, error) {
	return collectDays(s.pool.Query(ctx, `select id, agreement_id, month, day, occasion, version from twin_days order by month, day, id`))
}

// goneOrStale is why a delete at a version found no row: the record is
// gone (not found), or it changed since the form was drawn (a conflict).
func goneOrStale(ctx context.Context, tx pgx.Tx, exists string, id int64) error {
	var ok bool
	err := tx.QueryRow(ctx, exists, id).Scan(&ok)
	if errors.Is(err, pgx.ErrNoRows) {
		return errs.NotFound
	}
	if err != nil {
		return err
	}
	return errs.Conflict
}
