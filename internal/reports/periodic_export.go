package reports

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"time"

	"github.com/daugavpils/prdesk/internal/export"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/mail"
	"github.com/daugavpils/prdesk/internal/pdf"
	"github.com/daugavpils/prdesk/internal/pdfreport"
	"github.com/daugavpils/prdesk/internal/web"
)

// reportPDF is the report as a PDF with its charts, tables and comments,
// audited.
func (h *Handler) reportPDF(w http.ResponseWriter, r *http.Request) {
	h.download(w, r, "PDF", "application/pdf", ".pdf", func(ctx context.Context, out io.Writer, v reportView) error {
		return writeReportPDF(ctx, out, v, h.deps.Now())
	})
}

// submittedPDF is report d's PDF as submitted with content c, in the
// department's language: what /reports/periodic/{id}.pdf gives at that
// moment, attached to the directors' mail.
func submittedPDF(ctx context.Context, d DeptReport, c reportContent) (mail.Attachment, error) {
	ctx = i18n.WithLocale(ctx, "lv")
	made := d.CreatedAt
	if d.SubmittedAt != nil {
		made = *d.SubmittedAt
	}
	var buf bytes.Buffer
	if err := writeReportPDF(ctx, &buf, viewOf(ctx, d, c, nil), made); err != nil {
		return mail.Attachment{}, err
	}
	return mail.Attachment{Name: reportFileName(d) + ".pdf", ContentType: "application/pdf", Content: buf.Bytes()}, nil
}

// reportXLSX is the report's figures as a spreadsheet, audited.
func (h *Handler) reportXLSX(w http.ResponseWriter, r *http.Request) {
	h.download(w, r, "XLSX", export.XLSXType, ".xlsx", func(ctx context.Context, out io.Writer, v reportView) error {
		return writeReportXLSX(ctx, out, v, h.deps.Now())
	})
}

func (h *Handler) download(w http.ResponseWriter, r *http.Request, format, contentType, ext string,
	write func(context.Context, io.Writer, reportView) error) {
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
	if err := write(ctx, &buf, v); err != nil {
		web.Error(w, r, err)
		return
	}
	if err := h.store().RecordDownload(ctx, id, format); err != nil {
		web.Error(w, r, err)
		return
	}
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Disposition", `attachment; filename="`+reportFileName(v.R)+ext+`"`)
	w.Header().Set("Cache-Control", "private, no-store")
	w.Write(buf.Bytes()) //nolint:errcheck // the client went away
}

// statusLine says where the report stands: a draft, or submitted by whom
// and when, and read.
func statusLine(ctx context.Context, d DeptReport) string {
	if d.Status != Submitted || d.SubmittedAt == nil {
		return i18n.T(ctx, "reports.periodic.status_draft")
	}
	s := i18n.T(ctx, "reports.periodic.submitted_by", i18n.M{"who": d.SubmittedBy, "at": i18n.DateTime(*d.SubmittedAt)})
	if d.ReadAt != nil {
		s += " " + i18n.T(ctx, "reports.periodic.read_by", i18n.M{"who": d.ReadBy, "at": i18n.DateTime(*d.ReadAt)})
	}
	return s
}

// itemWhen is a notable item's date or time, and its end or answer.
func itemWhen(it notableItem) string {
	when := func(t time.Time) string {
		if it.AllDay {
			return i18n.Date(rigaMidnight(t))
		}
		return i18n.DateTime(t)
	}
	s := when(it.When)
	if !it.Until.IsZero() && !(it.AllDay && it.Until.Equal(it.When)) {
		if it.AllDay || it.Until.In(i18n.Riga).YearDay() != it.When.In(i18n.Riga).YearDay() {
			s += "–" + when(it.Until)
		} else {
			s += "–" + it.Until.In(i18n.Riga).Format("15:04")
		}
	}
	return s
}

// notableColumns are a group's column headings and its rows' cells.
func notableRows(ctx context.Context, g notableGroup) (head []string, rows [][]string) {
	t := func(key string) string { return i18n.T(ctx, key) }
	switch g.Key {
	case "late":
		head = []string{t("reports.periodic.col_number"), t("reports.periodic.col_due"), t("reports.periodic.col_answered")}
		for _, it := range g.Items {
			answered := t("reports.periodic.not_answered")
			if !it.Pending {
				answered = i18n.Date(rigaMidnight(it.Until))
			}
			rows = append(rows, []string{it.Title, i18n.Date(rigaMidnight(it.When)), answered})
		}
	case "forward_late":
		head = []string{t("reports.periodic.col_number"), t("reports.periodic.col_forward_due"), t("reports.periodic.col_forwarded")}
		for _, it := range g.Items {
			forwarded := "—"
			if !it.Until.IsZero() {
				forwarded = i18n.Date(it.Until)
			}
			rows = append(rows, []string{it.Title, i18n.Date(rigaMidnight(it.When)), forwarded})
		}
	default:
		head = []string{t("reports.periodic.col_title"), t("reports.periodic.col_place_" + g.Key), t("reports.periodic.col_when")}
		for _, it := range g.Items {
			place := it.Place
			if it.Country != "" {
				if place != "" {
					place += ", "
				}
				place += countryName(ctx, it.Country)
			}
			rows = append(rows, []string{it.Title, place, itemWhen(it)})
		}
	}
	return head, rows
}

