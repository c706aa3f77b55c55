// Package audit is the append-only log of every write: who, when, which
// entity and id, what action, and a summary of what changed. Entries are
// written in the same transaction as the change they describe.
package audit

import (
	"context"
	"fmt"

	"github.com/daugavpils/prdesk/internal/auth"
)

// Entry describes one change.
type Entry struct {
	Entity   string // "user", "calendar_day", "petition", …
	EntityID any    // the row's id
	Action   string // "create", "update", "delete", "deactivate", …
	Summary  string // what changed, in a sentence a person can read
	Details  any    // optional: field-level before/after, stored as JSON
}

// Actor is who made a change; ID 0 is the system itself (jobs, demo data).
type Actor struct {
	ID   int64
	Name string
}

// System is the actor of changes nobody made by hand.
var System = Actor{Name: "system"}

// ActorOf is the signed-in user of ctx, or System.
func ActorOf(ctx context.Context) Actor {
	if u := auth.UserFrom(ctx); u != nil {
		return Actor{ID: u.ID, Name: u.Username}
	}
	return System
}

// ActorID is the signed-in user's id for a created_by column, or nil when
// the system itself acts (jobs, demo data).
func ActorID(ctx context.Context) *int64 {
	if u := auth.UserFrom(ctx); u != nil {
		id := u.ID
		return &id
	}
	return nil
}

// Change is one field's before and after, for Details.
type Change struct {
	Field  string `json:"field"`
	Before any    `json:"before"`
	After  any    `json:"after"`
}

// Diff lists the fields whose values differ; fields maps names to [before, after].
func Diff(fields [][3]any) []Change {
	var out []Change
	for _, f := range fields {
		if fmt.Sprint(f[1]) != fmt.Sprint(f[2]) {
			out = append(out, Change{Field: fmt.Sprint(f[0]), Before: f[1], After: f[2]})
		}
	}
	return out
}
