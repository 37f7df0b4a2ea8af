package ouratest

import (
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"hash/fnv"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"golang.org/x/oauth2"

	"github.com/ringkit/oura-go/oura"
)

// Defaults of the fake authorization server.
const (
	DefaultClientID      = "ouratest-client"
	DefaultClientSecret  = "ouratest-secret"
	DefaultTokenLifetime = 24 * time.Hour
)

// WithOAuthClient sets the client id and secret the fake authorization
// server accepts (DefaultClientID and DefaultClientSecret otherwise).
func WithOAuthClient(id, secret string) Option {
	return func(s *Server) {
		a := s.auth()
		a.mu.Lock()
		a.clientID, a.clientSecret = id, secret
		a.mu.Unlock()
	}
}

// WithTokenLifetime sets how long the access tokens the server issues last
// (their expires_in), at least a second; DefaultTokenLifetime otherwise.
func WithTokenLifetime(d time.Duration) Option {
	return func(s *Server) {
		a := s.auth()
		a.mu.Lock()
		a.lifetime = max(d, time.Second)
		a.mu.Unlock()
	}
}

// WithNewPortalApp makes the application one registered on Oura's new
// developer portal: its grants work only at the new-portal token endpoint
// (PortalTokenURL), and the legacy one (/oauth/token) answers them
// 400 invalid_request, as Oura does. Without it the application is a
// legacy one, which the new-portal endpoint refuses the same way.
func WithNewPortalApp() Option {
	return func(s *Server) {
		a := s.auth()
		a.mu.Lock()
		a.portal = true
		a.mu.Unlock()
	}
}

// PortalTokenURL is the server's new-portal token endpoint, the fake
// oura.PortalTokenURL; OAuth2Config's TokenURL is its legacy one. Pass
// both to oura.WithTokenURLs to fall back as with Oura's.
func (s *Server) PortalTokenURL() string { return s.URL + portalTokenPath }

const portalTokenPath = "/oauth/v2/ext/oauth-token"

// OAuth2Config returns a configuration for the server's fake authorization
// endpoints, with its client credentials and every scope.
func (s *Server) OAuth2Config(redirectURL string) *oauth2.Config {
	a := s.auth()
	a.mu.Lock()
	defer a.mu.Unlock()
	return &oauth2.Config{
		ClientID:     a.clientID,
		ClientSecret: a.clientSecret,
		Endpoint: oauth2.Endpoint{
			AuthURL:   s.URL + "/oauth/authorize",
			TokenURL:  s.URL + "/oauth/token",
			AuthStyle: oauth2.AuthStyleInParams,
		},
		RedirectURL: redirectURL,
		Scopes:      oura.AllScopes(),
	}
}

// IssueToken returns a fresh access and refresh token pair for every
// scope, as if a user had authorized the application.
func (s *Server) IssueToken() *oauth2.Token {
	a := s.auth()
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.issue(a.clientID, strings.Join(oura.AllScopes(), " "))
}

// Refreshes returns how many refresh_token grants have succeeded.
func (s *Server) Refreshes() int {
	a := s.auth()
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.refreshes
}

// acceptsToken reports whether the API accepts bearer token tok: the
// server's Token or an access token it issued that has not expired, unless
// it was revoked.
func (s *Server) acceptsToken(tok string) bool {
	if tok == "" {
		return false
	}
	a := s.auth()
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.revoked[tok] {
		return false
	}
	if tok == s.Token {
		return true
	}
	at, ok := a.access[tok]
	return ok && time.Now().Before(at.expiry)
}

// authServer is the state of a Server's fake authorization server.
type authServer struct {
	mu                     sync.Mutex
	clientID, clientSecret string
	lifetime               time.Duration
	seq                    uint64
	codes                  map[string]*codeGrant
	access                 map[string]*accessGrant
	refresh                map[string]*refreshGrant
	revoked                map[string]bool // revoked access tokens
	refreshes              int
	portal                 bool // a new-portal application
}

type codeGrant struct {
	clientID, redirectURI, scope string
	used                         bool
}

