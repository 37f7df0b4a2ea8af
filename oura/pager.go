package oura

import (
	"cmp"
	"context"
	"fmt"
	"iter"
	"maps"
	"net/url"
	"reflect"
	"slices"
	"time"
)

// Page is one page of a collection: its records and the token of the next
// page, which is "" on the last page. Pass NextToken back, with the same
// range, to get the next page.
type Page[T any] struct {
	Data      []T
	NextToken string
}

// wirePage is Oura's page envelope.
type wirePage[T any] struct {
	Data      []T     `json:"data"`
	NextToken *string `json:"next_token"`
}

// request is one filtered listing: a collection path and the filters that
// are re-sent with every next_token.
type request struct {
	op     string     // public method name, for errors
	path   string     // collection path segment, such as "daily_sleep"
	params url.Values // filters
}

// query is a request plus the filter its records must pass.
type query[T any] struct {
	request
	keep func(*T) bool
	key  func(*T) recordKey
	// disjoint: keep accepts no record that another query of the same
	// listing accepts, so the keys seen before this query can be dropped.
	disjoint bool
}

// recordKey identifies a record within a listing: a document's id, or a
// sample's time and source. The zero key means the record carries none.
type recordKey struct {
	id   string
	sec  int64
	nsec int32
}

func idKey(id string) recordKey { return recordKey{id: id} }

func sampleKey(t time.Time, source string) recordKey {
	if t.IsZero() {
		return recordKey{id: source}
	}
	return recordKey{id: source, sec: t.Unix(), nsec: int32(t.Nanosecond())}
}

// seenSet lets each record of one listing through once. A record without a
// key that is all zero is a null element of data, which is no record.
//
// The samples of a time series come sorted by time, so while they do the
// keys are kept in a slice in that order, which costs far less than a map
// per sample: a key later than the last cannot have been seen, one at the
// same time or earlier is looked up by binary search. The first key out of
// order (or without a time, as documents' ids) moves them to the map.
type seenSet[T any] struct {
	key    func(*T) recordKey
	seen   map[recordKey]struct{}
	sorted []recordKey // the keys so far, by time, while mapped is false
	mapped bool
}

// first reports whether v is a record not seen before in the listing.
func (s *seenSet[T]) first(v *T) bool {
	k := s.key(v)
	if k == (recordKey{}) {
		return !reflect.ValueOf(v).Elem().IsZero()
	}
	if !s.mapped && (k.sec != 0 || k.nsec != 0) {
		n := len(s.sorted)
		if n == 0 || k.timeAfter(s.sorted[n-1]) {
			s.sorted = append(s.sorted, k)
			return true
		}
		i, _ := slices.BinarySearchFunc(s.sorted, k, func(a, b recordKey) int {
			return cmp.Or(cmp.Compare(a.sec, b.sec), cmp.Compare(a.nsec, b.nsec))
		})
		for ; i < n && s.sorted[i].sec == k.sec && s.sorted[i].nsec == k.nsec; i++ {
			if s.sorted[i] == k {
				return false
			}
		}
		if !s.sorted[n-1].timeAfter(k) { // at the last time: still in order
			s.sorted = append(s.sorted, k)
			return true
		}
	}
	if !s.mapped {
		if s.seen == nil {
			s.seen = make(map[recordKey]struct{}, len(s.sorted)+1)
		}
		for _, x := range s.sorted {
			s.seen[x] = struct{}{}
		}
		s.sorted, s.mapped = s.sorted[:0], true
	}
	if _, dup := s.seen[k]; dup {
		return false
	}
	s.seen[k] = struct{}{}
	return true
}

// reset forgets every key.
func (s *seenSet[T]) reset() {
	clear(s.seen)
	s.sorted, s.mapped = s.sorted[:0], false
}

// timeAfter reports whether k's time is after j's.
func (k recordKey) timeAfter(j recordKey) bool {
	return k.sec > j.sec || (k.sec == j.sec && k.nsec > j.nsec)
}

