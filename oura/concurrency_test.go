package oura_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"runtime/pprof"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/time/rate"

	"github.com/ringkit/oura-go/oura"
	"github.com/ringkit/oura-go/oura/ouratest"
)

var (
	ccStart = time.Date(2024, time.January, 3, 7, 0, 0, 0, time.UTC)
	ccEnd   = ccStart.AddDate(0, 0, 200) // seven 30-day chunks
	ccDay0  = oura.NewDate(2023, time.November, 20)
	ccDayN  = oura.NewDate(2024, time.August, 1) // nine 30-day windows
)

// parallelCC runs t in parallel and labels its goroutine, so that the
// goroutines the engine starts for t (which inherit the label) can be told
// from those of other tests.
func parallelCC(t *testing.T) {
	t.Parallel()
	pprof.SetGoroutineLabels(pprof.WithLabels(context.Background(), pprof.Labels("cctest", t.Name())))
}

// engineGoroutines counts the goroutines of the concurrent engine started
// under test name.
func engineGoroutines(name string) int {
	var b bytes.Buffer
	if err := pprof.Lookup("goroutine").WriteTo(&b, 1); err != nil {
		panic(err)
	}
	label := fmt.Sprintf("# labels: {%q:%q}", "cctest", name)
	count := 0
	for rec := range strings.SplitSeq(b.String(), "\n\n") {
		if strings.Contains(rec, label+"\n") &&
			(strings.Contains(rec, "oura.forPages") || strings.Contains(rec, "oura.walkChain")) {
			n, _, _ := strings.Cut(rec, " ")
			k, err := strconv.Atoi(n)
			if err != nil {
				panic(fmt.Sprintf("goroutine profile record %q: %v", rec, err))
			}
			count += k
		}
	}
	return count
}

func checkNoEngineGoroutines(t *testing.T) {
	t.Helper()
	top, _, _ := strings.Cut(t.Name(), "/")
	if n := engineGoroutines(top); n > 0 {
		t.Errorf("%d fetching goroutines left after the call returned", n)
	}
}

// jitter delays each answer by up to 3 ms, so chains finish out of order.
func jitter(w http.ResponseWriter, r *http.Request) bool {
	time.Sleep(time.Duration(rand.IntN(3000)) * time.Microsecond)
	return false
}

