package oura_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"golang.org/x/oauth2"
	"gopkg.in/h2non/gock.v1"

	"github.com/ringkit/oura-go/oura"
	"github.com/ringkit/oura-go/oura/ouratest"
)

func TestOAuthEndpointAndScopes(t *testing.T) {
	t.Parallel()
	want := oauth2.Endpoint{
		AuthURL:   "https://cloud.ouraring.com/oauth/authorize",
		TokenURL:  "https://api.ouraring.com/oauth/token",
		AuthStyle: oauth2.AuthStyleInParams,
	}
	if diff := cmp.Diff(want, oura.Endpoint); diff != "" {
		t.Errorf("Endpoint (-want +got):\n%s", diff)
	}
	if oura.RevokeURL != "https://api.ouraring.com/oauth/revoke" {
		t.Errorf("RevokeURL = %q", oura.RevokeURL)
	}
	scopes := []string{"email", "personal", "daily", "heartrate", "workout", "tag", "session", "spo2", "heart_health"}
	if diff := cmp.Diff(scopes, oura.AllScopes()); diff != "" {
		t.Errorf("AllScopes (-want +got):\n%s", diff)
	}
	consts := []string{oura.ScopeEmail, oura.ScopePersonal, oura.ScopeDaily, oura.ScopeHeartRate, oura.ScopeWorkout,
		oura.ScopeTag, oura.ScopeSession, oura.ScopeSpO2, oura.ScopeHeartHealth}
	if diff := cmp.Diff(scopes, consts); diff != "" {
		t.Errorf("scope constants (-want +got):\n%s", diff)
	}
	all := oura.AllScopes()
	all[0] = "changed"
	if oura.AllScopes()[0] != "email" {
		t.Error("AllScopes returned its own slice, not a copy")
	}
}

const oauthSecret = "secret-9Hq2-never-print"

func TestOAuth2Config(t *testing.T) {
	t.Parallel()
	cfg, err := oura.OAuth2Config("my-app", oauthSecret, "http://127.0.0.1:8080/callback")
	if err != nil {
		t.Fatal(err)
	}
	want := &oauth2.Config{
		ClientID: "my-app", ClientSecret: oauthSecret, Endpoint: oura.Endpoint,
		RedirectURL: "http://127.0.0.1:8080/callback", Scopes: oura.AllScopes(),
	}
	if diff := cmp.Diff(want, cfg, cmpopts.IgnoreUnexported(oauth2.Config{})); diff != "" {
		t.Errorf("config (-want +got):\n%s", diff)
	}

	cfg, err = oura.OAuth2Config("my-app", oauthSecret, "", oura.ScopeDaily, oura.ScopeHeartRate, oura.ScopeDaily)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"daily", "heartrate"}, cfg.Scopes); diff != "" {
		t.Errorf("scopes (-want +got):\n%s", diff)
	}
	u, err := url.Parse(cfg.AuthCodeURL("st"))
	if err != nil {
		t.Fatal(err)
	}
	wantQuery := url.Values{"client_id": {"my-app"}, "response_type": {"code"}, "scope": {"daily heartrate"}, "state": {"st"}}
	if got := u.Scheme + "://" + u.Host + u.Path; got != oura.Endpoint.AuthURL {
		t.Errorf("authorization URL %s, want %s", got, oura.Endpoint.AuthURL)
	}
	if diff := cmp.Diff(wantQuery, u.Query()); diff != "" {
		t.Errorf("authorization query (-want +got):\n%s", diff)
	}

	for _, redirect := range []string{"https://example.com/cb?x=1", "com.example.app:/oauth", "http://localhost/cb"} {
		if _, err := oura.OAuth2Config("id", "secret", redirect); err != nil {
			t.Errorf("redirect %q: %v", redirect, err)
		}
	}
}

func TestOAuth2ConfigRejectsBadInput(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, id, secret, redirect string
		scopes                     []string
	}{
		{"empty id", "", oauthSecret, "", nil},
		{"blank id", "  ", oauthSecret, "", nil},
		{"id with space", "my app", oauthSecret, "", nil},
		{"empty secret", "id", "", "", nil},
		{"secret with newline", "id", oauthSecret + "\n", "", nil},
		{"relative redirect", "id", oauthSecret, "/callback", nil},
		{"no host", "id", oauthSecret, "https:///callback", nil},
		{"fragment", "id", oauthSecret, "https://example.com/cb#x", nil},
		{"user info", "id", oauthSecret, "https://u:p@example.com/cb", nil},
		{"unparsable", "id", oauthSecret, "http://[::1", nil},
		{"space", "id", oauthSecret, "https://example.com/c b", nil},
		{"unknown scope", "id", oauthSecret, "", []string{"daily", "sleep"}},
		{"empty scope", "id", oauthSecret, "", []string{""}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg, err := oura.OAuth2Config(tc.id, tc.secret, tc.redirect, tc.scopes...)
			if !errors.Is(err, oura.ErrInvalidArgument) || cfg != nil {
				t.Fatalf("got %v, %v; want nil, ErrInvalidArgument", cfg, err)
			}
			if strings.Contains(err.Error(), "9Hq2") {
				t.Errorf("error contains the secret: %v", err)
			}
		})
	}
}

// oauthEnv is a fake Oura whose token endpoint is an ouratest.Server and
// whose API answers every request itself with an empty page, recording
// what each request carried, in order with the saves.
type oauthEnv struct {
	srv    *ouratest.Server
	cfg    *oauth2.Config
	ctx    context.Context // carries the recording client for refreshes
	hc     *http.Client
	mu     sync.Mutex
	events []string
	saved  []*oauth2.Token
}

