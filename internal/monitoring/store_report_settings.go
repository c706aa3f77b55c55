package monitoring

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/audit"
	"github.com/daugavpils/prdesk/internal/db"
	"github.com/daugavpils/prdesk/internal/errs"
)

// ReportSettings are which reports go out on their own, and when a jump
// in coverage alerts the head.
type ReportSettings struct {
	Weekly, Monthly bool
	SpikeAlerts     bool
	SpikeMultiple   float64 // 1,1 to 20, one decimal
	SpikeMinimum    int
	Version         int
	UpdatedAt       *time.Time
	UpdatedBy       string
}

// The limits of the spike alert's settings, the same as the database's.
const (
	MinSpikeMultiple = 1.1
	MaxSpikeMultiple = 20.0
	MaxSpikeMinimum  = 10000
)

// Recipient is one whom the reports are mailed to: an account (its name
// and address as the account has them), or a name and address.
type Recipient struct {
	ID     int64
	UserID *int64
	Name   string
	Email  string
	// Active: the account is active and has an address (always, for an
	// address typed in); the mail goes to the active ones.
	Active bool
}

// Account is an account a recipient may be.
type Account struct {
	ID    int64
	Name  string
	Email string
}

func settingsEntry(action, format string, args ...any) audit.Entry {
	return audit.Entry{Entity: "monitoring_settings", EntityID: "monitoring_reports", Action: action, Summary: fmt.Sprintf(format, args...)}
}

func scanSettings(row pgx.Row) (ReportSettings, error) {
	var st ReportSettings
	err := row.Scan(&st.Weekly, &st.Monthly, &st.SpikeAlerts, &st.SpikeMultiple, &st.SpikeMinimum, &st.Version, &st.UpdatedAt, &st.UpdatedBy)
	return st, err
}

const settingsColumns = `s.weekly, s.monthly, s.spike_alerts, s.spike_multiple::float8, s.spike_minimum, s.version, s.updated_at,
	coalesce((select u.full_name from users u where u.id = s.updated_by), '')`

// ReportSettings reads the settings.
func (s *Store) ReportSettings(ctx context.Context) (ReportSettings, error) {
	return scanSettings(s.pool.QueryRow(ctx, `select `+settingsColumns+` from monitoring_report_settings s`))
}

// SaveReportSettings saves st over the settings (st.Version as drawn).
func (s *Store) SaveReportSettings(ctx context.Context, st ReportSettings) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		old, err := scanSettings(tx.QueryRow(ctx, `select `+settingsColumns+` from monitoring_report_settings s for update`))
		if err != nil {
			return err
		}
		if old.Version != st.Version {
			return errs.FieldConflict("weekly", "errors.conflict")
		}
		if _, err := tx.Exec(ctx, `update monitoring_report_settings set weekly = $1, monthly = $2, spike_alerts = $3,
				spike_multiple = round($4::numeric, 1), spike_minimum = $5, updated_at = $6, updated_by = $7, version = version + 1`,
			st.Weekly, st.Monthly, st.SpikeAlerts, st.SpikeMultiple, st.SpikeMinimum, s.now(), audit.ActorID(ctx)); err != nil {
			return err
		}
		e := settingsEntry("update", "Pārskatu un brīdinājumu iestatījumi mainīti")
		e.Details = audit.Diff([][3]any{{"weekly", old.Weekly, st.Weekly}, {"monthly", old.Monthly, st.Monthly},
			{"spike_alerts", old.SpikeAlerts, st.SpikeAlerts}, {"spike_multiple", old.SpikeMultiple, st.SpikeMultiple},
			{"spike_minimum", old.SpikeMinimum, st.SpikeMinimum}})
		return audit.Record(ctx, tx, e)
	})
}

// Recipients are whom the reports go to, by name.
func (s *Store) Recipients(ctx context.Context) ([]Recipient, error) {
	return recipients(ctx, s.pool)
}

func recipients(ctx context.Context, q db.Querier) ([]Recipient, error) {
	rows, err := q.Query(ctx, `select r.id, r.user_id, coalesce(u.full_name, r.name), coalesce(u.email, r.email),
			coalesce(u.active and u.email <> '', true)
		from monitoring_report_recipients r left join users u on u.id = r.user_id
		order by coalesce(u.full_name, r.name) collate "lv-x-icu", r.id`)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (Recipient, error) {
		var r Recipient
		err := row.Scan(&r.ID, &r.UserID, &r.Name, &r.Email, &r.Active)
		return r, err
	})
}

// RecipientAccounts are the active accounts with an address, by name:
// those a recipient may be picked from.
func (s *Store) RecipientAccounts(ctx context.Context) ([]Account, error) {
	rows, _ := s.pool.Query(ctx, `select id, full_name, email from users where active and email <> ''
		order by full_name collate "lv-x-icu", id`)
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (Account, error) {
		var a Account
		err := row.Scan(&a.ID, &a.Name, &a.Email)
		return a, err
	})
}

// AddRecipient adds an account (r.UserID) or a name and address as a
// recipient; one already there is refused beside its field.
func (s *Store) AddRecipient(ctx context.Context, r Recipient) (int64, error) {
	var id int64
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		field := "email"
		if r.UserID != nil {
			field = "user_id"
			var ok bool
			if err := tx.QueryRow(ctx, `select exists(select 1 from users where id = $1 and active and email <> '')`,
				*r.UserID).Scan(&ok); err != nil {
				return err
			}
			if !ok {
				return errs.Field("user_id", "monitoring.recipient.user_id_invalid")
			}
			r.Name, r.Email = "", ""
		}
		err := tx.QueryRow(ctx, `insert into monitoring_report_recipients (user_id, name, email, created_at, created_by)
			values ($1, $2, $3, $4, $5) returning id`, r.UserID, r.Name, strings.TrimSpace(r.Email), s.now(), audit.ActorID(ctx)).Scan(&id)
		if db.IsUnique(err, "monitoring_report_recipients_user_key") || db.IsUnique(err, "monitoring_report_recipients_email_key") {
			return errs.FieldConflict(field, "monitoring.recipient.taken")
		}
		if err != nil {
			return err
		}
		e := settingsEntry("recipient_add", "Pārskatu saņēmējs Nr. %d pievienots", id)
		e.Details = map[string]any{"user_id": ptr(r.UserID), "name": r.Name, "email": r.Email}
		return audit.Record(ctx, tx, e)
	})
	return id, err
}

// RemoveRecipient takes a recipient off.
func (s *Store) RemoveRecipient(ctx context.Context, id int64) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		var name, email string
		var user *int64
		err := tx.QueryRow(ctx, `delete from monitoring_report_recipients where id = $1 returning user_id, name, email`, id).
			Scan(&user, &name, &email)
		if err != nil {
			return db.NotFound(err, "monitoring report recipient")
		}
		e := settingsEntry("recipient_remove", "Pārskatu saņēmējs Nr. %d noņemts", id)
		e.Details = map[string]any{"user_id": ptr(user), "name": name, "email": email}
		return audit.Record(ctx, tx, e)
	})
}
