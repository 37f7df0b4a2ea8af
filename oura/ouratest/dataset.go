package ouratest

import (
	"cmp"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/ringkit/oura-go/oura"
)

// Dataset is the data a Server serves. By default it holds deterministic
// synthetic documents for every day of any range: the same documents for
// the same days and options, every time. Put adds your own documents (a day
// with a null score, a deleted sleep period, a specific workout) and Remove
// takes documents away; the server serves the result through the same
// paging, quirks and tokens. The accessors (DailySleep, HeartRate, ...)
// return what the server serves, for expected results.
//
// A Dataset needs no server: build one with NewDataset and serve it later
// with WithDataset, or use it alone. It is safe for concurrent use, also
// while a server serves it: each request sees the dataset as it was when
// the request arrived.
type Dataset struct {
	loc       *time.Location
	hrEvery   time.Duration
	synthetic bool
	clock     func() time.Time // see Clock (moving.go); nil: every day exists

	mu       sync.RWMutex
	stores   map[string]*store // by collection path; nil until a Put or Remove
	personal *oura.PersonalInfo
	seq      int
}

// store holds the changes made to one collection.
type store struct {
	docs    map[string]stored      // documents put, by key
	removed map[string]bool        // keys of synthetic documents taken away
	byDay   map[oura.Date][]string // keys of documents put, by range day, in the order put (day collections)
}

type stored struct {
	doc any
	seq int // order of the first Put of the key
}

// DatasetOption configures a Dataset.
type DatasetOption func(*Dataset)

// Location sets the user's time zone, which the synthetic documents'
// timestamps carry as their UTC offset (UTC+02:00 otherwise).
func Location(loc *time.Location) DatasetOption {
	return func(ds *Dataset) {
		if loc != nil {
			ds.loc = loc
		}
	}
}

// HeartRateInterval sets the time between synthetic heart-rate samples
// (DefaultHeartRateInterval otherwise; at least a second).
func HeartRateInterval(d time.Duration) DatasetOption {
	return func(ds *Dataset) {
		if d >= time.Second {
			ds.hrEvery = d
		}
	}
}

// Empty leaves out the synthetic documents: the dataset holds only the
// documents you Put, and no profile until you Put one.
func Empty() DatasetOption { return func(ds *Dataset) { ds.synthetic = false } }

// NewDataset returns a dataset of synthetic documents (see Empty), to
// change with Put and Remove and to serve with WithDataset.
func NewDataset(opts ...DatasetOption) *Dataset {
	ds := &Dataset{loc: time.FixedZone("UTC+02:00", 2*3600), hrEvery: DefaultHeartRateInterval, synthetic: true}
	for _, o := range opts {
		o(ds)
	}
	return ds
}

// Put adds documents to the dataset, or replaces the document with the same
// id (for time series, the sample with the same timestamp, and for heart
// rate the same source: the key the SDK tells records apart by), synthetic
// or put before. Each document is a model value or pointer of a collection
// (oura.DailySleep, *oura.SleepPeriod, oura.HeartRate, ...) or an
// oura.PersonalInfo, which replaces the profile. A document is listed under
// its own day (its start day for enhanced tags and rest mode periods) or
// time, and served by id. Put checks every document first and changes
// nothing when one is refused.
func (ds *Dataset) Put(docs ...any) error {
	return ds.change(docs, func(st *store, c *collection, key string, doc any) {
		old, replaced := st.docs[key]
		if replaced {
			st.docs[key] = stored{doc, old.seq}
		} else {
			ds.seq++
			st.docs[key] = stored{doc, ds.seq}
		}
		if c.kind == dayKind && (!replaced || c.dayOf(old.doc) != c.dayOf(doc)) {
			if replaced {
				st.unindex(c, key, old.doc)
			}
			d := c.dayOf(doc)
			st.byDay[d] = append(st.byDay[d], key)
		}
		delete(st.removed, key)
	})
}

// Remove takes documents out of the dataset: the document with each one's
// key (its id; for time series its timestamp, and source for heart rate)
// is no longer listed or served by id, whether it was synthetic or put.
// Only the key fields of the documents given are read.
func (ds *Dataset) Remove(docs ...any) error {
	return ds.change(docs, func(st *store, c *collection, key string, _ any) {
		if old, ok := st.docs[key]; ok {
			if c.kind == dayKind {
				st.unindex(c, key, old.doc)
			}
			delete(st.docs, key)
		}
		st.removed[key] = true
	})
}

