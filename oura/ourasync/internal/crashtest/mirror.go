package crashtest

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ringkit/oura-go/oura"
	"github.com/ringkit/oura-go/oura/ourasync"
	"github.com/ringkit/oura-go/oura/ouratest"
)

// Mirror is a Sink that upserts and deletes into a map, as a database
// would: the end state any correct sink must reach.
type Mirror struct {
	mu      sync.Mutex
	Rows    map[string]string // "user|stream|key" -> canonical JSON
	Batches []*ourasync.Batch
}

// NewMirror returns an empty Mirror.
func NewMirror() *Mirror { return &Mirror{Rows: map[string]string{}} }

// Write implements ourasync.Sink.
func (m *Mirror) Write(ctx context.Context, b *ourasync.Batch) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.Batches = append(m.Batches, b)
	Apply(m.Rows, b.Changes)
	return nil
}

// Snapshot returns a copy of the rows.
func (m *Mirror) Snapshot() map[string]string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return maps.Clone(m.Rows)
}

// Apply applies changes to rows, keyed "user|stream|key".
func Apply(rows map[string]string, changes []ourasync.Change) {
	for _, c := range changes {
		k := c.User + "|" + c.Stream + "|" + c.Key
		if c.Op == ourasync.Delete {
			delete(rows, k)
		} else {
			rows[k] = Canonical(c.Data)
		}
	}
}

// Canonical re-encodes JSON so equal documents compare equal.
func Canonical(b []byte) string {
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		return "invalid: " + string(b)
	}
	out, _ := json.Marshal(v)
	return string(out)
}

// FullRefresh is what a first sync of user from start at now gives: every
// record the server has now, in the rows form of Apply.
func FullRefresh(t testing.TB, client *oura.Client, user string, start oura.Date, now time.Time, streams []string) map[string]string {
	t.Helper()
	m := NewMirror()
	s, err := ourasync.New(ourasync.Config{Store: ourasync.NewMemoryStore(), Sink: m, Start: start,
		Now: func() time.Time { return now }, Streams: streams})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Run(context.Background(), user, client); err != nil {
		t.Fatal(err)
	}
	return m.Snapshot()
}

// Diff says how got differs from want: records lost, stale and not
// deleted; "" when equal.
func Diff(want, got map[string]string) string {
	if cmp.Equal(want, got) {
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

// BenchmarkBackfillYear measures a backfill of a year of the connector's
// eight streams from the fake server (heart rate every 5 minutes, as a
// ring records it) into the store and sink open returns for each run:
// time, requests and records per backfill.
func BenchmarkBackfillYear(b *testing.B, open func(b *testing.B) (ourasync.Store, ourasync.Sink, func() error)) {
	srv := ouratest.NewServer()
	defer srv.Close()
	client, err := srv.NewClient()
	if err != nil {
		b.Fatal(err)
	}
	now := time.Date(2024, time.March, 20, 9, 30, 0, 0, time.UTC)
	var records int
	for b.Loop() {
		store, sink, closeFn := open(b)
		s, err := ourasync.New(ourasync.Config{Store: store, Sink: sink, Streams: ourasync.ConnectorStreams,
			Start: oura.DateOf(now).AddDays(-365), Now: func() time.Time { return now }})
		if err != nil {
			b.Fatal(err)
		}
		rep, err := s.Run(context.Background(), "u1", client)
		if err != nil {
			b.Fatal(err)
		}
		records = rep.Total().Upserted
		if err := closeFn(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(srv.Requests()))/float64(b.N), "requests/op")
	b.ReportMetric(float64(records), "records/op")
}
