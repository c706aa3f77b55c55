package monitoring

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
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

// ReportContent is what a report shows besides its summary: the period's
// figures and the period before's, the most-read and the negative
// clippings, and the names of their outlets.
type ReportContent struct {
	Cur, Prev Figures
	TopRead   []Clipping
	// Negative are the period's negative clippings (at most
	// MaxNegativeShown); MoreNegative tells that there are more.
	Negative     []Clipping
	MoreNegative bool
	Names        map[int64]string
	// Frozen tells that the content is as it was when the report was
	// mailed, not as the clippings are now.
	Frozen bool `json:"-"`
}

// ReportContent is m's content: as it was mailed when m was sent (and the
// content was kept then), otherwise read now.
func (s *Store) ReportContent(ctx context.Context, m MediaReport) (ReportContent, error) {
	if m.Status == Sent {
		var raw []byte
		if err := s.pool.QueryRow(ctx, `select content from monitoring_reports where id = $1`, m.ID).Scan(&raw); err != nil {
			return ReportContent{}, db.NotFound(err, "monitoring report")
		}
		if raw != nil {
			var c ReportContent
			if err := json.Unmarshal(raw, &c); err != nil {
				return c, fmt.Errorf("monitoring report %d's content: %w", m.ID, err)
			}
			c.Frozen = true
			return c, nil
		}
	}
	return s.liveReportContent(ctx, m)
}

// liveReportContent reads m's content from the clippings as they are now.
func (s *Store) liveReportContent(ctx context.Context, m MediaReport) (ReportContent, error) {
	var c ReportContent
	var err error
	if c.Cur, err = s.Figures(ctx, ListQuery{}, m.Period, ByDay); err != nil {
		return c, err
	}
	if c.Prev, err = s.Figures(ctx, ListQuery{}, m.Kind.Before(m.Period), ByDay); err != nil {
		return c, err
	}
	if c.TopRead, err = s.TopRead(ctx, m.Period, TopReadShown); err != nil {
		return c, err
	}
	if c.Negative, err = s.NegativeIn(ctx, m.Period, MaxNegativeShown+1); err != nil {
		return c, err
	}
	if len(c.Negative) > MaxNegativeShown {
		c.Negative, c.MoreNegative = c.Negative[:MaxNegativeShown], true
	}
	var ids []int64
	for _, cl := range append(slices.Clone(c.TopRead), c.Negative...) {
		ids = append(ids, cl.OutletID)
	}
	briefs, err := s.Names(ctx, ids)
	c.Names = map[int64]string{}
	for id, b := range briefs {
		c.Names[id] = b.Name
	}
	return c, err
}

// frozen is c as a sent report keeps it: the clippings without their
// texts, which a report does not show.
func (c ReportContent) frozen() ([]byte, error) {
	for _, list := range [][]Clipping{c.TopRead, c.Negative} {
		for i := range list {
			list[i].Body = ""
		}
	}
	return json.Marshal(c)
}
