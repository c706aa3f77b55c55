package charts

import (
	"math"
	"strings"
)

// painter is where a chart is drawn: an SVG or a PDF page. The layout
// works in the painter's units (pixels, millimetres), y growing down, a
// text's y its baseline.
type painter interface {
	textWidth(s string, size float64, bold bool) float64
	text(t text)
	line(x1, y1, x2, y2 float64, colour rgb, width float64)
	// polyline is a series of a line chart.
	polyline(xs, ys []float64, l look)
	// bar is one value drawn; tip says which, for the SVG's tooltip.
	bar(x, y, w, h float64, l look, tip string)
	// swatch shows a series' look in the legend: a patch of a bar's fill,
	// or a stretch of a line with its point.
	swatch(x, y, w, h float64, l look, line bool)
	marker(x, y, r float64, l look, tip string)
}

type anchor int

const (
	start anchor = iota
	middle
	end
)

type text struct {
	x, y   float64
	s      string
	size   float64
	bold   bool
	anchor anchor
	// rotated turns the text 45° up about (x, y): room for many
	// categories' names under narrow columns.
	rotated bool
	colour  rgb
	// tip is the whole text when s was shortened to fit.
	tip string
}

// metrics are a painter's sizes, in its units.
type metrics struct {
	font, small, title float64 // text sizes
	pad                float64 // around the chart
	gap                float64 // between an axis and its labels, and the like
	axis, grid         float64 // line widths
	series             float64 // a line chart's line width
	marker             float64 // a line chart's point's radius
	hatch              float64 // the spacing of a pattern's lines
}

const sin45 = math.Sqrt2 / 2

// frame lays out one chart on a painter.
type frame struct {
	c      Chart
	p      painter
	m      metrics
	w, h   float64
	number func(v float64, places int) string
}

func (f *frame) draw() {
	m := f.m
	y := m.pad
	if f.c.Title != "" {
		y += m.title
		s, tip := f.fit(f.c.Title, f.w-2*m.pad, m.title, true)
		f.p.text(text{x: m.pad, y: y, s: s, tip: tip, size: m.title, bold: true, colour: ink})
		y += m.title * 0.4
	}
	if f.c.empty() {
		if f.c.NoData != "" {
			s, tip := f.fit(f.c.NoData, f.w-2*m.pad, m.font, false)
			f.p.text(text{x: f.w / 2, y: (y+f.h)/2 + m.font*0.35, s: s, tip: tip, size: m.font, anchor: middle, colour: muted})
		}
		return
	}
	if len(f.c.Series) > 1 {
		y = f.legend(y + m.gap)
	}
	if f.c.Kind == HBars {
		f.across(y + m.gap)
	} else {
		f.upright(y + m.gap)
	}
}

