// Package personcode checks Latvian personal codes (personas kods). The
// submissions registry and the visitors' bookings both take one.
package personcode

import (
	"strings"
	"time"
)

// Problem says what is wrong with a personal code ("" when it is valid).
type Problem string

const (
	OK         Problem = ""
	Format     Problem = "format"     // not DDMMYY-XNNNN or 32NNNN-NNNNN
	BirthDate  Problem = "birth_date" // the old form's date does not exist
	CheckDigit Problem = "check_digit"
)

// checkWeights are the weights of the personal code's check digit, for its first ten digits.
var checkWeights = [10]int{1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

// Normalise removes spaces and adds the hyphen after the sixth digit.
// Bytes that are not UTF-8 go first: otherwise two halves of a character
// could meet across a removed space and make a new space (found by FuzzCheck).
func Normalise(s string) string {
	s = strings.Join(strings.Fields(strings.ToValidUTF8(s, "")), "")
	if len(s) == 11 && strings.Trim(s, "0123456789") == "" {
		s = s[:6] + "-" + s[6:]
	}
	return s
}

// CheckAt validates a Latvian personal code as of now: the old form
// DDMMYY-XNNNN (X = 0, 1, 2 for the 1800s, 1900s, 2000s) with a birth
// date that exists and is not after now, and its check digit; or the new
// form issued since 1 July 2017, which starts with 32 and carries no birth
// date. Pass it normalised.
func CheckAt(code string, now time.Time) Problem {
	if len(code) != 12 || code[6] != '-' {
		return Format
	}
	var d [11]int
	for i, j := 0, 0; i < 12; i++ {
		if i == 6 {
			continue
		}
		c := code[i]
		if c < '0' || c > '9' {
			return Format
		}
		d[j] = int(c - '0')
		j++
	}
	if d[0] == 3 && d[1] == 2 {
		// The new form: the state register checks it; no date to check.
		return OK
	}
	day, month, yy := d[0]*10+d[1], d[2]*10+d[3], d[4]*10+d[5]
	century := map[int]int{0: 1800, 1: 1900, 2: 2000}
	base, ok := century[d[6]]
	if !ok {
		return Format
	}
	year := base + yy
	t := time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
	if month < 1 || month > 12 || t.Day() != day || t.Month() != time.Month(month) || t.After(now) {
		return BirthDate
	}
	if want, ok := checkDigit(d[:10]); !ok || want != d[10] {
		return CheckDigit
	}
	return OK
}

func checkDigit(d []int) (int, bool) {
	sum := 0
	for i, w := range checkWeights {
		sum += d[i] * w
	}
	c := (1101 - sum) % 11
	return c, c < 10
}

// CheckDigitOf is the check digit that completes the first ten digits of an
// old-form code (the hyphen left out); false when no digit can, as for a
// serial the register never issues.
func CheckDigitOf(first10 string) (int, bool) {
	if len(first10) != 10 {
		return 0, false
	}
	d := make([]int, 10)
	for i := range d {
		c := first10[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		d[i] = int(c - '0')
	}
	return checkDigit(d)
}
