package oura_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"syscall"
	"testing"
	"testing/synctest"
	"time"

	"github.com/ringkit/oura-go/oura"
	"golang.org/x/time/rate"
)

// These tests run in synctest bubbles against an in-memory transport, so
// backoff waits take no real time and are measured exactly.

type reply func(*http.Request) (*http.Response, error)

// script answers the nth request with replies[n] (the last one repeats)
// and records when each request came.
type script struct {
	mu      sync.Mutex
	replies []reply
	at      []time.Time
}

func (s *script) RoundTrip(r *http.Request) (*http.Response, error) {
	s.mu.Lock()
	n := len(s.at)
	s.at = append(s.at, time.Now())
	f := s.replies[min(n, len(s.replies)-1)]
	s.mu.Unlock()
	return f(r)
}

func (s *script) gaps() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []time.Duration
	for i := 1; i < len(s.at); i++ {
		out = append(out, s.at[i].Sub(s.at[i-1]))
	}
	return out
}

func (s *script) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.at)
}

func answer(status int, body string, headers ...string) reply {
	return func(r *http.Request) (*http.Response, error) {
		h := http.Header{"Content-Type": {"application/json"}}
		for i := 0; i+1 < len(headers); i += 2 {
			h.Set(headers[i], headers[i+1])
		}
		return &http.Response{StatusCode: status, Header: h, Body: io.NopCloser(strings.NewReader(body)), Request: r}, nil
	}
}

const onePage = `{"data":[{"id":"a","day":"2024-03-01","timestamp":"2024-03-01T00:00:00+02:00","contributors":{},"score":80}],"next_token":null}`

var ok200 = answer(200, onePage)

func scriptedClient(t *testing.T, s *script, opts ...oura.Option) *oura.Client {
	t.Helper()
	c, err := oura.NewClient(append([]oura.Option{
		oura.WithToken("secret-token-for-retry-tests"),
		oura.WithHTTPClient(&http.Client{Transport: s}),
	}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func sleepOnce(c *oura.Client) ([]oura.DailySleep, error) {
	return c.DailySleep(context.Background(), mar1, mar1)
}

func TestBackoffIsCappedExponentialWithJitter(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		s := &script{replies: []reply{answer(503, `{}`), answer(502, `{}`), answer(504, `{}`), answer(503, `{}`), ok200}}
		c := scriptedClient(t, s, oura.WithRetry(oura.RetryPolicy{MaxAttempts: 5, BaseDelay: time.Second, MaxDelay: 4 * time.Second, MaxRetryAfter: time.Minute}))
		got, err := sleepOnce(c)
		if err != nil || len(got) != 1 || *got[0].Score != 80 {
			t.Fatalf("got %v, %v", got, err)
		}
		bounds := [][2]time.Duration{{500 * time.Millisecond, time.Second}, {time.Second, 2 * time.Second}, {2 * time.Second, 4 * time.Second}, {2 * time.Second, 4 * time.Second}}
		gaps := s.gaps()
		if len(gaps) != len(bounds) {
			t.Fatalf("%d waits; want %d", len(gaps), len(bounds))
		}
		for i, g := range gaps {
			if g < bounds[i][0] || g > bounds[i][1] {
				t.Errorf("wait %d = %s; want within [%s, %s]", i+1, g, bounds[i][0], bounds[i][1])
			}
		}
	})
}

func TestRetryAfterSecondsIsHonoured(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		s := &script{replies: []reply{answer(429, `{"detail":"slow down"}`, "Retry-After", "7"), ok200}}
		c := scriptedClient(t, s)
		if _, err := sleepOnce(c); err != nil {
			t.Fatal(err)
		}
		if g := s.gaps(); len(g) != 1 || g[0] != 7*time.Second {
			t.Fatalf("waits %v; want exactly [7s]", g)
		}
	})
}

func TestRetryAfterHTTPDateIsHonoured(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		at := time.Now().Add(9 * time.Second).UTC().Format(http.TimeFormat)
		s := &script{replies: []reply{answer(503, `{}`, "Retry-After", at), ok200}}
		c := scriptedClient(t, s)
		if _, err := sleepOnce(c); err != nil {
			t.Fatal(err)
		}
		if g := s.gaps(); len(g) != 1 || g[0] != 9*time.Second {
			t.Fatalf("waits %v; want exactly [9s]", g)
		}
	})
}

func TestRetryAfterBeyondTheMaximumIsReturnedNotSlept(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		s := &script{replies: []reply{answer(429, `{"detail":"quota"}`, "Retry-After", "120",
			"X-RateLimit-Limit", "5000", "X-RateLimit-Window", "300", "X-RateLimit-Reset", "120", "X-RateLimit-Tier", "free"), ok200}}
		c := scriptedClient(t, s, oura.WithRetry(oura.RetryPolicy{MaxAttempts: 4, BaseDelay: time.Second, MaxDelay: time.Second, MaxRetryAfter: time.Minute}))
		start := time.Now()
		got, err := sleepOnce(c)
		if got != nil || !errors.Is(err, oura.ErrRateLimited) {
			t.Fatalf("got %v, %v; want ErrRateLimited", got, err)
		}
		var ae *oura.APIError
		if !errors.As(err, &ae) || ae.RetryAfter != 120*time.Second ||
			ae.RateLimit != (oura.RateLimit{Limit: "5000", Window: "300", Reset: "120", Tier: "free"}) {
			t.Fatalf("APIError = %+v", ae)
		}
		if s.count() != 1 || time.Since(start) != 0 {
			t.Fatalf("%d requests over %s; want 1 and no wait", s.count(), time.Since(start))
		}
	})
}