func newOAuthEnv(t *testing.T, opts ...ouratest.Option) *oauthEnv {
	t.Helper()
	e := &oauthEnv{srv: ouratest.NewServer(append([]ouratest.Option{ouratest.WithOAuthClient("app", oauthSecret)}, opts...)...)}
	t.Cleanup(e.srv.Close)
	e.cfg = e.srv.OAuth2Config("")
	fake := e.srv.Client().Transport
	e.hc = &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		if r.URL.Host == strings.TrimPrefix(e.srv.URL, "http://") {
			e.event(r.Method + " " + r.URL.Path)
			return fake.RoundTrip(r)
		}
		e.event("api " + r.Header.Get("Authorization"))
		return &http.Response{
			StatusCode: http.StatusOK, Request: r,
			Header: http.Header{"Content-Type": {"application/json"}},
			Body:   io.NopCloser(strings.NewReader(`{"data":[],"next_token":null}`)),
		}, nil
	})}
	e.ctx = context.WithValue(t.Context(), oauth2.HTTPClient, e.hc)
	return e
}

func (e *oauthEnv) event(s string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.events = append(e.events, s)
}

// save records the token, then fails with the next error of errs, if any.
func (e *oauthEnv) save(errs ...error) func(*oauth2.Token) error {
	return func(t *oauth2.Token) error {
		e.mu.Lock()
		defer e.mu.Unlock()
		var err error
		if len(errs) > 0 {
			err, errs = errs[0], errs[1:]
		}
		if err != nil {
			e.events = append(e.events, "save failed "+t.AccessToken)
			return err
		}
		e.events = append(e.events, "save "+t.AccessToken)
		e.saved = append(e.saved, t)
		return nil
	}
}

func (e *oauthEnv) client(t *testing.T, ts oauth2.TokenSource) *oura.Client {
	t.Helper()
	c, err := oura.NewClient(oura.WithTokenSource(ts), oura.WithHTTPClient(e.hc), oura.WithRetry(oura.RetryPolicy{MaxAttempts: 1}))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func (e *oauthEnv) log() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]string(nil), e.events...)
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// expired returns a copy of tok that expired an hour ago.
func expired(tok *oauth2.Token) *oauth2.Token {
	t := *tok
	t.Expiry = time.Now().Add(-time.Hour)
	return &t
}

var oauthDay = oura.NewDate(2024, time.March, 1)

func TestRotatingSourceSavesBeforeUse(t *testing.T) {
	t.Parallel()
	e := newOAuthEnv(t)
	first := e.srv.IssueToken()
	ts, err := oura.NewRotatingTokenSource(e.ctx, e.cfg, expired(first), e.save())
	if err != nil {
		t.Fatal(err)
	}
	c := e.client(t, ts)
	for range 2 {
		if _, err := c.DailySleep(t.Context(), oauthDay, oauthDay); err != nil {
			t.Fatal(err)
		}
	}
	if len(e.saved) != 1 {
		t.Fatalf("saved %d tokens, want 1; events %q", len(e.saved), e.log())
	}
	tok := e.saved[0]
	want := []string{"POST /oauth/token", "save " + tok.AccessToken, "api Bearer " + tok.AccessToken, "api Bearer " + tok.AccessToken}
	if diff := cmp.Diff(want, e.log()); diff != "" {
		t.Errorf("events (-want +got):\n%s", diff)
	}
	if tok.AccessToken == first.AccessToken || tok.RefreshToken == first.RefreshToken || tok.RefreshToken == "" {
		t.Errorf("the saved token was not rotated: %q -> %q", first.RefreshToken, tok.RefreshToken)
	}
	if time.Until(tok.Expiry) < 23*time.Hour {
		t.Errorf("saved expiry %s, want about a day from now", tok.Expiry)
	}
	if got := e.srv.Refreshes(); got != 1 {
		t.Errorf("%d refreshes, want 1", got)
	}
}

// inMemory serves srv's handler without a network, so a synctest bubble
// can run the fake authorization server on its fake clock.
func inMemory(srv *ouratest.Server, events *[]string) *http.Client {
	return &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		*events = append(*events, r.Method+" "+r.URL.Path)
		rec := httptest.NewRecorder()
		srv.Handler().ServeHTTP(rec, r)
		res := rec.Result()
		res.Request = r
		return res, nil
	})}
}

// inMemoryContext carries an inMemory client of srv, recording into events.
func inMemoryContext(t *testing.T, srv *ouratest.Server) (context.Context, *[]string) {
	events := new([]string)
	return context.WithValue(t.Context(), oauth2.HTTPClient, inMemory(srv, events)), events
}

func TestRotatingSourceChainsSingleUseRefreshTokens(t *testing.T) {
	t.Parallel()
	srv := ouratest.NewServer(ouratest.WithTokenLifetime(30 * time.Second))
	defer srv.Close()
	synctest.Test(t, func(t *testing.T) {
		ctx, events := inMemoryContext(t, srv)
		var saved []string
		save := func(tok *oauth2.Token) error { saved = append(saved, tok.RefreshToken); return nil }
		ts, err := oura.NewRotatingTokenSource(ctx, srv.OAuth2Config(""), srv.IssueToken(), save)
		if err != nil {
			t.Fatal(err)
		}
		for range 3 {
			time.Sleep(20 * time.Second) // past half the 30 s lifetime
			if _, err := ts.Token(); err != nil {
				t.Fatal(err) // a reused refresh token would fail with invalid_grant
			}
		}
		if len(saved) != 3 || srv.Refreshes() != 3 || saved[0] == saved[1] || saved[1] == saved[2] {
			t.Fatalf("saved %q after %d refreshes; want 3 rotated tokens; requests %q", saved, srv.Refreshes(), *events)
		}
	})
}

