package oura

import (
	"cmp"
	"context"
	"fmt"
	"iter"
	"maps"
	"net/url"
	"strings"
	"time"
)

// maxRangeDays bounds a day range (and a time range, in days): twenty years
// is more than any ring has recorded, so a longer range is a mistake.
const maxRangeDays = 20 * 366

// dayCollection is a collection filtered by start_date/end_date whose
// documents carry a day. Each is declared by its row in internal/catalog.
type dayCollection[T any] struct {
	op       string             // public method name, for errors
	one      string             // public name of the by-id method
	path     string             // path segment under /v2/usercollection/
	dayField string             // JSON name of the day field ("day" when empty)
	day      func(*T) Date      // the day a document belongs to (its first day)
	key      func(*T) recordKey // what makes a document unique in a listing
	// For periods that span days: end gives a document's last day, and
	// the query reaches lookback days before the range, so periods that
	// began earlier and overlap it are found.
	end      func(*T) Date
	lookback int
}

// query builds the listing for the inclusive range [start, end]. Oura
// reads a bare end_date as its midnight (dropping the last day) and /sleep
// has been seen to exclude its start day, so the query is widened by one
// day at each end and the results are filtered on the documents' own day:
// a document belongs to the range when its day is in it, or, for a period
// that spans days, when [first day, last day] overlaps it.
func (dc dayCollection[T]) query(start, end Date, opts []ListOption) (query[T], error) {
	if err := checkDays(dc.op, start, end); err != nil {
		return query[T]{}, err
	}
	q := url.Values{}
	from := start.AddDays(-1 - dc.lookback)
	if from.Year() < 1970 {
		from = NewDate(1970, time.January, 1)
	}
	q.Set("start_date", from.String())
	q.Set("end_date", end.AddDays(1).String())
	need := []string{cmp.Or(dc.dayField, "day"), "id"}
	if dc.end != nil {
		need = append(need, "end_day")
	}
	if err := applyListOptions[T](dc.op, q, need, false, opts); err != nil {
		return query[T]{}, err
	}
	keep := func(v *T) bool {
		first := dc.day(v)
		last := first
		if dc.end != nil && dc.end(v).After(first) {
			last = dc.end(v)
		}
		return !first.IsZero() && !last.Before(start) && !first.After(end)
	}
	return query[T]{request: request{op: dc.op, path: dc.path, params: q}, keep: keep, key: dc.key}, nil
}

// openEnd is the last day of a period that has not ended.
var openEnd = NewDate(9999, time.December, 31)

// endOr returns *d, or or when d is nil or zero.
func endOr(d *Date, or Date) Date {
	if d == nil || d.IsZero() {
		return or
	}
	return *d
}

// queries is the listing of [start, end]: one query or, when c fetches
// chains concurrently and the range holds two dayWindow or more, one per
// window of dayWindow days or a little more, each padded and filtered as a whole
// range is (so every document belongs to one window; one that spans
// windows comes once, see iterate).
func (dc dayCollection[T]) queries(c *Client, start, end Date, opts []ListOption) ([]query[T], error) {
	q, err := dc.query(start, end, opts)
	days := end.DaysSince(start) + 1
	// Periods that span days are few, and each window would reach back
	// lookback days again: they stay one query.
	if err != nil || c == nil || c.concurrency <= 1 || days < 2*dayWindow || dc.lookback > 0 {
		return []query[T]{q}, err
	}
	k := days / dayWindow // windows of dayWindow days or a little more
	qs := make([]query[T], 0, k)
	for i := range k {
		wq, err := dc.query(start.AddDays(i*days/k), start.AddDays((i+1)*days/k-1), opts)
		if err != nil {
			return nil, err
		}
		qs = append(qs, wq)
	}
	return qs, nil
}

func (dc dayCollection[T]) iter(ctx context.Context, c *Client, start, end Date, opts []ListOption) iter.Seq2[T, error] {
	qs, err := dc.queries(c, start, end, opts)
	if err != nil {
		return errSeq[T](err)
	}
	return iterate(ctx, c, qs...)
}

func (dc dayCollection[T]) list(ctx context.Context, c *Client, start, end Date, opts []ListOption) ([]T, error) {
	qs, err := dc.queries(c, start, end, opts)
	if err != nil {
		return nil, err
	}
	return collectList(ctx, c, qs)
}

func (dc dayCollection[T]) page(ctx context.Context, c *Client, start, end Date, token string, opts []ListOption) (*Page[T], error) {
	q, err := dc.query(start, end, opts)
	if err != nil {
		return nil, err
	}
	return onePage(ctx, c, q, token)
}

func (dc dayCollection[T]) byID(ctx context.Context, c *Client, id string) (*T, error) {
	return getDocument[T](ctx, c, dc.one, dc.path, id)
}

// listCollection is a collection with no range filter (ring
// configurations).
type listCollection[T any] struct {
	op, one, path string
	key           func(*T) recordKey
}

