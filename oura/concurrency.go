package oura

import (
	"context"
	"fmt"
	"net/http"
	"sync"
)

// DefaultConcurrency is how many next_token chains of one listing a Client
// fetches at once unless WithConcurrency says otherwise. See WithConcurrency
// for why it is 4.
const DefaultConcurrency = 4

// maxConcurrency bounds WithConcurrency: more chains than this only add
// load on Oura's per-application limit.
const maxConcurrency = 64

// WithConcurrency sets how many next_token chains of one listing may be in
// flight at once (DefaultConcurrency, 4, otherwise). A heart-rate or ring
// battery listing longer than one 30-day chunk is fetched in windows of
// about a week, and a day range of 60 days or more in windows of 30 days
// or a little more (each padded and filtered like a whole range, so
// nothing is lost or repeated), up to n windows at once. Records still
// come in the order a sequential run gives, whether collected or
// iterated; a window starts only when the oldest one in flight is done,
// so at most n-1 windows wait in memory while one is read; breaking out
// of an iterator stops every fetch; the first error in range order is the
// one returned, and a collected listing is all or nothing. The rate
// limiter, retries and retry budget apply to every request.
// WithConcurrency(1) fetches one page after another in 30-day chunks and
// one chain per day range, as a single chain did before.
//
// The default of 4 comes from measurements. Against a server 100 ms away
// a year of heart rate and daily_sleep took 48 s sequentially, 13 s with 4
// chains and 4 s with 16; on a local server 500,000 rows take 4 chains
// about half the sequential time on two cores, and more chains gain
// little there while the windows waiting ahead grow memory (20 MiB peak
// streaming with 4, 30 MiB with 16). 4 helps every backfill fourfold yet
// multiplies by at most 4 the requests in flight of an application that
// serves many users at once: such an application shares one rate limiter
// (WithRateLimit) between the Clients of all its users, which bounds the
// requests whatever n, and a single user's backfill over a slow link may
// raise n to 16.
//
// A Client made without WithHTTPClient keeps up to 100 idle connections
// per host, so concurrent chains reuse them; with your own transport, set
// its MaxIdleConnsPerHost to n or more.
func WithConcurrency(n int) Option {
	return func(s *settings) error {
		if n < 1 || n > maxConcurrency {
			return fmt.Errorf("oura: WithConcurrency: %d is not between 1 and %d: %w", n, maxConcurrency, ErrInvalidArgument)
		}
		s.concurrency = n
		return nil
	}
}

// dayWindow is the span of the date windows a long day range is split
// into when chains run concurrently.
const dayWindow = 30

// defaultTransport is the transport of Clients made without
// WithHTTPClient: http.DefaultTransport's settings, but keeping enough idle
// connections per host for concurrent chains (and many Clients) to reuse
// them instead of opening new ones; net/http keeps 2 per host by default.
// When a program replaces http.DefaultTransport (as gock does in tests),
// requests go to its replacement, as they did before.
type defaultTransport struct{}

var (
	originalDefault = http.DefaultTransport
	tunedTransport  = sync.OnceValue(func() http.RoundTripper {
		t, ok := originalDefault.(*http.Transport)
		if !ok {
			return originalDefault
		}
		t = t.Clone()
		t.MaxIdleConns = max(t.MaxIdleConns, 100)
		t.MaxIdleConnsPerHost = 100
		return t
	})
)

func (defaultTransport) current() http.RoundTripper {
	if http.DefaultTransport != originalDefault {
		return http.DefaultTransport
	}
	return tunedTransport()
}

func (t defaultTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	return t.current().RoundTrip(r)
}

// CloseIdleConnections lets http.Client.CloseIdleConnections reach the
// connections.
func (t defaultTransport) CloseIdleConnections() {
	if c, ok := t.current().(interface{ CloseIdleConnections() }); ok {
		c.CloseIdleConnections()
	}
}

