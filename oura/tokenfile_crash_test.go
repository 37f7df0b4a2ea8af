package oura_test

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"syscall"
	"testing"

	"github.com/ringkit/oura-go/internal/testchild"
	"github.com/ringkit/oura-go/oura"
	"golang.org/x/oauth2"
)

// TestTokenFileSaverProcess is the child of TestTokenFileSurvivesSIGKILL:
// it saves rotated tokens until it is killed.
func TestTokenFileSaverProcess(t *testing.T) {
	t.Parallel()
	path := os.Getenv("OURA_TOKENFILE_CRASH")
	if path == "" {
		t.Skip("runs as the child of TestTokenFileSurvivesSIGKILL")
	}
	for i := 0; ; i++ {
		tok := &oauth2.Token{AccessToken: fmt.Sprint("access-", i), RefreshToken: fmt.Sprint("refresh-", i)}
		if err := oura.SaveTokenFile(path, tok); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		if i == 0 {
			fmt.Println("saving") // the parent kills after this
		}
	}
}

func TestTokenFileSurvivesSIGKILL(t *testing.T) {
	t.Parallel()
	if runtime.GOOS == "windows" {
		t.Skip("no SIGKILL")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "token.json")
	temps := func() []string {
		m, _ := filepath.Glob(filepath.Join(dir, ".token.json.tmp-*"))
		return m
	}
	leftover := false
	for round := 0; round < 50 && !leftover; round++ {
		cmd, _ := testchild.Start(t, "TestTokenFileSaverProcess", "OURA_TOKENFILE_CRASH="+path)
		_ = cmd.Process.Signal(syscall.SIGKILL)
		_ = cmd.Wait()
		leftover = len(temps()) > 0
		tok, err := oura.LoadTokenFile(path)
		if err != nil || tok.RefreshToken == "" {
			t.Fatalf("round %d: after SIGKILL the token file is %+v, %v", round, tok, err)
		}
		if m := temps(); len(m) > 0 {
			t.Fatalf("round %d: LoadTokenFile left temporary files holding refresh tokens: %v", round, m)
		}
	}
	if !leftover {
		t.Skip("no kill landed inside a save in 50 rounds: the cleanup went unexercised")
	}
	// A save cleans up too.
	if err := os.WriteFile(filepath.Join(dir, ".token.json.tmp-123"), []byte(`{"refresh_token":"r"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := oura.SaveTokenFile(path, &oauth2.Token{AccessToken: "a", RefreshToken: "r2"}); err != nil {
		t.Fatal(err)
	}
	if m := temps(); len(m) > 0 {
		t.Fatalf("SaveTokenFile left %v", m)
	}
}
