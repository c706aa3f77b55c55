package i18n

import (
	"go/ast"
	"go/constant"
	"go/types"
	"path/filepath"
	"strconv"
	"testing"

	"golang.org/x/tools/go/packages"
)

// catalogueCalls are the functions that take a catalogue key as their
// second argument and the text's arguments after it.
var catalogueCalls = map[string]bool{
	"github.com/daugavpils/prdesk/internal/i18n.T":             true,
	"github.com/daugavpils/prdesk/internal/errs.Field":         true,
	"github.com/daugavpils/prdesk/internal/errs.FieldConflict": true,
	"(*github.com/daugavpils/prdesk/internal/form.Values).Add": true,
}

// mType is the type of i18n.M, the named arguments.
const mType = "github.com/invopop/ctxi18n/i18n.M"

// Every call that names a text with arguments passes what the text takes,
// in both languages: as many values as it has verbs, an integer where it
// says %d and a string (or something with a String or Error method) where
// it says %s; or, for a text with %{name} placeholders, an i18n.M with each
// of those names. A call that passed an int to "%s minūtēm" showed
// "%!s(int=15)" on the sign-in page. The code is read with its types, the
// generated templ files included, so a template's calls are checked too.
func TestCallsPassWhatTheTextsTake(t *testing.T) {
	if testing.Short() {
		t.Skip("loads every package of the module with its types")
	}
	texts := map[string]map[string]string{}
	for _, lang := range Languages {
		texts[lang] = Keys(lang)
	}
	cfg := &packages.Config{
		Mode: packages.NeedName | packages.NeedFiles | packages.NeedSyntax | packages.NeedTypes | packages.NeedTypesInfo,
		Dir:  filepath.Join("..", ".."),
	}
	pkgs, err := packages.Load(cfg, "./internal/...", "./templates/...", "./cmd/...")
	if err != nil {
		t.Fatal(err)
	}
	calls := 0
	for _, pkg := range pkgs {
		for _, e := range pkg.Errors {
			t.Errorf("%s: %v", pkg.PkgPath, e)
		}
		for _, f := range pkg.Syntax {
			ast.Inspect(f, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok || len(call.Args) < 3 || call.Ellipsis.IsValid() || !catalogueCalls[calleeName(pkg.TypesInfo, call)] {
					return true
				}
				key, ok := constantString(pkg.TypesInfo, call.Args[1])
				if !ok {
					return true // a key made at run time
				}
				calls++
				at := pkg.Fset.Position(call.Pos())
				for _, lang := range Languages {
					text, ok := texts[lang][key]
					if !ok {
						continue // TestEveryKeyTheCodeUsesIsInBothCatalogues says so
					}
					for _, problem := range argumentProblems(pkg.TypesInfo, text, call.Args[2:]) {
						t.Errorf("%s:%d: %s (%s) %q: %s", filepath.Base(at.Filename), at.Line, key, lang, text, problem)
					}
				}
				return true
			})
		}
	}
	if calls < 20 {
		t.Fatalf("found only %d calls with arguments: are the packages read?", calls)
	}
}

// calleeName is the called function's full name, as types prints it.
func calleeName(info *types.Info, call *ast.CallExpr) string {
	var id *ast.Ident
	switch fn := call.Fun.(type) {
	case *ast.Ident:
		id = fn
	case *ast.SelectorExpr:
		id = fn.Sel
	default:
		return ""
	}
	f, ok := info.Uses[id].(*types.Func)
	if !ok {
		return ""
	}
	return f.FullName()
}

func constantString(info *types.Info, e ast.Expr) (string, bool) {
	tv, ok := info.Types[e]
	if !ok || tv.Value == nil || tv.Value.Kind() != constant.String {
		return "", false
	}
	return constant.StringVal(tv.Value), true
}

// argumentProblems says what is wrong with passing args to text.
func argumentProblems(info *types.Info, text string, args []ast.Expr) []string {
	names := namesOf(text)
	first := info.TypeOf(args[0])
	if first != nil && types.TypeString(types.Unalias(first), nil) == mType {
		var out []string
		if len(args) > 1 {
			out = append(out, "named arguments and others besides")
		}
		if v := verbsOf(text); len(v) > 0 {
			out = append(out, "named arguments for a text with positional verbs")
		}
		lit, ok := ast.Unparen(args[0]).(*ast.CompositeLit)
		if !ok {
			return out // built elsewhere: only TestEveryTextWithArgumentsRenders checks it
		}
		given := map[string]bool{}
		for _, el := range lit.Elts {
			if kv, ok := el.(*ast.KeyValueExpr); ok {
				if k, ok := constantString(info, kv.Key); ok {
					given[k] = true
				}
			}
		}
		for _, n := range names {
			if !given[n] {
				out = append(out, "%{"+n+"} is not given")
			}
		}
		return out
	}
	if len(names) > 0 {
		return []string{"positional arguments for a text with named placeholders"}
	}
	verbs := verbsOf(text)
	if len(verbs) != len(args) {
		return []string{strconv.Itoa(len(args)) + " arguments for " + strconv.Itoa(len(verbs)) + " verbs"}
	}
	var out []string
	for i, v := range verbs {
		if typ := info.TypeOf(args[i]); typ != nil && !fits(v, typ) {
			out = append(out, "%"+v+" is given a "+types.TypeString(typ, nil))
		}
	}
	return out
}

var (
	stringer = types.NewInterfaceType([]*types.Func{types.NewFunc(0, nil, "String",
		types.NewSignatureType(nil, nil, nil, nil, types.NewTuple(types.NewVar(0, nil, "", types.Typ[types.String])), false))}, nil).Complete()
	errorType = types.Universe.Lookup("error").Type().Underlying().(*types.Interface)
)

// fits tells whether fmt prints a value of type t with verb v without
// complaint.
func fits(v string, t types.Type) bool {
	basic, _ := t.Underlying().(*types.Basic)
	switch v {
	case "v":
		return true
	case "d":
		return basic != nil && basic.Info()&types.IsInteger != 0
	case "f", "g", "e":
		return basic != nil && basic.Info()&types.IsFloat != 0
	case "s", "q":
		if basic != nil && basic.Info()&types.IsString != 0 {
			return true
		}
		return types.Implements(t, stringer) || types.Implements(t, errorType)
	}
	return false
}
