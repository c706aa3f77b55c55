package personcode

import (
	"testing"
	"time"
)

func TestCheck(t *testing.T) {
	now := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	cases := map[string]Problem{
		"010101-10006": OK,
		"150805-21234": CheckDigit,
		"150805-21238": OK,
		"010101-10007": CheckDigit,
		"310299-10000": BirthDate, // 31 February
		"290224-20006": OK,        // 29 February 2024
		"010101-30006": Format,    // no such century digit
		"321234-56789": OK,        // the new form
		"01010-110006": Format,
		"abcdef-ghijk": Format,
		"":             Format,
		"010199-29999": BirthDate, // 2099: not yet born
		"271126-20002": OK,        // born today
		"281126-20007": BirthDate, // born tomorrow
	}
	for code, want := range cases {
		if got := CheckAt(code, now); got != want {
			t.Errorf("%q: %q, want %q", code, got, want)
		}
	}
	if got := Normalise(" 010101 10006 "); got != "010101-10006" {
		t.Errorf("normalised to %q", got)
	}
}
