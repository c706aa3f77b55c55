package reports

import (
	"context"
	"math"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/daugavpils/prdesk/internal/auth"
)

// revCache keeps each area's figures of a period (and, in another cache,
// its notes of today) with the area's revision (tableRevisions of its
// tables) when they were read: an opening of the dashboard reads the
// areas' revisions in one query and runs an area's Summary only when a
// write has moved its tables on since (or the day has changed: "today" is
// part of some figures, and of every note). Summaries of a year scan a
// year of the area's rows, and the submissions overdue now count a
// million; the cache makes the second opening, and the 32nd client's, a
// lookup.
//
// Concurrent openings that miss the same entry wait for one reading
// rather than each running the Summary. An entry kept today at an older
// revision is given as it is while one reading in the background brings
// it up to date: an area written every few seconds (the reception logs
// each visitor, the registry each submission) would otherwise have every
// opening wait for a year's Summary (seconds on a million rows), and run
// them back to back. A figure then lags a write by the time of one
// reading more than the statistics' own lag.
type revCache[V any] struct {
	mu         sync.Mutex
	entries    map[string]cacheEntry[V]
	pending    map[string]*pendingRead[V]
	refreshing map[string]bool // keys being read afresh in the background
}

// figureCache keeps the figures of an (area, period).
type figureCache = revCache[[]float64]

type cacheEntry[V any] struct {
	rev    string
	values V
}

type pendingRead[V any] struct {
	done   chan struct{}
	values V
	err    error
}

// maxCacheEntries bounds the cache: the dashboard's periods are few (three
// a choice), and a flood of odd ranges only empties it.
const maxCacheEntries = 2048

func newRevCache[V any]() *revCache[V] {
	return &revCache[V]{entries: map[string]cacheEntry[V]{}, pending: map[string]*pendingRead[V]{}, refreshing: map[string]bool{}}
}

func newFigureCache() *figureCache { return newRevCache[[]float64]() }

// get is the figures under key at revision rev, read by load when the
// cache has none at rev.
func (c *revCache[V]) get(ctx context.Context, key, rev string, load func(context.Context) (V, error)) (V, error) {
	c.mu.Lock()
	e, kept := c.entries[key]
	if kept && e.rev == rev {
		c.mu.Unlock()
		return e.values, nil
	}
	if kept && sameDay(e.rev, rev) {
		if !c.refreshing[key] {
			c.refreshing[key] = true
			go c.refresh(context.WithoutCancel(ctx), key, rev, load)
		}
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
			var zero V
			return zero, ctx.Err()
		}
	}
	p := &pendingRead[V]{done: make(chan struct{})}
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
		c.entries[key] = cacheEntry[V]{rev: rev, values: p.values}
	}
	c.mu.Unlock()
	close(p.done)
	return p.values, p.err
}

// refresh reads key afresh at rev in the background and keeps it.
func (c *revCache[V]) refresh(ctx context.Context, key, rev string, load func(context.Context) (V, error)) {
	vs, err := load(ctx)
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.refreshing, key)
	if err != nil {
		// The kept figures stand; the next opening tries again.
		return
	}
	if len(c.entries) >= maxCacheEntries {
		clear(c.entries)
	}
	c.entries[key] = cacheEntry[V]{rev: rev, values: vs}
}

