package ourasync_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/time/rate"

	"github.com/ringkit/oura-go/oura"
	"github.com/ringkit/oura-go/oura/ourasync"
	"github.com/ringkit/oura-go/oura/ouratest"
)

// A burst of webhook events costs one by-id request per document and one
// listing per derived stream and day; a delete event is a delete.
func TestRefreshCoalescesEventsAndRefreshesDerivedStreams(t *testing.T) {
	t.Parallel()
	srv := ouratest.NewServer()
	defer srv.Close()
	client, _ := srv.NewClient()
	m := newMirror()
	day := oura.DateOf(t0).AddDays(-3)
	s, _ := ourasync.New(ourasync.Config{Store: ourasync.NewMemoryStore(), Sink: m, Start: day.AddDays(-5),
		Now: func() time.Time { return t0 }, Streams: []string{ourasync.SleepPeriods, ourasync.DailySleep,
			ourasync.DailyReadiness, ourasync.SleepTimes, ourasync.Workouts}})
	ctx := context.Background()
	if _, err := s.Run(ctx, "u1", client); err != nil {
		t.Fatal(err)
	}
	ds := srv.Dataset()
	sleep := ds.SleepPeriods(day, day)[0]
	var workout oura.Workout
	for d := day; workout.ID == ""; d = d.AddDays(-1) {
		if w := ds.Workouts(d, d); len(w) > 0 {
			workout = w[0]
		}
	}
	from := len(srv.Requests())
	n := len(m.Batches)
	ev := func(et oura.WebhookEventType, dt oura.WebhookDataType, id string) oura.WebhookEvent {
		return oura.WebhookEvent{EventType: et, DataType: dt, ObjectID: id, EventTime: t0, UserID: "oura-user"}
	}
	rep, err := s.Refresh(ctx, "u1", client,
		ev(oura.WebhookEventTypeUpdate, oura.WebhookDataTypeSleep, sleep.ID),
		ev(oura.WebhookEventTypeUpdate, oura.WebhookDataTypeSleep, sleep.ID),
		ev(oura.WebhookEventTypeDelete, oura.WebhookDataTypeWorkout, workout.ID),
		ev(oura.WebhookEventTypeCreate, oura.WebhookDataTypeMeal, "meal-1"),
	)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{"sleep/" + sleep.ID: 1, "sleep": 1, "daily_sleep": 1, "daily_readiness": 1, "sleep_time": 1}
	if d := cmp.Diff(want, requestsByPath(srv, from)); d != "" {
		t.Fatalf("requests of the refresh (-want +got):\n%s", d)
	}
	if rep.Ignored != 1 {
		t.Fatalf("ignored %d events, want 1 (meal)", rep.Ignored)
	}
	var deletes []string
	for _, b := range m.Batches[n:] {
		for _, c := range b.Changes {
			deletes = append(deletes, string(c.Op)+" "+c.Stream+" "+c.Key)
		}
	}
	if d := cmp.Diff([]string{"delete workouts " + workout.ID}, deletes); d != "" {
		t.Fatalf("changes (-want +got):\n%s", d)
	}
	if _, ok := m.Rows["u1|workouts|"+workout.ID]; ok {
		t.Fatal("the deleted workout is still in the mirror")
	}
}

// queueSyncer is a fake server and a syncer of its daily_sleep since two
// days before t0, for the event queue tests.
func queueSyncer(t *testing.T) (*ouratest.Server, *oura.Client, *ourasync.Syncer, oura.Date) {
	srv := ouratest.NewServer()
	t.Cleanup(srv.Close)
	client, _ := srv.NewClient()
	day := oura.DateOf(t0).AddDays(-2)
	s, _ := ourasync.New(ourasync.Config{Store: ourasync.NewMemoryStore(), Sink: newMirror(), Start: day,
		Now: func() time.Time { return t0 }, Streams: []string{ourasync.DailySleep}})
	return srv, client, s, day
}

