package oura

import (
	"bytes"
	"cmp"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"mime"
	"net/http"
	"net/url"
	"sync"
	"time"
)

// call is one logical request, attempted one or more times.
type call struct {
	method string
	path   string // for errors and logs: never the query
	url    string
	body   []byte               // JSON request body, or nil
	out    bool                 // a JSON answer is expected
	seen   func(*http.Response) // sees the response of each attempt, if set
	// secrets the request carries beyond its credential headers (a
	// verification token in the body), redacted from all that is kept.
	secrets []string
}

// get sends an authenticated GET for path (relative to the base URL) with
// query q and decodes the JSON answer into out.
func (c *Client) get(ctx context.Context, path string, q url.Values, out any) error {
	return c.do(ctx, http.MethodGet, path, q, nil, out)
}

// do is the single request path of the SDK: it sends an authenticated
// request, retrying as the Client's RetryPolicy allows, and decodes the
// JSON answer into out (unless out is nil). Non-2xx answers become
// *APIError.
func (c *Client) do(ctx context.Context, method, path string, q url.Values, in, out any) error {
	return c.send(ctx, call{method: method, path: path}, q, in, out)
}

// send is do for a call whose method and path are set.
func (c *Client) send(ctx context.Context, cl call, q url.Values, in, out any) error {
	if c.unmade() {
		return inner(errNoClient) // callers name the call after "oura: "
	}
	cl.path = c.prefix + cl.path // the path as sent, for errors and logs
	method, path := cl.method, cl.path
	if ctx == nil {
		return fmt.Errorf("%s %s: %w", method, path, errNilContext)
	}
	cl.url, cl.out = c.origin+path, out != nil
	if len(q) > 0 {
		cl.url += "?" + q.Encode()
	}
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return fmt.Errorf("%s %s: encoding the request: %w", method, path, err)
		}
		cl.body = b
	}
	buf, sec, err := c.fetch(ctx, cl)
	if err != nil {
		return err
	}
	defer putBuffer(buf)
	if out == nil {
		return nil
	}
	// err from fetch is nil here
	if d, ok := out.(bodyDecoder); ok {
		err = d.decodeBody(buf.Bytes())
	} else {
		err = json.Unmarshal(buf.Bytes(), out)
	}
	if err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) && se.Offset >= int64(buf.Len()) {
			return fmt.Errorf("status 200: truncated JSON after %d bytes: %w", buf.Len(), ErrBadResponse)
		}
		return fmt.Errorf("status 200: malformed JSON: %v: %w", sec.redact(err.Error()), ErrBadResponse)
	}
	return nil
}

// outcome is what one attempt came to.
type outcome struct {
	status int           // HTTP status, 0 when none arrived
	err    error         // nil on success
	retry  bool          // err is worth another attempt
	wait   time.Duration // the server's Retry-After, if any
}

// fetch runs the attempts of cl and returns the body of the first
// successful one, read whole, and the secrets the attempts carried. Its
// errors, and its log lines, hold none of them.
func (c *Client) fetch(ctx context.Context, cl call) (_ *bytes.Buffer, sec secrets, _ error) {
	spent := 0     // retry budget used by this request
	var last error // the error of the previous attempt
	for attempt := 1; ; attempt++ {
		if err := c.waitLimiter(ctx); err != nil {
			if last != nil && errors.Is(err, errPastDeadline) {
				return nil, sec, fmt.Errorf("%w (attempt %d of %d; the rate limiter's wait would pass the deadline)", last, attempt-1, c.retry.MaxAttempts)
			}
			return nil, sec, fmt.Errorf("%s %s: waiting for the rate limiter: %w", cl.method, cl.path, err)
		}
		buf, o, asec := c.attempt(ctx, cl)
		sec = append(sec, asec...)
		if o.err == nil {
			c.log(ctx, slog.LevelDebug, cl, attempt, o, 0)
			c.budget.refund(max(spent, noRetryRefund))
			return buf, sec, nil
		}
		if !o.retry || attempt >= c.retry.MaxAttempts || ctx.Err() != nil {
			c.log(ctx, slog.LevelWarn, cl, attempt, o, 0)
			if attempt > 1 {
				return nil, sec, fmt.Errorf("%w (attempt %d of %d)", o.err, attempt, c.retry.MaxAttempts)
			}
			return nil, sec, o.err
		}
		cost := retryCost
		if errors.Is(o.err, context.DeadlineExceeded) {
			cost = timeoutRetryCost
		}
		if !c.budget.take(cost) {
			c.log(ctx, slog.LevelWarn, cl, attempt, o, 0)
			return nil, sec, fmt.Errorf("%w (retry budget exhausted)", o.err)
		}
		spent += cost
		wait := o.wait
		if wait == 0 {
			wait = c.retry.backoff(attempt)
		}
		if pastDeadline(ctx, wait) {
			// Sleeping would only end in context.DeadlineExceeded.
			c.log(ctx, slog.LevelWarn, cl, attempt, o, 0)
			return nil, sec, fmt.Errorf("%w (attempt %d of %d; the wait of %s before the next would pass the deadline)",
				o.err, attempt, c.retry.MaxAttempts, wait)
		}
		last = o.err
		c.log(ctx, slog.LevelWarn, cl, attempt, o, wait)
		if err := sleep(ctx, wait); err != nil {
			return nil, sec, fmt.Errorf("%s %s: %w while waiting to retry after: %w", cl.method, cl.path, err, o.err)
		}
	}
}

