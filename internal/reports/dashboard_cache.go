package reports

import (
	"context"
	"strconv"
	"strings"
	"sync"
	"time"
)

// figureCache keeps each area's figures of a period with the area's
// revision (tableRevisions of its tables) when they were read: an opening
// of the dashboard reads the areas' revisions in one catalogue query and
// runs an area's Summary only when a write has moved its tables on since
// (or the day has changed: "today" is part of some figures). Summaries of
// a year scan a year of the area's rows; the cache makes the second
// opening, and the 32nd client's, a lookup.
//
// Concurrent openings that miss the same entry wait for one reading
// rather than each running the Summary.
type figureCache struct {
	mu      sync.Mutex
	entries map[string]cacheEntry
	pending map[string]*pendingRead
}

type cacheEntry struct {
	rev    string
	values []float64
}

type pendingRead struct {
	done   chan struct{}
	values []float64
	err    error
}

// maxCacheEntries bounds the cache: the dashboard's periods are few (three
// a choice), and a flood of odd ranges only empties it.
const maxCacheEntries = 2048

func newFigureCache() *figureCache {
	return &figureCache{entries: map[string]cacheEntry{}, pending: map[string]*pendingRead{}}
}

// get is the figures under key at revision rev, read by load when the
// cache has none at rev.
func (c *figureCache) get(ctx context.Context, key, rev string, load func(context.Context) ([]float64, error)) ([]float64, error) {
	c.mu.Lock()
	if e, ok := c.entries[key]; ok && e.rev == rev {
		c.mu.Unlock()
		return e.values, nil
	}
	pkey := key + "@" + rev
	if p, ok := c.pending[pkey]; ok {
		c.mu.Unlock()
		select {
		case <-p.done:
			return p.values, p.err
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	p := &pendingRead{done: make(chan struct{})}
	c.pending[pkey] = p
	c.mu.Unlock()

	// The reading outlives a reader who goes away: others may wait on it.
	p.values, p.err = load(context.WithoutCancel(ctx))
	c.mu.Lock()
	delete(c.pending, pkey)
	if p.err == nil {
		if len(c.entries) >= maxCacheEntries {
			clear(c.entries)
		}
		c.entries[key] = cacheEntry{rev: rev, values: p.values}
	}
	c.mu.Unlock()
	close(p.done)
	return p.values, p.err
}

// revisionOf is an area's revision: its tables' writes and today's date.
func revisionOf(revs map[string]int64, tables []string, today time.Time) string {
	var b strings.Builder
	b.WriteString(today.Format(time.DateOnly))
	for _, t := range tables {
		b.WriteByte(' ')
		b.WriteString(strconv.FormatInt(revs[t], 10))
	}
	return b.String()
}
