package specgen

import (
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// refSpecEnv names the environment variable holding the path of Oura's
// official OpenAPI document; tests that need it skip when it is unset.
const refSpecEnv = "OURA_REFERENCE_SPEC"

const ourSpecPath = "../../openapi/oura.json"

// referenceSpec returns the bytes of Oura's document or skips the test.
func referenceSpec(t *testing.T) []byte {
	t.Helper()
	path := os.Getenv(refSpecEnv)
	if path == "" {
		t.Skip(refSpecEnv + " is not set")
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func decode(t *testing.T, b []byte) obj {
	t.Helper()
	var o obj
	if err := json.Unmarshal(b, &o); err != nil {
		t.Fatal(err)
	}
	return o
}

func readJSON(t *testing.T, path string) obj {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return decode(t, b)
}

func TestDrift(t *testing.T) {
	t.Parallel()
	ref := decode(t, referenceSpec(t))
	ours := readJSON(t, ourSpecPath)
	for _, p := range compareSpecs(ref, ours) {
		t.Errorf("%s", p)
	}
}

// TestDriftDetection checks that compareSpecs notices changes made to a
// reference document, on a tiny made-up one and on Oura's when available.
func TestDriftDetection(t *testing.T) {
	t.Parallel()
	check := func(t *testing.T, refBytes []byte, ours obj) {
		baseline := compareSpecs(decode(t, refBytes), ours)
		ref := decode(t, refBytes)
		want := append(injectDrift(t, ref), baseline...)
		got := compareSpecs(ref, ours)
		sort.Strings(want)
		sort.Strings(got)
		if d := cmp.Diff(want, got); d != "" {
			t.Errorf("problems (-want +got):\n%s", d)
		}
	}
	t.Run("tiny", func(t *testing.T) {
		ours, err := Convert([]byte(tinyRef))
		if err != nil {
			t.Fatal(err)
		}
		if p := compareSpecs(decode(t, []byte(tinyRef)), decode(t, ours)); len(p) != 0 {
			t.Errorf("Convert output drifts from its input:\n%s", strings.Join(p, "\n"))
		}
		check(t, []byte(tinyRef), decode(t, ours))
	})
	t.Run("reference", func(t *testing.T) {
		check(t, referenceSpec(t), readJSON(t, ourSpecPath))
	})
}

// injectDrift changes ref in place and returns the problems compareSpecs
// must report for the changes. ref needs PublicDailySleep (with score, day,
// contributors), PublicSleepType, the daily_sleep page and its list route
// (with next_token).
func injectDrift(t *testing.T, ref obj) []string {
	t.Helper()
	get := func(o obj, keys ...string) obj {
		for _, k := range keys {
			next, ok := o[k].(obj)
			if !ok {
				t.Fatalf("injectDrift: no %q in %v", k, keys)
			}
			o = next
		}
		return o
	}
	schemas := get(ref, "components", "schemas")
	sleep := get(schemas, "PublicDailySleep", "properties")
	sleep["made_up_field"] = obj{"type": "string"}
	sleep["score"] = obj{"anyOf": []any{obj{"type": "string"}, obj{"type": "null"}}}
	sleep["day"] = obj{"anyOf": []any{obj{"$ref": "#/components/schemas/ISODate"}, obj{"type": "null"}}}
	sleep["contributors"] = obj{"$ref": "#/components/schemas/PublicSleepType"}
	st := get(schemas, "PublicSleepType")
	st["enum"] = append(st["enum"].([]any), "made_up_value")
	data := get(schemas, "MultiDocumentResponse_PublicDailySleep_", "properties", "data")
	data["items"] = obj{"anyOf": []any{data["items"], obj{"type": "null"}}}
	schemas["PublicMadeUpThing"] = obj{"type": "object"}

	paths := get(ref, "paths")
	list := get(paths, "/v2/usercollection/daily_sleep", "get")
	params := list["parameters"].([]any)
	for _, p := range params {
		if p.(obj)["name"] == "next_token" {
			p.(obj)["schema"] = obj{"type": "integer"}
		}
	}
	list["parameters"] = append(params,
		obj{"name": "made_up_param", "in": "query", "schema": obj{"type": "string"}})
	get(list, "responses")["418"] = obj{"description": "x"}
	paths["/v2/usercollection/made_up"] = obj{"get": obj{}}

	return []string{
		"schema PublicDailySleep (ours DailySleep): property made_up_field: missing",
		"schema PublicDailySleep (ours DailySleep): property score: type is string in the reference, integer in ours",
		"schema PublicDailySleep (ours DailySleep): property day: nullable in the reference, not in ours",
		"schema PublicDailySleep (ours DailySleep): property contributors: reference is $ref SleepType, ours is $ref SleepContributors",
		`schema PublicSleepType (ours SleepType): enum value "made_up_value" missing`,
		"schema MultiDocumentResponse_PublicDailySleep_ (ours DailySleepPage): property data[]: nullable in the reference, not in ours",
		"schema PublicMadeUpThing: OurSchemaName has no name for it",
		"GET /v2/usercollection/daily_sleep: query parameter made_up_param: missing",
		"GET /v2/usercollection/daily_sleep: query parameter next_token: type is integer in the reference, string in ours",
		"GET /v2/usercollection/daily_sleep: response 418: missing",
		"path /v2/usercollection/made_up: missing",
	}
}

// compareSpecs checks that ours covers everything in ref (Oura's 3.1
// document) and returns one line per problem.
func compareSpecs(ref, ours obj) []string {
	d := &differ{
		refSchemas: child(child(ref, "components"), "schemas"),
		ourSchemas: child(child(ours, "components"), "schemas"),
	}
	for _, name := range sortedKeys(d.refSchemas) {
		on := OurSchemaName(name)
		switch on {
		case "":
			d.addf("schema %s: OurSchemaName has no name for it", name)
			continue
		case Inline:
			continue
		}
		where := fmt.Sprintf("schema %s (ours %s)", name, on)
		o, ok := d.ourSchemas[on].(obj)
		if !ok {
			d.addf("%s: missing", where)
			continue
		}
		d.compare(where, child(d.refSchemas, name), o, true)
	}
	refPaths, ourPaths := child(ref, "paths"), child(ours, "paths")
	for _, p := range sortedKeys(refPaths) {
		oItem, ok := ourPaths[p].(obj)
		if !ok {
			d.addf("path %s: missing", p)
			continue
		}
		rItem := child(refPaths, p)
		for _, m := range sortedKeys(rItem) {
			if !httpMethods[m] {
				continue
			}
			where := strings.ToUpper(m) + " " + p
			oOp, ok := oItem[m].(obj)
			if !ok {
				d.addf("%s: missing", where)
				continue
			}
			d.operation(where, child(rItem, m), oOp)
		}
	}
	return d.problems
}

var httpMethods = map[string]bool{
	"get": true, "put": true, "post": true, "delete": true,
	"options": true, "head": true, "patch": true, "trace": true,
}

type differ struct {
	refSchemas, ourSchemas obj
	problems               []string
}

func (d *differ) addf(format string, args ...any) {
	d.problems = append(d.problems, fmt.Sprintf(format, args...))
}

func (d *differ) operation(where string, ref, ours obj) {
	type key struct{ name, in string }
	ourParams := map[key]obj{}
	for _, p := range list(ours["parameters"]) {
		ourParams[key{str(p["name"]), str(p["in"])}] = p
	}
	for _, rp := range list(ref["parameters"]) {
		name, in := str(rp["name"]), str(rp["in"])
		pw := fmt.Sprintf("%s: %s parameter %s", where, in, name)
		op, ok := ourParams[key{name, in}]
		if !ok {
			d.addf("%s: missing", pw)
			continue
		}
		d.required(pw, rp["required"] == true, op["required"] == true)
		// A null query parameter is an absent one; ours drops nullable.
		d.compare(pw, child(rp, "schema"), child(op, "schema"), false)
	}
	if rb, ok := ref["requestBody"].(obj); ok {
		bw := where + ": request body"
		ob, ok := ours["requestBody"].(obj)
		if !ok {
			d.addf("%s: missing", bw)
		} else {
			d.required(bw, rb["required"] == true, ob["required"] == true)
			d.content(bw, rb, ob)
		}
	}
	rr, or := child(ref, "responses"), child(ours, "responses")
	for _, code := range sortedKeys(rr) {
		rw := where + ": response " + code
		o, ok := or[code].(obj)
		if !ok {
			d.addf("%s: missing", rw)
			continue
		}
		d.content(rw, child(rr, code), o)
	}
}

func (d *differ) content(where string, ref, ours obj) {
	rc, oc := child(ref, "content"), child(ours, "content")
	for _, mt := range sortedKeys(rc) {
		mw := where + " " + mt
		om, ok := oc[mt].(obj)
		if !ok {
			d.addf("%s: missing", mw)
			continue
		}
		rs := child(child(rc, mt), "schema")
		// Oura's list routes answer anyOf(typed page, untyped page); ours
		// keeps the typed page.
		if alts := list(rs["anyOf"]); len(alts) > 1 && allRefs(alts) {
			rs = alts[0]
		}
		d.compare(mw, rs, child(om, "schema"), true)
	}
}

func (d *differ) required(where string, ref, ours bool) {
	switch {
	case ref && !ours:
		d.addf("%s: required in the reference, optional in ours", where)
	case !ref && ours:
		d.addf("%s: optional in the reference, required in ours", where)
	}
}

// compare checks that our schema o is compatible with the reference schema
// r: same base type (or same mapped $ref), nullable where r is, and for
// inline schemas the same array items, properties and enum values.
func (d *differ) compare(where string, r, o obj, checkNull bool) {
	rs, us := d.refShape(r), ourShape(o)
	if checkNull && rs.nullable && !us.nullable {
		d.addf("%s: nullable in the reference, not in ours", where)
	}
	if rs.name != "" || us.name != "" {
		if rs.name != us.name {
			d.addf("%s: reference is %s, ours is %s", where, rs, us)
		}
		return
	}
	if rs.kind != us.kind {
		d.addf("%s: type is %s in the reference, %s in ours", where, rs.kind, us.kind)
		return
	}
	switch rs.kind {
	case "array":
		d.compare(where+"[]", child(rs.node, "items"), child(us.node, "items"), true)
	case "object":
		d.properties(where, rs.node, us.node)
	}
	d.enum(where, rs.node, us.node)
}

func (d *differ) properties(where string, r, o obj) {
	prefix := where + ": property "
	if strings.Contains(where, ": property ") {
		prefix = where + "."
	}
	rp, op := child(r, "properties"), child(o, "properties")
	rreq, oreq := stringSet(r["required"]), stringSet(o["required"])
	for _, k := range sortedKeys(rp) {
		pw := prefix + k
		ov, ok := op[k].(obj)
		if !ok {
			d.addf("%s: missing", pw)
			continue
		}
		d.required(pw, rreq[k], oreq[k])
		d.compare(pw, child(rp, k), ov, true)
	}
}

func (d *differ) enum(where string, r, o obj) {
	have := map[string]bool{}
	for _, v := range anyList(o["enum"]) {
		have[jsonString(v)] = true
	}
	for _, v := range anyList(r["enum"]) {
		if !have[jsonString(v)] {
			d.addf("%s: enum value %s missing", where, jsonString(v))
		}
	}
}

// shape is a schema reduced to what compare checks.
type shape struct {
	kind     string // string, integer, number, boolean, array, object or any
	name     string // our schema name, for a $ref to a named schema
	nullable bool
	node     obj // the inline schema (nil for $ref and merged unions)
}

func (s shape) String() string {
	if s.name != "" {
		return "$ref " + s.name
	}
	return s.kind
}

// refShape resolves a reference (3.1) schema; primitive aliases and other
// inlined schemas are followed.
func (d *differ) refShape(s obj) shape {
	if ref, ok := s["$ref"].(string); ok {
		name := strings.TrimPrefix(ref, "#/components/schemas/")
		switch on := OurSchemaName(name); on {
		case "":
			return shape{name: "(unmapped " + name + ")"}
		case Inline:
			return d.refShape(child(d.refSchemas, name))
		default:
			return shape{name: on}
		}
	}
	if all := list(s["allOf"]); len(all) == 1 {
		return d.refShape(all[0])
	}
	if alts, ok := alternatives(s); ok {
		var members []shape
		nullable := false
		for _, a := range alts {
			if a["type"] == "null" {
				nullable = true
				continue
			}
			members = append(members, d.refShape(a))
		}
		u := union(members)
		u.nullable = u.nullable || nullable
		return u
	}
	return typeShape(s)
}

// ourShape resolves a schema of our (3.0) document; $ref is not followed.
func ourShape(s obj) shape {
	nullable := s["nullable"] == true
	if ref, ok := s["$ref"].(string); ok {
		return shape{name: strings.TrimPrefix(ref, "#/components/schemas/")}
	}
	var out shape
	if all := list(s["allOf"]); len(all) == 1 {
		out = ourShape(all[0])
	} else if alts, ok := alternatives(s); ok {
		var members []shape
		for _, a := range alts {
			members = append(members, ourShape(a))
		}
		out = union(members)
	} else {
		out = typeShape(s)
	}
	out.nullable = out.nullable || nullable
	return out
}

func alternatives(s obj) ([]obj, bool) {
	for _, k := range []string{"anyOf", "oneOf"} {
		if _, ok := s[k]; ok {
			return list(s[k]), true
		}
	}
	return nil, false
}

// typeShape reads "type", which 3.1 may spell as a list including "null".
func typeShape(s obj) shape {
	out := shape{kind: "any", node: s}
	switch t := s["type"].(type) {
	case string:
		out.kind = t
	case []any:
		var kinds []string
		for _, k := range t {
			if k == "null" {
				out.nullable = true
			} else {
				kinds = append(kinds, str(k))
			}
		}
		if len(kinds) == 1 {
			out.kind = kinds[0]
		}
	}
	return out
}

// union merges the non-null members of an anyOf: one member stays as it
// is, members of one scalar type become that type, anything else is any.
func union(members []shape) shape {
	if len(members) == 1 {
		return members[0]
	}
	out := shape{kind: "any"}
	for i, m := range members {
		if m.name != "" || m.kind == "array" || m.kind == "object" || (i > 0 && m.kind != members[0].kind) {
			return out
		}
		out.nullable = out.nullable || m.nullable
	}
	if len(members) > 0 {
		out.kind = members[0].kind
	}
	return out
}

func allRefs(alts []obj) bool {
	for _, a := range alts {
		if _, ok := a["$ref"]; !ok {
			return false
		}
	}
	return true
}

func child(o obj, k string) obj {
	c, _ := o[k].(obj)
	return c
}

func list(v any) []obj {
	var out []obj
	for _, e := range anyList(v) {
		if o, ok := e.(obj); ok {
			out = append(out, o)
		}
	}
	return out
}

func anyList(v any) []any {
	l, _ := v.([]any)
	return l
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

func stringSet(v any) map[string]bool {
	set := map[string]bool{}
	for _, e := range anyList(v) {
		set[str(e)] = true
	}
	return set
}

func jsonString(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func sortedKeys(o obj) []string {
	keys := make([]string, 0, len(o))
	for k := range o {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
