// Package form reads posted forms and collects field errors in the order the
// fields appear, so the error summary lists them as the person sees them.
package form

import (
	"context"
	"errors"
	"net/http"
	"net/mail"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/daugavpils/prdesk/internal/errs"
	"github.com/daugavpils/prdesk/internal/i18n"
)

// Errors maps field names to messages (already in the person's language).
type Errors struct {
	order []string
	msgs  map[string]string
}

// Add records the first message for field; later ones for the same field are dropped.
func (e *Errors) Add(field, msg string) {
	if e.msgs == nil {
		e.msgs = map[string]string{}
	}
	if _, ok := e.msgs[field]; ok {
		return
	}
	e.order = append(e.order, field)
	e.msgs[field] = msg
}

// Get is the message for field, or "".
func (e Errors) Get(field string) string { return e.msgs[field] }

// Any tells whether there is at least one error.
func (e Errors) Any() bool { return len(e.order) > 0 }

// FieldError is one entry of the summary.
type FieldError struct{ Field, Message string }

// List is the errors in the order they were added.
func (e Errors) List() []FieldError {
	out := make([]FieldError, len(e.order))
	for i, f := range e.order {
		out[i] = FieldError{f, e.msgs[f]}
	}
	return out
}

// Values reads one request's posted fields (or a filter's query) and
// checks them, collecting errors.
type Values struct {
	ctx    context.Context
	vals   url.Values
	prefix string // where the form's own messages are (Messages)
	Errors Errors
}

// Messages names where the form's own messages are in the catalogue: a
// missing field says prefix.<field>_required ("Ievadiet iesnieguma
// tematu") and a wrong value prefix.<field>_invalid ("Izvēlieties
// amatpersonu") where the catalogue has them, rather than the same
// "Aizpildiet šo lauku" four times. It returns v, to be chained after Read.
func (v *Values) Messages(prefix string) *Values {
	v.prefix = prefix
	return v
}

// refuse adds the field's own message of the kind ("required", "invalid")
// when the form has one, else the general key.
func (v *Values) refuse(name, kind, general string, args ...any) {
	if v.prefix != "" {
		if key := v.prefix + "." + name + "_" + kind; i18n.Has(v.ctx, key) {
			v.Add(name, key, args...)
			return
		}
	}
	v.Add(name, general, args...)
}

// Missing says that the required field name was left empty, in the
// form's own words where it has them (Messages).
func (v *Values) Missing(name string) { v.refuse(name, "required", "field.required") }

// Invalid says that the value of name is none of those offered (an id
// not in the list, a choice since removed), in the form's own words
// where it has them (Messages).
func (v *Values) Invalid(name string) { v.refuse(name, "invalid", "field.invalid_choice") }

// Read parses the posted form of r. A body over the size limit is an error of its own.
func Read(r *http.Request) (*Values, error) {
	if err := r.ParseForm(); err != nil {
		return nil, err
	}
	return &Values{ctx: r.Context(), vals: r.PostForm}, nil
}

// FromURL reads a list's filters from the query string of r, with the same
// checks as a posted form.
func FromURL(r *http.Request) *Values {
	return &Values{ctx: r.Context(), vals: URLValues(r)}
}

// URLValues are the values of r's query string, untouched. (Areas call
// this rather than r.URL.Query, so that their only Query calls are SQL,
// which lives in their store files.)
func URLValues(r *http.Request) url.Values { return r.URL.Query() }

// Raw is the value, untouched.
func (v *Values) Raw(name string) string { return v.vals.Get(name) }

// Raws are every value of a multi-valued field as posted.
func (v *Values) Raws(name string) []string { return v.vals[name] }

// Text trims the value and checks it against maxLen (and presence when required).
func (v *Values) Text(name string, required bool, maxLen int) string {
	s := strings.TrimSpace(StripBidi(strings.ReplaceAll(v.vals.Get(name), "\r\n", "\n")))
	switch {
	case required && s == "":
		v.refuse(name, "required", "field.required")
	case utf8.RuneCountInString(s) > maxLen:
		v.Errors.Add(name, i18n.T(v.ctx, "field.too_long", i18n.Number(int64(maxLen))))
	}
	return s
}

