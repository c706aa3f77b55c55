package visitors

import "strings"

// NormalisePhone drops the spaces, hyphens and brackets people type in a
// phone number; what remains must be digits with an optional leading plus.
func NormalisePhone(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '-', '(', ')', '.', '\u00a0':
			return -1
		}
		return r
	}, strings.TrimSpace(s))
}

// ValidPhone tells whether a normalised number has 7 to 15 digits.
func ValidPhone(s string) bool {
	d := strings.TrimPrefix(s, "+")
	if len(d) < 7 || len(d) > 15 {
		return false
	}
	for _, c := range d {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
