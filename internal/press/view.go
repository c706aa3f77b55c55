package press

import (
	"context"
	"strings"
	"time"

	"github.com/daugavpils/prdesk/internal/i18n"
)

// StatusName is the status in the viewer's language.
func StatusName(ctx context.Context, s Status) string { return i18n.T(ctx, "press.status."+string(s)) }

// LangName is a release's language in the viewer's language.
func LangName(ctx context.Context, l Lang) string { return i18n.T(ctx, "press.lang."+string(l)) }

// TextStatusName is a translation's status in the viewer's language.
func TextStatusName(ctx context.Context, s TextStatus) string {
	return i18n.T(ctx, "press.text_status."+string(s))
}

// LangsText lists languages in words: "latviešu, krievu".
func LangsText(ctx context.Context, ls []Lang) string {
	out := make([]string, 0, len(ls))
	for _, l := range ls {
		out = append(out, LangName(ctx, l))
	}
	return strings.Join(out, ", ")
}

// embargoText is the embargo as a card shows it: "līdz 05.12.2026. 10:00".
func embargoText(ctx context.Context, t *time.Time) string {
	if t == nil {
		return i18n.T(ctx, "press.release.no_embargo")
	}
	return i18n.T(ctx, "press.release.embargo_until", i18n.DateTime(*t))
}
