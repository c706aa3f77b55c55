package ical

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func unfold(s string) []string {
	s = strings.ReplaceAll(s, "\r\n ", "")
	return strings.Split(strings.TrimSuffix(s, "\r\n"), "\r\n")
}

func TestFoldAtOctetsNotCharacters(t *testing.T) {
	for _, n := range []int{0, 1, 74, 75, 76, 149, 150, 151, 400} {
		for _, unit := range []string{"a", "ā", "€", "𝄞"} {
			s := strings.Repeat(unit, n)
			var b strings.Builder
			Fold(&b, "X:"+s)
			got := b.String()
			for i, l := range strings.Split(strings.TrimSuffix(got, "\r\n"), "\r\n") {
				if len(l) > 75 || (i > 0 && !strings.HasPrefix(l, " ")) || !utf8.ValidString(l) {
					t.Fatalf("%d×%q: line %d %q", n, unit, i, l)
				}
			}
			if u := unfold(got); len(u) != 1 || u[0] != "X:"+s {
				t.Fatalf("%d×%q: unfolds to %q", n, unit, u)
			}
		}
	}
}

func TestTextEscapesWhatRFC5545Reserves(t *testing.T) {
	if got := Text("a,b;c\\d\nē"); got != `a\,b\;c\\d\nē` {
		t.Errorf("%q", got)
	}
}
