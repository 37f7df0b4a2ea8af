package specgen

import (
	"bytes"
	"encoding/json"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// tinyRef is a small made-up 3.1 document shaped like Oura's.
const tinyRef = `{
  "openapi": "3.1.0",
  "info": {"title": "tiny", "version": "0"},
  "paths": {
    "/v2/usercollection/daily_sleep": {"get": {
      "parameters": [
        {"name": "start_date", "in": "query", "required": false, "schema": {"anyOf": [
          {"type": "string", "format": "date-time"}, {"type": "string", "format": "date"}, {"type": "null"}]}},
        {"name": "next_token", "in": "query", "required": false, "schema": {"anyOf": [{"type": "string"}, {"type": "null"}]}}
      ],
      "responses": {
        "200": {"description": "ok", "content": {"application/json": {"schema": {"anyOf": [
          {"$ref": "#/components/schemas/MultiDocumentResponse_PublicDailySleep_"},
          {"$ref": "#/components/schemas/MultiDocumentResponseDict"}]}}}},
        "400": {"description": "bad"}
      }
    }},
    "/v2/usercollection/daily_sleep/{document_id}": {"get": {
      "parameters": [{"name": "document_id", "in": "path", "required": true, "schema": {"type": "string"}}],
      "responses": {
        "200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PublicDailySleep"}}}},
        "404": {"description": "none"}
      }
    }},
    "/v2/sandbox/usercollection/daily_sleep": {"get": {
      "parameters": [{"name": "next_token", "in": "query", "required": false, "schema": {"anyOf": [{"type": "string"}, {"type": "null"}]}}],
      "responses": {
        "200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/MultiDocumentResponse_PublicDailySleep_"}}}}
      }
    }}
  },
  "components": {"schemas": {
    "ISODate": {"type": "string"},
    "Array_Union_float__NoneType__Bits64_": {"type": "array", "items": {"anyOf": [{"type": "number"}, {"type": "null"}]}},
    "PublicSleepType": {"type": "string", "enum": ["sleep", "nap"]},
    "PublicSleepContributors": {"type": "object", "properties": {
      "timing": {"anyOf": [{"type": "integer"}, {"type": "null"}]}}},
    "PublicDailySleep": {"type": "object", "required": ["id", "day", "contributors"], "properties": {
      "id": {"type": "string", "minLength": 1},
      "day": {"$ref": "#/components/schemas/ISODate"},
      "other_day": {"type": "string", "format": "date"},
      "score": {"anyOf": [{"type": "integer"}, {"type": "null"}]},
      "ratio": {"type": "number"},
      "maybe_ratio": {"anyOf": [{"type": "number"}, {"type": "null"}]},
      "readings": {"type": "array", "items": {"anyOf": [{"type": "number"}, {"type": "null"}]}},
      "aliased_readings": {"$ref": "#/components/schemas/Array_Union_float__NoneType__Bits64_"},
      "contributors": {"$ref": "#/components/schemas/PublicSleepContributors"},
      "kind": {"anyOf": [{"$ref": "#/components/schemas/PublicSleepType"}, {"type": "null"}]}
    }},
    "MultiDocumentResponse_PublicDailySleep_": {"type": "object", "required": ["data", "next_token"], "properties": {
      "data": {"type": "array", "items": {"$ref": "#/components/schemas/PublicDailySleep"}},
      "next_token": {"anyOf": [{"type": "string"}, {"type": "null"}]}
    }},
    "MultiDocumentResponseDict": {"type": "object", "required": ["data"], "properties": {
      "data": {"type": "array", "items": {"type": "object", "additionalProperties": true}}
    }}
  }}
}`

func convertTiny(t *testing.T) obj {
	t.Helper()
	out, err := Convert([]byte(tinyRef))
	if err != nil {
		t.Fatal(err)
	}
	return decode(t, out)
}

func TestConvertSchemas(t *testing.T) {
	t.Parallel()
	doc := convertTiny(t)
	schemas := child(child(doc, "components"), "schemas")
	props := child(child(schemas, "DailySleep"), "properties")
	// pick keeps the listed keys of a property.
	pick := func(name string, keys ...string) obj {
		p, ok := props[name].(obj)
		if !ok {
			t.Fatalf("DailySleep has no property %s", name)
		}
		out := obj{}
		for _, k := range keys {
			if v, ok := p[k]; ok {
				out[k] = v
			}
		}
		return out
	}
	nullableNumber := obj{"type": "number", "format": "double", "nullable": true}
	date := obj{"type": "string", "format": "date", "x-go-type": "Date"}
	tests := []struct {
		name string
		got  obj
		want obj
	}{
		{"anyOf null becomes nullable", pick("score", "type", "nullable"), obj{"type": "integer", "nullable": true}},
		{"number becomes double", pick("ratio", "type", "format", "nullable"), obj{"type": "number", "format": "double"}},
		{"nullable number", pick("maybe_ratio", "type", "format", "nullable"), nullableNumber},
		{"ISODate becomes Date", pick("day", "type", "format", "x-go-type"), date},
		{"date format becomes Date", pick("other_day", "type", "format", "x-go-type"), date},
		{"nullable items", pick("readings", "type", "items"), obj{"type": "array", "items": nullableNumber}},
		{"inlined alias keeps nullable items", pick("aliased_readings", "type", "items"), obj{"type": "array", "items": nullableNumber}},
		{"nullable $ref", pick("kind", "allOf", "nullable"),
			obj{"allOf": []any{obj{"$ref": "#/components/schemas/SleepType"}}, "nullable": true}},
		{"described $ref", pick("contributors", "allOf", "nullable"),
			obj{"allOf": []any{obj{"$ref": "#/components/schemas/SleepContributors"}}}},
	}
	for _, tc := range tests {
		if d := cmp.Diff(tc.want, tc.got); d != "" {
			t.Errorf("%s (-want +got):\n%s", tc.name, d)
		}
	}
	for _, name := range []string{"DailySleep", "DailySleepPage", "PartialDocumentPage", "SleepType", "SleepContributors"} {
		if _, ok := schemas[name]; !ok {
			t.Errorf("schema %s missing", name)
		}
	}
	for _, name := range []string{"ISODate", "Array_Union_float__NoneType__Bits64_"} {
		if _, ok := schemas[name]; ok {
			t.Errorf("alias %s should be inlined, not named", name)
		}
	}
}

func TestConvertOperations(t *testing.T) {
	t.Parallel()
	paths := child(convertTiny(t), "paths")
	op := func(path string) obj { return child(child(paths, path), "get") }
	ids := map[string]any{}
	for _, p := range sortedKeys(paths) {
		ids[p] = op(p)["operationId"]
	}
	want := map[string]any{
		"/v2/usercollection/daily_sleep":               "listDailySleep",
		"/v2/usercollection/daily_sleep/{document_id}": "getDailySleep",
		"/v2/sandbox/usercollection/daily_sleep":       "listSandboxDailySleep",
	}
	if d := cmp.Diff(want, ids); d != "" {
		t.Errorf("operation ids (-want +got):\n%s", d)
	}
	list := op("/v2/usercollection/daily_sleep")
	params := map[string]any{}
	for _, p := range list["parameters"].([]any) {
		params[str(p.(obj)["name"])] = p.(obj)["schema"]
	}
	wantParams := map[string]any{
		"start_date": obj{"type": "string", "format": "date"},
		"next_token": obj{"type": "string"},
	}
	if d := cmp.Diff(wantParams, params); d != "" {
		t.Errorf("parameter schemas (-want +got):\n%s", d)
	}
	page := child(child(child(child(child(list, "responses"), "200"), "content"), "application/json"), "schema")
	if d := cmp.Diff(obj{"$ref": "#/components/schemas/DailySleepPage"}, page); d != "" {
		t.Errorf("list response keeps the typed page (-want +got):\n%s", d)
	}
}

func TestConvertUnknownSchema(t *testing.T) {
	t.Parallel()
	doc := decode(t, []byte(tinyRef))
	child(child(doc, "components"), "schemas")["PublicMadeUpThing"] = obj{"type": "object"}
	b, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Convert(b); err == nil || !strings.Contains(err.Error(), "PublicMadeUpThing") {
		t.Errorf("Convert with an unknown schema: err = %v, want one naming PublicMadeUpThing", err)
	}
}

func TestSpecUpToDate(t *testing.T) {
	t.Parallel()
	got, err := Convert(referenceSpec(t))
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile(ourSpecPath)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("openapi/oura.json is out of date; at the module root run\n"+
			"\tgo run ./internal/cmd/specgen -ref $%s -o openapi/oura.json\nthen `go generate .`\n%s",
			refSpecEnv, shortDiff(string(want), string(got)))
	}
}