// waitLimiter waits for the Client's rate limiter, if any, until ctx ends.
// A wait that would end after ctx's deadline is not started: the error
// wraps errPastDeadline and context.DeadlineExceeded.
func (c *Client) waitLimiter(ctx context.Context) error {
	if c.limiter == nil {
		return nil
	}
	r := c.limiter.Reserve()
	if !r.OK() {
		return errors.New("the limiter allows no request")
	}
	if d := r.Delay(); d > 0 {
		if pastDeadline(ctx, d) {
			r.Cancel()
			return fmt.Errorf("a wait of %s %w: %w", d, errPastDeadline, context.DeadlineExceeded)
		}
		if err := sleep(ctx, d); err != nil {
			r.Cancel()
			return err
		}
	}
	return nil
}

// attempt sends cl once and reads its whole answer. It returns the
// secrets the request carried, redacted from the outcome's error.
func (c *Client) attempt(ctx context.Context, cl call) (*bytes.Buffer, outcome, secrets) {
	buf, o, sec := c.attemptOnce(ctx, cl)
	o.err = sec.redactError(o.err)
	return buf, o, sec
}

// attemptOnce is attempt before redaction.
func (c *Client) attemptOnce(ctx context.Context, cl call) (_ *bytes.Buffer, _ outcome, sec secrets) {
	actx := ctx
	if c.attemptTimeout > 0 {
		var cancel context.CancelFunc
		actx, cancel = context.WithTimeout(ctx, c.attemptTimeout)
		defer cancel()
	}
	var body io.Reader
	if cl.body != nil {
		body = bytes.NewReader(cl.body)
	}
	req, err := http.NewRequestWithContext(actx, cl.method, cl.url, body)
	if err != nil {
		return nil, outcome{err: fmt.Errorf("%s %s: %w", cl.method, cl.path, err)}, nil
	}
	authErr := c.auth(req)
	sec = secretsOf(req, cl.secrets...)
	if authErr != nil {
		return nil, outcome{err: fmt.Errorf("%s %s: %w", cl.method, cl.path, authErr)}, sec
	}
	if cl.body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", c.userAgent)

	resp, err := c.hc.Do(req)
	if err != nil {
		return nil, c.transportOutcome(ctx, actx, cl, 0, err), sec
	}
	if cl.seen != nil {
		cl.seen(resp)
	}
	defer func() {
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 4<<10))
		resp.Body.Close()
	}()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		e := newAPIError(cl.method, cl.path, resp, time.Now(), sec)
		o := outcome{status: resp.StatusCode, err: e}
		switch resp.StatusCode {
		case http.StatusTooManyRequests:
			o.retry, o.wait = true, e.RetryAfter
		case http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
			// A POST may have been carried out: only idempotent methods repeat.
			o.retry, o.wait = cl.method != http.MethodPost, e.RetryAfter
		}
		if e.RetryAfter > c.retry.MaxRetryAfter {
			o.retry = false // longer than we may wait: the caller decides
		}
		return nil, o, sec
	}
	buf := bufPool.Get().(*bytes.Buffer)
	if !cl.out {
		return buf, outcome{status: resp.StatusCode}, sec
	}
	if resp.StatusCode == http.StatusNoContent {
		putBuffer(buf)
		return nil, outcome{status: resp.StatusCode, err: fmt.Errorf("status 204: no content where a JSON answer was expected: %w", ErrBadResponse)}, sec
	}
	ct := resp.Header.Get("Content-Type")
	if mt, _, err := mime.ParseMediaType(ct); err != nil || (mt != "application/json" && mt != "application/problem+json") {
		putBuffer(buf)
		return nil, outcome{status: resp.StatusCode, err: fmt.Errorf("status %d: content type %q is not JSON: %w", resp.StatusCode, ct, ErrBadResponse)}, sec
	}
	lr := &limitedReader{r: resp.Body, n: c.maxBody}
	if _, err := buf.ReadFrom(lr); err != nil {
		putBuffer(buf)
		if lr.over {
			return nil, outcome{status: resp.StatusCode, err: fmt.Errorf("status %d: body larger than %d bytes: %w", resp.StatusCode, c.maxBody, ErrBadResponse)}, sec
		}
		return nil, c.transportOutcome(ctx, actx, cl, resp.StatusCode, fmt.Errorf("reading body: %w", err)), sec
	}
	return buf, outcome{status: resp.StatusCode}, sec
}

