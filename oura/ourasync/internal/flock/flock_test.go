package flock

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/ringkit/oura-go/internal/testchild"
)

func TestTryLockExcludesAndReleases(t *testing.T) {
	t.Parallel()
	p := filepath.Join(t.TempDir(), "x.lock")
	unlock, err := TryLock(p)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := TryLock(p); !errors.Is(err, ErrLocked) {
		t.Fatalf("second TryLock: %v, want ErrLocked", err)
	}
	unlock()
	unlock() // twice is harmless
	again, err := TryLock(p)
	if err != nil {
		t.Fatalf("after unlock: %v", err)
	}
	again()
}

// A lock held by a process that was killed is free again.
func TestLockOfKilledProcessIsReleased(t *testing.T) {
	t.Parallel()
	if os.Getenv("FLOCK_HOLD") != "" {
		if _, err := TryLock(os.Getenv("FLOCK_HOLD")); err != nil {
			os.Exit(3)
		}
		os.Stdout.WriteString("locked\n")
		select {}
	}
	p := filepath.Join(t.TempDir(), "x.lock")
	cmd, ready := testchild.Start(t, "TestLockOfKilledProcessIsReleased", "FLOCK_HOLD="+p)
	if ready != "locked" {
		t.Fatalf("child: %q", ready)
	}
	if _, err := TryLock(p); !errors.Is(err, ErrLocked) {
		t.Fatalf("while the child holds it: %v, want ErrLocked", err)
	}
	cmd.Process.Kill()
	cmd.Wait()
	unlock, err := TryLock(p)
	if err != nil {
		t.Fatalf("after the child was killed: %v", err)
	}
	unlock()
}
