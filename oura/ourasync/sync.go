package ourasync

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"reflect"
	"slices"
	"sync"
	"time"

	"github.com/ringkit/oura-go/oura"
)

var errInvalid = oura.ErrInvalidArgument

// Defaults of a Config.
const (
	// DefaultDocumentLookback is how far before its cursor an incremental
	// run re-reads a day stream: Oura revises documents for days, and a ring
	// can upload about a week late.
	DefaultDocumentLookback = 8 * 24 * time.Hour
	// DefaultSeriesLookback is the re-read of time series.
	DefaultSeriesLookback = 48 * time.Hour
	// DefaultWindowDays is the days of one window of a day stream.
	DefaultWindowDays = 30
	// DefaultPrefetch is how many windows of a stream are fetched at once
	// while earlier ones are committed: a backfill over a slow link takes
	// about a quarter of the time, and one user's run has at most this
	// many listings in flight.
	DefaultPrefetch = 4
	// DefaultSilentAfter is how long without webhook events, while polling
	// finds changes, makes a run report the user's webhooks as silent.
	DefaultSilentAfter = 48 * time.Hour
	// SuggestedReconcileEvery and SuggestedReconcileDepth are a deeper
	// re-read, weekly, of 35 days.
	SuggestedReconcileEvery = 7 * 24 * time.Hour
	SuggestedReconcileDepth = 35 * 24 * time.Hour
)

// seriesWindow is one window of a time series: Oura's 30-day limit less
// the minute the client keeps for padding, so a window is one chunk.
const seriesWindow = 30*24*time.Hour - time.Minute

// rateLimitRetries bounds how often one window waits out a 429.
const rateLimitRetries = 5

// Config configures a Syncer. Store and Sink are required.
type Config struct {
	// Store keeps each user's state.
	Store Store
	// Sink receives the changes. When it is a Committer (such as the SQLite
	// mirror), it is also the Store and commits data and state together.
	Sink Sink
	// Streams to sync, by name (Streams() lists them, ConnectorStreams is a
	// preset); nil means every stream.
	Streams []string
	// Start is the first day a backfill reads. When zero, it is the day the
	// user's earliest ring was set up, from ring configurations (one
	// request, first run only), or today when there is none.
	Start oura.Date
	// Lookback overrides the re-read of incremental runs per stream name:
	// DefaultDocumentLookback for day streams, DefaultSeriesLookback for
	// time series. Zero re-reads nothing before the cursor (day streams
	// still re-read the cursor's own day); below zero is an error. Day
	// streams round it up to whole days.
	Lookback map[string]time.Duration
	// WindowDays is the number of days of one window of a day stream
	// (DefaultWindowDays when zero; at most 31).
	WindowDays int
	// Prefetch is how many windows of one stream are fetched at once, ahead
	// of the window being committed (DefaultPrefetch when zero; 1 fetches
	// one window at a time; at most 16). Windows are still handed to the
	// sink and committed one at a time, in order.
	Prefetch int
	// ReconcileEvery and ReconcileDepth turn on a periodic deeper re-read:
	// when a stream's last reconciliation is older than ReconcileEvery, a
	// run re-reads ReconcileDepth instead of the lookback (for example
	// SuggestedReconcileEvery and SuggestedReconcileDepth). Off when zero.
	ReconcileEvery, ReconcileDepth time.Duration
	// Location is the time zone of "today" (UTC when nil). Runs read
	// through tomorrow, so users ahead of it lose nothing.
	Location *time.Location
	// Now returns the current time (time.Now when nil).
	Now func() time.Time
	// Progress, when set, is called after every committed window.
	Progress func(Progress)
	// Logger, when set, logs one line per window and warnings.
	Logger *slog.Logger
	// SilentAfter: see DefaultSilentAfter.
	SilentAfter time.Duration
}

