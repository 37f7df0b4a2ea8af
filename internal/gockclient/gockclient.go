// Package gockclient is gock for one http.Client. gock keeps its mocks in
// a global store and intercepts through http.DefaultTransport, so tests
// using it cannot run in parallel. A Transport here holds its own mocks,
// written with gock's request and response DSL, and answers only the
// requests sent through it: every test has its own, and t.Parallel works.
package gockclient

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"gopkg.in/h2non/gock.v1"
)

// Transport is an http.RoundTripper that answers from its own gock mocks
// and sends nothing to the network.
type Transport struct {
	mu        sync.Mutex
	mocks     []gock.Mock
	unmatched []*http.Request
	observers []func(*http.Request, gock.Mock)
}

// New returns a Transport whose mocks must all be used, and no request
// left unmatched, by the end of the test.
func New(t testing.TB) *Transport {
	tr := &Transport{}
	t.Cleanup(func() {
		if p := tr.Pending(); len(p) > 0 {
			t.Errorf("gockclient: %d mock(s) never called", len(p))
		}
		for _, r := range tr.Unmatched() {
			t.Errorf("gockclient: unmatched request %s %s", r.Method, r.URL)
		}
	})
	return tr
}

// Client returns an http.Client that sends through tr.
func (tr *Transport) Client() *http.Client { return &http.Client{Transport: tr} }

// Mock registers a mock for requests to uri (scheme and host, and
// optionally a path) and returns gock's request DSL to refine and answer
// it, as gock.New does for the global store.
func (tr *Transport) Mock(uri string) *gock.Request {
	req, res := gock.NewRequest(), gock.NewResponse()
	if !strings.Contains(uri, "://") {
		uri = "http://" + uri
	}
	req.URLStruct, res.Error = url.Parse(uri)
	m := gock.NewMock(req, res)
	tr.mu.Lock()
	tr.mocks = append(tr.mocks, m)
	tr.mu.Unlock()
	return req
}

// Observe calls fn with every request tr receives and the mock that
// matched it (nil when none did).
func (tr *Transport) Observe(fn func(*http.Request, gock.Mock)) {
	tr.mu.Lock()
	tr.observers = append(tr.observers, fn)
	tr.mu.Unlock()
}

// RoundTrip answers req from the first mock that matches it.
func (tr *Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	tr.mu.Lock()
	var matched gock.Mock
	for _, m := range tr.mocks {
		if m.Done() {
			continue
		}
		ok, err := m.Match(req)
		if err != nil {
			tr.mu.Unlock()
			return nil, err
		}
		if ok {
			matched = m
			break
		}
	}
	if matched == nil {
		tr.unmatched = append(tr.unmatched, req)
	}
	observers := append([]func(*http.Request, gock.Mock){}, tr.observers...)
	tr.mu.Unlock()
	for _, fn := range observers {
		fn(req, matched)
	}
	if matched == nil {
		return nil, fmt.Errorf("gockclient: no mock matches %s %s", req.Method, req.URL)
	}
	return gock.Responder(req, matched.Response(), nil)
}

// Pending returns the mocks not used up yet.
func (tr *Transport) Pending() []gock.Mock {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	var out []gock.Mock
	for _, m := range tr.mocks {
		if !m.Done() {
			out = append(out, m)
		}
	}
	return out
}

// Unmatched returns the requests no mock matched.
func (tr *Transport) Unmatched() []*http.Request {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	return append([]*http.Request(nil), tr.unmatched...)
}
