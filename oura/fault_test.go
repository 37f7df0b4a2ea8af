package oura_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/ringkit/oura-go/oura"
	"github.com/ringkit/oura-go/oura/ouratest"
)

// The fault suite: real HTTP against the fake server, with faults injected
// on chosen requests. Each case checks the exact records (those of a run
// without faults) or the exact typed error, and how many requests it took.

// fastRetry keeps real waits short.
var fastRetry = oura.WithRetry(oura.RetryPolicy{MaxAttempts: 4, BaseDelay: time.Millisecond, MaxDelay: 5 * time.Millisecond, MaxRetryAfter: 2 * time.Second})

// faults answers request n (from 1) with faults[n], when there is one.
func faults(faults map[int]func(http.ResponseWriter, *http.Request)) ouratest.Hook {
	var mu sync.Mutex
	n := 0
	return func(w http.ResponseWriter, r *http.Request) bool {
		mu.Lock()
		n++
		f := faults[n]
		mu.Unlock()
		if f == nil {
			return false
		}
		f(w, r)
		return true
	}
}

func status(code int, headers ...string) func(http.ResponseWriter, *http.Request) {
	return func(w http.ResponseWriter, r *http.Request) {
		for i := 0; i+1 < len(headers); i += 2 {
			w.Header().Set(headers[i], headers[i+1])
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(code)
		w.Write([]byte(`{"detail":"injected"}`))
	}
}

// resetMidBody promises a long body, sends a little of it and drops the
// connection.
func resetMidBody(w http.ResponseWriter, r *http.Request) {
	conn, buf, err := w.(http.Hijacker).Hijack()
	if err != nil {
		panic(err)
	}
	buf.WriteString("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n{\"data\":[{\"id\":")
	buf.Flush()
	conn.Close()
}

// truncatedJSON sends a complete response whose JSON is cut short.
func truncatedJSON(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Write([]byte(`{"data":[{"id":"x","day":"2024-03-0`))
}

// slow answers only after the client gave up on the attempt.
func slow(w http.ResponseWriter, r *http.Request) {
	select {
	case <-r.Context().Done():
	case <-time.After(5 * time.Second):
	}
}

// faultRun collects SleepPeriods over March with 7 documents a page
// (about 6 pages) and returns the records, the error and the request count.
//
//lint:ignore ST1008 the results read in the order the table checks them
func faultRun(t *testing.T, hook ouratest.Hook, opts ...oura.Option) ([]oura.SleepPeriod, error, int, *ouratest.Server) {
	t.Helper()
	srvOpts := []ouratest.Option{ouratest.WithPageSize(7)}
	if hook != nil {
		srvOpts = append(srvOpts, ouratest.WithHook(hook))
	}
	srv := ouratest.NewServer(srvOpts...)
	t.Cleanup(srv.Close)
	// Sequential: the faults are injected by request number.
	c, err := srv.NewClient(append([]oura.Option{fastRetry, oura.WithConcurrency(1)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	got, err := c.SleepPeriods(context.Background(), mar1, mar1.AddDays(30))
	return got, err, len(srv.Requests()), srv
}

func TestFaults(t *testing.T) {
	t.Parallel()
	clean, err, cleanRequests, srv := faultRun(t, nil)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(srv.Dataset().SleepPeriods(mar1, mar1.AddDays(30)), clean, timeEq); diff != "" {
		t.Fatalf("clean run (-want +got):\n%s", diff)
	}
	if cleanRequests < 5 {
		t.Fatalf("clean run took %d requests; the cases need several pages", cleanRequests)
	}

	recovers := []struct {
		name  string
		hook  ouratest.Hook
		extra int // requests beyond the clean run
		opts  []oura.Option
	}{
		{"429 storm with Retry-After", faults(map[int]func(http.ResponseWriter, *http.Request){
			2: status(429, "Retry-After", "1"), 3: status(429, "Retry-After", "1"),
		}), 2, nil},
		{"5xx bursts", faults(map[int]func(http.ResponseWriter, *http.Request){
			1: status(503), 3: status(502), 4: status(504), 6: status(503),
		}), 4, nil},
		{"reset mid-body", faults(map[int]func(http.ResponseWriter, *http.Request){2: resetMidBody, 5: resetMidBody}), 2, nil},
		{"slower than the attempt timeout", faults(map[int]func(http.ResponseWriter, *http.Request){3: slow}), 1,
			[]oura.Option{oura.WithAttemptTimeout(200 * time.Millisecond)}},
	}
	for _, tc := range recovers {
		t.Run(tc.name, func(t *testing.T) {
			got, err, n, _ := faultRun(t, tc.hook, tc.opts...)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(clean, got, timeEq); diff != "" {
				t.Fatalf("records differ from the clean run (-clean +got):\n%s", diff)
			}
			if n != cleanRequests+tc.extra {
				t.Fatalf("%d requests; want %d", n, cleanRequests+tc.extra)
			}
		})
	}

	fails := []struct {
		name     string
		hook     ouratest.Hook
		opts     []oura.Option
		is       error
		message  string
		requests int
	}{
		{"429 storm past the attempts", faults(map[int]func(http.ResponseWriter, *http.Request){
			2: status(429), 3: status(429), 4: status(429), 5: status(429),
		}), nil, oura.ErrRateLimited, "page 2: GET /v2/usercollection/sleep: 429 Too Many Requests: injected (attempt 4 of 4)", 5},
		{"Retry-After longer than allowed", faults(map[int]func(http.ResponseWriter, *http.Request){
			3: status(429, "Retry-After", "3600"),
		}), nil, oura.ErrRateLimited, "page 3: GET /v2/usercollection/sleep: 429 Too Many Requests: injected (retry after 1h0m0s)", 3},
		{"5xx past the attempts", faults(map[int]func(http.ResponseWriter, *http.Request){
			1: status(503), 2: status(503), 3: status(503), 4: status(503),
		}), nil, oura.ErrServer, "page 1: GET /v2/usercollection/sleep: 503 Service Unavailable: injected (attempt 4 of 4)", 4},
		{"truncated JSON", faults(map[int]func(http.ResponseWriter, *http.Request){2: truncatedJSON}),
			nil, oura.ErrBadResponse, "oura: SleepPeriods (sleep) page 2: status 200: truncated JSON after 35 bytes", 2},
		{"401 mid-paging", faults(map[int]func(http.ResponseWriter, *http.Request){3: status(401)}),
			nil, oura.ErrUnauthorized, "page 3: GET /v2/usercollection/sleep: 401 Unauthorized: injected", 3},
		{"oversized body", nil, []oura.Option{oura.WithMaxResponseSize(4096)},
			oura.ErrBadResponse, "oura: SleepPeriods (sleep) page 1: status 200: body larger than 4096 bytes", 1},
	}
	for _, tc := range fails {
		t.Run(tc.name, func(t *testing.T) {
			got, err, n, _ := faultRun(t, tc.hook, tc.opts...)
			if got != nil {
				t.Fatalf("%d records came back with the error", len(got))
			}
			if !errors.Is(err, tc.is) || !strings.Contains(err.Error(), tc.message) {
				t.Fatalf("err = %v\nwant %v containing %q", err, tc.is, tc.message)
			}
			if n != tc.requests {
				t.Fatalf("%d requests; want %d", n, tc.requests)
			}
		})
	}
}

// The records an iterator yields before an error are whole and in order:
// a prefix of the clean run.
func TestRecordsBeforeAnErrorStayValid(t *testing.T) {
	t.Parallel()
	srv := ouratest.NewServer(ouratest.WithPageSize(7), ouratest.WithHook(faults(map[int]func(http.ResponseWriter, *http.Request){4: status(403)})))
	defer srv.Close()
	c, err := srv.NewClient(fastRetry, oura.WithConcurrency(1))
	if err != nil {
		t.Fatal(err)
	}
	var got []oura.SleepPeriod
	var errs []error
	for v, err := range c.SleepPeriodsIter(context.Background(), mar1, mar1.AddDays(30)) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		got = append(got, v)
	}
	want := srv.Dataset().SleepPeriods(mar1, mar1.AddDays(30))
	if len(errs) != 1 || !errors.Is(errs[0], oura.ErrForbidden) {
		t.Fatalf("errors %v; want one ErrForbidden", errs)
	}
	if len(got) == 0 || len(got) >= len(want) {
		t.Fatalf("%d records before the error; want a proper prefix of %d", len(got), len(want))
	}
	if diff := cmp.Diff(want[:len(got)], got, timeEq); diff != "" {
		t.Fatalf("(-want +got):\n%s", diff)
	}
}