func TestShortLivedTokenIsUsedForHalfItsLife(t *testing.T) {
	t.Parallel()
	srv := ouratest.NewServer(ouratest.WithTokenLifetime(30 * time.Second))
	defer srv.Close()
	synctest.Test(t, func(t *testing.T) {
		ctx, _ := inMemoryContext(t, srv)
		ts, err := oura.NewRotatingTokenSource(ctx, srv.OAuth2Config(""), srv.IssueToken(), func(*oauth2.Token) error { return nil })
		if err != nil {
			t.Fatal(err)
		}
		for range 14 {
			if _, err := ts.Token(); err != nil {
				t.Fatal(err)
			}
			time.Sleep(time.Second)
		}
		if n := srv.Refreshes(); n != 0 {
			t.Fatalf("%d refreshes in the first 14 s of a 30 s token; want none", n)
		}
		time.Sleep(2 * time.Second)
		if _, err := ts.Token(); err != nil || srv.Refreshes() != 1 {
			t.Fatalf("%d refreshes, %v; want one after half the lifetime", srv.Refreshes(), err)
		}
	})
}

func TestRotatingSourceRefreshesOnceForConcurrentCallers(t *testing.T) {
	t.Parallel()
	slow := func(w http.ResponseWriter, r *http.Request) bool {
		if r.URL.Path == "/oauth/token" {
			time.Sleep(50 * time.Millisecond) // let every caller queue up
		}
		return false
	}
	e := newOAuthEnv(t, ouratest.WithHook(slow))
	ts, err := oura.NewRotatingTokenSource(e.ctx, e.cfg, expired(e.srv.IssueToken()), e.save())
	if err != nil {
		t.Fatal(err)
	}
	const n = 20
	got := make([]string, n)
	errs := make([]error, n)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			<-start
			tok, err := ts.Token()
			errs[i] = err
			if err == nil {
				got[i] = tok.AccessToken
			}
		})
	}
	close(start)
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("caller %d: %v", i, err)
		}
	}
	if e.srv.Refreshes() != 1 || len(e.saved) != 1 {
		t.Fatalf("%d refreshes and %d saves, want 1 each; events %q", e.srv.Refreshes(), len(e.saved), e.log())
	}
	for i, tok := range got {
		if tok != e.saved[0].AccessToken {
			t.Errorf("caller %d got another token than the saved one", i)
		}
	}
	if diff := cmp.Diff([]string{"POST /oauth/token", "save " + e.saved[0].AccessToken}, e.log()); diff != "" {
		t.Errorf("events (-want +got):\n%s", diff)
	}
}

func TestRotatingSourceNeverUsesAnUnsavedToken(t *testing.T) {
	t.Parallel()
	e := newOAuthEnv(t)
	errDisk := errors.New("disk full")
	ts, err := oura.NewRotatingTokenSource(e.ctx, e.cfg, expired(e.srv.IssueToken()), e.save(errDisk))
	if err != nil {
		t.Fatal(err)
	}
	c := e.client(t, ts)
	_, err = c.DailySleep(t.Context(), oauthDay, oauthDay)
	if !errors.Is(err, errDisk) {
		t.Fatalf("got %v, want the save error", err)
	}
	for _, ev := range e.log() {
		if strings.HasPrefix(ev, "api") {
			t.Fatalf("the API was called with an unsaved token: %q", e.log())
		}
	}
	if _, err := c.DailySleep(t.Context(), oauthDay, oauthDay); err != nil {
		t.Fatal(err)
	}
	if len(e.saved) != 1 {
		t.Fatalf("saved %d tokens, want 1", len(e.saved))
	}
	tok := e.saved[0].AccessToken
	want := []string{"POST /oauth/token", "save failed " + tok, "save " + tok, "api Bearer " + tok}
	if diff := cmp.Diff(want, e.log()); diff != "" {
		t.Errorf("events (-want +got):\n%s", diff)
	}
	if got := e.srv.Refreshes(); got != 1 {
		t.Errorf("%d refreshes, want 1: the unsaved token must be kept, not refreshed again", got)
	}
	for _, secret := range []string{tok, e.saved[0].RefreshToken, oauthSecret} {
		if strings.Contains(err.Error(), secret) {
			t.Errorf("error shows a secret: %v", err)
		}
	}
}

func TestRotatingSourceSaveFailsTwice(t *testing.T) {
	t.Parallel()
	e := newOAuthEnv(t)
	errDisk := errors.New("disk full")
	ts, err := oura.NewRotatingTokenSource(e.ctx, e.cfg, expired(e.srv.IssueToken()), e.save(errDisk, errDisk))
	if err != nil {
		t.Fatal(err)
	}
	for i := range 2 {
		if _, err := ts.Token(); !errors.Is(err, errDisk) {
			t.Fatalf("call %d: got %v, want the save error", i+1, err)
		}
	}
	tok, err := ts.Token()
	if err != nil {
		t.Fatal(err)
	}
	if e.srv.Refreshes() != 1 || len(e.saved) != 1 || tok.AccessToken != e.saved[0].AccessToken {
		t.Errorf("refreshes %d, saves %d; events %q", e.srv.Refreshes(), len(e.saved), e.log())
	}
}

