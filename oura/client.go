package oura

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/time/rate"
)

// Version is the SDK version sent in the User-Agent header.
const Version = "0.1.0"

// DefaultBaseURL is the address of Oura's API.
const DefaultBaseURL = "https://api.ouraring.com"

// Client calls the Oura API v2 on behalf of one user. It is safe for
// concurrent use; create it with NewClient.
type Client struct {
	base           string // scheme://host[/prefix], no trailing slash
	origin         string // scheme://host of base
	prefix         string // the path of base, before every route ("" or "/x")
	collection     string // path prefix of the user collections
	hc             *http.Client
	auth           func(*http.Request) error // sets the credentials of a request
	userAgent      string
	retry          RetryPolicy
	budget         *retryBudget // nil: no budget
	limiter        *rate.Limiter
	attemptTimeout time.Duration
	logger         *slog.Logger
	maxBody        int64
	concurrency    int // chains of one listing in flight (WithConcurrency)
}

// sandboxCollection is the path prefix of the sandbox collections.
const sandboxCollection = "/v2/sandbox/usercollection/"

// Option configures a Client. Options check their input: NewClient reports
// the first bad one.
type Option func(*settings) error

type settings struct {
	tokens         oauth2.TokenSource
	tokenOpts      int
	hc             *http.Client
	baseURL        string
	sandbox        bool
	userAgent      string
	allowHTTP      bool
	retry          RetryPolicy
	limiter        *rate.Limiter
	attemptTimeout time.Duration
	logger         *slog.Logger
	maxBody        int64
	concurrency    int // chains of one listing in flight (WithConcurrency)
}

// WithToken authenticates with a fixed bearer token: an OAuth2 access token
// or a legacy personal access token.
func WithToken(token string) Option {
	return func(s *settings) error {
		if strings.TrimSpace(token) == "" {
			return fmt.Errorf("oura: WithToken: empty token: %w", ErrInvalidArgument)
		}
		if strings.ContainsFunc(token, isSpaceOrControl) {
			return fmt.Errorf("oura: WithToken: token contains white space or control characters: %w", ErrInvalidArgument)
		}
		s.tokens = staticSource{&oauth2.Token{AccessToken: token, TokenType: "Bearer"}}
		s.tokenOpts++
		return nil
	}
}

// WithTokenSource authenticates with tokens from ts, such as an
// oauth2.Config's TokenSource, which refreshes them as they expire.
func WithTokenSource(ts oauth2.TokenSource) Option {
	return func(s *settings) error {
		if ts == nil {
			return fmt.Errorf("oura: WithTokenSource: nil source: %w", ErrInvalidArgument)
		}
		s.tokens = ts
		s.tokenOpts++
		return nil
	}
}

// WithHTTPClient sends requests with hc's transport, cookie jar and
// timeout instead of the defaults. The Client never changes hc; it uses a
// copy whose redirect check also drops the Authorization header on any
// redirect to another host or from https to http.
func WithHTTPClient(hc *http.Client) Option {
	return func(s *settings) error {
		if hc == nil {
			return fmt.Errorf("oura: WithHTTPClient: nil client: %w", ErrInvalidArgument)
		}
		s.hc = hc
		return nil
	}
}

