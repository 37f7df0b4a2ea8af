// Package crashtest proves that a sync survives being killed: it runs the
// sync in a real subprocess (the test binary itself), kills it with
// SIGKILL at random points, restarts it until it finishes, and leaves the
// comparison of the destination with a full refresh to the caller.
//
// A test package using it calls MaybeChild from TestMain, so the test
// binary becomes the sync child when the harness starts it.
package crashtest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/ringkit/oura-go/oura"
	"github.com/ringkit/oura-go/oura/ourasync"
	"github.com/ringkit/oura-go/oura/ouratest"
)

// Target opens the destination under test in dir: its store and sink,
// and a close function.
type Target func(dir string) (ourasync.Store, ourasync.Sink, func() error, error)

// Environment of the child.
const (
	envDir   = "OURASYNC_CRASH_DIR"
	envURL   = "OURASYNC_CRASH_URL"
	envToken = "OURASYNC_CRASH_TOKEN"
	envNow   = "OURASYNC_CRASH_NOW"
	envStart = "OURASYNC_CRASH_START"
)

// User is the user key the harness syncs.
const User = "crash-user"

// Config is the sync the child runs, beyond store and sink; the harness
// fills in Start and Now.
var Config = ourasync.Config{Streams: ourasync.ConnectorStreams, WindowDays: 7}

// MaybeChild runs the sync and exits when this process is a child started
// by Phase; otherwise it returns at once.
func MaybeChild(open Target) {
	dir := os.Getenv(envDir)
	if dir == "" {
		return
	}
	if err := child(dir, open); err != nil {
		fmt.Fprintln(os.Stderr, "crash child:", err)
		os.Exit(1)
	}
	os.Exit(0)
}

func child(dir string, open Target) error {
	nowUnix, err := strconv.ParseInt(os.Getenv(envNow), 10, 64)
	if err != nil {
		return err
	}
	start, err := oura.ParseDate(os.Getenv(envStart))
	if err != nil {
		return err
	}
	store, sink, closeFn, err := open(dir)
	if err != nil {
		return err
	}
	defer closeFn()
	client, err := oura.NewClient(oura.WithBaseURL(os.Getenv(envURL)), oura.WithToken(os.Getenv(envToken)))
	if err != nil {
		return err
	}
	cfg := Config
	cfg.Store, cfg.Sink, cfg.Start = store, sink, start
	cfg.Now = func() time.Time { return time.Unix(0, nowUnix) }
	s, err := ourasync.New(cfg)
	if err != nil {
		return err
	}
	_, err = s.Run(context.Background(), User, client)
	return err
}

// Killer is a server hook that kills the running child with SIGKILL when
// the server receives the request number it was armed with.
type Killer struct {
	mu     sync.Mutex
	proc   *os.Process
	at     int64 // kill on this request (1-based); 0: never
	count  atomic.Int64
	killed bool
	dead   chan struct{} // closed when the armed child has exited
}

// Hook is the server hook: pass it to the fake server.
func (k *Killer) Hook(w http.ResponseWriter, r *http.Request) bool {
	n := k.count.Add(1)
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.proc != nil && k.at > 0 && n == k.at {
		k.proc.Signal(syscall.SIGKILL)
		k.killed = true
		dead := k.dead
		k.mu.Unlock()
		<-dead // the child never sees an answer
		k.mu.Lock()
		http.Error(w, "killed", http.StatusServiceUnavailable)
		return true
	}
	return false
}

func (k *Killer) arm(p *os.Process, at int64) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.proc, k.at, k.killed, k.dead = p, at, false, make(chan struct{})
	k.count.Store(0)
}

// Stats counts what a phase did.
type Stats struct {
	Starts, KilledAtRequest, KilledAtTime int
	Took                                  time.Duration
}

