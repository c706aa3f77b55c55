package reports

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/daugavpils/prdesk/internal/auth"
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
			if vs, err := c.get(t.Context(), "petitions month", "2026-12-06 1", load); err != nil || vs[0] != 1 {
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
	if vs, _ := c.get(t.Context(), "petitions month", "2026-12-06 1", load); vs[0] != 1 || loads.Load() != 1 {
		t.Errorf("not kept: %v after %d readings", vs, loads.Load())
	}
	// A write moved the revision on: the kept figures are given while one
	// reading in the background brings them up to date.
	for range 3 {
		if vs, _ := c.get(t.Context(), "petitions month", "2026-12-06 2", load); vs[0] != 1 {
			t.Errorf("while read afresh: %v", vs)
		}
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		if vs, _ := c.get(t.Context(), "petitions month", "2026-12-06 2", load); vs[0] == 2 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the figures were not brought up to date after a write")
		}
		time.Sleep(10 * time.Millisecond)
	}
	if n := loads.Load(); n != 2 {
		t.Errorf("%d readings after a write, want 2", n)
	}
	// Another period is another entry.
	if _, _ = c.get(t.Context(), "petitions year", "2026-12-06 2", load); loads.Load() != 3 {
		t.Errorf("%d readings, want 3", loads.Load())
	}
	// Another day's figures are never given: the opening waits for today's.
	if vs, _ := c.get(t.Context(), "petitions year", "2026-12-07 2", load); vs[0] != 4 {
		t.Errorf("on another day: %v", vs)
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

// A panel's kept markup is found by all it is drawn from: other figures,
// notes, periods, a language or permissions are another panel.
func TestPanelKeyHoldsWhatThePanelShows(t *testing.T) {
	s := panelSources[0]
	p := PeriodOf(Month, day("2026-12-06"))
	ps := [3]Period{p, p.Previous(), p.YearBefore()}
	all := func(auth.Permission) bool { return true }
	none := func(auth.Permission) bool { return false }
	d := panelData{Area: s.Area, Values: [3][]float64{{1, 2, 3, 4, 5}, {1, 2, 3, 4, 5}, {1, 2, 3, 4, 5}},
		Notes: []note{{Key: "petitions_overdue_now", N: 3, Perm: auth.AreaPetitions}}}
	base := panelKey(s, ps, "lv", all, d)
	if base != panelKey(s, ps, "lv", all, d) {
		t.Fatal("the same panel has two keys")
	}
	moreNotes := d
	moreNotes.Notes = []note{{Key: "petitions_overdue_now", N: 4, Perm: auth.AreaPetitions}}
	otherValues := d
	otherValues.Values = [3][]float64{{1, 2, 3, 4, 5.5}, d.Values[1], d.Values[2]}
	failed := d
	failed.Values = [3][]float64{nil, d.Values[1], d.Values[2]}
	q := PeriodOf(Year, day("2026-12-06"))
	for name, k := range map[string]string{
		"notes":       panelKey(s, ps, "lv", all, moreNotes),
		"values":      panelKey(s, ps, "lv", all, otherValues),
		"failed":      panelKey(s, ps, "lv", all, failed),
		"language":    panelKey(s, ps, "en", all, d),
		"permissions": panelKey(s, ps, "lv", none, d),
		"periods":     panelKey(s, [3]Period{q, q.Previous(), q.YearBefore()}, "lv", all, d),
	} {
		if k == base {
			t.Errorf("another panel's %s give the same key", name)
		}
	}
}
