package ouratest

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/oauth2"

	"github.com/ringkit/oura-go/oura"
)

// noRedirects is an HTTP client that shows redirects instead of following them.
func noRedirects(s *Server) *http.Client {
	return &http.Client{
		Transport:     s.Client().Transport,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

const testRedirect = "http://127.0.0.1:9/callback?keep=1"

// authorize sends the authorization request of cfg and returns the answer.
func authorize(t *testing.T, s *Server, rawURL string) *http.Response {
	t.Helper()
	resp, err := noRedirects(s).Get(rawURL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp
}

// postToken posts a token request with form f and decodes the JSON answer.
func postToken(t *testing.T, s *Server, f url.Values) (int, map[string]any) {
	t.Helper()
	resp, err := s.Client().PostForm(s.URL+"/oauth/token", f)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, body
}

func TestAuthorizeRedirectsWithCodeAndState(t *testing.T) {
	t.Parallel()
	s := NewServer()
	defer s.Close()
	cfg := s.OAuth2Config(testRedirect)
	resp := authorize(t, s, cfg.AuthCodeURL("st+/= 1"))
	if resp.StatusCode != http.StatusFound {
		t.Fatalf("status %d, want 302", resp.StatusCode)
	}
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil {
		t.Fatal(err)
	}
	if got := loc.Scheme + "://" + loc.Host + loc.Path; got != "http://127.0.0.1:9/callback" {
		t.Errorf("redirected to %s", got)
	}
	q := loc.Query()
	code := q.Get("code")
	if code == "" {
		t.Fatalf("no code in %s", loc)
	}
	want := url.Values{"code": {code}, "state": {"st+/= 1"}, "keep": {"1"}}
	if diff := cmp.Diff(want, q); diff != "" {
		t.Errorf("redirect query (-want +got):\n%s", diff)
	}

	tok, err := cfg.Exchange(t.Context(), code)
	if err != nil {
		t.Fatal(err)
	}
	if tok.AccessToken == "" || tok.RefreshToken == "" || tok.TokenType != "bearer" || tok.ExpiresIn != 86400 {
		t.Errorf("token %+v", tok)
	}
	if d := time.Until(tok.Expiry); d < 23*time.Hour || d > 24*time.Hour {
		t.Errorf("expires in %s, want a day", d)
	}
	if got := tok.Extra("scope"); got != strings.Join(oura.AllScopes(), " ") {
		t.Errorf("scope %v", got)
	}
	if !s.acceptsToken(tok.AccessToken) {
		t.Error("the API does not accept the issued token")
	}
	// Codes are single-use.
	_, err = cfg.Exchange(t.Context(), code)
	var re *oauth2.RetrieveError
	if !errors.As(err, &re) || re.ErrorCode != "invalid_grant" || re.Response.StatusCode != 400 {
		t.Errorf("second exchange: got %v, want 400 invalid_grant", err)
	}
}

func TestAuthorizeRejectsBadRequests(t *testing.T) {
	t.Parallel()
	s := NewServer()
	defer s.Close()
	base := url.Values{
		"response_type": {"code"}, "client_id": {DefaultClientID}, "redirect_uri": {testRedirect},
		"scope": {"daily heartrate"}, "state": {"xyz"},
	}
	for _, tc := range []struct {
		name, key, value string
		status           int
		redirectError    string // the error sent back to the redirect URI
	}{
		{"unknown client", "client_id", "other", 400, ""},
		{"no redirect", "redirect_uri", "", 400, ""},
		{"relative redirect", "redirect_uri", "/callback", 400, ""},
		{"implicit flow", "response_type", "token", 302, "unsupported_response_type"},
		{"unknown scope", "scope", "daily sleep", 302, "invalid_scope"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			q := url.Values{}
			for k, v := range base {
				q[k] = v
			}
			q.Set(tc.key, tc.value)
			resp := authorize(t, s, s.URL+"/oauth/authorize?"+q.Encode())
			if resp.StatusCode != tc.status {
				t.Fatalf("status %d, want %d", resp.StatusCode, tc.status)
			}
			loc, _ := url.Parse(resp.Header.Get("Location"))
			if tc.redirectError == "" {
				if resp.Header.Get("Location") != "" {
					t.Errorf("redirected to %s", loc)
				}
				return
			}
			want := url.Values{"error": {tc.redirectError}, "state": {"xyz"}, "keep": {"1"}}
			if diff := cmp.Diff(want, loc.Query()); diff != "" {
				t.Errorf("redirect query (-want +got):\n%s", diff)
			}
		})
	}
	if n := len(s.auth().codes); n != 0 {
		t.Errorf("%d codes issued for bad requests", n)
	}
}

// code runs an authorization request and returns its code.
func code(t *testing.T, s *Server, cfg *oauth2.Config) string {
	t.Helper()
	resp := authorize(t, s, cfg.AuthCodeURL("s"))
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil || loc.Query().Get("code") == "" {
		t.Fatalf("no code: status %d, location %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	return loc.Query().Get("code")
}

func TestTokenEndpointChecksTheGrant(t *testing.T) {
	t.Parallel()
	s := NewServer(WithOAuthClient("app:1/é", "s3cr+t&=x"))
	defer s.Close()
	cfg := s.OAuth2Config(testRedirect)
	creds := url.Values{"client_id": {"app:1/é"}, "client_secret": {"s3cr+t&=x"}}
	with := func(kv ...string) url.Values {
		f := url.Values{}
		for k, v := range creds {
			f[k] = v
		}
		for i := 0; i < len(kv); i += 2 {
			if kv[i+1] == "" {
				f.Del(kv[i])
			} else {
				f.Set(kv[i], kv[i+1])
			}
		}
		return f
	}
	for _, tc := range []struct {
		name   string
		form   url.Values
		status int
		errTag string
	}{
		{"wrong secret", with("grant_type", "authorization_code", "code", code(t, s, cfg), "redirect_uri", testRedirect, "client_secret", "nope"), 401, "invalid_client"},
		{"no credentials", with("grant_type", "authorization_code", "code", code(t, s, cfg), "redirect_uri", testRedirect, "client_id", "", "client_secret", ""), 401, "invalid_client"},
		{"unknown code", with("grant_type", "authorization_code", "code", "nope", "redirect_uri", testRedirect), 400, "invalid_grant"},
		{"other redirect", with("grant_type", "authorization_code", "code", code(t, s, cfg), "redirect_uri", "http://127.0.0.1:9/other"), 400, "invalid_grant"},
		{"unknown refresh token", with("grant_type", "refresh_token", "refresh_token", "nope"), 400, "invalid_grant"},
		{"no grant type", with(), 400, "invalid_request"},
		{"password grant", with("grant_type", "password"), 400, "unsupported_grant_type"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, body := postToken(t, s, tc.form)
			if status != tc.status || body["error"] != tc.errTag {
				t.Errorf("got %d %v, want %d %s", status, body, tc.status, tc.errTag)
			}
		})
	}
	// The library's own requests, with credentials in the body and in a
	// Basic header (whose parts are form-encoded first).
	for _, style := range []oauth2.AuthStyle{oauth2.AuthStyleInParams, oauth2.AuthStyleInHeader} {
		cfg.Endpoint.AuthStyle = style
		if _, err := cfg.Exchange(t.Context(), code(t, s, cfg)); err != nil {
			t.Errorf("auth style %d: %v", style, err)
		}
	}
	if s.Refreshes() != 0 {
		t.Errorf("Refreshes() = %d, want 0", s.Refreshes())
	}
}

func TestRefreshTokensAreSingleUse(t *testing.T) {
	t.Parallel()
	s := NewServer(WithTokenLifetime(90 * time.Second))
	defer s.Close()
	first := s.IssueToken()
	if first.ExpiresIn != 90 {
		t.Errorf("IssueToken ExpiresIn = %d, want 90", first.ExpiresIn)
	}
	f := url.Values{
		"grant_type": {"refresh_token"}, "refresh_token": {first.RefreshToken},
		"client_id": {DefaultClientID}, "client_secret": {DefaultClientSecret},
	}
	status, body := postToken(t, s, f)
	if status != 200 {
		t.Fatalf("refresh: %d %v", status, body)
	}
	want := map[string]any{
		"access_token": body["access_token"], "refresh_token": body["refresh_token"],
		"token_type": "bearer", "expires_in": 90.0, "scope": strings.Join(oura.AllScopes(), " "),
	}
	if diff := cmp.Diff(want, body); diff != "" {
		t.Errorf("refresh answer (-want +got):\n%s", diff)
	}
	if body["access_token"] == first.AccessToken || body["refresh_token"] == first.RefreshToken {
		t.Error("the refresh returned the old tokens")
	}
	newAccess, _ := body["access_token"].(string)
	status, body = postToken(t, s, f)
	if status != 400 || body["error"] != "invalid_grant" {
		t.Errorf("reused refresh token: %d %v, want 400 invalid_grant", status, body)
	}
	if s.Refreshes() != 1 {
		t.Errorf("Refreshes() = %d, want 1", s.Refreshes())
	}
	// The old access token stays valid until it expires.
	if !s.acceptsToken(first.AccessToken) || !s.acceptsToken(newAccess) {
		t.Error("valid access tokens are refused")
	}
}

func TestConcurrentRefreshesOfOneTokenSucceedOnce(t *testing.T) {
	t.Parallel()
	s := NewServer()
	defer s.Close()
	tok := s.IssueToken()
	f := url.Values{
		"grant_type": {"refresh_token"}, "refresh_token": {tok.RefreshToken},
		"client_id": {DefaultClientID}, "client_secret": {DefaultClientSecret},
	}
	const n = 20
	statuses := make([]int, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			resp, err := s.Client().PostForm(s.URL+"/oauth/token", f)
			if err != nil {
				t.Error(err)
				return
			}
			resp.Body.Close()
			statuses[i] = resp.StatusCode
		})
	}
	wg.Wait()
	ok := 0
	for _, st := range statuses {
		if st == 200 {
			ok++
		} else if st != 400 {
			t.Errorf("status %d", st)
		}
	}
	if ok != 1 || s.Refreshes() != 1 {
		t.Errorf("%d successes, %d refreshes; want 1 each", ok, s.Refreshes())
	}
}

func TestRevokeEndsTheGrant(t *testing.T) {
	t.Parallel()
	s := NewServer()
	defer s.Close()
	for _, method := range []string{http.MethodGet, http.MethodPost} {
		tok := s.IssueToken()
		if !s.acceptsToken(tok.AccessToken) {
			t.Fatal("fresh token refused")
		}
		req, _ := http.NewRequest(method, s.URL+"/oauth/revoke?access_token="+url.QueryEscape(tok.AccessToken), nil)
		resp, err := s.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Fatalf("%s revoke: status %d", method, resp.StatusCode)
		}
		if s.acceptsToken(tok.AccessToken) {
			t.Errorf("%s: revoked token still accepted", method)
		}
		status, body := postToken(t, s, url.Values{
			"grant_type": {"refresh_token"}, "refresh_token": {tok.RefreshToken},
			"client_id": {DefaultClientID}, "client_secret": {DefaultClientSecret},
		})
		if status != 400 || body["error"] != "invalid_grant" {
			t.Errorf("%s: refresh after revocation: %d %v", method, status, body)
		}
	}
	// Server.Token can be revoked too; a missing token is an error.
	if err := oura.RevokeToken(t.Context(), s.Client(), s.URL+"/oauth/revoke", s.Token); err != nil {
		t.Fatal(err)
	}
	if s.acceptsToken(s.Token) {
		t.Error("revoked Server.Token still accepted")
	}
	resp, err := s.Client().Get(s.URL + "/oauth/revoke")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 400 {
		t.Errorf("revoke without token: status %d", resp.StatusCode)
	}
}

