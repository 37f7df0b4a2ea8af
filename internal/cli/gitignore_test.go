package cli_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The files the examples write by default are ignored by git, whether an
// example runs from the repository root or from its own directory.
func TestDefaultOutputFilesAreIgnored(t *testing.T) {
	t.Parallel()
	root := gitRoot(t)
	for _, path := range []string{
		"oura-export/daily_sleep.jsonl",       // examples/export -out
		"oura-token.json",                     // examples/oauth2 -token-file
		"tokens/user-1.json",                  // examples/multiuser -tokens
		"oura.db",                             // examples/sync -db
		"examples/export/oura-export/x.jsonl", // run from the example's directory
		"examples/oauth2/oura-token.json",
	} {
		if err := exec.Command("git", "-C", root, "check-ignore", "-q", "--no-index", path).Run(); err != nil {
			t.Errorf("%s is not in .gitignore", path)
		}
	}
}

// The binaries `go build ./examples/X` and `go build ./internal/cmd/X` leave
// at the repository root (and `go build` in X's own directory leaves there)
// are ignored by git, and no committed file is.
func TestBuiltBinariesAreIgnored(t *testing.T) {
	t.Parallel()
	root := gitRoot(t)
	var paths []string
	for _, dir := range []string{"examples", "internal/cmd"} {
		entries, err := os.ReadDir(filepath.Join(root, dir))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if !e.IsDir() {
				continue
			}
			name := e.Name()
			if _, err := os.Stat(filepath.Join(root, dir, name, "go.mod")); err != nil {
				paths = append(paths, name, name+".exe") // go build ./dir/name at the root
			}
			paths = append(paths, dir+"/"+name+"/"+name) // go build in its directory
		}
	}
	if len(paths) < 10 {
		t.Fatalf("found only %v", paths)
	}
	for _, path := range paths {
		if err := exec.Command("git", "-C", root, "check-ignore", "-q", "--no-index", path).Run(); err != nil {
			t.Errorf("binary %s is not in .gitignore", path)
		}
	}
	out, err := exec.Command("git", "-C", root, "ls-files", "-ci", "--exclude-standard").Output()
	if err != nil {
		t.Fatal(err)
	}
	if s := strings.TrimSpace(string(out)); s != "" {
		t.Errorf(".gitignore covers committed files:\n%s", s)
	}
}

// gitRoot returns the repository's root, skipping the test outside a git
// checkout.
func gitRoot(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	if err := exec.Command("git", "-C", root, "rev-parse").Run(); err != nil {
		t.Skip("not a git checkout")
	}
	return root
}
