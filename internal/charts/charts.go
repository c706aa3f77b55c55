// Package charts draws the few charts the media-monitoring reports need
// (mentions per day or week by tone, the outlets and topics written about
// most, a count over the weeks) on the server: as inline SVG for a page
// and with fpdf's own lines for the PDF report. Both are laid out by the
// same code, so the page and the report show the same chart, and no script
// has to run in the browser for a reader, a printer or an archive to see it.
//
// The package has no words of its own: titles, names and the text for a
// chart without data come from the caller in the reader's language, and
// numbers are written as internal/i18n writes them. A chart is a picture
// for those who see it; the page gives the same figures as a table for
// those who do not.
package charts

import (
	"fmt"
	"hash/fnv"
	"math"
	"strings"
	"unicode"
)

// Kind is the shape a chart takes.
type Kind int

const (
	// Columns stand on the categories (days, weeks); several series stack.
	Columns Kind = iota
	// HBars lie across, one row a category: room for long names such as
	// outlets' and topics'. Several series stack too. A row wants the
	// height of two lines of the chart's text (24 units of an SVG, 6 mm of
	// a PDF); in less the names get smaller, so as not to overlap.
	HBars
	// Line joins one point a category, for a count over time.
	Line
)

// Tone is the tone a media mention was judged to have. A series with a
// tone always looks the same, in every chart and report.
type Tone string

const (
	Positive Tone = "positive"
	Neutral  Tone = "neutral"
	Negative Tone = "negative"
	Mixed    Tone = "mixed"
	Unjudged Tone = "unjudged"
)

// Series is one row of figures, a value for each of the chart's categories.
type Series struct {
	Name string
	// Values has one value a category; missing ones, negative ones and
	// NaN are drawn as 0 (the charts count things).
	Values []float64
	// Tone chooses the series' colour and pattern; "" takes the next of a
	// default set by the series' position.
	Tone Tone
}

// Chart is what to draw. All the text in it is the caller's.
type Chart struct {
	// ID prefixes the ids inside the SVG, which must be unique on the
	// page; "" derives one from the chart's content, which is enough
	// unless the same chart appears twice on one page.
	ID    string
	Title string
	// Desc tells what the chart shows in a sentence or two, for those who
	// do not see it: the SVG's accessible description.
	Desc       string
	Kind       Kind
	Categories []string
	Series     []Series
	// ValueLabel names what is counted ("Publikācijas"), over the value axis.
	ValueLabel string
	// NoData is shown instead of the chart when there is nothing to draw.
	NoData string
}

// empty: nothing to draw. Zero counts are something (a quiet week), so
// only a chart without categories or values is empty.
func (c Chart) empty() bool {
	if len(c.Categories) == 0 {
		return true
	}
	for _, s := range c.Series {
		if len(s.Values) > 0 {
			return false
		}
	}
	return true
}

// value is series s's value for category i as the chart draws it.
func (c Chart) value(s, i int) float64 {
	vs := c.Series[s].Values
	if i >= len(vs) {
		return 0
	}
	v := vs[i]
	if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
		return 0
	}
	return v
}

// total is category i's height: the stack of the series, or for a line
// the highest of them.
func (c Chart) total(i int) float64 {
	var t float64
	for s := range c.Series {
		v := c.value(s, i)
		if c.Kind == Line {
			t = math.Max(t, v)
		} else {
			t += v
		}
	}
	return t
}

// places is how many decimals the chart's values need, at most two.
func (c Chart) places() int {
	p := 0
	for s := range c.Series {
		for i := range c.Categories {
			v := c.value(s, i)
			for p < 2 && math.Abs(v*math.Pow10(p)-math.Round(v*math.Pow10(p))) > 1e-9 {
				p++
			}
		}
	}
	return p
}

// tidy makes the chart's text printable as one line: a line break or a
// control character in a name would end an SVG text or be a stray glyph
// in the PDF.
func (c Chart) tidy() Chart {
	clean := func(s string) string {
		return strings.Map(func(r rune) rune {
			if unicode.IsControl(r) || r == 0xFFFE || r == 0xFFFF {
				return ' '
			}
			return r
		}, strings.ToValidUTF8(s, "\uFFFD"))
	}
	out := c
	out.Title, out.Desc, out.ValueLabel, out.NoData = clean(c.Title), clean(c.Desc), clean(c.ValueLabel), clean(c.NoData)
	out.Categories = make([]string, len(c.Categories))
	for i, s := range c.Categories {
		out.Categories[i] = clean(s)
	}
	out.Series = make([]Series, len(c.Series))
	for i, s := range c.Series {
		s.Name = clean(s.Name)
		out.Series[i] = s
	}
	return out
}

