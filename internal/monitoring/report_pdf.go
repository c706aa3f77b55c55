package monitoring

import (
	"context"
	"io"
	"strings"
	"time"
	"unicode"

	"github.com/go-pdf/fpdf"

	"github.com/daugavpils/prdesk/internal/charts"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/pdf"
)

// writeReportPDF prints a report in the language of ctx: its summary, the
// figures against the period before, the charts with their tables, the
// most read clippings and the negative ones with their addresses.
func writeReportPDF(ctx context.Context, out io.Writer, v reportView, now time.Time) error {
	t := func(key string, args ...any) string { return i18n.T(ctx, key, args...) }
	title := t("monitoring.title") + ". " + ReportTitle(ctx, v.R.Kind, v.R.Period)
	doc := pdf.New(ctx, title, now)
	doc.AliasNbPages("")
	doc.SetFooterFunc(func() {
		doc.SetY(-14)
		doc.SetFont(pdf.Font, "", 8)
		doc.SetTextColor(80, 90, 95)
		doc.CellFormat(0, 5, t("monitoring.pdf.page", doc.PageNo()), "", 0, "R", false, 0, "")
		doc.SetTextColor(0, 0, 0)
	})
	d := reportDoc{doc: doc}
	doc.AddPage()
	doc.SetFont(pdf.Font, "B", 12)
	doc.MultiCell(0, 6, t("app.municipality"), "", "L", false)
	doc.SetFont(pdf.Font, "", 10)
	doc.MultiCell(0, 5, t("app.department"), "", "L", false)
	doc.Ln(6)
	d.heading(t("monitoring.title"), 16)
	d.heading(ReportTitle(ctx, v.R.Kind, v.R.Period), 13)
	d.para(t("monitoring.pdf.made", i18n.DateTime(now)) + " " + statusText(ctx, v.R))

	d.subheading(t("monitoring.report.summary"))
	if s := strings.TrimSpace(v.R.Summary); s != "" {
		d.para(s)
	} else {
		d.para(t("monitoring.report.no_summary"))
	}

	d.subheading(t("monitoring.report.figures"))
	d.para(t("monitoring.report.compared", v.Prev.Period.Dates()))
	head := []string{t("monitoring.report.col_figure"), t("monitoring.report.col_now"), t("monitoring.report.col_before"),
		t("monitoring.report.col_change")}
	widths := []float64{65, 30, 30, 40}
	var rows [][]string
	for _, f := range keyFigures(ctx, v.Cur, v.Prev) {
		rows = append(rows, []string{f.Name, f.Now, f.Before, f.Change})
	}
	d.table(head, widths, []string{"L", "R", "R", "R"}, rows)

	d.chart(ctx, trendChart(ctx, "trend", v.Cur, ByDay), 70)

	for _, s := range reportSections(ctx, v) {
		d.subheading(s.Title)
		if len(s.Groups) == 0 {
			d.para(t("monitoring.trends.no_data"))
			continue
		}
		// The section's heading names the chart.
		d.chart(ctx, onPage(groupChart(ctx, s.ID, s.TitleKey, s.Groups)), 14+6*float64(min(len(s.Groups), MaxChartRows)))
		rows = nil
		for _, c := range compareGroups(ctx, s.Groups, s.Before, MaxChartRows) {
			rows = append(rows, []string{c.Name, c.Now, c.Before, c.Change})
		}
		d.table([]string{s.Column, head[1], head[2], head[3]}, widths, []string{"L", "R", "R", "R"}, rows)
	}

	d.subheading(t("monitoring.report.top_read"))
	if len(v.TopRead) == 0 {
		d.para(t("monitoring.report.top_read_none"))
	} else {
		rows = nil
		for _, c := range v.TopRead {
			reach := ""
			if c.Reach != nil {
				reach = i18n.Number(int64(*c.Reach))
			}
			rows = append(rows, []string{i18n.Date(c.PublishedAt), v.Names[c.OutletID], c.Title, toneName(ctx, c.Tone), reach})
		}
		d.table([]string{t("monitoring.list.col_published"), t("monitoring.list.col_outlet"), t("monitoring.list.col_title"),
			t("monitoring.list.col_tone"), t("monitoring.list.col_reach")}, []float64{22, 33, 65, 22, 23},
			[]string{"L", "L", "L", "L", "R"}, rows)
	}

	d.subheading(t("monitoring.report.negative"))
	if len(v.Negative) == 0 {
		d.para(t("monitoring.report.negative_none"))
	} else {
		rows = nil
		for _, c := range v.Negative {
			title := c.Title
			if c.URL != "" {
				title += "\n" + c.URL
			}
			rows = append(rows, []string{i18n.Date(c.PublishedAt), v.Names[c.OutletID], title})
		}
		d.table([]string{t("monitoring.list.col_published"), t("monitoring.list.col_outlet"), t("monitoring.list.col_title")},
			[]float64{22, 38, 105}, []string{"L", "L", "L"}, rows)
		if v.MoreNegative {
			d.para(t("monitoring.report.negative_more", MaxNegativeShown))
		}
	}
	if err := doc.Error(); err != nil {
		return err
	}
	return pdf.Output(doc, out)
}

