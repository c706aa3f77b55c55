package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/db/dbtest"
	"github.com/daugavpils/prdesk/internal/monitoring"
)

// The monitoring area's generator, at a two-hundredth of its size, writes
// what CreateClipping would: 60 to 120 words of text, the address's key
// as NormalizeURL makes it, a judge for every judged tone, one or two
// topics each, mentions for about half, a reach for two in three, the
// common word in most texts, ids in the order they were entered, and an
// audit entry a clipping.
func TestSeedMonitoring(t *testing.T) {
	pool := dbtest.Pool(t)
	ctx := context.Background()
	orgs, people, clippings := benchOrgs, benchPeople, benchClippings
	benchOrgs, benchPeople, benchClippings = 2000, 6000, 5000
	defer func() { benchOrgs, benchPeople, benchClippings = orgs, people, clippings }()
	tx, err := pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	if err := seedContacts(ctx, tx); err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(ctx, `set local session_replication_role = origin`); err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(ctx, `insert into users (username, full_name, password_hash, roles) values ('staff', 'Staff', 'x', '{staff}')`); err != nil {
		t.Fatal(err)
	}
	// The indexes and keys set aside for the load are all back.
	schema := func() (defs []string) {
		rows, _ := tx.Query(ctx, `select pg_get_indexdef(indexrelid) from pg_index
			where indrelid in ('monitoring_clippings'::regclass, 'monitoring_clipping_topics'::regclass, 'monitoring_mentions'::regclass)
			union all
			select conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid) from pg_constraint
			where conrelid in ('monitoring_clippings'::regclass, 'monitoring_clipping_topics'::regclass, 'monitoring_mentions'::regclass)
			order by 1`)
		defs, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			t.Fatal(err)
		}
		return defs
	}
	before := schema()
	start := time.Now()
	if err := seedMonitoring(ctx, tx); err != nil {
		t.Fatal(err)
	}
	if after := schema(); strings.Join(after, "\n") != strings.Join(before, "\n") {
		t.Errorf("indexes and constraints before the load:\n%s\nafter:\n%s", strings.Join(before, "\n"), strings.Join(after, "\n"))
	}
	t.Logf("generated in %s", time.Since(start))

	var n, marker, outlets, outOfOrder, lv, ru, judgedWithoutJudge, noTopic, twoTopics, mentioned, reached, common, audited int
	var minWords, maxWords, avgWords float64
	var oldest time.Time
	err = tx.QueryRow(ctx, `
		with c as (select c.*, array_length(regexp_split_to_array(trim(c.body), '\s+'), 1) words from monitoring_clippings c)
		select count(*), count(*) filter (where idempotency_key = $1), count(distinct outlet_id),
		    count(*) filter (where language = 'lv'), count(*) filter (where language = 'ru'),
		    count(*) filter (where tone <> 'unjudged' and (toned_by is null or toned_at is null)),
		    count(*) filter (where not exists (select 1 from monitoring_clipping_topics t where t.clipping_id = c.id)),
		    count(*) filter (where (select count(*) from monitoring_clipping_topics t where t.clipping_id = c.id) = 2),
		    count(*) filter (where exists (select 1 from monitoring_mentions m where m.clipping_id = c.id)),
		    count(*) filter (where reach is not null),
		    count(*) filter (where search @@ to_tsquery('simple', $2)),
		    count(*) filter (where exists (select 1 from audit_log a where a.entity = 'monitoring_clipping' and a.entity_id = c.id::text
		        and a.action = 'create')),
		    min(words), max(words), avg(words), min(published_at),
		    (select count(*) from (select id, created_at < lag(created_at) over (order by id) back from monitoring_clippings) o where back)
		from c`, benchMonitoringKey, monitoring.TSQuery(monitoringCommonWord)).
		Scan(&n, &marker, &outlets, &lv, &ru, &judgedWithoutJudge, &noTopic, &twoTopics, &mentioned, &reached, &common, &audited,
			&minWords, &maxWords, &avgWords, &oldest, &outOfOrder)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d clippings from %d outlets (%d lv, %d ru), %d with two topics, %d with mentions, %d with a reach, %d with %q, words %.0f–%.0f (%.0f on average), since %s",
		n, outlets, lv, ru, twoTopics, mentioned, reached, common, monitoringCommonWord, minWords, maxWords, avgWords, oldest.Format(time.DateOnly))
	share := func(k int) float64 { return float64(k) / float64(n) }
	if n != 5000 || marker != 1 || outlets < 40 || outlets > benchOutlets || share(lv) < 0.4 || share(ru) < 0.15 ||
		judgedWithoutJudge != 0 || noTopic != 0 || share(twoTopics) < 0.25 || share(twoTopics) > 0.45 ||
		share(mentioned) < 0.45 || share(mentioned) > 0.55 || share(reached) < 0.6 || share(reached) > 0.73 ||
		share(common) < 0.8 || audited != n || minWords < 55 || maxWords > 130 || avgWords < 75 || avgWords > 105 ||
		time.Since(oldest) < time.Duration(benchYearsMon)*350*24*time.Hour || outOfOrder != 0 {
		t.Error("the clippings are not as the bench says")
	}
	// The address's key as the store makes it, for a few.
	rows, _ := tx.Query(ctx, `select url, url_key from monitoring_clippings where url <> '' order by id limit 20`)
	urls, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) ([2]string, error) {
		var u [2]string
		err := r.Scan(&u[0], &u[1])
		return u, err
	})
	if err != nil || len(urls) == 0 {
		t.Fatalf("clippings with an address: %v, %v", urls, err)
	}
	for _, u := range urls {
		if key, err := monitoring.NormalizeURL(u[0]); err != nil || key != u[1] {
			t.Errorf("%s: key %q, the store's %q (%v)", u[0], u[1], key, err)
		}
	}
	// The rare sentence holds the rare word as the search folds it.
	if !strings.Contains(strings.ToLower(monLvRare[0]), monitoringRareWord) {
		t.Errorf("the rare sentence %q lacks %q", monLvRare[0], monitoringRareWord)
	}
}
