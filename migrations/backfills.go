package migrations

// Backfill is the filling in of rows that existed before a migration,
// which the migration leaves to the server so that no table is held still
// while it runs: db.Backfill does it after start, in batches, each a short
// transaction of its own, newest rows first.
//
// The migration writes the settings row Key when there are rows to fill,
// its value the id below which rows remain; db.Backfill moves it down batch
// by batch (holding the row, so two servers never fill one batch twice)
// and deletes it when none remain. A trigger the migration put in place
// keeps the rows written meanwhile, and Fill leaves alone a row the trigger
// already served.
type Backfill struct {
	Key string
	// Lock selects and locks the next rows: their ids, below $1, newest
	// first, at most $2. Locked, none of them changes under Fill.
	Lock string
	// Fill fills in the rows whose ids are $1 (bigint[]).
	Fill string
}

// Backfills are every migration's, in the order of the migrations.
var Backfills = []Backfill{
	{
		// 00021: every word of every name already registered.
		Key:  "backfill.petition_name_words",
		Lock: `select id from petitions where id < $1 order by id desc limit $2 for update`,
		Fill: `
			with todo as (
				select p.id, p.received_at, p.search_name from petitions p
				where p.id = any($1)
				  and not exists (select 1 from petition_name_words w where w.petition_id = p.id)
			), words as (
				insert into petition_name_words (word, received_at, petition_id)
				select w, t.received_at, t.id from todo t cross join lateral petition_name_words_of(t.search_name) w
				returning word
			)
			insert into petition_name_dictionary (word, n)
			select word, count(*) from words group by word
			on conflict (word) do update set n = petition_name_dictionary.n + excluded.n`,
	},
	{
		// 00203: the due date of each executor's submission in progress.
		// A row the triggers set meanwhile is left alone; a submission
		// whose state is changing waits for the locked rows and then
		// sets them as it ends.
		Key:  "backfill.petition_executors_open_due",
		Lock: `select id from petition_executors where id < $1 order by id desc limit $2 for update`,
		Fill: `
			update petition_executors e set open_due = p.due_date
			from petitions p
			where e.id = any($1) and e.open_due is null and p.id = e.petition_id and p.state = 'in_progress'`,
	},
}