func TestRotatingSourceSpentRefreshTokenIsUnauthorized(t *testing.T) {
	t.Parallel()
	e := newOAuthEnv(t)
	tok := e.srv.IssueToken()
	// Someone else uses the refresh token first.
	if _, err := e.cfg.TokenSource(e.ctx, expired(tok)).Token(); err != nil {
		t.Fatal(err)
	}
	ts, err := oura.NewRotatingTokenSource(e.ctx, e.cfg, expired(tok), e.save())
	if err != nil {
		t.Fatal(err)
	}
	_, err = ts.Token()
	if !errors.Is(err, oura.ErrUnauthorized) || errors.Is(err, oura.ErrValidation) {
		t.Fatalf("got %v, want ErrUnauthorized only", err)
	}
	var oe *oura.OAuthError
	if !errors.As(err, &oe) {
		t.Fatalf("%v is not an *OAuthError", err)
	}
	if oe.StatusCode != 400 || oe.Code != "invalid_grant" || oe.Method != "POST" || oe.Path != "/oauth/token" {
		t.Errorf("OAuthError %+v", *oe)
	}
	for _, secret := range []string{tok.RefreshToken, tok.AccessToken, oauthSecret} {
		if strings.Contains(err.Error(), secret) {
			t.Errorf("error shows a secret: %v", err)
		}
	}
	if len(e.saved) != 0 {
		t.Errorf("saved %d tokens after a failed refresh", len(e.saved))
	}
	// Through a Client, the same.
	_, err = e.client(t, ts).DailySleep(t.Context(), oauthDay, oauthDay)
	if !errors.Is(err, oura.ErrUnauthorized) {
		t.Errorf("client: got %v, want ErrUnauthorized", err)
	}
}

func TestRotatingSourceKeepsRefreshTokenWhenOmitted(t *testing.T) {
	t.Parallel()
	var forms []url.Values
	hc := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		if r.Method != http.MethodPost || r.URL.String() != oura.Endpoint.TokenURL ||
			r.Header.Get("Content-Type") != "application/x-www-form-urlencoded" || r.Header.Get("Authorization") != "" {
			t.Errorf("unexpected token request %s %s %v", r.Method, r.URL, r.Header)
		}
		b, _ := io.ReadAll(r.Body)
		f, _ := url.ParseQuery(string(b))
		forms = append(forms, f)
		return &http.Response{
			StatusCode: http.StatusOK, Request: r,
			Header: http.Header{"Content-Type": {"application/json"}},
			Body:   io.NopCloser(strings.NewReader(`{"access_token":"new-access","token_type":"bearer","expires_in":86400}`)),
		}, nil
	})}
	ctx := context.WithValue(t.Context(), oauth2.HTTPClient, hc)
	cfg, err := oura.OAuth2Config("app", oauthSecret, "")
	if err != nil {
		t.Fatal(err)
	}
	var saved []*oauth2.Token
	ts, err := oura.NewRotatingTokenSource(ctx, cfg, &oauth2.Token{RefreshToken: "old-refresh"},
		func(t *oauth2.Token) error { saved = append(saved, t); return nil })
	if err != nil {
		t.Fatal(err)
	}
	tok, err := ts.Token()
	if err != nil {
		t.Fatal(err)
	}
	wantForm := []url.Values{{
		"grant_type": {"refresh_token"}, "refresh_token": {"old-refresh"},
		"client_id": {"app"}, "client_secret": {oauthSecret},
	}}
	if diff := cmp.Diff(wantForm, forms); diff != "" {
		t.Errorf("token request form (-want +got):\n%s", diff)
	}
	if tok.AccessToken != "new-access" || tok.RefreshToken != "old-refresh" {
		t.Errorf("token %q / %q, want new-access / old-refresh", tok.AccessToken, tok.RefreshToken)
	}
	if len(saved) != 1 || saved[0].RefreshToken != "old-refresh" {
		t.Errorf("saved %+v", saved)
	}
}

func TestRotatingSourceReusesValidTokens(t *testing.T) {
	t.Parallel()
	e := newOAuthEnv(t)
	for _, tc := range []struct {
		name    string
		expiry  time.Time
		refresh bool
	}{
		{"an hour left", time.Now().Add(time.Hour), false},
		{"no expiry", time.Time{}, false},
		{"inside the margin", time.Now().Add(30 * time.Second), true}, // of a day-long token
		{"expired", time.Now().Add(-time.Second), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tok := e.srv.IssueToken()
			tok.Expiry = tc.expiry
			tok.ExpiresIn = 86400
			before := e.srv.Refreshes()
			ts, err := oura.NewRotatingTokenSource(e.ctx, e.cfg, tok, e.save())
			if err != nil {
				t.Fatal(err)
			}
			got, err := ts.Token()
			if err != nil {
				t.Fatal(err)
			}
			if refreshed := e.srv.Refreshes() - before; refreshed != map[bool]int{true: 1}[tc.refresh] {
				t.Errorf("%d refreshes", refreshed)
			}
			if (got.AccessToken == tok.AccessToken) == tc.refresh {
				t.Errorf("refresh %v, but the token changed: %v", tc.refresh, got.AccessToken != tok.AccessToken)
			}
			// The source hands out copies.
			got.AccessToken = "changed"
			again, _ := ts.Token()
			if again.AccessToken == "changed" {
				t.Error("changing a returned token changed the source's")
			}
		})
	}
}

func TestNewRotatingTokenSourceRejectsBadInput(t *testing.T) {
	t.Parallel()
	cfg, _ := oura.OAuth2Config("app", oauthSecret, "")
	tok := &oauth2.Token{AccessToken: "a", RefreshToken: "r"}
	save := func(*oauth2.Token) error { return nil }
	ctx := t.Context()
	for _, tc := range []struct {
		name string
		ctx  context.Context
		cfg  *oauth2.Config
		tok  *oauth2.Token
		save func(*oauth2.Token) error
	}{
		{"nil context", nil, cfg, tok, save},
		{"nil config", ctx, nil, tok, save},
		{"no token URL", ctx, &oauth2.Config{ClientID: "app"}, tok, save},
		{"nil token", ctx, cfg, nil, save},
		{"no refresh token", ctx, cfg, &oauth2.Token{AccessToken: "a"}, save},
		{"nil save", ctx, cfg, tok, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ts, err := oura.NewRotatingTokenSource(tc.ctx, tc.cfg, tc.tok, tc.save)
			if !errors.Is(err, oura.ErrInvalidArgument) || ts != nil {
				t.Errorf("got %v, %v; want nil, ErrInvalidArgument", ts, err)
			}
		})
	}
}

