package feeds

import (
	"strconv"
	"strings"
	"time"
	"unicode"
)

// Layouts tried in turn, after normalize has dropped the weekday, put the
// month in English and turned a zone's name into an offset. A layout
// without a zone reads the time as UTC: the feed did not say, and a guess
// at the site's zone would be no better.
var dateLayouts = []string{
	// RFC 3339 and ISO 8601 as feeds write them (fractions of a second are
	// accepted after the seconds without being in the layout)
	"2006-01-02T15:04:05Z07:00",
	"2006-01-02T15:04:05Z0700",
	"2006-01-02T15:04:05Z07",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04:05",
	"2006-01-02T15:04",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05 Z07:00",
	"2006-01-02 15:04:05 -0700",
	"2006-01-02 15:04:05",
	"2006-01-02 15:04",
	"2006-01-02",
	// RFC 822 and 1123, with and without seconds, two- and four-digit years
	"2 Jan 2006 15:04:05 -0700",
	"2 Jan 2006 15:04 -0700",
	"2 Jan 06 15:04:05 -0700",
	"2 Jan 06 15:04 -0700",
	"2 Jan 2006 15:04:05",
	"2 Jan 2006 15:04",
	"2 Jan 2006",
	// the American order, and what Ruby's and Unix's date print
	"Jan 2 2006 15:04:05 -0700",
	"Jan 2 2006 15:04 -0700",
	"Jan 2 2006 3:04 PM",
	"Jan 2 2006 3:04:05 PM",
	"Jan 2 15:04:05 -0700 2006",
	"Jan 2 15:04:05 2006",
	"Jan 2 2006",
	// the day-first numeric dates of Latvian and Russian sites
	"2.1.2006 15:04:05 -0700",
	"2.1.2006 15:04 -0700",
	"2.1.2006 15:04:05",
	"2.1.2006 15:04",
	"2.1.2006",
}

// parseDate reads a feed's or a page's date; the zero time when there is
// none or it cannot be read, so that the caller falls back on when it first
// saw the item.
func parseDate(s string) time.Time {
	s = normalizeDate(s)
	if s == "" {
		return time.Time{}
	}
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			// Before 1990 no feed existed: such a date is a CMS's
			// placeholder (the Unix epoch, 0001-01-01).
			if t.Year() < 1990 {
				return time.Time{}
			}
			return t
		}
	}
	return time.Time{}
}

// Zones by the names feeds give them. time.Parse knows a name only when it
// is the local zone's; elsewhere it keeps the name with a zero offset, which
// would put a Latvian EEST item three hours late.
var zoneOffsets = map[string]string{
	"UT": "+0000", "UTC": "+0000", "GMT": "+0000", "Z": "+0000", "WET": "+0000",
	"WEST": "+0100", "BST": "+0100", "CET": "+0100", "MET": "+0100",
	"CEST": "+0200", "MEST": "+0200", "EET": "+0200",
	"EEST": "+0300", "MSK": "+0300", "MSD": "+0400",
	// RFC 822's North American zones
	"EST": "-0500", "EDT": "-0400", "CST": "-0600", "CDT": "-0500",
	"MST": "-0700", "MDT": "-0600", "PST": "-0800", "PDT": "-0700",
}

// Month names by their first letters: English, Latvian and Russian, the
// languages of the sites the desk reads. Longer prefixes come first where
// one begins another.
var monthPrefixes = []struct {
	prefix string
	month  string
}{
	{"jan", "Jan"}, {"feb", "Feb"}, {"mar", "Mar"}, {"apr", "Apr"}, {"may", "May"},
	{"mai", "May"}, {"jun", "Jun"}, {"jūn", "Jun"}, {"jul", "Jul"}, {"jūl", "Jul"},
	{"aug", "Aug"}, {"sep", "Sep"}, {"oct", "Oct"}, {"okt", "Oct"}, {"nov", "Nov"},
	{"dec", "Dec"},
	{"янв", "Jan"}, {"фев", "Feb"}, {"мар", "Mar"}, {"апр", "Apr"}, {"май", "May"},
	{"мая", "May"}, {"июн", "Jun"}, {"июл", "Jul"}, {"авг", "Aug"}, {"сен", "Sep"},
	{"окт", "Oct"}, {"ноя", "Nov"}, {"дек", "Dec"},
}

var weekdays = map[string]bool{
	"mon": true, "tue": true, "tues": true, "wed": true, "thu": true, "thur": true,
	"thurs": true, "fri": true, "sat": true, "sun": true, "monday": true,
	"tuesday": true, "wednesday": true, "thursday": true, "friday": true,
	"saturday": true, "sunday": true,
}

// normalizeDate rewrites the broken forms feeds send into ones the layouts
// read: "Pk, 13 marts 2026 14:30 EET" becomes "13 Mar 2026 14:30 +0200".
func normalizeDate(s string) string {
	fields := strings.Fields(s)
	if len(fields) == 0 {
		return ""
	}
	// A weekday is checked by no one and written wrong by many; any word
	// before a comma at the start is one, in whatever language.
	first := strings.ToLower(strings.TrimRight(fields[0], ".,"))
	if strings.HasSuffix(fields[0], ",") && isLetters(first) || weekdays[first] {
		fields = fields[1:]
	}
	var out []string
	for i, f := range fields {
		f = strings.Trim(f, ",")
		if f == "" {
			continue
		}
		lower := strings.ToLower(strings.TrimRight(f, "."))
		switch {
		case lower == "am" || lower == "pm":
			out = append(out, strings.ToUpper(lower))
		case isLetters(lower):
			if m := monthName(lower); m != "" {
				out = append(out, m)
			} else if off, ok := zoneOffsets[strings.ToUpper(lower)]; ok {
				out = append(out, off)
			} else if i == len(fields)-1 && len(out) > 0 {
				// an unknown zone's name: read as UTC, hours off at
				// worst, rather than losing the date
				out = append(out, "+0000")
			}
			// any other word ("plkst.", "в") is filler
		case (strings.HasPrefix(lower, "gmt") || strings.HasPrefix(lower, "utc")) && len(lower) > 3:
			out = append(out, numericOffset(lower[3:]))
		case len(out) > 0 && (f[0] == '+' || f[0] == '-'):
			out = append(out, numericOffset(f))
		case strings.HasSuffix(f, ".") && isDigits(f[:len(f)-1]):
			out = append(out, f[:len(f)-1]) // "13. marts"
		default:
			out = append(out, f)
		}
	}
	return strings.Join(out, " ")
}

func monthName(word string) string {
	if len([]rune(word)) < 3 {
		return ""
	}
	for _, m := range monthPrefixes {
		if strings.HasPrefix(word, m.prefix) {
			return m.month
		}
	}
	return ""
}

// numericOffset writes "+2", "+02", "+02:00" and "+0200" as "+0200".
func numericOffset(s string) string {
	if len(s) < 2 || (s[0] != '+' && s[0] != '-') {
		return s
	}
	sign, digits := s[:1], strings.ReplaceAll(s[1:], ":", "")
	if _, err := strconv.Atoi(digits); err != nil {
		return s
	}
	switch len(digits) {
	case 1:
		return sign + "0" + digits + "00"
	case 2:
		return sign + digits + "00"
	case 3:
		return sign + "0" + digits
	}
	return sign + digits
}

func isLetters(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return true
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