func newCC(t *testing.T, srv *ouratest.Server, opts ...oura.Option) *oura.Client {
	t.Helper()
	c, err := srv.NewClient(opts...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func drain[T any](t *testing.T, seq func(func(T, error) bool)) ([]T, error) {
	t.Helper()
	var out []T
	for v, err := range seq {
		if err != nil {
			return out, err
		}
		out = append(out, v)
	}
	return out, nil
}

// TestConcurrentListingsInOrder: concurrent chains give exactly the
// records, in the order, that the sequential client gives, collected or
// iterated, for time series (chunks) and day ranges (windows), spanning
// periods included.
func TestConcurrentListingsInOrder(t *testing.T) {
	parallelCC(t)
	srv := ouratest.NewServer(ouratest.WithHook(jitter))
	defer srv.Close()
	ctx := context.Background()
	seq := newCC(t, srv, oura.WithConcurrency(1))
	for _, n := range []int{2, 4, 16} {
		c := newCC(t, srv, oura.WithConcurrency(n))
		compare := func(name string, got, want any, err error) {
			t.Helper()
			if err != nil {
				t.Fatalf("n=%d %s: %v", n, name, err)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("n=%d %s (-sequential +concurrent):\n%s", n, name, diff)
			}
		}
		wantHR := srv.Dataset().HeartRate(ccStart, ccEnd)
		hr, err := c.HeartRate(ctx, ccStart, ccEnd)
		compare("HeartRate", hr, wantHR, err)
		hrIter, err := drain(t, c.HeartRateIter(ctx, ccStart, ccEnd))
		compare("HeartRateIter", hrIter, wantHR, err)
		bat, err := c.RingBatteryLevel(ctx, ccStart, ccEnd)
		compare("RingBatteryLevel", bat, srv.Dataset().RingBatteryLevel(ccStart, ccEnd), err)

		ds, err := c.DailySleep(ctx, ccDay0, ccDayN)
		compare("DailySleep", ds, srv.Dataset().DailySleep(ccDay0, ccDayN), err)
		dsIter, err := drain(t, c.DailySleepIter(ctx, ccDay0, ccDayN))
		compare("DailySleepIter", dsIter, ds, err)

		wantSP, err := seq.SleepPeriods(ctx, ccDay0, ccDayN)
		if err != nil {
			t.Fatal(err)
		}
		sp, err := c.SleepPeriods(ctx, ccDay0, ccDayN)
		compare("SleepPeriods", sp, wantSP, err)
		wantRM, err := seq.RestModePeriods(ctx, ccDay0, ccDayN)
		if err != nil {
			t.Fatal(err)
		}
		rm, err := c.RestModePeriods(ctx, ccDay0, ccDayN)
		compare("RestModePeriods", rm, wantRM, err)
		rmIter, err := drain(t, c.RestModePeriodsIter(ctx, ccDay0, ccDayN))
		compare("RestModePeriodsIter", rmIter, wantRM, err)
		checkNoEngineGoroutines(t)
	}
}

// inFlight is a hook that counts the requests being answered and holds
// each until two are in flight (or 2 s pass), so concurrency shows.
type inFlight struct {
	now, peak atomic.Int64
	mu        sync.Mutex
	two       chan struct{}
}

func newInFlight() *inFlight { return &inFlight{two: make(chan struct{})} }

func (f *inFlight) hook(w http.ResponseWriter, r *http.Request) bool {
	n := f.now.Add(1)
	for p := f.peak.Load(); n > p && !f.peak.CompareAndSwap(p, n); p = f.peak.Load() {
	}
	if n >= 2 {
		f.mu.Lock()
		select {
		case <-f.two:
		default:
			close(f.two)
		}
		f.mu.Unlock()
	}
	select {
	case <-f.two:
	case <-time.After(2 * time.Second):
	}
	time.Sleep(time.Millisecond)
	f.now.Add(-1)
	return false
}

// TestConcurrencyBound: at most n requests of one listing are in flight,
// and more than one when n > 1.
func TestConcurrencyBound(t *testing.T) {
	parallelCC(t)
	for _, n := range []int{2, 3} {
		f := newInFlight()
		srv := ouratest.NewServer(ouratest.WithHook(f.hook))
		c := newCC(t, srv, oura.WithConcurrency(n))
		if _, err := c.HeartRate(context.Background(), ccStart, ccEnd); err != nil {
			t.Fatal(err)
		}
		if _, err := c.DailySleep(context.Background(), ccDay0, ccDayN); err != nil {
			t.Fatal(err)
		}
		if p := f.peak.Load(); p < 2 || p > int64(n) {
			t.Errorf("n=%d: %d requests in flight at most, want 2 to %d", n, p, n)
		}
		srv.Close()
	}
}

// TestWithConcurrencyOneIsSequential: one chain, one request at a time,
// and the requests of before: one padded query for the whole day range,
// the 30-day chunks of a time series in order.
func TestWithConcurrencyOneIsSequential(t *testing.T) {
	parallelCC(t)
	f := newInFlight()
	srv := ouratest.NewServer(ouratest.WithHook(func(w http.ResponseWriter, r *http.Request) bool {
		n := f.now.Add(1)
		defer f.now.Add(-1)
		if n > 1 {
			f.peak.Store(n)
		}
		time.Sleep(time.Millisecond)
		return false
	}))
	defer srv.Close()
	c := newCC(t, srv, oura.WithConcurrency(1))
	if _, err := c.DailySleep(context.Background(), ccDay0, ccDayN); err != nil {
		t.Fatal(err)
	}
	if _, err := c.HeartRate(context.Background(), ccStart, ccEnd); err != nil {
		t.Fatal(err)
	}
	if f.peak.Load() > 1 {
		t.Errorf("%d requests in flight at once", f.peak.Load())
	}
	var last time.Time
	for _, r := range srv.Requests() {
		switch {
		case strings.HasSuffix(r.Path, "/daily_sleep"):
			if got, want := r.Query.Get("start_date")+" "+r.Query.Get("end_date"), ccDay0.AddDays(-1).String()+" "+ccDayN.AddDays(1).String(); got != want {
				t.Errorf("daily_sleep range %s, want %s", got, want)
			}
		case strings.HasSuffix(r.Path, "/heartrate"):
			s, err := time.Parse(time.RFC3339, r.Query.Get("start_datetime"))
			if err != nil || s.Before(last) {
				t.Errorf("heartrate chunk %s after %s", r.Query.Get("start_datetime"), last)
			}
			last = s
		}
	}
}

// TestConcurrentEarlyBreak: breaking out of an iterator stops every fetch
// and leaves no goroutine.
func TestConcurrentEarlyBreak(t *testing.T) {
	parallelCC(t)
	srv := ouratest.NewServer(ouratest.WithHook(jitter))
	defer srv.Close()
	// Count the requests the client starts: the server may log one that
	// was already on its way when the loop ended.
	var started atomic.Int64
	base := srv.Client().Transport
	hc := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		started.Add(1)
		return base.RoundTrip(r)
	})}
	c := newCC(t, srv, oura.WithConcurrency(4), oura.WithHTTPClient(hc))
	want := srv.Dataset().HeartRate(ccStart, ccEnd)[:10]
	var got []oura.HeartRate
	for v, err := range c.HeartRateIter(context.Background(), ccStart, ccEnd) {
		if err != nil {
			t.Fatal(err)
		}
		if got = append(got, v); len(got) == 10 {
			break
		}
	}
	checkNoEngineGoroutines(t)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("first rows (-want +got):\n%s", diff)
	}
	n := started.Load()
	time.Sleep(50 * time.Millisecond)
	if m := started.Load(); m != n {
		t.Errorf("%d requests started after the loop ended", m-n)
	}
	for range c.DailySleepIter(context.Background(), ccDay0, ccDayN) {
		break
	}
	checkNoEngineGoroutines(t)
}

