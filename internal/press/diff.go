package press

import (
	"unicode"
	"unicode/utf8"
)

// Op says whether a piece of text is in both versions, only the older or only the newer.
type Op int8

const (
	Same Op = iota
	Removed
	Added
)

// Piece is a run of text with one Op.
type Piece struct {
	Op   Op
	Text string
}

// maxLCSCells bounds the LCS table (2 bytes a cell, so about 8 MB). Two
// unrelated 3 000-word texts would need 9 000 000 cells; past this bound a
// word-level alignment of two mostly different texts tells the reader
// little more than "rewritten", so it is not worth the memory.
const maxLCSCells = 4_000_000

// word is one token of a text: the word proper is text[start:wordEnd], the
// whitespace that follows it runs to end. Offsets rather than substrings let
// the pieces be cut straight from the inputs, so they are exact by
// construction and adjacent tokens merge without copying.
type word struct {
	start, wordEnd, end int
}

// words tokenises s on Unicode whitespace. Leading whitespace becomes a token
// with an empty word so that no byte of s is lost.
func words(s string) []word {
	var ws []word
	i := 0
	for i < len(s) {
		w := word{start: i}
		for i < len(s) {
			r, n := utf8.DecodeRuneInString(s[i:])
			if unicode.IsSpace(r) {
				break
			}
			i += n
		}
		w.wordEnd = i
		for i < len(s) {
			r, n := utf8.DecodeRuneInString(s[i:])
			if !unicode.IsSpace(r) {
				break
			}
			i += n
		}
		w.end = i
		ws = append(ws, w)
	}
	return ws
}

// Diff splits old and new into words (a word keeps the whitespace that follows it, so
// joining the pieces of one side gives that side's text back exactly) and returns the pieces
// in reading order: runs of equal ops merged, a Removed run before the Added run that replaces it.
//
// Words are matched on their letters alone: a reflowed line or a word that
// gained a trailing space should not show the whole word as rewritten, only
// the whitespace.
func Diff(old, new string) []Piece {
	a, b := words(old), words(new)
	d := differ{old: old, new: new}

	// Edits to a press release are usually local; trimming what did not
	// change keeps the quadratic table small for the common case.
	pre := 0
	for pre < len(a) && pre < len(b) && old[a[pre].start:a[pre].wordEnd] == new[b[pre].start:b[pre].wordEnd] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre &&
		old[a[len(a)-1-suf].start:a[len(a)-1-suf].wordEnd] == new[b[len(b)-1-suf].start:b[len(b)-1-suf].wordEnd] {
		suf++
	}

	for k := 0; k < pre; k++ {
		d.match(a[k], b[k])
	}
	ma, mb := a[pre:len(a)-suf], b[pre:len(b)-suf]
	if len(ma) > 0 && len(mb) > 0 && len(ma)*len(mb) <= maxLCSCells {
		d.lcs(ma, mb)
	}
	// On fallback the middle has no matches, so the next match (or the
	// final flush) emits it as one Removed and one Added piece.
	for k := suf; k > 0; k-- {
		d.match(a[len(a)-k], b[len(b)-k])
	}
	d.flush(len(old), len(new))
	return d.pieces()
}

// Changed tells whether old and new differ.
func Changed(old, new string) bool {
	return old != new
}

// span is a piece by offsets: into old for Same and Removed, into new for Added.
type span struct {
	op     Op
	lo, hi int
}

// differ turns a sequence of matched word pairs into pieces. Everything
// between the cursors and the next match is what one side lost or gained.
type differ struct {
	old, new       string
	oldPos, newPos int
	spans          []span
}

func (d *differ) emit(op Op, lo, hi int) {
	if lo == hi {
		return
	}
	if n := len(d.spans); n > 0 && d.spans[n-1].op == op && d.spans[n-1].hi == lo {
		d.spans[n-1].hi = hi
		return
	}
	d.spans = append(d.spans, span{op, lo, hi})
}

// flush emits what lies before the given offsets, the removal first so a
// replacement reads as "was this, now that".
func (d *differ) flush(oldTo, newTo int) {
	d.emit(Removed, d.oldPos, oldTo)
	d.emit(Added, d.newPos, newTo)
	d.oldPos, d.newPos = oldTo, newTo
}

// match records that x in old and y in new are the same word. When their
// trailing whitespace differs only the word is Same; the cursors stop before
// the whitespace so it falls into the next removal and addition.
func (d *differ) match(x, y word) {
	if x.wordEnd == x.start {
		// A leading-whitespace token: there is no word to show as Same,
		// and flushing here would split one change into two pieces.
		if d.old[x.start:x.end] == d.new[y.start:y.end] {
			d.flush(x.start, y.start)
			d.emit(Same, x.start, x.end)
			d.oldPos, d.newPos = x.end, y.end
		}
		return
	}
	d.flush(x.start, y.start)
	if d.old[x.wordEnd:x.end] == d.new[y.wordEnd:y.end] {
		d.emit(Same, x.start, x.end)
		d.oldPos, d.newPos = x.end, y.end
		return
	}
	d.emit(Same, x.start, x.wordEnd)
	d.oldPos, d.newPos = x.wordEnd, y.wordEnd
}

// lcs matches the longest common subsequence of words of a and b.
func (d *differ) lcs(a, b []word) {
	// Interning turns millions of string comparisons in the table into
	// integer ones.
	ids := make(map[string]int32, len(a)+len(b))
	intern := func(s string, ws []word) []int32 {
		out := make([]int32, len(ws))
		for i, w := range ws {
			k := s[w.start:w.wordEnd]
			id, ok := ids[k]
			if !ok {
				id = int32(len(ids))
				ids[k] = id
			}
			out[i] = id
		}
		return out
	}
	x, y := intern(d.old, a), intern(d.new, b)

	// The table holds suffix lengths so the walk below can go forward and
	// emit in reading order without reversing. uint16 is enough: an LCS is
	// at most min(n, m), and n*m <= maxLCSCells keeps that under 2 001.
	n, m := len(x), len(y)
	w := m + 1
	t := make([]uint16, (n+1)*w)
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			switch {
			case x[i] == y[j]:
				t[i*w+j] = t[(i+1)*w+j+1] + 1
			case t[(i+1)*w+j] >= t[i*w+j+1]:
				t[i*w+j] = t[(i+1)*w+j]
			default:
				t[i*w+j] = t[i*w+j+1]
			}
		}
	}
	for i, j := 0, 0; i < n && j < m; {
		switch {
		case x[i] == y[j]:
			d.match(a[i], b[j])
			i++
			j++
		case t[(i+1)*w+j] >= t[i*w+j+1]:
			i++
		default:
			j++
		}
	}
}

func (d *differ) pieces() []Piece {
	out := make([]Piece, len(d.spans))
	for i, s := range d.spans {
		src := d.old
		if s.op == Added {
			src = d.new
		}
		out[i] = Piece{s.op, src[s.lo:s.hi]}
	}
	return out
}
