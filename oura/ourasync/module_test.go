package ourasync_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// A program that imports only oura and ourasync must not download,
// compile or list the SQLite driver: the mirror is a module of its own.
// This builds such a program as a downstream module would, offline.
func TestCoreModuleGraphHasNoSQLiteDriver(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("runs the go command")
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command")
	}
	root, _ := filepath.Abs("../..")
	dir := t.TempDir()
	write := func(name, body string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("go.mod", "module example.com/downstream\n\ngo 1.25.0\n\nrequire github.com/ringkit/oura-go v0.0.0\n\nreplace github.com/ringkit/oura-go => "+root+"\n")
	write("main.go", `package main

import (
	"fmt"

	"github.com/ringkit/oura-go/oura"
	"github.com/ringkit/oura-go/oura/ourasync"
)

func main() { fmt.Println(oura.NewDate(2024, 1, 1), ourasync.Streams()) }
`)
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	write("go.sum", string(sum))
	// run runs the go command in dir; offline, anything oura itself does
	// not need would fail to download.
	run := func(offline bool, dir string, args ...string) string {
		cmd := exec.Command(goBin, args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GOFLAGS=-mod=readonly", "GOWORK=off")
		if offline { // the downstream module, which may add what it needs to its go.mod
			cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off", "GOPROXY=off")
		}

		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	for _, args := range [][]string{{"list", "-m", "all"}, {"list", "-deps", "."}} {
		if out := run(true, dir, args...); strings.Contains(strings.ToLower(out), "sqlite") {
			t.Fatalf("go %s of a program importing oura and ourasync names SQLite:\n%s", strings.Join(args, " "), out)
		}
	}
	run(true, dir, "build", "-o", os.DevNull, ".")
	// The check can fail: the mirror's own module lists the driver.
	if out := run(false, filepath.Join(root, "oura/ourasync/sqlitemirror"), "list", "-m", "all"); !strings.Contains(out, "github.com/ncruces/go-sqlite3") {
		t.Fatalf("the sqlitemirror module does not list its driver:\n%s", out)
	}
}