func TestRateLimitStormEndsAfterMaxAttempts(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		s := &script{replies: []reply{answer(429, `{}`, "Retry-After", "2")}}
		c := scriptedClient(t, s)
		start := time.Now()
		_, err := sleepOnce(c)
		if !errors.Is(err, oura.ErrRateLimited) || !strings.Contains(err.Error(), "(attempt 4 of 4)") {
			t.Fatalf("err = %v; want ErrRateLimited after 4 attempts", err)
		}
		if s.count() != 4 || time.Since(start) != 6*time.Second {
			t.Fatalf("%d requests over %s; want 4 over 6s", s.count(), time.Since(start))
		}
	})
}

func TestStatusesThatAreNeverRetried(t *testing.T) {
	t.Parallel()
	for _, status := range []int{400, 401, 403, 404, 422, 426, 500} {
		t.Run(fmt.Sprint(status), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				s := &script{replies: []reply{answer(status, `{"detail":"no"}`), ok200}}
				c := scriptedClient(t, s)
				if _, err := sleepOnce(c); err == nil {
					t.Fatal("no error")
				}
				if s.count() != 1 {
					t.Fatalf("%d requests; want 1", s.count())
				}
			})
		})
	}
}

// cutBody fails after part of the body, like a connection reset mid-body.
type cutBody struct{ r io.Reader }

func (b *cutBody) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	if err == io.EOF {
		return n, io.ErrUnexpectedEOF
	}
	return n, err
}
func (b *cutBody) Close() error { return nil }

func TestTransportFailuresAreRetried(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		reset := func(r *http.Request) (*http.Response, error) { return nil, syscall.ECONNRESET }
		midBody := func(r *http.Request) (*http.Response, error) {
			return &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {"application/json"}},
				Body: &cutBody{strings.NewReader(onePage[:40])}, Request: r}, nil
		}
		s := &script{replies: []reply{reset, midBody, ok200}}
		c := scriptedClient(t, s)
		got, err := sleepOnce(c)
		if err != nil || len(got) != 1 {
			t.Fatalf("got %v, %v", got, err)
		}
		if s.count() != 3 {
			t.Fatalf("%d requests; want 3", s.count())
		}
	})
}

func TestAttemptTimeoutRetries(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		hang := func(r *http.Request) (*http.Response, error) {
			<-r.Context().Done()
			return nil, r.Context().Err()
		}
		s := &script{replies: []reply{hang, ok200}}
		c := scriptedClient(t, s, oura.WithAttemptTimeout(5*time.Second),
			oura.WithRetry(oura.RetryPolicy{MaxAttempts: 2, BaseDelay: time.Second, MaxDelay: time.Second}))
		start := time.Now()
		if _, err := sleepOnce(c); err != nil {
			t.Fatal(err)
		}
		if e := time.Since(start); e < 5500*time.Millisecond || e > 6*time.Second {
			t.Fatalf("took %s; want the 5s timeout plus a backoff of 0.5-1s", e)
		}

		s2 := &script{replies: []reply{hang}}
		c2 := scriptedClient(t, s2, oura.WithAttemptTimeout(5*time.Second), oura.WithRetry(oura.RetryPolicy{MaxAttempts: 1}))
		_, err := sleepOnce(c2)
		if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "attempt timed out after 5s") {
			t.Fatalf("err = %v", err)
		}
	})
}

func TestContextCancelStopsTheBackoffWait(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		s := &script{replies: []reply{answer(503, `{}`)}}
		c := scriptedClient(t, s, oura.WithRetry(oura.RetryPolicy{MaxAttempts: 3, BaseDelay: 10 * time.Second, MaxDelay: 10 * time.Second}))
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(time.Second, cancel)
		start := time.Now()
		_, err := c.DailySleep(ctx, mar1, mar1)
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v; want context.Canceled", err)
		}
		if time.Since(start) != time.Second || s.count() != 1 {
			t.Fatalf("returned after %s and %d requests; want 1s and 1", time.Since(start), s.count())
		}
	})
}

func TestRetriesCanBeTurnedOff(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		s := &script{replies: []reply{answer(503, `{}`), ok200}}
		c := scriptedClient(t, s, oura.WithRetry(oura.RetryPolicy{MaxAttempts: 1}))
		if _, err := sleepOnce(c); !errors.Is(err, oura.ErrServer) {
			t.Fatalf("err = %v; want ErrServer", err)
		}
		if s.count() != 1 {
			t.Fatalf("%d requests; want 1", s.count())
		}
	})
}

