package visitors

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/templates/components"
)

// hhmm is the time of day in Riga.
func hhmm(t time.Time) string { return t.In(i18n.Riga).Format("15:04") }

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

func officialOptions(ctx context.Context, os []Official, selected string) []components.Option {
	out := []components.Option{{Value: "", Label: i18n.T(ctx, "visitors.choose_official")}}
	for _, o := range os {
		id := strconv.FormatInt(o.ID, 10)
		label := o.Name
		if o.Position != "" {
			label += " — " + o.Position
		}
		out = append(out, components.Option{Value: id, Label: label, Selected: id == selected})
	}
	return out
}

// decimal is f with one decimal place and the language's decimal mark:
// "16,7" in Latvian, "16.7" in English.
func decimal(ctx context.Context, f float64) string { return i18n.Decimal(ctx, f, 1) }

// percent is a share (0 to 1) as a percentage: "16,7 %" in Latvian (a
// non-breaking space before the sign), "16.7%" in English.
func percent(ctx context.Context, f float64) string { return i18n.Percent(ctx, f) }

// minutes is a duration in minutes with one decimal: "4,5 min".
func minutes(ctx context.Context, d time.Duration) string {
	return i18n.T(ctx, "visitors.minutes", decimal(ctx, d.Minutes()))
}

// stepText names a step for the undo panel and its flash: "Ieradās:
// A-003, Anna Bērziņa".
func stepText(ctx context.Context, st Step) string {
	what := i18n.T(ctx, "visitors.undo.action_"+string(st.Action))
	var who []string
	if st.Ticket != "" {
		who = append(who, st.Ticket)
	}
	if st.VisitorName != "" {
		who = append(who, st.VisitorName)
	}
	if len(who) == 0 {
		return what
	}
	return what + ": " + strings.Join(who, ", ")
}