func TestRotatingSourcePrintsNoCredentials(t *testing.T) {
	t.Parallel()
	e := newOAuthEnv(t)
	tok := e.srv.IssueToken()
	ts, err := oura.NewRotatingTokenSource(e.ctx, e.cfg, expired(tok), e.save())
	if err != nil {
		t.Fatal(err)
	}
	cur, err := ts.Token()
	if err != nil {
		t.Fatal(err)
	}
	wrapped := struct {
		Source oauth2.TokenSource
		Inner  any
	}{ts, []any{ts}}
	secrets := []string{tok.AccessToken, tok.RefreshToken, cur.AccessToken, cur.RefreshToken, oauthSecret}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%T %p"} {
		for _, v := range []any{ts, wrapped, e.client(t, ts)} {
			out := fmt.Sprintf(verb, v)
			for _, s := range secrets {
				if strings.Contains(out, s) {
					t.Errorf("%s printed a credential: %s", verb, out)
				}
			}
		}
	}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%d"} {
		if got := fmt.Sprintf(verb, ts); got != "oura.RotatingTokenSource{credentials hidden}" {
			t.Errorf("%s prints %q", verb, got)
		}
	}
}

// revokeToken holds characters that must be escaped in a query.
const revokeToken = "rv+tok/9Zk=&x y?#%"

func TestRevokeTokenSendsOneGET(t *testing.T) {
	t.Parallel()
	tr := mockTransport(t)
	var seen []*http.Request
	tr.Observe(func(r *http.Request, _ gock.Mock) { seen = append(seen, r) })
	tr.Mock("https://api.ouraring.com").Get("/oauth/revoke").Reply(200)

	if err := oura.RevokeToken(t.Context(), tr.Client(), oura.RevokeURL, revokeToken); err != nil {
		t.Fatal(err)
	}
	if len(tr.Pending()) != 0 || len(seen) != 1 {
		t.Fatalf("%d requests, pending mocks %d", len(seen), len(tr.Pending()))
	}
	r := seen[0]
	type req struct {
		Method, URL, Query string
		Header             http.Header
		Body               bool
	}
	got := req{r.Method, r.URL.Scheme + "://" + r.URL.Host + r.URL.Path, r.URL.RawQuery, r.Header, r.Body != nil && r.Body != http.NoBody}
	want := req{"GET", "https://api.ouraring.com/oauth/revoke", "access_token=" + url.QueryEscape(revokeToken),
		http.Header{"User-Agent": {"oura-go/" + oura.Version}}, false}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("request (-want +got):\n%s", diff)
	}
	if r.URL.Query().Get("access_token") != revokeToken {
		t.Errorf("the token did not survive encoding: %q", r.URL.Query().Get("access_token"))
	}
}

func TestRevokeTokenErrors(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		status int
		body   string
		is     error
		want   oura.OAuthError
	}{
		{"401 detail", 401, `{"detail":"unknown token ` + revokeToken + `"}`, oura.ErrUnauthorized,
			oura.OAuthError{StatusCode: 401, Method: "GET", Path: "/oauth/revoke", Description: "unknown token [redacted]"}},
		{"400 invalid_token", 400, `{"error":"invalid_token","error_description":"no such token: ` + url.QueryEscape(revokeToken) + `"}`, oura.ErrUnauthorized,
			oura.OAuthError{StatusCode: 400, Method: "GET", Path: "/oauth/revoke", Code: "invalid_token", Description: "no such token: [redacted]"}},
		{"503 text", 503, "upstream down", oura.ErrServer,
			oura.OAuthError{StatusCode: 503, Method: "GET", Path: "/oauth/revoke", Description: "upstream down"}},
		{"redirect not followed", 302, "", nil,
			oura.OAuthError{StatusCode: 302, Method: "GET", Path: "/oauth/revoke"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := 0
			hc := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
				n++
				h := http.Header{"Content-Type": {"application/json"}}
				if tc.status == 302 {
					h.Set("Location", "https://api.ouraring.com/elsewhere")
				}
				return &http.Response{StatusCode: tc.status, Header: h, Request: r, Body: io.NopCloser(strings.NewReader(tc.body))}, nil
			})}
			err := oura.RevokeToken(t.Context(), hc, oura.RevokeURL, revokeToken)
			var oe *oura.OAuthError
			if !errors.As(err, &oe) {
				t.Fatalf("got %v, want an *OAuthError", err)
			}
			if diff := cmp.Diff(tc.want, *oe); diff != "" {
				t.Errorf("error (-want +got):\n%s", diff)
			}
			if tc.is != nil && !errors.Is(err, tc.is) {
				t.Errorf("%v does not match %v", err, tc.is)
			}
			if n != 1 {
				t.Errorf("%d requests, want 1", n)
			}
			assertNoRevokeToken(t, err)
		})
	}
}

func assertNoRevokeToken(t *testing.T, err error) {
	t.Helper()
	for _, s := range []string{revokeToken, url.QueryEscape(revokeToken), url.PathEscape(revokeToken), "rv+tok", "rv%2Btok"} {
		if strings.Contains(err.Error(), s) || strings.Contains(fmt.Sprintf("%+v", err), s) {
			t.Errorf("error shows the token: %v", err)
		}
	}
}