// reportDoc draws headings, paragraphs, charts and tables that run over
// pages.
type reportDoc struct{ doc *fpdf.Fpdf }

const pdfLine = 5.0

// room starts a new page unless h millimetres are left on this one.
func (d reportDoc) room(h float64) {
	_, pageH := d.doc.GetPageSize()
	_, _, _, bottom := d.doc.GetMargins()
	if d.doc.GetY()+h > pageH-bottom {
		d.doc.AddPage()
	}
}

func (d reportDoc) heading(s string, size float64) {
	d.doc.SetFont(pdf.Font, "B", size)
	d.doc.MultiCell(0, size*0.5, pdfText(s), "", "L", false)
	d.doc.Ln(1.5)
}

// subheading is a section's heading, kept with what follows it.
func (d reportDoc) subheading(s string) {
	d.room(40)
	d.doc.Ln(3)
	d.heading(s, 11.5)
}

func (d reportDoc) para(s string) {
	d.doc.SetFont(pdf.Font, "", 10)
	d.doc.MultiCell(0, pdfLine, pdfText(s), "", "L", false)
	d.doc.Ln(1.5)
}

// chart draws c across the page, h millimetres high.
func (d reportDoc) chart(ctx context.Context, c charts.Chart, h float64) {
	cats := make([]string, len(c.Categories))
	for i, s := range c.Categories {
		cats[i] = pdfText(s)
	}
	c.Categories = cats
	d.room(h + 2)
	left, _, right, _ := d.doc.GetMargins()
	pageW, _ := d.doc.GetPageSize()
	charts.DrawPDF(ctx, d.doc, c, left, d.doc.GetY(), pageW-left-right, h)
	d.doc.Ln(3)
}

// table draws a table with a header row, repeated on each page it runs
// over, its cells wrapped in their columns.
func (d reportDoc) table(head []string, widths []float64, align []string, rows [][]string) {
	doc := d.doc
	left, _, _, _ := doc.GetMargins()
	const size, pad = 8.5, 1.2
	lineH := 4.2
	cellLines := func(s string, w float64) []string {
		var out []string
		for _, para := range strings.Split(pdfText(s), "\n") {
			out = append(out, wrap(doc, para, w-2*pad)...)
		}
		return out
	}
	var drawRow func(cells []string, bold bool)
	drawRow = func(cells []string, bold bool) {
		style := ""
		if bold {
			style = "B"
		}
		doc.SetFont(pdf.Font, style, size)
		lines := make([][]string, len(cells))
		n := 1
		for i, c := range cells {
			lines[i] = cellLines(c, widths[i])
			n = max(n, len(lines[i]))
		}
		h := float64(n)*lineH + 2*pad
		page := doc.PageNo()
		d.room(h)
		if !bold && doc.PageNo() != page {
			// The table goes on over a new page: its header again.
			drawRow(head, true)
			doc.SetFont(pdf.Font, style, size)
		}
		y := doc.GetY()
		x := left
		if bold {
			doc.SetFillColor(238, 240, 241)
			var total float64
			for _, w := range widths {
				total += w
			}
			doc.Rect(left, y, total, h, "F")
		}
		for i := range cells {
			for j, l := range lines[i] {
				doc.SetXY(x+pad, y+pad+float64(j)*lineH)
				doc.CellFormat(widths[i]-2*pad, lineH, l, "", 0, align[i], false, 0, "")
			}
			x += widths[i]
		}
		doc.SetDrawColor(211, 214, 216)
		doc.SetLineWidth(0.2)
		doc.Line(left, y+h, x, y+h)
		doc.SetXY(left, y+h)
	}
	d.room(4 * (lineH + 2*pad))
	drawRow(head, true)
	for _, r := range rows {
		drawRow(r, false)
	}
	doc.Ln(3)
}

// wrap breaks s into lines at most w wide in the current font, between
// words, and inside a word longer than a line (an address).
func wrap(doc *fpdf.Fpdf, s string, w float64) []string {
	if s == "" {
		return []string{""}
	}
	var out []string
	line := ""
	for _, word := range strings.Fields(s) {
		try := word
		if line != "" {
			try = line + " " + word
		}
		if doc.GetStringWidth(try) <= w {
			line = try
			continue
		}
		if line != "" {
			out = append(out, line)
			line = ""
		}
		for doc.GetStringWidth(word) > w {
			r := []rune(word)
			n := len(r)
			for n > 1 && doc.GetStringWidth(string(r[:n])) > w {
				n--
			}
			out = append(out, string(r[:n]))
			word = string(r[n:])
		}
		line = word
	}
	return append(out, line)
}

// pdfText is s as the PDF's fonts print it: a character beyond the fonts'
// plane (an emoji) is a question mark, a control character a space, and
// the minus sign, which the fonts lack, a hyphen.
func pdfText(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '−':
			return '-'
		case r > 0xFFFF:
			return '?'
		case r == '\n':
			return r
		case unicode.IsControl(r):
			return ' '
		}
		return r
	}, strings.ToValidUTF8(s, "?"))
}