func (lc listCollection[T]) query(opts []ListOption) (query[T], error) {
	q := url.Values{}
	if err := applyListOptions[T](lc.op, q, []string{"id"}, false, opts); err != nil {
		return query[T]{}, err
	}
	return query[T]{request: request{op: lc.op, path: lc.path, params: q}, keep: func(*T) bool { return true }, key: lc.key}, nil
}

func (lc listCollection[T]) iter(ctx context.Context, c *Client, opts []ListOption) iter.Seq2[T, error] {
	q, err := lc.query(opts)
	if err != nil {
		return errSeq[T](err)
	}
	return iterate(ctx, c, q)
}

func (lc listCollection[T]) page(ctx context.Context, c *Client, token string, opts []ListOption) (*Page[T], error) {
	q, err := lc.query(opts)
	if err != nil {
		return nil, err
	}
	return onePage(ctx, c, q, token)
}

func (lc listCollection[T]) byID(ctx context.Context, c *Client, id string) (*T, error) {
	return getDocument[T](ctx, c, lc.one, lc.path, id)
}

// getDocument fetches one document by id.
func getDocument[T any](ctx context.Context, c *Client, op, path, id string) (*T, error) {
	if c.unmade() {
		return nil, errNoClient
	}
	if err := checkID(op, id); err != nil {
		return nil, err
	}
	return getOne[T](ctx, c, op+" ("+path+")", c.collection+path+"/"+url.PathEscape(id))
}

// getOne fetches the single document at path; label names the call in
// errors. An answer of null is an error, never a nil document.
func getOne[T any](ctx context.Context, c *Client, label, path string) (*T, error) {
	var v *T
	if err := c.get(ctx, path, nil, &v); err != nil {
		return nil, fmt.Errorf("oura: %s: %w", label, err)
	}
	if v == nil {
		return nil, fmt.Errorf("oura: %s: the answer holds no document: %w", label, ErrBadResponse)
	}
	return v, nil
}

// checkID refuses an id that cannot name one document under a route:
// empty, "." or "..", or holding a slash, a backslash or a control
// character. Every by-id call and webhook route checks its id here.
func checkID(op, id string) error {
	if id == "" || id == "." || id == ".." || strings.ContainsAny(id, "/\\") || strings.ContainsFunc(id, isControl) {
		return fmt.Errorf("oura: %s: invalid id %q: %w", op, short(id), ErrInvalidArgument)
	}
	return nil
}

func checkDays(op string, start, end Date) error {
	switch {
	case start.IsZero() || end.IsZero():
		return fmt.Errorf("oura: %s: start and end dates are required: %w", op, ErrInvalidArgument)
	case end.Before(start):
		return fmt.Errorf("oura: %s: end %s is before start %s: %w", op, end, start, ErrInvalidArgument)
	case start.Year() < 1970 || end.Year() > 9000:
		return fmt.Errorf("oura: %s: range %s..%s is outside the years Oura has data for: %w", op, start, end, ErrInvalidArgument)
	case end.DaysSince(start) >= maxRangeDays:
		return fmt.Errorf("oura: %s: range %s..%s is longer than 20 years: %w", op, start, end, ErrInvalidArgument)
	}
	return nil
}

// errSeq yields err once.
func errSeq[T any](err error) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		yield(zero, err)
	}
}

// Time-series collections (heart rate, ring battery level) take
// start_datetime/end_datetime and refuse ranges over 30 days.
const (
	maxSeriesSpan = 30 * 24 * time.Hour
	// seriesPad widens each query on both sides, so rows on a boundary are
	// fetched whether Oura treats the bounds as inclusive or exclusive.
	seriesPad = time.Second
	// seriesChunk is the span of rows one query covers; with padding and
	// rounding to whole seconds the query stays under maxSeriesSpan.
	seriesChunk = maxSeriesSpan - time.Minute
	// seriesWindow is the span of the windows a long range is split into
	// when chains run concurrently: the windows fetched ahead of the one
	// being read wait in memory, and a quarter chunk keeps them small
	// (dense heart rate: about 0.6 MB each) for a few more requests.
	seriesWindow = seriesChunk / 4
)

// seriesCollection is a time series filtered by start_datetime/end_datetime.
type seriesCollection[T any] struct {
	op   string
	path string
	at   func(*T) time.Time // the time of a row
	key  func(*T) recordKey // what makes a row unique: its time (and source)
}

// listing is the queries of a listing of [start, end): chunks of
// seriesChunk, or, when c runs chains concurrently and the range needs more
// than one chunk, windows of seriesWindow. latest tells that opts ask for
// the latest sample only.
func (sc seriesCollection[T]) listing(c *Client, start, end time.Time, opts []ListOption) (qs []query[T], latest bool, err error) {
	qs, err = sc.queries(start, end, 0, seriesChunk, opts)
	if err != nil {
		return nil, false, err
	}
	latest = len(qs) > 0 && qs[0].params.Get("latest") == "true"
	if !latest && len(qs) > 1 && c != nil && c.concurrency > 1 {
		qs, err = sc.queries(start, end, 0, seriesWindow, opts)
	}
	return qs, latest, err
}

