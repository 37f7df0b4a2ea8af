package ourasync_test

import (
	"bytes"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/ringkit/oura-go/oura"
	"github.com/ringkit/oura-go/oura/ourasync"
	"github.com/ringkit/oura-go/oura/ourasync/internal/crashtest"
	"github.com/ringkit/oura-go/oura/ouratest"
)

func TestMain(m *testing.M) {
	crashtest.MaybeChild(openLogTarget)
	os.Exit(m.Run())
}

// openLogTarget is the destination of the crash test: a file store and
// a JSON Lines change log.
func openLogTarget(dir string) (ourasync.Store, ourasync.Sink, func() error, error) {
	fs, err := ourasync.NewFileStore(filepath.Join(dir, "state"))
	if err != nil {
		return nil, nil, nil, err
	}
	l, err := ourasync.OpenJSONLog(filepath.Join(dir, "changes.jsonl"))
	if err != nil {
		return nil, nil, nil, err
	}
	return fs, l, l.Close, nil
}

// replayLog applies the change log in order: the mirror a pipeline
// reading it would hold.
func replayLog(t *testing.T, path string) map[string]string {
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string]string{}
	for c, err := range ourasync.ReadChanges(bytes.NewReader(raw)) {
		if err != nil {
			t.Fatal(err)
		}
		applyChanges(rows, []ourasync.Change{c})
	}
	return rows
}

func TestCrashSafetyWithJSONLogAndFileStore(t *testing.T) {
	if testing.Short() {
		t.Skip("starts subprocesses")
	}
	k := &crashtest.Killer{}
	srv := ouratest.NewServer(ouratest.WithHook(k.Hook), ouratest.WithHeartRateInterval(30*time.Minute))
	defer srv.Close()
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 9))
	start := oura.DateOf(t0).AddDays(-60)
	st := crashtest.Phase(t, k, srv.URL, srv.Token, dir, start, t0, 16, rng)
	t.Logf("backfill: %+v", st)
	now := t0.Add(3 * 24 * time.Hour)
	st = crashtest.Phase(t, k, srv.URL, srv.Token, dir, start, now, 10, rng)
	t.Logf("incremental: %+v", st)
	client, _ := srv.NewClient()
	want := fullRefresh(t, client, crashtest.User, start, now, ourasync.ConnectorStreams)
	if d := diffRows(want, replayLog(t, filepath.Join(dir, "changes.jsonl"))); d != "" {
		t.Fatalf("the replayed log differs from a full refresh: %s", d)
	}
}