// walkChain fetches the pages of q in order, from the first, and passes
// each page's records that q keeps to emit, until the last page, an error,
// or emit returning false. It checks ctx before each page and stops on a
// repeated token.
func walkChain[T any](ctx context.Context, c *Client, q query[T], emit func([]T) bool) error {
	seen := map[string]bool{}
	token := ""
	for n := 1; ; n++ {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("oura: %s (%s) page %d: %w", q.op, q.path, n, err)
		}
		p, err := fetchPage[T](ctx, c, q.request, token, n)
		if err != nil {
			return err
		}
		kept := p.Data[:0]
		for i := range p.Data {
			if q.keep(&p.Data[i]) {
				kept = append(kept, p.Data[i])
			}
		}
		clear(p.Data[len(kept):])
		if !emit(kept) {
			return nil
		}
		if p.NextToken == nil || *p.NextToken == "" {
			return nil
		}
		token = *p.NextToken
		if seen[token] {
			return fmt.Errorf("oura: %s (%s) page %d: %w", q.op, q.path, n, ErrRepeatedToken)
		}
		seen[token] = true
	}
}

// forPages passes the kept records of each query of qs to fn page by page,
// with the query's index, in the order of qs and of their pages, until fn
// returns false or a fetch fails; it returns the first error in that
// order. Up to n chains are fetched at once: the chain of query k+n starts
// when query k is done, and the pages of the chains ahead wait in memory.
// When forPages returns, every fetch it started has stopped.
func forPages[T any](ctx context.Context, c *Client, qs []query[T], n int, fn func(k int, page []T) bool) error {
	if n <= 1 || len(qs) <= 1 {
		for k, q := range qs {
			stopped := false
			err := walkChain(ctx, c, q, func(p []T) bool {
				stopped = !fn(k, p)
				return !stopped
			})
			if err != nil || stopped {
				return err
			}
		}
		return nil
	}
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	defer func() {
		cancel()
		wg.Wait()
	}()
	chains := make([]*chain[T], len(qs))
	started := 0
	startNext := func() {
		if started == len(qs) {
			return
		}
		ch := &chain[T]{ready: make(chan struct{}, 1)}
		chains[started] = ch
		q := qs[started]
		started++
		wg.Go(func() {
			ch.finish(walkChain(ctx, c, q, ch.push))
		})
	}
	for range min(n, len(qs)) {
		startNext()
	}
	for k := range qs {
		ch := chains[k]
		for {
			p, more, err := ch.next()
			if !more {
				if err != nil {
					return err
				}
				break
			}
			if !fn(k, p) {
				return nil
			}
		}
		chains[k] = nil
		startNext()
	}
	return nil
}

// chain holds the pages one chain has fetched and its reader has not yet
// taken.
type chain[T any] struct {
	mu    sync.Mutex
	pages [][]T
	err   error
	done  bool
	ready chan struct{} // a token when pages or done changed
}

func (ch *chain[T]) push(p []T) bool {
	ch.mu.Lock()
	ch.pages = append(ch.pages, p)
	ch.mu.Unlock()
	ch.signal()
	return true
}

func (ch *chain[T]) finish(err error) {
	ch.mu.Lock()
	ch.err, ch.done = err, true
	ch.mu.Unlock()
	ch.signal()
}

func (ch *chain[T]) signal() {
	select {
	case ch.ready <- struct{}{}:
	default:
	}
}

// next waits for the chain's next page; at the end it returns more false
// and the chain's error.
func (ch *chain[T]) next() (page []T, more bool, err error) {
	for {
		ch.mu.Lock()
		if len(ch.pages) > 0 {
			page = ch.pages[0]
			ch.pages[0] = nil
			ch.pages = ch.pages[1:]
			ch.mu.Unlock()
			return page, true, nil
		}
		if ch.done {
			ch.mu.Unlock()
			return nil, false, ch.err
		}
		ch.mu.Unlock()
		<-ch.ready
	}
}
