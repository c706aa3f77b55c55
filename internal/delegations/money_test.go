package delegations_test

import (
	"testing"

	"github.com/daugavpils/prdesk/internal/delegations"
)

func TestMoney(t *testing.T) {
	for _, c := range []struct {
		in   string
		want delegations.Money
		ok   bool
	}{
		{"80", 8000, true}, {"1 234,50", 123450, true}, {"1234.5", 123450, true}, {"0,05", 5, true},
		{"12,345", 0, false}, {"-5", 0, false}, {"", 0, false}, {"abc", 0, false}, {"1,2,3", 0, false},
		{"150 EUR", 15000, true}, {"9999999999", 0, false},
	} {
		got, ok := delegations.ParseMoney(c.in)
		if ok != c.ok || (ok && got != c.want) {
			t.Errorf("%q: %d %v, want %d %v", c.in, got, ok, c.want, c.ok)
		}
	}
	if s := delegations.Money(123450).String(); s != "1\u00a0234,50 EUR" && s != "1 234,50 EUR" {
		t.Errorf("1234.50 is %q", s)
	}
}
