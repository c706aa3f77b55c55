// Package components holds the building blocks every area's pages share:
// form fields with errors, the error summary, tables, filters, pagination, badges.
package components

import (
	"context"
	"io"
	"strconv"

	"github.com/a-h/templ"

	"github.com/daugavpils/prdesk/internal/i18n"
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

// EnumOptions are a select's options for the values of an enum, each
// labelled by the catalogue key prefix+value ("petitions.channel."+"post").
// A non-empty blankKey adds a first, empty option with that label.
func EnumOptions[T ~string](ctx context.Context, values []T, prefix string, selected T, blankKey string) []Option {
	out := make([]Option, 0, len(values)+1)
	if blankKey != "" {
		out = append(out, Option{Value: "", Label: i18n.T(ctx, blankKey), Selected: selected == ""})
	}
	for _, v := range values {
		out = append(out, Option{Value: string(v), Label: i18n.T(ctx, prefix+string(v)), Selected: v == selected})
	}
	return out
}
