package oura

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"sync"
	"time"
)

// maxBody caps the size of a successful response body.
const maxBody = 32 << 20

// get is the single request path of the SDK: it sends an authenticated GET
// for path (relative to the base URL) with query q and decodes the JSON
// answer into out. Non-2xx answers become *APIError.
func (c *Client) get(ctx context.Context, path string, q url.Values, out any) error {
	if c == nil {
		return errNoClient
	}
	u := c.base + path
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return fmt.Errorf("GET %s: %w", path, err)
	}
	tok, err := c.tokens.Token()
	if err != nil {
		return fmt.Errorf("GET %s: getting a token: %w", path, err)
	}
	if tok == nil || tok.AccessToken == "" {
		return fmt.Errorf("GET %s: the token source gave an empty token: %w", path, ErrUnauthorized)
	}
	tok.SetAuthHeader(req)
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", c.userAgent)

	resp, err := c.hc.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			ue.URL = path // the query is not the caller's business in an error line
		}
		return fmt.Errorf("GET %s: %w", path, err)
	}
	defer func() {
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 4<<10))
		resp.Body.Close()
	}()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return newAPIError(http.MethodGet, path, resp, time.Now())
	}
	return decodeJSON(resp, out)
}

// decodeJSON decodes a successful response, refusing other content types
// and bodies over maxBody.
func decodeJSON(resp *http.Response, out any) error {
	ct := resp.Header.Get("Content-Type")
	if mt, _, err := mime.ParseMediaType(ct); err != nil || (mt != "application/json" && mt != "application/problem+json") {
		return fmt.Errorf("status %d: content type %q is not JSON: %w", resp.StatusCode, ct, ErrBadResponse)
	}
	buf := bufPool.Get().(*bytes.Buffer)
	defer func() {
		if buf.Cap() <= 4<<20 { // keep page-sized buffers only
			buf.Reset()
			bufPool.Put(buf)
		}
	}()
	lr := &limitedReader{r: resp.Body, n: maxBody}
	_, rerr := buf.ReadFrom(lr)
	switch {
	case lr.over:
		return fmt.Errorf("status %d: body larger than %d bytes: %w", resp.StatusCode, maxBody, ErrBadResponse)
	case rerr != nil:
		return fmt.Errorf("status %d: reading body: %w", resp.StatusCode, rerr)
	}
	err := json.Unmarshal(buf.Bytes(), out)
	if err == nil {
		return nil
	}
	var se *json.SyntaxError
	if errors.As(err, &se) && se.Offset >= int64(buf.Len()) {
		return fmt.Errorf("status %d: truncated JSON after %d bytes: %w", resp.StatusCode, buf.Len(), ErrBadResponse)
	}
	return fmt.Errorf("status %d: malformed JSON: %v: %w", resp.StatusCode, err, ErrBadResponse)
}

// bufPool holds response buffers, so paging does not allocate a new body
// buffer for every page.
var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// limitedReader reads at most n bytes and remembers when r had more.
type limitedReader struct {
	r    io.Reader
	n    int64
	over bool
	err  error // the first read error of r
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
	if err != nil && l.err == nil {
		l.err = err
	}
	return k, err
}

var errBodyTooLarge = errors.New("body too large")
