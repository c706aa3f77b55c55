package charts

import (
	"context"
	"encoding/xml"
	"errors"
	"io"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/daugavpils/prdesk/internal/i18n"
)

func render(t *testing.T, lang string, c Chart, w, h int) string {
	t.Helper()
	var b strings.Builder
	if err := SVG(c, w, h).Render(i18n.WithLocale(context.Background(), lang), &b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// node is an element of a parsed SVG.
type node struct {
	name     string
	attrs    map[string]string
	children []*node
	text     string // the element's own character data
}

// parse reads markup as strict XML, inside a wrapper so that several
// charts (a page's) parse as one document.
func parse(t *testing.T, markup string) *node {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader("<page>" + markup + "</page>"))
	d.Strict = true
	root := &node{name: "root"}
	stack := []*node{root}
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v\n%s", err, markup)
		}
		top := stack[len(stack)-1]
		switch tok := tok.(type) {
		case xml.StartElement:
			n := &node{name: tok.Name.Local, attrs: map[string]string{}}
			for _, a := range tok.Attr {
				n.attrs[a.Name.Local] = a.Value
			}
			top.children = append(top.children, n)
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			top.text += string(tok)
		}
	}
	return root
}

func (n *node) all(match func(*node) bool) []*node {
	var out []*node
	var walk func(*node)
	walk = func(n *node) {
		if match(n) {
			out = append(out, n)
		}
		for _, c := range n.children {
			walk(c)
		}
	}
	walk(n)
	return out
}

func named(name string) func(*node) bool { return func(n *node) bool { return n.name == name } }

func withClass(class string) func(*node) bool {
	return func(n *node) bool { return n.attrs["class"] == class }
}

// texts is what the chart writes, element by element, without tooltips.
func (n *node) texts() []string {
	var out []string
	for _, t := range n.all(named("text")) {
		out = append(out, t.text)
	}
	return out
}

func (n *node) tip() string {
	for _, c := range n.children {
		if c.name == "title" {
			return c.text
		}
	}
	return ""
}

func TestSVGIsAnImageNamedAndDescribed(t *testing.T) {
	for _, c := range samples() {
		root := parse(t, render(t, "lv", c, 640, 320))
		svgs := root.all(named("svg"))
		if len(svgs) != 1 {
			t.Fatalf("%s: %d svg elements", c.ID, len(svgs))
		}
		svg := svgs[0]
		if svg.attrs["role"] != "img" || svg.attrs["viewBox"] != "0 0 640 320" || svg.attrs["width"] != "100%" {
			t.Errorf("%s: svg attributes %v", c.ID, svg.attrs)
		}
		var named []string
		for _, id := range strings.Fields(svg.attrs["aria-labelledby"]) {
			el := root.all(func(n *node) bool { return n.attrs["id"] == id })
			if len(el) != 1 {
				t.Fatalf("%s: aria-labelledby names %q, found %d times", c.ID, id, len(el))
			}
			named = append(named, el[0].name+": "+el[0].text)
		}
		want := []string{"title: " + c.Title}
		if c.Desc != "" {
			want = append(want, "desc: "+c.Desc)
		}
		if strings.Join(named, "|") != strings.Join(want, "|") {
			t.Errorf("%s: labelled by %q, want %q", c.ID, named, want)
		}
	}
}

