package oura

import (
	"encoding/json"
	"testing"
	"time"
)

// benchPage is one 1,000-row heart-rate page as Oura sends it.
func benchPage(tb testing.TB) []byte {
	tb.Helper()
	zone := time.FixedZone("", 2*3600)
	start := time.Date(2024, time.March, 1, 0, 0, 0, 0, zone)
	rows := make([]HeartRate, 1000)
	for i := range rows {
		ts := start.Add(time.Duration(i) * 70 * time.Second)
		rows[i] = HeartRate{BPM: 50 + i%70, Source: []HeartRateSource{HeartRateSourceAwake, HeartRateSourceRest, HeartRateSourceSleep}[i/97%3], Timestamp: ts, TimestampUnix: ts.UnixMilli()}
	}
	b, err := json.Marshal(map[string]any{"data": rows, "next_token": "tok+/1=="})
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// BenchmarkDecodeHeartRatePage decodes one 1,000-row page.
func BenchmarkDecodeHeartRatePage(b *testing.B) {
	page := benchPage(b)
	b.Run("encoding-json", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(page)))
		for b.Loop() {
			var p wirePage[HeartRate]
			if err := json.Unmarshal(page, &p); err != nil || len(p.Data) != 1000 {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*1000), "ns/row")
	})
	b.Run("fast", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(page)))
		for b.Loop() {
			var p wirePage[HeartRate]
			if err := pageTarget(&p).(bodyDecoder).decodeBody(page); err != nil || len(p.Data) != 1000 {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*1000), "ns/row")
	})
}