// sameDay tells whether two revisions (revisionOf) are of the same day:
// the figures of another day are never given, as "today" is part of some.
func sameDay(a, b string) bool {
	da, _, _ := strings.Cut(a, " ")
	db, _, _ := strings.Cut(b, " ")
	return da == db
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

// revisionReader reads the areas' revisions: how many rows have been
// written to the tables each pattern names (tableWrites), the tables
// looked up once (statTables). Openings that ask while a reading is on
// its way share it: it began at most one round trip before them, and the
// statistics it reads lag a write by up to ten seconds anyway.
type revisionReader struct {
	mu      sync.Mutex
	tables  map[string][]uint32 // by pattern; nil until read
	oids    []uint32
	pending *pendingRead[map[string]int64]
}

// revisionTimeout bounds a reading of the revisions: past it the
// openings waiting on it read their figures afresh.
const revisionTimeout = 5 * time.Second

// read is the revision of each pattern's tables.
func (r *revisionReader) read(ctx context.Context, pool *pgxpool.Pool, patterns []string) (map[string]int64, error) {
	r.mu.Lock()
	if p := r.pending; p != nil {
		r.mu.Unlock()
		select {
		case <-p.done:
			return p.values, p.err
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	p := &pendingRead[map[string]int64]{done: make(chan struct{})}
	r.pending = p
	tables, oids := r.tables, r.oids
	r.mu.Unlock()

	// The reading outlives the opening that began it (others wait on
	// it), but not a database that does not answer.
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), revisionTimeout)
	defer cancel()
	p.values, p.err = func(ctx context.Context) (map[string]int64, error) {
		if tables == nil {
			var err error
			if tables, err = statTables(ctx, pool, patterns); err != nil {
				return nil, err
			}
			oids = nil
			for _, ts := range tables {
				oids = append(oids, ts...)
			}
		}
		writes, err := tableWrites(ctx, pool, oids)
		if err != nil {
			return nil, err
		}
		revs := make(map[string]int64, len(patterns))
		for _, pat := range patterns {
			var n int64
			for _, t := range tables[pat] {
				n += writes[t]
			}
			revs[pat] = n
		}
		return revs, nil
	}(rctx)

	r.mu.Lock()
	r.pending = nil
	if p.err == nil && r.tables == nil {
		r.tables, r.oids = tables, oids
	}
	r.mu.Unlock()
	close(p.done)
	return p.values, p.err
}

// panelHTML keeps panels as drawn, by everything a panel's markup is made
// of (panelKey): drawing one is most of an opening's work once its figures
// are kept (some fifty links, a hundred numbers written, a chart), and a
// panel drawn from the same figures for the same periods, language and
// permissions is the same markup. Nothing needs invalidating: new figures
// are a new key, and the bound empties the cache.
type panelHTML struct {
	mu      sync.Mutex
	entries map[string]string
}

// maxPanelEntries bounds panelHTML: a few panels, periods, languages and
// sets of permissions.
const maxPanelEntries = 1024

func (c *panelHTML) get(key string) (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	s, ok := c.entries[key]
	return s, ok
}

func (c *panelHTML) put(key, html string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil || len(c.entries) >= maxPanelEntries {
		c.entries = map[string]string{}
	}
	c.entries[key] = html
}

// panelKey is everything panel draws of s from d: the periods, the
// language, which of the links the user may open, the values (as their
// bits) and the notes. can says whether the user holds a permission.
func panelKey(s source, ps [3]Period, locale string, can func(auth.Permission) bool, d panelData) string {
	b := make([]byte, 0, 256)
	b = append(b, s.Area...)
	b = append(b, ' ')
	b = append(b, locale...)
	for _, p := range ps {
		b = append(b, ' ')
		b = append(b, p.key()...)
	}
	b = append(b, ' ')
	for _, f := range s.Figures {
		b = strconv.AppendBool(b, f.Link != nil && can(f.Perm))
	}
	for _, k := range d.Keys {
		b = append(b, ' ')
		b = append(b, k...)
	}
	for _, vs := range d.Values {
		b = append(b, '|')
		b = strconv.AppendInt(b, int64(len(vs)), 10)
		for _, v := range vs {
			b = append(b, ' ')
			b = strconv.AppendUint(b, math.Float64bits(v), 36)
		}
	}
	for _, n := range d.Notes {
		b = append(b, '|')
		b = append(b, n.Key...)
		b = append(b, ' ')
		b = strconv.AppendInt(b, int64(n.N), 10)
		b = append(b, ' ')
		b = append(b, n.Link...)
		b = strconv.AppendBool(b, n.Alert)
		b = strconv.AppendBool(b, can(n.Perm))
	}
	return string(b)
}
