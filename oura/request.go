package oura

import (
	"bytes"
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

// get is the single request path of the SDK: it sends an authenticated GET
// for path (relative to the base URL) with query q, retrying as the
// Client's RetryPolicy allows, and decodes the JSON answer into out.
// Non-2xx answers become *APIError.
func (c *Client) get(ctx context.Context, path string, q url.Values, out any) error {
	if c == nil {
		return errNoClient
	}
	u := c.base + path
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	buf, err := c.fetch(ctx, u, path)
	if err != nil {
		return err
	}
	defer putBuffer(buf)
	if err := json.Unmarshal(buf.Bytes(), out); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) && se.Offset >= int64(buf.Len()) {
			return fmt.Errorf("status 200: truncated JSON after %d bytes: %w", buf.Len(), ErrBadResponse)
		}
		return fmt.Errorf("status 200: malformed JSON: %v: %w", err, ErrBadResponse)
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

// fetch runs the attempts for one GET and returns the body of the first
// successful one, read whole.
func (c *Client) fetch(ctx context.Context, u, path string) (*bytes.Buffer, error) {
	spent := 0 // retry budget used by this request
	for attempt := 1; ; attempt++ {
		if c.limiter != nil {
			if err := c.limiter.Wait(ctx); err != nil {
				return nil, fmt.Errorf("GET %s: waiting for the rate limiter: %w", path, err)
			}
		}
		buf, o := c.attempt(ctx, u, path)
		if o.err == nil {
			c.log(ctx, slog.LevelDebug, path, attempt, o, 0)
			c.budget.refund(max(spent, noRetryRefund))
			return buf, nil
		}
		if !o.retry || attempt >= c.retry.MaxAttempts || ctx.Err() != nil {
			c.log(ctx, slog.LevelWarn, path, attempt, o, 0)
			if attempt > 1 {
				return nil, fmt.Errorf("%w (attempt %d of %d)", o.err, attempt, c.retry.MaxAttempts)
			}
			return nil, o.err
		}
		cost := retryCost
		if errors.Is(o.err, context.DeadlineExceeded) {
			cost = timeoutRetryCost
		}
		if !c.budget.take(cost) {
			c.log(ctx, slog.LevelWarn, path, attempt, o, 0)
			return nil, fmt.Errorf("%w (retry budget exhausted)", o.err)
		}
		spent += cost
		wait := o.wait
		if wait == 0 {
			wait = c.retry.backoff(attempt)
		}
		c.log(ctx, slog.LevelWarn, path, attempt, o, wait)
		if err := sleep(ctx, wait); err != nil {
			return nil, fmt.Errorf("GET %s: %w while waiting to retry after: %w", path, err, o.err)
		}
	}
}

// attempt sends one request and reads its whole answer.
func (c *Client) attempt(ctx context.Context, u, path string) (*bytes.Buffer, outcome) {
	actx := ctx
	if c.attemptTimeout > 0 {
		var cancel context.CancelFunc
		actx, cancel = context.WithTimeout(ctx, c.attemptTimeout)
		defer cancel()
	}
	req, err := http.NewRequestWithContext(actx, http.MethodGet, u, nil)
	if err != nil {
		return nil, outcome{err: fmt.Errorf("GET %s: %w", path, err)}
	}
	tok, err := c.tokens.Token()
	if err != nil {
		return nil, outcome{err: fmt.Errorf("GET %s: getting a token: %w", path, err)}
	}
	if tok == nil || tok.AccessToken == "" {
		return nil, outcome{err: fmt.Errorf("GET %s: the token source gave an empty token: %w", path, ErrUnauthorized)}
	}
	tok.SetAuthHeader(req)
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", c.userAgent)

	resp, err := c.hc.Do(req)
	if err != nil {
		return nil, c.transportOutcome(ctx, actx, path, 0, err)
	}
	defer func() {
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 4<<10))
		resp.Body.Close()
	}()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		e := newAPIError(http.MethodGet, path, resp, time.Now())
		o := outcome{status: resp.StatusCode, err: e}
		switch resp.StatusCode {
		case http.StatusTooManyRequests, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
			o.retry, o.wait = true, e.RetryAfter
			if e.RetryAfter > c.retry.MaxRetryAfter {
				o.retry = false // longer than we may wait: the caller decides
			}
		}
		return nil, o
	}
	ct := resp.Header.Get("Content-Type")
	if mt, _, err := mime.ParseMediaType(ct); err != nil || (mt != "application/json" && mt != "application/problem+json") {
		return nil, outcome{status: resp.StatusCode, err: fmt.Errorf("status %d: content type %q is not JSON: %w", resp.StatusCode, ct, ErrBadResponse)}
	}
	buf := bufPool.Get().(*bytes.Buffer)
	lr := &limitedReader{r: resp.Body, n: c.maxBody}
	if _, err := buf.ReadFrom(lr); err != nil {
		putBuffer(buf)
		if lr.over {
			return nil, outcome{status: resp.StatusCode, err: fmt.Errorf("status %d: body larger than %d bytes: %w", resp.StatusCode, c.maxBody, ErrBadResponse)}
		}
		return nil, c.transportOutcome(ctx, actx, path, resp.StatusCode, fmt.Errorf("reading body: %w", err))
	}
	return buf, outcome{status: resp.StatusCode}
}

