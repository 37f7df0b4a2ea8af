package sqlitemirror_test

import (
	"path/filepath"
	"testing"

	"github.com/ringkit/oura-go/oura/ourasync"
	"github.com/ringkit/oura-go/oura/ourasync/internal/crashtest"
	"github.com/ringkit/oura-go/oura/ourasync/sqlitemirror"
)

// A backfill of a year of the connector's eight streams into a new SQLite
// mirror.
func BenchmarkBackfillYearSQLite(b *testing.B) {
	crashtest.BenchmarkBackfillYear(b, func(b *testing.B) (ourasync.Store, ourasync.Sink, func() error) {
		m, err := sqlitemirror.Open(filepath.Join(b.TempDir(), "oura.db"))
		if err != nil {
			b.Fatal(err)
		}
		return m, m, m.Close
	})
}
