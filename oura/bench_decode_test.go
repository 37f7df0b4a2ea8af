package oura

import (
	"encoding/json"
	"strconv"
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

// BenchmarkDecodeHeartRatePage decodes one 1,000-row page with
// encoding/json and with the fast decoder (fastdecode.go).
func BenchmarkDecodeHeartRatePage(b *testing.B) {
	page := benchPage(b)
	for _, dec := range []struct {
		name   string
		decode func(*wirePage[HeartRate]) error
	}{
		{"encoding-json", func(p *wirePage[HeartRate]) error { return json.Unmarshal(page, p) }},
		{"fast", func(p *wirePage[HeartRate]) error { return pageTarget(p).(bodyDecoder).decodeBody(page) }},
	} {
		b.Run(dec.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(page)))
			cpu := processCPU()
			for b.Loop() {
				var p wirePage[HeartRate]
				if err := dec.decode(&p); err != nil || len(p.Data) != 1000 {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*1000), "ns/row")
			b.ReportMetric(float64((processCPU()-cpu).Nanoseconds())/float64(b.N*1000), "cpu-ns/row")
		})
	}
}

// BenchmarkDecodeDailySleepPage decodes one 50-document daily_sleep page
// with encoding/json: the cost the day collections would save with a fast
// decoder of their own.
func BenchmarkDecodeDailySleepPage(b *testing.B) {
	zone := time.FixedZone("", 2*3600)
	docs := make([]DailySleep, 50)
	for i := range docs {
		day := NewDate(2024, time.March, 1).AddDays(i)
		score, eff := 60+i%40, 80+i%20
		docs[i] = DailySleep{ID: "8f8f7a9e-0d1c-4a46-b8a8-6c6e0c2b" + strconv.Itoa(1000+i), Day: day, Score: &score, Timestamp: day.In(zone),
			Contributors: SleepContributors{DeepSleep: &score, Efficiency: &eff, Latency: &eff, RemSleep: &score, Restfulness: &eff, Timing: &score, TotalSleep: &eff}}
	}
	page, err := json.Marshal(map[string]any{"data": docs, "next_token": "tok+/1=="})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.SetBytes(int64(len(page)))
	for b.Loop() {
		var p wirePage[DailySleep]
		if err := json.Unmarshal(page, &p); err != nil || len(p.Data) != 50 {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*50), "ns/doc")
}
