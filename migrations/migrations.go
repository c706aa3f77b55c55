// Package migrations holds the goose SQL migrations, embedded in the binary.
//
// A migration must not hold the registry still. The server migrates at
// start while other servers may be serving, and a table of a million rows
// locked for thirty seconds is thirty seconds in which nobody registers a
// submission or books a visit. So, on the tables that can be large (see
// largeTables in migrations_test.go: petitions and what hangs off them,
// the visitors' bookings and log, audit_log, mail_outbox, files, sessions,
// login_attempts, River's jobs):
//
//   - An index is built with `create index concurrently`, which cannot run
//     in a transaction: the file starts with `-- +goose NO TRANSACTION` and
//     holds that one statement (a failed concurrent build leaves an invalid
//     index behind: `drop index concurrently if exists` first).
//   - A new foreign key or check is added `not valid` (it holds for new
//     rows at once) and checked for the old rows by a separate
//     `alter table … validate constraint …`, which does not block writes.
//     A new unique constraint or primary key is an index built
//     concurrently, then `add constraint … using index`.
//   - Existing rows are filled in by a backfill in batches after start
//     (Backfills, run by db.Backfill), never by one statement in the
//     migration: 00021's name words are the example.
//
// A down migration either works on rows that retention has touched (names
// blanked, files removed) or refuses with an exception that says why.
//
// The migrations up to 00025 are history and stay as they are (00021
// gave its backfill to Backfills); TestLargeTablesAreNotLocked holds every
// later one to these rules.
package migrations

import "embed"

//go:embed *.sql
var FS embed.FS
