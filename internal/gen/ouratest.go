package gen

import (
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"

	"github.com/ringkit/oura-go/internal/catalog"
)

// Route is what Oura's document (our openapi/oura.json) says of one
// collection's routes: the query parameters each accepts.
type Route struct {
	catalog.Collection
	Params, SandboxParams []string
	Sandbox               bool // has a sandbox listing route
	SandboxByID           bool
	Synthetic             bool // the fake has a synthetic generator for it
}

// Routes joins the table with the spec and checks that they agree: every
// collection has its listing route, a by-id route exactly when the table
// names a by-id method, and the range parameters of its kind.
func Routes(cols []catalog.Collection, spec []byte) ([]Route, error) {
	var doc struct {
		Paths map[string]map[string]struct {
			Parameters []struct {
				Name string `json:"name"`
				In   string `json:"in"`
			} `json:"parameters"`
		} `json:"paths"`
	}
	if err := json.Unmarshal(spec, &doc); err != nil {
		return nil, fmt.Errorf("gen: reading the spec: %w", err)
	}
	query := func(path string) ([]string, bool) {
		item, ok := doc.Paths[path]
		if !ok {
			return nil, false
		}
		get, ok := item["get"]
		if !ok {
			return nil, false
		}
		ps := []string{}
		for _, p := range get.Parameters {
			if p.In == "query" {
				ps = append(ps, p.Name)
			}
		}
		return ps, true
	}
	want := map[catalog.Kind][]string{
		catalog.Day:    {"start_date", "end_date", "next_token"},
		catalog.Series: {"start_datetime", "end_datetime", "next_token"},
		catalog.List:   {"next_token"},
	}
	var out []Route
	for _, c := range cols {
		r := Route{Collection: c}
		var ok bool
		if r.Params, ok = query("/v2/usercollection/" + c.Path); !ok {
			return nil, fmt.Errorf("gen: the spec has no GET /v2/usercollection/%s", c.Path)
		}
		for _, p := range want[c.Kind] {
			if !contains(r.Params, p) {
				return nil, fmt.Errorf("gen: GET /v2/usercollection/%s takes no %s, but the table says it is a %s collection", c.Path, p, c.Kind)
			}
		}
		if _, byID := query("/v2/usercollection/" + c.Path + "/{document_id}"); byID != (c.ByID != "") {
			return nil, fmt.Errorf("gen: the spec and the table disagree on whether %s has a by-id route", c.Path)
		}
		r.SandboxParams, r.Sandbox = query("/v2/sandbox/usercollection/" + c.Path)
		_, r.SandboxByID = query("/v2/sandbox/usercollection/" + c.Path + "/{document_id}")
		out = append(out, r)
	}
	return out, nil
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func init() {
	funcs["strings"] = func(list []string) string {
		if list == nil {
			return "nil"
		}
		return fmt.Sprintf("%#v", list)
	}
	funcs["join"] = strings.Join
	funcs["fakeKey"] = fakeKey
	funcs["synth"] = func(ok bool, method string) string {
		if !ok {
			return "nil"
		}
		return "(*Dataset)." + method
	}
}

// FakeGenerators returns the names of the methods of *Dataset declared in
// the hand-written Go files of dir (oura/ouratest): the synthetic
// generators a collection's row refers to. A collection without one serves
// only the documents put into a Dataset, so a new row works before anyone
// writes its synthetic data.
func FakeGenerators(dir string) (map[string]bool, error) {
	fset := token.NewFileSet()
	names, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		return nil, err
	}
	out := map[string]bool{}
	for _, name := range names {
		if strings.HasSuffix(name, "_test.go") || filepath.Base(name) == "collections.go" {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
		if err != nil {
			return nil, fmt.Errorf("gen: %w", err)
		}
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Recv == nil || len(fd.Recv.List) != 1 {
				continue
			}
			if star, ok := fd.Recv.List[0].Type.(*ast.StarExpr); ok {
				if id, ok := star.X.(*ast.Ident); ok && id.Name == "Dataset" {
					out[fd.Name.Name] = true
				}
			}
		}
	}
	return out, nil
}

// fakeKey is the Go func of a collection's record key in the fake server:
// the same fields as the SDK's (catalog.Collection.Key), so a document put
// into a Dataset replaces exactly the one the SDK would take for the same.
func fakeKey(c catalog.Collection) (string, error) {
	return keyFuncOf(c, "oura."+c.Type, "string", "seriesKey", "")
}

