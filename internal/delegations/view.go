package delegations

import (
	"context"
	"strings"
	"time"

	"github.com/daugavpils/prdesk/internal/i18n"
)

// KindName is the kind in the viewer's language.
func KindName(ctx context.Context, k Kind) string { return i18n.T(ctx, "delegations.kind."+string(k)) }

// StatusName is the status in the viewer's language.
func StatusName(ctx context.Context, s Status) string {
	return i18n.T(ctx, "delegations.status."+string(s))
}

// LevelName is the level in the viewer's language.
func LevelName(ctx context.Context, l Level) string {
	return i18n.T(ctx, "delegations.level."+string(l))
}

// CountryName is the country of code in the viewer's language; a code the
// catalogue does not know stands as itself.
func CountryName(ctx context.Context, code string) string {
	if i18n.Has(ctx, "delegations.country."+code) {
		return i18n.T(ctx, "delegations.country."+code)
	}
	return code
}

// LanguageName is the language of an ISO 639-1 code.
func LanguageName(ctx context.Context, code string) string {
	if i18n.Has(ctx, "delegations.language."+code) {
		return i18n.T(ctx, "delegations.language."+code)
	}
	return code
}

// LanguagesText lists languages in words.
func LanguagesText(ctx context.Context, ls []string) string {
	out := make([]string, 0, len(ls))
	for _, l := range ls {
		out = append(out, LanguageName(ctx, l))
	}
	return strings.Join(out, ", ")
}

// periodText is a delegation's dates: "04.12.2026." or "04.12.2026.–06.12.2026.".
func periodText(d Delegation) string {
	if d.EndsOn.Equal(d.StartsOn) {
		return i18n.Date(d.StartsOn)
	}
	return i18n.Date(d.StartsOn) + "–" + i18n.Date(d.EndsOn)
}

// dateText is a date, or a dash for none.
func dateText(t *time.Time) string {
	if t == nil {
		return "—"
	}
	return i18n.Date(*t)
}

// place is the city and country: "Viļņa, Lietuva".
func place(ctx context.Context, d Delegation) string {
	if d.City == "" {
		return CountryName(ctx, d.Country)
	}
	return d.City + ", " + CountryName(ctx, d.Country)
}
