package privacy

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"

	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/pdf"
)

// extract is what the PDF holds.
type extract struct {
	Person     Person
	At         time.Time
	PreparedBy string
	Found      []Found
}

// municipalityAddress is the sender's address in the letterhead.
const municipalityAddress = "Krišjāņa Valdemāra iela 1, Daugavpils, LV-5401"

// writeExtract draws the extract in the language of ctx (Latvian): who
// asked for whom and when, the contents, then each area's records with
// every item of personal data and what else each record holds.
func writeExtract(ctx context.Context, out io.Writer, x extract) error {
	t := func(key string, args ...any) string { return i18n.T(ctx, key, args...) }
	doc := pdf.New(ctx, t("privacy.pdf.title"), x.At)
	doc.AliasNbPages("")
	doc.SetFooterFunc(func() {
		doc.SetY(-14)
		doc.SetFont(pdf.Font, "", 8)
		doc.CellFormat(0, 5, t("privacy.pdf.page", doc.PageNo()), "", 0, "R", false, 0, "")
	})
	d := extractDoc{pdf: doc}
	doc.AddPage()
	doc.SetFont(pdf.Font, "B", 13)
	doc.MultiCell(0, 6, t("app.municipality"), "", "L", false)
	doc.SetFont(pdf.Font, "", 10)
	doc.MultiCell(0, 5, t("app.department"), "", "L", false)
	doc.MultiCell(0, 5, municipalityAddress, "", "L", false)
	doc.Ln(8)
	d.heading(t("privacy.pdf.title"), 14)
	d.para(t("privacy.pdf.lead"))
	d.row(t("privacy.pdf.prepared_at"), i18n.DateTime(x.At))
	d.row(t("privacy.pdf.prepared_by"), x.PreparedBy)
	for _, k := range x.Person.Given() {
		d.row(t("privacy.pdf.searched_by")+": "+t("privacy.key."+string(k)), x.Person.Value(k))
	}
	d.row(t("privacy.pdf.found"), strconv.Itoa(Count(x.Found)))

	d.subheading(t("privacy.pdf.contents"))
	for _, f := range x.Found {
		d.row(t(f.Area), strconv.Itoa(len(f.Records)))
	}
	for _, f := range x.Found {
		doc.AddPage()
		d.heading(t(f.Area), 14)
		if f.More {
			d.para(t("privacy.more", Limit))
		}
		if len(f.Records) == 0 {
			d.para(t("privacy.pdf.area_none"))
			continue
		}
		for i, r := range f.Records {
			d.record(ctx, i+1, r)
		}
	}
	if err := doc.Error(); err != nil {
		return err
	}
	return pdf.Output(doc, out)
}

// extractDoc draws labelled rows and paragraphs that may run over pages.
type extractDoc struct{ pdf *fpdf.Fpdf }

const (
	labelWidth = 52.0
	lineHeight = 5.0
)

func (d extractDoc) heading(s string, size float64) {
	d.pdf.SetFont(pdf.Font, "B", size)
	d.pdf.MultiCell(0, size*0.5, s, "", "L", false)
	d.pdf.Ln(2)
}

func (d extractDoc) subheading(s string) {
	if _, h := d.pdf.GetPageSize(); d.pdf.GetY() > h-45 {
		d.pdf.AddPage() // keep a heading with what follows it
	}
	d.pdf.Ln(2)
	d.heading(s, 11)
}

func (d extractDoc) para(s string) {
	d.pdf.SetFont(pdf.Font, "", 10)
	d.pdf.MultiCell(0, lineHeight, s, "", "L", false)
	d.pdf.Ln(1.5)
}

// row is a label beside its value; an empty value is left out.
func (d extractDoc) row(label, value string) {
	if strings.TrimSpace(value) == "" {
		return
	}
	doc := d.pdf
	if _, h := doc.GetPageSize(); doc.GetY() > h-30 {
		doc.AddPage()
	}
	left, _, _, _ := doc.GetMargins()
	y, page := doc.GetY(), doc.PageNo()
	doc.SetFont(pdf.Font, "B", 9.5)
	doc.MultiCell(labelWidth, lineHeight, label, "", "L", false)
	labelEnd := doc.GetY()
	doc.SetXY(left+labelWidth, y)
	doc.SetFont(pdf.Font, "", 9.5)
	doc.MultiCell(0, lineHeight, value, "", "L", false)
	if doc.PageNo() == page && labelEnd > doc.GetY() {
		doc.SetY(labelEnd)
	}
	doc.Ln(0.8)
}

// record is one record with all it holds.
func (d extractDoc) record(ctx context.Context, n int, r Record) {
	t := func(key string, args ...any) string { return i18n.T(ctx, key, args...) }
	d.subheading(fmt.Sprintf("%d. %s %s", n, r.Kind, r.Number))
	d.row(t("privacy.col.date"), recordDate(r.Date))
	d.row(t("privacy.col.summary"), r.Summary)
	d.row(t("privacy.col.matched"), keyNames(ctx, r.Matched))
	for _, f := range r.Fields {
		d.row(f.Label, f.Value)
	}
	for _, s := range r.Sections {
		if len(s.Fields) == 0 {
			continue
		}
		d.pdf.Ln(1)
		d.pdf.SetFont(pdf.Font, "B", 10)
		d.pdf.MultiCell(0, lineHeight+1, s.Title, "", "L", false)
		for _, f := range s.Fields {
			d.row(f.Label, f.Value)
		}
	}
	d.pdf.Ln(3)
}

// recordDate is a record's date, with its time unless it is a calendar
// date (midnight UTC, as the areas store a date).
func recordDate(at time.Time) string {
	if calendarDate(at) {
		return i18n.Date(at)
	}
	return i18n.DateTime(at)
}

// calendarDate tells a date from a time: midnight UTC.
func calendarDate(at time.Time) bool {
	u := at.UTC()
	return u.Hour() == 0 && u.Minute() == 0 && u.Second() == 0 && u.Nanosecond() == 0
}
