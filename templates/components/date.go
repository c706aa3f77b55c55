package components

import (
	"context"
	"time"

	"github.com/daugavpils/prdesk/internal/i18n"
)

// DateText is a date as a date field shows it: an ISO date (as an address
// carries it, ?day=2026-12-05) written the way people write it,
// "05.12.2026."; anything else, such as what a person typed and the server
// refused, as it is.
func DateText(s string) string {
	if d, err := time.Parse(time.DateOnly, s); err == nil {
		return i18n.Date(time.Date(d.Year(), d.Month(), d.Day(), 12, 0, 0, 0, i18n.Riga))
	}
	return s
}

// asDate makes f the product's one date input: a text field written
// dd.mm.gggg., which its hint says (after the field's own hint, if any).
// The browsers' date pickers look and work differently in each browser,
// and some show the date as yyyy-mm-dd; a text field with a hint is read
// the same everywhere and takes a pasted or typed date as people write it.
func (f Input) asDate(ctx context.Context) Input {
	f.Type = "text"
	f.Value = DateText(f.Value)
	if f.Hint == "" {
		f.Hint = i18n.T(ctx, "field.date_hint")
	} else {
		f.Hint = i18n.T(ctx, "field.date_hint_after", f.Hint)
	}
	if f.MaxLength == 0 || f.MaxLength > 20 {
		f.MaxLength = 20
	}
	if f.Autocomplete == "" {
		f.Autocomplete = "off"
	}
	return f
}
