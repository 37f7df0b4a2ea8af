//go:build linux

package ourasync_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/ringkit/oura-go/oura/ourasync"
)

// A write that fails halfway (the file may not grow: RLIMIT_FSIZE, in a
// child process) leaves no cut line behind: the next write of the same
// log starts on a line of its own, and the log reads back whole.
func TestJSONLogFailedWriteLeavesNoCutLine(t *testing.T) {
	t.Parallel()
	path := os.Getenv("OURASYNC_JSONLOG_CHILD")
	if path == "" {
		path = filepath.Join(t.TempDir(), "changes.jsonl")
		cmd := exec.Command(os.Args[0], "-test.run=^TestJSONLogFailedWriteLeavesNoCutLine$", "-test.count=1")
		cmd.Env = append(os.Environ(), "OURASYNC_JSONLOG_CHILD="+path)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("child: %v\n%s", err, out)
		}
		raw, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		var keys []string
		for c, err := range ourasync.ReadChanges(bytes.NewReader(raw)) {
			if err != nil {
				t.Fatalf("%v in\n%.400s", err, raw)
			}
			keys = append(keys, c.Key)
		}
		if got := strings.Join(keys, ","); got != "a,c" {
			t.Fatalf("log holds %s, want a,c (b's window failed):\n%.400s", got, raw)
		}
		return
	}
	// The child.
	signal.Ignore(syscall.SIGXFSZ) // a write past the limit fails with EFBIG instead
	ctx := context.Background()
	l, err := ourasync.OpenJSONLog(path)
	if err != nil {
		t.Fatal(err)
	}
	change := func(key string, size int) *ourasync.Batch {
		return &ourasync.Batch{User: "u1", Stream: "daily_sleep", Changes: []ourasync.Change{{Op: ourasync.Upsert, User: "u1",
			Stream: "daily_sleep", Key: key, Data: []byte(`{"x":"` + strings.Repeat("y", size) + `"}`)}}}
	}
	if err := l.Write(ctx, change("a", 10)); err != nil {
		t.Fatal(err)
	}
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_FSIZE, &lim); err != nil {
		t.Fatal(err)
	}
	low := lim
	low.Cur = 4096
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &low); err != nil {
		t.Fatal(err)
	}
	if err := l.Write(ctx, change("b", 10000)); err == nil {
		t.Fatal("a write past the file size limit succeeded")
	}
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &lim); err != nil {
		t.Fatal(err)
	}
	if err := l.Write(ctx, change("c", 10)); err != nil {
		t.Fatal(err)
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
}
