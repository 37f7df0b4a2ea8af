package oura

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"strings"
)

// CallOption refines one call of Client.Do.
type CallOption func(*callOptions)

type callOptions struct {
	resp       **http.Response
	nilCapture bool // CaptureResponse(nil)
}

// CaptureResponse stores in *resp the last response the call received,
// after retries, whether it succeeded or not: its status, and its header
// with Oura's rate-limit fields (X-RateLimit-Limit, -Window, -Reset, -Tier).
// The body has been read, so resp.Body is http.NoBody. When no response
// arrived at all (transport errors only), *resp is nil.
func CaptureResponse(resp **http.Response) CallOption {
	return func(o *callOptions) { o.resp, o.nilCapture = resp, resp == nil }
}

// Do sends a request that the SDK has no method for, such as a route Oura
// added after this release, through the same path as every other method:
// the Client's credentials, retries, rate limiter, attempt timeout,
// logging, size cap and redaction, and the same typed errors (*APIError,
// ErrBadResponse, ...).
//
// path is relative to the Client's base URL and may carry a query:
//
//	var page struct {
//		Data      []json.RawMessage `json:"data"`
//		NextToken *string           `json:"next_token"`
//	}
//	err := client.Do(ctx, http.MethodGet, "/v2/usercollection/meal?start_date=2026-01-01", nil, &page)
//
// body, when not nil, is sent as JSON. A 2xx answer is decoded as JSON
// into out, a non-nil pointer; with out nil the answer is discarded. Do
// sends path as given: WithSandbox does not rewrite it. Bad input (an
// empty or invalid method, a path that is not relative to the base URL,
// out not a pointer) is an error wrapping ErrInvalidArgument, returned
// before any request.
//
// Oura API docs: https://cloud.ouraring.com/v2/docs
func (c *Client) Do(ctx context.Context, method, path string, body, out any, opts ...CallOption) error {
	if c.unmade() {
		return errNoClient
	}
	var o callOptions
	for _, f := range opts {
		if f == nil {
			return fmt.Errorf("oura: Do: nil CallOption: %w", ErrInvalidArgument)
		}
		f(&o)
	}
	if o.nilCapture {
		return fmt.Errorf("oura: Do: CaptureResponse(nil): %w", ErrInvalidArgument)
	}
	if o.resp != nil {
		*o.resp = nil
	}
	if method == "" || strings.ContainsFunc(method, func(r rune) bool { return r <= ' ' || r >= 0x7f || strings.ContainsRune(`()<>@,;:\"/[]?={}`, r) }) {
		return fmt.Errorf("oura: Do: invalid method %q: %w", method, ErrInvalidArgument)
	}
	u, err := url.Parse(path)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || !strings.HasPrefix(path, "/") || strings.HasPrefix(path, "//") || u.Fragment != "" {
		return fmt.Errorf("oura: Do: path must be relative to the base URL, start with / and have no fragment: %w", ErrInvalidArgument)
	}
	if out != nil {
		if v := reflect.ValueOf(out); v.Kind() != reflect.Pointer || v.IsNil() {
			return fmt.Errorf("oura: Do: out must be a non-nil pointer, not %T: %w", out, ErrInvalidArgument)
		}
	}
	cl := call{method: method, path: u.EscapedPath()}
	if o.resp != nil {
		cl.seen = func(r *http.Response) {
			cp := *r
			cp.Body = http.NoBody
			cp.Request = nil
			cp.Header = r.Header.Clone()
			*o.resp = &cp
		}
	}
	if err := c.send(ctx, cl, u.Query(), body, out); err != nil {
		return fmt.Errorf("oura: Do: %w", err)
	}
	return nil
}
