package calendar

import (
	"context"
	"strconv"

	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/templates/components"
)

// kindTone colours a kind's badge; the badge also says the kind in words.
func kindTone(k Kind) string {
	switch k {
	case Holiday:
		return "bad"
	case MovedDayOff:
		return "warn"
	case MovedWorkingDay:
		return "ok"
	}
	return "neutral"
}

func kindOptions(ctx context.Context, selected string) []components.Option {
	out := []components.Option{{Value: "", Label: i18n.T(ctx, "calendar.choose_kind")}}
	for _, k := range Kinds {
		out = append(out, components.Option{Value: string(k), Label: i18n.T(ctx, "calendar.kind_"+string(k)), Selected: string(k) == selected})
	}
	return out
}

// pageTitle names the year, and starts with "Error" when the form came back
// with errors, so a screen reader hears it first.
func pageTitle(ctx context.Context, v pageView) string {
	t := i18n.T(ctx, "calendar.title") + " " + strconv.Itoa(v.Year)
	if v.Errors.Any() {
		t = i18n.T(ctx, "errors.title") + ": " + t
	}
	return t
}