const ouratestTmpl = header + `package ouratest

import (
	"time"

	"github.com/ringkit/oura-go/oura"
)

// registry holds every collection the fake serves, by path, with the query
// parameters Oura's document lists for its routes. It is set in init, as
// the synthetic documents' ids refer back to it.
var registry map[string]*collection

func init() {
	registry = map[string]*collection{
{{- range .}}{{$r := print "routes{params: " (strings .Params) ", sandbox: " (strings .SandboxParams) ", byID: " (ne .ByID "") ", sandboxByID: " .SandboxByID "}"}}
{{- if day .Collection}}
		"{{.Path}}": dayCollection("{{.Path}}", {{.FakeIndex}},
			{{$r}},
			{{synth .Synthetic (lowerFirst .Method)}},
			{{fakeKey .Collection}},
			func(v *oura.{{.Type}}) oura.Date { return v.{{.RangeGoField}} }),
{{- else if series .Collection}}
		"{{.Path}}": seriesCollection("{{.Path}}",
			{{$r}},
			{{synth .Synthetic (print (lowerFirst .Method) "Every")}}, {{synth .Synthetic (print (lowerFirst .Method) "At")}},
			func(v *oura.{{.Type}}) time.Time { return v.{{.RangeGoField}} },
			{{fakeKey .Collection}}),
{{- else}}
		"{{.Path}}": listCollection("{{.Path}}",
			{{$r}},
			{{synth .Synthetic (lowerFirst .Method)}},
			{{fakeKey .Collection}}),
{{- end}}
{{- end}}
	}
}
{{range .}}
{{- if day .Collection}}
// {{.Method}} returns the {{.Doc}} of start..end, both included.
func (ds *Dataset) {{.Method}}(start, end oura.Date) []oura.{{.Type}} {
	return dayDocs[oura.{{.Type}}](ds, "{{.Path}}", start, end)
}
{{else if series .Collection}}
// {{.Method}} returns the {{.Doc}} taken in [start, end).
func (ds *Dataset) {{.Method}}(start, end time.Time) []oura.{{.Type}} {
	return seriesDocs[oura.{{.Type}}](ds, "{{.Path}}", start, end)
}
{{else}}
// {{.Method}} returns the {{.Doc}}.
func (ds *Dataset) {{.Method}}() []oura.{{.Type}} {
	return listDocs[oura.{{.Type}}](ds, "{{.Path}}")
}
{{end}}
{{- end}}`

const readmeTmpl = `| collection | path | methods | range |
| --- | --- | --- | --- |
{{- range .}}
| {{.Doc}}{{if .Deprecated}} (deprecated){{end}} | ` + "`{{.Path}}`" + ` | ` + "`{{.Method}}`, `{{.Method}}Iter`, `{{.Method}}Page`{{if .ByID}}, `{{.ByID}}`{{end}}" + ` | {{if and (day .) .EndGoField}}days, overlapping ` + "`{{.RangeField}}`..`end_day`" + `{{else if day .}}days, by ` + "`{{.RangeField}}`" + `{{else if series .}}` + "`[start, end)`" + ` times{{else}}none{{end}} |
{{- end}}
| the user's profile | ` + "`personal_info`" + ` | ` + "`PersonalInfo`" + ` | none |
`

// The README's generated table sits between these markers.
const (
	ReadmeBegin = "<!-- collections table: generated by `go generate .` from internal/catalog; do not edit -->\n"
	ReadmeEnd   = "<!-- end of collections table -->\n"
)

// Readme returns readme with the table of collections between the markers.
func Readme(cols []catalog.Collection, readme []byte) (File, error) {
	table, err := render("README.md", readmeTmpl, cols)
	if err != nil {
		return File{}, err
	}
	s := string(readme)
	i := strings.Index(s, ReadmeBegin)
	j := strings.Index(s, ReadmeEnd)
	if i < 0 || j < i {
		return File{}, fmt.Errorf("gen: README.md has no collections table markers")
	}
	s = s[:i+len(ReadmeBegin)] + string(table.Data) + s[j:]
	return File{"README.md", []byte(s)}, nil
}

// Generated returns every file made from the table: spec is
// openapi/oura.json, readme the current README.md and synth the fake's
// synthetic generators (FakeGenerators).
func Generated(cols []catalog.Collection, spec, readme []byte, synth map[string]bool) ([]File, error) {
	routes, err := Routes(cols, spec)
	if err != nil {
		return nil, err
	}
	for i := range routes {
		m := strings.ToLower(routes[i].Method[:1]) + routes[i].Method[1:]
		if routes[i].Kind == catalog.Series {
			m += "At"
		}
		routes[i].Synthetic = synth[m]
	}
	files, err := Client(cols)
	if err != nil {
		return nil, err
	}
	fake, err := render("oura/ouratest/collections.go", ouratestTmpl, routes)
	if err != nil {
		return nil, err
	}
	rd, err := Readme(cols, readme)
	if err != nil {
		return nil, err
	}
	return append(files, fake, rd), nil
}
