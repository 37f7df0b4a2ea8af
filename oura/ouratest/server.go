// Package ouratest provides a fake Oura API server for tests and offline
// runs: deterministic synthetic data for every day of any range, Oura's
// page sizes, opaque next_tokens containing '+', '/' and '=', Oura's date
// quirks, its 30-day heart-rate limit, the query parameters Oura's
// document lists for each route and no others, bearer authentication,
// hooks to inject failures, a fake OAuth2 authorization server (oauth.go)
// and fake webhook subscriptions with signed deliveries (webhook.go).
//
//	srv := ouratest.NewServer()
//	defer srv.Close()
//	client, err := srv.NewClient()
//	sleep, err := client.DailySleep(ctx, start, end)
//	want := srv.Dataset().DailySleep(start, end)
//
// A Dataset (dataset.go) can be built without a server and changed with
// your own documents, also while it is served; Server.Handler and
// NewUnstartedServer put the fake on your own mux or TLS server.
package ouratest

import (
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ringkit/oura-go/oura"
)

// Defaults of a Server.
const (
	DefaultToken             = "ouratest-token"
	DefaultPageSize          = 50   // documents per page
	DefaultHeartRatePageSize = 1000 // rows per heart-rate page, as Oura sends
	DefaultHeartRateInterval = 5 * time.Minute
)

// Hook sees every request before the server does; when it writes a
// response it returns true and the server does nothing more.
type Hook func(w http.ResponseWriter, r *http.Request) bool

// Request is a request the server received.
type Request struct {
	Method string
	Path   string
	Query  url.Values
}

// Server is a running fake Oura API. Close it when done.
type Server struct {
	*httptest.Server

	// Token is the bearer token the server accepts.
	Token string

	data       *Dataset
	dataOpts   []DatasetOption // for the server's own dataset
	pageSize   int
	hrPageSize int
	hooks      []Hook

	oauth     *authServer   // the fake authorization server (oauth.go)
	hookState *webhookState // the fake webhook subscriptions (webhook.go)

	mu       sync.Mutex
	requests []Request
}

// Option configures a Server.
type Option func(*Server)

// WithToken sets the accepted bearer token (DefaultToken otherwise).
func WithToken(token string) Option { return func(s *Server) { s.Token = token } }

// WithPageSize sets the documents per page of the day collections.
func WithPageSize(n int) Option { return func(s *Server) { s.pageSize = max(n, 1) } }

// WithHeartRatePageSize sets the rows per heart-rate page.
func WithHeartRatePageSize(n int) Option { return func(s *Server) { s.hrPageSize = max(n, 1) } }

// WithHeartRateInterval sets the time between heart-rate samples of the
// server's own dataset (see HeartRateInterval).
func WithHeartRateInterval(d time.Duration) Option {
	return func(s *Server) { s.dataOpts = append(s.dataOpts, HeartRateInterval(d)) }
}

// WithLocation sets the user's time zone in the server's own dataset (see
// Location).
func WithLocation(loc *time.Location) Option {
	return func(s *Server) { s.dataOpts = append(s.dataOpts, Location(loc)) }
}

// WithDataset serves ds instead of a new synthetic dataset; several servers
// may serve the same one. It cannot be combined with WithLocation or
// WithHeartRateInterval: give those to NewDataset.
func WithDataset(ds *Dataset) Option { return func(s *Server) { s.data = ds } }

// WithHook adds a hook; hooks run in the order given.
func WithHook(h Hook) Option { return func(s *Server) { s.hooks = append(s.hooks, h) } }

// NewServer starts a fake Oura API on a loopback address.
func NewServer(opts ...Option) *Server {
	s := NewUnstartedServer(opts...)
	s.Start()
	return s
}

