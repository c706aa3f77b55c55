package main

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/db/dbtest"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

// The directory's generator, at a hundredth of its size, makes what the
// triggers would: each contact's search text and its words.
func TestSeedContacts(t *testing.T) {
	pool := dbtest.Pool(t)
	ctx := context.Background()
	orgs, people := benchOrgs, benchPeople
	benchOrgs, benchPeople = 500, 3000
	defer func() { benchOrgs, benchPeople = orgs, people }()
	tx, err := pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	start := time.Now()
	if err := seedContacts(ctx, tx); err != nil {
		t.Fatal(err)
	}
	t.Logf("generated in %s", time.Since(start))
	var nOrgs, nPeople, journalists, cyrillic, members, noWords int
	err = tx.QueryRow(ctx, `select count(*) filter (where kind = 'organisation'), count(*) filter (where kind = 'person'),
		    count(*) filter (where cardinality(topics) > 0), count(*) filter (where name_original ~ '[а-я]' or name ~ '[а-я]'),
		    (select count(distinct person_id) from contact_memberships where ends_on is null),
		    count(*) filter (where not exists(select 1 from contact_words w where w.contact_id = c.id))
		from contacts c where source = $1`, benchSource).Scan(&nOrgs, &nPeople, &journalists, &cyrillic, &members, &noWords)
	if err != nil {
		t.Fatal(err)
	}
	if nOrgs != 500 || nPeople != 3000 || journalists < 100 || cyrillic < 500 || members < 1500 || noWords != 0 {
		t.Errorf("%d organisations, %d people, %d journalists, %d in Cyrillic, %d members, %d without words",
			nOrgs, nPeople, journalists, cyrillic, members, noWords)
	}
	// The triggers, back on, make the same search texts and words.
	if _, err := tx.Exec(ctx, `create temp table generated as select c.id, c.search, c.listed_types, array(select w.word from contact_words w
		where w.contact_id = c.id order by w.word) words from contacts c where source = $1`, benchSource); err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(ctx, `set local session_replication_role = origin`); err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(ctx, `update contacts set search = '' where source = $1`, benchSource); err != nil {
		t.Fatal(err)
	}
	var differ int
	if err := tx.QueryRow(ctx, `select count(*) from generated g join contacts c using (id)
		where g.search <> c.search or g.listed_types <> c.listed_types or g.words <> array(select w.word from contact_words w where w.contact_id = c.id order by w.word)`).Scan(&differ); err != nil || differ != 0 {
		t.Errorf("%d contacts' search, listed types or words differ from what the triggers make (%v)", differ, err)
	}
	rows, _ := tx.Query(ctx, `select name from contacts where source = $1 order by id limit 8`, benchSource)
	names, _ := pgx.CollectRows(rows, pgx.RowTo[string])
	t.Log(names)
}