// fit shortens s with an ellipsis to at most width; tip is the whole of
// s when it was shortened.
func (f *frame) fit(s string, width, size float64, bold bool) (fitted, tip string) {
	if f.p.textWidth(s, size, bold) <= width {
		return s, ""
	}
	r := []rune(s)
	short := func(n int) string { return strings.TrimRight(string(r[:n]), " ") + "…" }
	lo, hi := 0, len(r)
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if f.p.textWidth(short(mid), size, bold) <= width {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return short(lo), s
}

// legend names the series, in rows as wide as the chart; it returns
// where the rows end.
func (f *frame) legend(top float64) float64 {
	m := f.m
	sw := m.font
	if f.c.Kind == Line {
		sw = m.font * 2.5
	}
	rowH := m.font * 1.6
	x, y := m.pad, top
	for i, s := range f.c.Series {
		name, _ := f.fit(s.Name, f.w-2*m.pad-sw-m.gap, m.font, false)
		width := sw + m.gap + f.p.textWidth(name, m.font, false)
		if x > m.pad && x+width > f.w-m.pad {
			x, y = m.pad, y+rowH
		}
		cy := y + rowH/2
		l := f.c.look(i)
		f.p.swatch(x, cy-m.font/2, sw, m.font, l, f.c.Kind == Line)
		f.p.text(text{x: x + sw + m.gap, y: cy + m.font*0.35, s: name, size: m.font, colour: ink})
		x += width + 2*m.gap
	}
	return y + rowH
}

// tip is a value's tooltip: the category, the series when there are
// several, and the value.
func (f *frame) tip(s, i, places int) string {
	t := f.c.Categories[i]
	if len(f.c.Series) > 1 && f.c.Series[s].Name != "" {
		t += " — " + f.c.Series[s].Name
	}
	return t + ": " + f.number(f.c.value(s, i), places)
}

// valueAxis is the ticks for the chart's values and their labels: about
// five, fewer when they would crowd an axis length long. Upright, a tick
// needs a line of text's height; across, its label's width.
func (f *frame) valueAxis(length float64, across bool) (ticks []float64, labels []string, widest float64) {
	highest, integer := 0.0, f.c.places() == 0
	for i := range f.c.Categories {
		highest = math.Max(highest, f.c.total(i))
	}
	for intervals := 5; ; intervals-- {
		var places int
		ticks, places = scale(highest, integer, intervals)
		labels, widest = make([]string, len(ticks)), 0
		for i, t := range ticks {
			labels[i] = f.number(t, places)
			widest = math.Max(widest, f.p.textWidth(labels[i], f.m.font, false))
		}
		need := f.m.font * 1.8
		if across {
			need = widest + 2*f.m.gap
		}
		if intervals == 1 || length/float64(len(ticks)-1) >= need {
			return ticks, labels, widest
		}
	}
}

// upright draws columns or a line over the categories, below top.
func (f *frame) upright(top float64) {
	c, p, m := f.c, f.p, f.m
	// The ticks' labels set the plot's left edge, and the plot's height how
	// many ticks there are room for: measured first as if the room were
	// endless, then again when the height is known.
	_, _, tickWidth := f.valueAxis(math.Inf(1), false)
	if c.ValueLabel != "" {
		s, tip := f.fit(c.ValueLabel, f.w-2*m.pad, m.small, false)
		p.text(text{x: m.pad, y: top + m.small, s: s, tip: tip, size: m.small, colour: muted})
		top += m.small * 1.6
	}
	plotTop := top + m.font*0.5 // the top tick's label reaches above its line
	left := m.pad + tickWidth + m.gap
	right := math.Max(f.w-m.pad, left+1)
	n := len(c.Categories)
	slot := (right - left) / float64(n)

	// The categories' names go across while they fit under their column;
	// past that they turn 45°, and when even turned they would touch,
	// only every so many is named (days in a month: the axis still counts
	// them).
	widest := 0.0
	for _, s := range c.Categories {
		widest = math.Max(widest, p.textWidth(s, m.font, false))
	}
	rotated, every, longest := widest+m.gap > slot, 1, widest
	below := m.gap + m.font*1.2
	if rotated {
		budget := (f.h - m.pad - plotTop) * 0.4
		longest = math.Max(0, math.Min(widest, (budget-m.gap-m.font*0.6)/sin45))
		below = m.gap + longest*sin45 + m.font*0.6
	}
	plotBottom := math.Max(f.h-m.pad-below, plotTop+1) // a box too small still gives a chart, if a cramped one
	ticks, tickLabels, tickWidth := f.valueAxis(plotBottom-plotTop, false)
	highest := ticks[len(ticks)-1]
	left = m.pad + tickWidth + m.gap
	right = math.Max(right, left+1)
	slot = (right - left) / float64(n)
	if rotated {
		every = int(math.Ceil(m.font * 1.6 / slot))
	}
	yOf := func(v float64) float64 { return plotBottom - v/highest*(plotBottom-plotTop) }

	for i, t := range ticks {
		y := yOf(t)
		if i > 0 {
			p.line(left, y, right, y, grid, m.grid)
		}
		p.text(text{x: left - m.gap, y: y + m.font*0.35, s: tickLabels[i], size: m.font, anchor: end, colour: muted})
	}
	places := c.places()
	centre := func(i int) float64 { return left + (float64(i)+0.5)*slot }
	if c.Kind == Line {
		for s := range c.Series {
			xs, ys := make([]float64, n), make([]float64, n)
			for i := range c.Categories {
				xs[i], ys[i] = centre(i), yOf(c.value(s, i))
			}
			p.polyline(xs, ys, c.look(s))
			r := math.Min(m.marker, slot/3)
			for i := range c.Categories {
				p.marker(xs[i], ys[i], r, c.look(s), f.tip(s, i, places))
			}
		}
	} else {
		width := math.Min(slot*0.7, m.font*4)
		for i := range c.Categories {
			base := plotBottom
			for s := range c.Series {
				v := c.value(s, i)
				if v == 0 {
					continue
				}
				h := v / highest * (plotBottom - plotTop)
				p.bar(centre(i)-width/2, base-h, width, h, c.look(s), f.tip(s, i, places))
				base -= h
			}
		}
	}
	p.line(left, plotBottom, right, plotBottom, muted, m.axis)

	for i, name := range c.Categories {
		if i%every != 0 {
			continue
		}
		x := centre(i)
		if !rotated {
			s, tip := f.fit(name, slot, m.font, false)
			p.text(text{x: x, y: plotBottom + m.gap + m.font, s: s, tip: tip, size: m.font, anchor: middle, colour: ink})
			continue
		}
		// Turned, the name's end sits under its column and its start
		// reaches down to the left: the first ones must not leave the chart.
		ax, ay := x+m.font*0.25, plotBottom+m.gap+m.font*0.25
		room := math.Min(longest, (ax-m.font*0.55)/sin45)
		s, tip := f.fit(name, room, m.font, false)
		p.line(x, plotBottom, x, plotBottom+m.gap*0.6, muted, m.axis)
		p.text(text{x: ax, y: ay, s: s, tip: tip, size: m.font, anchor: end, rotated: true, colour: ink})
	}
}

// across draws a row of bars for each category, below top, the category's
// name on the left and the value at the bar's end.
func (f *frame) across(top float64) {
	c, p, m := f.c, f.p, f.m
	places := c.places()
	n := len(c.Categories)

	totals := make([]string, n)
	valueWidth := 0.0
	for i := range c.Categories {
		totals[i] = f.number(c.total(i), places)
		valueWidth = math.Max(valueWidth, p.textWidth(totals[i], m.font, false))
	}
	widest := 0.0
	for _, s := range c.Categories {
		widest = math.Max(widest, p.textWidth(s, m.font, false))
	}
	names := math.Min(widest, (f.w-2*m.pad)*0.4)
	left := m.pad + names + m.gap
	ticks, tickLabels, _ := f.valueAxis(f.w-m.pad-valueWidth-m.gap-left, true)
	highest := ticks[len(ticks)-1]
	right := math.Max(f.w-m.pad-math.Max(valueWidth+m.gap, p.textWidth(tickLabels[len(ticks)-1], m.font, false)/2), left+1)
	below := m.gap + m.font*1.2
	if c.ValueLabel != "" {
		below += m.small * 1.8
	}
	plotBottom := math.Max(f.h-m.pad-below, top+1)
	row := (plotBottom - top) / float64(n)
	size := math.Min(m.font, row/1.3) // many rows: smaller names rather than overlapping ones
	thick := math.Min(row*0.7, m.font*2)
	xOf := func(v float64) float64 { return left + v/highest*(right-left) }

	for i, t := range ticks {
		x := xOf(t)
		if i > 0 {
			p.line(x, top, x, plotBottom, grid, m.grid)
		}
		p.text(text{x: x, y: plotBottom + m.gap + m.font, s: tickLabels[i], size: m.font, anchor: middle, colour: muted})
	}
	for i, name := range c.Categories {
		cy := top + (float64(i)+0.5)*row
		x := left
		for s := range c.Series {
			v := c.value(s, i)
			if v == 0 {
				continue
			}
			w := xOf(v) - left
			p.bar(x, cy-thick/2, w, thick, c.look(s), f.tip(s, i, places))
			x += w
		}
		s, tip := f.fit(name, names, size, false)
		p.text(text{x: left - m.gap, y: cy + size*0.35, s: s, tip: tip, size: size, anchor: end, colour: ink})
		p.text(text{x: x + m.gap*0.6, y: cy + size*0.35, s: totals[i], size: size, colour: ink})
	}
	p.line(left, top, left, plotBottom, muted, m.axis)
	if c.ValueLabel != "" {
		s, tip := f.fit(c.ValueLabel, right-left, m.small, false)
		p.text(text{x: (left + right) / 2, y: f.h - m.pad - m.small*0.3, s: s, tip: tip, size: m.small, anchor: middle, colour: muted})
	}
}
