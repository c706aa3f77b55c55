package components

import "testing"

// A date from an address shows as people write it; what a person typed
// comes back as typed.
func TestDateText(t *testing.T) {
	for in, want := range map[string]string{
		"2026-12-05":  "05.12.2026.",
		"05.12.2026.": "05.12.2026.",
		"31.02.2026.": "31.02.2026.",
		"rīt":         "rīt",
		"":            "",
	} {
		if got := DateText(in); got != want {
			t.Errorf("DateText(%q) = %q, want %q", in, got, want)
		}
	}
}
