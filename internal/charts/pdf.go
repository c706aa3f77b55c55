package charts

import (
	"context"
	"math"

	"github.com/go-pdf/fpdf"

	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/pdf"
)

// DrawPDF draws c in the box at x, y of size w×h (the document's units,
// millimetres for pdf.New's) on doc's current page, which must have room
// for it: the chart does not break across pages. doc is one pdf.New made,
// whose font prints Latvian and Cyrillic names; numbers are written in the
// language of ctx. The colours and line width are left as they were, the
// font is left as pdf.Font's regular one, and the cursor goes below the
// chart at the left margin, where the report goes on.
func DrawPDF(ctx context.Context, doc *fpdf.Fpdf, c Chart, x, y, w, h float64) {
	dr, dg, db := doc.GetDrawColor()
	fr, fg, fb := doc.GetFillColor()
	tr, tg, tb := doc.GetTextColor()
	lineWidth := doc.GetLineWidth()
	fontSize, _ := doc.GetFontSize()
	defer func() {
		doc.SetDrawColor(dr, dg, db)
		doc.SetFillColor(fr, fg, fb)
		doc.SetTextColor(tr, tg, tb)
		doc.SetLineWidth(lineWidth)
		doc.SetDashPattern(nil, 0)
		doc.SetFont(pdf.Font, "", fontSize)
		doc.SetY(y + h)
	}()

	// The sizes are set in points and millimetres, and drawn in the
	// document's units, whatever they are.
	pt := 1 / doc.GetConversionRatio()
	mm := 72 / 25.4 * pt
	m := metrics{
		font: 8 * pt, small: 7.5 * pt, title: 10.5 * pt,
		pad: 1.5 * mm, gap: 1.2 * mm,
		axis: 0.3 * mm, grid: 0.2 * mm,
		series: 0.6 * mm, marker: 0.9 * mm,
		hatch: 1.5 * mm,
	}
	p := &pdfPainter{doc: doc, x: x, y: y, m: m}
	f := frame{c: c.tidy(), p: p, m: m, w: w, h: h, number: func(v float64, places int) string {
		return i18n.Decimal(ctx, v, places)
	}}
	f.draw()
}

// pdfPainter draws at (x, y) of its page.
type pdfPainter struct {
	doc  *fpdf.Fpdf
	x, y float64
	m    metrics
	// set is the font last chosen: each choice is written into the page,
	// and fitting a name measures it many times.
	set struct {
		ok   bool
		size float64
		bold bool
	}
}

func (p *pdfPainter) font(size float64, bold bool) {
	if p.set.ok && p.set.size == size && p.set.bold == bold {
		return
	}
	style := ""
	if bold {
		style = "B"
	}
	p.doc.SetFont(pdf.Font, style, 0)
	p.doc.SetFontUnitSize(size)
	p.set.ok, p.set.size, p.set.bold = true, size, bold
}

func (p *pdfPainter) textWidth(s string, size float64, bold bool) float64 {
	p.font(size, bold)
	return p.doc.GetStringWidth(s)
}

func (p *pdfPainter) text(t text) {
	width := p.textWidth(t.s, t.size, t.bold)
	x, y := p.x+t.x, p.y+t.y
	dx := 0.0
	switch t.anchor {
	case middle:
		dx = -width / 2
	case end:
		dx = -width
	}
	p.doc.SetTextColor(int(t.colour.r), int(t.colour.g), int(t.colour.b))
	if t.rotated {
		p.doc.TransformBegin()
		p.doc.TransformRotate(45, x, y)
		p.doc.Text(x+dx, y, t.s)
		p.doc.TransformEnd()
		return
	}
	p.doc.Text(x+dx, y, t.s)
}

func (p *pdfPainter) line(x1, y1, x2, y2 float64, colour rgb, width float64) {
	p.doc.SetDrawColor(int(colour.r), int(colour.g), int(colour.b))
	p.doc.SetLineWidth(width)
	p.doc.Line(p.x+x1, p.y+y1, p.x+x2, p.y+y2)
}

func (p *pdfPainter) polyline(xs, ys []float64, l look) {
	if len(xs) == 0 {
		return
	}
	p.doc.SetDrawColor(int(l.colour.r), int(l.colour.g), int(l.colour.b))
	p.doc.SetLineWidth(p.m.series)
	dash := make([]float64, len(l.dash))
	for i, d := range l.dash {
		dash[i] = d * p.m.series
	}
	p.doc.SetDashPattern(dash, 0)
	p.doc.SetLineJoinStyle("round")
	p.doc.MoveTo(p.x+xs[0], p.y+ys[0])
	for i := 1; i < len(xs); i++ {
		p.doc.LineTo(p.x+xs[i], p.y+ys[i])
	}
	p.doc.DrawPath("D")
	p.doc.SetLineJoinStyle("miter")
	p.doc.SetDashPattern(nil, 0)
}

func (p *pdfPainter) bar(x, y, w, h float64, l look, _ string) {
	p.fill(x, y, w, h, l)
	// The white edge parts the stacked values of a column, as in the SVG.
	p.doc.SetDrawColor(255, 255, 255)
	p.doc.SetLineWidth(p.m.grid)
	p.doc.Rect(p.x+x, p.y+y, w, h, "D")
}

func (p *pdfPainter) swatch(x, y, w, h float64, l look, line bool) {
	if !line {
		p.fill(x, y, w, h, l)
		return
	}
	p.polyline([]float64{x, x + w}, []float64{y + h/2, y + h/2}, l)
	p.marker(x+w/2, y+h/2, p.m.marker, l, "")
}

// fill fills the box with the look's colour and draws its pattern's
// white lines, cut to the box.
func (p *pdfPainter) fill(x, y, w, h float64, l look) {
	x, y = p.x+x, p.y+y
	d := p.doc
	d.SetFillColor(int(l.colour.r), int(l.colour.g), int(l.colour.b))
	d.Rect(x, y, w, h, "F")
	if l.pattern == solid {
		return
	}
	s := p.m.hatch
	d.ClipRect(x, y, w, h, false)
	d.SetDrawColor(255, 255, 255)
	d.SetFillColor(255, 255, 255)
	d.SetLineWidth(s / 3)
	// Diagonals at the spacing of the SVG's rotated tiles; starting from a
	// multiple of it on the page lines up the stripes of stacked values.
	step := s * math.Sqrt2
	switch l.pattern {
	case stripes, cross:
		from := math.Floor((x-h)/step) * step
		for t := from; t <= x+w; t += step {
			d.Line(t, y+h, t+h, y)
			if l.pattern == cross {
				d.Line(t, y, t+h, y+h)
			}
		}
	case dots:
		for cy := math.Floor(y/s)*s + s/2; cy < y+h+s; cy += s {
			for cx := math.Floor(x/s)*s + s/2; cx < x+w+s; cx += s {
				d.Circle(cx, cy, s/4.5, "F")
			}
		}
	}
	d.ClipEnd()
}

func (p *pdfPainter) marker(x, y, r float64, l look, _ string) {
	p.doc.SetFillColor(int(l.colour.r), int(l.colour.g), int(l.colour.b))
	p.doc.SetDrawColor(255, 255, 255)
	p.doc.SetLineWidth(p.m.grid)
	p.doc.Circle(p.x+x, p.y+y, r, "FD")
}
