package ourago

import (
	"go/ast"
	"go/parser"
	"go/token"
	"strings"
	"testing"
)

// TestModelsArePublicAndDocumented reads the committed oura/models.gen.go:
// every field of every model has a comment, and no generated operation,
// parameter or envelope name is public. (.ci/run checks that the file is
// what `go generate .` writes.)
func TestModelsArePublicAndDocumented(t *testing.T) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "oura/models.gen.go", nil, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Imports) != 1 || f.Imports[0].Path.Value != `"time"` {
		t.Errorf("models.gen.go imports %v, want only time", f.Imports)
	}
	types := 0
	for _, d := range f.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.TYPE {
			continue
		}
		for _, s := range gd.Specs {
			ts := s.(*ast.TypeSpec)
			types++
			name := ts.Name.Name
			for _, bad := range []string{"Params", "Page", "RequestBody", "Response"} {
				if strings.HasSuffix(name, bad) {
					t.Errorf("generated type %s is public", name)
				}
			}
			if !strings.HasPrefix(gd.Doc.Text(), name+" is ") {
				t.Errorf("type %s: comment %q does not start with %q", name, gd.Doc.Text(), name+" is ")
			}
			st, ok := ts.Type.(*ast.StructType)
			if !ok {
				continue
			}
			for _, fld := range st.Fields.List {
				if fld.Doc == nil {
					t.Errorf("%s.%s has no comment", name, fld.Names[0].Name)
				}
			}
		}
	}
	if types < 40 {
		t.Errorf("models.gen.go declares %d types, want every model", types)
	}
}