func TestAcceptedTokens(t *testing.T) {
	t.Parallel()
	s := NewServer()
	defer s.Close()
	other := NewServer()
	defer other.Close()
	tok := s.IssueToken()
	stale := s.IssueToken()
	a := s.auth()
	a.mu.Lock()
	a.access[stale.AccessToken].expiry = time.Now().Add(-time.Second)
	a.mu.Unlock()
	for _, tc := range []struct {
		name string
		s    *Server
		tok  string
		want bool
	}{
		{"Server.Token", s, s.Token, true},
		{"issued", s, tok.AccessToken, true},
		{"expired", s, stale.AccessToken, false},
		{"refresh token", s, tok.RefreshToken, false},
		{"empty", s, "", false},
		{"another server's", other, tok.AccessToken, false},
	} {
		if got := tc.s.acceptsToken(tc.tok); got != tc.want {
			t.Errorf("%s: accepted %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestIssuedTokensAreDistinctAndNeedEscaping(t *testing.T) {
	t.Parallel()
	s := NewServer()
	defer s.Close()
	seen := map[string]bool{}
	escaped := false
	for range 20 {
		tok := s.IssueToken()
		for _, v := range []string{tok.AccessToken, tok.RefreshToken} {
			if seen[v] {
				t.Fatalf("credential %q issued twice", v)
			}
			seen[v] = true
			escaped = escaped || url.QueryEscape(v) != v
		}
	}
	if !escaped {
		t.Error("no issued credential needs URL escaping; the tests of encoding would prove nothing")
	}
}

func TestDefaultsAndConfig(t *testing.T) {
	t.Parallel()
	s := NewServer()
	defer s.Close()
	cfg := s.OAuth2Config("http://127.0.0.1:1/cb")
	want := &oauth2.Config{
		ClientID: DefaultClientID, ClientSecret: DefaultClientSecret, RedirectURL: "http://127.0.0.1:1/cb",
		Endpoint: oauth2.Endpoint{AuthURL: s.URL + "/oauth/authorize", TokenURL: s.URL + "/oauth/token", AuthStyle: oauth2.AuthStyleInParams},
		Scopes:   oura.AllScopes(),
	}
	if diff := cmp.Diff(want, cfg, cmp.Comparer(func(a, b *oauth2.Config) bool {
		return a.ClientID == b.ClientID && a.ClientSecret == b.ClientSecret && a.RedirectURL == b.RedirectURL &&
			a.Endpoint == b.Endpoint && cmp.Equal(a.Scopes, b.Scopes)
	})); diff != "" {
		t.Errorf("config (-want +got):\n%s", diff)
	}
	if tok := s.IssueToken(); tok.ExpiresIn != int64(DefaultTokenLifetime/time.Second) || tok.TokenType != "Bearer" {
		t.Errorf("IssueToken: %+v", tok)
	}
	resp, err := s.Client().Get(s.URL + "/oauth/nope")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 404 {
		t.Errorf("unknown OAuth path: %d %s", resp.StatusCode, b)
	}
}

// TestTheAPIAcceptsIssuedTokens needs the Server's bearer check to ask
// acceptsToken.
func TestTheAPIAcceptsIssuedTokens(t *testing.T) {
	t.Parallel()
	s := NewServer()
	defer s.Close()
	tok := s.IssueToken()
	c, err := oura.NewClient(oura.WithBaseURL(s.URL), oura.WithHTTPClient(s.Client()),
		oura.WithTokenSource(oauth2.StaticTokenSource(tok)), oura.WithRetry(oura.RetryPolicy{MaxAttempts: 1}))
	if err != nil {
		t.Fatal(err)
	}
	d := oura.NewDate(2024, time.March, 1)
	if _, err := c.DailySleep(t.Context(), d, d); err != nil {
		t.Fatalf("issued token: %v", err)
	}
	if err := oura.RevokeToken(t.Context(), s.Client(), s.URL+"/oauth/revoke", tok.AccessToken); err != nil {
		t.Fatal(err)
	}
	if _, err := c.DailySleep(t.Context(), d, d); !errors.Is(err, oura.ErrUnauthorized) {
		t.Fatalf("revoked token: got %v, want ErrUnauthorized", err)
	}
	// Server.Token still works.
	c2, _ := s.NewClient()
	if _, err := c2.DailySleep(t.Context(), d, d); err != nil {
		t.Fatalf("Server.Token: %v", err)
	}
}