// queries splits [start, end) into queries of at most span (seriesChunk
// or less) and returns them with a filter for each chunk's half-open
// window, so rows on a seam come exactly once.
func (sc seriesCollection[T]) queries(start, end time.Time, maxChunks int, span time.Duration, opts []ListOption) ([]query[T], error) {
	switch {
	case start.IsZero() || end.IsZero():
		return nil, fmt.Errorf("oura: %s: start and end times are required: %w", sc.op, ErrInvalidArgument)
	case end.Before(start):
		return nil, fmt.Errorf("oura: %s: end %s is before start %s: %w", sc.op,
			end.Format(time.RFC3339), start.Format(time.RFC3339), ErrInvalidArgument)
	case start.Year() < 1970 || end.Year() > 9000:
		return nil, fmt.Errorf("oura: %s: range is outside the years Oura has data for: %w", sc.op, ErrInvalidArgument)
	case end.Sub(start) > maxRangeDays*24*time.Hour:
		return nil, fmt.Errorf("oura: %s: range is longer than 20 years: %w", sc.op, ErrInvalidArgument)
	}
	var qs []query[T]
	for s := start; s.Before(end); {
		e := s.Add(span)
		if e.After(end) {
			e = end
		}
		if maxChunks > 0 && len(qs) == maxChunks {
			return nil, fmt.Errorf("oura: %s: one page covers less than 30 days (Oura's limit, less padding); use the iterator for longer ranges: %w",
				sc.op, ErrInvalidArgument)
		}
		q := url.Values{}
		need := []string{"timestamp"}
		if jsonFields[T]()["source"] {
			need = append(need, "source") // part of a heart-rate sample's key
		}
		if err := applyListOptions[T](sc.op, q, need, true, opts); err != nil {
			return nil, err
		}
		q.Set("start_datetime", s.Add(-seriesPad).Format(time.RFC3339))
		q.Set("end_datetime", e.Add(seriesPad+time.Second-1).Truncate(time.Second).Format(time.RFC3339))
		lo, hi := s, e
		qs = append(qs, query[T]{request: request{op: sc.op, path: sc.path, params: q}, keep: func(v *T) bool {
			t := sc.at(v)
			return !t.Before(lo) && t.Before(hi)
		}, key: sc.key, disjoint: true})
		s = e
	}
	return qs, nil
}

func (sc seriesCollection[T]) iter(ctx context.Context, c *Client, start, end time.Time, opts []ListOption) iter.Seq2[T, error] {
	qs, latest, err := sc.listing(c, start, end, opts)
	switch {
	case err != nil:
		return errSeq[T](err)
	case latest:
		return latestOf(ctx, c, qs)
	}
	return iterate(ctx, c, qs...)
}

// latestOf asks the chunks, from the last one back, for their latest
// sample and yields the first found: the latest of the whole range. When
// Oura's latest sample lies in a chunk's padding, outside the range, that
// chunk is listed whole instead.
func latestOf[T any](ctx context.Context, c *Client, qs []query[T]) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		for i := len(qs) - 1; i >= 0; i-- {
			q, seen := qs[i], 0
			keep := q.keep
			q.keep = func(v *T) bool { seen++; return keep(v) }
			last, err := lastOf(iterate(ctx, c, q))
			if err == nil && last == nil && seen > 0 {
				whole := qs[i]
				whole.params = maps.Clone(whole.params)
				whole.params.Del("latest")
				last, err = lastOf(iterate(ctx, c, whole))
			}
			if err != nil || last != nil {
				if last == nil {
					last = new(T)
				}
				yield(*last, err)
				return
			}
		}
	}
}

// lastOf drains seq and returns its last value, or its error.
func lastOf[T any](seq iter.Seq2[T, error]) (*T, error) {
	var last *T
	for v, err := range seq {
		if err != nil {
			return nil, err
		}
		last = &v
	}
	return last, nil
}

func (sc seriesCollection[T]) list(ctx context.Context, c *Client, start, end time.Time, opts []ListOption) ([]T, error) {
	qs, latest, err := sc.listing(c, start, end, opts)
	switch {
	case err != nil:
		return nil, err
	case latest:
		return collect(latestOf(ctx, c, qs))
	}
	return collectList(ctx, c, qs)
}

func (sc seriesCollection[T]) page(ctx context.Context, c *Client, start, end time.Time, token string, opts []ListOption) (*Page[T], error) {
	qs, err := sc.queries(start, end, 1, seriesChunk, opts)
	if err != nil {
		return nil, err
	}
	if len(qs) == 0 {
		return &Page[T]{Data: []T{}}, nil
	}
	if qs[0].params.Get("latest") == "true" {
		if token != "" {
			return nil, fmt.Errorf("oura: %s: Latest gives one page; there is no next token: %w", sc.op, ErrInvalidArgument)
		}
		last, err := lastOf(latestOf(ctx, c, qs))
		if err != nil {
			return nil, err
		}
		p := &Page[T]{Data: []T{}}
		if last != nil {
			p.Data = append(p.Data, *last)
		}
		return p, nil
	}
	return onePage(ctx, c, qs[0], token)
}