// transportOutcome classifies a failure to send or to read an answer:
// retried unless the caller's context ended or the server's certificate
// was refused.
func (c *Client) transportOutcome(ctx, actx context.Context, path string, status int, err error) outcome {
	var ue *url.Error
	if errors.As(err, &ue) {
		ue.URL = path // the query is not the caller's business in an error line
	}
	if ctx.Err() == nil && actx.Err() != nil {
		return outcome{status: status, retry: true,
			err: fmt.Errorf("GET %s: attempt timed out after %s: %w", path, c.attemptTimeout, context.DeadlineExceeded)}
	}
	var certErr *tls.CertificateVerificationError
	var unknownAuthority x509.UnknownAuthorityError
	var hostErr x509.HostnameError
	retry := ctx.Err() == nil && !errors.As(err, &certErr) && !errors.As(err, &unknownAuthority) &&
		!errors.As(err, &hostErr) && !errors.Is(err, errRedirectRefused)
	return outcome{status: status, retry: retry, err: fmt.Errorf("GET %s: %w", path, err)}
}

// log writes one line per attempt when the Client has a logger.
func (c *Client) log(ctx context.Context, level slog.Level, path string, attempt int, o outcome, wait time.Duration) {
	if c.logger == nil {
		return
	}
	attrs := []slog.Attr{
		slog.String("method", http.MethodGet),
		slog.String("path", path),
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

// RetryPolicy says how a Client retries a GET that failed with 429, 502,
// 503, 504 or a transport error (a reset connection, a body cut short, an
// attempt that timed out). Other statuses are never retried.
type RetryPolicy struct {
	// MaxAttempts counts every attempt, the first included; 1 turns
	// retries off.
	MaxAttempts int
	// BaseDelay is the backoff before the second attempt; it doubles for
	// each further attempt, up to MaxDelay, and is jittered by up to half.
	BaseDelay, MaxDelay time.Duration
	// MaxRetryAfter is the longest Retry-After the Client waits for. A 429
	// asking for longer is returned at once as an error matching
	// ErrRateLimited, with APIError.RetryAfter and RateLimit set.
	MaxRetryAfter time.Duration
	// Budget bounds retries across a Client's requests, as the AWS SDK's
	// retry quota does: a retry costs 5 (10 after a timeout), a success
	// gives back what its retries cost, or 1 when it needed none. When the
	// budget runs out, failures are returned without retrying, so a
	// failing service is not hammered. 0 means no budget.
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

func (p RetryPolicy) validate() error {
	switch {
	case p.MaxAttempts < 1 || p.MaxAttempts > 20:
		return fmt.Errorf("MaxAttempts %d is not between 1 and 20", p.MaxAttempts)
	case p.BaseDelay < 0 || p.MaxDelay < 0 || p.MaxRetryAfter < 0 || p.Budget < 0:
		return errors.New("delays cannot be negative")
	case p.MaxAttempts > 1 && p.BaseDelay == 0:
		return errors.New("BaseDelay must be positive when retrying")
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
	errRedirectRefused = errors.New("redirect refused")
)
