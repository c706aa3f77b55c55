package visitors

import (
	"context"
	"strconv"
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
