package i18n

import (
	"context"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/daugavpils/prdesk/internal/personcode"
)

// definition is where a catalogue defines one key.
type definition struct {
	file string // locales/<name>.yaml
	line int
}

func (d definition) String() string { return d.file + ":" + strconv.Itoa(d.line) }

// catalogue is every key each language's files define, with every place
// it is defined (more than one is a mistake: the loader keeps the first).
// The files are read with a real YAML parser, not the one behind Keys.
type catalogue struct {
	leaves map[string]map[string][]definition // language → key → where its text is
	maps   map[string]map[string][]definition // language → key → where it opens a map
}

func readCatalogue(t *testing.T) catalogue {
	t.Helper()
	c := catalogue{leaves: map[string]map[string][]definition{}, maps: map[string]map[string][]definition{}}
	entries, err := localeFS.ReadDir("locales")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		name := "locales/" + e.Name()
		b, err := localeFS.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		var doc yaml.Node
		if err := yaml.Unmarshal(b, &doc); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(doc.Content) != 1 || doc.Content[0].Kind != yaml.MappingNode {
			t.Fatalf("%s: not a map of languages", name)
		}
		top := doc.Content[0]
		for i := 0; i+1 < len(top.Content); i += 2 {
			lang := top.Content[i].Value
			if c.leaves[lang] == nil {
				c.leaves[lang], c.maps[lang] = map[string][]definition{}, map[string][]definition{}
			}
			c.walk(t, name, lang, "", top.Content[i+1])
		}
	}
	return c
}

func (c catalogue) walk(t *testing.T, file, lang, prefix string, n *yaml.Node) {
	if n.Kind != yaml.MappingNode {
		t.Fatalf("%s:%d: %s: want a map of keys", file, n.Line, prefix)
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		key := k.Value
		if prefix != "" {
			key = prefix + "." + k.Value
		}
		at := definition{file, k.Line}
		switch v.Kind {
		case yaml.MappingNode:
			c.maps[lang][key] = append(c.maps[lang][key], at)
			c.walk(t, file, lang, key, v)
		case yaml.ScalarNode:
			c.leaves[lang][key] = append(c.leaves[lang][key], at)
		default:
			t.Errorf("%s: %s: a text must be a string", at, key)
		}
	}
}

// The loader merges every file's maps, so two files may open the same map
// (lv.yaml and calendar.yaml both open calendar:), but a text defined
// twice is one text lost: the loader keeps the first file's, silently.
func TestNoKeyIsDefinedTwice(t *testing.T) {
	c := readCatalogue(t)
	for _, lang := range Languages {
		for key, at := range c.leaves[lang] {
			if len(at) > 1 {
				t.Errorf("%s: %s is defined %d times: %v", lang, key, len(at), at)
			}
			if m := c.maps[lang][key]; len(m) > 0 {
				t.Errorf("%s: %s is a text at %v and a map at %v", lang, key, at, m)
			}
		}
	}
}

// Both languages have the same keys, and Keys (the simple reader the other
// tests use) reads what the YAML parser reads.
func TestBothLanguagesHaveTheSameKeys(t *testing.T) {
	c := readCatalogue(t)
	lv, en := c.leaves["lv"], c.leaves["en"]
	if len(lv) < 50 {
		t.Fatalf("lv catalogue has only %d keys", len(lv))
	}
	for k, at := range lv {
		if _, ok := en[k]; !ok {
			t.Errorf("%s is in lv (%v) but not in en", k, at)
		}
	}
	for k, at := range en {
		if _, ok := lv[k]; !ok {
			t.Errorf("%s is in en (%v) but not in lv", k, at)
		}
	}
	for _, lang := range Languages {
		simple := Keys(lang)
		if got, want := slices.Sorted(maps.Keys(simple)), slices.Sorted(maps.Keys(c.leaves[lang])); !slices.Equal(got, want) {
			t.Errorf("%s: Keys reads %d keys, the YAML parser %d", lang, len(got), len(want))
		}
	}
}

// use is a catalogue key written as a literal in the code.
type use struct {
	key  string
	file string // relative to the repository, with slashes
	line int
}

// keyLiteral is what a catalogue key looks like: "login.failed",
// "petitions.card.event.registered", "clause.3_1".
var keyLiteral = regexp.MustCompile(`^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$`)