// Progress is what one committed window did.
type Progress struct {
	User      string
	Stream    string
	Window    Window
	Reason    string // "backfill", "incremental", "reconcile" or "webhook"
	Fetched   int    // records Oura returned for the window
	Upserted  int    // changes handed on as upserts
	Deleted   int    // changes handed on as deletes
	Skipped   int    // records unchanged since the last run
	Committed time.Time
}

// Report sums up one run of one user.
type Report struct {
	User    string
	Streams map[string]*StreamReport
	// WebhooksSilent is set when webhook events used to arrive for the user,
	// none came for SilentAfter, and polling found changes they should
	// have announced.
	WebhooksSilent bool
	// Ignored counts webhook events of data types the syncer does not sync.
	Ignored int
}

// StreamReport sums up one stream of a run.
type StreamReport struct {
	Windows, Fetched, Upserted, Deleted, Skipped int
}

// Total sums the streams of r.
func (r *Report) Total() StreamReport {
	var t StreamReport
	for _, s := range r.Streams {
		t.Windows += s.Windows
		t.Fetched += s.Fetched
		t.Upserted += s.Upserted
		t.Deleted += s.Deleted
		t.Skipped += s.Skipped
	}
	return t
}

// Syncer keeps local copies of users' Oura data current. Its methods may
// be called from many goroutines; runs of the same user exclude each other
// through the Store's claim.
type Syncer struct {
	cfg      Config
	streams  []*stream
	lookback map[string]time.Duration
	horizon  map[string]time.Duration
	gate     gate
}

// New checks cfg and returns a Syncer. Every mistake is an error wrapping
// oura.ErrInvalidArgument, before any request.
func New(cfg Config) (*Syncer, error) {
	fail := func(format string, a ...any) (*Syncer, error) {
		return nil, fmt.Errorf("ourasync: "+format+": %w", append(a, errInvalid)...)
	}
	if cfg.Store == nil || isNilValue(cfg.Store) {
		return fail("the store is nil")
	}
	if cfg.Sink == nil || isNilValue(cfg.Sink) {
		return fail("the sink is nil")
	}
	if cm, ok := cfg.Sink.(Committer); ok && Store(cm) != cfg.Store {
		return fail("the sink keeps the state itself (it is a Committer): pass it as the Store too")
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Location == nil {
		cfg.Location = time.UTC
	}
	if cfg.SilentAfter == 0 {
		cfg.SilentAfter = DefaultSilentAfter
	}
	switch {
	case cfg.WindowDays == 0:
		cfg.WindowDays = DefaultWindowDays
	case cfg.WindowDays < 0 || cfg.WindowDays > 31:
		return fail("WindowDays %d is not 1 to 31", cfg.WindowDays)
	}
	switch {
	case cfg.Prefetch == 0:
		cfg.Prefetch = DefaultPrefetch
	case cfg.Prefetch < 0 || cfg.Prefetch > 16:
		return fail("Prefetch %d is not 1 to 16", cfg.Prefetch)
	}
	if cfg.ReconcileEvery < 0 || cfg.ReconcileDepth < 0 || (cfg.ReconcileEvery > 0) != (cfg.ReconcileDepth > 0) {
		return fail("ReconcileEvery and ReconcileDepth must both be positive, or both zero")
	}
	today := oura.DateOf(cfg.Now().In(cfg.Location))
	if !cfg.Start.IsZero() && cfg.Start.After(today) {
		return fail("start %s is after today (%s)", cfg.Start, today)
	}
	s := &Syncer{cfg: cfg, lookback: map[string]time.Duration{}, horizon: map[string]time.Duration{}}
	names := cfg.Streams
	if names == nil {
		names = Streams()
	}
	if len(names) == 0 {
		return fail("no streams")
	}
	for _, n := range names {
		st, ok := streamByName[n]
		if !ok {
			return fail("unknown stream %q (known: %v)", n, Streams())
		}
		if !slices.Contains(s.streams, st) {
			s.streams = append(s.streams, st)
		}
	}
	for n, d := range cfg.Lookback {
		if _, ok := streamByName[n]; !ok {
			return fail("lookback of unknown stream %q", n)
		}
		if d < 0 {
			return fail("lookback of %s is %s, below zero", n, d)
		}
	}
	// Reconcile re-reads this deep even when no periodic reconciliation is
	// configured.
	depth := cmp.Or(cfg.ReconcileDepth, SuggestedReconcileDepth)
	for _, st := range s.streams {
		lb, ok := cfg.Lookback[st.name]
		if !ok {
			lb = DefaultDocumentLookback
			if st.kind == Series {
				lb = DefaultSeriesLookback
			}
		}
		s.lookback[st.name] = lb
		// Hashes are kept as far back as runs (and Reconcile) re-read, so a
		// reconciliation finds what vanished. Time series keep them
		// for the lookback only (a month of heart rate is 10,000 keys): a
		// reconciliation upserts their older samples again.
		s.horizon[st.name] = max(lb, depth) + 24*time.Hour
		if st.kind == Series {
			s.horizon[st.name] = lb + 24*time.Hour
		}
	}
	return s, nil
}

// isNilValue reports whether v holds a nil pointer, map, func or channel.
func isNilValue(v any) bool {
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Func, reflect.Chan, reflect.Slice, reflect.Interface:
		return rv.IsNil()
	}
	return false
}

