package charts

import (
	"context"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/a-h/templ"

	"github.com/daugavpils/prdesk/internal/i18n"
)

// SVG draws c as an inline SVG image w×h units large, scaled to the width
// of its container: a w near the width the page gives the chart keeps its
// text at the page's size (12 units). Screen readers announce it as one image named by the
// chart's title and described by its Desc; its numbers are written in the
// language of the context it is rendered in.
func SVG(c Chart, w, h int) templ.Component {
	return templ.ComponentFunc(func(ctx context.Context, out io.Writer) error {
		c := c.tidy()
		id := c.idPrefix()
		p := &svgPainter{id: id, m: svgMetrics, patterns: map[string]look{}}
		f := frame{c: c, p: p, m: svgMetrics, w: float64(w), h: float64(h), number: func(v float64, places int) string {
			return i18n.Decimal(ctx, v, places)
		}}
		f.draw()

		var b strings.Builder
		b.WriteString(`<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 `)
		b.WriteString(strconv.Itoa(w) + " " + strconv.Itoa(h))
		b.WriteString(`" width="100%" role="img"`)
		var labelledBy []string
		if c.Title != "" {
			labelledBy = append(labelledBy, id+"-title")
		}
		if c.Desc != "" {
			labelledBy = append(labelledBy, id+"-desc")
		}
		if len(labelledBy) > 0 {
			b.WriteString(` aria-labelledby="` + strings.Join(labelledBy, " ") + `"`)
		}
		// The text's colour is the root's, so that most text need not say it.
		b.WriteString(` font-size="` + num(svgMetrics.font) + `" fill="` + ink.hex() + `">`)
		if c.Title != "" {
			b.WriteString(`<title id="` + id + `-title">`)
			escape(&b, c.Title)
			b.WriteString(`</title>`)
		}
		if c.Desc != "" {
			b.WriteString(`<desc id="` + id + `-desc">`)
			escape(&b, c.Desc)
			b.WriteString(`</desc>`)
		}
		p.defs(&b)
		// White behind the chart: its colours were chosen against white,
		// whatever the page's background.
		b.WriteString(`<rect width="100%" height="100%" fill="#fff"/>`)
		b.WriteString(p.body.String())
		b.WriteString(`</svg>`)
		_, err := io.WriteString(out, b.String())
		return err
	})
}

// svgMetrics are in CSS pixels at the chart's own size.
var svgMetrics = metrics{
	font: 12, small: 11, title: 15,
	pad: 8, gap: 6,
	axis: 1, grid: 1,
	series: 2.5, marker: 3.5,
	hatch: 6,
}

type svgPainter struct {
	id       string
	m        metrics
	body     strings.Builder
	patterns map[string]look // by id, those the bars use
}

// textWidth guesses a text's width from its letters' widths in DejaVu
// Sans, the widest of the app's fonts: the browser measures only after
// the chart is laid out, and a guess on the wide side shortens a name
// rather than letting it overlap the next.
func (p *svgPainter) textWidth(s string, size float64, bold bool) float64 {
	em := 0.0
	for _, r := range s {
		switch {
		case strings.ContainsRune(" \u00a0.,:;'|!iljIīļíì", r):
			em += 0.33
		case strings.ContainsRune("frtJ-()[]", r):
			em += 0.42
		case strings.ContainsRune("mwMWшщжюыШЩЖЮЫ…", r):
			em += 0.98
		case unicode.IsUpper(r):
			em += 0.74
		default:
			em += 0.64
		}
	}
	if bold {
		em *= 1.1
	}
	return em * size
}

func (p *svgPainter) text(t text) {
	b := &p.body
	b.WriteString(`<text x="` + num(t.x) + `" y="` + num(t.y) + `"`)
	if t.size != p.m.font {
		b.WriteString(` font-size="` + num(t.size) + `"`)
	}
	if t.bold {
		b.WriteString(` font-weight="bold"`)
	}
	switch t.anchor {
	case middle:
		b.WriteString(` text-anchor="middle"`)
	case end:
		b.WriteString(` text-anchor="end"`)
	}
	if t.rotated {
		b.WriteString(` transform="rotate(-45 ` + num(t.x) + ` ` + num(t.y) + `)"`)
	}
	if t.colour != ink {
		b.WriteString(` fill="` + t.colour.hex() + `"`)
	}
	b.WriteString(`>`)
	if t.tip != "" {
		b.WriteString(`<title>`)
		escape(b, t.tip)
		b.WriteString(`</title>`)
	}
	escape(b, t.s)
	b.WriteString(`</text>`)
}

func (p *svgPainter) line(x1, y1, x2, y2 float64, colour rgb, width float64) {
	p.body.WriteString(`<line x1="` + num(x1) + `" y1="` + num(y1) + `" x2="` + num(x2) + `" y2="` + num(y2) +
		`" stroke="` + colour.hex() + `"` + strokeWidth(width) + ` shape-rendering="crispEdges"/>`)
}

