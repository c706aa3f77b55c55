package monitoring

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/audit"
	"github.com/daugavpils/prdesk/internal/db"
	"github.com/daugavpils/prdesk/internal/errs"
	"github.com/daugavpils/prdesk/internal/i18n"
)

func reportEntry(id int64, action, format string, args ...any) audit.Entry {
	return audit.Entry{Entity: "monitoring_report", EntityID: id, Action: action,
		Summary: fmt.Sprintf("Pārskats Nr. %d: ", id) + fmt.Sprintf(format, args...)}
}

const reportColumns = `r.id, r.kind, r.period_start, r.period_end, r.summary, r.status, r.sent_at, r.recipients, r.version,
	r.created_at, coalesce((select u.full_name from users u where u.id = r.created_by), '')`

func scanReport(row pgx.Row) (MediaReport, error) {
	var m MediaReport
	var start, end time.Time
	err := row.Scan(&m.ID, &m.Kind, &start, &end, &m.Summary, &m.Status, &m.SentAt, &m.Recipients, &m.Version,
		&m.CreatedAt, &m.CreatedBy)
	m.Period = Period{From: fromCivil(start), To: fromCivil(end).AddDate(0, 0, 1)}
	return m, err
}

// ReportListLimit is how many reports the list shows: two years of weeks
// and months.
const ReportListLimit = 130

// Reports are the reports, the latest to end first (a month before its
// last week), at most ReportListLimit.
func (s *Store) Reports(ctx context.Context) ([]MediaReport, error) {
	rows, _ := s.pool.Query(ctx, `select `+reportColumns+` from monitoring_reports r
		order by r.period_end desc, r.kind, r.id desc limit $1`, ReportListLimit)
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (MediaReport, error) { return scanReport(row) })
}

// Report reads one report.
func (s *Store) Report(ctx context.Context, id int64) (MediaReport, error) {
	m, err := scanReport(s.pool.QueryRow(ctx, `select `+reportColumns+` from monitoring_reports r where r.id = $1`, id))
	return m, db.NotFound(err, "monitoring report")
}

// CreateReport makes the report of kind for period p unless it exists,
// and returns its id and whether it was made now: pressing the button
// twice, or the button and the schedule together, make one.
func (s *Store) CreateReport(ctx context.Context, kind ReportKind, p Period) (int64, bool, error) {
	if kind.PeriodOf(p.From) != p {
		return 0, false, errs.Field("kind", "monitoring.generate.kind_invalid")
	}
	var id int64
	made := false
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		now := s.now()
		err := tx.QueryRow(ctx, `insert into monitoring_reports (kind, period_start, period_end, created_at, updated_at, created_by)
			values ($1, $2, $3, $4, $4, $5) on conflict (kind, period_start) do nothing returning id`,
			kind, civil(p.From), civil(p.LastDay()), now, audit.ActorID(ctx)).Scan(&id)
		if errors.Is(err, pgx.ErrNoRows) {
			return tx.QueryRow(ctx, `select id from monitoring_reports where kind = $1 and period_start = $2`,
				kind, civil(p.From)).Scan(&id)
		}
		if err != nil {
			return err
		}
		made = true
		what := "nedēļas"
		if kind == Monthly {
			what = "mēneša"
		}
		return audit.Record(ctx, tx, reportEntry(id, "create", "izveidots %s pārskats par %s–%s", what, i18n.Date(p.From), i18n.Date(p.LastDay())))
	})
	return id, made, err
}

// SaveReportSummary sets the report's summary (id and version as drawn).
func (s *Store) SaveReportSummary(ctx context.Context, id int64, version int, summary string) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		var old string
		var v int
		err := tx.QueryRow(ctx, `select summary, version from monitoring_reports where id = $1 for update`, id).Scan(&old, &v)
		if err != nil {
			return db.NotFound(err, "monitoring report")
		}
		if v != version {
			return errs.FieldConflict("summary", "errors.conflict")
		}
		if _, err := tx.Exec(ctx, `update monitoring_reports set summary = $2, updated_at = $3, version = version + 1 where id = $1`,
			id, summary, s.now()); err != nil {
			return err
		}
		e := reportEntry(id, "update", "kopsavilkums labots (%d → %d rakstzīmes)", len([]rune(old)), len([]rune(summary)))
		return audit.Record(ctx, tx, e)
	})
}

// RecordReportDownload writes to the audit log that the report was
// downloaded as format (pdf).
func (s *Store) RecordReportDownload(ctx context.Context, id int64, format string) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		return audit.Record(ctx, tx, reportEntry(id, "export", "lejupielādēts (%s)", format))
	})
}