// Run brings user's streams up to date with client: a backfill from the
// start on the first run (resumed where it stopped after a crash), then
// the lookback up to now; a deeper reconciliation when one is due. user is
// the key the data is kept under (for example Oura's user id from
// personal info, which webhook events carry).
func (s *Syncer) Run(ctx context.Context, user string, client *oura.Client) (*Report, error) {
	return s.run(ctx, user, client, false)
}

// Reconcile is Run with a reconciliation of every stream now: each
// re-reads ReconcileDepth (35 days when it is not set) before its cursor.
func (s *Syncer) Reconcile(ctx context.Context, user string, client *oura.Client) (*Report, error) {
	return s.run(ctx, user, client, true)
}

// run is the state of one run of one user.
type run struct {
	s      *Syncer
	user   string
	client *oura.Client
	st     *State
	now    time.Time
	today  oura.Date
	report *Report
}

func (s *Syncer) begin(ctx context.Context, user string, client *oura.Client) (*run, func(), error) {
	switch {
	case user == "":
		return nil, nil, fmt.Errorf("ourasync: empty user key: %w", errInvalid)
	case client == nil:
		return nil, nil, fmt.Errorf("ourasync: nil client for %q: %w", user, errInvalid)
	}
	release, err := s.cfg.Store.Claim(ctx, user)
	if err != nil {
		return nil, nil, err
	}
	st, err := s.cfg.Store.Load(ctx, user)
	if err != nil {
		release()
		return nil, nil, err
	}
	now := s.cfg.Now()
	r := &run{s: s, user: user, client: client, st: st, now: now,
		today:  oura.DateOf(now.In(s.cfg.Location)),
		report: &Report{User: user, Streams: map[string]*StreamReport{}}}
	return r, release, nil
}

func (s *Syncer) run(ctx context.Context, user string, client *oura.Client, reconcile bool) (*Report, error) {
	r, release, err := s.begin(ctx, user, client)
	if err != nil {
		return nil, err
	}
	defer release()
	for _, st := range s.streams {
		if err := r.stream(ctx, st, reconcile); err != nil {
			return r.report, fmt.Errorf("ourasync: %s: %s: %w", user, st.name, err)
		}
	}
	r.checkWebhooks()
	return r.report, nil
}

// checkWebhooks reports webhooks as silent when polling found changes in
// streams webhooks cover, long after the last event.
func (r *run) checkWebhooks() {
	if r.st.LastEvent.IsZero() || r.now.Sub(r.st.LastEvent) < r.s.cfg.SilentAfter {
		return
	}
	for _, st := range r.s.streams {
		if rep := r.report.Streams[st.name]; st.dataType != "" && rep != nil && rep.Upserted+rep.Deleted > 0 {
			r.report.WebhooksSilent = true
			if l := r.s.cfg.Logger; l != nil {
				l.Warn("ourasync: webhooks silent: polling found changes no event announced",
					"user", r.user, "last_event", r.st.LastEvent, "stream", st.name)
			}
			return
		}
	}
}