// writeReportPDF prints a report in the language of ctx: the head's
// words, every area's figures with their charts, the notable items and
// the comments.
func writeReportPDF(ctx context.Context, out io.Writer, v reportView, now time.Time) error {
	t := func(key string, args ...any) string { return i18n.T(ctx, key, args...) }
	title := ReportTitle(ctx, v.R.Kind, v.R.Period)
	doc := pdf.New(ctx, t("reports.periodic.document")+". "+title, now)
	d := pdfreport.Doc{PDF: doc}
	d.PageFooter(func(page int) string { return t("reports.periodic.pdf_page", page) })
	doc.AddPage()
	doc.SetFont(pdf.Font, "B", 12)
	doc.MultiCell(0, 6, t("app.municipality"), "", "L", false)
	doc.SetFont(pdf.Font, "", 10)
	doc.MultiCell(0, 5, t("app.department"), "", "L", false)
	doc.Ln(6)
	d.Heading(t("reports.periodic.document"), 16)
	d.Heading(title, 13)
	d.Para(t("reports.periodic.pdf_made", i18n.DateTime(now)) + " " + statusLine(ctx, v.R))

	for _, s := range textSections {
		d.Subheading(t("reports.periodic." + s))
		if text := v.Texts[s]; text != "" {
			d.Para(text)
		} else {
			d.Para(t("reports.periodic.text_empty"))
		}
	}

	d.Subheading(t("reports.periodic.figures"))
	d.Para(t("reports.dashboard.compared", i18n.M{"previous": v.Periods[1].Dates(), "year": v.Periods[2].Dates()}))
	head := []string{t("reports.dashboard.col_figure"), t("reports.dashboard.col_current"), t("reports.dashboard.col_previous"),
		t("reports.dashboard.col_year_before")}
	widths := []float64{71, 30, 32, 32}
	align := []string{"L", "R", "R", "R"}
	for _, p := range v.Panels {
		d.Subheading(t("area." + p.Area))
		if p.Failed {
			d.Para(t("reports.dashboard.failed"))
			continue
		}
		if p.Chart != nil {
			d.Chart(ctx, *p.Chart, 14+7*float64(len(p.Chart.Categories)))
		}
		var rows [][]string
		for _, r := range p.Rows {
			row := []string{t("reports.dashboard.fig." + r.Key)}
			for j, c := range r.Cells {
				text := c.Text
				if j > 0 && c.Diff != "" {
					text += " (" + c.Diff + ")"
				}
				row = append(row, text)
			}
			rows = append(rows, row)
		}
		d.Table(head, widths, align, rows)
	}

	d.Subheading(t("reports.periodic.notable"))
	for _, g := range v.Notable {
		d.Subheading(notableHeading(ctx, v, g))
		if len(g.Items) == 0 {
			d.Para(t("reports.periodic.none_" + g.Key))
			continue
		}
		h, rows := notableRows(ctx, g)
		d.Table(h, []float64{85, 45, 35}, []string{"L", "L", "L"}, rows)
		if g.More {
			d.Para(t("reports.periodic.more", MaxNotable))
		}
	}

	var rows [][]string
	for _, s := range commentOrder(v) {
		for _, c := range v.Comments[s] {
			rows = append(rows, []string{sectionName(ctx, s), c.Author + "\n" + i18n.DateTime(c.At), c.Body})
		}
	}
	if len(rows) > 0 {
		d.Subheading(t("reports.periodic.comments"))
		d.Table([]string{t("reports.periodic.col_section"), t("reports.periodic.col_author"), t("reports.periodic.col_comment")},
			[]float64{35, 35, 95}, []string{"L", "L", "L"}, rows)
	}
	if err := doc.Error(); err != nil {
		return err
	}
	return pdf.Output(doc, out)
}

// commentOrder is the sections in the order the report shows them.
func commentOrder(v reportView) []string {
	out := append([]string{}, textSections...)
	for _, p := range v.Panels {
		out = append(out, figuresSection(p.Area))
	}
	return append(out, notableSection)
}

// notableHeading names a notable group with the period its items are of.
func notableHeading(ctx context.Context, v reportView, g notableGroup) string {
	p := v.R.Period
	if g.Next {
		p = next(p)
	}
	return i18n.T(ctx, "reports.periodic.notable_"+g.Key) + " (" + p.Dates() + ")"
}

// writeReportXLSX writes the report's figures: one row a figure, with its
// value in the three periods as numbers.
func writeReportXLSX(ctx context.Context, out io.Writer, v reportView, now time.Time) error {
	t := func(key string, args ...any) string { return i18n.T(ctx, key, args...) }
	n := 0
	for _, p := range v.Panels {
		n += len(p.Rows)
	}
	head := []string{t("reports.periodic.col_area"), t("reports.dashboard.col_figure"),
		t("reports.periodic.col_period", v.Periods[0].Dates()),
		t("reports.periodic.col_period", v.Periods[1].Dates()),
		t("reports.periodic.col_period", v.Periods[2].Dates())}
	x, err := export.NewXLSX(t("reports.periodic.sheet"), ReportTitle(ctx, v.R.Kind, v.R.Period), now, head, n)
	if err != nil {
		return err
	}
	defer x.Close()
	if err := x.Width(1, 2, 36); err != nil {
		return err
	}
	if err := x.Width(3, 5, 24); err != nil {
		return err
	}
	values := v.values()
	for _, p := range v.Panels {
		vals := values[p.Area]
		for k, r := range p.Rows {
			cells := []any{t("area." + p.Area), t("reports.dashboard.fig." + r.Key)}
			for j := range 3 {
				if k < len(vals.Has) && vals.Has[k] && k < len(vals.Values[j]) {
					cells = append(cells, vals.Values[j][k])
				} else {
					cells = append(cells, nil)
				}
			}
			if err := x.Row(cells...); err != nil {
				return err
			}
		}
	}
	_, err = x.WriteTo(out)
	return err
}
