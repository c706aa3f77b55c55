package monitoring

import (
	"context"
	"io"
	"strings"
	"time"

	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/pdf"
	"github.com/daugavpils/prdesk/internal/pdfreport"
)

// writeReportPDF prints a report in the language of ctx: its summary, the
// figures against the period before, the charts with their tables, the
// most read clippings and the negative ones with their addresses.
func writeReportPDF(ctx context.Context, out io.Writer, v reportView, now time.Time) error {
	t := func(key string, args ...any) string { return i18n.T(ctx, key, args...) }
	title := t("monitoring.title") + ". " + ReportTitle(ctx, v.R.Kind, v.R.Period)
	doc := pdf.New(ctx, title, now)
	d := pdfreport.Doc{PDF: doc}
	d.PageFooter(func(page int) string { return t("monitoring.pdf.page", page) })
	doc.AddPage()
	doc.SetFont(pdf.Font, "B", 12)
	doc.MultiCell(0, 6, t("app.municipality"), "", "L", false)
	doc.SetFont(pdf.Font, "", 10)
	doc.MultiCell(0, 5, t("app.department"), "", "L", false)
	doc.Ln(6)
	d.Heading(t("monitoring.title"), 16)
	d.Heading(ReportTitle(ctx, v.R.Kind, v.R.Period), 13)
	d.Para(t("monitoring.pdf.made", i18n.DateTime(now)) + " " + statusText(ctx, v.R))

	d.Subheading(t("monitoring.report.summary"))
	if s := strings.TrimSpace(v.R.Summary); s != "" {
		d.Para(s)
	} else {
		d.Para(t("monitoring.report.no_summary"))
	}

	d.Subheading(t("monitoring.report.figures"))
	d.Para(t("monitoring.report.compared", v.Prev.Period.Dates()))
	head := []string{t("monitoring.report.col_figure"), t("monitoring.report.col_now"), t("monitoring.report.col_before"),
		t("monitoring.report.col_change")}
	widths := []float64{65, 30, 30, 40}
	var rows [][]string
	for _, f := range keyFigures(ctx, v.Cur, v.Prev) {
		rows = append(rows, []string{f.Name, f.Now, f.Before, f.Change})
	}
	d.Table(head, widths, []string{"L", "R", "R", "R"}, rows)

	d.Chart(ctx, trendChart(ctx, "trend", v.Cur, ByDay), 70)

	for _, s := range reportSections(ctx, v) {
		d.Subheading(s.Title)
		if len(s.Groups) == 0 {
			d.Para(t("monitoring.trends.no_data"))
			continue
		}
		// The section's heading names the chart.
		d.Chart(ctx, onPage(groupChart(ctx, s.ID, s.TitleKey, s.Groups)), 14+6*float64(min(len(s.Groups), MaxChartRows)))
		rows = nil
		for _, c := range compareGroups(ctx, s.Groups, s.Before, MaxChartRows) {
			rows = append(rows, []string{c.Name, c.Now, c.Before, c.Change})
		}
		d.Table([]string{s.Column, head[1], head[2], head[3]}, widths, []string{"L", "R", "R", "R"}, rows)
	}

	d.Subheading(t("monitoring.report.top_read"))
	if len(v.TopRead) == 0 {
		d.Para(t("monitoring.report.top_read_none"))
	} else {
		rows = nil
		for _, c := range v.TopRead {
			reach := ""
			if c.Reach != nil {
				reach = i18n.Number(int64(*c.Reach))
			}
			rows = append(rows, []string{i18n.Date(c.PublishedAt), v.Names[c.OutletID], c.Title, toneName(ctx, c.Tone), reach})
		}
		d.Table([]string{t("monitoring.list.col_published"), t("monitoring.list.col_outlet"), t("monitoring.list.col_title"),
			t("monitoring.list.col_tone"), t("monitoring.list.col_reach")}, []float64{22, 33, 65, 22, 23},
			[]string{"L", "L", "L", "L", "R"}, rows)
	}

	d.Subheading(t("monitoring.report.negative"))
	if len(v.Negative) == 0 {
		d.Para(t("monitoring.report.negative_none"))
	} else {
		rows = nil
		for _, c := range v.Negative {
			title := c.Title
			if c.URL != "" {
				title += "\n" + c.URL
			}
			rows = append(rows, []string{i18n.Date(c.PublishedAt), v.Names[c.OutletID], title})
		}
		d.Table([]string{t("monitoring.list.col_published"), t("monitoring.list.col_outlet"), t("monitoring.list.col_title")},
			[]float64{22, 38, 105}, []string{"L", "L", "L"}, rows)
		if v.MoreNegative {
			d.Para(t("monitoring.report.negative_more", MaxNegativeShown))
		}
	}
	if err := doc.Error(); err != nil {
		return err
	}
	return pdf.Output(doc, out)
}
