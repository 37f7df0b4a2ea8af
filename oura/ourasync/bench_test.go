package ourasync_test

import (
	"context"
	"fmt"
	"net/http"
	"path/filepath"
	"testing"
	"time"

	"github.com/ringkit/oura-go/oura"
	"github.com/ringkit/oura-go/oura/ourasync"
	"github.com/ringkit/oura-go/oura/ourasync/internal/crashtest"
	"github.com/ringkit/oura-go/oura/ouratest"
)

// discard is a sink that only counts.
type discard struct{ n int }

func (d *discard) Write(ctx context.Context, b *ourasync.Batch) error {
	d.n += len(b.Changes)
	return nil
}

// A backfill of a year of the connector's eight streams, into memory and
// into a JSON Lines change log with a file store.
func BenchmarkBackfillYear(b *testing.B) {
	b.Run("memory", func(b *testing.B) {
		crashtest.BenchmarkBackfillYear(b, func(*testing.B) (ourasync.Store, ourasync.Sink, func() error) {
			return ourasync.NewMemoryStore(), &discard{}, func() error { return nil }
		})
	})
	b.Run("jsonl+file", func(b *testing.B) {
		crashtest.BenchmarkBackfillYear(b, func(b *testing.B) (ourasync.Store, ourasync.Sink, func() error) {
			dir := b.TempDir()
			fs, err := ourasync.NewFileStore(filepath.Join(dir, "state"))
			if err != nil {
				b.Fatal(err)
			}
			l, err := ourasync.OpenJSONLog(filepath.Join(dir, "changes.jsonl"))
			if err != nil {
				b.Fatal(err)
			}
			return fs, l, l.Close
		})
	})
}

// A year's backfill of the connector's eight streams from a server that
// answers each request 20 ms late, fetching one window at a time and with
// the default prefetch.
func BenchmarkBackfillYearLatency(b *testing.B) {
	srv := ouratest.NewServer(ouratest.WithHook(func(http.ResponseWriter, *http.Request) bool {
		time.Sleep(20 * time.Millisecond)
		return false
	}))
	defer srv.Close()
	client, err := srv.NewClient()
	if err != nil {
		b.Fatal(err)
	}
	now := time.Date(2024, time.March, 20, 9, 30, 0, 0, time.UTC)
	for _, prefetch := range []int{1, ourasync.DefaultPrefetch} {
		b.Run(fmt.Sprintf("prefetch=%d", prefetch), func(b *testing.B) {
			for b.Loop() {
				s, err := ourasync.New(ourasync.Config{Store: ourasync.NewMemoryStore(), Sink: &discard{},
					Streams: ourasync.ConnectorStreams, Start: oura.DateOf(now).AddDays(-365),
					Now: func() time.Time { return now }, Prefetch: prefetch})
				if err != nil {
					b.Fatal(err)
				}
				if _, err := s.Run(context.Background(), "u1", client); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