// start returns the first day of a backfill, resolving and saving the
// default on first use.
func (r *run) start(ctx context.Context) (oura.Date, error) {
	if !r.s.cfg.Start.IsZero() {
		return r.s.cfg.Start, nil
	}
	if !r.st.Start.IsZero() {
		return r.st.Start, nil
	}
	rings, err := r.client.RingConfigurations(ctx)
	if err != nil {
		return oura.Date{}, fmt.Errorf("finding the first ring set-up: %w", err)
	}
	d := r.today
	for _, rc := range rings {
		if rc.SetUpAt != nil {
			if sd := oura.DateOf(rc.SetUpAt.In(r.s.cfg.Location)); sd.Before(d) {
				d = sd
			}
		}
	}
	r.st.Start = d // saved with the first window
	return d, nil
}

func (r *run) streamState(name string) *StreamState {
	ss := r.st.Streams[name]
	if ss == nil {
		ss = &StreamState{}
		r.st.Streams[name] = ss
	}
	if ss.Seen == nil {
		ss.Seen = map[string]Seen{}
	}
	return ss
}

// stream syncs one stream: its windows from where it stands to now.
func (r *run) stream(ctx context.Context, st *stream, forceReconcile bool) error {
	ss := r.streamState(st.name)
	lookback := r.s.lookback[st.name]
	depth := r.s.cfg.ReconcileDepth
	if depth == 0 {
		depth = SuggestedReconcileDepth
	}
	deep := forceReconcile || (r.s.cfg.ReconcileEvery > 0 && r.now.Sub(ss.Reconciled) >= r.s.cfg.ReconcileEvery)
	reason := "incremental"
	if deep {
		reason, lookback = "reconcile", max(lookback, depth)
	}
	switch st.kind {
	case Snapshot:
		recs, err := r.fetch(ctx, func() ([]record, error) { return st.whole(ctx, r.client) })
		if err != nil {
			return err
		}
		ss.Until = r.now
		if deep {
			ss.Reconciled = r.now
		}
		return r.window(ctx, st, ss, Window{}, reason, recs, func(Seen) bool { return true })
	case Days:
		start, err := r.start(ctx)
		if err != nil {
			return err
		}
		end := r.today.AddDays(1)
		var from oura.Date
		switch lbDays := int((lookback + 24*time.Hour - 1) / (24 * time.Hour)); {
		case ss.Through.IsZero():
			from, reason = start, "backfill"
		case ss.Resume && !deep: // go on where an interrupted run stopped
			from = ss.Through.AddDays(1)
			if ss.Reconciled.IsZero() {
				reason = "backfill"
			}
		default:
			from = ss.Through.AddDays(-lbDays)
		}
		if from.Before(start) {
			from = start
		}
		var ws [][2]oura.Date
		for a := from; !a.After(end); {
			b := a.AddDays(r.s.cfg.WindowDays - 1)
			if b.After(end) {
				b = end
			}
			ws = append(ws, [2]oura.Date{a, b})
			a = b.AddDays(1)
		}
		return inOrder(ctx, r.s.cfg.Prefetch, ws, func(ctx context.Context, w [2]oura.Date) ([]record, error) {
			return r.fetch(ctx, func() ([]record, error) { return st.days(ctx, r.client, w[0], w[1]) })
		}, func(w [2]oura.Date, recs []record) error {
			a, b := w[0], w[1]
			if b.After(ss.Through) {
				ss.Through, ss.Resume = b, b != end
			}
			if b == end && (deep || reason == "backfill") {
				ss.Reconciled = r.now
			}
			in := func(v Seen) bool { return !v.Day.Before(a) && !v.Day.After(b) }
			return r.window(ctx, st, ss, Window{Start: a, End: b}, reason, recs, in)
		})
	default: // Series
		start, err := r.start(ctx)
		if err != nil {
			return err
		}
		var from time.Time
		switch {
		case ss.Until.IsZero():
			from, reason = start.In(r.s.cfg.Location), "backfill"
		case ss.Resume && !deep:
			from = ss.Until
			if ss.Reconciled.IsZero() {
				reason = "backfill"
			}
		default:
			from = ss.Until.Add(-lookback)
		}
		if first := start.In(r.s.cfg.Location); from.Before(first) {
			from = first
		}
		var ws [][2]time.Time
		for a := from; a.Before(r.now); {
			b := a.Add(seriesWindow)
			if b.After(r.now) {
				b = r.now
			}
			ws = append(ws, [2]time.Time{a, b})
			a = b
		}
		return inOrder(ctx, r.s.cfg.Prefetch, ws, func(ctx context.Context, w [2]time.Time) ([]record, error) {
			return r.fetch(ctx, func() ([]record, error) { return st.series(ctx, r.client, w[0], w[1]) })
		}, func(w [2]time.Time, recs []record) error {
			a, b := w[0], w[1]
			if b.After(ss.Until) {
				ss.Until, ss.Resume = b, !b.Equal(r.now)
			}
			if b.Equal(r.now) && (deep || reason == "backfill") {
				ss.Reconciled = r.now
			}
			lo, hi := a.UnixNano(), b.UnixNano()
			in := func(v Seen) bool { return v.At >= lo && v.At < hi }
			return r.window(ctx, st, ss, Window{From: a, To: b}, reason, recs, in)
		})
	}
}

