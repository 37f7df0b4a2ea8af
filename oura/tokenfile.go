package oura

import (
	"encoding/json"
	"fmt"
	"os"

	"golang.org/x/oauth2"

	"github.com/ringkit/oura-go/internal/atomicfile"
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
	if path == "" {
		return fmt.Errorf("oura: SaveTokenFile: empty path: %w", ErrInvalidArgument)
	}
	if tok == nil {
		return fmt.Errorf("oura: SaveTokenFile: nil token: %w", ErrInvalidArgument)
	}
	b, err := json.MarshalIndent(tok, "", "  ")
	if err != nil {
		return fmt.Errorf("oura: SaveTokenFile: %w", err)
	}
	atomicfile.RemoveTemps(path, 0)
	if err := atomicfile.Write(path, append(b, '\n'), 0o600); err != nil {
		return fmt.Errorf("oura: SaveTokenFile: %w", err)
	}
	return nil
}

// LoadTokenFile reads a token written by SaveTokenFile.
// It first removes temporary files a crashed save left beside path.
func LoadTokenFile(path string) (*oauth2.Token, error) {
	atomicfile.RemoveTemps(path, 0)
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
