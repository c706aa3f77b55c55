package audit

import (
	"context"
	"net/url"
	"regexp"
	"strings"
	"time"
	"unicode"

	"github.com/daugavpils/prdesk/internal/i18n"
)

// The log page names what the areas wrote in code (entity, action, field
// and setting names) in the reader's language: audit.entities.*,
// audit.actions.*, audit.fields.* and audit.ids.* in the catalogues. A name
// without a text is shown as written; TestEveryAuditNameHasWords keeps
// that from happening.

// words is the text of key+"."+name, or name itself when there is none.
func words(ctx context.Context, key, name string) string {
	if name == "" {
		return ""
	}
	k := key + "." + name
	if i18n.Has(ctx, k) {
		return i18n.T(ctx, k)
	}
	return name
}

// EntityName is an entity of the log in words: "iesniegums" for petition.
func EntityName(ctx context.Context, entity string) string {
	return words(ctx, "audit.entities", entity)
}

// ActionName is an action of the log in words: "izveidots" for create.
func ActionName(ctx context.Context, action string) string {
	return words(ctx, "audit.actions", action)
}

// actorName is who acted: their full name, or the system in words.
func actorName(ctx context.Context, name string) string {
	if name == System.Name {
		return i18n.T(ctx, "audit.system")
	}
	return name
}

// idText is the record's id as the page shows it: a number as it is, a
// word the code uses in place of one ("list", a setting's key) in words.
func idText(ctx context.Context, id string) string {
	if id == "" || strings.Trim(id, "0123456789-") == "" {
		return id
	}
	return words(ctx, "audit.ids", strings.ReplaceAll(id, ".", "_"))
}

// isoDate is a date as JSON writes one: "2026-12-04" or "2026-12-04T00:00:00Z".
var isoDate = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}(T00:00:00Z)?$`)

// calendarCodes are the kind and source a calendar day's summary named by
// their code before the calendar wrote them in words.
var calendarCodes = regexp.MustCompile(`\((holiday|moved_day_off|moved_working_day), (law|cabinet|manual)\)$`)

// summaryText is an entry's summary as the page shows it; the calendar's
// entries written before it named the kind and source in words are mended.
func summaryText(ctx context.Context, entity, summary string) string {
	if entity == "calendar_day" {
		if m := calendarCodes.FindStringSubmatch(summary); m != nil {
			return summary[:len(summary)-len(m[0])] + "(" + lowerFirst(i18n.T(ctx, "calendar.kind_"+m[1])) + ", " +
				lowerFirst(i18n.T(ctx, "calendar.source_"+m[2])) + ")"
		}
	}
	return summary
}

// fieldName is a detail's field in words.
func fieldName(ctx context.Context, field string) string { return words(ctx, "audit.fields", field) }

// valueText is a detail's value in words where the code wrote a code: a
// role, a calendar day's kind, yes or no, a list's filter.
func valueText(ctx context.Context, field string, v any) string {
	switch x := v.(type) {
	case bool:
		if x {
			return i18n.T(ctx, "app.yes")
		}
		return i18n.T(ctx, "app.no")
	case string:
		switch field {
		case "kind":
			return words(ctx, "calendar", "kind_"+x)
		case "source":
			return words(ctx, "calendar", "source_"+x)
		case "filter":
			return filterWords(ctx, x)
		}
		if isoDate.MatchString(x) {
			if t, err := time.Parse(time.DateOnly, x[:10]); err == nil {
				return i18n.Date(t)
			}
		}
	case []any:
		if field == "roles" || field == "personal_data_roles" {
			names := make([]string, len(x))
			for i, r := range x {
				s, _ := r.(string)
				names[i] = words(ctx, "role", s)
			}
			if len(names) == 0 {
				return "—"
			}
			return strings.Join(names, ", ")
		}
	}
	return shown(v)
}

// filterWords is a list's filter kept as its query string
// ("overdue=on&sort=received") in words: each parameter's name and value
// as audit.filter.* names them.
func filterWords(ctx context.Context, q string) string {
	vs, err := url.ParseQuery(q)
	if err != nil || len(vs) == 0 || !strings.Contains(q, "=") {
		return q
	}
	var parts []string
	for _, k := range sortedKeys(vs) {
		v := vs.Get(k)
		name := words(ctx, "audit.filter", k)
		switch {
		case v == "on":
			parts = append(parts, name)
		case i18n.Has(ctx, "audit.filter."+k+"_"+v):
			parts = append(parts, name+": "+i18n.T(ctx, "audit.filter."+k+"_"+v))
		default:
			parts = append(parts, name+": „"+v+"”")
		}
	}
	return strings.Join(parts, "; ")
}

func sortedKeys(vs url.Values) []string {
	keys := make([]string, 0, len(vs))
	for k := range vs {
		keys = append(keys, k)
	}
	for i := 1; i < len(keys); i++ {
		for j := i; j > 0 && keys[j] < keys[j-1]; j-- {
			keys[j], keys[j-1] = keys[j-1], keys[j]
		}
	}
	return keys
}

// lowerFirst puts a name in the middle of a sentence: its first letter in
// lower case, unless it is an abbreviation ("MK rīkojums").
func lowerFirst(s string) string {
	r := []rune(s)
	if len(r) < 2 || unicode.IsUpper(r[1]) {
		return s
	}
	r[0] = unicode.ToLower(r[0])
	return string(r)
}
