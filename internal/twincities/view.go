package twincities

import (
	"context"
	"strings"
	"time"

	"github.com/daugavpils/prdesk/internal/i18n"
)

// StatusName is the status in the viewer's language.
func StatusName(ctx context.Context, s Status) string {
	return i18n.T(ctx, "twincities.status."+string(s))
}

// FieldName is the field of cooperation in the viewer's language.
func FieldName(ctx context.Context, f Field) string {
	return i18n.T(ctx, "twincities.field."+string(f))
}

// KindName is the kind of a log line in the viewer's language.
func KindName(ctx context.Context, k Kind) string { return i18n.T(ctx, "twincities.kind."+string(k)) }

// CountryName is the country of code in the viewer's language; a code the
// catalogue does not know stands as itself.
func CountryName(ctx context.Context, code string) string {
	if i18n.Has(ctx, "twincities.country."+code) {
		return i18n.T(ctx, "twincities.country."+code)
	}
	return code
}

// LanguageName is the language of an ISO 639-1 code.
func LanguageName(ctx context.Context, code string) string {
	if i18n.Has(ctx, "twincities.language."+code) {
		return i18n.T(ctx, "twincities.language."+code)
	}
	return code
}

// FieldsText lists fields in words: "kultūra, sports".
func FieldsText(ctx context.Context, fs []Field) string {
	out := make([]string, 0, len(fs))
	for _, f := range fs {
		out = append(out, FieldName(ctx, f))
	}
	return strings.Join(out, ", ")
}

// LanguagesText lists languages in words.
func LanguagesText(ctx context.Context, ls []string) string {
	out := make([]string, 0, len(ls))
	for _, l := range ls {
		out = append(out, LanguageName(ctx, l))
	}
	return strings.Join(out, ", ")
}

// contactText is a contact's name, or its number while the directory does
// not name it, or "" for none.
func contactText(ctx context.Context, id *int64, names map[int64]Contact) string {
	if id == nil {
		return ""
	}
	if c, ok := names[*id]; ok {
		return c.Name
	}
	return i18n.T(ctx, "twincities.contact_n", *id)
}

// dateText is a date, or a dash for none.
func dateText(t *time.Time) string {
	if t == nil {
		return "—"
	}
	return i18n.Date(*t)
}