// WithBaseURL sends requests to another server, such as an ouratest.Server.
// It must be an absolute http or https URL without query or fragment. Its
// path, if any, goes before every route (/v2/...); a path ending in /v2,
// as in "https://api.ouraring.com/v2", names the API root itself and is
// dropped, so the routes are not doubled. A path that ends in a route
// prefix (/v2/usercollection, /v2/sandbox/usercollection, /v2/webhook)
// would double it and is an error. Plain http is accepted only for
// loopback hosts, unless WithInsecureHTTP is given.
func WithBaseURL(raw string) Option {
	return func(s *settings) error {
		u, ok := parseHTTPURL(raw)
		if u == nil {
			return fmt.Errorf("oura: WithBaseURL: %q is not a URL: %w", raw, ErrInvalidArgument)
		}
		if !ok {
			return fmt.Errorf("oura: WithBaseURL: %q must be an absolute http(s) URL with a host and no query: %w",
				u.Redacted(), ErrInvalidArgument)
		}
		p := strings.TrimRight(u.Path, "/")
		for _, route := range []string{"/v2/usercollection", "/v2/sandbox/usercollection", "/v2/webhook"} {
			if strings.HasSuffix(p, route) || strings.HasSuffix(p, route+"/subscription") {
				return fmt.Errorf("oura: WithBaseURL: %q ends in the route prefix %s: give the API's root, such as %s (WithSandbox selects the sandbox): %w",
					u.Redacted(), route, DefaultBaseURL, ErrInvalidArgument)
			}
		}
		u.Path = strings.TrimSuffix(p, "/v2")
		u.RawPath = ""
		s.baseURL = strings.TrimRight(u.String(), "/")
		return nil
	}
}

// WithInsecureHTTP allows a plain-http base URL on a non-loopback host. The
// bearer token then crosses the network unencrypted: use it only on a
// network you trust.
func WithInsecureHTTP() Option {
	return func(s *settings) error { s.allowHTTP = true; return nil }
}

// WithSandbox sends collection requests to Oura's sandbox, which serves
// fake data for every collection. The sandbox takes no Fields or Latest:
// listings with either are refused before sending.
func WithSandbox() Option {
	return func(s *settings) error { s.sandbox = true; return nil }
}

// WithUserAgent puts product before the SDK's own User-Agent.
func WithUserAgent(product string) Option {
	return func(s *settings) error {
		if strings.TrimSpace(product) == "" || strings.ContainsFunc(product, isControl) {
			return fmt.Errorf("oura: WithUserAgent: %q is not a valid product: %w", product, ErrInvalidArgument)
		}
		s.userAgent = product
		return nil
	}
}

// WithRetry sets how failed requests are retried (DefaultRetryPolicy
// otherwise). A zero field means DefaultRetryPolicy's value (MaxDelay: the
// default or BaseDelay, whichever is longer). RetryPolicy{MaxAttempts: 1}
// turns retries off.
func WithRetry(p RetryPolicy) Option {
	return func(s *settings) error {
		if err := p.withDefaults().validate(); err != nil {
			return fmt.Errorf("oura: WithRetry: %v: %w", err, ErrInvalidArgument)
		}
		s.retry = p.withDefaults()
		return nil
	}
}

// WithRateLimit makes every attempt wait for l first. Share one limiter
// between the Clients of all users to keep an application under Oura's
// per-application limit (5,000 requests per 5 minutes), for example
// rate.NewLimiter(rate.Every(5*time.Minute/5000), 50).
func WithRateLimit(l *rate.Limiter) Option {
	return func(s *settings) error {
		if l == nil {
			return fmt.Errorf("oura: WithRateLimit: nil limiter: %w", ErrInvalidArgument)
		}
		s.limiter = l
		return nil
	}
}

// WithAttemptTimeout bounds each attempt, the answer's body included (60 s
// by default); a timed-out attempt is retried. The caller's context bounds
// the whole call.
func WithAttemptTimeout(d time.Duration) Option {
	return func(s *settings) error {
		if d <= 0 {
			return fmt.Errorf("oura: WithAttemptTimeout: %s is not positive: %w", d, ErrInvalidArgument)
		}
		s.attemptTimeout = d
		return nil
	}
}

// WithLogger logs one line per attempt (method, path, status, attempt,
// the wait before the next one, the error): Debug for successes, Warn for
// failures. Tokens and queries are never logged.
func WithLogger(l *slog.Logger) Option {
	return func(s *settings) error {
		if l == nil {
			return fmt.Errorf("oura: WithLogger: nil logger: %w", ErrInvalidArgument)
		}
		s.logger = l
		return nil
	}
}