// TestConcurrentCancel: cancelling the context ends the listing with the
// context's error, never a partial result, and leaves no goroutine.
func TestConcurrentCancel(t *testing.T) {
	parallelCC(t)
	srv := ouratest.NewServer(ouratest.WithHook(jitter))
	defer srv.Close()
	c := newCC(t, srv, oura.WithConcurrency(4))
	ctx, cancel := context.WithCancel(context.Background())
	rows, lastErr := 0, error(nil)
	for _, err := range c.HeartRateIter(ctx, ccStart, ccEnd) {
		if err != nil {
			lastErr = err
			continue
		}
		if rows++; rows == 5 {
			cancel()
		}
	}
	if !errors.Is(lastErr, context.Canceled) {
		t.Errorf("iterator ended with %v, want context.Canceled", lastErr)
	}
	checkNoEngineGoroutines(t)

	ctx, cancel = context.WithCancel(context.Background())
	var once sync.Once
	srv2 := ouratest.NewServer(ouratest.WithHook(func(w http.ResponseWriter, r *http.Request) bool {
		once.Do(cancel)
		return false
	}))
	defer srv2.Close()
	c2 := newCC(t, srv2, oura.WithConcurrency(4))
	got, err := c2.DailySleep(ctx, ccDay0, ccDayN)
	if !errors.Is(err, context.Canceled) || got != nil {
		t.Errorf("DailySleep = %d documents, %v; want nil, context.Canceled", len(got), err)
	}
	checkNoEngineGoroutines(t)
}

// TestConcurrentErrorInMiddleWindow: a failing window in the middle ends
// the listing after the records before it, with its own error even when a
// later window failed first; collecting gives no partial result.
func TestConcurrentErrorInMiddleWindow(t *testing.T) {
	parallelCC(t)
	// A concurrent time series is fetched in windows of a quarter of the
	// SDK's 30-day chunk (less a minute).
	const window = (30*24*time.Hour - time.Minute) / 4
	second := ccStart.Add(window)
	third := second.Add(window)
	// The day range is split into days/30 windows of equal length.
	days := ccDayN.DaysSince(ccDay0) + 1
	secondDay := ccDay0.AddDays(days / (days / 30))
	srv := ouratest.NewServer(ouratest.WithHook(func(w http.ResponseWriter, r *http.Request) bool {
		q := r.URL.Query()
		fail := func(status int, detail string) bool {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(status)
			w.Write([]byte(`{"detail":"` + detail + `"}`))
			return true
		}
		if s, err := time.Parse(time.RFC3339, q.Get("start_datetime")); err == nil {
			switch {
			case s.After(second.Add(-time.Minute)) && s.Before(second.Add(time.Minute)):
				time.Sleep(20 * time.Millisecond) // the later window fails first
				return fail(http.StatusBadRequest, "second window")
			case s.After(third.Add(-time.Minute)) && s.Before(third.Add(time.Minute)):
				return fail(http.StatusNotFound, "third window")
			}
		}
		if d, err := oura.ParseDate(q.Get("start_date")); err == nil && !d.Before(secondDay.AddDays(-3)) && !d.After(secondDay) {
			return fail(http.StatusBadRequest, "second window")
		}
		return false
	}))
	defer srv.Close()
	c := newCC(t, srv, oura.WithConcurrency(4))
	ctx := context.Background()

	check := func(name string, err error, detail string) {
		t.Helper()
		var ae *oura.APIError
		if !errors.As(err, &ae) || ae.StatusCode != http.StatusBadRequest || ae.Detail != detail {
			t.Errorf("%s: error %v, want the 400 of the %s", name, err, detail)
		}
	}
	got, err := drain(t, c.HeartRateIter(ctx, ccStart, ccEnd))
	check("HeartRateIter", err, "second window")
	if diff := cmp.Diff(srv.Dataset().HeartRate(ccStart, second), got); diff != "" {
		t.Errorf("rows before the error (-want +got):\n%s", diff)
	}
	rows, err := c.HeartRate(ctx, ccStart, ccEnd)
	check("HeartRate", err, "second window")
	if rows != nil {
		t.Errorf("HeartRate gave %d rows with its error", len(rows))
	}
	docs, err := c.DailySleep(ctx, ccDay0, ccDayN)
	check("DailySleep", err, "second window")
	if docs != nil {
		t.Errorf("DailySleep gave %d documents with its error", len(docs))
	}
	gotDocs, err := drain(t, c.DailySleepIter(ctx, ccDay0, ccDayN))
	check("DailySleepIter", err, "second window")
	if diff := cmp.Diff(srv.Dataset().DailySleep(ccDay0, secondDay.AddDays(-1)), gotDocs); diff != "" {
		t.Errorf("documents before the error (-want +got):\n%s", diff)
	}
	checkNoEngineGoroutines(t)
}

