package awards_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/awards"
	at "github.com/daugavpils/prdesk/internal/awards/awardstest"
	"github.com/daugavpils/prdesk/internal/db/dbtest"
	"github.com/daugavpils/prdesk/internal/search"
)

// The one search's part of the awards finds the newest nominations of a
// name whether the name is rare (read through the index) or in more than
// search.MatchesBound nominations (walked newest first), and remembers the
// common one, whose next search walks at once with the same hits.
func TestOneSearchFindsTheNewestEitherWay(t *testing.T) {
	pool := dbtest.Pool(t)
	ctx := context.Background()
	ty := at.AddType(t, pool, "")
	rd := at.AddRound(t, pool, ty.ID, 2031, "")
	stamp := time.Now().UnixNano() % 1_000_000_000
	// A letter after the number: no other test's name begins with these.
	rare, common := fmt.Sprintf("Retums%dq", stamp), fmt.Sprintf("Biezums%dq", stamp)
	if _, err := pool.Exec(ctx, `
		insert into award_nominations (round_id, nominee_kind, nominee_name, nominator_kind, nominator_name, source, name_key)
		select $1, 'person', n, 'person', 'Izvirzītājs', 'staff', lower(prdesk_unaccent(n))
		from generate_series(1, $4::int) g,
			lateral (select case when g % 100 = 7 then 'Anna ' || $2 || ' ' || $3 else 'Jānis ' || $3 end as n) x`,
		rd.ID, rare, common, search.MatchesBound+200); err != nil {
		t.Fatal(err)
	}
	clock := func() time.Time { return time.Date(2031, 3, 1, 10, 0, 0, 0, time.UTC) }
	for _, word := range []string{rare, common} {
		rows, _ := pool.Query(ctx, `select id from award_nominations where round_id = $1 and nominee_name like '%' || $2 || '%'
			order by id desc limit 6`, rd.ID, word)
		want, err := pgx.CollectRows(rows, pgx.RowTo[int64])
		if err != nil {
			t.Fatal(err)
		}
		memory := search.NewCommonWords(clock)
		q := strings.ToLower(word)
		for try := 1; try <= 2; try++ {
			hits, err := awards.Search(ctx, pool, memory, q, 6)
			if err != nil {
				t.Fatal(err)
			}
			if got := search.RefIDs(hits); !slices.Equal(got, want) {
				t.Errorf("%s, search %d: found %v, want %v", word, try, got, want)
			}
			if known := memory.Known(awards.NameQuery(q)); known != (word == common) {
				t.Errorf("%s, search %d: known as common: %v", word, try, known)
			}
		}
	}
}
