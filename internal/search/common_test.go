package search

import (
	"fmt"
	"testing"
	"time"
)

func TestCommonWordsAreRememberedForAWhile(t *testing.T) {
	now := time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)
	c := NewCommonWords(func() time.Time { return now })
	if c.Known("berzins:*") {
		t.Fatal("an empty memory knows a word")
	}
	c.Found("berzins:*")
	if !c.Known("berzins:*") || c.Known("ozols:*") {
		t.Fatal("the word found is not the one known")
	}
	now = now.Add(CommonFor - time.Second)
	if !c.Known("berzins:*") {
		t.Fatal("forgotten before CommonFor")
	}
	now = now.Add(time.Second)
	if c.Known("berzins:*") {
		t.Fatal("still known CommonFor after it was found")
	}
	var none *CommonWords
	none.Found("berzins:*")
	if none.Known("berzins:*") {
		t.Fatal("a nil memory knows a word")
	}
}

func TestCommonWordsStayBounded(t *testing.T) {
	now := time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)
	c := NewCommonWords(func() time.Time { return now })
	for i := range maxCommonWords {
		c.Found(fmt.Sprintf("old%d:*", i))
	}
	now = now.Add(CommonFor / 2)
	c.Found("new:*")
	if len(c.found) != 1 || !c.Known("new:*") {
		t.Fatalf("%d words kept after the old half was due, want the new one", len(c.found))
	}
	for i := range maxCommonWords + 1 {
		c.Found(fmt.Sprintf("flood%d:*", i))
	}
	if len(c.found) > maxCommonWords {
		t.Fatalf("%d words kept, bound %d", len(c.found), maxCommonWords)
	}
}
