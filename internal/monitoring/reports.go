package monitoring

import (
	"bytes"
	"context"
	"net/http"

	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/web"
	"github.com/daugavpils/prdesk/templates/components"
)

// reportRoutes are the trends, the weekly and monthly reports and their
// settings. Everyone who reads the clippings reads the trends and the
// reports and downloads them; the department makes reports and writes
// their summaries (monitoring.edit); the head chooses who gets them and
// when an alert goes out (monitoring.manage).
func (h *Handler) reportRoutes(m *auth.Mux) {
	m.Get("/monitoring/trends", auth.AreaMonitoring, h.trends)
	m.Get("/monitoring/reports", auth.AreaMonitoring, h.reports)
	m.Post("/monitoring/reports", auth.MonitoringEdit, h.generateReport)
	m.Get("/monitoring/reports/settings", auth.MonitoringManage, h.settingsPage)
	m.Post("/monitoring/reports/settings", auth.MonitoringManage, h.saveSettings)
	m.Post("/monitoring/reports/recipients", auth.MonitoringManage, h.addRecipient)
	m.Post("/monitoring/reports/recipients/{id}/remove", auth.MonitoringManage, h.removeRecipient)
	m.Get("/monitoring/reports/{id}", auth.AreaMonitoring, h.reportPage)
	m.Post("/monitoring/reports/{id}", auth.MonitoringEdit, h.saveSummary)
	m.Post("/monitoring/reports/{id}/send", auth.MonitoringManage, h.sendReport)
	m.Get("/monitoring/reports/{id}.pdf", auth.AreaMonitoring, h.reportPDF)
	m.Get("/monitoring/reports/{id}.xlsx", auth.AreaMonitoring, h.reportXLSX)
}

// reportsView is the list of reports and the form that makes one.
type reportsView struct {
	Reports []MediaReport
	Kind    string
	Errors  form.Errors
	// LastWeek and LastMonth are the periods a new report would be of.
	LastWeek, LastMonth Period
}

func (h *Handler) renderReports(w http.ResponseWriter, r *http.Request, status int, v reportsView) {
	var err error
	if v.Reports, err = h.store.Reports(r.Context()); err != nil {
		web.Error(w, r, err)
		return
	}
	now := h.now()
	v.LastWeek, v.LastMonth = Weekly.Last(now), Monthly.Last(now)
	web.Render(w, r, status, reportsPage(v))
}

func (h *Handler) reports(w http.ResponseWriter, r *http.Request) {
	h.renderReports(w, r, http.StatusOK, reportsView{})
}

// generateReport makes the report of last week or last month, or goes to
// the one made before.
func (h *Handler) generateReport(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f.Messages("monitoring.generate")
	kind := form.Enum(f, "kind", true, ReportKinds)
	if !f.Errors.Any() {
		id, made, err := h.store.CreateReport(ctx, kind, kind.Last(h.now()))
		if err == nil {
			msg := "monitoring.generate.made"
			if !made {
				msg = "monitoring.generate.already"
			}
			web.RedirectWithFlash(w, r, h.sessions, reportURL(id), i18n.T(ctx, msg))
			return
		}
		if _, ok := f.Refused(err); !ok {
			web.Error(w, r, err)
			return
		}
	}
	h.renderReports(w, r, http.StatusUnprocessableEntity, reportsView{Kind: f.Raw("kind"), Errors: f.Errors})
}

// reportView is a report's page: its figures against the period before.
type reportView struct {
	R MediaReport
	ReportContent
	// Summary is the summary as typed, Version its version, Errors the
	// form's refusals.
	Summary string
	Version int
	Errors  form.Errors
	// Timeline is the report's history (the page's, not the PDF's).
	Timeline []components.TimelineLine
}

// MaxNegativeShown is how many negative clippings a report lists.
const MaxNegativeShown = 50

// TopReadShown is how many of the most read clippings a report lists.
const TopReadShown = 10

// reportData reads what a report shows.
func (h *Handler) reportData(ctx context.Context, id int64) (reportView, error) {
	var v reportView
	var err error
	if v.R, err = h.store.Report(ctx, id); err != nil {
		return v, err
	}
	v.Summary, v.Version = v.R.Summary, v.R.Version
	v.ReportContent, err = h.store.ReportContent(ctx, v.R)
	return v, err
}

