package ourasync

import (
	"context"
	"fmt"
	"slices"
	"sync"

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
// 429 holding every run back as long as its Retry-After says (the
// Syncer's gate).
type Pool struct {
	Syncer  *Syncer
	Workers int           // runs at once (4 when zero)
	Limiter *rate.Limiter // shared by every client (DefaultPoolLimit when nil)
}

// Run syncs users and returns one Result per distinct user key, in the
// order given. A user key given twice runs once.
func (p *Pool) Run(ctx context.Context, users []User) ([]Result, error) {
	if p.Syncer == nil {
		return nil, fmt.Errorf("ourasync: Pool without a Syncer: %w", errInvalid)
	}
	workers := p.Workers
	if workers <= 0 {
		workers = 4
	}
	if p.Limiter == nil {
		p.Limiter = DefaultPoolLimit()
	}
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
				c, err := oura.NewClient(slices.Concat(u.Options, []oura.Option{oura.WithRateLimit(p.Limiter)})...)
				if err != nil {
					results[i].Err = err
					continue
				}
				results[i].Report, results[i].Err = p.Syncer.Run(ctx, u.Key, c)
			}
		})
	}
	for i := range list {
		select {
		case next <- i:
		case <-ctx.Done():
		}
	}
	close(next)
	wg.Wait()
	return results, ctx.Err()
}
