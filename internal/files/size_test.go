package files

import (
	"context"
	"testing"

	"github.com/daugavpils/prdesk/internal/i18n"
)

// TestSizeText: a file's size has the decimal comma in Latvian and the
// number stays on one line with its unit.
func TestSizeText(t *testing.T) {
	lv := i18n.WithLocale(context.Background(), "lv")
	en := i18n.WithLocale(context.Background(), "en")
	for _, tc := range []struct {
		ctx  context.Context
		n    int64
		want string
	}{
		{lv, 1536 * 1024, "1,5\u00a0MB"},
		{en, 1536 * 1024, "1.5\u00a0MB"},
		{lv, 19 * 1024, "19\u00a0KB"},
		{lv, 999, "999\u00a0B"},
		{lv, 1200 * 1024 * 1024, "1\u00a0200,0\u00a0MB"},
	} {
		if got := SizeText(tc.ctx, tc.n); got != tc.want {
			t.Errorf("SizeText(%s, %d) = %q, want %q", i18n.Locale(tc.ctx), tc.n, got, tc.want)
		}
	}
}
