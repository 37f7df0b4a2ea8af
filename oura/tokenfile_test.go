package oura_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/ringkit/oura-go/oura"
	"golang.org/x/oauth2"
)

func TestTokenFileRoundTripWithMode0600(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "token.json")
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	tok := &oauth2.Token{AccessToken: "a", RefreshToken: "r", TokenType: "Bearer", Expiry: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}
	if err := oura.SaveTokenFile(path, tok); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v, %v; want 0600", fi.Mode(), err)
	}
	got, err := oura.LoadTokenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(tok, got, cmp.AllowUnexported(oauth2.Token{})); diff != "" {
		t.Fatalf("(-want +got):\n%s", diff)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Fatalf("temporary files left: %v", entries)
	}
	os.WriteFile(path, []byte("{}"), 0o600)
	if _, err := oura.LoadTokenFile(path); !errors.Is(err, oura.ErrInvalidArgument) {
		t.Fatalf("empty token: err = %v", err)
	}
	if err := oura.SaveTokenFile(filepath.Join(dir, "missing", "t.json"), tok); err == nil || !strings.Contains(err.Error(), "SaveTokenFile") {
		t.Fatalf("err = %v", err)
	}
	if err := oura.SaveTokenFile("", tok); !errors.Is(err, oura.ErrInvalidArgument) || err.Error() != "oura: SaveTokenFile: empty path: invalid argument" {
		t.Fatalf("empty path: err = %v", err)
	}
}
