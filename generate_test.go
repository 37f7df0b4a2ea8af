package ourago

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/ringkit/oura-go/internal/catalog"
	"github.com/ringkit/oura-go/internal/gen"
)

// TestModelsArePublicAndDocumented reads the committed oura/models.gen.go:
// every field of every model has a comment, and no generated operation,
// parameter or envelope name is public. (.ci/run checks that the file is
// what `go generate .` writes.)
func TestModelsArePublicAndDocumented(t *testing.T) {
	t.Parallel()
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

// TestGeneratedFromTableUpToDate renders everything made from the table of
// collections (internal/catalog) and fails when a committed file differs:
// oura/collections.go, oura/webhook_fetch.go, oura/ouratest/collections.go
// and the README's table. It needs no tool, so it runs with every
// `go test ./...`.
func TestGeneratedFromTableUpToDate(t *testing.T) {
	t.Parallel()
	spec, err := os.ReadFile("openapi/oura.json")
	if err != nil {
		t.Fatal(err)
	}
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	synth, err := gen.FakeGenerators("oura/ouratest")
	if err != nil {
		t.Fatal(err)
	}
	files, err := gen.Generated(catalog.Collections, spec, readme, synth)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 4 {
		t.Errorf("%d generated files, want 4", len(files))
	}
	for _, f := range files {
		committed, err := os.ReadFile(f.Path)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(strings.Split(string(committed), "\n"), strings.Split(string(f.Data), "\n")); diff != "" {
			t.Errorf("%s is out of date; run `go generate .`\n(-committed +generated):\n%s", f.Path, diff)
		}
	}
}
