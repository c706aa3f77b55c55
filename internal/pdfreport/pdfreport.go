// Package pdfreport draws the parts a report printed as a PDF is made of:
// headings, paragraphs, charts and tables that run over pages, on a
// document pdf.New started. Media monitoring's reports and the head's
// reports to the executive director print with it, so both look alike.
package pdfreport

import (
	"context"
	"strings"
	"unicode"

	"github.com/go-pdf/fpdf"

	"github.com/daugavpils/prdesk/internal/charts"
	"github.com/daugavpils/prdesk/internal/pdf"
)

// Doc draws on a document of pdf.New.
type Doc struct{ PDF *fpdf.Fpdf }

// Line is a paragraph's line height in millimetres.
const Line = 5.0

// Room starts a new page unless h millimetres are left on this one.
func (d Doc) Room(h float64) {
	_, pageH := d.PDF.GetPageSize()
	_, _, _, bottom := d.PDF.GetMargins()
	if d.PDF.GetY()+h > pageH-bottom {
		d.PDF.AddPage()
	}
}

// Heading is a heading of size points.
func (d Doc) Heading(s string, size float64) {
	d.PDF.SetFont(pdf.Font, "B", size)
	d.PDF.MultiCell(0, size*0.5, Text(s), "", "L", false)
	d.PDF.Ln(1.5)
}

// Subheading is a section's heading, kept with what follows it.
func (d Doc) Subheading(s string) {
	d.Room(40)
	d.PDF.Ln(3)
	d.Heading(s, 11.5)
}

// Para is a paragraph of running text.
func (d Doc) Para(s string) {
	d.PDF.SetFont(pdf.Font, "", 10)
	d.PDF.MultiCell(0, Line, Text(s), "", "L", false)
	d.PDF.Ln(1.5)
}

// Chart draws c across the page, h millimetres high.
func (d Doc) Chart(ctx context.Context, c charts.Chart, h float64) {
	cats := make([]string, len(c.Categories))
	for i, s := range c.Categories {
		cats[i] = Text(s)
	}
	c.Categories = cats
	d.Room(h + 2)
	left, _, right, _ := d.PDF.GetMargins()
	pageW, _ := d.PDF.GetPageSize()
	charts.DrawPDF(ctx, d.PDF, c, left, d.PDF.GetY(), pageW-left-right, h)
	d.PDF.Ln(3)
}

// Table draws a table with a header row, repeated on each page it runs
// over, its cells wrapped in their columns (widths in millimetres, align
// "L" or "R" a column).
func (d Doc) Table(head []string, widths []float64, align []string, rows [][]string) {
	doc := d.PDF
	left, _, _, _ := doc.GetMargins()
	const size, pad = 8.5, 1.2
	lineH := 4.2
	cellLines := func(s string, w float64) []string {
		var out []string
		for _, para := range strings.Split(Text(s), "\n") {
			out = append(out, Wrap(doc, para, w-2*pad)...)
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
		d.Room(h)
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
	d.Room(4 * (lineH + 2*pad))
	drawRow(head, true)
	for _, r := range rows {
		drawRow(r, false)
	}
	doc.Ln(3)
}

// PageFooter numbers each page at its foot with the text numbered gives
// (the page's number in words of the document's language).
func (d Doc) PageFooter(numbered func(page int) string) {
	d.PDF.AliasNbPages("")
	d.PDF.SetFooterFunc(func() {
		d.PDF.SetY(-14)
		d.PDF.SetFont(pdf.Font, "", 8)
		d.PDF.SetTextColor(80, 90, 95)
		d.PDF.CellFormat(0, 5, Text(numbered(d.PDF.PageNo())), "", 0, "R", false, 0, "")
		d.PDF.SetTextColor(0, 0, 0)
	})
}

// Wrap breaks s into lines at most w wide in the current font, between
// words, and inside a word longer than a line (an address).
func Wrap(doc *fpdf.Fpdf, s string, w float64) []string {
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

// Text is s as the PDF's fonts print it: a character beyond the fonts'
// plane (an emoji) is a question mark, a control character a space, and
// the minus sign, which the fonts lack, a hyphen.
func Text(s string) string {
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
