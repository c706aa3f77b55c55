package db

import (
	"context"
	"fmt"
	"io/fs"
	"strconv"
	"strings"

	"github.com/daugavpils/prdesk/migrations"
)

// EmbeddedMigrations are the versions of the migrations built into the
// binary (migrations.FS), in the order of their file names.
func EmbeddedMigrations() ([]int64, error) {
	names, err := fs.Glob(migrations.FS, "*.sql")
	if err != nil {
		return nil, err
	}
	var out []int64
	for _, n := range names {
		digits, _, ok := strings.Cut(n, "_")
		v, err := strconv.ParseInt(digits, 10, 64)
		if !ok || err != nil {
			return nil, fmt.Errorf("migration %s: no version number before its name", n)
		}
		out = append(out, v)
	}
	return out, nil
}

// SchemaState is where the database's migrations stand against the binary's.
type SchemaState struct {
	Newest  int64 // the newest migration embedded in the binary
	Version int64 // the newest migration applied in the database (0: none)
	Missing int   // embedded migrations the database has not applied (out of order ones too)
}

// Current tells whether the database is at exactly the binary's newest
// migration with none of the older ones missing.
func (s SchemaState) Current() bool { return s.Version == s.Newest && s.Missing == 0 }

// ReadSchemaState compares goose's table in the database with embedded,
// the binary's versions (EmbeddedMigrations), in one cheap statement.
func ReadSchemaState(ctx context.Context, q Querier, embedded []int64) (SchemaState, error) {
	var st SchemaState
	for _, v := range embedded {
		st.Newest = max(st.Newest, v)
	}
	var applied int
	err := q.QueryRow(ctx, `
		select coalesce(max(version_id), 0), count(distinct version_id) filter (where version_id = any($1))
		from goose_db_version where is_applied`, embedded).Scan(&st.Version, &applied)
	st.Missing = len(embedded) - applied
	return st, err
}
