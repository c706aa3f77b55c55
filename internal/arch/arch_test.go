package arch

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// source is one hand-written Go file under internal/ that is not a test
// or test support.
type source struct {
	path string // relative to the repository, with slashes
	pkg  string // the directory under internal/: "petitions", "db/dbtest"
	file *ast.File
	fset *token.FileSet
}

func sources(t *testing.T) []source {
	t.Helper()
	root := filepath.Join("..", "..")
	var out []source
	fset := token.NewFileSet()
	err := filepath.WalkDir(filepath.Join(root, "internal"), func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() || !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") || strings.HasSuffix(name, "_templ.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		rel = filepath.ToSlash(rel)
		if strings.HasSuffix(filepath.Base(filepath.Dir(path)), "test") {
			return nil // test support (apptest, dbtest, mailtest), used only by tests
		}
		out = append(out, source{path: rel, pkg: strings.TrimPrefix(filepath.ToSlash(filepath.Dir(rel)), "internal/"), file: f, fset: fset})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(out) < 50 {
		t.Fatalf("found only %d files under internal/: is the test run from its package?", len(out))
	}
	return out
}

// isStoreFile: the files SQL may be in: an area's stores, its demo data
// (store_demo.go) and its fixtures' (<area>test/store*.go), and the demo
// package, the script that runs every area's demo filler in one
// transaction for make run.
func isStoreFile(s source) bool {
	base := filepath.Base(s.path)
	return s.pkg == "db" || strings.HasPrefix(s.pkg, "db/") || s.pkg == "demo" || strings.HasPrefix(base, "store")
}

// calls reports every call in f of a method or function named in names
// with at least minArgs arguments, as "path:line name".
func calls(s source, minArgs int, match func(recv, name string) bool) []string {
	var out []string
	ast.Inspect(s.file, func(n ast.Node) bool {
		c, ok := n.(*ast.CallExpr)
		if !ok || len(c.Args) < minArgs {
			return true
		}
		sel, ok := c.Fun.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		recv := ""
		if id, ok := sel.X.(*ast.Ident); ok {
			recv = id.Name
		}
		if match(recv, sel.Sel.Name) {
			out = append(out, s.path+":"+strconv.Itoa(s.fset.Position(c.Pos()).Line)+" "+recv+"."+sel.Sel.Name)
		}
		return true
	})
	return out
}

// TestSQLOnlyInStores: queries and transactions live in store*.go (and the
// db package); handlers and domain code call a store method.
func TestSQLOnlyInStores(t *testing.T) {
	var found []string
	for _, s := range sources(t) {
		if isStoreFile(s) {
			continue
		}
		// (ctx, sql, ...) or (ctx, batch): two arguments at least, which
		// tells them from url.Values' Query().
		found = append(found, calls(s, 2, func(_, name string) bool {
			return name == "Exec" || name == "Query" || name == "QueryRow" || name == "SendBatch"
		})...)
		found = append(found, calls(s, 1, func(recv, name string) bool {
			return name == "Begin" || name == "BeginTx" || name == "BeginFunc" || (recv == "db" && name == "InTx")
		})...)
	}
	check(t, found, "SQL or a transaction outside store*.go")
}

// TestClockInjected: the time comes from the Now of the area's Deps, so
// that tests set it. Only the app (which makes the clock) and the test
// databases read the machine's clock.
func TestClockInjected(t *testing.T) {
	var found []string
	for _, s := range sources(t) {
		if s.pkg == "app" {
			continue
		}
		found = append(found, calls(s, 0, func(recv, name string) bool { return recv == "time" && name == "Now" })...)
	}
	check(t, found, "time.Now() called outside internal/app")
}

// check fails on every finding.
func check(t *testing.T, found []string, what string) {
	t.Helper()
	for _, f := range found {
		t.Errorf("%s: %s", what, f)
	}
}
