package ourago

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestGeneratedCodeUpToDate reruns both go:generate steps into a temporary
// directory and compares the results with the committed files.
func TestGeneratedCodeUpToDate(t *testing.T) {
	if testing.Short() {
		t.Skip("runs oapi-codegen and aliasgen")
	}
	tmp := t.TempDir()
	models := filepath.Join(tmp, "models.gen.go")
	aliases := filepath.Join(tmp, "aliases.gen.go")

	// oapi-codegen's -o only applies when the config has no output, so
	// write a copy of the config pointing at the temporary file.
	cfg, err := os.ReadFile("openapi/oapi-codegen.yaml")
	if err != nil {
		t.Fatal(err)
	}
	outputLine := regexp.MustCompile(`(?m)^output:.*$`)
	if n := len(outputLine.FindAll(cfg, -1)); n != 1 {
		t.Fatalf("openapi/oapi-codegen.yaml has %d top-level output lines, want 1", n)
	}
	cfg = outputLine.ReplaceAllLiteral(cfg, []byte("output: "+strconv.Quote(models)))
	tmpCfg := filepath.Join(tmp, "oapi-codegen.yaml")
	if err := os.WriteFile(tmpCfg, cfg, 0o644); err != nil {
		t.Fatal(err)
	}

	run(t, "go", "tool", "oapi-codegen", "-config", tmpCfg, "openapi/oura.json")
	run(t, "go", "run", "./internal/cmd/aliasgen", "-in", models, "-o", aliases)

	compareFile(t, "internal/ouraapi/models.gen.go", models)
	compareFile(t, "oura/models.gen.go", aliases)
}

func run(t *testing.T, name string, args ...string) {
	t.Helper()
	cmd := exec.Command(name, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, stderr.Bytes())
	}
}

func compareFile(t *testing.T, committed, generated string) {
	t.Helper()
	want, err := os.ReadFile(committed)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(generated)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(want, got) {
		return
	}
	d := cmp.Diff(strings.Split(string(want), "\n"), strings.Split(string(got), "\n"))
	lines := strings.Split(d, "\n")
	if len(lines) > 40 {
		lines = append(lines[:40], "\t... (diff cut)")
	}
	t.Errorf("%s is out of date; run `go generate .`\ndiff (-committed +generated):\n%s",
		committed, strings.Join(lines, "\n"))
}
