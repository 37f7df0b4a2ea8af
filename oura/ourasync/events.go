package ourasync

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sync"
	"time"

	"github.com/ringkit/oura-go/oura"
)

// Refresh applies webhook events of one user: a delete event becomes a
// delete for the sink, and each changed document's day is re-read in its
// stream and in the streams derived from it (a sleep change re-reads
// daily_sleep, daily_readiness and sleep_times of that day). Events of the
// same document and days of the same stream are coalesced: a burst costs
// one by-id request per document and one listing per stream and run of
// days. Events of data types the syncer does not sync are counted in
// Report.Ignored. Refresh never moves a stream's cursor: polling stays the
// safety net for what webhooks miss.
func (s *Syncer) Refresh(ctx context.Context, user string, client *oura.Client, events ...oura.WebhookEvent) (*Report, error) {
	r, release, err := s.begin(ctx, user, client)
	if err != nil {
		return nil, err
	}
	defer release()
	days := map[*stream]map[oura.Date]bool{}
	addDay := func(st *stream, d oura.Date) {
		if d.IsZero() || !slices.Contains(s.streams, st) {
			return
		}
		if days[st] == nil {
			days[st] = map[oura.Date]bool{}
		}
		days[st][d] = true
	}
	deletes := map[*stream][]string{}
	whole := map[*stream]bool{}
	type docKey struct {
		dt oura.WebhookDataType
		id string
	}
	last := map[docKey]oura.WebhookEvent{} // the last event of each document wins
	var order []docKey
	for _, ev := range events {
		st := streamOf(ev.DataType)
		if st == nil || !slices.Contains(s.streams, st) || ev.ObjectID == "" {
			r.report.Ignored++
			continue
		}
		k := docKey{ev.DataType, ev.ObjectID}
		if _, ok := last[k]; !ok {
			order = append(order, k)
		}
		last[k] = ev
	}
	for _, k := range order {
		ev := last[k]
		st := streamOf(ev.DataType)
		r.st.LastEvent = r.now
		if st.kind == Snapshot {
			whole[st] = true
			continue
		}
		ss := r.streamState(st.name)
		var touched []oura.Date
		if old, ok := ss.Seen[ev.ObjectID]; ok {
			touched = append(touched, old.Day)
		}
		if ev.EventType == oura.WebhookEventTypeDelete {
			deletes[st] = append(deletes[st], ev.ObjectID)
		} else {
			doc, err := r.fetchOne(ctx, ev)
			switch {
			case errors.Is(err, oura.ErrNotFound): // gone again: the re-read of its old day finds out
			case err != nil:
				return r.report, fmt.Errorf("ourasync: %s: webhook %s %s: %w", user, ev.DataType, ev.ObjectID, err)
			default:
				touched = append(touched, doc)
			}
		}
		for _, d := range touched {
			if ev.EventType != oura.WebhookEventTypeDelete {
				addDay(st, d) // a delete event is the answer for its own stream
			}
			for _, name := range st.derived {
				addDay(streamByName[name], d)
			}
		}
	}
	for _, st := range s.streams {
		if ids := deletes[st]; len(ids) > 0 {
			ss := r.streamState(st.name)
			b := &Batch{User: user, Stream: st.name}
			for _, id := range ids {
				b.Changes = append(b.Changes, Change{Op: Delete, User: user, Stream: st.name, Key: id, Day: ss.Seen[id].Day})
				delete(ss.Seen, id)
			}
			if err := r.commit(ctx, b, Progress{User: user, Stream: st.name, Reason: "webhook", Deleted: len(ids)}); err != nil {
				return r.report, fmt.Errorf("ourasync: %s: %s: %w", user, st.name, err)
			}
		}
	}
	for _, st := range s.streams {
		if err := r.refreshStream(ctx, st, days[st], whole[st]); err != nil {
			return r.report, fmt.Errorf("ourasync: %s: %s: %w", user, st.name, err)
		}
	}
	if len(order) > 0 && len(days)+len(whole)+len(deletes) == 0 {
		// Nothing to re-read, but the event's arrival is state too.
		if err := r.commit(ctx, &Batch{User: user}, Progress{User: user, Reason: "webhook"}); err != nil {
			return r.report, fmt.Errorf("ourasync: %s: %w", user, err)
		}
	}
	return r.report, nil
}