// fetchPage gets page number n (from 1) of r, starting at token.
func fetchPage[T any](ctx context.Context, c *Client, r request, token string, n int) (wirePage[T], error) {
	if c.unmade() {
		return wirePage[T]{}, errNoClient
	}
	if c.collection == sandboxCollection {
		// Oura's sandbox routes take only the range and next_token.
		for _, k := range [...]string{"fields", "latest"} {
			if r.params.Has(k) {
				return wirePage[T]{}, fmt.Errorf("oura: %s: the sandbox does not take %s: %w", r.op, k, ErrInvalidArgument)
			}
		}
	}
	q := maps.Clone(r.params)
	if q == nil {
		q = url.Values{}
	}
	if token != "" {
		q.Set("next_token", token)
	}
	var p wirePage[T]
	if err := c.get(ctx, c.collection+r.path, q, pageTarget(&p)); err != nil {
		return p, fmt.Errorf("oura: %s (%s) page %d: %w", r.op, r.path, n, err)
	}
	if p.Data == nil {
		return p, fmt.Errorf("oura: %s (%s) page %d: the page has no data array: %w", r.op, r.path, n, ErrBadResponse)
	}
	return p, nil
}

// iterate is the pager shared by every collection. It walks the pages of
// each request in turn and yields the records keep accepts, in order; with
// the Client's concurrency above 1 it fetches several requests' chains at
// once (forPages). It checks ctx before each page, stops fetching as soon
// as the caller stops, and yields at most one error, last.
func iterate[T any](ctx context.Context, c *Client, qs ...query[T]) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		if ctx == nil {
			yield(zero, nilContext(qs))
			return
		}
		stopped := false
		err := listPages(ctx, c, qs, func(page []T) bool {
			for i := range page {
				if !yield(page[i], nil) {
					stopped = true
					return false
				}
			}
			return true
		})
		if err != nil && !stopped {
			yield(zero, err)
		}
	}
}

// listPages passes the records of the listing qs to fn page by page, in
// order, and returns the first error.
func listPages[T any](ctx context.Context, c *Client, qs []query[T], fn func(page []T) bool) error {
	n := 1
	if c != nil {
		n = c.concurrency
	}
	var records seenSet[T]
	current := -1
	return forPages(ctx, c, qs, n, func(k int, page []T) bool {
		if k != current {
			// A new query: the keys of a disjoint one start afresh.
			if qs[k].disjoint {
				records.reset()
			}
			records.key = qs[k].key
			current = k
		}
		kept := page[:0]
		for i := range page {
			if records.first(&page[i]) {
				kept = append(kept, page[i])
			}
		}
		clear(page[len(kept):])
		return fn(kept)
	})
}

// collectList collects the listing qs. It keeps the decoded pages and
// copies them, record by record, into one slice of the exact size: no
// growing slice keeps two large arrays alive, and no block copy of the
// whole result runs at once under GC assist. On error it returns nil and
// the error, never a partial slice.
func collectList[T any](ctx context.Context, c *Client, qs []query[T]) ([]T, error) {
	if ctx == nil {
		return nil, nilContext(qs)
	}
	var pages [][]T
	total := 0
	err := listPages(ctx, c, qs, func(page []T) bool {
		if len(page) > 0 {
			pages = append(pages, page)
			total += len(page)
		}
		return true
	})
	if err != nil {
		return nil, err
	}
	out := make([]T, total)
	i := 0
	for k, page := range pages {
		for j := range page {
			out[i] = page[j]
			i++
		}
		pages[k] = nil // the page can go now
	}
	return out, nil
}

// collect drains seq. On error it returns nil and the error, never a
// partial slice.
func collect[T any](seq iter.Seq2[T, error]) ([]T, error) {
	out := []T{}
	for v, err := range seq {
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// onePage fetches the single page of r that starts at token.
func onePage[T any](ctx context.Context, c *Client, r query[T], token string) (*Page[T], error) {
	p, err := fetchPage[T](ctx, c, r.request, token, 1)
	if err != nil {
		return nil, err
	}
	out := &Page[T]{Data: p.Data[:0]}
	records := seenSet[T]{key: r.key}
	for i := range p.Data {
		if r.keep(&p.Data[i]) && records.first(&p.Data[i]) {
			out.Data = append(out.Data, p.Data[i])
		}
	}
	if p.NextToken != nil {
		out.NextToken = *p.NextToken
		if out.NextToken == token && token != "" {
			return nil, fmt.Errorf("oura: %s (%s): %w", r.op, r.path, ErrRepeatedToken)
		}
	}
	return out, nil
}

// nilContext is the error of a listing called with a nil context.
func nilContext[T any](qs []query[T]) error {
	op := "listing"
	if len(qs) > 0 {
		op = qs[0].op + " (" + qs[0].path + ")"
	}
	return fmt.Errorf("oura: %s: %w", op, errNilContext)
}
