package press

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// checkDiff asserts the invariants every caller relies on: each side can be
// rebuilt from the pieces, and the pieces are in the canonical shape the
// side-by-side view expects.
func checkDiff(t *testing.T, old, new string, ps []Piece) {
	t.Helper()
	var o, n strings.Builder
	for i, p := range ps {
		if p.Text == "" {
			t.Errorf("piece %d is empty", i)
		}
		if i > 0 && ps[i-1].Op == p.Op {
			t.Errorf("pieces %d and %d both have op %d; runs should be merged", i-1, i, p.Op)
		}
		if i > 0 && ps[i-1].Op == Added && p.Op == Removed {
			t.Errorf("piece %d: Removed follows Added; the removal should come first", i)
		}
		switch p.Op {
		case Same:
			o.WriteString(p.Text)
			n.WriteString(p.Text)
		case Removed:
			o.WriteString(p.Text)
		case Added:
			n.WriteString(p.Text)
		default:
			t.Errorf("piece %d has unknown op %d", i, p.Op)
		}
	}
	if o.String() != old {
		t.Errorf("old side not rebuilt:\n got %q\nwant %q", o.String(), old)
	}
	if n.String() != new {
		t.Errorf("new side not rebuilt:\n got %q\nwant %q", n.String(), new)
	}
}

func TestDiffSmall(t *testing.T) {
	tests := []struct {
		name     string
		old, new string
		want     []Piece
	}{
		{"identical", "Rīga ir galvaspilsēta", "Rīga ir galvaspilsēta",
			[]Piece{{Same, "Rīga ir galvaspilsēta"}}},
		{"both empty", "", "", nil},
		{"empty old", "", "jauns teksts", []Piece{{Added, "jauns teksts"}}},
		{"empty new", "vecs teksts", "", []Piece{{Removed, "vecs teksts"}}},
		{"insert word", "a b c", "a x b c",
			[]Piece{{Same, "a "}, {Added, "x "}, {Same, "b c"}}},
		{"insert at start", "b c", "a b c",
			[]Piece{{Added, "a "}, {Same, "b c"}}},
		{"append word", "a b", "a b c",
			[]Piece{{Same, "a b"}, {Added, " c"}}},
		{"delete word", "a b c", "a c",
			[]Piece{{Same, "a "}, {Removed, "b "}, {Same, "c"}}},
		{"delete last word", "a b c", "a b",
			[]Piece{{Same, "a b"}, {Removed, " c"}}},
		{"replace word", "a b c", "a x c",
			[]Piece{{Same, "a "}, {Removed, "b "}, {Added, "x "}, {Same, "c"}}},
		{"replace two separate words", "a b c d e", "a x c y e",
			[]Piece{{Same, "a "}, {Removed, "b "}, {Added, "x "}, {Same, "c "}, {Removed, "d "}, {Added, "y "}, {Same, "e"}}},
		{"all different", "viens divi", "three four",
			[]Piece{{Removed, "viens divi"}, {Added, "three four"}}},
		{"whitespace only", "a b", "a\n\nb",
			[]Piece{{Same, "a"}, {Removed, " "}, {Added, "\n\n"}, {Same, "b"}}},
		{"whitespace and word", "a b c", "a\nx c",
			[]Piece{{Same, "a"}, {Removed, " b "}, {Added, "\nx "}, {Same, "c"}}},
		{"leading whitespace same", "  a b", "  a c",
			[]Piece{{Same, "  a "}, {Removed, "b"}, {Added, "c"}}},
		{"leading whitespace changed", " a", "\ta",
			[]Piece{{Removed, " "}, {Added, "\t"}, {Same, "a"}}},
		{"leading whitespace added", "a", "\na",
			[]Piece{{Added, "\n"}, {Same, "a"}}},
		{"latvian", "Jānis Bērziņš teica", "Jānis Kalniņš teica",
			[]Piece{{Same, "Jānis "}, {Removed, "Bērziņš "}, {Added, "Kalniņš "}, {Same, "teica"}}},
		{"cyrillic", "Привет мир", "Привет новый мир",
			[]Piece{{Same, "Привет "}, {Added, "новый "}, {Same, "мир"}}},
		{"non-breaking space is whitespace", "a\u00a0b", "a\u00a0c",
			[]Piece{{Same, "a\u00a0"}, {Removed, "b"}, {Added, "c"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Diff(tt.old, tt.new)
			checkDiff(t, tt.old, tt.new, got)
			if len(got) == 0 && len(tt.want) == 0 {
				return
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Diff(%q, %q)\n got %+v\nwant %+v", tt.old, tt.new, got, tt.want)
			}
		})
	}
}

func TestDiffExact(t *testing.T) {
	tests := []struct{ old, new string }{
		{"", ""},
		{"", "   "},
		{"  \n", ""},
		{" \t leading", "leading"},
		{"\n\nPirmā rindkopa.\n\nOtrā rindkopa.\n", "\nPirmā rindkopa.\r\n\r\nTrešā rindkopa.  "},
		{"Bērziņš, Ozoliņa un Šķēle", "Ozoliņa, Bērziņš un Čakste"},
		{"Пресс-релиз Даугавпилсской думы", "Пресс-релиз думы Даугавпилса\n"},
		{"a a a a", "a a"},
		{"a b a b a b", "b a b a"},
		{"trailing ", "trailing"},
		{"x\u3000y\u2028z", "x y z"},
		{"the cat sat on the mat", "on the mat the cat sat"},
	}
	for i, tt := range tests {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			checkDiff(t, tt.old, tt.new, Diff(tt.old, tt.new))
			checkDiff(t, tt.new, tt.old, Diff(tt.new, tt.old))
		})
	}
}

