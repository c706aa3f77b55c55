package delegations

import (
	"strconv"
	"strings"

	"github.com/daugavpils/prdesk/internal/i18n"
)

// Money is an amount in euro cents: the database keeps numeric(12, 2),
// read and written as whole cents, never as a float.
type Money int64

// MaxMoney is the most an amount may be (numeric(12, 2)).
const MaxMoney Money = 99_999_999_999

// ParseMoney reads an amount as typed: "1 234,50", "1234.5", "80" (euros),
// at most two decimals, not negative.
func ParseMoney(s string) (Money, bool) {
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "EUR"))
	s = strings.NewReplacer(" ", "", "\u00a0", "", "\u202f", "", "€", "").Replace(s)
	s = strings.ReplaceAll(s, ",", ".")
	if s == "" || strings.Count(s, ".") > 1 {
		return 0, false
	}
	whole, frac, _ := strings.Cut(s, ".")
	if whole == "" || len(frac) > 2 || len(whole) > 9 {
		return 0, false
	}
	for _, r := range whole + frac {
		if r < '0' || r > '9' {
			return 0, false
		}
	}
	for len(frac) < 2 {
		frac += "0"
	}
	w, err1 := strconv.ParseInt(whole, 10, 64)
	f, err2 := strconv.ParseInt(frac, 10, 64)
	if err1 != nil || err2 != nil {
		return 0, false
	}
	m := Money(w*100 + f)
	return m, m <= MaxMoney
}

// String is the amount as Latvian pages write it: "1 234,50 EUR".
func (m Money) String() string { return m.Plain() + " EUR" }

// Plain is the amount without the currency, as a form shows it: "1 234,50".
func (m Money) Plain() string {
	neg := ""
	if m < 0 {
		neg, m = "-", -m
	}
	c := int64(m % 100)
	return neg + i18n.Number(int64(m/100)) + "," + strconv.FormatInt(c/10, 10) + strconv.FormatInt(c%10, 10)
}
