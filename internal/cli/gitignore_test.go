package cli_test

import (
	"os/exec"
	"path/filepath"
	"testing"
)

// The files the examples write by default are ignored by git, whether an
// example runs from the repository root or from its own directory.
func TestDefaultOutputFilesAreIgnored(t *testing.T) {
	t.Parallel()
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
