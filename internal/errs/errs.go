// Package errs holds the kinds of failure every area returns. Stores and
// domain code wrap a kind with what went wrong:
//
//	fmt.Errorf("visitors: slot taken: %w", errs.Conflict)
//
// and web.Error maps the kind to a status and a page, so that no handler
// translates errors by hand. It is a leaf: it imports nothing of ours.
package errs

import (
	"errors"
	"fmt"
)

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

// KeyUsed: a create form's idempotency key made a record already (the
// same form posted twice at once); the handler goes to that record. It is
// a Conflict to code that knows no better.
var KeyUsed = fmt.Errorf("idempotency key already used: %w", Conflict)

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

// FieldError is a refusal that belongs beside one field of the form that
// asked (a slot just taken, a number already used): found by the store,
// often inside its transaction, and shown by the handler with the form as
// typed. Its Kind gives the status when the form is drawn again.
type FieldError struct {
	Field string // the form field's name
	Key   string // the catalogue key of the message
	Args  []any  // the message's arguments, if any
	Kind  error  // Invalid (422) or Conflict (409)
}

func (e *FieldError) Error() string { return "field " + e.Field + ": " + e.Key }

// Unwrap makes errors.Is(err, Conflict) hold for a field's conflict.
func (e *FieldError) Unwrap() error { return e.Kind }

// Field is a refusal of field's value with the message key (kind Invalid).
func Field(field, key string, args ...any) error {
	return &FieldError{Field: field, Key: key, Args: args, Kind: Invalid}
}

// FieldConflict is a refusal of field's value because of what someone
// else did meanwhile (kind Conflict): the slot was just taken.
func FieldConflict(field, key string, args ...any) error {
	return &FieldError{Field: field, Key: key, Args: args, Kind: Conflict}
}

// AsField is the field refusal err holds, if any.
func AsField(err error) (*FieldError, bool) {
	var fe *FieldError
	ok := errors.As(err, &fe)
	return fe, ok
}