func TestRevokeTokenTransportErrorsHideTheToken(t *testing.T) {
	t.Parallel()
	errDial := errors.New("connection refused")
	for _, tc := range []struct {
		name     string
		err      func(*http.Request) error
		is       error
		urlError bool // the *url.Error is kept, its URL scrubbed
	}{
		{"plain", func(*http.Request) error { return errDial }, errDial, true},
		{"names the URL", func(r *http.Request) error { return fmt.Errorf("cannot reach %s: %w", r.URL, errDial) }, errDial, false},
		{"cancelled", func(*http.Request) error { return context.Canceled }, context.Canceled, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			hc := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) { return nil, tc.err(r) })}
			err := oura.RevokeToken(t.Context(), hc, oura.RevokeURL, revokeToken)
			if err == nil || !errors.Is(err, tc.is) {
				t.Fatalf("got %v, want it to match %v", err, tc.is)
			}
			if !strings.Contains(err.Error(), "https://api.ouraring.com/oauth/revoke") {
				t.Errorf("error does not name the endpoint: %v", err)
			}
			var ue *url.Error
			if got := errors.As(err, &ue); got != tc.urlError || (got && ue.URL != oura.RevokeURL) {
				t.Errorf("*url.Error kept: %v, want %v (URL %v)", got, tc.urlError, ue)
			}
			assertNoRevokeToken(t, err)
		})
	}
}

func TestRevokeTokenRejectsBadInput(t *testing.T) {
	t.Parallel()
	n := 0
	hc := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) { n++; return nil, errors.New("sent") })}
	for _, tc := range []struct{ name, endpoint, token string }{
		{"empty token", oura.RevokeURL, ""},
		{"blank token", oura.RevokeURL, " \t"},
		{"relative endpoint", "/oauth/revoke", "tok"},
		{"endpoint with query", oura.RevokeURL + "?x=1", "tok"},
		{"plain http", "http://api.ouraring.com/oauth/revoke", "tok"},
		{"other scheme", "ftp://api.ouraring.com/oauth/revoke", "tok"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := oura.RevokeToken(t.Context(), hc, tc.endpoint, tc.token); !errors.Is(err, oura.ErrInvalidArgument) {
				t.Errorf("got %v, want ErrInvalidArgument", err)
			}
		})
	}
	if n != 0 {
		t.Errorf("%d requests sent for bad input", n)
	}
}

func TestRevokeTokenAgainstTheFakeServer(t *testing.T) {
	t.Parallel()
	e := newOAuthEnv(t)
	tok := e.srv.IssueToken()
	if err := oura.RevokeToken(t.Context(), e.srv.Client(), e.srv.URL+"/oauth/revoke", tok.AccessToken); err != nil {
		t.Fatal(err)
	}
	// The fake server revokes the refresh token issued with it too.
	ts, err := oura.NewRotatingTokenSource(e.ctx, e.cfg, expired(tok), e.save())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ts.Token(); !errors.Is(err, oura.ErrUnauthorized) {
		t.Errorf("refresh after revocation: got %v, want ErrUnauthorized", err)
	}
}

func TestOAuthErrorKinds(t *testing.T) {
	t.Parallel()
	sentinels := []error{oura.ErrUnauthorized, oura.ErrForbidden, oura.ErrNotFound, oura.ErrRateLimited, oura.ErrValidation, oura.ErrServer}
	for _, tc := range []struct {
		err  oura.OAuthError
		want error
	}{
		{oura.OAuthError{StatusCode: 400, Code: "invalid_grant"}, oura.ErrUnauthorized},
		{oura.OAuthError{StatusCode: 401, Code: "invalid_client"}, oura.ErrUnauthorized},
		{oura.OAuthError{StatusCode: 400, Code: "unauthorized_client"}, oura.ErrUnauthorized},
		{oura.OAuthError{StatusCode: 401}, oura.ErrUnauthorized},
		{oura.OAuthError{StatusCode: 400, Code: "invalid_request"}, oura.ErrValidation},
		{oura.OAuthError{StatusCode: 400, Code: "invalid_scope"}, oura.ErrValidation},
		{oura.OAuthError{StatusCode: 400}, oura.ErrValidation},
		{oura.OAuthError{StatusCode: 403, Code: "access_denied"}, oura.ErrForbidden},
		{oura.OAuthError{StatusCode: 404}, oura.ErrNotFound},
		{oura.OAuthError{StatusCode: 429}, oura.ErrRateLimited},
		{oura.OAuthError{StatusCode: 503, Code: "temporarily_unavailable"}, oura.ErrServer},
		{oura.OAuthError{StatusCode: 500}, oura.ErrServer},
		{oura.OAuthError{StatusCode: 302}, nil},
	} {
		var got []error
		for _, s := range sentinels {
			if errors.Is(&tc.err, s) {
				got = append(got, s)
			}
		}
		var want []error
		if tc.want != nil {
			want = []error{tc.want}
		}
		if !cmp.Equal(want, got, cmp.Comparer(func(a, b error) bool { return a == b })) {
			t.Errorf("%d %q matches %v, want %v", tc.err.StatusCode, tc.err.Code, got, want)
		}
	}
	e := &oura.OAuthError{StatusCode: 400, Method: "POST", Path: "/oauth/token", Code: "invalid_grant", Description: "spent"}
	if got := e.Error(); got != "POST /oauth/token: 400 Bad Request: invalid_grant: spent" {
		t.Errorf("Error() = %q", got)
	}
}

