package ourasync_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/ringkit/oura-go/oura"
	"github.com/ringkit/oura-go/oura/ourasync"
	"github.com/ringkit/oura-go/oura/ouratest"
)

// discard is a sink that only counts.
type discard struct{ n int }

func (d *discard) Write(ctx context.Context, b *ourasync.Batch) error {
	d.n += len(b.Changes)
	return nil
}

// A backfill of a year of the connector's eight streams from the fake
// server (heart rate every 5 minutes, as a ring records it): requests and
// records per backfill, and its time.
func BenchmarkBackfillYear(b *testing.B) {
	for _, dest := range []string{"memory", "jsonl+file"} {
		b.Run(dest, func(b *testing.B) {
			srv := ouratest.NewServer()
			defer srv.Close()
			client, _ := srv.NewClient()
			var records int
			b.ResetTimer()
			for b.Loop() {
				var store ourasync.Store = ourasync.NewMemoryStore()
				var sink ourasync.Sink = &discard{}
				if dest != "memory" {
					dir := b.TempDir()
					fs, _ := ourasync.NewFileStore(filepath.Join(dir, "state"))
					l, err := ourasync.OpenJSONLog(filepath.Join(dir, "changes.jsonl"))
					if err != nil {
						b.Fatal(err)
					}
					defer l.Close()
					store, sink = fs, l
				}
				s, err := ourasync.New(ourasync.Config{Store: store, Sink: sink, Streams: ourasync.ConnectorStreams,
					Start: oura.DateOf(t0).AddDays(-365), Now: func() time.Time { return t0 }})
				if err != nil {
					b.Fatal(err)
				}
				rep, err := s.Run(context.Background(), "u1", client)
				if err != nil {
					b.Fatal(err)
				}
				records = rep.Total().Upserted
			}
			b.ReportMetric(float64(len(srv.Requests()))/float64(b.N), "requests/op")
			b.ReportMetric(float64(records), "records/op")
		})
	}
}