func TestSVGDrawsABarForEachValue(t *testing.T) {
	columns := Chart{
		Title: "Pēc toņa", Kind: Columns, Categories: []string{"1. ned.", "2. ned.", "3. ned."},
		Series: []Series{
			{Name: "Pozitīva", Tone: Positive, Values: []float64{3, 0, 2}},
			{Name: "Negatīva", Tone: Negative, Values: []float64{1, 4}}, // the third is missing: 0
			{Name: "Jaukta", Tone: Mixed, Values: []float64{0, 0, 5}},
		},
	}
	root := parse(t, render(t, "lv", columns, 640, 300))
	bars := root.all(withClass("bar"))
	if len(bars) != 5 {
		t.Fatalf("%d bars for 5 values above zero", len(bars))
	}
	if got := bars[1].tip(); got != "1. ned. — Negatīva: 1" {
		t.Errorf("the second bar's tooltip is %q", got)
	}
	// Stacked: the week's negative mentions stand on its positive ones.
	y := func(n *node, attr string) float64 {
		v, err := strconv.ParseFloat(n.attrs[attr], 64)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	if top, bottom := y(bars[0], "y"), y(bars[1], "y")+y(bars[1], "height"); top-bottom > 0.11 || bottom-top > 0.11 {
		t.Errorf("the negative bar ends at %v, the positive one begins at %v", bottom, top)
	}
	if len(root.all(withClass("swatch"))) != 3 {
		t.Error("the legend does not show the three series")
	}
	texts := strings.Join(root.texts(), "|")
	for _, want := range []string{"Pozitīva", "Negatīva", "Jaukta", "1. ned.", "3. ned."} {
		if !strings.Contains(texts, want) {
			t.Errorf("the chart does not say %q: %s", want, texts)
		}
	}
	// Negative and mixed are told from positive by a pattern, not colour alone.
	if !strings.Contains(bars[1].attrs["fill"], "url(#") || !strings.Contains(bars[4].attrs["fill"], "url(#") {
		t.Errorf("negative fill %q, mixed fill %q: no pattern", bars[1].attrs["fill"], bars[4].attrs["fill"])
	}

	hbars := Chart{Kind: HBars, Categories: []string{"a", "b", "c", "d"}, Series: []Series{{Values: []float64{9, 7, 0, 1}}}}
	root = parse(t, render(t, "lv", hbars, 640, 300))
	if n := len(root.all(withClass("bar"))); n != 3 {
		t.Errorf("%d horizontal bars for 3 values above zero", n)
	}
	if len(root.all(withClass("swatch"))) != 0 {
		t.Error("one series has a legend")
	}
	line := Chart{Kind: Line, Categories: []string{"a", "b", "c", "d"}, Series: []Series{
		{Name: "2025", Values: []float64{9, 7, 0, 1}}, {Name: "2026", Values: []float64{1, 2, 3, 4}},
	}}
	root = parse(t, render(t, "lv", line, 640, 300))
	if n := len(root.all(withClass("point"))); n != 8 {
		t.Errorf("%d points on two lines of 4", n)
	}
	if n := len(root.all(withClass("series"))); n != 2 {
		t.Errorf("%d lines for two series", n)
	}
	if n := len(root.all(withClass("swatch"))); n != 2 {
		t.Errorf("the legend shows %d of two series", n)
	}
}

func TestSVGWritesNamesAsText(t *testing.T) {
	c := Chart{
		Title: "Q&A <b>", Desc: `"Tom & Jerry"`, Kind: HBars,
		Categories: []string{"<script>alert(1)</script>", "Tom & Jerry's", "line\nbreak\x00"},
		Series:     []Series{{Name: "<i>", Values: []float64{3, 2, 1}}},
	}
	out := render(t, "lv", c, 640, 300)
	for _, raw := range []string{"<script", "<b>", "<i>", "Tom & Jerry", "\x00"} {
		if strings.Contains(out, raw) {
			t.Errorf("%q is in the markup unescaped", raw)
		}
	}
	root := parse(t, out)
	texts := strings.Join(root.texts(), "|")
	for _, want := range []string{"<script>alert(1)</script>", "Tom & Jerry's", "line break", "Q&A <b>"} {
		if !strings.Contains(texts, want) {
			t.Errorf("the chart does not show %q: %s", want, texts)
		}
	}
	if got := root.all(named("desc"))[0].text; got != `"Tom & Jerry"` {
		t.Errorf("desc = %q", got)
	}
}

// Two charts on a page, and the same page's ids: none twice, and every
// reference (the aria names, the patterns) finds its own chart's.
func TestSVGIdsAreUniqueOnAPage(t *testing.T) {
	tones := samples()[0]
	other := tones
	other.ID = ""
	other.Title = "Cits mēnesis"
	again := other
	again.Title = "Vēl cits"
	var page strings.Builder
	for _, c := range []Chart{tones, other, again} {
		page.WriteString(render(t, "lv", c, 640, 300))
	}
	root := parse(t, page.String())
	seen := map[string]bool{}
	for _, n := range root.all(func(n *node) bool { return n.attrs["id"] != "" }) {
		if seen[n.attrs["id"]] {
			t.Errorf("id %q twice", n.attrs["id"])
		}
		seen[n.attrs["id"]] = true
	}
	for _, svg := range root.all(named("svg")) {
		own := map[string]bool{}
		for _, n := range svg.all(func(n *node) bool { return n.attrs["id"] != "" }) {
			own[n.attrs["id"]] = true
		}
		refs := strings.Fields(svg.attrs["aria-labelledby"])
		for _, n := range svg.all(func(n *node) bool { return strings.HasPrefix(n.attrs["fill"], "url(#") }) {
			refs = append(refs, strings.TrimSuffix(strings.TrimPrefix(n.attrs["fill"], "url(#"), ")"))
		}
		if len(refs) < 3 {
			t.Fatalf("only %d references in a chart of five tones", len(refs))
		}
		for _, ref := range refs {
			if !own[ref] {
				t.Errorf("a chart refers to %q, not one of its own ids", ref)
			}
		}
	}
}

func TestSVGWithoutDataSaysSo(t *testing.T) {
	for _, c := range []Chart{
		{Title: "Tēmas", Kind: HBars, NoData: "Publikāciju nav."},
		{Title: "Tēmas", Kind: Columns, Categories: []string{"a"}, NoData: "Publikāciju nav."},
		{Title: "Tēmas", Kind: Line, Categories: []string{"a"}, Series: []Series{{Name: "x"}}, NoData: "Publikāciju nav."},
	} {
		root := parse(t, render(t, "lv", c, 400, 200))
		if texts := root.texts(); len(texts) != 2 || texts[1] != "Publikāciju nav." {
			t.Errorf("an empty chart writes %q", texts)
		}
		if len(root.all(withClass("bar")))+len(root.all(withClass("point"))) != 0 {
			t.Error("an empty chart draws data")
		}
	}
}

// A long outlet's name is cut short, and its bar's tooltip has it whole.
func TestSVGShortensLongNames(t *testing.T) {
	long := "Gazeta «Сейчас» — Daugavpils un Latgales reģiona ziņu portāls ar ļoti garu nosaukumu"
	c := Chart{Kind: HBars, Categories: []string{long, "LSM.lv"}, Series: []Series{{Values: []float64{5, 3}}}}
	root := parse(t, render(t, "lv", c, 500, 200))
	var label *node
	for _, n := range root.all(named("text")) {
		if strings.HasPrefix(n.text, "Gazeta") {
			label = n
		}
	}
	if label == nil || !strings.HasSuffix(label.text, "…") || len(label.text) >= len(long) {
		t.Fatalf("the long name is drawn as %+v", label)
	}
	if got := root.all(withClass("bar"))[0].tip(); got != long+": 5" {
		t.Errorf("the bar's tooltip is %q", got)
	}
	if label.tip() != long {
		t.Errorf("the name's tooltip is %q", label.tip())
	}
}

// A month of days under a narrow chart: the names turn and, where they
// would still touch, are thinned out; those written stand apart.
func TestSVGDaysDoNotOverlap(t *testing.T) {
	days := samples()[0]
	for _, width := range []int{900, 600, 360} {
		root := parse(t, render(t, "lv", days, width, 300))
		var xs []float64
		for _, n := range root.all(named("text")) {
			if strings.HasSuffix(n.text, ".12.") {
				if !strings.HasPrefix(n.attrs["transform"], "rotate(-45") {
					t.Errorf("width %d: %q is not turned", width, n.text)
				}
				x, _ := strconv.ParseFloat(n.attrs["x"], 64)
				xs = append(xs, x)
			}
		}
		if len(xs) < 8 {
			t.Errorf("width %d: only %d days named", width, len(xs))
		}
		for i := 1; i < len(xs); i++ {
			// Turned 45°, two lines of text 12 px high need 12·√2 ≈ 17 px between them.
			if d := xs[i] - xs[i-1]; d < 17 {
				t.Errorf("width %d: days named %.1f px apart", width, d)
				break
			}
		}
	}
	weeks := Chart{Kind: Columns, Categories: []string{"1. ned.", "2. ned.", "3. ned."}, Series: []Series{{Values: []float64{1, 2, 3}}}}
	if out := render(t, "lv", weeks, 640, 300); strings.Contains(out, "rotate(") {
		t.Error("three weeks' names are turned though they fit across")
	}
}

// Numbers are the reader's: thousands grouped, the decimal mark the language's.
func TestSVGWritesNumbersInTheLanguage(t *testing.T) {
	c := Chart{Kind: HBars, Categories: []string{"a", "b"}, Series: []Series{{Values: []float64{1234, 0.5}}}}
	texts := strings.Join(parse(t, render(t, "lv", c, 640, 300)).texts(), "|")
	if !strings.Contains(texts, "1\u00a0234,0") || !strings.HasSuffix(texts, "|0,5") {
		t.Errorf("Latvian: %q", texts)
	}
	texts = strings.Join(parse(t, render(t, "en", c, 640, 300)).texts(), "|")
	if !strings.Contains(texts, "1\u00a0234.0") || !strings.HasSuffix(texts, "|0.5") {
		t.Errorf("English: %q", texts)
	}
}

// A tiny box still gives a well-formed image without negative sizes,
// which browsers refuse to draw.
func TestSVGInATinyBox(t *testing.T) {
	for _, c := range samples() {
		root := parse(t, render(t, "lv", c, 40, 20))
		for _, n := range root.all(withClass("bar")) {
			if strings.HasPrefix(n.attrs["width"], "-") || strings.HasPrefix(n.attrs["height"], "-") {
				t.Errorf("%s: a bar %s×%s", c.ID, n.attrs["width"], n.attrs["height"])
			}
		}
	}
}

// A low chart, or a narrow one with long numbers, has fewer gridlines
// rather than tick labels on top of each other.
func TestSVGTicksDoNotCrowd(t *testing.T) {
	values := []float64{1234, 29, 7}
	for _, c := range []Chart{
		{Kind: Columns, Categories: []string{"a", "b", "c"}, Series: []Series{{Values: values}}},
		{Kind: HBars, Categories: []string{"a", "b", "c"}, Series: []Series{{Values: values}}},
	} {
		for _, size := range [][2]int{{640, 320}, {640, 110}, {260, 320}} {
			root := parse(t, render(t, "lv", c, size[0], size[1]))
			var at []float64
			for _, n := range root.all(named("line")) {
				if n.attrs["stroke"] != grid.hex() {
					continue
				}
				attr := "y1"
				if c.Kind == HBars {
					attr = "x1"
				}
				v, _ := strconv.ParseFloat(n.attrs[attr], 64)
				at = append(at, v)
			}
			if len(at) == 0 {
				t.Fatalf("kind %d, %v: no gridlines", c.Kind, size)
			}
			need := 1.8 * svgMetrics.font // a line of text between two
			if c.Kind == HBars {
				need = (&svgPainter{}).textWidth("1 000", svgMetrics.font, false)
			}
			for i := 1; i < len(at); i++ {
				if d := math.Abs(at[i] - at[i-1]); d < need {
					t.Errorf("kind %d, %v: gridlines %.1f apart, labels need %.1f", c.Kind, size, d, need)
				}
			}
		}
	}
}
