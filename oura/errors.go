package oura

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Errors to match with errors.Is. An *APIError matches the one that fits its
// status code; the others are returned before or between requests. They are
// wrapped in messages that begin "oura: " (once), so their own text has no
// prefix.
var (
	// ErrUnauthorized: 401, the access token is missing, expired or revoked.
	ErrUnauthorized = errors.New("unauthorized")
	// ErrForbidden: 403, the user's membership has expired or a scope was not granted.
	ErrForbidden = errors.New("forbidden")
	// ErrNotFound: 404, no such document.
	ErrNotFound = errors.New("not found")
	// ErrRateLimited: 429, too many requests; see APIError.RetryAfter.
	ErrRateLimited = errors.New("rate limited")
	// ErrValidation: 400 or 422, Oura rejected the request's parameters.
	ErrValidation = errors.New("request rejected as invalid")
	// ErrUpgradeRequired: 426, the user must update the Oura app.
	ErrUpgradeRequired = errors.New("the Oura app must be updated")
	// ErrServer: a 5xx answer.
	ErrServer = errors.New("server error")

	// ErrInvalidArgument: bad input caught before any request was sent.
	ErrInvalidArgument = errors.New("invalid argument")
	// ErrBadResponse: a response the SDK could not use (wrong content type,
	// malformed or truncated JSON, wrong shape, too large).
	ErrBadResponse = errors.New("bad response")
	// ErrRepeatedToken: Oura sent a next_token that was already used, which
	// would page forever.
	ErrRepeatedToken = errors.New("repeated next_token")
)

// APIError is a non-2xx answer from Oura. Match its kind with errors.Is
// (ErrUnauthorized, ErrRateLimited, ...) or read it with errors.As.
type APIError struct {
	StatusCode int    // HTTP status code
	Method     string // request method
	Path       string // request path, without the query
	// Detail is Oura's explanation, when it gave one.
	Detail string
	// ValidationErrors holds the parsed items of a 422 body.
	ValidationErrors []ValidationErrorItem
	// RetryAfter is the wait Oura asked for in Retry-After, or 0.
	RetryAfter time.Duration
	// RateLimit holds the X-RateLimit-* headers Oura sent, if any.
	RateLimit RateLimit
}

// RateLimit holds Oura's X-RateLimit-* response headers, as sent.
type RateLimit struct {
	Limit, Window, Reset, Tier string
}

func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s: %d %s", e.Method, e.Path, e.StatusCode, http.StatusText(e.StatusCode))
	if e.Detail != "" {
		b.WriteString(": ")
		b.WriteString(e.Detail)
	}
	if e.RetryAfter > 0 {
		fmt.Fprintf(&b, " (retry after %s)", e.RetryAfter)
	}
	return b.String()
}

// GoString prints e as its message, so %#v shows neither headers nor the
// inputs Oura echoes in ValidationErrors, which may hold secrets.
func (e *APIError) GoString() string { return "&oura.APIError{" + e.Error() + "}" }

// Is reports whether target is the sentinel error for e's status code.
func (e *APIError) Is(target error) bool {
	switch e.StatusCode {
	case http.StatusUnauthorized:
		return target == ErrUnauthorized
	case http.StatusForbidden:
		return target == ErrForbidden
	case http.StatusNotFound:
		return target == ErrNotFound
	case http.StatusTooManyRequests:
		return target == ErrRateLimited
	case http.StatusBadRequest, http.StatusUnprocessableEntity:
		return target == ErrValidation
	case http.StatusUpgradeRequired:
		return target == ErrUpgradeRequired
	}
	return e.StatusCode >= 500 && target == ErrServer
}

// maxErrorBody caps how much of an error body is read.
const maxErrorBody = 64 << 10

// newAPIError builds the error for a non-2xx response; it reads at most
// maxErrorBody bytes of the body and redacts sec from it before anything
// is kept or cut short.
func newAPIError(method, path string, resp *http.Response, now time.Time, sec secrets) *APIError {
	e := &APIError{
		StatusCode: resp.StatusCode,
		Method:     method,
		Path:       path,
		RetryAfter: parseRetryAfter(resp.Header.Get("Retry-After"), now),
		RateLimit: RateLimit{
			Limit:  resp.Header.Get("X-RateLimit-Limit"),
			Window: resp.Header.Get("X-RateLimit-Window"),
			Reset:  resp.Header.Get("X-RateLimit-Reset"),
			Tier:   resp.Header.Get("X-RateLimit-Tier"),
		},
	}
	body, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	e.Detail, e.ValidationErrors = parseErrorBody([]byte(sec.redact(string(body))))
	sec.redactAPIError(e)
	return e
}

// parseErrorBody reads Oura's error bodies: {"detail": "text"},
// {"detail": [{"loc", "msg", "type"}]} or {"message": "text"}; anything
// else is kept as short plain text.
func parseErrorBody(body []byte) (string, []ValidationErrorItem) {
	var b struct {
		Detail  json.RawMessage `json:"detail"`
		Message string          `json:"message"`
		Title   string          `json:"title"`
	}
	if json.Unmarshal(body, &b) == nil {
		var s string
		var items []ValidationErrorItem
		switch {
		case len(b.Detail) > 0 && json.Unmarshal(b.Detail, &s) == nil && s != "":
			return short(s), nil
		case len(b.Detail) > 0 && json.Unmarshal(b.Detail, &items) == nil && len(items) > 0:
			parts := make([]string, 0, len(items))
			for _, it := range items {
				parts = append(parts, fmt.Sprintf("%s: %s", locString(it.Loc), it.Msg))
			}
			return short(strings.Join(parts, "; ")), items
		case b.Message != "":
			return short(b.Message), nil
		case b.Title != "":
			return short(b.Title), nil
		}
		return "", nil
	}
	if utf8.Valid(body) {
		return short(strings.TrimSpace(string(body))), nil
	}
	return "", nil
}

func locString(loc []any) string {
	parts := make([]string, 0, len(loc))
	for _, p := range loc {
		parts = append(parts, fmt.Sprint(p))
	}
	return strings.Join(parts, ".")
}

// short keeps error text to one readable line.
func short(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 300 {
		s = strings.ToValidUTF8(s[:300], "") + "..." // drop a rune cut in half
	}
	return s
}

// parseRetryAfter reads a Retry-After value in seconds or as an HTTP date.
// It returns 0 for a missing, malformed or past value.
func parseRetryAfter(v string, now time.Time) time.Duration {
	const limit = 24 * time.Hour // no one waits longer: treat more as a day
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if errors.Is(err, strconv.ErrRange) && n > 0 {
		return limit // too many seconds to count: as long as we ever wait
	}
	if err == nil {
		if n <= 0 {
			return 0
		}
		return time.Duration(min(n, int64(limit/time.Second))) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return min(t.Sub(now).Round(time.Second), limit)
	}
	return 0
}

// inner wraps err, an error of this package that begins "oura: ", for a
// message that already does: the prefix is said once. It unwraps to err.
func inner(err error) error {
	if err == nil || !strings.HasPrefix(err.Error(), "oura: ") {
		return err
	}
	return &innerError{err}
}

type innerError struct{ err error }

func (e *innerError) Error() string { return strings.TrimPrefix(e.err.Error(), "oura: ") }
func (e *innerError) Unwrap() error { return e.err }
