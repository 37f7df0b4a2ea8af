package ourago

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/ringkit/oura-go/internal/catalog"
	"github.com/ringkit/oura-go/internal/gen"
	"github.com/ringkit/oura-go/oura"
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

// TestLocalDateTimeCommentsSayUnknownOffset: the fields Oura's document
// types as local date-times decode a value without an offset into
// oura.UnknownOffset, and their generated comments (from the descriptions in
// internal/specgen) say so; no other field's comment does.
func TestLocalDateTimeCommentsSayUnknownOffset(t *testing.T) {
	t.Parallel()
	comments := fieldComments(t)
	var tag oura.Tag
	var et oura.EnhancedTag
	if err := json.Unmarshal([]byte(`{"timestamp":"2024-03-01T21:15:00"}`), &tag); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(`{"start_time":"2024-03-01T08:00:00","end_time":"2024-03-01T09:00:00"}`), &et); err != nil {
		t.Fatal(err)
	}
	local := map[string]time.Time{"Tag.Timestamp": tag.Timestamp, "EnhancedTag.StartTime": et.StartTime}
	if et.EndTime != nil {
		local["EnhancedTag.EndTime"] = *et.EndTime
	}
	if len(local) != 3 {
		t.Fatalf("EnhancedTag.EndTime without offset decoded to nil")
	}
	for field, v := range local {
		if v.Location() != oura.UnknownOffset {
			t.Errorf("%s without offset decoded into %v; want oura.UnknownOffset", field, v.Location())
		}
		if c := comments[field]; !strings.Contains(c, "UnknownOffset") || strings.Contains(c, "period the document covers") {
			t.Errorf("%s comment %q does not say a value without offset is in UnknownOffset", field, c)
		}
	}
	for field, c := range comments {
		if _, ok := local[field]; !ok && strings.Contains(c, "UnknownOffset") {
			t.Errorf("%s comment %q names UnknownOffset, but the field is not a local date-time", field, c)
		}
	}
}

// TestOnlyDocumentsSayTheDocument: a field comment that speaks of "the
// document" (its id, its day, the period it covers) belongs to a type that is
// a collection's document; the profile, subscriptions and nested types say
// what they are.
func TestOnlyDocumentsSayTheDocument(t *testing.T) {
	t.Parallel()
	documents := map[string]bool{}
	for _, c := range catalog.Collections {
		if c.Kind != catalog.Series {
			documents[c.Type] = true
		}
	}
	for field, c := range fieldComments(t) {
		typ, _, _ := strings.Cut(field, ".")
		if !documents[typ] && (strings.Contains(c, "the document") || strings.Contains(c, "Kind of document.")) {
			t.Errorf("%s is not a document's field, but its comment is %q", field, c)
		}
	}
}

// fieldComments returns the comment of every struct field in the committed
// oura/models.gen.go, by "Type.Field".
func fieldComments(t *testing.T) map[string]string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), "oura/models.gen.go", nil, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	comments := map[string]string{}
	ast.Inspect(f, func(n ast.Node) bool {
		ts, ok := n.(*ast.TypeSpec)
		if !ok {
			return true
		}
		if st, ok := ts.Type.(*ast.StructType); ok {
			for _, fld := range st.Fields.List {
				comments[ts.Name.Name+"."+fld.Names[0].Name] = fld.Doc.Text()
			}
		}
		return false
	})
	if len(comments) < 100 {
		t.Fatalf("models.gen.go has only %d fields", len(comments))
	}
	return comments
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