// change checks docs and applies f to each under the write lock.
func (ds *Dataset) change(docs []any, f func(st *store, c *collection, key string, doc any)) error {
	type item struct {
		c   *collection
		key string
		doc any
	}
	items := make([]item, 0, len(docs))
	var profile *oura.PersonalInfo
	for i, d := range docs {
		switch p := d.(type) {
		case oura.PersonalInfo:
			profile = &p
			continue
		case *oura.PersonalInfo:
			if p != nil {
				v := *p
				profile = &v
				continue
			}
		}
		c, v, ok := collectionOf(d)
		if !ok {
			return fmt.Errorf("ouratest: document %d is a %T, not a document of a collection", i, d)
		}
		key := c.keyOf(v)
		if key == "" {
			return fmt.Errorf("ouratest: document %d (%T) has no %s", i, d, c.keyName())
		}
		items = append(items, item{c, key, v})
	}
	ds.mu.Lock()
	defer ds.mu.Unlock()
	if profile != nil {
		ds.personal = profile
	}
	for _, it := range items {
		f(ds.storeOf(it.c.path), it.c, it.key, it.doc)
	}
	return nil
}

// storeOf returns the store of a collection, creating it; ds.mu is held.
func (ds *Dataset) storeOf(path string) *store {
	if ds.stores == nil {
		ds.stores = map[string]*store{}
	}
	st := ds.stores[path]
	if st == nil {
		st = &store{docs: map[string]stored{}, removed: map[string]bool{}, byDay: map[oura.Date][]string{}}
		ds.stores[path] = st
	}
	return st
}

// unindex drops key from the day index of doc.
func (st *store) unindex(c *collection, key string, doc any) {
	d := c.dayOf(doc)
	keys := slices.DeleteFunc(st.byDay[d], func(k string) bool { return k == key })
	if len(keys) == 0 {
		delete(st.byDay, d)
	} else {
		st.byDay[d] = keys
	}
}

// hidden reports whether the synthetic document with key is replaced or
// removed; st may be nil.
func (st *store) hidden(key string) bool {
	if st == nil {
		return false
	}
	_, put := st.docs[key]
	return put || st.removed[key]
}

// collectionOf finds the collection of a model value or pointer and
// returns the value.
func collectionOf(doc any) (*collection, any, bool) {
	for _, c := range registry {
		if v, ok := c.value(doc); ok {
			return c, v, true
		}
	}
	return nil, nil, false
}

// days returns the documents of c whose range day is in first..last, day by
// day: the synthetic ones of each day first, then those put, in the order
// put.
func (ds *Dataset) days(c *collection, first, last oura.Date) []any {
	ds.mu.RLock()
	defer ds.mu.RUnlock()
	st := ds.stores[c.path]
	out := []any{}
	if today, ok := ds.today(); ok && last.After(today) {
		last = today
	}
	for d := first; !d.After(last) && !d.IsZero(); d = d.AddDays(1) {
		if ds.synthetic {
			for _, v := range c.synthDay(ds, d) {
				if !st.hidden(c.keyOf(v)) {
					out = append(out, v)
				}
			}
		}
		if st != nil {
			for _, k := range st.byDay[d] {
				out = append(out, st.docs[k].doc)
			}
		}
	}
	return out
}

// all returns the documents of a list collection: the synthetic ones, then
// those put, in the order put.
func (ds *Dataset) all(c *collection) []any {
	ds.mu.RLock()
	defer ds.mu.RUnlock()
	st := ds.stores[c.path]
	out := []any{}
	if ds.synthetic {
		for _, v := range c.synthAll(ds) {
			if !st.hidden(c.keyOf(v)) {
				out = append(out, v)
			}
		}
	}
	if st != nil {
		out = append(out, st.sorted()...)
	}
	return out
}

// sorted returns the documents put, in the order put.
func (st *store) sorted() []any {
	all := make([]stored, 0, len(st.docs))
	for _, s := range st.docs {
		all = append(all, s)
	}
	slices.SortFunc(all, func(a, b stored) int { return cmp.Compare(a.seq, b.seq) })
	out := make([]any, len(all))
	for i, s := range all {
		out[i] = s.doc
	}
	return out
}

