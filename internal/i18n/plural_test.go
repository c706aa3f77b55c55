package i18n

import (
	"context"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func TestPluralForms(t *testing.T) {
	cases := []struct {
		lang string
		n    int64
		want string
	}{
		{"lv", 0, "zero"}, {"lv", 1, "one"}, {"lv", 2, "other"}, {"lv", 9, "other"}, {"lv", 10, "zero"},
		{"lv", 11, "zero"}, {"lv", 19, "zero"}, {"lv", 21, "one"}, {"lv", 22, "other"}, {"lv", 101, "one"},
		{"lv", 111, "zero"}, {"lv", -1, "one"},
		{"en", 0, "other"}, {"en", 1, "one"}, {"en", 2, "other"}, {"en", 21, "other"},
	}
	for _, c := range cases {
		if got := PluralForm(c.lang, c.n); got != c.want {
			t.Errorf("PluralForm(%s, %d) = %s, want %s", c.lang, c.n, got, c.want)
		}
	}
}

func TestNChoosesTheForm(t *testing.T) {
	lv, en := WithLocale(context.Background(), "lv"), WithLocale(context.Background(), "en")
	cases := []struct {
		ctx  context.Context
		n    int64
		want string
	}{
		{lv, 1, "1 mēnesis"}, {lv, 2, "2 mēneši"}, {lv, 11, "11 mēneši"}, {lv, 21, "21 mēnesis"}, {lv, 10, "10 mēneši"},
		{en, 1, "1 month"}, {en, 2, "2 months"}, {en, 21, "21 months"},
	}
	for _, c := range cases {
		if got := N(c.ctx, "petitions.card.term_months", c.n); got != c.want {
			t.Errorf("%s: N(%d) = %q, want %q", Locale(c.ctx), c.n, got, c.want)
		}
	}
	if got := N(lv, "petitions.card.term_working_days", 1); got != "1 darbdiena" {
		t.Errorf("1 working day in Latvian: %q", got)
	}
}

// Every key the code passes to i18n.N as a literal is a map with the forms
// "one" and "other" in both languages.
func TestEveryPluralKeyHasItsForms(t *testing.T) {
	c := readCatalogue(t)
	root := filepath.Join("..", "..")
	found := 0
	err := filepath.WalkDir(filepath.Join(root, "internal"), func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(path, "_templ.go") || strings.Contains(filepath.ToSlash(path), "internal/i18n/") {
			return err
		}
		var keys []string
		switch {
		case strings.HasSuffix(path, ".go"):
			fset := token.NewFileSet()
			f, err := parser.ParseFile(fset, path, nil, 0)
			if err != nil {
				return err
			}
			ast.Inspect(f, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok || len(call.Args) < 2 {
					return true
				}
				sel, ok := call.Fun.(*ast.SelectorExpr)
				if !ok || sel.Sel.Name != "N" {
					return true
				}
				if id, ok := sel.X.(*ast.Ident); !ok || id.Name != "i18n" {
					return true
				}
				if lit, ok := call.Args[1].(*ast.BasicLit); ok && lit.Kind == token.STRING {
					if s, err := strconv.Unquote(lit.Value); err == nil {
						keys = append(keys, s)
					}
				}
				return true
			})
		case strings.HasSuffix(path, ".templ"):
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			// templKeys reads the second argument of i18n.T: hide those, and
			// let it read i18n.N's instead.
			src := strings.ReplaceAll(strings.ReplaceAll(string(b), "i18n.T(", "i18n.X("), "i18n.N(", "i18n.T(")
			for _, u := range templKeys(src, path) {
				keys = append(keys, u.key)
			}
		}
		for _, k := range keys {
			found++
			for _, lang := range Languages {
				for _, form := range []string{"one", "other"} {
					if _, ok := c.leaves[lang][k+"."+form]; !ok {
						t.Errorf("%s: %s has no form %q in %s", path, k, form, lang)
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if found == 0 {
		t.Fatal("no i18n.N call found: is the test run from its package?")
	}
}
