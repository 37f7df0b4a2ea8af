package oura

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
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
//
// Its TokenURL is LegacyTokenURL; ExchangeCode and the source of
// NewRotatingTokenSource fall back to PortalTokenURL for applications made
// on Oura's new developer portal (unless WithTokenURLs pins one).
var Endpoint = oauth2.Endpoint{
	AuthURL:   "https://cloud.ouraring.com/oauth/authorize",
	TokenURL:  LegacyTokenURL,
	AuthStyle: oauth2.AuthStyleInParams,
}

// Oura's two token endpoints. Applications registered on
// cloud.ouraring.com use LegacyTokenURL; those registered on the new
// developer portal (developer.ouraring.com) must use PortalTokenURL: the
// legacy one answers them 400 invalid_request.
const (
	LegacyTokenURL = "https://api.ouraring.com/oauth/token"
	PortalTokenURL = "https://moi.ouraring.com/oauth/v2/ext/oauth-token"
)

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

// expiryMargin is how long before its expiry a token is refreshed, at
// most: never more than half its lifetime, so a short-lived token is used
// for half its life, not refreshed on every call.
const expiryMargin = time.Minute

// TokenOption configures where NewRotatingTokenSource and ExchangeCode
// ask for tokens.
type TokenOption func(*tokenEndpoints) error

// WithTokenURLs sets the token endpoints, in order of preference, instead
// of cfg.Endpoint.TokenURL. A request goes to the endpoint in use, first
// the first; when it answers 400 invalid_request (which rejects a request
// without using its grant), the same request goes once to the next one,
// and the endpoint that worked is kept for later refreshes. One URL pins
// it: WithTokenURLs(oura.PortalTokenURL) for an application of the new
// developer portal. Without this option the endpoints are
// cfg.Endpoint.TokenURL, followed by PortalTokenURL when that is
// LegacyTokenURL.
func WithTokenURLs(urls ...string) TokenOption {
	return func(e *tokenEndpoints) error {
		if len(urls) == 0 {
			return errors.New("WithTokenURLs: no URL")
		}
		for _, u := range urls {
			if err := checkTokenURL(u); err != nil {
				return err
			}
		}
		e.urls = slices.Clone(urls)
		return nil
	}
}

// tokenEndpoints are the token endpoints to try and the one in use.
type tokenEndpoints struct {
	urls []string
	in   int // index in urls of the endpoint in use
}

// newTokenEndpoints returns cfg's endpoints, as opts change them.
func newTokenEndpoints(cfg *oauth2.Config, opts []TokenOption) (*tokenEndpoints, error) {
	if err := checkTokenURL(cfg.Endpoint.TokenURL); err != nil {
		return nil, err
	}
	e := &tokenEndpoints{urls: []string{cfg.Endpoint.TokenURL}}
	if cfg.Endpoint.TokenURL == LegacyTokenURL {
		e.urls = append(e.urls, PortalTokenURL)
	}
	for _, o := range opts {
		if o == nil {
			return nil, errors.New("nil option")
		}
		if err := o(e); err != nil {
			return nil, err
		}
	}
	return e, nil
}

// request sends the grant form to the endpoint in use, moving on to the
// next one after a 400 invalid_request, and keeping the one that answers.
func (e *tokenEndpoints) request(ctx context.Context, cfg *oauth2.Config, form url.Values) (*oauth2.Token, error) {
	for {
		t, err := tokenRequest(ctx, cfg, e.urls[e.in], form)
		var oe *OAuthError
		if e.in+1 < len(e.urls) && errors.As(err, &oe) && oe.StatusCode == http.StatusBadRequest && oe.Code == "invalid_request" {
			e.in++ // rejected unused: the same grant goes to the next endpoint
			continue
		}
		return t, err
	}
}

