package ourasync

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/ringkit/oura-go/internal/atomicfile"
	"github.com/ringkit/oura-go/oura/ourasync/internal/flock"
)

// FileStore is a Store that keeps each user's State in its own file of a
// directory, written atomically and durably: a temporary file in the same
// directory, synced, renamed over the old one, and the directory synced.
// A crash leaves the old state or the new one, never a mix. Claims are
// operating-system file locks (flock), which a killed process releases.
type FileStore struct {
	dir string
}

// NewFileStore returns a FileStore in dir, creating it (mode 0700).
func NewFileStore(dir string) (*FileStore, error) {
	if dir == "" {
		return nil, fmt.Errorf("ourasync: NewFileStore: empty directory: %w", errInvalid)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("ourasync: NewFileStore: %w", err)
	}
	// Temporary files of saves killed halfway, once they are an hour old
	// (a younger one may be another process's save in progress).
	atomicfile.RemoveTemps(filepath.Join(dir, "*.json"), time.Hour)
	return &FileStore{dir: dir}, nil
}

// fileName maps a user key to a file name: letters, digits, '-' and '_'
// stay, every other byte is written %XX, so no key reaches outside dir.
func fileName(user string) string {
	var b strings.Builder
	for i := 0; i < len(user); i++ {
		c := user[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

func (f *FileStore) path(user string) string { return filepath.Join(f.dir, fileName(user)+".json") }

// Load implements Store.
func (f *FileStore) Load(ctx context.Context, user string) (*State, error) {
	b, err := os.ReadFile(f.path(user))
	if errors.Is(err, fs.ErrNotExist) {
		return newState(), nil
	}
	if err != nil {
		return nil, fmt.Errorf("ourasync: loading the state of %q: %w", user, err)
	}
	return DecodeState(b)
}

// Save implements Store. The version check reads the file first, so it
// holds between processes too as long as they claim the user first.
func (f *FileStore) Save(ctx context.Context, user string, st *State) error {
	cur, err := f.Load(ctx, user)
	if err != nil {
		return err
	}
	if cur.Version != st.Version {
		return fmt.Errorf("ourasync: saving the state of %q: %w", user, ErrConflict)
	}
	st.Version++
	b, err := EncodeState(st)
	if err == nil {
		err = atomicfile.Write(f.path(user), b, 0o600)
	}
	if err != nil {
		st.Version--
		return fmt.Errorf("ourasync: saving the state of %q: %w", user, err)
	}
	return nil
}

// Claim implements Store with a lock file beside the user's state.
func (f *FileStore) Claim(ctx context.Context, user string) (func(), error) {
	unlock, err := flock.TryLock(filepath.Join(f.dir, fileName(user)+".lock"))
	if errors.Is(err, flock.ErrLocked) {
		return nil, fmt.Errorf("ourasync: %q: %w", user, ErrClaimed)
	}
	return unlock, err
}
