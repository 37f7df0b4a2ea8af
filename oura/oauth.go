package oura

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"golang.org/x/oauth2"
)

// Endpoint is Oura's OAuth2 endpoint (authorization-code flow), described at
// https://cloud.ouraring.com/docs/authentication.
//
// Oura takes the client credentials as form parameters, as its token
// examples send them. Naming the style also stops golang.org/x/oauth2 from
// probing (one try per style), which could send a single-use refresh token
// twice.
var Endpoint = oauth2.Endpoint{
	AuthURL:   "https://cloud.ouraring.com/oauth/authorize",
	TokenURL:  "https://api.ouraring.com/oauth/token",
	AuthStyle: oauth2.AuthStyleInParams,
}

// RevokeURL is Oura's token revocation endpoint, for RevokeToken.
const RevokeURL = "https://api.ouraring.com/oauth/revoke"

// OAuth2 scopes an application can ask a user for. See
// https://cloud.ouraring.com/docs/authentication.
const (
	ScopeEmail       = "email"        // the user's email address
	ScopePersonal    = "personal"     // personal info: age, sex, height, weight
	ScopeDaily       = "daily"        // daily sleep, activity and readiness
	ScopeHeartRate   = "heartrate"    // the heart-rate time series
	ScopeWorkout     = "workout"      // workouts
	ScopeTag         = "tag"          // tags
	ScopeSession     = "session"      // sessions
	ScopeSpO2        = "spo2"         // SpO2 averages during sleep
	ScopeHeartHealth = "heart_health" // heart-health data
)

var allScopes = []string{
	ScopeEmail, ScopePersonal, ScopeDaily, ScopeHeartRate, ScopeWorkout,
	ScopeTag, ScopeSession, ScopeSpO2, ScopeHeartHealth,
}

// AllScopes returns every scope Oura defines, in a fixed order.
func AllScopes() []string { return slices.Clone(allScopes) }

// OAuth2Config returns the configuration of an Oura API application for
// the authorization-code flow (https://cloud.ouraring.com/docs/authentication).
// redirectURL must be one registered for the application; it may be empty
// when the application has a single one (Oura then uses it) or the
// configuration only refreshes tokens. Without scopes it asks for
// AllScopes. Bad input is an error wrapping ErrInvalidArgument; errors
// never contain the secret.
func OAuth2Config(clientID, clientSecret, redirectURL string, scopes ...string) (*oauth2.Config, error) {
	switch {
	case strings.TrimSpace(clientID) == "":
		return nil, fmt.Errorf("oura: OAuth2Config: empty client id: %w", ErrInvalidArgument)
	case strings.ContainsFunc(clientID, isSpaceOrControl):
		return nil, fmt.Errorf("oura: OAuth2Config: client id contains white space or control characters: %w", ErrInvalidArgument)
	case strings.TrimSpace(clientSecret) == "":
		return nil, fmt.Errorf("oura: OAuth2Config: empty client secret: %w", ErrInvalidArgument)
	case strings.ContainsFunc(clientSecret, isSpaceOrControl):
		return nil, fmt.Errorf("oura: OAuth2Config: client secret contains white space or control characters: %w", ErrInvalidArgument)
	}
	if redirectURL != "" {
		if err := checkRedirectURL(redirectURL); err != nil {
			return nil, fmt.Errorf("oura: OAuth2Config: %v: %w", err, ErrInvalidArgument)
		}
	}
	if len(scopes) == 0 {
		scopes = allScopes
	}
	var want []string
	for _, sc := range scopes {
		if !slices.Contains(allScopes, sc) {
			return nil, fmt.Errorf("oura: OAuth2Config: unknown scope %q: %w", sc, ErrInvalidArgument)
		}
		if !slices.Contains(want, sc) {
			want = append(want, sc)
		}
	}
	return &oauth2.Config{
		ClientID:     clientID,
		ClientSecret: clientSecret,
		Endpoint:     Endpoint,
		RedirectURL:  redirectURL,
		Scopes:       want,
	}, nil
}

