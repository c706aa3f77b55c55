package reports

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/daugavpils/prdesk/internal/petitions"
	"github.com/daugavpils/prdesk/internal/search"
)

func TestCheckQuery(t *testing.T) {
	for _, tc := range []struct{ q, want string }{
		{"", "reports.search.empty"},
		{"b", "reports.search.too_short"},
		{"ā", "reports.search.too_short"},
		{"be", ""},
		{"berzins", ""},
		{"%_", "reports.search.no_words"},
		{"1-12/2026/5", ""},
		{stringOf('ž', MaxQuery), ""},
		{stringOf('ž', MaxQuery+1), "reports.search.too_long"},
	} {
		if got := checkQuery(tc.q); got != tc.want {
			t.Errorf("checkQuery(%q) = %q, want %q", tc.q, got, tc.want)
		}
	}
}

func stringOf(r rune, n int) string {
	rs := make([]rune, n)
	for i := range rs {
		rs[i] = r
	}
	return string(rs)
}

func TestQueryKind(t *testing.T) {
	for _, tc := range []struct{ q, want string }{
		{"1-12/2026/5", "number"},
		{"1-12/2026/", "number"},
		{"DPRM/2026", "number"},
		{"K7PQ3MZX", "code"},
		{"k7pq3mzx", "code"},
		{"BERZINSS", "words"}, // eight letters no submission has: a name
		{"kpqwmzxa", "code"},  // eight letters a submission has
		{"K7PQ3MZ0", "words"}, // 0 is no check code's
		{"K7PQ3MZ", "words"},
		{"Bērziņš", "words"},
		{"Jānis 1/2", "words"},
	} {
		h := &searchHandler{isCheckCode: func(_ context.Context, q string) (bool, error) {
			return petitions.LooksLikeCheckCode(q) || strings.ToUpper(q) == "KPQWMZXA", nil
		}}
		if got, err := h.queryKind(context.Background(), tc.q); got != tc.want || err != nil {
			t.Errorf("queryKind(%q) = %q, %v; want %q", tc.q, got, err, tc.want)
		}
	}
}

// runSearch waits for each area its time, no longer: a slow one is marked
// as not answering, a failing one as failed, the others keep their order.
func TestRunSearchTimesAreasOut(t *testing.T) {
	hit := func(title string) searcher {
		return func(context.Context, string, int) ([]search.Hit, error) { return []search.Hit{{Title: title}}, nil }
	}
	slow := func(ctx context.Context, _ string, _ int) ([]search.Hit, error) {
		<-ctx.Done()
		return nil, ctx.Err()
	}
	many := func(_ context.Context, _ string, limit int) ([]search.Hit, error) {
		return make([]search.Hit, limit), nil
	}
	failing := func(context.Context, string, int) ([]search.Hit, error) { return nil, errors.New("broken") }
	areas := []searchArea{{Key: "a", Find: hit("A")}, {Key: "slow", Find: slow}, {Key: "many", Find: many},
		{Key: "failing", Find: failing}, {Key: "b", Find: hit("B")}}
	start := time.Now()
	got := runSearch(context.Background(), areas, "x", 50*time.Millisecond)
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("took %v", took)
	}
	if got[0].Key != "a" || len(got[0].Hits) != 1 || got[4].Key != "b" || len(got[4].Hits) != 1 {
		t.Errorf("the fast areas: %+v", got)
	}
	if !got[1].TimedOut || len(got[1].Hits) != 0 {
		t.Errorf("the slow area: %+v", got[1])
	}
	if len(got[2].Hits) != search.Limit || !got[2].More {
		t.Errorf("the area with more: %d hits, more %v", len(got[2].Hits), got[2].More)
	}
	if !got[3].Failed || got[3].TimedOut {
		t.Errorf("the failing area: %+v", got[3])
	}
}