// inOrder fetches the windows ws with up to n fetches in flight and hands
// each to use in order, one at a time: the fetch of window i+n starts when
// window i has been fetched. The first error in window order ends it; the
// fetches still in flight are cancelled and waited for.
func inOrder[W any](ctx context.Context, n int, ws []W, fetch func(context.Context, W) ([]record, error), use func(W, []record) error) error {
	type result struct {
		recs []record
		err  error
	}
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	defer func() { cancel(); wg.Wait() }()
	res := make([]chan result, len(ws))
	start := func(i int) {
		res[i] = make(chan result, 1)
		wg.Add(1)
		go func() {
			defer wg.Done()
			recs, err := fetch(ctx, ws[i])
			res[i] <- result{recs, err}
		}()
	}
	for i := range min(n, len(ws)) {
		start(i)
	}
	for i, w := range ws {
		r := <-res[i]
		if r.err != nil {
			return r.err
		}
		res[i] = nil
		if i+n < len(ws) {
			start(i + n)
		}
		if err := use(w, r.recs); err != nil {
			return err
		}
	}
	return nil
}

// fetch reads one window whole, waiting out rate limits: a 429 closes the
// syncer's gate for every run until Retry-After has passed.
func (r *run) fetch(ctx context.Context, get func() ([]record, error)) ([]record, error) {
	for attempt := 0; ; attempt++ {
		if err := r.s.gate.wait(ctx); err != nil {
			return nil, err
		}
		recs, err := get()
		var apiErr *oura.APIError
		if err == nil || attempt == rateLimitRetries || !errors.Is(err, oura.ErrRateLimited) || !errors.As(err, &apiErr) {
			return recs, err
		}
		wait := apiErr.RetryAfter
		if wait <= 0 {
			wait = time.Minute
		}
		r.s.gate.close(time.Now().Add(wait))
		if l := r.s.cfg.Logger; l != nil {
			l.Warn("ourasync: rate limited; every run waits", "user", r.user, "retry_after", wait)
		}
	}
}