func TestEventQueueCoalescesABurst(t *testing.T) {
	t.Parallel()
	srv, client, s, day := queueSyncer(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var mu sync.Mutex
	var reports []*ourasync.Report
	done := make(chan struct{}, 4)
	q := s.NewEventQueue(50*time.Millisecond, func(context.Context, string) (*oura.Client, error) { return client, nil })
	q.OnResult = func(user string, rep *ourasync.Report, err error) {
		if err != nil {
			t.Error(err)
		}
		mu.Lock()
		reports = append(reports, rep)
		mu.Unlock()
		done <- struct{}{}
	}
	go q.Run(ctx)
	id := srv.Dataset().DailySleep(day, day)[0].ID
	for range 5 {
		q.Add("u1", oura.WebhookEvent{EventType: oura.WebhookEventTypeUpdate, DataType: oura.WebhookDataTypeDailySleep, ObjectID: id})
	}
	<-done
	time.Sleep(100 * time.Millisecond)
	mu.Lock()
	defer mu.Unlock()
	if len(reports) != 1 || reports[0].Streams[ourasync.DailySleep].Windows != 1 {
		t.Fatalf("%d refreshes, want one for the burst", len(reports))
	}
	if got := requestsByPath(srv, 0); got["daily_sleep/"+id] != 1 || got["daily_sleep"] != 1 {
		t.Fatalf("requests %v: want one by id and one listing", got)
	}
}

// A 429 holds every request of the pool back for Retry-After; every client
// shares the pool's limiter.
func TestPoolBacksOffTogetherAndSharesTheLimiter(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var limited time.Time
	var early int
	var rateLimited bool
	srv := ouratest.NewServer(ouratest.WithHook(func(w http.ResponseWriter, r *http.Request) bool {
		time.Sleep(20 * time.Millisecond) // a window of 30 pages takes longer than the test's grace
		mu.Lock()
		defer mu.Unlock()
		if !rateLimited && r.URL.Path == "/v2/usercollection/daily_sleep" {
			rateLimited, limited = true, time.Now()
			w.Header().Set("Retry-After", "2")
			w.WriteHeader(http.StatusTooManyRequests)
			return true
		}
		// Requests in flight when the 429 came may still land in its first
		// moments (on a loaded machine, under -race, more than 100 ms
		// later); none may start later until Retry-After has passed.
		if since := time.Since(limited); rateLimited && since > 300*time.Millisecond && since < 1900*time.Millisecond {
			early++
		}
		return false
	}), ouratest.WithPageSize(1)) // many pages per window: the hold is per request, not per window
	defer srv.Close()
	s, _ := ourasync.New(ourasync.Config{Store: ourasync.NewMemoryStore(), Sink: newMirror(), Start: oura.DateOf(t0).AddDays(-40),
		Now: func() time.Time { return t0 }, Streams: []string{ourasync.DailyActivity, ourasync.DailySleep, ourasync.Workouts}})
	limiter := rate.NewLimiter(rate.Every(time.Hour), 1000)
	p := &ourasync.Pool{Syncer: s, Workers: 3, Limiter: limiter}
	p.HTTPClient = srv.Client()
	// The client retries the 429 itself, after Retry-After; meanwhile the
	// other users' requests wait too.
	opts := []oura.Option{oura.WithBaseURL(srv.URL), oura.WithToken(srv.Token)}
	users := []ourasync.User{{Key: "a", Options: opts}, {Key: "b", Options: opts}, {Key: "c", Options: opts}, {Key: "a", Options: opts}}
	res, err := p.Run(context.Background(), users)
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 3 {
		t.Fatalf("%d results for 3 distinct users", len(res))
	}
	for _, r := range res {
		if r.Err != nil {
			t.Fatalf("%s: %v", r.User, r.Err)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if early > 0 {
		t.Fatalf("%d requests during the Retry-After of the 429", early)
	}
	if used := 1000 - int(limiter.Tokens()+0.5); used != len(srv.Requests()) {
		t.Fatalf("the limiter counted %d requests, the server saw %d", used, len(srv.Requests()))
	}
}

// Each change of the moving dataset is delivered as Oura would, signed, to
// a webhook handler that queues it; the queue's refresh, with no polling,
// brings the mirror level with the dataset.
func TestSignedDeliveriesThroughTheQueueUpdateTheMirror(t *testing.T) {
	t.Parallel()
	streams := []string{ourasync.SleepPeriods, ourasync.DailySleep, ourasync.DailyReadiness, ourasync.SleepTimes,
		ourasync.Workouts, ourasync.Sessions}
	m := ouratest.NewMoving(t0)
	srv := ouratest.NewServer(ouratest.WithDataset(m.Dataset))
	defer srv.Close()
	client, _ := srv.NewClient()
	user := m.PersonalInfo().ID // the key webhook events carry
	mir := newMirror()
	start := m.Today().AddDays(-20)
	s, _ := ourasync.New(ourasync.Config{Store: ourasync.NewMemoryStore(), Sink: mir, Start: start, Now: m.Now, Streams: streams})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if _, err := s.Run(ctx, user, client); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 16)
	q := s.NewEventQueue(100*time.Millisecond, func(context.Context, string) (*oura.Client, error) { return client, nil })
	q.OnResult = func(_ string, _ *ourasync.Report, err error) { done <- err }
	go q.Run(ctx)
	_, secret := srv.WebhookCredentials()
	h, err := oura.NewWebhookHandler(oura.WebhookHandlerConfig{ClientSecret: secret, VerificationToken: "v",
		OnEvent: func(_ context.Context, ev oura.WebhookEvent) error { q.Add(ev.UserID, ev); return nil }})
	if err != nil {
		t.Fatal(err)
	}
	callback := httptest.NewServer(h)
	defer callback.Close()
	if _, err := m.Step(); err != nil {
		t.Fatal(err)
	}
	evs := m.Events()
	for _, ev := range evs {
		resp, err := srv.DeliverTo(ctx, callback.URL, ev)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("delivery of %+v: %s", ev, resp.Status)
		}
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if d := diffRows(fullRefresh(t, client, user, start, m.Now(), streams), mir.Snapshot()); d != "" {
		t.Fatalf("after %d deliveries and one refresh: %s", len(evs), d)
	}
	select {
	case <-done:
		t.Fatal("the burst took more than one refresh")
	case <-time.After(200 * time.Millisecond):
	}
}

// A pool whose context ends gives every user it did not run the context's
// error, never a result that looks like success.
func TestPoolCancelledReportsEveryUserNotRun(t *testing.T) {
	t.Parallel()
	srv := ouratest.NewServer()
	defer srv.Close()
	s, _ := ourasync.New(ourasync.Config{Store: ourasync.NewMemoryStore(), Sink: newMirror(), Start: oura.DateOf(t0).AddDays(-3),
		Now: func() time.Time { return t0 }, Streams: []string{ourasync.DailySleep}})
	p := &ourasync.Pool{Syncer: s, Workers: 2, HTTPClient: srv.Client()}
	opts := []oura.Option{oura.WithBaseURL(srv.URL), oura.WithToken(srv.Token)}
	var users []ourasync.User
	for i := range 20 {
		users = append(users, ourasync.User{Key: fmt.Sprint("u", i), Options: opts})
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	res, err := p.Run(ctx, users)
	if !errors.Is(err, context.Canceled) || len(res) != len(users) {
		t.Fatalf("Run = %d results, %v; want %d, context.Canceled", len(res), err, len(users))
	}
	for _, r := range res {
		if !errors.Is(r.Err, context.Canceled) || r.Report != nil && r.Report.Total().Windows > 0 {
			t.Errorf("%s: %+v, err %v; want context.Canceled and nothing done", r.User, r.Report, r.Err)
		}
	}
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("%d requests after the context ended", n)
	}
}

// Events queued while no Run reads the queue leave no goroutine behind,
// and a later Run applies them. Not parallel: it counts every goroutine of
// the process.
func TestEventQueueWithoutRunLeavesNoGoroutine(t *testing.T) {
	srv, client, s, day := queueSyncer(t)
	q := s.NewEventQueue(time.Millisecond, func(context.Context, string) (*oura.Client, error) { return client, nil })
	var mu sync.Mutex
	refreshed := map[string]bool{}
	q.OnResult = func(user string, rep *ourasync.Report, err error) {
		if err != nil {
			t.Error(err)
		}
		mu.Lock()
		refreshed[user] = true
		mu.Unlock()
	}
	id := srv.Dataset().DailySleep(day, day)[0].ID
	before := runtime.NumGoroutine()
	for i := range 100 {
		q.Add(fmt.Sprint("u", i), oura.WebhookEvent{EventType: oura.WebhookEventTypeUpdate, DataType: oura.WebhookDataTypeDailySleep, ObjectID: id})
	}
	time.Sleep(100 * time.Millisecond) // every delay has passed
	if n := runtime.NumGoroutine() - before; n > 5 {
		t.Errorf("%d goroutines more, with no Run reading the queue", n)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go q.Run(ctx)
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(5 * time.Millisecond) {
		mu.Lock()
		n := len(refreshed)
		mu.Unlock()
		if n == 100 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d of 100 users refreshed", n)
		}
	}
}

// Runs of one Pool may overlap (for example a scheduled run and one for a
// new user); they share its default limiter without a data race.
func TestPoolRunsMayOverlap(t *testing.T) {
	t.Parallel()
	_, _, s, _ := queueSyncer(t)
	srv := ouratest.NewServer()
	defer srv.Close()
	p := &ourasync.Pool{Syncer: s, HTTPClient: srv.Client()}
	opts := []oura.Option{oura.WithBaseURL(srv.URL), oura.WithToken(srv.Token)}
	var wg sync.WaitGroup
	for i := range 2 {
		wg.Go(func() {
			res, err := p.Run(context.Background(), []ourasync.User{{Key: fmt.Sprint("u", i), Options: opts}})
			if err != nil || len(res) != 1 || res[0].Err != nil {
				t.Errorf("run %d: %+v, %v", i, res, err)
			}
		})
	}
	wg.Wait()
}
