// Package audit is the append-only log of every write: who, when, which
// entity and id, what action, and a summary of what changed. Entries are
// written in the same transaction as the change they describe.
//
// The administrator reads the log (/admin/audit) and must not read
// residents' personal data through it, so:
//   - a Summary names the record by its id or number and says what was
//     done, in the department's own words; it never carries text a person
//     typed or uploaded (names, personal codes, file names, subjects,
//     notes, reasons);
//   - what changed goes into Details, which the administrator opens only
//     for entities whose entries concern no personal data. Each area
//     declares its entities (an AuditEntities function returning
//     Entities) and the app hands them all to the log page; an entity no
//     one declared counts as personal. Those who may see the record see
//     what changed on its own history.
package audit

import (
	"context"
	"fmt"
	"slices"

	"github.com/daugavpils/prdesk/internal/auth"
)

// Entry describes one change.
type Entry struct {
	Entity   string // "user", "calendar_day", "petition", …
	EntityID any    // the row's id
	Action   string // "create", "update", "delete", "deactivate", …
	Summary  string // what was done to which record (by id or number), never text a person typed or uploaded
	Details  any    // optional: what changed (field-level before/after), stored as JSON
}

// Entities tells, for entity names written to the log, whether their
// entries concern residents' personal data (true) or not (false).
type Entities map[string]bool

// Personal tells whether entity's entries concern personal data: so it is
// when no area declared otherwise.
func (e Entities) Personal(entity string) bool {
	personal, ok := e[entity]
	return personal || !ok
}

// Open lists the entities whose details the administrator may open.
func (e Entities) Open() []string {
	out := []string{}
	for name, personal := range e {
		if !personal {
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return out
}

// Merge joins the declarations of several areas. An entity two areas
// declare differently counts as personal.
func Merge(all ...Entities) Entities {
	out := Entities{}
	for _, e := range all {
		for name, personal := range e {
			out[name] = out[name] || personal
		}
	}
	return out
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
