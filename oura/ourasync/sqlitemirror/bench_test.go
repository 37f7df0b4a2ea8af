package sqlitemirror_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/ringkit/oura-go/oura"
	"github.com/ringkit/oura-go/oura/ourasync"
	"github.com/ringkit/oura-go/oura/ourasync/sqlitemirror"
	"github.com/ringkit/oura-go/oura/ouratest"
)

// A backfill of a year of the connector's eight streams into a new SQLite
// mirror: requests and records per backfill, and its time.
func BenchmarkBackfillYearSQLite(b *testing.B) {
	srv := ouratest.NewServer()
	defer srv.Close()
	client, _ := srv.NewClient()
	var records int
	for b.Loop() {
		m, err := sqlitemirror.Open(filepath.Join(b.TempDir(), "oura.db"))
		if err != nil {
			b.Fatal(err)
		}
		s, err := ourasync.New(ourasync.Config{Store: m, Sink: m, Streams: ourasync.ConnectorStreams,
			Start: oura.DateOf(t0).AddDays(-365), Now: func() time.Time { return t0 }})
		if err != nil {
			b.Fatal(err)
		}
		rep, err := s.Run(context.Background(), "u1", client)
		if err != nil {
			b.Fatal(err)
		}
		records = rep.Total().Upserted
		m.Close()
	}
	b.ReportMetric(float64(len(srv.Requests()))/float64(b.N), "requests/op")
	b.ReportMetric(float64(records), "records/op")
}
