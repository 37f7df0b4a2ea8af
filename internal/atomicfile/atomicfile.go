// Package atomicfile replaces files atomically and durably, for the token
// files of package oura and the state files of package ourasync.
package atomicfile

import (
	"os"
	"path/filepath"
	"runtime"
	"time"
)

// Write replaces path with b: a temporary file of mode perm beside path,
// synced, renamed over path, and the directory synced so the rename
// survives a power loss. A crash leaves the old file or the new one, and at
// worst a temporary file (see RemoveTemps).
func Write(path string, b []byte, perm os.FileMode) (err error) {
	f, err := os.CreateTemp(filepath.Dir(path), TempPattern(path))
	if err != nil {
		return err
	}
	defer os.Remove(f.Name()) // after a successful rename there is nothing to remove
	_, err = f.Write(b)
	if err == nil {
		err = f.Chmod(perm)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err == nil {
		err = SyncDir(filepath.Dir(path))
	}
	return err
}

// TempPattern is the pattern of Write's temporary files for path; path may
// itself be a pattern, such as dir/*.json.
func TempPattern(path string) string { return "." + filepath.Base(path) + ".tmp-*" }

// RemoveTemps removes the temporary files of Writes of path that never
// finished and are older than age (all of them when age is 0: only when
// one process at a time writes path).
func RemoveTemps(path string, age time.Duration) {
	matches, _ := filepath.Glob(filepath.Join(filepath.Dir(path), TempPattern(path)))
	for _, m := range matches {
		if fi, err := os.Stat(m); err == nil && time.Since(fi.ModTime()) >= age {
			_ = os.Remove(m)
		}
	}
}

// SyncDir makes a rename in dir durable. Windows cannot sync a directory
// and needs not: there it is a no-op. A variable, so tests can watch it.
var SyncDir = func(dir string) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}