// usedKeys finds the keys the code names as literals where it is certain
// they are keys:
//
//   - the second argument of i18n.T(ctx, "key", …), whatever the first
//     (i18n.WithLocale(ctx, "lv") included), in .go and .templ files;
//   - the message of a field's refusal: errs.Field(field, "key"),
//     errs.FieldConflict(field, "key"), and form's f.Add(field, "key")
//     (any .Add whose second argument looks like a key, outside tests);
//   - a struct field named Key, or ending in Key (FlashKey, LabelKey), set
//     to a literal: auth.Link{…, Key: "visitors.nav.day"}.
//
// Keys built at run time ("role." + r) are not checked.
func usedKeys(t *testing.T) []use {
	t.Helper()
	root := filepath.Join("..", "..")
	var out []use
	for _, dir := range []string{"internal", "templates"} {
		err := filepath.WalkDir(filepath.Join(root, dir), func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			rel, _ := filepath.Rel(root, path)
			rel = filepath.ToSlash(rel)
			switch {
			case strings.HasPrefix(rel, "internal/i18n/"):
				return nil // the catalogue's own tests ask for missing keys on purpose
			case strings.HasSuffix(rel, "_templ.go"):
				return nil // generated from the .templ beside it
			case strings.HasSuffix(rel, ".go"):
				uses, err := goKeys(path, rel)
				out = append(out, uses...)
				return err
			case strings.HasSuffix(rel, ".templ"):
				b, err := os.ReadFile(path)
				out = append(out, templKeys(string(b), rel)...)
				return err
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if len(out) < 100 {
		t.Fatalf("found only %d keys in the code: is the test run from its package?", len(out))
	}
	return out
}

func goKeys(path, rel string) ([]use, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, path, nil, 0)
	if err != nil {
		return nil, err
	}
	test := strings.HasSuffix(rel, "_test.go")
	var out []use
	add := func(e ast.Expr) {
		lit, ok := e.(*ast.BasicLit)
		if !ok || lit.Kind != token.STRING {
			return
		}
		s, err := strconv.Unquote(lit.Value)
		if err != nil || !keyLiteral.MatchString(s) {
			return
		}
		out = append(out, use{s, rel, fset.Position(lit.Pos()).Line})
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CallExpr:
			sel, ok := n.Fun.(*ast.SelectorExpr)
			if !ok || len(n.Args) < 2 {
				return true
			}
			pkg := ""
			if id, ok := sel.X.(*ast.Ident); ok {
				pkg = id.Name
			}
			switch {
			case pkg == "i18n" && sel.Sel.Name == "T",
				pkg == "errs" && (sel.Sel.Name == "Field" || sel.Sel.Name == "FieldConflict"),
				!test && sel.Sel.Name == "Add":
				add(n.Args[1])
			}
		case *ast.KeyValueExpr:
			if id, ok := n.Key.(*ast.Ident); ok && strings.HasSuffix(id.Name, "Key") {
				add(n.Value)
			}
		}
		return true
	})
	return out, nil
}

// templKeys finds i18n.T(…, "key" …) in a template: the first argument is
// skipped with its parentheses and strings, and the second taken when it is
// a string literal and nothing more.
func templKeys(src, rel string) []use {
	var out []use
	const call = "i18n.T("
	for i := strings.Index(src, call); i >= 0; {
		j := i + len(call)
		// Skip the first argument to the comma at depth 0.
		depth := 0
	first:
		for ; j < len(src); j++ {
			switch c := src[j]; {
			case c == '"' || c == '`':
				k := strings.IndexByte(src[j+1:], c)
				if k < 0 {
					break first
				}
				j += k + 1
			case c == '(' || c == '{' || c == '[':
				depth++
			case c == ')' || c == '}' || c == ']':
				depth--
				if depth < 0 {
					break first
				}
			case c == ',' && depth == 0:
				break first
			}
		}
		if j < len(src) && src[j] == ',' {
			rest := strings.TrimLeft(src[j+1:], " \t\n")
			if strings.HasPrefix(rest, `"`) {
				if k := strings.IndexByte(rest[1:], '"'); k >= 0 {
					key, after := rest[1:k+1], strings.TrimLeft(rest[k+2:], " \t\n")
					if keyLiteral.MatchString(key) && (strings.HasPrefix(after, ",") || strings.HasPrefix(after, ")")) {
						out = append(out, use{key, rel, strings.Count(src[:i], "\n") + 1})
					}
				}
			}
		}
		next := strings.Index(src[i+len(call):], call)
		if next < 0 {
			break
		}
		i += len(call) + next
	}
	return out
}