// transportOutcome classifies a failure to send or to read an answer:
// retried unless the caller's context ended, the server's certificate was
// refused, or the request was a POST that may have been carried out.
func (c *Client) transportOutcome(ctx, actx context.Context, cl call, status int, err error) outcome {
	var ue *url.Error
	if errors.As(err, &ue) {
		ue.URL = cl.path // the query is not the caller's business in an error line
	}
	idempotent := cl.method != http.MethodPost
	if ctx.Err() == nil && actx.Err() != nil {
		return outcome{status: status, retry: idempotent,
			err: fmt.Errorf("%s %s: attempt timed out after %s: %w", cl.method, cl.path, c.attemptTimeout, context.DeadlineExceeded)}
	}
	var certErr *tls.CertificateVerificationError
	var unknownAuthority x509.UnknownAuthorityError
	var hostErr x509.HostnameError
	retry := idempotent && ctx.Err() == nil && !errors.As(err, &certErr) && !errors.As(err, &unknownAuthority) &&
		!errors.As(err, &hostErr) && !errors.Is(err, errRedirectRefused)
	return outcome{status: status, retry: retry, err: fmt.Errorf("%s %s: %w", cl.method, cl.path, err)}
}

// log writes one line per attempt when the Client has a logger.
func (c *Client) log(ctx context.Context, level slog.Level, cl call, attempt int, o outcome, wait time.Duration) {
	if c.logger == nil {
		return
	}
	attrs := []slog.Attr{
		slog.String("method", cl.method),
		slog.String("path", cl.path),
		slog.Int("status", o.status),
		slog.Int("attempt", attempt),
	}
	if wait > 0 {
		attrs = append(attrs, slog.Duration("wait", wait))
	}
	if o.err != nil {
		attrs = append(attrs, slog.String("error", o.err.Error()))
	}
	c.logger.LogAttrs(ctx, level, "oura request", attrs...)
}

// pastDeadline reports whether a wait of d would end after ctx's deadline.
func pastDeadline(ctx context.Context, d time.Duration) bool {
	dl, ok := ctx.Deadline()
	return ok && time.Now().Add(d).After(dl)
}

// sleep waits for d or until ctx ends.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// RetryPolicy says how a Client retries a request that failed with 429,
// 502, 503, 504 or a transport error (a reset connection, a body cut
// short, an attempt that timed out). Other statuses are never retried, and
// a POST is retried only after a 429.
type RetryPolicy struct {
	// MaxAttempts counts every attempt, the first included; 1 turns
	// retries off. 0 means DefaultRetryPolicy's (4).
	MaxAttempts int
	// BaseDelay is the backoff before the second attempt; it doubles for
	// each further attempt, up to MaxDelay, and is jittered by up to half.
	// 0 means DefaultRetryPolicy's (500 ms); a MaxDelay of 0 means the
	// default (20 s) or BaseDelay, whichever is longer.
	BaseDelay, MaxDelay time.Duration
	// MaxRetryAfter is the longest Retry-After the Client waits for. A 429
	// asking for longer is returned at once as an error matching
	// ErrRateLimited, with APIError.RetryAfter and RateLimit set. 0 means
	// DefaultRetryPolicy's (1 minute).
	MaxRetryAfter time.Duration
	// Budget bounds retries across a Client's requests, as the AWS SDK's
	// retry quota does: a retry costs 5 (10 after a timeout), a success
	// gives back what its retries cost, or 1 when it needed none. When the
	// budget runs out, failures are returned without retrying, so a
	// failing service is not hammered. 0 means DefaultRetryPolicy's (500);
	// -1 means no budget.
	Budget int
}

