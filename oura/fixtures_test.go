package oura_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestFixturesAreUsedAndValid keeps internal/testdata honest: every
// fixture is valid JSON and named by some test of this package.
func TestFixturesAreUsedAndValid(t *testing.T) {
	t.Parallel()
	dir := filepath.Join("..", "internal", "testdata")
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	tests, err := filepath.Glob("*_test.go")
	if err != nil {
		t.Fatal(err)
	}
	var src strings.Builder
	for _, f := range tests {
		if f == "fixtures_test.go" {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		src.Write(b)
	}
	n := 0
	for _, e := range entries {
		name := e.Name()
		if !strings.HasSuffix(name, ".json") {
			continue
		}
		n++
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if !json.Valid(b) {
			t.Errorf("%s is not valid JSON", name)
		}
		if !strings.Contains(src.String(), `"`+name+`"`) {
			t.Errorf("%s is read by no test", name)
		}
	}
	if n == 0 {
		t.Error("no fixtures found")
	}
}