// checkRedirectURL accepts an absolute URL without fragment or user info;
// http(s) URLs need a host.
func checkRedirectURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || strings.ContainsFunc(raw, isSpaceOrControl) {
		return fmt.Errorf("redirect URL %q is not a URL", raw)
	}
	web := u.Scheme == "http" || u.Scheme == "https"
	if u.Scheme == "" || u.Fragment != "" || u.User != nil || (web && u.Host == "") {
		return fmt.Errorf("redirect URL %q must be absolute, with a host for http(s), and without fragment or user info", u.Redacted())
	}
	return nil
}

// expiryMargin is how long before its expiry a token is refreshed.
const expiryMargin = time.Minute

// NewRotatingTokenSource returns a token source for one user that
// refreshes tok with cfg as it expires and persists every refreshed token
// with save before returning it
// (https://cloud.ouraring.com/docs/authentication).
//
// Oura's refresh tokens are single-use: each refresh returns a new one and
// the old one stops working. So save runs before a new token is used; if it
// fails, Token returns an error wrapping save's error, keeps the new token
// in memory unused, and tries save again on the next call. A refresh token
// Oura no longer accepts (spent or revoked) gives an error matching
// ErrUnauthorized: the user must authorize the application again.
//
// The source is safe for concurrent use and sends one refresh at a time;
// a Client waiting for it gives up when its request's context ends. save
// runs while the source is locked: it must not call Token. ctx is used for
// the refresh requests (and, through oauth2.HTTPClient, chooses their HTTP
// client, which is made to follow no redirect); it must outlive the
// source. Each refresh is bounded by 30 seconds. cfg should name its
// AuthStyle, as OAuth2Config's does. tok needs a refresh token; a token
// without expiry never expires. Printing the source shows no credentials.
func NewRotatingTokenSource(ctx context.Context, cfg *oauth2.Config, tok *oauth2.Token, save func(*oauth2.Token) error) (oauth2.TokenSource, error) {
	switch {
	case ctx == nil:
		return nil, fmt.Errorf("oura: NewRotatingTokenSource: nil context: %w", ErrInvalidArgument)
	case cfg == nil:
		return nil, fmt.Errorf("oura: NewRotatingTokenSource: nil config: %w", ErrInvalidArgument)
	case cfg.Endpoint.TokenURL == "":
		return nil, fmt.Errorf("oura: NewRotatingTokenSource: config without token URL: %w", ErrInvalidArgument)
	case tok == nil:
		return nil, fmt.Errorf("oura: NewRotatingTokenSource: nil token: %w", ErrInvalidArgument)
	case tok.RefreshToken == "":
		return nil, fmt.Errorf("oura: NewRotatingTokenSource: token without refresh token: %w", ErrInvalidArgument)
	case save == nil:
		return nil, fmt.Errorf("oura: NewRotatingTokenSource: nil save function: %w", ErrInvalidArgument)
	}
	if u, err := url.Parse(cfg.Endpoint.TokenURL); err != nil || !(u.Scheme == "https" || u.Scheme == "http" && isLoopback(u.Hostname())) {
		return nil, fmt.Errorf("oura: NewRotatingTokenSource: token URL must be https (or http to a loopback host): %w", ErrInvalidArgument)
	}
	t := *tok
	return &rotatingSource{ctx: ctx, cfg: cfg, tok: &t, save: save, sem: make(chan struct{}, 1)}, nil
}

type rotatingSource struct {
	ctx  context.Context
	cfg  *oauth2.Config
	save func(*oauth2.Token) error

	sem     chan struct{} // held while reading or changing the token
	tok     *oauth2.Token // the current token; never handed out
	unsaved bool          // tok came from a refresh and save has not succeeded yet
}

// refreshTimeout bounds one refresh. A refresh runs to its end even when
// the caller that started it gives up, so its rotated token is saved.
const refreshTimeout = 30 * time.Second

// Token returns a valid access token, refreshing and saving it first when
// it is about to expire.
func (s *rotatingSource) Token() (*oauth2.Token, error) { return s.tokenContext(context.Background()) }

