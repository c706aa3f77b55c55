package monitoring

import (
	"strings"
	"testing"
)

// excerptByWords is Excerpt as it was first written: the words joined
// with one space, then cut by letters.
func excerptByWords(body string, n int) string {
	r := []rune(strings.Join(strings.Fields(body), " "))
	if len(r) <= n {
		return string(r)
	}
	return strings.TrimRight(string(r[:n]), " ,.;:") + "…"
}

func TestExcerptIsTheTextsWordsCut(t *testing.T) {
	for _, body := range []string{"", "  ", "Īss.", "  Vārds  otrs\n\nvārds. ", "Как сообщили в AS Daugavpils satiksme,  изменения\tвступят.",
		strings.Repeat("ābols, ", 40), strings.Repeat("x", 160), strings.Repeat("x", 161), strings.Repeat("y", 159) + " z",
		strings.Repeat("y", 160) + " z", strings.Repeat("y", 159) + ", z", "a\u00a0b\u2003c \xff\xfe d", strings.Repeat(" ", 200) + "a"} {
		for _, n := range []int{0, 1, 5, 159, 160, 161} {
			if got, want := (Clipping{Body: body}).Excerpt(n), excerptByWords(body, n); got != want {
				t.Errorf("Excerpt(%q, %d) = %q, want %q", body, n, got, want)
			}
		}
	}
}

func FuzzExcerpt(f *testing.F) {
	f.Add("Pašvaldība  aicina,\n\niedzīvotājus.", 10)
	f.Fuzz(func(t *testing.T, body string, n int) {
		if n < 0 || n > 1000 {
			return
		}
		if got, want := (Clipping{Body: body}).Excerpt(n), excerptByWords(body, n); got != want {
			t.Errorf("Excerpt(%q, %d) = %q, want %q", body, n, got, want)
		}
	})
}

func BenchmarkExcerpt(b *testing.B) {
	body := strings.Repeat("Как сообщили в AS Daugavpils satiksme, изменения вступят в силу 17 октября. ", 6)[:400]
	for b.Loop() {
		(Clipping{Body: body}).Excerpt(160)
	}
}

func BenchmarkExcerptByWords(b *testing.B) {
	body := strings.Repeat("Как сообщили в AS Daugavpils satiksme, изменения вступят в силу 17 октября. ", 6)[:400]
	for b.Loop() {
		excerptByWords(body, 160)
	}
}
