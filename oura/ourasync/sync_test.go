package ourasync_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ringkit/oura-go/oura"
	"github.com/ringkit/oura-go/oura/ourasync"
	"github.com/ringkit/oura-go/oura/ouratest"
)

var t0 = time.Date(2024, time.March, 20, 9, 30, 0, 0, time.UTC)

func TestBackfillMatchesTheDatasetAndASecondRunChangesNothing(t *testing.T) {
	t.Parallel()
	srv := ouratest.NewServer()
	defer srv.Close()
	client, _ := srv.NewClient()
	clk := &clock{t: t0}
	m := newMirror()
	start := oura.NewDate(2024, time.January, 1)
	s, err := ourasync.New(ourasync.Config{Store: ourasync.NewMemoryStore(), Sink: m, Start: start,
		Streams: ourasync.ConnectorStreams, Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	rep, err := s.Run(ctx, "u1", client)
	if err != nil {
		t.Fatal(err)
	}
	ds := srv.Dataset()
	end := oura.DateOf(t0).AddDays(1)
	hr := ds.HeartRate(start.In(time.UTC), t0)
	want := map[string]int{
		ourasync.DailyActivity:  len(ds.DailyActivity(start, end)),
		ourasync.DailyReadiness: len(ds.DailyReadiness(start, end)),
		ourasync.DailySleep:     len(ds.DailySleep(start, end)),
		ourasync.HeartRate:      len(hr),
		ourasync.Sessions:       len(ds.Sessions(start, end)),
		ourasync.SleepPeriods:   len(ds.SleepPeriods(start, end)),
		ourasync.Tags:           len(ds.Tags(start, end)),
		ourasync.Workouts:       len(ds.Workouts(start, end)),
	}
	got := map[string]int{}
	for name, sr := range rep.Streams {
		got[name] = sr.Upserted
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Fatalf("upserts per stream (-dataset +sync):\n%s", d)
	}
	if _, ok := m.Rows["u1|daily_sleep|"+ds.DailySleep(start, start)[0].ID]; !ok {
		t.Fatal("the first day's sleep is not in the mirror under its id")
	}
	if _, ok := m.Rows["u1|heart_rate|"+hr[0].Timestamp.UTC().Format(time.RFC3339Nano)+"|"+string(hr[0].Source)]; !ok {
		t.Fatal("the first heart-rate sample is not keyed by (timestamp, source)")
	}

	// Same time, same data: everything is re-read within the lookback,
	// and nothing is handed on again.
	n := len(m.Batches)
	rep, err = s.Run(ctx, "u1", client)
	if err != nil {
		t.Fatal(err)
	}
	if tot := rep.Total(); tot.Upserted != 0 || tot.Deleted != 0 || tot.Skipped == 0 {
		t.Fatalf("second run: %+v, want only skips", tot)
	}
	if len(m.Batches) != n {
		t.Fatalf("second run handed %d batches to the sink, want none", len(m.Batches)-n)
	}
}

// An incremental run after one new day costs one request per stream page
// in the lookback, counted exactly per stream.
func TestIncrementalRunAfterOneNewDayRequestsPerStream(t *testing.T) {
	t.Parallel()
	m := ouratest.NewMoving(t0)
	srv := ouratest.NewServer(ouratest.WithDataset(m.Dataset), ouratest.WithHeartRatePageSize(300))
	defer srv.Close()
	client, _ := srv.NewClient()
	s, err := ourasync.New(ourasync.Config{Store: ourasync.NewMemoryStore(), Sink: newMirror(),
		Start: oura.NewDate(2024, time.January, 20), Now: m.Now})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := s.Run(ctx, "u1", client); err != nil {
		t.Fatal(err)
	}
	m.Advance(24 * time.Hour)
	from := len(srv.Requests())
	if _, err := s.Run(ctx, "u1", client); err != nil {
		t.Fatal(err)
	}
	// Day streams re-read 8 days before the cursor (yesterday's tomorrow)
	// through tomorrow: 10 days, one page each. Heart rate re-reads 48 h
	// before its cursor through now, 72 h of 5-minute samples: 864 rows,
	// 3 pages of 300. Ring battery: 288 rows of 15 minutes, one page.
	want := map[string]int{
		"daily_activity": 1, "daily_readiness": 1, "daily_sleep": 1, "heartrate": 3, "session": 1,
		"sleep": 1, "tag": 1, "workout": 1, "daily_cardiovascular_age": 1, "daily_resilience": 1,
		"daily_spo2": 1, "daily_stress": 1, "enhanced_tag": 1, "rest_mode_period": 1, "sleep_time": 1,
		"vO2_max": 1, "ring_battery_level": 1, "ring_configuration": 1, "personal_info": 1,
	}
	if d := cmp.Diff(want, requestsByPath(srv, from)); d != "" {
		t.Fatalf("requests of the incremental run (-want +got):\n%s", d)
	}
}

func TestBadInputIsAnErrorBeforeAnyRequest(t *testing.T) {
	t.Parallel()
	srv := ouratest.NewServer()
	defer srv.Close()
	client, _ := srv.NewClient()
	store, sink := ourasync.NewMemoryStore(), newMirror()
	var nilStore *ourasync.FileStore
	var nilLog *ourasync.JSONLog
	now := func() time.Time { return t0 }
	for name, cfg := range map[string]ourasync.Config{
		"unknown stream":          {Store: store, Sink: sink, Streams: []string{"daily_sleep", "sleep"}},
		"no streams":              {Store: store, Sink: sink, Streams: []string{}},
		"start after now":         {Store: store, Sink: sink, Start: oura.DateOf(t0).AddDays(1), Now: now},
		"negative lookback":       {Store: store, Sink: sink, Lookback: map[string]time.Duration{"heart_rate": -time.Hour}},
		"lookback of unknown":     {Store: store, Sink: sink, Lookback: map[string]time.Duration{"heartrate": time.Hour}},
		"nil store":               {Sink: sink},
		"typed nil store":         {Store: nilStore, Sink: sink},
		"nil sink":                {Store: store},
		"typed nil sink":          {Store: store, Sink: nilLog},
		"window over a month":     {Store: store, Sink: sink, WindowDays: 45},
		"prefetch below one":      {Store: store, Sink: sink, Prefetch: -1},
		"prefetch over 16":        {Store: store, Sink: sink, Prefetch: 17},
		"reconcile without depth": {Store: store, Sink: sink, ReconcileEvery: time.Hour},
	} {
		if _, err := ourasync.New(cfg); !errors.Is(err, oura.ErrInvalidArgument) {
			t.Errorf("%s: New: %v, want oura.ErrInvalidArgument", name, err)
		}
	}
	s, err := ourasync.New(ourasync.Config{Store: store, Sink: sink, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Run(context.Background(), "", client); !errors.Is(err, oura.ErrInvalidArgument) {
		t.Errorf("empty user: %v", err)
	}
	if _, err := s.Run(context.Background(), "u1", nil); !errors.Is(err, oura.ErrInvalidArgument) {
		t.Errorf("nil client: %v", err)
	}
	if n := len(srv.Requests()); n != 0 {
		t.Fatalf("bad input sent %d requests", n)
	}
}

func TestDefaultStartIsTheFirstRingSetUp(t *testing.T) {
	t.Parallel()
	srv := ouratest.NewServer()
	defer srv.Close()
	client, _ := srv.NewClient()
	m := newMirror()
	store := ourasync.NewMemoryStore()
	now := time.Date(2022, time.May, 10, 12, 0, 0, 0, time.UTC)
	s, _ := ourasync.New(ourasync.Config{Store: store, Sink: m, Streams: []string{ourasync.DailySleep}, Now: func() time.Time { return now }})
	ctx := context.Background()
	if _, err := s.Run(ctx, "u1", client); err != nil {
		t.Fatal(err)
	}
	st, _ := store.Load(ctx, "u1")
	if want := oura.NewDate(2022, time.May, 3); st.Start != want || st.Streams[ourasync.DailySleep].Through != oura.DateOf(now).AddDays(1) {
		t.Fatalf("start %s through %s, want %s through tomorrow", st.Start, st.Streams[ourasync.DailySleep].Through, want)
	}
	if len(m.Rows) != 9 { // May 3 through May 11
		t.Fatalf("%d documents, want 9", len(m.Rows))
	}
	from := len(srv.Requests())
	if _, err := s.Run(ctx, "u1", client); err != nil {
		t.Fatal(err)
	}
	if got := requestsByPath(srv, from); got["ring_configuration"] != 0 {
		t.Fatalf("the second run asked for ring configurations again: %v", got)
	}
}

// A user's run is claimed: a second one at the same time is refused.
func TestOneRunPerUser(t *testing.T) {
	t.Parallel()
	block := make(chan struct{})
	var entered atomic.Bool
	srv := ouratest.NewServer(ouratest.WithHook(func(w http.ResponseWriter, r *http.Request) bool {
		if entered.CompareAndSwap(false, true) {
			<-block
		}
		return false
	}))
	defer srv.Close()
	client, _ := srv.NewClient()
	s, _ := ourasync.New(ourasync.Config{Store: ourasync.NewMemoryStore(), Sink: newMirror(),
		Start: oura.DateOf(t0), Now: func() time.Time { return t0 }, Streams: []string{ourasync.DailySleep}})
	done := make(chan error)
	go func() { _, err := s.Run(context.Background(), "u1", client); done <- err }()
	for !entered.Load() {
		time.Sleep(time.Millisecond)
	}
	if _, err := s.Run(context.Background(), "u1", client); !errors.Is(err, ourasync.ErrClaimed) {
		t.Errorf("second run of the same user: %v, want ErrClaimed", err)
	}
	if _, err := s.Run(context.Background(), "u2", client); err != nil {
		t.Errorf("another user: %v", err)
	}
	close(block)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

// Progress reports every committed window, through the callback and slog,
// and adds up to the run's report.
func TestProgressCallbackAndLog(t *testing.T) {
	t.Parallel()
	srv := ouratest.NewServer()
	defer srv.Close()
	client, _ := srv.NewClient()
	var logs bytes.Buffer
	var got []ourasync.Progress
	s, _ := ourasync.New(ourasync.Config{Store: ourasync.NewMemoryStore(), Sink: newMirror(), Start: oura.DateOf(t0).AddDays(-40),
		Now: func() time.Time { return t0 }, Streams: []string{ourasync.DailySleep, ourasync.HeartRate},
		Progress: func(p ourasync.Progress) { got = append(got, p) },
		Logger:   slog.New(slog.NewTextHandler(&logs, nil))})
	rep, err := s.Run(context.Background(), "u1", client)
	if err != nil {
		t.Fatal(err)
	}
	// daily_sleep: 42 days in windows of 30; heart rate: 40 days and a bit
	// in windows of 30 days less a minute.
	var windows []string
	sum := map[string]int{}
	for _, p := range got {
		windows = append(windows, p.Stream+" "+p.Window.String()+" "+p.Reason)
		sum[p.Stream] += p.Upserted
		if p.User != "u1" || p.Fetched != p.Upserted+p.Skipped {
			t.Errorf("progress %+v", p)
		}
	}
	want := []string{
		"daily_sleep 2024-02-09..2024-03-09 backfill",
		"daily_sleep 2024-03-10..2024-03-21 backfill",
		"heart_rate 2024-02-09T00:00:00Z..2024-03-09T23:59:00Z backfill",
		"heart_rate 2024-03-09T23:59:00Z..2024-03-20T09:30:00Z backfill",
	}
	if d := cmp.Diff(want, windows); d != "" {
		t.Fatalf("windows (-want +got):\n%s", d)
	}
	for name, r := range rep.Streams {
		if sum[name] != r.Upserted || r.Windows != 2 {
			t.Errorf("%s: progress says %d upserts, the report %+v", name, sum[name], r)
		}
	}
	if n := strings.Count(logs.String(), "ourasync: window"); n != 4 || !strings.Contains(logs.String(), "stream=heart_rate") {
		t.Fatalf("%d log lines:\n%s", n, logs.String())
	}
}

// failingSink fails the write of its fail-th batch.
type failingSink struct {
	ourasync.Sink
	n, fail int
}

func (f *failingSink) Write(ctx context.Context, b *ourasync.Batch) error {
	if f.n++; f.n == f.fail {
		return errors.New("disk full")
	}
	return f.Sink.Write(ctx, b)
}

// A backfill that stopped goes on at the window that failed, without
// re-reading the lookback before its cursor; once it has reached now, the
// next run re-reads the lookback.
func TestInterruptedBackfillResumesAtItsCursor(t *testing.T) {
	t.Parallel()
	srv := ouratest.NewServer()
	defer srv.Close()
	client, _ := srv.NewClient()
	var windows []string
	sink := &failingSink{Sink: newMirror(), fail: 2}
	s, _ := ourasync.New(ourasync.Config{Store: ourasync.NewMemoryStore(), Sink: sink, Start: oura.DateOf(t0).AddDays(-100),
		Now: func() time.Time { return t0 }, Streams: []string{ourasync.DailySleep, ourasync.HeartRate}, WindowDays: 30,
		Progress: func(p ourasync.Progress) { windows = append(windows, p.Stream+" "+p.Window.String()+" "+p.Reason) }})
	if _, err := s.Run(context.Background(), "u1", client); err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("run with a failing sink: %v", err)
	}
	sink.fail = 7 // the second window of heart rate fails next
	if _, err := s.Run(context.Background(), "u1", client); err == nil {
		t.Fatal("second run: no error")
	}
	if _, err := s.Run(context.Background(), "u1", client); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Run(context.Background(), "u1", client); err != nil {
		t.Fatal(err)
	}
	want := []string{
		"daily_sleep 2023-12-11..2024-01-09 backfill",
		// the second window failed; the next run goes on with it
		"daily_sleep 2024-01-10..2024-02-08 backfill",
		"daily_sleep 2024-02-09..2024-03-09 backfill",
		"daily_sleep 2024-03-10..2024-03-21 backfill",
		"heart_rate 2023-12-11T00:00:00Z..2024-01-09T23:59:00Z backfill",
		// the third run: daily_sleep, complete, re-reads its lookback;
		// heart rate goes on where it stopped
		"daily_sleep 2024-03-13..2024-03-21 incremental",
		"heart_rate 2024-01-09T23:59:00Z..2024-02-08T23:58:00Z backfill",
		"heart_rate 2024-02-08T23:58:00Z..2024-03-09T23:57:00Z backfill",
		"heart_rate 2024-03-09T23:57:00Z..2024-03-20T09:30:00Z backfill",
		// a complete run: the lookback before the cursor
		"daily_sleep 2024-03-13..2024-03-21 incremental",
		"heart_rate 2024-03-18T09:30:00Z..2024-03-20T09:30:00Z incremental",
	}
	if d := cmp.Diff(want, windows); d != "" {
		t.Fatalf("windows (-want +got):\n%s", d)
	}
}

// Prefetch fetches windows of a stream ahead, at most Prefetch at once,
// and commits exactly what a run that fetches one window at a time
// commits, in the same order; the first failing window in order ends the
// run with nothing after it committed.
func TestPrefetchFetchesAheadAndCommitsInOrder(t *testing.T) {
	t.Parallel()
	start := oura.DateOf(t0).AddDays(-150) // six 30-day windows
	type result struct {
		windows []string
		total   ourasync.StreamReport
		peak    int32
	}
	backfill := func(prefetch int, failStart string) (result, error) {
		var inFlight, peak atomic.Int32
		srv := ouratest.NewServer(ouratest.WithHook(func(w http.ResponseWriter, r *http.Request) bool {
			n := inFlight.Add(1)
			defer inFlight.Add(-1)
			for p := peak.Load(); n > p && !peak.CompareAndSwap(p, n); p = peak.Load() {
			}
			time.Sleep(20 * time.Millisecond)
			if r.URL.Query().Get("start_date") == failStart {
				http.Error(w, `{"detail":"no"}`, http.StatusBadRequest)
				return true
			}
			return false
		}))
		defer srv.Close()
		client, _ := srv.NewClient(oura.WithRetry(oura.RetryPolicy{MaxAttempts: 1}))
		var res result
		s, err := ourasync.New(ourasync.Config{Store: ourasync.NewMemoryStore(), Sink: newMirror(), Start: start,
			Now: func() time.Time { return t0 }, Streams: []string{ourasync.DailySleep}, Prefetch: prefetch,
			Progress: func(p ourasync.Progress) { res.windows = append(res.windows, p.Window.String()) }})
		if err != nil {
			t.Fatal(err)
		}
		rep, err := s.Run(context.Background(), "u1", client)
		if rep != nil {
			res.total = rep.Total()
		}
		res.peak = peak.Load()
		return res, err
	}
	seq, err := backfill(1, "")
	if err != nil {
		t.Fatal(err)
	}
	ahead, err := backfill(4, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(seq.windows) != 6 || seq.peak != 1 {
		t.Fatalf("Prefetch 1: %d windows, %d requests at once; want 6 and 1", len(seq.windows), seq.peak)
	}
	if ahead.peak < 2 || ahead.peak > 4 {
		t.Errorf("Prefetch 4: %d requests at once; want 2 to 4", ahead.peak)
	}
	if d := cmp.Diff(seq, ahead, cmp.FilterPath(func(p cmp.Path) bool { return p.Last().String() == ".peak" }, cmp.Ignore()),
		cmp.AllowUnexported(result{})); d != "" {
		t.Errorf("Prefetch 4 committed otherwise (-one at a time +ahead):\n%s", d)
	}

	// The third window fails (its query starts a day early); the fourth and
	// later may be fetched, but nothing after the second is committed.
	failed, err := backfill(4, start.AddDays(59).String())
	if err == nil || !strings.Contains(err.Error(), "400") {
		t.Fatalf("err = %v; want the third window's 400", err)
	}
	if d := cmp.Diff(seq.windows[:2], failed.windows); d != "" {
		t.Errorf("committed before the failure (-want +got):\n%s", d)
	}
}