func (p *svgPainter) polyline(xs, ys []float64, l look) {
	b := &p.body
	b.WriteString(`<polyline class="series" fill="none" stroke="` + l.colour.hex() + `" stroke-width="` + num(p.m.series) + `" stroke-linejoin="round"`)
	b.WriteString(p.dash(l))
	b.WriteString(` points="`)
	for i := range xs {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(num(xs[i]) + "," + num(ys[i]))
	}
	b.WriteString(`"/>`)
}

func (p *svgPainter) bar(x, y, w, h float64, l look, tip string) {
	b := &p.body
	// The white edge parts the stacked values of a column.
	b.WriteString(`<rect class="bar" x="` + num(x) + `" y="` + num(y) + `" width="` + num(w) + `" height="` + num(h) +
		`" fill="` + p.fill(l) + `" stroke="#fff">`)
	if tip != "" {
		b.WriteString(`<title>`)
		escape(b, tip)
		b.WriteString(`</title>`)
	}
	b.WriteString(`</rect>`)
}

func (p *svgPainter) swatch(x, y, w, h float64, l look, line bool) {
	if !line {
		p.body.WriteString(`<rect class="swatch" x="` + num(x) + `" y="` + num(y) + `" width="` + num(w) + `" height="` + num(h) +
			`" fill="` + p.fill(l) + `"/>`)
		return
	}
	cy := num(y + h/2)
	p.body.WriteString(`<g class="swatch"><line x1="` + num(x) + `" y1="` + cy + `" x2="` + num(x+w) + `" y2="` + cy +
		`" stroke="` + l.colour.hex() + `" stroke-width="` + num(p.m.series) + `"` + p.dash(l) + `/>` +
		`<circle cx="` + num(x+w/2) + `" cy="` + cy + `" r="` + num(p.m.marker) + `" fill="` + l.colour.hex() + `" stroke="#fff"/></g>`)
}

func (p *svgPainter) marker(x, y, r float64, l look, tip string) {
	b := &p.body
	b.WriteString(`<circle class="point" cx="` + num(x) + `" cy="` + num(y) + `" r="` + num(r) +
		`" fill="` + l.colour.hex() + `" stroke="#fff">`)
	if tip != "" {
		b.WriteString(`<title>`)
		escape(b, tip)
		b.WriteString(`</title>`)
	}
	b.WriteString(`</circle>`)
}

// strokeWidth is the attribute of a line's width, none for SVG's default of 1.
func strokeWidth(w float64) string {
	if w == 1 {
		return ""
	}
	return ` stroke-width="` + num(w) + `"`
}

// dash is the stroke-dasharray of a look's line, in the line's widths.
func (p *svgPainter) dash(l look) string {
	if len(l.dash) == 0 {
		return ""
	}
	dash := make([]string, len(l.dash))
	for i, d := range l.dash {
		dash[i] = num(d * p.m.series)
	}
	return ` stroke-dasharray="` + strings.Join(dash, " ") + `"`
}

// fill is a look's colour, or the pattern that draws it with its lines.
func (p *svgPainter) fill(l look) string {
	if l.pattern == solid {
		return l.colour.hex()
	}
	id := p.id + "-" + [...]string{"", "stripes", "cross", "dots"}[l.pattern] + "-" + l.colour.hex()[1:]
	p.patterns[id] = l
	return "url(#" + id + ")"
}

// defs writes the patterns the bars use.
func (p *svgPainter) defs(b *strings.Builder) {
	if len(p.patterns) == 0 {
		return
	}
	ids := make([]string, 0, len(p.patterns))
	for id := range p.patterns {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	s := num(p.m.hatch)
	b.WriteString(`<defs>`)
	for _, id := range ids {
		l := p.patterns[id]
		b.WriteString(`<pattern id="` + id + `" patternUnits="userSpaceOnUse" width="` + s + `" height="` + s + `"`)
		if l.pattern != dots {
			b.WriteString(` patternTransform="rotate(45)"`)
		}
		b.WriteString(`><rect width="` + s + `" height="` + s + `" fill="` + l.colour.hex() + `"/>`)
		line := num(p.m.hatch / 3)
		switch l.pattern {
		case stripes:
			b.WriteString(`<rect width="` + line + `" height="` + s + `" fill="#fff"/>`)
		case cross:
			b.WriteString(`<rect width="` + line + `" height="` + s + `" fill="#fff"/><rect width="` + s + `" height="` + line + `" fill="#fff"/>`)
		case dots:
			b.WriteString(`<circle cx="` + num(p.m.hatch/2) + `" cy="` + num(p.m.hatch/2) + `" r="` + num(p.m.hatch/4.5) + `" fill="#fff"/>`)
		}
		b.WriteString(`</pattern>`)
	}
	b.WriteString(`</defs>`)
}

// num writes a coordinate to a tenth of a unit, enough at any zoom.
func num(v float64) string { return strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64) }

// escape writes s as XML text or attribute value.
func escape(b *strings.Builder, s string) {
	for _, r := range s {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '"':
			b.WriteString("&#34;")
		case '\'':
			b.WriteString("&#39;")
		default:
			b.WriteRune(r)
		}
	}
}