// retry costs against RetryPolicy.Budget.
const (
	retryCost        = 5
	timeoutRetryCost = 10
	noRetryRefund    = 1
)

// retryBudget is the shared token bucket behind RetryPolicy.Budget.
type retryBudget struct {
	mu          sync.Mutex
	tokens, max int
}

func (b *retryBudget) take(n int) bool {
	if b == nil {
		return true
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.tokens < n {
		return false
	}
	b.tokens -= n
	return true
}

func (b *retryBudget) refund(n int) {
	if b == nil {
		return
	}
	b.mu.Lock()
	b.tokens = min(b.tokens+n, b.max)
	b.mu.Unlock()
}

// DefaultRetryPolicy is the policy of a Client without WithRetry.
var DefaultRetryPolicy = RetryPolicy{
	MaxAttempts:   4,
	BaseDelay:     500 * time.Millisecond,
	MaxDelay:      20 * time.Second,
	MaxRetryAfter: time.Minute,
	Budget:        500,
}

// backoff returns the wait before attempt+1: BaseDelay doubled per
// attempt, capped at MaxDelay, the upper half of it jittered.
func (p RetryPolicy) backoff(attempt int) time.Duration {
	d := p.BaseDelay
	for i := 1; i < attempt && d < p.MaxDelay; i++ {
		d *= 2
	}
	d = min(d, p.MaxDelay)
	if half := d / 2; half > 0 {
		return half + rand.N(half+1)
	}
	return d
}

// withDefaults fills every zero field from DefaultRetryPolicy.
func (p RetryPolicy) withDefaults() RetryPolicy {
	d := DefaultRetryPolicy
	p.MaxAttempts = cmp.Or(p.MaxAttempts, d.MaxAttempts)
	p.BaseDelay = cmp.Or(p.BaseDelay, d.BaseDelay)
	p.MaxDelay = cmp.Or(p.MaxDelay, max(d.MaxDelay, p.BaseDelay))
	p.MaxRetryAfter = cmp.Or(p.MaxRetryAfter, d.MaxRetryAfter)
	p.Budget = cmp.Or(p.Budget, d.Budget)
	return p
}

func (p RetryPolicy) validate() error {
	switch {
	case p.MaxAttempts < 1 || p.MaxAttempts > 20:
		return fmt.Errorf("MaxAttempts %d is not between 1 and 20", p.MaxAttempts)
	case p.BaseDelay < 0 || p.MaxDelay < 0 || p.MaxRetryAfter < 0:
		return errors.New("delays cannot be negative")
	case p.Budget < -1:
		return fmt.Errorf("budget %d is below -1", p.Budget)
	case p.MaxDelay < p.BaseDelay:
		return fmt.Errorf("MaxDelay %s is below BaseDelay %s", p.MaxDelay, p.BaseDelay)
	}
	return nil
}

// defaultMaxBody caps the size of a successful response body.
const defaultMaxBody = 32 << 20

// bufPool holds response buffers, so paging does not allocate a new body
// buffer for every page.
var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func putBuffer(b *bytes.Buffer) {
	if b.Cap() <= 4<<20 { // keep page-sized buffers only
		b.Reset()
		bufPool.Put(b)
	}
}

// limitedReader reads at most n bytes and remembers when r had more.
type limitedReader struct {
	r    io.Reader
	n    int64
	over bool
}

func (l *limitedReader) Read(p []byte) (int, error) {
	if l.n <= 0 {
		// Probe one byte to tell "exactly n" from "more than n".
		var b [1]byte
		if k, _ := l.r.Read(b[:]); k > 0 {
			l.over = true
			return 0, errBodyTooLarge
		}
		return 0, io.EOF
	}
	if int64(len(p)) > l.n {
		p = p[:l.n]
	}
	k, err := l.r.Read(p)
	l.n -= int64(k)
	return k, err
}

var (
	errBodyTooLarge    = errors.New("body too large")
	errPastDeadline    = errors.New("would pass the deadline")
	errNilContext      = fmt.Errorf("nil context: %w", ErrInvalidArgument)
	errRedirectRefused = errors.New("redirect refused")
)