// refreshStream re-reads the given days of st, in runs of consecutive
// days, or st whole.
func (r *run) refreshStream(ctx context.Context, st *stream, days map[oura.Date]bool, whole bool) error {
	ss := r.streamState(st.name)
	if whole {
		recs, err := r.fetch(ctx, func() ([]record, error) { return st.whole(ctx, r.client) })
		if err != nil {
			return err
		}
		return r.window(ctx, st, ss, Window{}, "webhook", recs, func(Seen) bool { return true })
	}
	sorted := slices.SortedFunc(maps.Keys(days), oura.Date.Compare)
	for i := 0; i < len(sorted); {
		a, b := sorted[i], sorted[i]
		for i++; i < len(sorted) && sorted[i] == b.AddDays(1) && b.DaysSince(a) < r.s.cfg.WindowDays-1; i++ {
			b = sorted[i]
		}
		recs, err := r.fetch(ctx, func() ([]record, error) { return st.days(ctx, r.client, a, b) })
		if err != nil {
			return err
		}
		in := func(v Seen) bool { return !v.Day.Before(a) && !v.Day.After(b) }
		if err := r.window(ctx, st, ss, Window{Start: a, End: b}, "webhook", recs, in); err != nil {
			return err
		}
	}
	return nil
}

// fetchOne fetches the document an event points at and returns its day.
func (r *run) fetchOne(ctx context.Context, ev oura.WebhookEvent) (oura.Date, error) {
	var doc any
	_, err := r.fetch(ctx, func() ([]record, error) {
		var err error
		doc, err = r.client.DocumentByID(ctx, ev.DataType, ev.ObjectID)
		return nil, err
	})
	if err != nil {
		return oura.Date{}, err
	}
	b, err := json.Marshal(doc)
	if err != nil {
		return oura.Date{}, err
	}
	var days struct {
		Day      oura.Date `json:"day"`
		StartDay oura.Date `json:"start_day"`
	}
	if err := json.Unmarshal(b, &days); err != nil {
		return oura.Date{}, err
	}
	if !days.Day.IsZero() {
		return days.Day, nil
	}
	return days.StartDay, nil
}

// EventQueue coalesces webhook events per user and applies them with
// Refresh once a user's events have been quiet for a delay, so a burst of
// deliveries costs one refresh. Events wait in memory only: polling with
// Run is the safety net for events lost in a crash.
type EventQueue struct {
	s      *Syncer
	delay  time.Duration
	client func(ctx context.Context, user string) (*oura.Client, error)
	// OnResult, when set, is called after each refresh.
	OnResult func(user string, rep *Report, err error)

	mu      sync.Mutex
	pending map[string][]oura.WebhookEvent
	timers  map[string]*time.Timer
	due     map[string]bool // users whose delay has passed
	wake    chan struct{}   // a token when due gained a user
}

// NewEventQueue returns a queue that refreshes a user delay after their
// last event, with the client that client returns for them. Call Run to
// process it.
func (s *Syncer) NewEventQueue(delay time.Duration, client func(ctx context.Context, user string) (*oura.Client, error)) *EventQueue {
	return &EventQueue{s: s, delay: delay, client: client,
		pending: map[string][]oura.WebhookEvent{}, timers: map[string]*time.Timer{}, due: map[string]bool{},
		wake: make(chan struct{}, 1)}
}

// Add queues ev for user; it never blocks, so a webhook handler's OnEvent
// can call it and answer Oura at once.
func (q *EventQueue) Add(user string, ev oura.WebhookEvent) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.pending[user] = append(q.pending[user], ev)
	if t := q.timers[user]; t != nil {
		t.Reset(q.delay)
		return
	}
	q.timers[user] = time.AfterFunc(q.delay, func() {
		q.mu.Lock()
		q.due[user] = true
		q.mu.Unlock()
		q.signal()
	})
}

// signal wakes Run; no goroutine waits for it, running or not.
func (q *EventQueue) signal() {
	select {
	case q.wake <- struct{}{}:
	default:
	}
}

// Run applies queued events until ctx ends.
func (q *EventQueue) Run(ctx context.Context) error {
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-q.wake:
			q.mu.Lock()
			users := slices.Sorted(maps.Keys(q.due))
			clear(q.due)
			q.mu.Unlock()
			for i, user := range users {
				if ctx.Err() != nil { // the rest stay due for the next Run
					q.mu.Lock()
					for _, u := range users[i:] {
						q.due[u] = true
					}
					q.mu.Unlock()
					q.signal()
					return ctx.Err()
				}
				q.refresh(ctx, user)
			}
		}
	}
}

// refresh applies user's queued events.
func (q *EventQueue) refresh(ctx context.Context, user string) {
	q.mu.Lock()
	evs := q.pending[user]
	delete(q.pending, user)
	delete(q.timers, user)
	q.mu.Unlock()
	if len(evs) == 0 {
		return
	}
	c, err := q.client(ctx, user)
	var rep *Report
	if err == nil {
		rep, err = q.s.Refresh(ctx, user, c, evs...)
	}
	if errors.Is(err, ErrClaimed) { // a run holds the user: try again later
		for _, ev := range evs {
			q.Add(user, ev)
		}
	}
	if q.OnResult != nil {
		q.OnResult(user, rep, err)
	}
}