// tokenContext is Token, giving up when ctx ends. A refresh it started
// goes on without it, to its end, so its rotated token is saved.
func (s *rotatingSource) tokenContext(ctx context.Context) (*oauth2.Token, error) {
	select {
	case s.sem <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	if s.unsaved {
		if err := s.save(clone(s.tok)); err != nil {
			<-s.sem
			return nil, fmt.Errorf("oura: saving the refreshed token (still unsaved, not used): %w", err)
		}
		s.unsaved = false
	}
	if s.tok.AccessToken != "" && (s.tok.Expiry.IsZero() || time.Until(s.tok.Expiry) > expiryMargin) {
		t := clone(s.tok)
		<-s.sem
		return t, nil
	}
	type result struct {
		tok *oauth2.Token
		err error
	}
	done := make(chan result, 1)
	go func() {
		defer func() { <-s.sem }()
		t, err := s.refresh()
		done <- result{t, err}
	}()
	select {
	case r := <-done:
		return r.tok, r.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// refresh gets a new token with the refresh token and saves it before
// returning it. The caller holds s.sem.
func (s *rotatingSource) refresh() (*oauth2.Token, error) {
	old := s.tok
	rctx, cancel := context.WithTimeout(s.refreshContext(), refreshTimeout)
	defer cancel()
	// A token without access token is always refreshed: exactly one request.
	t, err := s.cfg.TokenSource(rctx, &oauth2.Token{RefreshToken: old.RefreshToken}).Token()
	if err != nil {
		return nil, tokenError(err, s.cfg.Endpoint.TokenURL, old.RefreshToken, s.cfg.ClientSecret)
	}
	t = clone(t)
	if t.RefreshToken == "" {
		t.RefreshToken = old.RefreshToken // Oura kept it
	}
	// From here the old refresh token may be spent: t is the only copy.
	s.tok, s.unsaved = t, true
	if err := s.save(clone(t)); err != nil {
		return nil, fmt.Errorf("oura: saving the refreshed token (kept in memory, not used): %w", err)
	}
	s.unsaved = false
	return clone(t), nil
}

// refreshContext returns s.ctx with an HTTP client that follows no
// redirect: a refresh request carries the client secret and the refresh
// token in its body, which net/http would resend on a 307 or 308.
func (s *rotatingSource) refreshContext() context.Context {
	given, _ := s.ctx.Value(oauth2.HTTPClient).(*http.Client)
	return context.WithValue(s.ctx, oauth2.HTTPClient, noRedirects(given))
}

// clone returns a copy of t, so callers cannot change the source's token.
func clone(t *oauth2.Token) *oauth2.Token {
	c := *t
	return &c
}

// String describes the source without its credentials.
func (s *rotatingSource) String() string { return "oura.RotatingTokenSource{credentials hidden}" }

// GoString is String, so %#v prints no credentials either.
func (s *rotatingSource) GoString() string { return s.String() }

// Format prints the source without credentials for every verb.
func (s *rotatingSource) Format(f fmt.State, verb rune) { io.WriteString(f, s.String()) }

// OAuthError is an error answer from one of Oura's OAuth2 endpoints (token
// or revocation). Match its kind with errors.Is: a spent, revoked or
// unknown refresh token (invalid_grant) and rejected client credentials
// match ErrUnauthorized; other kinds map as for APIError.
type OAuthError struct {
	StatusCode  int    // HTTP status code
	Method      string // request method
	Path        string // request path, without the query
	Code        string // the OAuth2 error code, such as "invalid_grant", if any
	Description string // Oura's explanation, if any
}

// Error describes e; it never holds a token or secret.
func (e *OAuthError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s: %d %s", e.Method, e.Path, e.StatusCode, http.StatusText(e.StatusCode))
	if e.Code != "" {
		b.WriteString(": ")
		b.WriteString(e.Code)
	}
	if e.Description != "" {
		b.WriteString(": ")
		b.WriteString(e.Description)
	}
	return b.String()
}

// Is reports whether target is the sentinel error for e's code or status.
func (e *OAuthError) Is(target error) bool {
	switch e.Code {
	case "invalid_grant", "invalid_client", "unauthorized_client", "invalid_token":
		return target == ErrUnauthorized
	case "access_denied", "insufficient_scope":
		return target == ErrForbidden
	case "invalid_request", "invalid_scope", "unsupported_grant_type", "unsupported_response_type", "unsupported_token_type":
		return target == ErrValidation
	case "server_error", "temporarily_unavailable":
		return target == ErrServer
	}
	return (&APIError{StatusCode: e.StatusCode}).Is(target)
}

// newOAuthError reads an OAuth2 error body ({"error", "error_description"}
// or Oura's {"detail"}), removing the secrets from what it keeps.
func newOAuthError(method, path string, status int, body []byte, secrets secrets) *OAuthError {
	e := &OAuthError{StatusCode: status, Method: method, Path: path}
	body = []byte(secrets.redact(string(body)))
	var b struct {
		Error       string `json:"error"`
		Description string `json:"error_description"`
	}
	if json.Unmarshal(body, &b) == nil && (b.Error != "" || b.Description != "") {
		e.Code, e.Description = short(b.Error), short(b.Description)
	} else {
		e.Description, _ = parseErrorBody(body)
	}
	e.Code, e.Description = secrets.redact(e.Code), secrets.redact(e.Description)
	return e
}

// tokenError describes a failed refresh without the refresh token or the
// client secret.
func tokenError(err error, tokenURL string, sec ...string) error {
	secrets := secrets(sec)
	path := "/oauth/token"
	if u, perr := url.Parse(tokenURL); perr == nil {
		path = u.Path
	}
	var re *oauth2.RetrieveError
	if errors.As(err, &re) {
		status := 0
		if re.Response != nil {
			status = re.Response.StatusCode
		}
		e := newOAuthError(http.MethodPost, path, status, re.Body, secrets)
		if e.Code == "" {
			e.Code = secrets.redact(short(re.ErrorCode))
		}
		return fmt.Errorf("oura: refreshing the access token: %w", e)
	}
	return fmt.Errorf("oura: refreshing the access token: %w", scrub(err, tokenURL, secrets))
}

// RevokeToken revokes an OAuth2 access token
// (https://cloud.ouraring.com/docs/authentication): one GET to
// endpoint?access_token=token, with no credentials and no body. endpoint
// is RevokeURL, or another server's address in tests; plain http is
// accepted only for a loopback host. A nil hc means http.DefaultClient;
// redirects are not followed. A 2xx answer is success; others are
// *OAuthError. No error contains the token.
func RevokeToken(ctx context.Context, hc *http.Client, endpoint, token string) error {
	switch {
	case ctx == nil:
		return fmt.Errorf("oura: RevokeToken: nil context: %w", ErrInvalidArgument)
	case strings.TrimSpace(token) == "":
		return fmt.Errorf("oura: RevokeToken: empty token: %w", ErrInvalidArgument)
	}
	u, ok := parseHTTPURL(endpoint)
	if !ok {
		return fmt.Errorf("oura: RevokeToken: endpoint %q must be an absolute http(s) URL with a host and no query: %w", endpoint, ErrInvalidArgument)
	}
	if u.Scheme == "http" && !isLoopback(u.Hostname()) {
		return fmt.Errorf("oura: RevokeToken: refusing to send a token over plain http to %s: %w", u.Host, ErrInvalidArgument)
	}
	plain := u.String()
	u.RawQuery = url.Values{"access_token": {token}}.Encode()

	c := noRedirects(hc)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return fmt.Errorf("oura: RevokeToken: %w", scrub(err, plain, secrets{token}))
	}
	req.Header.Set("User-Agent", "oura-go/"+Version)
	resp, err := c.Do(req)
	if err != nil {
		return fmt.Errorf("oura: RevokeToken: %w", scrub(err, plain, secrets{token}))
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return fmt.Errorf("oura: RevokeToken: %w", newOAuthError(http.MethodGet, u.Path, resp.StatusCode, body, secrets{token}))
	}
	return nil
}

// scrub puts safeURL in place of the URL of a *url.Error and, should the
// message still hold a secret, replaces the error with a redacted copy that
// keeps matching context errors.
func scrub(err error, safeURL string, secrets secrets) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		ue.URL = safeURL
	}
	return secrets.redactError(err)
}