// byID returns the document of c with id, if its day has come.
func (ds *Dataset) byID(c *collection, id string) (any, bool) {
	doc, ok := ds.findID(c, id)
	if today, moving := ds.today(); ok && moving && c.kind == dayKind && c.dayOf(doc).After(today) {
		return nil, false
	}
	return doc, ok
}

func (ds *Dataset) findID(c *collection, id string) (any, bool) {
	ds.mu.RLock()
	st := ds.stores[c.path]
	if st != nil {
		if s, ok := st.docs[id]; ok {
			ds.mu.RUnlock()
			return s.doc, true
		}
		if st.removed[id] {
			ds.mu.RUnlock()
			return nil, false
		}
	}
	ds.mu.RUnlock()
	if !ds.synthetic {
		return nil, false
	}
	var candidates []any
	switch c.kind {
	case dayKind:
		path, d, _, ok := parseDocID(id)
		if !ok || path != c.path {
			return nil, false
		}
		candidates = c.synthDay(ds, d)
	case listKind:
		candidates = c.synthAll(ds)
	}
	for _, v := range candidates {
		if c.keyOf(v) == id {
			return v, true
		}
	}
	return nil, false
}

// window is the rows of a time series in a time range, in time order.
type window interface {
	len() int64
	at(i int64) any
}

// syntheticWindow is n synthetic rows from index first: no row is built
// until it is asked for, so a month of one-second heart rate costs nothing.
type syntheticWindow struct {
	ds       *Dataset
	c        *collection
	first, n int64
}

func (w syntheticWindow) len() int64     { return w.n }
func (w syntheticWindow) at(i int64) any { return w.c.synthAt(w.ds, w.first+i) }
func (w rowsWindow) len() int64          { return int64(len(w)) }
func (w rowsWindow) at(i int64) any      { return w[i] }

// rowsWindow is rows built in full, when documents were put or removed.
type rowsWindow []any

// series returns the rows of c in [start, end), or [start, end] when
// inclusive (as the server reads its bounds).
func (ds *Dataset) series(c *collection, start, end time.Time, inclusive bool) window {
	if ds.clock != nil {
		if now := ds.clock(); !end.Before(now) {
			end, inclusive = now, false
		}
	}
	first, n := span(c.every(ds), start, end, inclusive)
	if !ds.synthetic || c.noSynth {
		n = 0
	}
	ds.mu.RLock()
	defer ds.mu.RUnlock()
	st := ds.stores[c.path]
	if st == nil {
		return syntheticWindow{ds, c, first, n}
	}
	rows := make(rowsWindow, 0, n)
	for i := range n {
		if v := c.synthAt(ds, first+i); !st.hidden(c.keyOf(v)) {
			rows = append(rows, v)
		}
	}
	for _, v := range st.sorted() {
		t := c.timeOf(v)
		if !t.Before(start) && (t.Before(end) || inclusive && t.Equal(end)) {
			rows = append(rows, v)
		}
	}
	slices.SortStableFunc(rows, func(a, b any) int { return c.timeOf(a).Compare(c.timeOf(b)) })
	return rows
}

// PersonalInfo returns the user's profile: the one put, or the synthetic
// one (the zero value for an Empty dataset without one put).
func (ds *Dataset) PersonalInfo() oura.PersonalInfo {
	p, _ := ds.profile()
	return p
}

func (ds *Dataset) profile() (oura.PersonalInfo, bool) {
	ds.mu.RLock()
	defer ds.mu.RUnlock()
	switch {
	case ds.personal != nil:
		return *ds.personal, true
	case ds.synthetic:
		return syntheticProfile(), true
	}
	return oura.PersonalInfo{}, false
}

// The collection kinds of the registry.
type kind int

const (
	dayKind kind = iota
	seriesKind
	listKind
)

// routes are the query parameters Oura's document lists for a collection's
// routes; sandbox is nil when the collection has no sandbox route.
type routes struct {
	params, sandbox   []string
	byID, sandboxByID bool
}

