package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"github.com/ringkit/oura-go/internal/cli/clitest"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/ringkit/oura-go/oura"
	"github.com/ringkit/oura-go/oura/ouratest"
)

// browser plays the user's browser: it follows the authorization URL,
// whose fake endpoint redirects to the loopback callback, after rewrite
// changes it. It records the redirect it followed and the callback's
// answer.
type browser struct {
	rewrite  func(*url.URL)
	redirect *url.URL
	status   int
	calls    int
}

func (b *browser) open(raw string) error {
	b.calls++
	u, err := url.Parse(raw)
	if err != nil {
		return err
	}
	if b.rewrite != nil {
		b.rewrite(u)
	}
	hc := &http.Client{CheckRedirect: func(r *http.Request, via []*http.Request) error {
		b.redirect = r.URL
		return nil
	}}
	resp, err := hc.Get(u.String())
	if err != nil {
		return err
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	b.status = resp.StatusCode
	return nil
}

func testOptions(t *testing.T, srv *ouratest.Server) options {
	return options{Addr: "127.0.0.1:0", TokenFile: filepath.Join(t.TempDir(), "token.json"), Loc: time.UTC, Fake: srv}
}

func mode(t *testing.T, path string) os.FileMode {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Mode().Perm()
}

func TestAuthorizesSavesTheTokenAndFetchesData(t *testing.T) {
	t.Parallel()
	// A token that lives 30 s is used for half its life, not refreshed
	// before its first use.
	srv := ouratest.NewServer(ouratest.WithTokenLifetime(30 * time.Second))
	defer srv.Close()
	o := testOptions(t, srv)
	// An existing file with a looser mode ends up 0600.
	if err := os.WriteFile(o.TokenFile, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(o.TokenFile, 0o644); err != nil {
		t.Fatal(err)
	}
	b := &browser{}
	var out bytes.Buffer
	if err := run(t.Context(), &out, o, b.open); err != nil {
		t.Fatalf("run: %v\n%s", err, out.String())
	}
	if b.calls != 1 || b.status != http.StatusOK || b.redirect == nil {
		t.Fatalf("browser: %d calls, callback status %d, redirect %v", b.calls, b.status, b.redirect)
	}
	if b.redirect.Hostname() != "127.0.0.1" || b.redirect.Path != "/callback" {
		t.Errorf("redirected to %s, want the loopback callback", b.redirect)
	}
	code := b.redirect.Query().Get("code")

	if runtime.GOOS != "windows" {
		if m := mode(t, o.TokenFile); m != 0o600 {
			t.Errorf("token file mode %v, want 0600", m)
		}
	}
	raw, err := os.ReadFile(o.TokenFile)
	if err != nil {
		t.Fatal(err)
	}
	var tok oauth2.Token
	if err := json.Unmarshal(raw, &tok); err != nil {
		t.Fatalf("token file is not JSON: %v", err)
	}
	if tok.AccessToken == "" || tok.RefreshToken == "" || tok.Expiry.IsZero() {
		t.Fatalf("token file holds %s", raw)
	}
	// The file holds the exchanged token: its refresh token is the live one.
	if got := srv.Refreshes(); got != 0 {
		t.Errorf("%d refreshes, want 0", got)
	}
	cfg := srv.OAuth2Config("")
	stale := tok
	stale.Expiry = time.Now().Add(-time.Hour)
	if _, err := cfg.TokenSource(t.Context(), &stale).Token(); err != nil {
		t.Errorf("the saved refresh token does not work: %v", err)
	}
	if matches, _ := filepath.Glob(filepath.Join(filepath.Dir(o.TokenFile), ".*tmp*")); len(matches) > 0 {
		t.Errorf("temporary files left: %v", matches)
	}

	text := out.String()
	lines := strings.Split(strings.TrimSpace(text), "\n")
	if !strings.Contains(lines[0], "fake server") {
		t.Errorf("the example did not say it uses the fake server:\n%s", text)
	}
	if !strings.Contains(text, srv.URL+"/oauth/authorize?") {
		t.Errorf("no authorization URL printed:\n%s", text)
	}
	if n := strings.Count(text, "\n  20"); n != 7 {
		t.Errorf("%d day lines, want 7:\n%s", n, text)
	}
	today := time.Now().UTC().Format(time.DateOnly)
	if !strings.HasPrefix(strings.TrimSpace(lines[len(lines)-1]), today) {
		t.Errorf("last line should be today (%s):\n%s", today, text)
	}
	for _, secret := range []string{code, tok.AccessToken, tok.RefreshToken, ouratest.DefaultClientSecret} {
		if secret == "" || strings.Contains(text, secret) {
			t.Errorf("output shows a secret %q:\n%s", secret, text)
		}
	}
}

func TestRefusesAForgedState(t *testing.T) {
	t.Parallel()
	srv := ouratest.NewServer()
	defer srv.Close()
	o := testOptions(t, srv)
	b := &browser{rewrite: func(u *url.URL) {
		q := u.Query()
		q.Set("state", "forged")
		u.RawQuery = q.Encode()
	}}
	var out bytes.Buffer
	err := run(t.Context(), &out, o, b.open)
	if err == nil || !strings.Contains(err.Error(), "state") {
		t.Fatalf("got %v, want a state mismatch", err)
	}
	if b.status != http.StatusBadRequest {
		t.Errorf("callback status %d, want 400", b.status)
	}
	if _, err := os.Stat(o.TokenFile); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a token file was written: %v", err)
	}
	if srv.Refreshes() != 0 {
		t.Error("tokens were refreshed")
	}
}

func TestReportsARefusal(t *testing.T) {
	t.Parallel()
	srv := ouratest.NewServer()
	defer srv.Close()
	o := testOptions(t, srv)
	// An unknown scope makes the fake server redirect with an error.
	b := &browser{rewrite: func(u *url.URL) {
		q := u.Query()
		q.Set("scope", "everything")
		u.RawQuery = q.Encode()
	}}
	err := run(t.Context(), io.Discard, o, b.open)
	if err == nil || !strings.Contains(err.Error(), `"invalid_scope"`) {
		t.Fatalf("got %v, want the refusal", err)
	}
}

func TestStopsWaitingWhenCancelled(t *testing.T) {
	t.Parallel()
	srv := ouratest.NewServer()
	defer srv.Close()
	ctx, cancel := context.WithCancel(t.Context())
	// The user never comes back from the browser.
	err := run(ctx, io.Discard, testOptions(t, srv), func(string) error { cancel(); return nil })
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
}

func TestSaveTokenIsAtomicAndPrivate(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "tok.json")
	tok := &oauth2.Token{AccessToken: "a", RefreshToken: "r", TokenType: "Bearer", Expiry: time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)}
	for range 2 { // create, then replace
		if err := oura.SaveTokenFile(path, tok); err != nil {
			t.Fatal(err)
		}
	}
	raw, _ := os.ReadFile(path)
	var got oauth2.Token
	if err := json.Unmarshal(raw, &got); err != nil || got.AccessToken != "a" || got.RefreshToken != "r" || !got.Expiry.Equal(tok.Expiry) {
		t.Errorf("saved %s (%v)", raw, err)
	}
	if runtime.GOOS != "windows" && mode(t, path) != 0o600 {
		t.Errorf("mode %v", mode(t, path))
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("%d files in the directory, want 1", len(entries))
	}
	if err := oura.SaveTokenFile(filepath.Join(t.TempDir(), "missing", "tok.json"), tok); err == nil {
		t.Error("saving into a missing directory succeeded")
	}
}

func TestHelpAndBadFlags(t *testing.T) {
	t.Parallel()
	clitest.Help(t, cmd, mainErr, "-port", "-token-file")
	clitest.BadArgs(t, mainErr, nil, map[string][]string{
		"-port 70000":            {"-port", "70000"},
		"-token-file is empty":   {"-token-file", ""},
		"invalid value \"http\"": {"-port", "http"},
	})
}