type accessGrant struct {
	expiry  time.Time
	refresh string // issued with it
}

type refreshGrant struct {
	clientID, scope string
	used, revoked   bool
}

func newAuthServer() *authServer {
	return &authServer{
		clientID:     DefaultClientID,
		clientSecret: DefaultClientSecret,
		lifetime:     DefaultTokenLifetime,
		codes:        map[string]*codeGrant{},
		access:       map[string]*accessGrant{},
		refresh:      map[string]*refreshGrant{},
		revoked:      map[string]bool{},
	}
}

// auth returns s's authorization server state.
func (s *Server) auth() *authServer { return s.oauth }

// secret returns a new deterministic credential of kind; like Oura's, it
// may contain '+', '/' and '='. a.mu is held.
func (a *authServer) secret(kind string) string {
	a.seq++
	h := fnv.New64a()
	fmt.Fprintf(h, "%s/%d", kind, a.seq)
	return fmt.Sprintf("ouratest-%s-%d-%s", kind, a.seq, base64.StdEncoding.EncodeToString(h.Sum(nil)))
}

// issue creates an access and refresh token pair; a.mu is held.
func (a *authServer) issue(clientID, scope string) *oauth2.Token {
	at, rt := a.secret("access"), a.secret("refresh")
	exp := time.Now().Add(a.lifetime)
	a.access[at] = &accessGrant{expiry: exp, refresh: rt}
	a.refresh[rt] = &refreshGrant{clientID: clientID, scope: scope}
	return &oauth2.Token{
		AccessToken:  at,
		TokenType:    "Bearer",
		RefreshToken: rt,
		Expiry:       exp,
		ExpiresIn:    int64(a.lifetime / time.Second),
	}
}

// serveOAuth serves Oura's OAuth2 endpoints under /oauth/.
func (s *Server) serveOAuth(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case "/oauth/authorize":
		s.serveAuthorize(w, r)
	case "/oauth/token", portalTokenPath:
		s.serveToken(w, r)
	case "/oauth/revoke":
		s.serveRevoke(w, r)
	default:
		writeError(w, http.StatusNotFound, "Not Found")
	}
}

func oauthError(w http.ResponseWriter, status int, code, description string) {
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, status, map[string]string{"error": code, "error_description": description})
}

// serveAuthorize approves every valid request at once: it redirects to
// redirect_uri with a single-use code and the request's state.
func (s *Server) serveAuthorize(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet {
		writeError(w, http.StatusMethodNotAllowed, "Method Not Allowed")
		return
	}
	q := r.URL.Query()
	a := s.auth()
	a.mu.Lock()
	defer a.mu.Unlock()
	// Errors about the client or the redirect URI are not redirected.
	if q.Get("client_id") != a.clientID {
		oauthError(w, http.StatusBadRequest, "invalid_request", "unknown client_id")
		return
	}
	redirect, err := url.Parse(q.Get("redirect_uri"))
	if err != nil || (redirect.Scheme != "http" && redirect.Scheme != "https") || redirect.Host == "" || redirect.Fragment != "" {
		oauthError(w, http.StatusBadRequest, "invalid_request", "redirect_uri must be an absolute http(s) URL")
		return
	}
	back := func(params url.Values) {
		if st := q.Get("state"); st != "" {
			params.Set("state", st)
		}
		rq := redirect.Query()
		for k, v := range params {
			rq[k] = v
		}
		u := *redirect
		u.RawQuery = rq.Encode()
		http.Redirect(w, r, u.String(), http.StatusFound)
	}
	if q.Get("response_type") != "code" {
		back(url.Values{"error": {"unsupported_response_type"}})
		return
	}
	scopes := strings.Fields(q.Get("scope"))
	if len(scopes) == 0 {
		scopes = oura.AllScopes()
	}
	for _, sc := range scopes {
		if !slices.Contains(oura.AllScopes(), sc) {
			back(url.Values{"error": {"invalid_scope"}})
			return
		}
	}
	code := a.secret("code")
	a.codes[code] = &codeGrant{clientID: a.clientID, redirectURI: q.Get("redirect_uri"), scope: strings.Join(scopes, " ")}
	back(url.Values{"code": {code}})
}