// window compares a window's records with the state, hands the changes on
// and commits the window's state.
func (r *run) window(ctx context.Context, st *stream, ss *StreamState, w Window, reason string, recs []record, in func(Seen) bool) error {
	b := &Batch{User: r.user, Stream: st.name, Window: w}
	p := Progress{User: r.user, Stream: st.name, Window: w, Reason: reason, Fetched: len(recs)}
	horizon := r.now.Add(-r.s.horizon[st.name])
	keep := func(v Seen) bool {
		switch st.kind {
		case Days:
			return !v.Day.Before(oura.DateOf(horizon.In(r.s.cfg.Location)))
		case Series:
			return v.At >= horizon.UnixNano()
		}
		return true
	}
	present := make(map[string]bool, len(recs))
	for i := range recs {
		rec := &recs[i]
		present[rec.key] = true
		seen := Seen{Day: rec.day, Hash: rec.hash}
		if st.kind == Series {
			seen = Seen{At: rec.at.UnixNano(), Hash: rec.hash}
		}
		old, had := ss.Seen[rec.key]
		ch := Change{User: r.user, Stream: st.name, Key: rec.key, Day: rec.day, Time: rec.at}
		switch {
		case rec.deleted:
			seen.Hash = tombstone
			if had && old.Hash == tombstone {
				p.Skipped++
				break
			}
			ch.Op = Delete
			b.Changes = append(b.Changes, ch)
			p.Deleted++
		case had && old == seen:
			p.Skipped++
		default:
			ch.Op, ch.Data, ch.Value = Upsert, rec.data, rec.value
			b.Changes = append(b.Changes, ch)
			p.Upserted++
		}
		if keep(seen) {
			ss.Seen[rec.key] = seen
		} else {
			delete(ss.Seen, rec.key)
		}
	}
	for _, k := range slices.Sorted(maps.Keys(ss.Seen)) {
		v := ss.Seen[k]
		switch {
		case in(v) && !present[k]:
			if v.Hash != tombstone {
				b.Changes = append(b.Changes, Change{Op: Delete, User: r.user, Stream: st.name, Key: k, Day: v.Day, Time: seenTime(v)})
				p.Deleted++
			}
			delete(ss.Seen, k)
		case !keep(v):
			delete(ss.Seen, k)
		}
	}
	return r.commit(ctx, b, p)
}

func seenTime(v Seen) time.Time {
	if v.At == 0 {
		return time.Time{}
	}
	return time.Unix(0, v.At).UTC()
}

// commit hands b on and saves the state: in one transaction for a
// Committer, otherwise the data first and the state after it.
func (r *run) commit(ctx context.Context, b *Batch, p Progress) error {
	var err error
	if cm, ok := r.s.cfg.Sink.(Committer); ok {
		err = cm.Commit(ctx, b, r.st)
	} else {
		if len(b.Changes) > 0 {
			err = r.s.cfg.Sink.Write(ctx, b)
		}
		if err == nil {
			err = r.s.cfg.Store.Save(ctx, r.user, r.st)
		}
	}
	if err != nil {
		return fmt.Errorf("committing %s: %w", b.Window, err)
	}
	rep := r.report.Streams[b.Stream]
	if rep == nil {
		rep = &StreamReport{}
		r.report.Streams[b.Stream] = rep
	}
	rep.Windows++
	rep.Fetched += p.Fetched
	rep.Upserted += p.Upserted
	rep.Deleted += p.Deleted
	rep.Skipped += p.Skipped
	p.Committed = time.Now()
	if f := r.s.cfg.Progress; f != nil {
		f(p)
	}
	if l := r.s.cfg.Logger; l != nil {
		l.Info("ourasync: window", "user", p.User, "stream", p.Stream, "window", p.Window.String(), "reason", p.Reason,
			"fetched", p.Fetched, "upserted", p.Upserted, "deleted", p.Deleted, "skipped", p.Skipped)
	}
	return nil
}

// gate holds every run of a Syncer back after a 429, until Retry-After.
type gate struct {
	mu    sync.Mutex
	until time.Time
}

func (g *gate) close(until time.Time) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if until.After(g.until) {
		g.until = until
	}
}

func (g *gate) wait(ctx context.Context) error {
	for {
		g.mu.Lock()
		d := time.Until(g.until)
		g.mu.Unlock()
		if d <= 0 {
			return ctx.Err()
		}
		t := time.NewTimer(d)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
	}
}
