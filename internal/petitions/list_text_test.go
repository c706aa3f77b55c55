package petitions

import (
	"strings"
	"testing"
	"time"
)

// A text search is the words typed, each the start of a word; punctuation
// alone is no search.
func TestTextQuery(t *testing.T) {
	for in, want := range map[string]string{
		"apgaism":             "apgaism:*",
		"  Ūdens   ielā!  ":   "Ūdens:* & ielā:*",
		"18. novembra (iela)": "18:* & novembra:* & iela:*",
		"'; drop --":          "drop:*",
		"!!! -- ...":          "",
		"Жуков":               "Жуков:*",
	} {
		if got := textQuery(in); got != want {
			t.Errorf("textQuery(%q) = %q, want %q", in, got, want)
		}
	}
}

// The few matches of a text search are read by id; a word with more
// matches than the list reads by id is the words' match itself.
func TestTextSearchCondition(t *testing.T) {
	cond := func(f ListFilter) string {
		var q listQuery
		q.filter(f, time.Now())
		return q.clause()
	}
	if c := cond(ListFilter{Text: "apgaism", text: lookedUpOf([]int64{3, 5})}); !strings.Contains(c, "p.id = any($1)") {
		t.Errorf("a rare word: %s", c)
	}
	if c := cond(ListFilter{Text: "apgaism", text: lookedUpOf(make([]int64, lookUpLimit+1))}); !strings.Contains(c, "@@ to_tsquery") {
		t.Errorf("a common word: %s", c)
	}
	if c := cond(ListFilter{Text: "apgaism"}); !strings.Contains(c, "@@ to_tsquery") {
		t.Errorf("not looked up (an export): %s", c)
	}
	if c := cond(ListFilter{Text: "?!"}); c != "false" {
		t.Errorf("punctuation alone: %s", c)
	}
	if !(ListFilter{Text: "x", text: &lookedUp{common: true}}).onlyText() || (ListFilter{Text: "x", Overdue: true}).onlyText() {
		t.Error("onlyText")
	}
}

// The few submissions whose number starts with what was typed are read by
// id; a start with more matches than the list reads by id (or one not
// looked up, as an export's count) is the numbers' range itself.
func TestNumberCondition(t *testing.T) {
	cond := func(f ListFilter) string {
		var q listQuery
		q.filter(f, time.Now())
		return q.clause()
	}
	if c := cond(ListFilter{Number: "1-12/2026/", number: lookedUpOf(nil)}); c != "p.id = any($1)" {
		t.Errorf("a start no number has: %s", c)
	}
	if c := cond(ListFilter{Number: "1-12/2026/", number: lookedUpOf(make([]int64, lookUpLimit+1))}); !strings.Contains(c, `(p.reg_number collate "C") >= $1`) {
		t.Errorf("a start of many numbers: %s", c)
	}
	if c := cond(ListFilter{Number: "1-12/2026/"}); !strings.Contains(c, `(p.reg_number collate "C") >= $1`) {
		t.Errorf("not looked up: %s", c)
	}
}
