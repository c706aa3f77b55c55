package db_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/daugavpils/prdesk/internal/db"
	"github.com/daugavpils/prdesk/internal/db/dbtest"
	"github.com/daugavpils/prdesk/internal/demo"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

func exec(t *testing.T, pool *pgxpool.Pool, sql string, args ...any) {
	t.Helper()
	if _, err := pool.Exec(context.Background(), sql, args...); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

func count(t *testing.T, pool *pgxpool.Pool, sql string, args ...any) int {
	t.Helper()
	var n int
	if err := pool.QueryRow(context.Background(), sql, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return n
}

// submission registers one submission by hand, as a registry from before a
// migration holds it.
func submission(t *testing.T, pool *pgxpool.Pool, seq int, name string, received time.Time) int64 {
	t.Helper()
	var id int64
	err := pool.QueryRow(context.Background(), `
		insert into petitions (reg_number, case_id, reg_year, reg_seq, received_at, channel, doc_type, anonymous,
			person_name, addressee_id, subject, due_date, legal_due_date, due_explanation, check_code, idempotency_key)
		values ($1, (select id from doc_cases where case_index = '1-12'), 2026, $2, $3::timestamptz, 'post', 'submission', $4,
			$5, (select id from users where username = 'registry'), 'Iesniegums', $3::date + 10, $3::date + 10, '{}',
			'ABCDEF', $6)
		returning id`,
		fmt.Sprintf("1-12/2026/%d", seq), seq, received, name == "", name, fmt.Sprintf("backfill-%08d", seq)).Scan(&id)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// A registry from before 00021 gets its name words after start, in
// batches, while it goes on changing; migrating does not fill them, and
// the words and the dictionary's counts are right at the end.
func TestNameWordsAreBackfilledAfterStart(t *testing.T) {
	ctx := context.Background()
	pool := dbtest.Fresh(t)
	if err := db.MigrateUpTo(ctx, pool, 20); err != nil {
		t.Fatal(err)
	}
	exec(t, pool, `insert into users (username, full_name, roles, password_hash) values ('registry', 'Reģistrs', '{staff}', 'x')`)
	exec(t, pool, `insert into doc_cases (case_index, title) values ('1-12', 'Iesniegumi')`)
	received := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	names := []string{"Jānis Bērziņš", "Anna Bērziņa", "", "Иван Петров", "Jānis Ozols", "Līga Bērziņa-Kalniņa", "O'Brien Jānis"}
	var ids []int64
	for i, name := range names {
		ids = append(ids, submission(t, pool, i+1, name, received.Add(time.Duration(i)*time.Hour)))
	}

	if err := db.Migrate(ctx, pool); err != nil {
		t.Fatal(err)
	}
	if n := count(t, pool, `select count(*) from petition_name_words`); n != 0 {
		t.Fatalf("migrating filled %d name words: the backfill is the server's, after start", n)
	}
	if n := count(t, pool, `select count(*) from settings where key = 'backfill.petition_name_words'`); n != 1 {
		t.Fatal("the migration left no backfill to do")
	}

	// Registrations and edits go on before the backfill reaches them.
	exec(t, pool, `update petitions set person_name = 'Jānis Kalniņš' where id = $1`, ids[0])
	exec(t, pool, `delete from petitions where id = $1`, ids[1])
	submission(t, pool, 100, "Anna Bērziņa", received.Add(24*time.Hour))

	if err := db.Backfill(ctx, pool, 2); err != nil {
		t.Fatal(err)
	}
	wantWords(t, pool)
	if n := count(t, pool, `select count(*) from settings where key = 'backfill.petition_name_words'`); n != 0 {
		t.Error("the finished backfill left its row")
	}

	// Done is done: a second run (another server, the next start) fills nothing.
	before := count(t, pool, `select count(*) from petition_name_words`)
	if err := db.Backfill(ctx, pool, 2); err != nil {
		t.Fatal(err)
	}
	if n := count(t, pool, `select count(*) from petition_name_words`); n != before {
		t.Errorf("a second run changed the words: %d, then %d", before, n)
	}

	// The backfilled words serve the trigger as its own do.
	exec(t, pool, `update petitions set person_name = 'Pēteris Liepa' where id = $1`, ids[4])
	exec(t, pool, `delete from petitions where id = $1`, ids[3])
	wantWords(t, pool)
	if n := count(t, pool, `select count(*) from petition_name_dictionary where word in ('ozols', 'иван')`); n != 0 {
		t.Error("words no name holds any more stayed in the dictionary")
	}
}

// wantWords: every submission has exactly the words of its name, and the
// dictionary counts exactly the submissions whose names hold each word.
func wantWords(t *testing.T, pool *pgxpool.Pool) {
	t.Helper()
	if n := count(t, pool, `select count(*) from (
		(select w, p.received_at, p.id from petitions p cross join lateral petition_name_words_of(p.search_name) w
		 except select word, received_at, petition_id from petition_name_words)
		union all
		(select word, received_at, petition_id from petition_name_words
		 except select w, p.received_at, p.id from petitions p cross join lateral petition_name_words_of(p.search_name) w)) d`); n != 0 {
		t.Errorf("%d name words differ from the names", n)
	}
	if n := count(t, pool, `select count(*) from (
		(select word, count(*) from petition_name_words group by word except select word, n from petition_name_dictionary)
		union all
		(select word, n from petition_name_dictionary except select word, count(*) from petition_name_words group by word)) d`); n != 0 {
		t.Errorf("%d dictionary counts are wrong", n)
	}
	if n := count(t, pool, `select count(*) from petition_name_words`); n == 0 {
		t.Error("no name words at all")
	}
}

// schema describes every table, column, index, constraint, trigger and
// function of ours, one line each.
func schema(t *testing.T, pool *pgxpool.Pool) []string {
	t.Helper()
	rows, err := pool.Query(context.Background(), `
		select 'column ' || table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' || coalesce(column_default, '')
		from information_schema.columns where table_schema = 'public'
		union all
		select 'index ' || indexdef from pg_indexes where schemaname = 'public'
		union all
		select 'constraint ' || conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid)
		from pg_constraint where connamespace = 'public'::regnamespace
		union all
		select 'trigger ' || tgrelid::regclass || ' ' || pg_get_triggerdef(oid) from pg_trigger where not tgisinternal
		union all
		select 'function ' || p.oid::regprocedure || ' ' || md5(pg_get_functiondef(p.oid))
		from pg_proc p join pg_namespace n on n.oid = p.pronamespace
		where n.nspname = 'public' and p.prokind = 'f'
		  and not exists (select 1 from pg_depend d where d.objid = p.oid and d.deptype = 'e')
		union all
		select 'statistics ' || stxname from pg_statistic_ext
		union all
		select 'setting ' || key from settings`)
	if err != nil {
		t.Fatal(err)
	}
	lines, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(lines)
	return lines
}

// Every down migration runs on a database with the demo data in it, all
// the way down, and up again gives the same schema, which takes the demo
// data again.
func TestDownAndUpAgainOnTheDemoData(t *testing.T) {
	ctx := context.Background()
	pool := dbtest.Fresh(t)
	if err := db.Migrate(ctx, pool); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	if seeded, err := demo.Seed(ctx, pool, now); err != nil || !seeded {
		t.Fatalf("demo data: %v %v", seeded, err)
	}
	before := schema(t, pool)

	if err := db.MigrateDownTo(ctx, pool, 0); err != nil {
		t.Fatalf("down: %v", err)
	}
	if n := count(t, pool, `select count(*) from information_schema.tables
		where table_schema = 'public' and table_name not like 'river%' and table_name <> 'goose_db_version'`); n != 0 {
		t.Errorf("all the way down left %d tables of ours", n)
	}

	if err := db.Migrate(ctx, pool); err != nil {
		t.Fatalf("up again: %v", err)
	}
	after := schema(t, pool)
	if !slices.Equal(before, after) {
		for _, l := range before {
			if !slices.Contains(after, l) {
				t.Errorf("gone after down and up: %s", l)
			}
		}
		for _, l := range after {
			if !slices.Contains(before, l) {
				t.Errorf("new after down and up: %s", l)
			}
		}
	}
	if seeded, err := demo.Seed(ctx, pool, now); err != nil || !seeded {
		t.Fatalf("demo data after down and up: %v %v", seeded, err)
	}
}

// A down migration that cannot hold what retention left refuses, saying
// why, and changes nothing.
func TestDownRefusesWhatRetentionBlanked(t *testing.T) {
	ctx := context.Background()
	pool := dbtest.Fresh(t)
	if err := db.Migrate(ctx, pool); err != nil {
		t.Fatal(err)
	}
	var official int64
	if err := pool.QueryRow(ctx, `insert into visit_officials (name, kind) values ('Valdis Liepiņš', 'chair') returning id`).Scan(&official); err != nil {
		t.Fatal(err)
	}
	slot := time.Date(2024, 3, 4, 10, 0, 0, 0, time.UTC)
	// As visitors' retention leaves a walk-in's ticket, then a booking.
	exec(t, pool, `insert into visit_queue (official_id, day, number, ticket, walk_in, state, done_at, anonymized_at)
		values ($1, $2::timestamptz::date, 1, 'A-001', true, 'left', $2, $2)`, official, slot)
	if err := db.MigrateDownTo(ctx, pool, 14); err == nil || !strings.Contains(err.Error(), "migration 00015 cannot be undone: retention removed") {
		t.Fatalf("down past 00015 with a blanked ticket: %v", err)
	}
	exec(t, pool, `delete from visit_queue`)
	exec(t, pool, `insert into visit_bookings (official_id, slot, visitor_name, topic, state, anonymized_at)
		values ($1, tstzrange($2::timestamptz, $2::timestamptz + interval '15 minutes'), '', '', 'done', $2)`, official, slot)
	err := db.MigrateDownTo(ctx, pool, 11)
	if err == nil || !strings.Contains(err.Error(), "migration 00012 cannot be undone: retention removed the visitor's name, topic and contact from 1 booking(s)") {
		t.Fatalf("down past 00012 with a blanked booking: %v", err)
	}
	// It stopped at 00012, which is whole.
	if n := count(t, pool, `select count(*) from information_schema.columns
		where table_name = 'visit_bookings' and column_name = 'anonymized_at'`); n != 1 {
		t.Error("the refused down migration changed the schema")
	}
}