// Email reads an optional (or required) e-mail address.
func (v *Values) Email(name string, required bool) string {
	s := v.Text(name, required, 254)
	if s != "" && v.Errors.Get(name) == "" {
		a, err := mail.ParseAddress(s)
		if err != nil || a.Address != s || !strings.Contains(s[strings.LastIndex(s, "@")+1:], ".") {
			v.refuse(name, "invalid", "field.invalid_email")
		}
	}
	return s
}

// Choices reads a multi-valued field whose values must all be in allowed.
func (v *Values) Choices(name string, allowed ...string) []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range v.vals[name] {
		ok := false
		for _, a := range allowed {
			ok = ok || s == a
		}
		if !ok {
			v.refuse(name, "invalid", "field.invalid_choice")
			return nil
		}
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// Bool reads a checkbox.
func (v *Values) Bool(name string) bool {
	s := v.vals.Get(name)
	return s == "on" || s == "true" || s == "1"
}

// Version reads the hidden version field that guards against overwriting
// someone else's edit. A missing or garbled version is -1, which no record
// has: the store's "where version = $n" then finds no row, and the edit is
// a conflict, never a skipped check.
func (v *Values) Version() int {
	n, err := strconv.Atoi(v.vals.Get("version"))
	if err != nil || n < 0 {
		return -1
	}
	return n
}

// Date reads a date typed as dd.mm.yyyy. (or yyyy-mm-dd, as a date input
// sends it). It is midnight UTC of that civil date, as calendar's dates
// are; zero when empty or not a date (with the field's error).
func (v *Values) Date(name string, required bool) time.Time {
	s := v.Text(name, required, 20)
	if s == "" || v.Errors.Get(name) != "" {
		return time.Time{}
	}
	d, ok := i18n.ParseDate(s)
	switch {
	case ok:
	case looksLikeDate.MatchString(s):
		// Written right, but no such day: say so, not that the form is wrong.
		v.refuse(name, "invalid", "field.date_not_exist", strings.TrimSuffix(s, "."))
		return time.Time{}
	default:
		v.refuse(name, "invalid", "field.invalid_date")
		return time.Time{}
	}
	return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC)
}

// clockPattern is a time of day as people type it: 9:30, 09:30 or 9.30.
var clockPattern = regexp.MustCompile(`^([01]?[0-9]|2[0-3])[:.]([0-5][0-9])$`)

// ParseClock reads a time of day typed as 9:30, 09:30 or 9.30.
func ParseClock(s string) (hour, minute int, ok bool) {
	m := clockPattern.FindStringSubmatch(s)
	if m == nil {
		return 0, 0, false
	}
	hour, _ = strconv.Atoi(m[1])
	minute, _ = strconv.Atoi(m[2])
	return hour, minute, true
}

// Moment reads a date (dateName, as Date reads it) and a time of day
// (timeName, hh:mm) as the instant they name in Riga; zero when both are
// empty, or when either is wrong (with its field's error). A date without
// a time, or a time without a date, is refused beside the one missing.
func (v *Values) Moment(dateName, timeName string, required bool) time.Time {
	d := v.Date(dateName, required)
	clock := v.Text(timeName, false, 10)
	// Both fields are checked at once, so that two mistakes are told
	// together and not one save after the other.
	hour, minute, ok := ParseClock(clock)
	if clock != "" && !ok {
		v.refuse(timeName, "invalid", "field.invalid_time")
	}
	switch {
	case v.Errors.Get(dateName) != "" || v.Errors.Get(timeName) != "":
		return time.Time{}
	case clock == "" && d.IsZero():
		return time.Time{}
	case clock == "":
		v.refuse(timeName, "required", "field.required")
		return time.Time{}
	case d.IsZero():
		v.refuse(dateName, "required", "field.required")
		return time.Time{}
	}
	return time.Date(d.Year(), d.Month(), d.Day(), hour, minute, 0, 0, i18n.Riga)
}