func (h *Handler) reportPage(w http.ResponseWriter, r *http.Request) {
	id, err := web.PathID(r, "id")
	if err != nil {
		web.Error(w, r, err)
		return
	}
	v, err := h.reportData(r.Context(), id)
	if err == nil {
		v.Timeline, err = h.reportTimeline(r.Context(), id)
	}
	if err != nil {
		web.Error(w, r, err)
		return
	}
	web.Render(w, r, http.StatusOK, reportPage(v))
}

// reportTimeline is the report's history in the viewer's words.
func (h *Handler) reportTimeline(ctx context.Context, id int64) ([]components.TimelineLine, error) {
	lines, err := h.store.Timeline(ctx, "monitoring_report", id)
	out := make([]components.TimelineLine, len(lines))
	for i, l := range lines {
		action := l.Action
		if k := "monitoring.report.action." + l.Action; i18n.Has(ctx, k) {
			action = i18n.T(ctx, k)
		}
		out[i] = components.TimelineLine{At: l.At, Actor: l.Actor, Action: action, Summary: l.Summary}
	}
	return out, err
}

// saveSummary saves the report's summary; a stale form is refused.
func (h *Handler) saveSummary(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := web.PathID(r, "id")
	if err == nil {
		_, err = h.store.Report(ctx, id)
	}
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f.Messages("monitoring.report")
	summary := f.Text("summary", true, MaxReportSummary)
	status, done := web.SaveEdit(w, r, h.sessions, f, reportURL(id), "monitoring.report.saved", func() error {
		return h.store.SaveReportSummary(ctx, id, f.Version(), summary)
	})
	if done {
		return
	}
	v, err := h.reportData(ctx, id)
	if err == nil {
		v.Timeline, err = h.reportTimeline(ctx, id)
	}
	if err != nil {
		web.Error(w, r, err)
		return
	}
	v.Summary, v.Errors = summary, f.Errors
	if status != http.StatusConflict {
		v.Version = f.Version()
	}
	web.Render(w, r, status, reportPage(v))
}

// sendReport mails the report now, as the schedule would.
func (h *Handler) sendReport(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := web.PathID(r, "id")
	if err == nil {
		_, err = h.store.Report(ctx, id)
	}
	if err != nil {
		web.Error(w, r, err)
		return
	}
	n, err := h.store.SendReport(ctx, h.jobs, id)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	msg := i18n.T(ctx, "monitoring.report.sent_now", i18n.Number(int64(n)))
	if n == 0 {
		msg = i18n.T(ctx, "monitoring.report.not_sent")
	}
	web.RedirectWithFlash(w, r, h.sessions, reportURL(id), msg)
}

