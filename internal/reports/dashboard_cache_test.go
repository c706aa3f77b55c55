package reports

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestFigureCacheReadsOncePerRevision(t *testing.T) {
	c := newFigureCache()
	var loads atomic.Int32
	release := make(chan struct{})
	load := func(context.Context) ([]float64, error) {
		loads.Add(1)
		<-release
		return []float64{float64(loads.Load())}, nil
	}
	// Thirty-two openings at once miss the same entry: one reading.
	var wg sync.WaitGroup
	for range 32 {
		wg.Go(func() {
			if vs, err := c.get(t.Context(), "petitions month", "rev1", load); err != nil || vs[0] != 1 {
				t.Errorf("got %v, %v", vs, err)
			}
		})
	}
	time.Sleep(50 * time.Millisecond)
	close(release)
	wg.Wait()
	if n := loads.Load(); n != 1 {
		t.Errorf("%d readings for one revision, want 1", n)
	}
	// The same revision again: kept.
	if vs, _ := c.get(t.Context(), "petitions month", "rev1", load); vs[0] != 1 || loads.Load() != 1 {
		t.Errorf("not kept: %v after %d readings", vs, loads.Load())
	}
	// A write moved the revision on: read afresh.
	if vs, _ := c.get(t.Context(), "petitions month", "rev2", load); vs[0] != 2 {
		t.Errorf("after a write: %v", vs)
	}
	// Another period is another entry.
	if _, _ = c.get(t.Context(), "petitions year", "rev2", load); loads.Load() != 3 {
		t.Errorf("%d readings, want 3", loads.Load())
	}
}

func TestRevisionOfChangesWithTheDay(t *testing.T) {
	revs := map[string]int64{"petition%": 10, "calendar%": 2}
	a := revisionOf(revs, []string{"petition%", "calendar%"}, day("2026-12-06"))
	b := revisionOf(revs, []string{"petition%", "calendar%"}, day("2026-12-07"))
	revs["calendar%"]++
	c := revisionOf(revs, []string{"petition%", "calendar%"}, day("2026-12-07"))
	if a == b || b == c {
		t.Errorf("revisions %q, %q, %q should differ", a, b, c)
	}
}