// TestConcurrentRequestsShareLimiterAndRetries: every request of every
// chain waits for the shared limiter and is retried as the policy says.
func TestConcurrentRequestsShareLimiterAndRetries(t *testing.T) {
	parallelCC(t)
	srv := ouratest.NewServer(ouratest.WithHook(ouratest.FailFirst(3, http.StatusServiceUnavailable)))
	defer srv.Close()
	ctx := context.Background()
	retry := oura.WithRetry(oura.RetryPolicy{MaxAttempts: 4, BaseDelay: time.Millisecond, MaxDelay: time.Millisecond})
	c := newCC(t, srv, oura.WithConcurrency(4), retry)
	got, err := c.HeartRate(ctx, ccStart, ccEnd)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(srv.Dataset().HeartRate(ccStart, ccEnd), got); diff != "" {
		t.Errorf("after retries (-want +got):\n%s", diff)
	}
	requests := len(srv.Requests()) - 3

	// A limiter that refills once an hour allows its burst and no more:
	// one token short and the listing cannot finish.
	for _, burst := range []int{requests - 1, requests} {
		l := rate.NewLimiter(rate.Every(time.Hour), burst)
		c := newCC(t, srv, oura.WithConcurrency(4), oura.WithRateLimit(l))
		ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
		_, err := c.HeartRate(ctx, ccStart, ccEnd)
		cancel()
		if burst < requests && (err == nil || !strings.Contains(err.Error(), "rate limiter")) {
			t.Errorf("burst %d of %d requests: error %v, want the limiter's", burst, requests, err)
		}
		if burst == requests && err != nil {
			t.Errorf("burst %d of %d requests: %v", burst, requests, err)
		}
	}
	checkNoEngineGoroutines(t)
}

func TestWithConcurrencyChecksN(t *testing.T) {
	parallelCC(t)
	for _, n := range []int{0, -1, 65} {
		if _, err := oura.NewClient(oura.WithToken("t"), oura.WithConcurrency(n)); !errors.Is(err, oura.ErrInvalidArgument) {
			t.Errorf("WithConcurrency(%d): %v, want ErrInvalidArgument", n, err)
		}
	}
	for _, n := range []int{1, 64} {
		if _, err := oura.NewClient(oura.WithToken("t"), oura.WithConcurrency(n)); err != nil {
			t.Errorf("WithConcurrency(%d): %v", n, err)
		}
	}
}

// TestConcurrentChainsReuseConnections: a Client without WithHTTPClient
// keeps the connections of its concurrent chains for the next listing
// (net/http keeps only 2 per host by default).
func TestConcurrentChainsReuseConnections(t *testing.T) {
	parallelCC(t)
	var conns atomic.Int64
	srv := ouratest.NewUnstartedServer()
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	srv.Start()
	defer srv.Close()
	c, err := oura.NewClient(oura.WithBaseURL(srv.URL), oura.WithToken(srv.Token), oura.WithConcurrency(4))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := c.HeartRate(ctx, ccStart, ccEnd); err != nil {
		t.Fatal(err)
	}
	first := conns.Load()
	if _, err := c.HeartRate(ctx, ccStart, ccEnd); err != nil {
		t.Fatal(err)
	}
	// Allow one for a request that went out just before a connection
	// came back to the pool.
	if again := conns.Load() - first; first > 5 || again > 1 {
		t.Errorf("connections opened: %d by the first listing, %d by the second; want at most 5 and 1", first, again)
	}
}
