package search

import (
	"sync"
	"time"
)

// CommonWords remembers, for a while, the searches for which an area found
// more matches than it reads through its index (MatchesBound, or the
// registry's own bound), so that its next search for one walks its list's
// order at once instead of first reading those matches through the index
// again to learn that the word is common (about 10 ms for a common surname
// on a million clippings, 80 ms for "par sniega" in the registry, each
// time).
//
// It is only a hint: both ways give the same hits. A word becomes more
// common as records are added; one remembered that has since become rare
// (its records deleted) costs the walk, which for a word in no record reads
// every row, until it is forgotten CommonFor after it was found.
type CommonWords struct {
	now   func() time.Time
	mu    sync.Mutex
	found map[string]time.Time
}

// CommonFor is how long a word found common is remembered.
const CommonFor = 10 * time.Minute

// maxCommonWords bounds the memory: past it, the oldest half is dropped.
const maxCommonWords = 4096

// NewCommonWords is an empty memory on the clock now.
func NewCommonWords(now func() time.Time) *CommonWords {
	return &CommonWords{now: now, found: map[string]time.Time{}}
}

// Known tells whether q was found common less than CommonFor ago. A nil
// memory knows nothing.
func (c *CommonWords) Known(q string) bool {
	if c == nil {
		return false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	at, ok := c.found[q]
	if ok && c.now().Sub(at) >= CommonFor {
		delete(c.found, q)
		return false
	}
	return ok
}

// Found remembers that q has more matches than the area reads through its
// index (MatchesBound, or the registry's own bound).
func (c *CommonWords) Found(q string) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.now()
	if len(c.found) >= maxCommonWords {
		c.forgetOldest(now)
	}
	c.found[q] = now
}

// forgetOldest drops the words found longer ago than half of CommonFor,
// or all when none is that old: a flood of different common words only
// empties the memory.
func (c *CommonWords) forgetOldest(now time.Time) {
	n := len(c.found)
	for q, at := range c.found {
		if now.Sub(at) >= CommonFor/2 {
			delete(c.found, q)
		}
	}
	if len(c.found) == n {
		clear(c.found)
	}
}
