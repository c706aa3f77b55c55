package audit

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/daugavpils/prdesk/internal/i18n"
)

// auditNames finds, in the code, the entity and action names written to
// the log: the ways the areas write an entry.
var (
	entityPatterns = []*regexp.Regexp{
		regexp.MustCompile(`Entity:\s*"([a-z_]+)"`),
		regexp.MustCompile(`\bref\{"([a-z_]+)"`),
		regexp.MustCompile(`record\(ctx, tx, "([a-z_]+)"`),
		regexp.MustCompile(`\bentry\("([a-z_]+)", [^,]+, "[a-z_]+"`),
		// The entities an area declares to the log's filter.
		regexp.MustCompile(`"([a-z_]+)": (?:true|false)[,}]`),
	}
	actionPatterns = []*regexp.Regexp{
		regexp.MustCompile(`Action:\s*"([a-z_]+)"`),
		regexp.MustCompile(`\.entry\("([a-z_]+)"`),
		regexp.MustCompile(`record\(ctx, tx, "[a-z_]+", [^,]+, "([a-z_]+)"`),
		// An area's own entry(…) helper: entry(id, "action", …) or
		// entry("entity", id, "action", …).
		regexp.MustCompile(`\bentry\([A-Za-z.]+, "([a-z_]+)"`),
		regexp.MustCompile(`\bentry\("[a-z_]+", [^,]+, "([a-z_]+)"`),
		regexp.MustCompile(`personRequest\(ctx, tx, pq, "([a-z_]+)"\)`),
		regexp.MustCompile(`map\[bool\]string\{true: "([a-z_]+)", false: "([a-z_]+)"\}`),
		// The submissions' steps are actions of their own (petitions.Action).
		regexp.MustCompile(`\s[A-Z][A-Za-z]+\s+Action = "([a-z_]+)"`),
	}
)

// Every entity and action an area writes to the audit log has its words
// in both catalogues, so the log page never shows a name from the code
// ("petition", "visit_rule", "create"). A new one goes under
// audit.entities.* or audit.actions.* in internal/i18n/locales/audit.yaml.
func TestEveryAuditNameHasWords(t *testing.T) {
	entities, actions := map[string]string{}, map[string]string{}
	root := filepath.Join("..")
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") ||
			strings.HasSuffix(path, "_templ.go") || strings.Contains(path, "test"+string(filepath.Separator)) {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		// Only code that writes to the log names its entities and
		// actions; a map of weekdays in a feed reader is none of them.
		if !strings.Contains(string(b), `"github.com/daugavpils/prdesk/internal/audit"`) && filepath.Base(filepath.Dir(path)) != "audit" {
			return nil
		}
		for _, re := range entityPatterns {
			for _, m := range re.FindAllStringSubmatch(string(b), -1) {
				entities[m[1]] = path
			}
		}
		for _, re := range actionPatterns {
			for _, m := range re.FindAllStringSubmatch(string(b), -1) {
				for _, a := range m[1:] {
					actions[a] = path
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(entities) < 10 || len(actions) < 20 {
		t.Fatalf("found %d entities and %d actions: the patterns no longer match the code", len(entities), len(actions))
	}
	for _, lang := range i18n.Languages {
		ctx := i18n.WithLocale(context.Background(), lang)
		for e, path := range entities {
			if !i18n.Has(ctx, "audit.entities."+e) {
				t.Errorf("%s: audit.entities.%s (written in %s) has no %s text", lang, e, path, lang)
			}
		}
		for a, path := range actions {
			if !i18n.Has(ctx, "audit.actions."+a) {
				t.Errorf("%s: audit.actions.%s (written in %s) has no %s text", lang, a, path, lang)
			}
		}
	}
}

func TestAuditWords(t *testing.T) {
	lv := i18n.WithLocale(context.Background(), "lv")
	for _, c := range []struct{ got, want string }{
		{EntityName(lv, "petition"), "iesniegums"},
		{EntityName(lv, "visit_rule"), "pieņemšanas laiks"},
		{ActionName(lv, "create"), "izveide"},
		{idText(lv, "calendar.no_cabinet_order"), "MK rīkojums par darba dienu pārcelšanu"},
		{idText(lv, "12-40"), "12-40"},
		{actorName(lv, "system"), "sistēma"},
		{filterWords(lv, "overdue=on&sort=received"), "tikai nokavētie; kārtība: pēc saņemšanas laika"},
		{valueText(lv, "roles", []any{"head", "staff"}), "Nodaļas vadītājs, Nodaļas speciālists"},
		{valueText(lv, "active", true), "Jā"},
		{valueText(lv, "day", "2025-05-02T00:00:00Z"), "02.05.2025."},
		{summaryText(lv, "calendar_day", "Kalendārā pievienots 02.05.2025.: Darba diena pārcelta (moved_day_off, cabinet)"),
			"Kalendārā pievienots 02.05.2025.: Darba diena pārcelta (pārcelta brīvdiena, MK rīkojums)"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}