// A key the code names must be in both catalogues: a missing one shows as
// its own name on the page (or in the audit log).
func TestEveryKeyTheCodeUsesIsInBothCatalogues(t *testing.T) {
	c := readCatalogue(t)
	for _, u := range usedKeys(t) {
		var langs []string
		for _, lang := range Languages {
			if _, ok := c.leaves[lang][u.key]; !ok {
				langs = append(langs, lang)
			}
		}
		if len(langs) > 0 {
			t.Errorf("%s:%d %s (not in %s)", u.file, u.line, u.key, strings.Join(langs, ", "))
		}
	}
}

// The recogniser finds what it promises, and nothing in comments.
func TestUsedKeysAreRecognised(t *testing.T) {
	src := `{ i18n.T(ctx, "login.submit") } { i18n.T(i18n.WithLocale(ctx, "lv"), "login.failed", n) }
	{ i18n.T(ctx, "weekday." + day) } { i18n.T(ctx, key) } { i18n.T(f(a, ")"), "role.admin") }`
	var got []string
	for _, u := range templKeys(src, "x.templ") {
		got = append(got, fmt.Sprintf("%s@%d", u.key, u.line))
	}
	if want := []string{"login.submit@1", "login.failed@1", "role.admin@2"}; !slices.Equal(got, want) {
		t.Errorf("templ: %v, want %v", got, want)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "x.go")
	goSrc := `package x

// i18n.T(ctx, "not.a_use") in a comment
var _ = i18n.T(i18n.WithLocale(ctx, "lv"), "login.failed")
var _ = errs.Field("day", "field.day_taken")
var _ = auth.Link{Path: "/x", Key: "visitors.nav.day"}
func f() { v.Add("when", "field.required"); q.Add("sort", "Due date") }
`
	if err := os.WriteFile(path, []byte(goSrc), 0o600); err != nil {
		t.Fatal(err)
	}
	uses, err := goKeys(path, "internal/x/x.go")
	if err != nil {
		t.Fatal(err)
	}
	got = nil
	for _, u := range uses {
		got = append(got, fmt.Sprintf("%s@%d", u.key, u.line))
	}
	if want := []string{"login.failed@4", "field.day_taken@5", "visitors.nav.day@6", "field.required@7"}; !slices.Equal(got, want) {
		t.Errorf("go: %v, want %v", got, want)
	}
}

// areas are the packages of the regulation's areas (DESIGN.md). Each
// keeps its texts under its own name, in files named after it
// (locales/petitions.yaml, locales/petitions_card.yaml, …), and no other
// file holds a text of its.
var areas = []string{"petitions", "visitors", "press", "monitoring", "delegations", "awards", "twincities",
	"contacts", "marketing", "publishing", "materials", "archive", "tasks", "reports"}

func TestEachAreaKeepsItsTextsUnderItsName(t *testing.T) {
	c := readCatalogue(t)
	for _, lang := range Languages {
		for key, at := range c.leaves[lang] {
			top, _, _ := strings.Cut(key, ".")
			for _, d := range at {
				base := strings.TrimSuffix(filepath.Base(d.file), ".yaml")
				fileArea, _, _ := strings.Cut(base, "_")
				switch {
				case slices.Contains(areas, fileArea) && top != fileArea:
					t.Errorf("%s: %s is in %s's file but not under %s.", d, key, fileArea, fileArea)
				case slices.Contains(areas, top) && fileArea != top:
					t.Errorf("%s: %s, a text of %s, is outside %s's files", d, key, top, top)
				}
			}
		}
	}
}

// An example personal code in a hint passes the check the form makes: the
// registry's hint once offered 010190-12345, which its own form refused.
func TestPersonalCodeExamplesAreValid(t *testing.T) {
	example := regexp.MustCompile(`\b\d{6}-\d{5}\b`)
	c := readCatalogue(t)
	now := time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC)
	found := 0
	for _, lang := range Languages {
		for key := range c.leaves[lang] {
			for _, code := range example.FindAllString(T(WithLocale(context.Background(), lang), key), -1) {
				found++
				if p := personcode.CheckAt(code, now); p != personcode.OK {
					t.Errorf("%s %s: the example %s fails the check (%s)", lang, key, code, p)
				}
			}
		}
	}
	if found == 0 {
		t.Fatal("no example personal code found in the catalogues")
	}
}
