package charts

import (
	"math"
	"slices"
	"testing"
)

func TestScaleStepsBy125(t *testing.T) {
	tests := []struct {
		max       float64
		integer   bool
		intervals int
		ticks     []float64
		places    int
	}{
		{0, true, 5, []float64{0, 1}, 0},
		{1, true, 5, []float64{0, 1}, 0},
		{3, true, 5, []float64{0, 1, 2, 3}, 0},
		{7, true, 5, []float64{0, 1, 2, 3, 4, 5, 6, 7}, 0},
		{10, true, 5, []float64{0, 2, 4, 6, 8, 10}, 0},
		{93, true, 5, []float64{0, 20, 40, 60, 80, 100}, 0},
		{1234, true, 5, []float64{0, 200, 400, 600, 800, 1000, 1200, 1400}, 0},
		{0.5, false, 5, []float64{0, 0.1, 0.2, 0.3, 0.4, 0.5}, 1},
		{0.08, false, 5, []float64{0, 0.02, 0.04, 0.06, 0.08}, 2},
		{math.NaN(), true, 5, []float64{0, 1}, 0},
		// A low chart has room for fewer ticks.
		{30, true, 2, []float64{0, 20, 40}, 0},
		{1234, true, 2, []float64{0, 500, 1000, 1500}, 0},
		{7, true, 1, []float64{0, 5, 10}, 0},
	}
	for _, tt := range tests {
		ticks, places := scale(tt.max, tt.integer, tt.intervals)
		if !slices.Equal(ticks, tt.ticks) || places != tt.places {
			t.Errorf("scale(%v, %v, %d) = %v, %d places; want %v, %d", tt.max, tt.integer, tt.intervals, ticks, places, tt.ticks, tt.places)
		}
	}
}

// relativeLuminance and contrast as WCAG 2 defines them.
func relativeLuminance(c rgb) float64 {
	channel := func(v uint8) float64 {
		s := float64(v) / 255
		if s <= 0.04045 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*channel(c.r) + 0.7152*channel(c.g) + 0.0722*channel(c.b)
}

func contrast(a, b rgb) float64 {
	la, lb := relativeLuminance(a), relativeLuminance(b)
	return (math.Max(la, lb) + 0.05) / (math.Min(la, lb) + 0.05)
}

func TestColoursKeepTheirContrastOnWhite(t *testing.T) {
	for tone, l := range toneLooks {
		if c := contrast(l.colour, white); c < 3 {
			t.Errorf("%s: %s has a contrast of %.2f against white", tone, l.colour.hex(), c)
		}
	}
	for _, colour := range defaultColours {
		if c := contrast(colour, white); c < 3 {
			t.Errorf("%s has a contrast of %.2f against white", colour.hex(), c)
		}
	}
	for _, colour := range []rgb{ink, muted} {
		if c := contrast(colour, white); c < 4.5 {
			t.Errorf("text in %s has a contrast of %.2f against white", colour.hex(), c)
		}
	}
}

// Printed in grey or seen without colour, every tone still differs from
// the others in its pattern, or in its lightness where both are solid.
func TestTonesDifferWithoutColour(t *testing.T) {
	tones := []Tone{Positive, Neutral, Negative, Mixed, Unjudged}
	for i, a := range tones {
		for _, b := range tones[i+1:] {
			la, lb := toneLooks[a], toneLooks[b]
			if la.pattern != lb.pattern {
				continue
			}
			if c := contrast(la.colour, lb.colour); c < 1.5 {
				t.Errorf("%s and %s share a pattern and differ in lightness by only %.2f:1", a, b, c)
			}
		}
		if slices.Equal(toneLooks[a].dash, nil) && a != Positive {
			t.Errorf("%s draws a solid line, which is positive's", a)
		}
	}
}

func TestOddValuesDrawAsZero(t *testing.T) {
	c := Chart{Categories: []string{"a", "b", "c", "d"}, Series: []Series{{Values: []float64{-3, math.NaN(), math.Inf(1)}}}}
	for i := range c.Categories {
		if v := c.value(0, i); v != 0 {
			t.Errorf("value %d = %v", i, v)
		}
	}
	if !(Chart{Categories: []string{"a"}, Series: []Series{{}}}).empty() {
		t.Error("a series without values counts as data")
	}
	if (Chart{Categories: []string{"a"}, Series: []Series{{Values: []float64{0}}}}).empty() {
		t.Error("a quiet week (a zero) counts as no data")
	}
}