// reportPDF is the report as a PDF with its charts and tables, audited.
func (h *Handler) reportPDF(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := web.PathID(r, "id")
	if err != nil {
		web.Error(w, r, err)
		return
	}
	v, err := h.reportData(ctx, id)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	var buf bytes.Buffer
	if err := writeReportPDF(ctx, &buf, v, h.now()); err != nil {
		web.Error(w, r, err)
		return
	}
	if err := h.store.RecordReportDownload(ctx, id, "PDF"); err != nil {
		web.Error(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `attachment; filename="`+reportFileName(v.R)+`.pdf"`)
	w.Header().Set("Cache-Control", "private, no-store")
	w.Write(buf.Bytes()) //nolint:errcheck // the client went away
}

// reportXLSX is the period's clippings as the list exports them.
func (h *Handler) reportXLSX(w http.ResponseWriter, r *http.Request) {
	id, err := web.PathID(r, "id")
	if err != nil {
		web.Error(w, r, err)
		return
	}
	m, err := h.store.Report(r.Context(), id)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	h.writeExport(w, r, ListQuery{From: m.Period.From, To: m.Period.To, Sort: Oldest}, "xlsx", reportFileName(m))
}

// reportFileName names a report's downloads: "monitorings-nedela-2026-11-23".
func reportFileName(m MediaReport) string {
	kind := "nedela"
	if m.Kind == Monthly {
		kind = "menesis"
	}
	return "monitorings-" + kind + "-" + civil(m.Period.From).Format("2006-01-02")
}

// statusText says whether and when the report was mailed.
func statusText(ctx context.Context, m MediaReport) string {
	if m.Status == Sent && m.SentAt != nil {
		return i18n.T(ctx, "monitoring.report.sent_text", i18n.DateTime(*m.SentAt), i18n.Number(int64(m.Recipients)))
	}
	return i18n.T(ctx, "monitoring.report.draft_text")
}

// figureRow is one line of a comparison: this period, the one before and
// the change.
type figureRow struct {
	Name, Link          string
	Now, Before, Change string
}

// keyFigures are a report's main figures against the period before: the
// clippings in all and by tone, the reach, the negative share.
func keyFigures(ctx context.Context, cur, prev Figures) []figureRow {
	count := func(name string, a, b int64) figureRow {
		return figureRow{Name: name, Now: i18n.Number(a), Before: i18n.Number(b), Change: Change(ctx, a, b)}
	}
	out := []figureRow{count(i18n.T(ctx, "monitoring.report.total"), int64(cur.Total), int64(prev.Total))}
	for _, t := range Tones {
		out = append(out, count(toneName(ctx, t), int64(cur.Tones[t]), int64(prev.Tones[t])))
	}
	out = append(out, count(i18n.T(ctx, "monitoring.report.reach"), cur.Reach, prev.Reach))
	// The share's change is in percentage points.
	diff := (cur.NegativeShare() - prev.NegativeShare()) * 100
	sign := "+"
	if diff < 0 {
		sign, diff = "−", -diff
	}
	change := i18n.T(ctx, "monitoring.report.points", sign+i18n.Decimal(ctx, diff, 1))
	if diff < 0.05 {
		change = "0"
	}
	out = append(out, figureRow{Name: i18n.T(ctx, "monitoring.report.negative_share"),
		Now: i18n.Percent(ctx, cur.NegativeShare()), Before: i18n.Percent(ctx, prev.NegativeShare()), Change: change})
	return out
}

// section is one breakdown of a report: by outlet, media type, topic or
// contact mentioned.
type section struct {
	ID, Title, TitleKey, Column, Param string
	Groups, Before                     []Group
}

func reportSections(ctx context.Context, v reportView) []section {
	return []section{
		{"outlets", i18n.T(ctx, "monitoring.trends.chart_outlets"), "monitoring.trends.chart_outlets",
			i18n.T(ctx, "monitoring.list.col_outlet"), "outlet", v.Cur.Outlets, v.Prev.Outlets},
		{"types", i18n.T(ctx, "monitoring.trends.chart_types"), "monitoring.trends.chart_types",
			i18n.T(ctx, "monitoring.list.col_type"), "media_type", v.Cur.Types, v.Prev.Types},
		{"topics", i18n.T(ctx, "monitoring.trends.chart_topics"), "monitoring.trends.chart_topics",
			i18n.T(ctx, "monitoring.list.col_topics"), "topic", v.Cur.Topics, v.Prev.Topics},
		{"mentions", i18n.T(ctx, "monitoring.trends.chart_mentions"), "monitoring.trends.chart_mentions",
			i18n.T(ctx, "monitoring.trends.col_mentioned"), "mention", v.Cur.Mentions, v.Prev.Mentions},
	}
}

// compareGroups are the first n groups of cur with their counts in the
// period before.
func compareGroups(ctx context.Context, cur, before []Group, n int) []figureRow {
	was := map[string]int{}
	key := func(g Group) string { return g.Key + "\x00" + idText(g.ID) }
	for _, g := range before {
		was[key(g)] = g.Total
	}
	var out []figureRow
	for _, g := range top(cur, n) {
		b := was[key(g)]
		out = append(out, figureRow{Name: groupName(ctx, g), Now: i18n.Number(int64(g.Total)), Before: i18n.Number(int64(b)),
			Change: Change(ctx, int64(g.Total), int64(b))})
	}
	return out
}