// idPrefix is the chart's ID made safe for an XML id, or one derived from
// its content: two charts on a page differ in something.
func (c Chart) idPrefix() string {
	var b strings.Builder
	for _, r := range c.ID {
		if r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_') {
			b.WriteRune(r)
		}
	}
	if b.Len() > 0 {
		id := b.String()
		if !unicode.IsLetter(rune(id[0])) {
			id = "chart-" + id
		}
		return id
	}
	h := fnv.New64a()
	fmt.Fprintf(h, "%q %q %d %q", c.Title, c.Desc, c.Kind, c.Categories)
	for _, s := range c.Series {
		fmt.Fprintf(h, " %q %q %v", s.Name, s.Tone, s.Values)
	}
	return fmt.Sprintf("chart-%x", h.Sum64())
}

// scale is the value axis for values up to max: ticks from 0 in steps of
// 1, 2 or 5 times a power of ten, about intervals steps of them, the last
// at or above max; counts (integer) never step by less than 1. places is
// the decimals the ticks need.
func scale(max float64, integer bool, intervals int) (ticks []float64, places int) {
	if !(max > 0) || math.IsInf(max, 0) {
		max = 0
	}
	step := 1.0
	if max > 0 {
		raw := max / float64(intervals)
		mag := math.Pow(10, math.Floor(math.Log10(raw)))
		// Nearest of 1, 2, 5, 10 on a logarithmic scale (the thresholds are
		// the geometric means), as d3's ticks choose.
		switch e := raw / mag; {
		case e >= math.Sqrt(50):
			step = 10 * mag
		case e >= math.Sqrt(10):
			step = 5 * mag
		case e >= math.Sqrt(2):
			step = 2 * mag
		default:
			step = mag
		}
	}
	if integer && step < 1 {
		step = 1
	}
	places = max0(int(-math.Floor(math.Log10(step) + 1e-9)))
	n := int(math.Ceil(max/step - 1e-9))
	if n < 1 {
		n = 1
	}
	round := math.Pow10(places)
	ticks = make([]float64, n+1)
	for i := range ticks {
		ticks[i] = math.Round(float64(i)*step*round) / round
	}
	return ticks, places
}

func max0(n int) int {
	if n < 0 {
		return 0
	}
	return n
}

// rgb is a colour; every one a chart draws data or text in has a contrast
// of at least 3:1 against white (WCAG 1.4.11), the text ones 4.5:1.
type rgb struct{ r, g, b uint8 }

func (c rgb) hex() string { return fmt.Sprintf("#%02x%02x%02x", c.r, c.g, c.b) }

var (
	white = rgb{0xff, 0xff, 0xff}
	ink   = rgb{0x1b, 0x1b, 0x1b} // the app's text colour
	muted = rgb{0x50, 0x5a, 0x5f} // the app's secondary text, and the axes
	grid  = rgb{0xd3, 0xd6, 0xd8} // faint: the gridlines guide, they carry nothing
)

// pattern is drawn in white over a bar's colour, so that series tell apart
// without colour: for a reader who does not see it, and on a page printed
// in grey, where a red and a green bar are the same grey.
type pattern int

const (
	solid pattern = iota
	stripes
	cross
	dots
)

// look is how a series is drawn; dash (in line widths) tells lines apart
// as pattern tells bars apart.
type look struct {
	colour  rgb
	pattern pattern
	dash    []float64
}

// The tones keep the app's colours (--ok, --bad, --warn, --muted): green,
// red, amber and greys, each with a pattern or lightness of its own.
var toneLooks = map[Tone]look{
	Positive: {rgb{0x00, 0x70, 0x3c}, solid, nil},
	Neutral:  {rgb{0x80, 0x88, 0x8c}, solid, []float64{3, 2}},
	Negative: {rgb{0xb1, 0x0e, 0x1e}, stripes, []float64{1, 1.5}},
	Mixed:    {rgb{0x8a, 0x53, 0x00}, cross, []float64{4, 1.5, 1, 1.5}},
	Unjudged: {rgb{0x50, 0x5a, 0x5f}, dots, []float64{6, 2}},
}

var (
	defaultColours  = []rgb{{0x1d, 0x4f, 0x91}, {0x8a, 0x53, 0x00}, {0x00, 0x70, 0x3c}, {0x7a, 0x1f, 0x2b}, {0x50, 0x5a, 0x5f}, {0x6b, 0x3f, 0xa0}}
	defaultPatterns = []pattern{solid, stripes, dots, cross}
	defaultDashes   = [][]float64{nil, {3, 2}, {1, 1.5}, {4, 1.5, 1, 1.5}}
)

func (c Chart) look(s int) look {
	if l, ok := toneLooks[c.Series[s].Tone]; ok {
		return l
	}
	return look{defaultColours[s%len(defaultColours)], defaultPatterns[s%len(defaultPatterns)], defaultDashes[s%len(defaultDashes)]}
}
