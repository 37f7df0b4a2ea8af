package oura_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/ringkit/oura-go/oura"
)

const (
	benchRows     = 500_000
	benchPageSize = 1000
	benchStep     = 5 * time.Second // 500,000 rows span under 29 days: one query
)

var benchStart = time.Date(2024, time.March, 1, 0, 0, 0, 0, time.UTC)

// benchServer serves 500,000 heart-rate rows in pre-encoded pages of 1,000,
// so the benchmark measures the client, not the server's JSON encoding.
func benchServer(b *testing.B) *httptest.Server {
	b.Helper()
	pages := make([][]byte, benchRows/benchPageSize)
	for p := range pages {
		rows := make([]oura.HeartRate, benchPageSize)
		for i := range rows {
			ts := benchStart.Add(time.Duration(p*benchPageSize+i) * benchStep)
			rows[i] = oura.HeartRate{Timestamp: ts, TimestampUnix: ts.UnixMilli(), BPM: 60 + i%40, Source: oura.HeartRateSourceAwake}
		}
		page := map[string]any{"data": rows}
		if p+1 < len(pages) {
			page["next_token"] = "tok+/" + strconv.Itoa(p+1) + "=="
		}
		var err error
		if pages[p], err = json.Marshal(page); err != nil {
			b.Fatal(err)
		}
	}
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := 0
		if tok := r.URL.Query().Get("next_token"); tok != "" {
			p, _ = strconv.Atoi(tok[len("tok+/") : len(tok)-2])
		}
		w.Header().Set("Content-Type", "application/json")
		w.Write(pages[p])
	}))
}

func benchClient(b *testing.B, srv *httptest.Server) *oura.Client {
	c, err := oura.NewClient(oura.WithBaseURL(srv.URL), oura.WithToken("bench"), oura.WithHTTPClient(srv.Client()))
	if err != nil {
		b.Fatal(err)
	}
	return c
}

func BenchmarkHeartRate500k(b *testing.B) {
	srv := benchServer(b)
	defer srv.Close()
	c := benchClient(b, srv)
	end := benchStart.Add(benchRows * benchStep)
	ctx := context.Background()

	b.Run("collect", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			rows, err := c.HeartRate(ctx, benchStart, end)
			if err != nil || len(rows) != benchRows {
				b.Fatalf("%d rows, %v", len(rows), err)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*benchRows), "ns/row")
	})
	b.Run("iterate", func(b *testing.B) {
		iterateRows(b, c.HeartRateIter, benchStart, end, benchRows)
	})
}