// NewUnstartedServer returns a fake Oura API that is not started yet, like
// httptest.NewUnstartedServer: change its Config or TLS, then call Start or
// StartTLS, and Close it when done. It panics when WithDataset is combined
// with dataset options.
func NewUnstartedServer(opts ...Option) *Server {
	s := &Server{
		Token:      DefaultToken,
		pageSize:   DefaultPageSize,
		hrPageSize: DefaultHeartRatePageSize,
		oauth:      newAuthServer(),
		hookState:  newWebhookState(),
	}
	for _, o := range opts {
		o(s)
	}
	switch {
	case s.data == nil:
		s.data = NewDataset(s.dataOpts...)
	case len(s.dataOpts) > 0:
		panic("ouratest: WithDataset cannot be combined with WithLocation or WithHeartRateInterval; pass them to NewDataset")
	}
	s.Server = httptest.NewUnstartedServer(s.Handler())
	return s
}

// Handler returns the fake API as an http.Handler, to mount on your own mux
// or server. It serves the same dataset, hooks and tokens as s, and records
// its requests in s.Requests.
func (s *Server) Handler() http.Handler { return http.HandlerFunc(s.serve) }

// NewClient returns an oura.Client for this server with its token; opts
// are added after the server's own.
func (s *Server) NewClient(opts ...oura.Option) (*oura.Client, error) {
	return oura.NewClient(append([]oura.Option{
		oura.WithBaseURL(s.URL), oura.WithToken(s.Token), oura.WithHTTPClient(s.Client()),
	}, opts...)...)
}

// Dataset returns the data the server serves, for expected results.
func (s *Server) Dataset() *Dataset { return s.data }

// Requests returns the requests received so far, hooks' included.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// FailFirst is a hook that answers the first n requests with status and a
// JSON error body.
func FailFirst(n int, status int) Hook {
	var seen atomic.Int64
	return func(w http.ResponseWriter, r *http.Request) bool {
		if seen.Add(1) > int64(n) {
			return false
		}
		writeError(w, status, fmt.Sprintf("injected %d", status))
		return true
	}
}

// RateLimitFirst is a hook that answers the first n requests with 429,
// Retry-After set to retryAfter seconds and Oura's X-RateLimit-* headers.
func RateLimitFirst(n int, retryAfter int) Hook {
	var seen atomic.Int64
	return func(w http.ResponseWriter, r *http.Request) bool {
		if seen.Add(1) > int64(n) {
			return false
		}
		h := w.Header()
		h.Set("Retry-After", fmt.Sprint(retryAfter))
		h.Set("X-RateLimit-Limit", "5000")
		h.Set("X-RateLimit-Window", "300")
		h.Set("X-RateLimit-Reset", fmt.Sprint(retryAfter))
		h.Set("X-RateLimit-Tier", "default")
		writeError(w, http.StatusTooManyRequests, "Too Many Requests")
		return true
	}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func writeError(w http.ResponseWriter, status int, detail string) {
	writeJSON(w, status, map[string]string{"detail": detail})
}

// validation writes a 422 in Oura's shape.
func validation(w http.ResponseWriter, param, msg string) {
	writeJSON(w, http.StatusUnprocessableEntity, map[string]any{
		"detail": []map[string]any{{"loc": []string{"query", param}, "msg": msg, "type": "value_error"}},
	})
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.requests = append(s.requests, Request{Method: r.Method, Path: r.URL.Path, Query: r.URL.Query()})
	s.mu.Unlock()
	for _, h := range s.hooks {
		if h(w, r) {
			return
		}
	}
	// Routes with their own credentials.
	switch {
	case strings.HasPrefix(r.URL.Path, "/oauth/"):
		s.serveOAuth(w, r)
		return
	case strings.HasPrefix(r.URL.Path, "/v2/webhook/"):
		s.serveWebhooks(w, r)
		return
	}
	if tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); !ok || !s.acceptsToken(tok) {
		writeError(w, http.StatusUnauthorized, "Unauthorized")
		return
	}
	if r.Method != http.MethodGet {
		writeError(w, http.StatusMethodNotAllowed, "Method Not Allowed")
		return
	}
	rest, ok := strings.CutPrefix(r.URL.Path, "/v2/usercollection/")
	sandbox := false
	if !ok {
		rest, ok = strings.CutPrefix(r.URL.Path, "/v2/sandbox/usercollection/")
		sandbox = ok
	}
	if !ok {
		writeError(w, http.StatusNotFound, "Not Found")
		return
	}
	name, id, single := strings.Cut(rest, "/")
	if name == "personal_info" && !single && !sandbox {
		if !acceptsOnly(w, r, nil) {
			return
		}
		if p, ok := s.data.profile(); ok {
			writeJSON(w, http.StatusOK, p)
		} else {
			writeError(w, http.StatusNotFound, "Document not found")
		}
		return
	}
	c := registry[name]
	params, byID := []string(nil), false
	if c != nil {
		params, byID = c.routes.params, c.routes.byID
		if sandbox {
			params, byID = c.routes.sandbox, c.routes.sandboxByID
		}
	}
	switch {
	case c == nil || (!single && params == nil) || (single && !byID):
		writeError(w, http.StatusNotFound, "Not Found")
	case single:
		if acceptsOnly(w, r, nil) {
			s.serveDocument(w, c, id)
		}
	case !acceptsOnly(w, r, params):
	case c.kind == seriesKind:
		s.serveSeries(w, r, c)
	case c.kind == listKind:
		s.serveList(w, r, s.data.all(c))
	default:
		s.serveDays(w, r, c)
	}
}

