// Package components holds the building blocks every area's pages share:
// form fields with errors, the error summary, tables, filters, pagination, badges.
package components

import (
	"context"
	"io"
	"strconv"

	"github.com/a-h/templ"
)

// Badge shows a status in words and colour together. Tone: ok, warn, bad, neutral.
//
// Written by hand rather than in templ: a list draws two on each of its
// rows, and templ's class attribute builds and checks a class list each
// time, a twentieth of the registry list's work.
func Badge(tone, text string) templ.Component {
	return templ.ComponentFunc(func(_ context.Context, w io.Writer) error {
		_, err := io.WriteString(w, `<span class="badge `+templ.EscapeString(tone)+`">`+templ.EscapeString(text)+`</span>`)
		return err
	})
}

func checkboxID(name string, i int) string {
	if i == 0 {
		return name
	}
	return name + "-" + strconv.Itoa(i)
}