// collection is one entry of the registry (collections.go, generated from
// the table of collections): how to find, make and key its documents.
type collection struct {
	path   string
	kind   kind
	index  int // number inside synthetic document ids (day collections)
	routes routes

	value func(doc any) (any, bool) // doc as the model value, if it is one of this collection
	keyOf func(doc any) string      // id, or the timestamp of a time-series row

	synthDay func(ds *Dataset, d oura.Date) []any // day collections
	dayOf    func(doc any) oura.Date

	every   func(ds *Dataset) time.Duration // time series
	synthAt func(ds *Dataset, i int64) any
	noSynth bool // no synthetic rows
	timeOf  func(doc any) time.Time

	synthAll func(ds *Dataset) []any // list collections
}

func (c *collection) keyName() string {
	if c.kind == seriesKind {
		return "timestamp"
	}
	return "id"
}

// seriesKey is the key of a time-series row: its instant and, for heart
// rate, its source; "" when the time is zero.
func seriesKey(t time.Time, source string) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano) + "|" + source
}

// valueOf accepts a T or a non-nil *T.
func valueOf[T any](doc any) (any, bool) {
	switch v := doc.(type) {
	case T:
		return v, true
	case *T:
		if v != nil {
			return *v, true
		}
	}
	return nil, false
}

func anyOf[T any](vs []T) []any {
	out := make([]any, len(vs))
	for i := range vs {
		out[i] = vs[i]
	}
	return out
}

// dayCollection builds a registry entry for a day collection; synth nil
// means no synthetic documents.
func dayCollection[T any](path string, index int, r routes, synth func(*Dataset, oura.Date) []T,
	key func(*T) string, day func(*T) oura.Date) *collection {
	if synth == nil {
		synth = func(*Dataset, oura.Date) []T { return nil }
	}
	return &collection{
		path: path, kind: dayKind, index: index, routes: r,
		value:    valueOf[T],
		keyOf:    func(doc any) string { v := doc.(T); return key(&v) },
		synthDay: func(ds *Dataset, d oura.Date) []any { return anyOf(synth(ds, d)) },
		dayOf:    func(doc any) oura.Date { v := doc.(T); return day(&v) },
	}
}

// seriesCollection builds a registry entry for a time series; every and at
// nil mean no synthetic rows.
func seriesCollection[T any](path string, r routes, every func(*Dataset) time.Duration, at func(*Dataset, int64) T,
	ts func(*T) time.Time, key func(*T) string) *collection {
	if every == nil || at == nil {
		every, at = func(*Dataset) time.Duration { return time.Hour }, nil
	}
	return &collection{
		path: path, kind: seriesKind, routes: r,
		value:   valueOf[T],
		keyOf:   func(doc any) string { v := doc.(T); return key(&v) },
		every:   every,
		synthAt: func(ds *Dataset, i int64) any { return at(ds, i) },
		noSynth: at == nil,
		timeOf:  func(doc any) time.Time { v := doc.(T); return ts(&v) },
	}
}

// listCollection builds a registry entry for a collection without a range;
// synth nil means no synthetic documents.
func listCollection[T any](path string, r routes, synth func(*Dataset) []T, key func(*T) string) *collection {
	if synth == nil {
		synth = func(*Dataset) []T { return nil }
	}
	return &collection{
		path: path, kind: listKind, routes: r,
		value:    valueOf[T],
		keyOf:    func(doc any) string { v := doc.(T); return key(&v) },
		synthAll: func(ds *Dataset) []any { return anyOf(synth(ds)) },
	}
}

// typed converts documents back to their model type.
func typed[T any](docs []any) []T {
	out := make([]T, len(docs))
	for i, d := range docs {
		out[i] = d.(T)
	}
	return out
}

// dayDocs, seriesDocs and listDocs back the generated accessors.
func dayDocs[T any](ds *Dataset, path string, start, end oura.Date) []T {
	return typed[T](ds.days(registry[path], start, end))
}

func seriesDocs[T any](ds *Dataset, path string, start, end time.Time) []T {
	w := ds.series(registry[path], start, end, false)
	out := make([]T, w.len())
	for i := range out {
		out[i] = w.at(int64(i)).(T)
	}
	return out
}

func listDocs[T any](ds *Dataset, path string) []T {
	return typed[T](ds.all(registry[path]))
}
