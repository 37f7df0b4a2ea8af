package ourasync_test

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ringkit/oura-go/oura"
	"github.com/ringkit/oura-go/oura/ourasync"
	"github.com/ringkit/oura-go/oura/ouratest"
)

// mirror is a Sink that upserts and deletes into a map, as a database
// would: the expected end state of any correct sink.
type mirror struct {
	mu      sync.Mutex
	rows    map[string]string // "user|stream|key" -> canonical JSON
	batches []*ourasync.Batch
}

func newMirror() *mirror { return &mirror{rows: map[string]string{}} }

func (m *mirror) Write(ctx context.Context, b *ourasync.Batch) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.batches = append(m.batches, b)
	applyChanges(m.rows, b.Changes)
	return nil
}

func applyChanges(rows map[string]string, changes []ourasync.Change) {
	for _, c := range changes {
		k := c.User + "|" + c.Stream + "|" + c.Key
		if c.Op == ourasync.Delete {
			delete(rows, k)
		} else {
			rows[k] = canonical(c.Data)
		}
	}
}

// canonical re-encodes JSON so equal documents compare equal.
func canonical(b []byte) string {
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		return "invalid: " + string(b)
	}
	out, _ := json.Marshal(v)
	return string(out)
}

func (m *mirror) snapshot() map[string]string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return maps.Clone(m.rows)
}

// clock is an injectable, movable now.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// requestsByPath counts the server's requests since from, by collection.
func requestsByPath(srv *ouratest.Server, from int) map[string]int {
	out := map[string]int{}
	for _, r := range srv.Requests()[from:] {
		out[strings.TrimPrefix(r.Path, "/v2/usercollection/")]++
	}
	return out
}

// fullRefresh is what a first sync of user, from start, at now, gives:
// every record of the dataset the server has now.
func fullRefresh(t *testing.T, client *oura.Client, user string, start oura.Date, now time.Time, streams []string) map[string]string {
	t.Helper()
	m := newMirror()
	s, err := ourasync.New(ourasync.Config{Store: ourasync.NewMemoryStore(), Sink: m, Start: start,
		Now: func() time.Time { return now }, Streams: streams})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Run(context.Background(), user, client); err != nil {
		t.Fatal(err)
	}
	return m.snapshot()
}

// diffRows describes how got differs from want, by key.
func diffRows(want, got map[string]string) string {
	if d := cmp.Diff(want, got); d == "" {
		return ""
	}
	var lost, stale, extra []string
	for k, v := range want {
		g, ok := got[k]
		switch {
		case !ok:
			lost = append(lost, k)
		case g != v:
			stale = append(stale, k)
		}
	}
	for k := range got {
		if _, ok := want[k]; !ok {
			extra = append(extra, k)
		}
	}
	sort.Strings(lost)
	sort.Strings(stale)
	sort.Strings(extra)
	short := func(s []string) []string { return s[:min(len(s), 5)] }
	return fmt.Sprintf("%d lost %v, %d stale %v, %d not deleted %v", len(lost), short(lost), len(stale), short(stale), len(extra), short(extra))
}