// acceptsOnly answers 422, as Oura does for a bad parameter, when the
// request has a query parameter its route does not list.
func acceptsOnly(w http.ResponseWriter, r *http.Request, params []string) bool {
	for k := range r.URL.Query() {
		if !slices.Contains(params, k) {
			validation(w, k, "Extra inputs are not permitted")
			return false
		}
	}
	return true
}

func (s *Server) serveDocument(w http.ResponseWriter, c *collection, id string) {
	if doc, ok := s.data.byID(c, id); ok {
		writeJSON(w, http.StatusOK, doc)
		return
	}
	writeError(w, http.StatusNotFound, "Document not found")
}

// parseDay reads a start_date/end_date value: a date or a date-time.
func parseDay(v string) (oura.Date, bool) {
	if d, err := oura.ParseDate(v); err == nil {
		return d, true
	}
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return oura.DateOf(t), true
	}
	return oura.Date{}, false
}

// serveDays lists a day collection with Oura's quirks: end_date is
// exclusive (a bare date is its midnight) and /sleep excludes start_date.
func (s *Server) serveDays(w http.ResponseWriter, r *http.Request, c *collection) {
	q := r.URL.Query()
	end := oura.DateOf(time.Now().UTC())
	if v := q.Get("end_date"); v != "" {
		var ok bool
		if end, ok = parseDay(v); !ok {
			validation(w, "end_date", "Input should be a valid date")
			return
		}
	}
	start := end.AddDays(-1)
	if v := q.Get("start_date"); v != "" {
		var ok bool
		if start, ok = parseDay(v); !ok {
			validation(w, "start_date", "Input should be a valid date")
			return
		}
	}
	if end.Before(start) {
		writeError(w, http.StatusBadRequest, "Start date is greater than end date")
		return
	}
	first := start
	if c.path == "sleep" {
		first = start.AddDays(1)
	}
	docs := []any{}
	if first.Before(end) {
		docs = s.data.days(c, first, end.AddDays(-1))
	}
	s.serveList(w, r, docs)
}

// serveList pages docs, projected on the fields asked for.
func (s *Server) serveList(w http.ResponseWriter, r *http.Request, docs []any) {
	q := r.URL.Query()
	offset, ok := s.offset(w, q)
	if !ok {
		return
	}
	if offset > int64(len(docs)) {
		writeError(w, http.StatusBadRequest, "Invalid next_token")
		return
	}
	stop := min(offset+int64(s.pageSize), int64(len(docs)))
	page := map[string]any{"data": project(docs[offset:stop], q.Get("fields")), "next_token": nil}
	if stop < int64(len(docs)) {
		page["next_token"] = encodeToken(stop, q)
	}
	writeJSON(w, http.StatusOK, page)
}

// project keeps only the comma-separated fields of each document, as
// Oura's fields parameter does.
func project(docs []any, fields string) []any {
	out := make([]any, 0, len(docs))
	if fields == "" {
		return append(out, docs...)
	}
	keep := strings.Split(fields, ",")
	for _, d := range docs {
		b, _ := json.Marshal(d)
		var m map[string]any
		json.Unmarshal(b, &m)
		p := map[string]any{}
		for _, k := range keep {
			if v, ok := m[k]; ok {
				p[k] = v
			}
		}
		out = append(out, p)
	}
	return out
}