// ExchangeCode trades an authorization code for a token, as cfg.Exchange
// does, at the token endpoints NewRotatingTokenSource uses (falling back
// once from LegacyTokenURL to PortalTokenURL on 400 invalid_request, see
// WithTokenURLs), so applications of both developer portals work. The code
// is sent with cfg.RedirectURL, once per endpoint, never again after a
// server may have accepted it. ctx bounds the request (and may carry an
// oauth2.HTTPClient, made to follow no redirect). Errors are *OAuthError
// for error answers and never hold the code or the client secret.
func ExchangeCode(ctx context.Context, cfg *oauth2.Config, code string, opts ...TokenOption) (*oauth2.Token, error) {
	switch {
	case ctx == nil:
		return nil, fmt.Errorf("oura: ExchangeCode: nil context: %w", ErrInvalidArgument)
	case cfg == nil:
		return nil, fmt.Errorf("oura: ExchangeCode: nil config: %w", ErrInvalidArgument)
	case strings.TrimSpace(code) == "":
		return nil, fmt.Errorf("oura: ExchangeCode: empty code: %w", ErrInvalidArgument)
	}
	e, err := newTokenEndpoints(cfg, opts)
	if err != nil {
		return nil, fmt.Errorf("oura: ExchangeCode: %v: %w", err, ErrInvalidArgument)
	}
	form := url.Values{"grant_type": {"authorization_code"}, "code": {code}}
	if cfg.RedirectURL != "" {
		form.Set("redirect_uri", cfg.RedirectURL)
	}
	rctx, cancel := context.WithTimeout(withoutRedirects(ctx), refreshTimeout)
	defer cancel()
	t, err := e.request(rctx, cfg, form)
	if err != nil {
		return nil, fmt.Errorf("oura: exchanging the authorization code: %w", err)
	}
	return t, nil
}

// checkTokenURL accepts https, or http to a loopback host.
func checkTokenURL(raw string) error {
	if u, ok := parseHTTPURL(raw); !ok || !(u.Scheme == "https" || u.Scheme == "http" && isLoopback(u.Hostname())) {
		return errors.New("token URL must be https (or http to a loopback host), without query")
	}
	return nil
}

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
// source. Each refresh is bounded by 30 seconds and sent once: a refresh
// token a server may have accepted is never sent again (only a 400
// invalid_request moves it to the next endpoint, see WithTokenURLs). The
// client credentials go as form parameters, or with HTTP Basic auth when
// cfg.Endpoint.AuthStyle is AuthStyleInHeader. A token is refreshed a
// minute before it expires, or half its lifetime before when it lives less
// than two minutes. tok needs a refresh token; a token without expiry
// never expires. Printing the source shows no credentials.
func NewRotatingTokenSource(ctx context.Context, cfg *oauth2.Config, tok *oauth2.Token, save func(*oauth2.Token) error, opts ...TokenOption) (oauth2.TokenSource, error) {
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
	e, err := newTokenEndpoints(cfg, opts)
	if err != nil {
		return nil, fmt.Errorf("oura: NewRotatingTokenSource: %v: %w", err, ErrInvalidArgument)
	}
	t := *tok
	s := &rotatingSource{ctx: ctx, cfg: cfg, tok: &t, save: save, sem: make(chan struct{}, 1), ends: e, lifetime: lifetime(&t)}
	return s, nil
}

type rotatingSource struct {
	ctx  context.Context
	cfg  *oauth2.Config
	save func(*oauth2.Token) error

	sem      chan struct{} // held while reading or changing the token
	tok      *oauth2.Token // the current token; never handed out
	lifetime time.Duration // how long tok lived when it came
	unsaved  bool          // tok came from a refresh and save has not succeeded yet
	ends     *tokenEndpoints
}

// lifetime is how long t lives: its expires_in, or else what is left.
func lifetime(t *oauth2.Token) time.Duration {
	if t.ExpiresIn > 0 {
		return time.Duration(t.ExpiresIn) * time.Second
	}
	return time.Until(t.Expiry)
}

