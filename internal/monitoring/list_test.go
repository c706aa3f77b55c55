package monitoring_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/daugavpils/prdesk/internal/db/dbtest"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/monitoring"
	"github.com/daugavpils/prdesk/internal/monitoring/monitoringtest"
	"github.com/daugavpils/prdesk/internal/search"
)

// The page of a search is the same whether it is read from the matches the
// text index finds or by walking the list's order, page after page, in
// either order, with other filters, with clippings published at the same
// minute; and List picks either way for a word in a few clippings and a
// word in more than the count's bound.
func TestSearchPagesAreTheSameEitherWay(t *testing.T) {
	pool := dbtest.Pool(t)
	s := monitoringtest.Store(pool)
	ctx := context.Background()
	outlet := monitoringtest.Outlet(t, pool, unique(t, "Gorod.lv"))
	rare := fmt.Sprintf("Ledlauzis%d", serial.Add(1))
	common := fmt.Sprintf("Cietoksnis%d", serial.Add(1))
	base := time.Date(2025, 3, 1, 9, 0, 0, 0, i18n.Riga)
	// 120 clippings with the rare word, three a minute, every other one
	// negative; then more than the count's bound with the common one.
	addWordClippings(t, pool, outlet, base, rare, common, "g <= 120", monitoring.CountBound+200)
	for _, q := range []monitoring.ListQuery{
		{Q: strings.ToLower(rare)},
		{Q: rare[:len(rare)-2] + " piE", Sort: monitoring.Oldest},
		{Q: rare, Tone: monitoring.Negative},
		{Q: rare, OutletID: outlet, From: base.Add(10 * time.Minute)},
		{Q: common, Tone: monitoring.Negative, To: base.Add(5 * time.Hour)},
	} {
		var all [2][]int64
		for i, byHits := range []bool{false, true} {
			q := q
			for page := 0; page < 50; page++ {
				p, err := s.ListWay(ctx, q, byHits)
				if err != nil {
					t.Fatal(err)
				}
				for _, c := range p.Rows {
					all[i] = append(all[i], c.ID)
					if p.Outlets[c.OutletID] == "" {
						t.Fatalf("%+v: no outlet name for %d", q, c.ID)
					}
				}
				if p.Next == nil {
					break
				}
				q.After = p.Next
			}
		}
		if len(all[0]) < 2*monitoring.PageSize/3 || !slices.Equal(all[0], all[1]) {
			t.Errorf("%+v: by walking %d rows, by the index %d: %v\n%v", q, len(all[0]), len(all[1]), all[0], all[1])
		}
		// List, as the page shows it.
		p, err := s.List(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if n := min(len(all[0]), monitoring.PageSize); len(p.Rows) != n || (n > 0 && p.Rows[0].ID != all[0][0]) {
			t.Errorf("%+v: List gives %d rows, want %d", q, len(p.Rows), n)
		}
	}
	// The common word is in more than the bound: counted to it, and walked.
	p, err := s.List(ctx, monitoring.ListQuery{Q: common})
	if err != nil {
		t.Fatal(err)
	}
	if p.Total != monitoring.CountBound+1 || len(p.Rows) != monitoring.PageSize || p.Next == nil {
		t.Errorf("a common word: %d rows of %d", len(p.Rows), p.Total)
	}
	if p, _ := s.List(ctx, monitoring.ListQuery{Q: rare, Tone: monitoring.Negative}); p.Total != 60 {
		t.Errorf("a rare word, negative: %d, want 60", p.Total)
	}
}

// A count is kept only while nothing it counts changes: a clipping added,
// judged, given a topic or mentioning a contact, and an outlet merged into
// another, each move the list's count on.
func TestListCountsFollowEveryChange(t *testing.T) {
	pool := dbtest.Pool(t)
	s := monitoringtest.Store(pool)
	ctx := context.Background()
	outlet, other := monitoringtest.Outlet(t, pool, unique(t, "Latgales Laiks")), monitoringtest.Outlet(t, pool, unique(t, "LSM"))
	word := fmt.Sprintf("Tilts%d", serial.Add(1))
	topic := monitoringtest.AddTopic(t, pool, "Tilti")
	count := func(q monitoring.ListQuery) int {
		t.Helper()
		p, err := s.List(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		// Twice: the second from what the first kept.
		if again, err := s.List(ctx, q); err != nil || again.Total != p.Total {
			t.Fatalf("%+v: %d, then %d (%v)", q, p.Total, again.Total, err)
		}
		return p.Total
	}
	a := monitoringtest.AddClipping(t, pool, monitoring.Clipping{OutletID: outlet, Title: word + " atjaunots"})
	byWord, byOutlet, byTopic := monitoring.ListQuery{Q: word}, monitoring.ListQuery{OutletID: outlet}, monitoring.ListQuery{TopicID: topic}
	byTone := monitoring.ListQuery{Q: word, Tone: monitoring.Negative}
	if n := count(byWord); n != 1 {
		t.Fatalf("one clipping: %d", n)
	}
	count(byOutlet)
	count(byTopic)
	count(byTone)
	monitoringtest.AddClipping(t, pool, monitoring.Clipping{OutletID: other, Title: word + " slēgts"})
	if n := count(byWord); n != 2 {
		t.Errorf("a clipping added: %d, want 2", n)
	}
	if _, err := pool.Exec(ctx, `update monitoring_clippings set tone = 'negative', toned_at = now() where id = $1`, a); err != nil {
		t.Fatal(err)
	}
	if n := count(byTone); n != 1 {
		t.Errorf("judged negative: %d, want 1", n)
	}
	if _, err := pool.Exec(ctx, `insert into monitoring_clipping_topics (clipping_id, topic_id) values ($1, $2)`, a, topic); err != nil {
		t.Fatal(err)
	}
	if n := count(byTopic); n != 1 {
		t.Errorf("a topic given: %d, want 1", n)
	}
	if _, err := pool.Exec(ctx, `update contacts set merged_into = $1 where id = $2`, outlet, other); err != nil {
		t.Fatal(err)
	}
	if n := count(byOutlet); n != 2 {
		t.Errorf("an outlet merged in: %d, want 2", n)
	}
}

// The one search's part finds the newest clippings either way: a word in a
// few, sorted from its matches, and a word in more than search.MatchesBound,
// by walking the newest first.
func TestOneSearchFindsTheNewestEitherWay(t *testing.T) {
	pool := dbtest.Pool(t)
	ctx := context.Background()
	outlet := monitoringtest.Outlet(t, pool, unique(t, "Grani.lv"))
	// A letter after the number: no other test's word begins with these.
	rare := fmt.Sprintf("Ledlauzis%dq", serial.Add(1))
	common := fmt.Sprintf("Cietoksnis%dq", serial.Add(1))
	base := time.Date(2025, 4, 1, 9, 0, 0, 0, i18n.Riga)
	addWordClippings(t, pool, outlet, base, rare, common, "g % 100 = 7", search.MatchesBound+200)
	clock := func() time.Time { return base }
	for _, word := range []string{rare, common} {
		rows, _ := pool.Query(ctx, `select id from monitoring_clippings where outlet_id = $1 and body like '%' || $2 || '%'
			order by published_at desc, id desc limit 6`, outlet, word)
		want, err := pgx.CollectRows(rows, pgx.RowTo[int64])
		if err != nil {
			t.Fatal(err)
		}
		// Twice: the second time, the common word is known as such and
		// walked at once; and the rare one, taken for common (as a word
		// whose records were deleted would be), is walked too.
		memory := search.NewCommonWords(clock)
		q := strings.ToLower(word)
		if word == rare {
			memory.Found(monitoring.TSQuery(q))
		}
		for try := 1; try <= 2; try++ {
			hits, err := monitoring.Search(ctx, pool, memory, q, 6)
			if err != nil {
				t.Fatal(err)
			}
			if got := search.RefIDs(hits); !slices.Equal(got, want) {
				t.Errorf("%s, search %d: found %v, want %v", word, try, got, want)
			}
			if !memory.Known(monitoring.TSQuery(q)) {
				t.Errorf("%s, search %d: not known as common", word, try)
			}
		}
	}
	fresh := search.NewCommonWords(clock)
	if _, err := monitoring.Search(ctx, pool, fresh, strings.ToLower(rare), 6); err != nil {
		t.Fatal(err)
	}
	if fresh.Known(monitoring.TSQuery(strings.ToLower(rare))) {
		t.Error("a rare word is taken for common")
	}
}

// addWordClippings adds n clippings of outlet from base on, three a
// minute, every other one negative, each with the word common and those
// where rareWhere (SQL of their number g, 1 to n) holds with rare too.
func addWordClippings(t *testing.T, pool *pgxpool.Pool, outlet int64, base time.Time, rare, common, rareWhere string, n int) {
	t.Helper()
	if _, err := pool.Exec(context.Background(), `
		insert into monitoring_clippings (outlet_id, published_at, title, body, media_type, language, tone, toned_at, toned_by,
		    created_at, updated_at)
		select $1, $2::timestamptz + (g / 3) * interval '1 minute', 'Virsraksts ' || g,
		       case when `+rareWhere+` then 'Pie Grīvas strādāja ' || $3 || ' un ' || $4 else 'Pilsētā ' || $4 end,
		       'online', 'lv', case when g % 2 = 0 then 'negative' else 'unjudged' end,
		       case when g % 2 = 0 then now() end, null, now(), now()
		from generate_series(1, $5::int) g`, outlet, base, rare, common, n); err != nil {
		t.Fatal(err)
	}
}
