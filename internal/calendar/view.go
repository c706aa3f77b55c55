package calendar

import (
	"context"
	"strconv"
	"strings"

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

func dayURL(id int64) string { return "/admin/calendar/days/" + strconv.FormatInt(id, 10) }

// orderText names a Cabinet order: „Title", Nr. 123, adopted 10.06.2025.
func orderText(ctx context.Context, o Order) string {
	var parts []string
	if o.Title != "" {
		parts = append(parts, "„"+o.Title+"”")
	}
	if o.Number != "" {
		parts = append(parts, i18n.T(ctx, "calendar.order_nr", o.Number))
	}
	if o.Date != nil {
		parts = append(parts, i18n.T(ctx, "calendar.order_adopted", i18n.Date(*o.Date)))
	}
	return strings.Join(parts, ", ")
}

// editTitle names the day, and starts with "Error" when the form came back
// with errors.
func editTitle(ctx context.Context, v editView) string {
	t := i18n.T(ctx, "calendar.edit_day", i18n.Date(v.Day.Date))
	if v.Errors.Any() {
		t = i18n.T(ctx, "errors.title") + ": " + t
	}
	return t
}
