package oura

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"

	"golang.org/x/oauth2"
)

// SaveTokenFile writes tok to path as JSON, atomically and readable by its
// owner only: to a temporary file of mode 0600 beside path, synced, then
// renamed over path, and the directory synced so the rename survives a
// power loss. Temporary files a crashed save left beside path (they may
// hold a refresh token) are removed first, and by LoadTokenFile: one
// process at a time saves a given path. Use it as the save function of
// NewRotatingTokenSource in a command-line program:
//
//	ts, err := oura.NewRotatingTokenSource(ctx, cfg, tok, func(t *oauth2.Token) error {
//		return oura.SaveTokenFile(path, t)
//	})
func SaveTokenFile(path string, tok *oauth2.Token) error {
	if tok == nil {
		return fmt.Errorf("oura: SaveTokenFile: nil token: %w", ErrInvalidArgument)
	}
	b, err := json.MarshalIndent(tok, "", "  ")
	if err != nil {
		return fmt.Errorf("oura: SaveTokenFile: %w", err)
	}
	removeTempFiles(path)
	f, err := os.CreateTemp(filepath.Dir(path), tempPattern(path)) // mode 0600
	if err != nil {
		return fmt.Errorf("oura: SaveTokenFile: %w", err)
	}
	defer os.Remove(f.Name()) // after a successful rename there is nothing to remove
	_, err = f.Write(append(b, '\n'))
	if err == nil {
		err = f.Chmod(0o600)
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
		err = syncDir(filepath.Dir(path))
	}
	if err != nil {
		return fmt.Errorf("oura: SaveTokenFile: %w", err)
	}
	return nil
}

// tempPattern names SaveTokenFile's temporary files for path.
func tempPattern(path string) string { return "." + filepath.Base(path) + ".tmp-*" }

// removeTempFiles removes the temporary files of saves of path that never
// finished.
func removeTempFiles(path string) {
	matches, _ := filepath.Glob(filepath.Join(filepath.Dir(path), tempPattern(path)))
	for _, m := range matches {
		_ = os.Remove(m)
	}
}

// syncDir makes a rename in dir durable. Windows cannot sync a directory
// and needs not: there it is a no-op.
var syncDir = func(dir string) error {
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

// LoadTokenFile reads a token written by SaveTokenFile.
// It first removes temporary files a crashed save left beside path.
func LoadTokenFile(path string) (*oauth2.Token, error) {
	removeTempFiles(path)
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("oura: LoadTokenFile: %w", err)
	}
	var t oauth2.Token
	if err := json.Unmarshal(b, &t); err != nil {
		return nil, fmt.Errorf("oura: LoadTokenFile: %s is not a token file: %v: %w", path, err, ErrInvalidArgument)
	}
	if t.AccessToken == "" && t.RefreshToken == "" {
		return nil, fmt.Errorf("oura: LoadTokenFile: %s holds no token: %w", path, ErrInvalidArgument)
	}
	return &t, nil
}
