// Package flock takes exclusive, non-blocking locks on files that the
// operating system releases when the holder dies, so a killed process
// never leaves a stale lock behind.
package flock

import (
	"errors"
	"os"
	"path/filepath"
	"sync"
)

// ErrLocked: another holder has the lock.
var ErrLocked = errors.New("flock: locked by another holder")

var (
	mu   sync.Mutex
	held = map[string]bool{} // absolute paths locked by this process
)

// TryLock locks path, creating it, without waiting. It returns ErrLocked
// when another process or another caller in this process holds it.
func TryLock(path string) (unlock func(), err error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	mu.Lock()
	defer mu.Unlock()
	if held[abs] {
		return nil, ErrLocked
	}
	f, err := os.OpenFile(abs, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, err
	}
	if err := lockFile(f); err != nil {
		f.Close()
		return nil, err
	}
	held[abs] = true
	var once sync.Once
	return func() {
		once.Do(func() {
			mu.Lock()
			defer mu.Unlock()
			delete(held, abs)
			f.Close() // closing the descriptor releases the OS lock
		})
	}, nil
}