// serveSeries lists time-series rows in [start_datetime, end_datetime],
// both included, refusing spans over 30 days.
func (s *Server) serveSeries(w http.ResponseWriter, r *http.Request, c *collection) {
	q := r.URL.Query()
	start, err1 := time.Parse(time.RFC3339, q.Get("start_datetime"))
	end, err2 := time.Parse(time.RFC3339, q.Get("end_datetime"))
	switch {
	case err1 != nil:
		validation(w, "start_datetime", "Input should be a valid datetime with a UTC offset")
		return
	case err2 != nil:
		validation(w, "end_datetime", "Input should be a valid datetime with a UTC offset")
		return
	case end.Before(start):
		writeError(w, http.StatusBadRequest, "Start time is greater than end time")
		return
	case end.Sub(start) > 30*24*time.Hour:
		writeError(w, http.StatusBadRequest, "Time range must not exceed 30 days")
		return
	}
	offset, ok := s.offset(w, q)
	if !ok {
		return
	}
	win := s.data.series(c, start, end, true)
	first, n := int64(0), win.len()
	if q.Get("latest") == "true" && n > 0 {
		first, n = n-1, 1
	}
	if offset > n {
		writeError(w, http.StatusBadRequest, "Invalid next_token")
		return
	}
	stop := min(offset+int64(s.hrPageSize), n)
	rows := make([]any, 0, stop-offset)
	for i := offset; i < stop; i++ {
		rows = append(rows, win.at(first+i))
	}
	page := map[string]any{"data": project(rows, q.Get("fields"))}
	if stop < n {
		page["next_token"] = encodeToken(stop, q)
	}
	writeJSON(w, http.StatusOK, page) // like Oura's time series, no next_token on the last page
}

// filterHash identifies the filters of a listing, so a token is only
// accepted with the filters it was issued for.
func filterHash(q url.Values) uint64 {
	h := fnv.New64a()
	for _, k := range []string{"start_date", "end_date", "start_datetime", "end_datetime", "fields", "latest"} {
		fmt.Fprintf(h, "%s=%s&", k, q.Get(k))
	}
	return h.Sum64()
}

func encodeToken(offset int64, q url.Values) string {
	return base64.StdEncoding.EncodeToString(makeToken(offset, filterHash(q)))
}

// offset decodes next_token, answering 400 when it is malformed or was
// issued for other filters.
func (s *Server) offset(w http.ResponseWriter, q url.Values) (int64, bool) {
	tok := q.Get("next_token")
	if tok == "" {
		return 0, true
	}
	b, err := base64.StdEncoding.DecodeString(tok)
	if err != nil || len(b) != tokenLen || string(b[:len(tokenPrefix)]) != string(tokenPrefix) {
		writeError(w, http.StatusBadRequest, "Invalid next_token")
		return 0, false
	}
	if binary.BigEndian.Uint64(b[14:22]) != filterHash(q) {
		writeError(w, http.StatusBadRequest, "next_token does not match the query parameters")
		return 0, false
	}
	return int64(binary.BigEndian.Uint64(b[6:14])), true
}

// ClientOrFake returns a Client for the real Oura API when token is set,
// and otherwise one for a new fake Server, saying on w which it is. Call
// done when finished with the client. The examples use it to run offline.
func ClientOrFake(token string, w io.Writer, opts ...oura.Option) (c *oura.Client, done func(), err error) {
	if token != "" {
		c, err = oura.NewClient(append([]oura.Option{oura.WithToken(token)}, opts...)...)
		if err == nil {
			fmt.Fprintf(w, "OURA_TOKEN is set: using Oura's API (%s).\n", oura.DefaultBaseURL)
		}
		return c, func() {}, err
	}
	srv := NewServer()
	fmt.Fprintln(w, "OURA_TOKEN is not set: using the built-in fake server (synthetic data).")
	if c, err = srv.NewClient(opts...); err != nil {
		srv.Close()
		return nil, nil, err
	}
	return c, srv.Close, nil
}
