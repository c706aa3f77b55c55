package personcode

import (
	"strings"
	"testing"
	"time"
)

// A personal code is typed by people and pasted from anywhere: whatever
// arrives, Normalise and CheckAt answer without failing, and what CheckAt
// accepts is a code of the form it promises.
func FuzzCheck(f *testing.F) {
	for _, s := range []string{"010180-10006", "01018010006", " 010180 -10006 ", "320000-00000", "290200-20005",
		"", "-", "01018O-10006", "010180-1000６", "010180—10006", strings.Repeat("9", 40)} {
		f.Add(s)
	}
	now := time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, s string) {
		code := Normalise(s)
		if Normalise(code) != code {
			t.Errorf("Normalise(%q) = %q, and once more %q", s, code, Normalise(code))
		}
		if CheckAt(code, now) != OK {
			return
		}
		if len(code) != 12 || code[6] != '-' || strings.Trim(code[:6]+code[7:], "0123456789") != "" {
			t.Errorf("CheckAt accepts %q", code)
		}
		if code[:2] != "32" {
			if d, ok := CheckDigitOf(code[:6] + code[7:11]); !ok || int(code[11]-'0') != d {
				t.Errorf("CheckAt accepts %q, whose check digit CheckDigitOf says is %d (%v)", code, d, ok)
			}
		}
	})
}