// A redirect from the token endpoint is not followed: the refresh token
// and client secret in the body would be sent again to the other host.
func TestRotatingSourceFollowsNoRedirect(t *testing.T) {
	t.Parallel()
	var leaked []string
	var mu sync.Mutex
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		leaked = append(leaked, string(b))
		mu.Unlock()
	}))
	defer other.Close()
	tokenSrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, strings.Replace(other.URL, "127.0.0.1", "localhost", 1)+"/steal", http.StatusTemporaryRedirect)
	}))
	defer tokenSrv.Close()
	cfg := &oauth2.Config{ClientID: "cid", ClientSecret: "CLIENTSECRET",
		Endpoint: oauth2.Endpoint{TokenURL: tokenSrv.URL + "/oauth/token", AuthStyle: oauth2.AuthStyleInParams}}
	ts, err := oura.NewRotatingTokenSource(context.Background(), cfg, &oauth2.Token{RefreshToken: "REFRESHTOKEN"},
		func(*oauth2.Token) error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ts.Token(); err == nil {
		t.Fatal("a redirect answered the refresh without error")
	}
	mu.Lock()
	defer mu.Unlock()
	if len(leaked) != 0 {
		t.Fatalf("the other host got %q", leaked)
	}
}

// A hanging token endpoint holds a call no longer than its context; the
// refresh goes on and its token is saved when it comes.
func TestRotatingSourceRefreshObeysTheCallersContext(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	tokenSrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-release
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"access_token":"new-access","refresh_token":"new-refresh","token_type":"Bearer","expires_in":3600}`)
	}))
	defer tokenSrv.Close()
	cfg := &oauth2.Config{ClientID: "cid", ClientSecret: "sec",
		Endpoint: oauth2.Endpoint{TokenURL: tokenSrv.URL, AuthStyle: oauth2.AuthStyleInParams}}
	saved := make(chan *oauth2.Token, 1)
	ts, err := oura.NewRotatingTokenSource(context.Background(), cfg, &oauth2.Token{RefreshToken: "old-refresh"},
		func(t *oauth2.Token) error { saved <- t; return nil })
	if err != nil {
		t.Fatal(err)
	}
	api := ouratest.NewServer()
	defer api.Close()
	c, err := oura.NewClient(oura.WithBaseURL(api.URL), oura.WithTokenSource(ts))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	if _, err := c.DailySleep(ctx, oauthDay, oauthDay); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v; want the caller's deadline", err)
	}
	if time.Since(start) > 5*time.Second {
		t.Fatalf("the call took %s", time.Since(start))
	}
	close(release)
	select {
	case tok := <-saved:
		if tok.AccessToken != "new-access" || tok.RefreshToken != "new-refresh" {
			t.Fatalf("saved %+v", tok)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the refresh that outlived its caller was not saved")
	}
}

func TestNewPortalAppFallsBackOnceAndKeepsTheEndpointThatWorked(t *testing.T) {
	t.Parallel()
	srv := ouratest.NewServer(ouratest.WithNewPortalApp(), ouratest.WithTokenLifetime(30*time.Second))
	defer srv.Close()
	synctest.Test(t, func(t *testing.T) {
		ctx, events := inMemoryContext(t, srv)
		cfg := srv.OAuth2Config("")
		ts, err := oura.NewRotatingTokenSource(ctx, cfg, expired(srv.IssueToken()), func(*oauth2.Token) error { return nil },
			oura.WithTokenURLs(cfg.Endpoint.TokenURL, srv.PortalTokenURL()))
		if err != nil {
			t.Fatal(err)
		}
		for range 2 {
			if _, err := ts.Token(); err != nil {
				t.Fatal(err)
			}
			time.Sleep(20 * time.Second)
		}
		want := []string{"POST /oauth/token", "POST /oauth/v2/ext/oauth-token", "POST /oauth/v2/ext/oauth-token"}
		if diff := cmp.Diff(want, *events); diff != "" {
			t.Errorf("token requests (-want +got):\n%s", diff)
		}
		if srv.Refreshes() != 2 {
			t.Errorf("%d refreshes; want 2", srv.Refreshes())
		}
	})
}

func TestTokenEndpointCanBePinned(t *testing.T) {
	t.Parallel()
	srv := ouratest.NewServer(ouratest.WithNewPortalApp())
	defer srv.Close()
	ctx, events := inMemoryContext(t, srv)
	cfg := srv.OAuth2Config("")
	// Pinned to the legacy endpoint: no fallback, the rejection is returned.
	ts, err := oura.NewRotatingTokenSource(ctx, cfg, expired(srv.IssueToken()), func(*oauth2.Token) error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	_, err = ts.Token()
	var oe *oura.OAuthError
	if !errors.As(err, &oe) || oe.Code != "invalid_request" || !errors.Is(err, oura.ErrValidation) {
		t.Fatalf("err = %v; want the legacy endpoint's invalid_request", err)
	}
	// Pinned to the new portal's.
	ts, err = oura.NewRotatingTokenSource(ctx, cfg, expired(srv.IssueToken()), func(*oauth2.Token) error { return nil },
		oura.WithTokenURLs(srv.PortalTokenURL()))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ts.Token(); err != nil {
		t.Fatal(err)
	}
	want := []string{"POST /oauth/token", "POST /oauth/v2/ext/oauth-token"}
	if diff := cmp.Diff(want, *events); diff != "" {
		t.Errorf("token requests (-want +got):\n%s", diff)
	}
}

func TestDefaultEndpointsAreOurasBoth(t *testing.T) {
	t.Parallel()
	if oura.Endpoint.TokenURL != oura.LegacyTokenURL ||
		oura.PortalTokenURL != "https://moi.ouraring.com/oauth/v2/ext/oauth-token" ||
		oura.LegacyTokenURL != "https://api.ouraring.com/oauth/token" {
		t.Fatalf("endpoints %q, %q, %q", oura.Endpoint.TokenURL, oura.LegacyTokenURL, oura.PortalTokenURL)
	}
	var hosts []string
	hc := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		hosts = append(hosts, r.URL.Host+r.URL.Path)
		if r.URL.Host == "api.ouraring.com" {
			return &http.Response{StatusCode: 400, Request: r, Header: http.Header{"Content-Type": {"application/json"}},
				Body: io.NopCloser(strings.NewReader(`{"error":"invalid_request"}`))}, nil
		}
		return &http.Response{StatusCode: 200, Request: r, Header: http.Header{"Content-Type": {"application/json"}},
			Body: io.NopCloser(strings.NewReader(`{"access_token":"new-access","token_type":"bearer","expires_in":86400,"refresh_token":"new-refresh"}`))}, nil
	})}
	cfg, err := oura.OAuth2Config("id", "secret", "")
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.WithValue(t.Context(), oauth2.HTTPClient, hc)
	ts, err := oura.NewRotatingTokenSource(ctx, cfg, &oauth2.Token{RefreshToken: "old-refresh"}, func(*oauth2.Token) error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	tok, err := ts.Token()
	if err != nil || tok.AccessToken != "new-access" || tok.RefreshToken != "new-refresh" {
		t.Fatalf("token %+v, %v", tok, err)
	}
	want := []string{"api.ouraring.com/oauth/token", "moi.ouraring.com/oauth/v2/ext/oauth-token"}
	if diff := cmp.Diff(want, hosts); diff != "" {
		t.Errorf("token requests (-want +got):\n%s", diff)
	}
}

func TestAcceptedRefreshTokenIsNeverSentAgain(t *testing.T) {
	t.Parallel()
	for name, answer := range map[string]func(r *http.Request) (*http.Response, error){
		"5xx": func(r *http.Request) (*http.Response, error) {
			return &http.Response{StatusCode: 502, Request: r, Body: io.NopCloser(strings.NewReader("bad gateway"))}, nil
		},
		"cut 2xx": func(r *http.Request) (*http.Response, error) {
			return &http.Response{StatusCode: 200, Request: r, Header: http.Header{"Content-Type": {"application/json"}},
				Body: io.NopCloser(strings.NewReader(`{"access_token":"new-acc`))}, nil
		},
		"invalid_grant": func(r *http.Request) (*http.Response, error) {
			return &http.Response{StatusCode: 400, Request: r, Header: http.Header{"Content-Type": {"application/json"}},
				Body: io.NopCloser(strings.NewReader(`{"error":"invalid_grant"}`))}, nil
		},
		"transport": func(r *http.Request) (*http.Response, error) { return nil, errors.New("connection reset") },
	} {
		t.Run(name, func(t *testing.T) {
			sent := 0
			hc := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) { sent++; return answer(r) })}
			cfg, _ := oura.OAuth2Config("id", "secret", "")
			ctx := context.WithValue(t.Context(), oauth2.HTTPClient, hc)
			ts, err := oura.NewRotatingTokenSource(ctx, cfg, &oauth2.Token{RefreshToken: "old-refresh"}, func(*oauth2.Token) error { return nil })
			if err != nil {
				t.Fatal(err)
			}
			if _, err := ts.Token(); err == nil || strings.Contains(err.Error(), "old-refresh") {
				t.Fatalf("err = %v; want an error without the refresh token", err)
			}
			if sent != 1 {
				t.Fatalf("the refresh token was sent %d times; want once", sent)
			}
		})
	}
}