// pressText builds a release-sized text as words with their following
// whitespace, from a small vocabulary so words repeat the way real prose does
// and the LCS has many candidate matches. Editing the slice keeps each word's
// whitespace with it, as an editor's change would.
func pressText(r *rand.Rand, n int) []string {
	vocab := []string{"Daugavpils", "pilsēta", "dome", "un", "ar", "Bērziņš", "projekts",
		"iedzīvotāji", "jaunā", "skola", "города", "дума", "2025.", "gadā,", "tiks"}
	seps := []string{" ", " ", " ", " ", "\n", "\n\n", "  "}
	ws := make([]string, n)
	for i := range ws {
		ws[i] = vocab[r.IntN(len(vocab))] + seps[r.IntN(len(seps))]
	}
	return ws
}

func TestDiffLargeWithEdits(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	oldWords := pressText(r, 3000)
	newWords := append([]string(nil), oldWords...)
	// The edits stay within words 600..2200 so the trimmed middle
	// (1 600 x ~1 600 words) is under maxLCSCells and the LCS itself runs
	// at full size; TestDiffFallback covers edits spread wider.
	newWords[600] = "izmainīts "
	newWords = append(newWords[:900], newWords[903:]...)
	newWords = slices.Insert(newWords, 1500, "jauns ", "teikums\n")
	newWords[2200] = "beigas "
	old, new := strings.Join(oldWords, ""), strings.Join(newWords, "")

	got := Diff(old, new)
	checkDiff(t, old, new, got)
	changed := 0
	for _, p := range got {
		if p.Op != Same {
			changed++
		}
	}
	// Four edits, each at most a Removed and an Added piece, plus slack for
	// whitespace that moved with a deleted or inserted word.
	if changed > 12 {
		t.Errorf("%d changed pieces for four edits; the alignment is too coarse", changed)
	}
	if !Changed(old, new) {
		t.Error("Changed = false for edited text")
	}
}

func TestDiffFallback(t *testing.T) {
	// Distinct middles whose word counts multiply past maxLCSCells force
	// the fallback; the shared prefix and suffix must still be trimmed off.
	const n = 2100
	if n*n <= maxLCSCells {
		t.Fatalf("n=%d does not exceed maxLCSCells=%d", n, maxLCSCells)
	}
	mid := func(prefix string) string {
		ws := make([]string, n)
		for i := range ws {
			ws[i] = fmt.Sprintf("%s%d", prefix, i)
		}
		return strings.Join(ws, " ")
	}
	// The middles end in the line break before the tail, since a word
	// carries its following whitespace into the pieces.
	head, tail := "Daugavpils dome ziņo:\n", "Paldies. Спасибо."
	oldMid, newMid := mid("vecs")+"\n", mid("новый")+"\n"
	old := head + oldMid + tail
	new := head + newMid + tail

	got := Diff(old, new)
	checkDiff(t, old, new, got)
	want := []Piece{
		{Same, head},
		{Removed, oldMid},
		{Added, newMid},
		{Same, tail},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("fallback pieces: got %d pieces, want prefix/removed/added/suffix", len(got))
		for i, p := range got {
			if i > 5 {
				break
			}
			t.Logf("piece %d: op %d, %.40q", i, p.Op, p.Text)
		}
	}

	// Middles that do share words still fall back when too long; the
	// result is coarse but must stay exact.
	r := rand.New(rand.NewPCG(5, 6))
	a := strings.Join(pressText(r, 2500), "")
	b := strings.Join(pressText(r, 2500), "")
	checkDiff(t, "  "+a+"\n", "\t"+b, Diff("  "+a+"\n", "\t"+b))
}

func TestChanged(t *testing.T) {
	tests := []struct {
		old, new string
		want     bool
	}{
		{"", "", false},
		{"Bērziņš", "Bērziņš", false},
		{"a b", "a  b", true},
		{"a", "b", true},
		{"", "a", true},
		{"a\n", "a", true},
	}
	for _, tt := range tests {
		if got := Changed(tt.old, tt.new); got != tt.want {
			t.Errorf("Changed(%q, %q) = %v, want %v", tt.old, tt.new, got, tt.want)
		}
	}
}