func TestRetryPolicyIsValidated(t *testing.T) {
	t.Parallel()
	for _, p := range []oura.RetryPolicy{
		{MaxAttempts: -1},
		{MaxAttempts: 21, BaseDelay: time.Second, MaxDelay: time.Second},
		{BaseDelay: -time.Second},
		{MaxDelay: -time.Second},
		{Budget: -2},
		{MaxAttempts: 3, BaseDelay: 2 * time.Second, MaxDelay: time.Second},
		{MaxAttempts: 3, BaseDelay: time.Second, MaxDelay: time.Second, MaxRetryAfter: -1},
	} {
		if _, err := oura.NewClient(oura.WithToken("t"), oura.WithRetry(p)); !errors.Is(err, oura.ErrInvalidArgument) {
			t.Errorf("WithRetry(%+v): err = %v; want ErrInvalidArgument", p, err)
		}
	}
	for _, o := range []oura.Option{oura.WithRateLimit(nil), oura.WithAttemptTimeout(0), oura.WithLogger(nil), oura.WithMaxResponseSize(0)} {
		if _, err := oura.NewClient(oura.WithToken("t"), o); !errors.Is(err, oura.ErrInvalidArgument) {
			t.Errorf("err = %v; want ErrInvalidArgument", err)
		}
	}
}

func TestSharedRateLimiterSpansClients(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		lim := rate.NewLimiter(rate.Every(time.Second), 1)
		s := &script{replies: []reply{answer(200, `{"id":"x","day":"2024-03-01","timestamp":"2024-03-01T00:00:00Z","contributors":{}}`)}}
		a := scriptedClient(t, s, oura.WithRateLimit(lim))
		b := scriptedClient(t, s, oura.WithRateLimit(lim))
		start := time.Now()
		var wg sync.WaitGroup
		for _, c := range []*oura.Client{a, b, a, b, a, b} {
			wg.Go(func() {
				if _, err := c.DailySleepByID(context.Background(), "x"); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		if e := time.Since(start); e != 5*time.Second {
			t.Fatalf("6 requests took %s; want 5s at one per second", e)
		}
	})
}

func TestLoggerWritesOneLinePerAttemptWithoutToken(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		var buf bytes.Buffer
		logger := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
		s := &script{replies: []reply{answer(429, `{}`, "Retry-After", "3"), ok200}}
		c := scriptedClient(t, s, oura.WithLogger(logger))
		if _, err := sleepOnce(c); err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
		if len(lines) != 2 {
			t.Fatalf("%d log lines; want 2:\n%s", len(lines), buf.String())
		}
		var first, second map[string]any
		json.Unmarshal([]byte(lines[0]), &first)
		json.Unmarshal([]byte(lines[1]), &second)
		want1 := map[string]any{"method": "GET", "path": "/v2/usercollection/daily_sleep", "status": 429.0, "attempt": 1.0, "wait": float64(3 * time.Second), "level": "WARN"}
		want2 := map[string]any{"method": "GET", "path": "/v2/usercollection/daily_sleep", "status": 200.0, "attempt": 2.0, "level": "DEBUG"}
		for k, v := range want1 {
			if first[k] != v {
				t.Errorf("line 1 %s = %v; want %v", k, first[k], v)
			}
		}
		for k, v := range want2 {
			if second[k] != v {
				t.Errorf("line 2 %s = %v; want %v", k, second[k], v)
			}
		}
		if strings.Contains(buf.String(), "secret-token-for-retry-tests") {
			t.Fatal("the token was logged")
		}
	})
}

func TestRetryBudgetStopsRetryingAFailingService(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		s := &script{replies: []reply{answer(503, `{}`)}}
		// Room for two retries (5 each): the first call retries twice, the
		// budget is then empty and the second call does not retry at all.
		c := scriptedClient(t, s, oura.WithRetry(oura.RetryPolicy{MaxAttempts: 4, BaseDelay: time.Second, MaxDelay: time.Second, Budget: 10}))
		_, err := sleepOnce(c)
		if !errors.Is(err, oura.ErrServer) || !strings.Contains(err.Error(), "retry budget exhausted") || s.count() != 3 {
			t.Fatalf("first call: %v after %d requests; want ErrServer, budget exhausted, 3 requests", err, s.count())
		}
		_, err = sleepOnce(c)
		if !strings.Contains(err.Error(), "retry budget exhausted") || s.count() != 4 {
			t.Fatalf("second call: %v, %d requests in all; want 4", err, s.count())
		}
		// Successes refill it: one request's refund of 1 is too little for
		// a retry, five are enough.
		s.mu.Lock()
		s.replies = []reply{ok200}
		s.mu.Unlock()
		for range 5 {
			if _, err := sleepOnce(c); err != nil {
				t.Fatal(err)
			}
		}
		s.mu.Lock()
		s.replies = []reply{answer(503, `{}`), ok200}
		s.at = nil
		s.mu.Unlock()
		if _, err := sleepOnce(c); err != nil || s.count() != 2 {
			t.Fatalf("after refunds: %v, %d requests; want a successful retry", err, s.count())
		}
	})
}
