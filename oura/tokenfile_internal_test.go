package oura

import (
	"path/filepath"
	"testing"

	"golang.org/x/oauth2"

	"github.com/ringkit/oura-go/internal/atomicfile"
)

// Not parallel: it replaces the package-wide atomicfile.SyncDir, which the
// parallel tests' saves read.
func TestSaveTokenFileSyncsTheDirectoryAfterTheRename(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "token.json")
	old := atomicfile.SyncDir
	defer func() { atomicfile.SyncDir = old }()
	var synced []string
	atomicfile.SyncDir = func(d string) error {
		tok, err := LoadTokenFile(path) // the rename is done
		if err != nil || tok.RefreshToken != "r" {
			t.Errorf("directory synced before the rename: %v", err)
		}
		synced = append(synced, d)
		return old(d)
	}
	if err := SaveTokenFile(path, &oauth2.Token{AccessToken: "a", RefreshToken: "r"}); err != nil {
		t.Fatal(err)
	}
	if len(synced) != 1 || synced[0] != dir {
		t.Fatalf("synced %v; want [%s]", synced, dir)
	}
}
