package ourasync_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/ringkit/oura-go/oura/ourasync"
	"github.com/ringkit/oura-go/oura/ourasync/internal/crashtest"
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