// fresh reports whether s.tok can be used: it does not expire within
// expiryMargin, or half its lifetime when that is shorter.
func (s *rotatingSource) fresh() bool {
	if s.tok.AccessToken == "" {
		return false
	}
	if s.tok.Expiry.IsZero() {
		return true
	}
	return time.Until(s.tok.Expiry) > min(expiryMargin, s.lifetime/2)
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
			return nil, fmt.Errorf("oura: saving the refreshed token (still unsaved, not used): %w", inner(err))
		}
		s.unsaved = false
	}
	if s.fresh() {
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
	form := url.Values{"grant_type": {"refresh_token"}, "refresh_token": {old.RefreshToken}}
	t, err := s.ends.request(rctx, s.cfg, form)
	if err != nil {
		return nil, fmt.Errorf("oura: refreshing the access token: %w", err)
	}
	if t.RefreshToken == "" {
		t.RefreshToken = old.RefreshToken // Oura kept it
	}
	// From here the old refresh token may be spent: t is the only copy.
	s.tok, s.unsaved, s.lifetime = t, true, lifetime(t)
	if err := s.save(clone(t)); err != nil {
		return nil, fmt.Errorf("oura: saving the refreshed token (kept in memory, not used): %w", inner(err))
	}
	s.unsaved = false
	return clone(t), nil
}

// tokenRequest sends one grant to a token endpoint, with cfg's client
// credentials, and returns the token it answers. It is sent once, never
// retried: the grant may be single-use. Its errors hold none of the
// credentials sent.
func tokenRequest(ctx context.Context, cfg *oauth2.Config, tokenURL string, form url.Values) (*oauth2.Token, error) {
	form = maps.Clone(form)
	sec := secrets{cfg.ClientSecret, form.Get("refresh_token"), form.Get("code")}
	path := tokenURL
	if u, err := url.Parse(tokenURL); err == nil {
		path = u.Path
	}
	basic := cfg.Endpoint.AuthStyle == oauth2.AuthStyleInHeader
	if !basic {
		form.Set("client_id", cfg.ClientID)
		form.Set("client_secret", cfg.ClientSecret)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, tokenURL, strings.NewReader(form.Encode()))
	if err != nil {
		return nil, scrub(err, tokenURL, sec)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", "oura-go/"+Version)
	if basic {
		req.SetBasicAuth(url.QueryEscape(cfg.ClientID), url.QueryEscape(cfg.ClientSecret))
	}
	sec = append(sec, secretsOf(req)...)
	hc, _ := ctx.Value(oauth2.HTTPClient).(*http.Client)
	if hc == nil {
		hc = noRedirects(nil)
	}
	resp, err := hc.Do(req)
	if err != nil {
		return nil, scrub(err, tokenURL, sec)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, newOAuthError(http.MethodPost, path, resp.StatusCode, body, sec)
	}
	// A 2xx may have spent a single-use grant: say so, and never retry.
	spent := func(why string) error {
		return fmt.Errorf("POST %s: %d: %s; the grant may have been used: %w", path, resp.StatusCode, why, ErrBadResponse)
	}
	if err != nil {
		return nil, spent("reading the answer failed: " + sec.redact(err.Error()))
	}
	var b struct {
		AccessToken  string          `json:"access_token"`
		TokenType    string          `json:"token_type"`
		RefreshToken string          `json:"refresh_token"`
		ExpiresIn    json.RawMessage `json:"expires_in"`
	}
	if err := json.Unmarshal(body, &b); err != nil {
		return nil, spent("the answer is not JSON")
	}
	if b.AccessToken == "" {
		return nil, spent("the answer holds no access_token")
	}
	t := &oauth2.Token{AccessToken: b.AccessToken, TokenType: cmp.Or(b.TokenType, "Bearer"), RefreshToken: b.RefreshToken}
	var extra map[string]any
	if json.Unmarshal(body, &extra) == nil {
		t = t.WithExtra(extra)
	}
	if n, err := strconv.ParseInt(strings.Trim(string(b.ExpiresIn), `"`), 10, 64); err == nil && n > 0 {
		t.ExpiresIn = n
		t.Expiry = time.Now().Add(time.Duration(n) * time.Second)
	}
	return t, nil
}

// refreshContext returns s.ctx with an HTTP client that follows no
// redirect.
func (s *rotatingSource) refreshContext() context.Context { return withoutRedirects(s.ctx) }

// withoutRedirects returns ctx with its oauth2.HTTPClient made to follow
// no redirect: a token request carries the client secret and a grant in
// its body, which net/http would resend on a 307 or 308.
func withoutRedirects(ctx context.Context) context.Context {
	given, _ := ctx.Value(oauth2.HTTPClient).(*http.Client)
	return context.WithValue(ctx, oauth2.HTTPClient, noRedirects(given))
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
