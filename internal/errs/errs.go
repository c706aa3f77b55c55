// Package errs holds the kinds of failure every area returns. Stores and
// domain code wrap a kind with what went wrong:
//
//	fmt.Errorf("visitors: slot taken: %w", errs.Conflict)
//
// and web.Error maps the kind to a status and a page, so that no handler
// translates errors by hand. It is a leaf: it imports nothing of ours.
package errs

import "errors"

var (
	// NotFound: the record does not exist, or the viewer may not know it does.
	NotFound = errors.New("not found")
	// Forbidden: the viewer may not do this to this record.
	Forbidden = errors.New("forbidden")
	// Conflict: the record changed since the form was drawn (a stale form),
	// or the state no longer allows the step, or a unique thing is taken.
	Conflict = errors.New("conflict")
	// Invalid: a request no page of ours sends (a garbled id, a missing field).
	Invalid = errors.New("invalid")
	// TooLarge: the body or a file is over its limit.
	TooLarge = errors.New("too large")
	// TooMany: this client asked too often; it may try again later.
	TooMany = errors.New("too many requests")
	// Unavailable: something we depend on is down for now.
	Unavailable = errors.New("unavailable")
)

// Kinds lists every kind, for code that must recognise one.
var Kinds = []error{NotFound, Forbidden, Conflict, Invalid, TooLarge, TooMany, Unavailable}

// Kind is the kind err wraps, or nil for an internal error.
func Kind(err error) error {
	for _, k := range Kinds {
		if errors.Is(err, k) {
			return k
		}
	}
	return nil
}