// TestNoCopiedProse guards against Oura's descriptions landing in ours.
func TestNoCopiedProse(t *testing.T) {
	t.Parallel()
	ref := decode(t, referenceSpec(t))
	ours := readJSON(t, ourSpecPath)
	seen := map[string]bool{}
	var theirs []string
	collectProse(ref, func(s string) {
		if s = normalize(s); len(s) > 25 && !seen[s] {
			seen[s] = true
			theirs = append(theirs, s)
		}
	})
	sort.Strings(theirs)
	if len(theirs) == 0 {
		t.Fatal("no descriptions found in the reference")
	}
	collectProse(ours, func(s string) {
		n := normalize(s)
		for _, p := range theirs {
			if strings.Contains(n, p) {
				t.Errorf("our text %q contains Oura's %q", s, p)
			}
		}
	})
}

// collectProse calls f with every description and summary string in v.
func collectProse(v any, f func(string)) {
	switch v := v.(type) {
	case obj:
		for k, e := range v {
			if s, ok := e.(string); ok && (k == "description" || k == "summary") {
				f(s)
			} else {
				collectProse(e, f)
			}
		}
	case []any:
		for _, e := range v {
			collectProse(e, f)
		}
	}
}

func normalize(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}

// shortDiff returns a line diff of two texts cut to a few dozen lines.
func shortDiff(want, got string) string {
	d := cmp.Diff(strings.Split(want, "\n"), strings.Split(got, "\n"))
	lines := strings.Split(d, "\n")
	if len(lines) > 40 {
		lines = append(lines[:40], "\t... (diff cut)")
	}
	return "diff (-committed +generated):\n" + strings.Join(lines, "\n")
}