// Int reads a whole number from lo to hi; 0 when empty or wrong (with the field's error).
func (v *Values) Int(name string, required bool, lo, hi int) int {
	s := v.Text(name, required, 20)
	if s == "" || v.Errors.Get(name) != "" {
		return 0
	}
	n, err := strconv.Atoi(strings.ReplaceAll(s, " ", ""))
	switch {
	case err != nil:
		v.refuse(name, "invalid", "field.invalid_number")
		return 0
	case n < lo || n > hi:
		v.Add(name, "field.out_of_range", i18n.Number(int64(lo)), i18n.Number(int64(hi)))
		return 0
	}
	return n
}

// ID reads the id of a record chosen from a list; 0 when empty or not an
// id (with the field's error). Whether the record exists is the store's
// to say.
func (v *Values) ID(name string, required bool) int64 {
	s := strings.TrimSpace(v.vals.Get(name))
	if s == "" {
		if required {
			v.refuse(name, "required", "field.required")
		}
		return 0
	}
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		v.refuse(name, "invalid", "field.invalid_choice")
		return 0
	}
	return id
}

// IDs reads the ids of records chosen from a list of checkboxes, each
// once, in the order posted; nil (with the field's error) when one is not
// an id. Whether the records exist is the store's to say.
func (v *Values) IDs(name string) []int64 {
	var out []int64
	for _, s := range v.vals[name] {
		id, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
		if err != nil || id <= 0 {
			v.refuse(name, "invalid", "field.invalid_choice")
			return nil
		}
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

// Enum reads a value that must be one of allowed, as its own type.
func Enum[T ~string](v *Values, name string, required bool, allowed []T) T {
	s := strings.TrimSpace(v.vals.Get(name))
	if s == "" {
		if required {
			v.refuse(name, "required", "field.required")
		}
		return ""
	}
	for _, a := range allowed {
		if string(a) == s {
			return a
		}
	}
	v.refuse(name, "invalid", "field.invalid_choice")
	return ""
}

// Add records a field error found by a later check.
func (v *Values) Add(field, key string, args ...any) {
	v.Errors.Add(field, i18n.T(v.ctx, key, args...))
}

// Refused adds err's field refusal (errs.FieldError) to the form and
// reports the status to draw the form again with: 409 for a conflict, 422
// otherwise. ok is false when err is no field refusal: the handler passes
// it to web.Error.
func (v *Values) Refused(err error) (status int, ok bool) {
	fe, ok := errs.AsField(err)
	if !ok {
		return 0, false
	}
	v.Add(fe.Field, fe.Key, fe.Args...)
	if errors.Is(fe.Kind, errs.Conflict) {
		return http.StatusConflict, true
	}
	return http.StatusUnprocessableEntity, true
}

// StripBidi removes the characters that reorder text for display
// (U+202A–U+202E, U+2066–U+2069): typed into a name or a file name they
// turn "abc\u202Eexe.pdf" around on lists and in mail. Nothing a person
// writes in Latvian, Russian or English needs them.
func StripBidi(s string) string {
	if !strings.ContainsFunc(s, isBidiControl) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if isBidiControl(r) {
			return -1
		}
		return r
	}, s)
}

func isBidiControl(r rune) bool {
	return (r >= '\u202A' && r <= '\u202E') || (r >= '\u2066' && r <= '\u2069')
}

// looksLikeDate is a date written as the form asks (dd.mm.yyyy or
// yyyy-mm-dd), whether or not the day exists.
var looksLikeDate = regexp.MustCompile(`^(\d{1,2}\.\d{1,2}\.\d{4}\.?|\d{4}-\d{2}-\d{2})$`)
