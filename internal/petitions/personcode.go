package petitions

import (
	"strings"
	"time"
)

// PersonCodeProblem says what is wrong with a personal code ("" when it is valid).
type PersonCodeProblem string

const (
	CodeOK         PersonCodeProblem = ""
	CodeFormat     PersonCodeProblem = "format"     // not DDMMYY-XNNNN or 32NNNN-NNNNN
	CodeBirthDate  PersonCodeProblem = "birth_date" // the old form's date does not exist
	CodeCheckDigit PersonCodeProblem = "check_digit"
)

// MessageKey is the catalogue key of the message shown beside the field.
func (p PersonCodeProblem) MessageKey() string { return "petreg.err_code_" + string(p) }

// checkWeights are the weights of the personal code's check digit, for its first ten digits.
var checkWeights = [10]int{1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

// NormalisePersonCode removes spaces and adds the hyphen after the sixth digit.
func NormalisePersonCode(s string) string {
	s = strings.Join(strings.Fields(s), "")
	if len(s) == 11 && !strings.Contains(s, "-") {
		s = s[:6] + "-" + s[6:]
	}
	return s
}

// CheckPersonCode validates a Latvian personal code: the old form DDMMYY-XNNNN
// (X = 0, 1, 2 for the 1800s, 1900s, 2000s) with a real birth date and its
// check digit, or the new form issued since 1 July 2017, which starts with 32
// and carries no birth date. Pass it normalised.
func CheckPersonCode(code string) PersonCodeProblem {
	if len(code) != 12 || code[6] != '-' {
		return CodeFormat
	}
	var d [11]int
	for i, j := 0, 0; i < 12; i++ {
		if i == 6 {
			continue
		}
		c := code[i]
		if c < '0' || c > '9' {
			return CodeFormat
		}
		d[j] = int(c - '0')
		j++
	}
	if d[0] == 3 && d[1] == 2 {
		// The new form: the state register checks it; no date to check.
		return CodeOK
	}
	day, month, yy := d[0]*10+d[1], d[2]*10+d[3], d[4]*10+d[5]
	century := map[int]int{0: 1800, 1: 1900, 2: 2000}
	base, ok := century[d[6]]
	if !ok {
		return CodeFormat
	}
	year := base + yy
	t := time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
	if month < 1 || month > 12 || t.Day() != day || t.Month() != time.Month(month) || t.After(time.Now()) {
		return CodeBirthDate
	}
	sum := 0
	for i, w := range checkWeights {
		sum += d[i] * w
	}
	if (1101-sum)%11 != d[10] {
		return CodeCheckDigit
	}
	return CodeOK
}
