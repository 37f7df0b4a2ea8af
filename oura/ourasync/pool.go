package ourasync

import (
	"cmp"
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/ringkit/oura-go/oura"
)

// DefaultPoolLimit is Oura's per-application limit, 5,000 requests per 5
// minutes, as a rate: one request per 60 ms, bursts of 100.
func DefaultPoolLimit() *rate.Limiter { return rate.NewLimiter(rate.Limit(5000.0/300), 100) }

// User is one user of a Pool: the key their data is kept under and the
// options of their client (such as oura.WithTokenSource).
type User struct {
	Key     string
	Options []oura.Option
}

// Result is the outcome of one user's run in a Pool.
type Result struct {
	User   string
	Report *Report
	Err    error
}

// Pool runs many users' syncs in one process: at most Workers at a time,
// every client sharing one rate limiter, at most one run per user, and a
// 429 holding every request of every run back as long as its Retry-After
// says.
type Pool struct {
	Syncer  *Syncer
	Workers int           // runs at once (4 when zero)
	Limiter *rate.Limiter // shared by every client (DefaultPoolLimit when nil)
	// HTTPClient is the HTTP client of every user's client
	// (http.DefaultClient when nil). The pool watches its answers for 429s,
	// so do not put oura.WithHTTPClient in User.Options: it would hide them.
	HTTPClient *http.Client

	once sync.Once // sets the default Limiter once, for concurrent Runs
}

// Run syncs users and returns one Result per distinct user key, in the
// order given. A user key given twice runs once. When ctx ends, every
// user not run yet gets ctx's error as its Result.Err.
func (p *Pool) Run(ctx context.Context, users []User) ([]Result, error) {
	if p.Syncer == nil {
		return nil, fmt.Errorf("ourasync: Pool without a Syncer: %w", errInvalid)
	}
	workers := p.Workers
	if workers <= 0 {
		workers = 4
	}
	p.once.Do(func() {
		if p.Limiter == nil {
			p.Limiter = DefaultPoolLimit()
		}
	})
	var list []User
	seen := map[string]bool{}
	for _, u := range users {
		if u.Key == "" {
			return nil, fmt.Errorf("ourasync: Pool: a user without a key: %w", errInvalid)
		}
		if !seen[u.Key] {
			seen[u.Key] = true
			list = append(list, u)
		}
	}
	base := p.HTTPClient
	if base == nil {
		base = http.DefaultClient
	}
	hc := *base
	hc.Transport = &gatedTransport{base: cmp.Or[http.RoundTripper](base.Transport, http.DefaultTransport), g: &p.Syncer.gate}
	results := make([]Result, len(list))
	for i, u := range list {
		results[i].User = u.Key
	}
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(workers, len(list)) {
		wg.Go(func() {
			for i := range next {
				u := list[i]
				if err := ctx.Err(); err != nil {
					results[i].Err = err
					continue
				}
				c, err := oura.NewClient(slices.Concat([]oura.Option{oura.WithHTTPClient(&hc)}, u.Options,
					[]oura.Option{oura.WithRateLimit(p.Limiter)})...)
				if err != nil {
					results[i].Err = err
					continue
				}
				results[i].Report, results[i].Err = p.Syncer.Run(ctx, u.Key, c)
			}
		})
	}
	for i := range list {
		if ctx.Err() == nil {
			select {
			case next <- i:
				continue
			case <-ctx.Done():
			}
		}
		results[i].Err = ctx.Err() // not run
	}
	close(next)
	wg.Wait()
	return results, ctx.Err()
}

// gatedTransport holds every request back while the gate is closed, and
// closes it for Retry-After when an answer is a 429.
type gatedTransport struct {
	base http.RoundTripper
	g    *gate
}

func (t *gatedTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if err := t.g.wait(req.Context()); err != nil {
		return nil, err
	}
	resp, err := t.base.RoundTrip(req)
	if err == nil && resp.StatusCode == http.StatusTooManyRequests {
		t.g.close(time.Now().Add(retryAfter(resp.Header.Get("Retry-After"), time.Now())))
	}
	return resp, err
}

// retryAfter reads Retry-After (seconds or an HTTP date), between a second
// and an hour; 5 s when it is missing or unreadable.
func retryAfter(v string, now time.Time) time.Duration {
	d := 5 * time.Second
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		d = time.Duration(min(n, 3600)) * time.Second
	} else if t, err := http.ParseTime(v); err == nil {
		d = t.Sub(now)
	}
	return min(max(d, time.Second), time.Hour)
}