// WithMaxResponseSize caps the body of a successful answer (32 MiB by
// default); a larger one is an error wrapping ErrBadResponse.
func WithMaxResponseSize(bytes int64) Option {
	return func(s *settings) error {
		if bytes < 1 {
			return fmt.Errorf("oura: WithMaxResponseSize: %d is not positive: %w", bytes, ErrInvalidArgument)
		}
		s.maxBody = bytes
		return nil
	}
}

// NewClient returns a Client. It needs WithToken or WithTokenSource.
func NewClient(opts ...Option) (*Client, error) {
	s, err := applyOptions("NewClient", opts)
	if err != nil {
		return nil, err
	}
	switch s.tokenOpts {
	case 0:
		return nil, fmt.Errorf("oura: NewClient: no credentials: use WithToken or WithTokenSource: %w", ErrInvalidArgument)
	case 1:
	default:
		return nil, fmt.Errorf("oura: NewClient: give one of WithToken and WithTokenSource, once: %w", ErrInvalidArgument)
	}
	return newClient("NewClient", s, bearer(s.tokens))
}

// applyOptions runs opts over the defaults.
func applyOptions(op string, opts []Option) (settings, error) {
	s := settings{baseURL: DefaultBaseURL, retry: DefaultRetryPolicy, attemptTimeout: 60 * time.Second, maxBody: defaultMaxBody, concurrency: DefaultConcurrency}
	for _, o := range opts {
		if o == nil {
			return s, fmt.Errorf("oura: %s: nil option: %w", op, ErrInvalidArgument)
		}
		if err := o(&s); err != nil {
			return s, err
		}
	}
	return s, nil
}

// newClient builds a Client from checked settings; auth sets the
// credentials of each request.
func newClient(op string, s settings, auth func(*http.Request) error) (*Client, error) {
	u, _ := url.Parse(s.baseURL)
	if u.Scheme == "http" && !s.allowHTTP && !isLoopback(u.Hostname()) {
		return nil, fmt.Errorf("oura: %s: refusing to send credentials over plain http to %s (use https, or WithInsecureHTTP): %w",
			op, u.Host, ErrInvalidArgument)
	}
	c := &Client{
		base:           s.baseURL,
		origin:         u.Scheme + "://" + u.Host,
		prefix:         u.EscapedPath(),
		collection:     "/v2/usercollection/",
		auth:           auth,
		userAgent:      "oura-go/" + Version,
		retry:          s.retry,
		limiter:        s.limiter,
		attemptTimeout: s.attemptTimeout,
		logger:         s.logger,
		maxBody:        s.maxBody,
		concurrency:    s.concurrency,
	}
	if s.sandbox {
		c.collection = sandboxCollection
	}
	if s.retry.Budget > 0 {
		c.budget = &retryBudget{tokens: s.retry.Budget, max: s.retry.Budget}
	}
	if s.userAgent != "" {
		c.userAgent = s.userAgent + " " + c.userAgent
	}
	hc := http.Client{}
	if s.hc != nil {
		hc = *s.hc // a copy: the caller's client stays as it is
	}
	if hc.Transport == nil {
		hc.Transport = defaultTransport{}
	}
	hc.CheckRedirect = guardRedirect(hc.CheckRedirect)
	c.hc = &hc
	return c, nil
}

// guardRedirect refuses a redirect that leaves the original host or goes
// from https to http: Oura has no reason to send one, and following it
// would carry credentials (headers, or a request body such as a webhook
// verification token) elsewhere. Other redirects go through next (or
// net/http's default limit of 10); an error from next is not retried.
func guardRedirect(next func(*http.Request, []*http.Request) error) func(*http.Request, []*http.Request) error {
	return func(req *http.Request, via []*http.Request) error {
		first := via[0].URL
		if !strings.EqualFold(req.URL.Host, first.Host) || (first.Scheme == "https" && req.URL.Scheme != "https") {
			return fmt.Errorf("refusing a redirect from %s://%s to %s://%s: %w",
				first.Scheme, first.Host, req.URL.Scheme, req.URL.Host, errRedirectRefused)
		}
		if next != nil {
			err := next(req, via)
			if err == nil || err == http.ErrUseLastResponse { // net/http compares it with ==
				return err
			}
			return fmt.Errorf("%w: %w", errRedirectRefused, err)
		}
		if len(via) >= 10 {
			return fmt.Errorf("stopped after 10 redirects: %w", errRedirectRefused)
		}
		return nil
	}
}