// authCode gets a code from the fake server's authorization endpoint.
func authCode(t *testing.T, srv *ouratest.Server, cfg *oauth2.Config) string {
	t.Helper()
	hc := srv.Client()
	hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := hc.Get(cfg.AuthCodeURL("state"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil || loc.Query().Get("code") == "" {
		t.Fatalf("no code: %d %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	return loc.Query().Get("code")
}

func TestExchangeCodeWorksForBothPortals(t *testing.T) {
	t.Parallel()
	for _, portal := range []bool{false, true} {
		var opts []ouratest.Option
		if portal {
			opts = append(opts, ouratest.WithNewPortalApp())
		}
		srv := ouratest.NewServer(opts...)
		defer srv.Close()
		ctx, events := inMemoryContext(t, srv)
		cfg := srv.OAuth2Config("http://127.0.0.1:9/callback")
		code := authCode(t, srv, cfg)
		tok, err := oura.ExchangeCode(ctx, cfg, code, oura.WithTokenURLs(cfg.Endpoint.TokenURL, srv.PortalTokenURL()))
		if err != nil || tok.AccessToken == "" || tok.RefreshToken == "" || tok.Expiry.IsZero() {
			t.Fatalf("portal %v: token %+v, %v", portal, tok, err)
		}
		want := []string{"POST /oauth/token"}
		if portal {
			want = append(want, "POST /oauth/v2/ext/oauth-token")
		}
		if diff := cmp.Diff(want, *events); diff != "" {
			t.Errorf("portal %v: requests (-want +got):\n%s", portal, diff)
		}
		// The code is single-use, and no error shows it.
		_, err = oura.ExchangeCode(ctx, cfg, code, oura.WithTokenURLs(srv.PortalTokenURL()))
		if portal && (!errors.Is(err, oura.ErrUnauthorized) || strings.Contains(err.Error(), code)) {
			t.Errorf("reused code: err = %v; want invalid_grant without the code", err)
		}
	}
}