// Phase runs the sync of the dataset as the server serves it at now, in
// children killed at random points until kills children have died, then
// once more to the end. Kills alternate between the moment the server
// receives a random request and a random time after the start, which
// also lands inside commits. A child that finishes before its kill point
// counts as a run to the end, and the next one is killed again.
func Phase(t *testing.T, k *Killer, url, token, dir string, start oura.Date, now time.Time, kills int, rng *rand.Rand) Stats {
	t.Helper()
	began := time.Now()
	var st Stats
	// Kill points are drawn within the requests and the time of the
	// previous child, so they fall inside the work that is left.
	requests, took := int64(40), 300*time.Millisecond
	for {
		killed := st.KilledAtRequest + st.KilledAtTime
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), envDir+"="+dir, envURL+"="+url, envToken+"="+token,
			envNow+"="+strconv.FormatInt(now.UnixNano(), 10), envStart+"="+start.String())
		var stderr safeBuffer
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		st.Starts++
		var at int64
		var timer *time.Timer
		if killed < kills && killed%2 == 0 {
			at = 1 + rng.Int64N(requests)
		} else if killed < kills {
			d := time.Duration(rng.Int64N(int64(took)))
			timer = time.AfterFunc(d, func() { cmd.Process.Signal(syscall.SIGKILL) })
		}
		k.arm(cmd.Process, at)
		t1 := time.Now()
		err := cmd.Wait()
		if timer != nil {
			timer.Stop()
		}
		k.mu.Lock()
		killedAtRequest := k.killed
		k.proc = nil
		close(k.dead)
		k.mu.Unlock()
		requests = max(8, k.count.Load())
		took = max(50*time.Millisecond, time.Since(t1))
		ws, _ := cmd.ProcessState.Sys().(syscall.WaitStatus)
		switch {
		case err == nil && killed >= kills:
			st.Took = time.Since(began)
			return st
		case err == nil:
		case ws.Signaled() && ws.Signal() == syscall.SIGKILL && killedAtRequest:
			st.KilledAtRequest++
		case ws.Signaled() && ws.Signal() == syscall.SIGKILL:
			st.KilledAtTime++
		default:
			t.Fatalf("child failed: %v\n%s", err, stderr.String())
		}
		if st.Starts > 4*kills+4 {
			t.Fatalf("after %d starts, %+v", st.Starts, st)
		}
	}
}

type safeBuffer struct {
	mu sync.Mutex
	b  []byte
}

func (s *safeBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.b = append(s.b, p...)
	return len(p), nil
}

func (s *safeBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return string(s.b)
}

// Run is the whole proof for one destination: a backfill of 60 days of
// the connector's streams killed at 16 random points, then the dataset
// moves (two days pass, with revisions, sleeps turned rest and deleted,
// a workout removed, late sessions), then an incremental run killed at
// 10 points. read returns the destination's records in dir in the form
// of Apply; they must equal a full refresh of the final dataset.
func Run(t *testing.T, read func(t *testing.T, dir string) map[string]string) {
	if testing.Short() {
		t.Skip("starts subprocesses")
	}
	m := ouratest.NewMoving(time.Date(2024, time.March, 20, 9, 30, 0, 0, time.UTC), ouratest.HeartRateInterval(30*time.Minute))
	k := &Killer{}
	srv := ouratest.NewServer(ouratest.WithDataset(m.Dataset), ouratest.WithHook(k.Hook))
	defer srv.Close()
	dir := t.TempDir()
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, 9))
	start := m.Today().AddDays(-60)
	st := Phase(t, k, srv.URL, srv.Token, dir, start, m.Now(), 16, rng)
	t.Logf("backfill: %+v", st)
	for range 2 {
		if _, err := m.Step(); err != nil {
			t.Fatal(err)
		}
	}
	st = Phase(t, k, srv.URL, srv.Token, dir, start, m.Now(), 10, rng)
	t.Logf("incremental: %+v", st)
	client, err := srv.NewClient()
	if err != nil {
		t.Fatal(err)
	}
	want := FullRefresh(t, client, User, start, m.Now(), Config.Streams)
	if d := Diff(want, read(t, dir)); d != "" {
		t.Fatalf("the destination differs from a full refresh of the final dataset: %s", d)
	}
}
