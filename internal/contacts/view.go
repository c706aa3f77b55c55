package contacts

import (
	"context"
	"strings"
	"time"

	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/templates/components"
)

type optionT = components.Option

// canEdit tells whether the viewer keeps the directory.
func canEdit(ctx context.Context) bool { return auth.UserFrom(ctx).Can(auth.ContactsEdit) }

// dateText is a date as the pages show it, "" for none.
func dateText(t *time.Time) string {
	if t == nil {
		return ""
	}
	return i18n.Date(*t)
}

// labels are the catalogue's names of codes (languages, topics), joined.
func labels(ctx context.Context, prefix string, codes []string) string {
	out := make([]string, len(codes))
	for i, c := range codes {
		out[i] = i18n.T(ctx, prefix+c)
	}
	return strings.Join(out, ", ")
}

// options are checkboxes' options for codes, those in selected ticked.
func options(ctx context.Context, codes []string, prefix string, selected []string) []optionT {
	out := make([]optionT, len(codes))
	for i, c := range codes {
		out[i] = optionT{Value: c, Label: i18n.T(ctx, prefix+c)}
		for _, s := range selected {
			if s == c {
				out[i].Selected = true
			}
		}
	}
	return out
}

// phoneText is a phone number as the pages show it: +371 2912 3456.
func phoneText(p string) string {
	if strings.HasPrefix(p, "+371") && len(p) == 12 {
		return "+371 " + p[4:8] + " " + p[8:]
	}
	return p
}
