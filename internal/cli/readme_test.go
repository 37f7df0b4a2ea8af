package cli_test

import (
	"os"
	"strings"
	"testing"
)

// The README's set-up commands say what they need: the race detector
// needs cgo and a C compiler, and a command for Go alone is given. CI
// keeps running the tests with -race.
func TestReadmeSaysWhatTheTestCommandNeeds(t *testing.T) {
	t.Parallel()
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	ci, err := os.ReadFile("../../.ci/run")
	if err != nil {
		t.Fatal(err)
	}
	text := string(readme)
	start := strings.Index(text, "## Set up on a fresh machine")
	end := strings.Index(text[start+1:], "\n## ")
	if start < 0 || end < 0 {
		t.Fatal("no set-up section")
	}
	setup := text[start : start+1+end]
	if strings.Contains(setup, "go test -race") {
		for _, want := range []string{"C compiler", "cgo", "CGO_ENABLED=1", "With Go alone, run `go test ./...`"} {
			if !strings.Contains(setup, want) {
				t.Errorf("the set-up section runs go test -race but does not say %q:\n%s", want, setup)
			}
		}
		if strings.Contains(setup, "With only Go installed") {
			t.Errorf("the set-up section claims Go alone is enough for -race:\n%s", setup)
		}
	}
	if !strings.Contains(string(ci), "\ngo test -race ./...") {
		t.Error(".ci/run no longer runs the tests with -race")
	}
}
