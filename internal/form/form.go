// Package form reads posted forms and collects field errors in the order the
// fields appear, so the error summary lists them as the person sees them.
package form

import (
	"context"
	"net/http"
	"net/mail"
	"strconv"
	"strings"
	"unicode/utf8"

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

// Values reads one request's posted fields and checks them, collecting errors.
type Values struct {
	ctx    context.Context
	r      *http.Request
	Errors Errors
}

// Read parses the posted form of r. A body over the size limit is an error of its own.
func Read(r *http.Request) (*Values, error) {
	if err := r.ParseForm(); err != nil {
		return nil, err
	}
	return &Values{ctx: r.Context(), r: r}, nil
}

// Raw is the posted value, untouched.
func (v *Values) Raw(name string) string { return v.r.PostForm.Get(name) }

// All is every value posted under name.
func (v *Values) All(name string) []string { return v.r.PostForm[name] }

// Text trims the value and checks it against maxLen (and presence when required).
func (v *Values) Text(name string, required bool, maxLen int) string {
	s := strings.TrimSpace(strings.ReplaceAll(v.r.PostForm.Get(name), "\r\n", "\n"))
	switch {
	case required && s == "":
		v.Errors.Add(name, i18n.T(v.ctx, "field.required"))
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
			v.Errors.Add(name, i18n.T(v.ctx, "field.invalid_email"))
		}
	}
	return s
}

// Choice reads a value that must be one of allowed.
func (v *Values) Choice(name string, required bool, allowed ...string) string {
	s := strings.TrimSpace(v.r.PostForm.Get(name))
	if s == "" {
		if required {
			v.Errors.Add(name, i18n.T(v.ctx, "field.required"))
		}
		return ""
	}
	for _, a := range allowed {
		if s == a {
			return s
		}
	}
	v.Errors.Add(name, i18n.T(v.ctx, "field.invalid_choice"))
	return ""
}

// Choices reads a multi-valued field whose values must all be in allowed.
func (v *Values) Choices(name string, allowed ...string) []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range v.r.PostForm[name] {
		ok := false
		for _, a := range allowed {
			ok = ok || s == a
		}
		if !ok {
			v.Errors.Add(name, i18n.T(v.ctx, "field.invalid_choice"))
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
	s := v.r.PostForm.Get(name)
	return s == "on" || s == "true" || s == "1"
}

// Version reads the hidden version field that guards against overwriting someone else's edit.
func (v *Values) Version() int {
	n, err := strconv.Atoi(v.r.PostForm.Get("version"))
	if err != nil {
		return -1
	}
	return n
}

// Add records a field error found by a later check.
func (v *Values) Add(field, key string, args ...any) {
	v.Errors.Add(field, i18n.T(v.ctx, key, args...))
}
