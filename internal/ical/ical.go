// Package ical writes the iCalendar files (RFC 5545) the areas publish:
// an official's bookings, the twin cities' days, the media events.
package ical

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Domain makes the UIDs of the files' events unique world-wide.
const Domain = "prdesk.daugavpils.lv"

// ProdID names the program that made a file.
const ProdID = "-//Daugavpils valstspilsētas pašvaldība//PR Desk//LV"

var textEscaper = strings.NewReplacer(`\`, `\\`, `;`, `\;`, `,`, `\,`, "\r\n", `\n`, "\n", `\n`, "\r", `\n`)

// Text escapes a TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma
// and line breaks.
func Text(s string) string { return textEscaper.Replace(s) }

// Time is t as a UTC DATE-TIME value.
func Time(t time.Time) string { return t.UTC().Format("20060102T150405Z") }

// Fold writes one content line folded at 75 octets (RFC 5545 3.1): a
// continuation line begins with a space, and no UTF-8 character is split.
func Fold(b *strings.Builder, line string) {
	const limit = 75
	first := true
	for len(line) > 0 {
		n := limit
		if !first {
			n = limit - 1 // the leading space counts
			b.WriteByte(' ')
		}
		if n >= len(line) {
			n = len(line)
		} else {
			for n > 0 && !utf8.RuneStart(line[n]) {
				n--
			}
		}
		b.WriteString(line[:n])
		b.WriteString("\r\n")
		line = line[n:]
		first = false
	}
}
