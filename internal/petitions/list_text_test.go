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
	if c := cond(ListFilter{Text: "apgaism", text: lookedUpOf(make([]int64, lookUpLimit.Load()+1))}); !strings.Contains(c, "@@ to_tsquery") {
		t.Errorf("a common word: %s", c)
	}
	if c := cond(ListFilter{Text: "apgaism"}); !strings.Contains(c, "@@ to_tsquery") {
		t.Errorf("not looked up (an export): %s", c)
	}
	if c := cond(ListFilter{Text: "?!"}); c != "false" {
		t.Errorf("punctuation alone: %s", c)
	}
	common := &lookedUp{common: true}
	if !(ListFilter{Text: "x", text: common}).commonAlone() || !(ListFilter{Number: "1-14/", number: common}).commonAlone() {
		t.Error("a common filter alone")
	}
	if (ListFilter{Text: "x", text: common, Overdue: true}).commonAlone() || (ListFilter{Text: "x", text: common, Number: "1-14/", number: common}).commonAlone() ||
		(ListFilter{Text: "x", text: &lookedUp{ids: []int64{1}}}).commonAlone() {
		t.Error("a common filter with another, or a rare one")
	}
}

// The few submissions whose number starts with what was typed are read by
// id; a start with more matches than the list reads by id is tested on
// each row walked (in its year, when it names one); one not looked up is
// the numbers' range.
func TestNumberCondition(t *testing.T) {
	cond := func(f ListFilter) string {
		var q listQuery
		q.filter(f, time.Now())
		return q.clause()
	}
	if c := cond(ListFilter{Number: "1-12/2026/", number: lookedUpOf(nil)}); c != "p.id = any($1)" {
		t.Errorf("a start no number has: %s", c)
	}
	many := lookedUpOf(make([]int64, lookUpLimit.Load()+1))
	if c := cond(ListFilter{Number: "1-14/2021/", number: many}); c != "p.reg_year = $1 and left(p.reg_number, $2) = $3" {
		t.Errorf("a start of many numbers in a year: %s", c)
	}
	if c := cond(ListFilter{Number: "1-14/", number: many}); c != "left(p.reg_number, $1) = $2" {
		t.Errorf("a start of many numbers: %s", c)
	}
	if c := cond(ListFilter{Number: "1-12/2026/"}); !strings.Contains(c, `(p.reg_number collate "C") >= $1`) {
		t.Errorf("not looked up: %s", c)
	}
}

func TestNumberYear(t *testing.T) {
	for in, want := range map[string]int{"1-14/2021/": 2021, "1-14/2021": 2021, "1-14/2021/15": 2021, "1-14/20": 0, "1-14/20211": 0, "2021/": 0, "1-14": 0} {
		if got, ok := numberYear(in); got != want || ok != (want != 0) {
			t.Errorf("numberYear(%q) = %d, %v", in, got, ok)
		}
	}
}