// serveToken answers the authorization_code and refresh_token grants.
// Client credentials come as form parameters or with HTTP Basic auth.
func (s *Server) serveToken(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		writeError(w, http.StatusMethodNotAllowed, "Method Not Allowed")
		return
	}
	if err := r.ParseForm(); err != nil {
		oauthError(w, http.StatusBadRequest, "invalid_request", "malformed form body")
		return
	}
	f := r.PostForm
	id, secret := f.Get("client_id"), f.Get("client_secret")
	if bid, bsecret, ok := r.BasicAuth(); ok {
		// RFC 6749 2.3.1: both parts are form-encoded first.
		bid, err1 := url.QueryUnescape(bid)
		bsecret, err2 := url.QueryUnescape(bsecret)
		if err1 != nil || err2 != nil || (id != "" && id != bid) || (secret != "" && secret != bsecret) {
			oauthError(w, http.StatusBadRequest, "invalid_request", "conflicting client credentials")
			return
		}
		id, secret = bid, bsecret
	}
	a := s.auth()
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.portal != (r.URL.Path == portalTokenPath) {
		// What Oura answers an application at the other portal's endpoint.
		oauthError(w, http.StatusBadRequest, "invalid_request", "invalid request")
		return
	}
	if id != a.clientID || subtle.ConstantTimeCompare([]byte(secret), []byte(a.clientSecret)) != 1 {
		oauthError(w, http.StatusUnauthorized, "invalid_client", "unknown client or wrong secret")
		return
	}
	var tok *oauth2.Token
	var scope string
	switch f.Get("grant_type") {
	case "authorization_code":
		g := a.codes[f.Get("code")]
		if g == nil || g.used || g.clientID != id {
			oauthError(w, http.StatusBadRequest, "invalid_grant", "unknown or used authorization code")
			return
		}
		g.used = true
		if f.Get("redirect_uri") != g.redirectURI {
			oauthError(w, http.StatusBadRequest, "invalid_grant", "redirect_uri does not match the authorization request")
			return
		}
		scope = g.scope
		tok = a.issue(id, scope)
	case "refresh_token":
		g := a.refresh[f.Get("refresh_token")]
		if g == nil || g.used || g.revoked || g.clientID != id {
			oauthError(w, http.StatusBadRequest, "invalid_grant", "unknown, used or revoked refresh token")
			return
		}
		g.used = true
		a.refreshes++
		scope = g.scope
		tok = a.issue(id, scope)
	case "":
		oauthError(w, http.StatusBadRequest, "invalid_request", "missing grant_type")
		return
	default:
		oauthError(w, http.StatusBadRequest, "unsupported_grant_type", "unsupported grant_type")
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, map[string]any{
		"access_token":  tok.AccessToken,
		"token_type":    "bearer",
		"expires_in":    tok.ExpiresIn,
		"refresh_token": tok.RefreshToken,
		"scope":         scope,
	})
}

// serveRevoke revokes the access token in the access_token parameter and
// the refresh token issued with it. Unknown tokens are accepted too.
func (s *Server) serveRevoke(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodPost {
		writeError(w, http.StatusMethodNotAllowed, "Method Not Allowed")
		return
	}
	tok := r.URL.Query().Get("access_token")
	if tok == "" && r.Method == http.MethodPost && r.ParseForm() == nil {
		tok = r.PostForm.Get("access_token")
	}
	if tok == "" {
		oauthError(w, http.StatusBadRequest, "invalid_request", "missing access_token")
		return
	}
	a := s.auth()
	a.mu.Lock()
	defer a.mu.Unlock()
	a.revoked[tok] = true
	if at := a.access[tok]; at != nil {
		if g := a.refresh[at.refresh]; g != nil {
			g.revoked = true
		}
	}
	w.WriteHeader(http.StatusOK)
}
