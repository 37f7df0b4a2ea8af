package oura

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"golang.org/x/oauth2"
)

// SaveTokenFile writes tok to path as JSON, atomically and readable by its
// owner only: to a temporary file of mode 0600 beside path, synced, then
// renamed over path. Use it as the save function of NewRotatingTokenSource
// in a command-line program:
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
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*") // mode 0600
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
	if err != nil {
		return fmt.Errorf("oura: SaveTokenFile: %w", err)
	}
	return nil
}

// LoadTokenFile reads a token written by SaveTokenFile.
func LoadTokenFile(path string) (*oauth2.Token, error) {
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