// isControl reports control characters, which cannot go in a header.
func isControl(r rune) bool { return r < ' ' && r != '\t' || r == 0x7f }

// isSpaceOrControl reports characters a token or credential cannot hold.
func isSpaceOrControl(r rune) bool { return r <= ' ' || r == 0x7f }

// parseHTTPURL parses an absolute http(s) URL with a host and no user
// info, query or fragment, as base URLs and endpoints must be.
func parseHTTPURL(raw string) (*url.URL, bool) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.User != nil ||
		u.RawQuery != "" || u.Fragment != "" || u.Opaque != "" {
		return u, false
	}
	return u, true
}

// noRedirects returns a copy of hc (or of a zero http.Client) that follows
// no redirect, for requests whose credentials travel in the body or query.
func noRedirects(hc *http.Client) *http.Client {
	c := http.Client{}
	if hc != nil {
		c = *hc
	}
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &c
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// String describes c without its credentials.
func (c Client) String() string {
	return fmt.Sprintf("oura.Client{base: %s%s}", c.base, c.collection)
}

// GoString is String, so %#v prints no credentials either.
func (c Client) GoString() string { return c.String() }

// Format prints c without credentials for every verb.
func (c Client) Format(f fmt.State, verb rune) { fmt.Fprint(f, c.String()) }

// errNoClient is the error of a call on a nil *Client or on a Client not
// made by NewClient (the zero Client has no credentials).
var errNoClient = fmt.Errorf("oura: nil or zero Client (create one with NewClient): %w", ErrInvalidArgument)

// unmade reports whether c is nil or was not made by NewClient.
func (c *Client) unmade() bool { return c == nil || c.auth == nil }

// bearer authenticates requests with tokens from ts.
func bearer(ts oauth2.TokenSource) func(*http.Request) error {
	return func(req *http.Request) error {
		tok, err := tokenFor(req.Context(), ts)
		if err != nil {
			return fmt.Errorf("getting a token: %w", inner(err))
		}
		if tok == nil || tok.AccessToken == "" {
			return fmt.Errorf("the token source gave an empty token: %w", ErrUnauthorized)
		}
		if strings.ContainsFunc(tok.AccessToken, isSpaceOrControl) {
			return fmt.Errorf("the token source gave a token with white space or control characters: %w", ErrInvalidArgument)
		}
		tok.SetAuthHeader(req)
		return nil
	}
}

// contextTokenSource is a token source whose wait can be cut short, like
// the one NewRotatingTokenSource returns.
type contextTokenSource interface {
	tokenContext(ctx context.Context) (*oauth2.Token, error)
}

// tokenFor gets a token from ts on the caller's goroutine: no goroutine is
// started per request, and none is left behind when ts blocks. A source
// from NewRotatingTokenSource gives up when ctx ends; another source holds
// the request until its Token returns (x/oauth2's sources obey the context
// they were made with), and a token that comes after ctx ended is not used.
func tokenFor(ctx context.Context, ts oauth2.TokenSource) (*oauth2.Token, error) {
	if cs, ok := ts.(contextTokenSource); ok {
		return cs.tokenContext(ctx)
	}
	tok, err := ts.Token()
	if err == nil && ctx.Err() != nil {
		return nil, ctx.Err()
	}
	return tok, err
}

// staticSource is WithToken's source: it never blocks.
type staticSource struct{ tok *oauth2.Token }

func (s staticSource) Token() (*oauth2.Token, error) { t := *s.tok; return &t, nil }
