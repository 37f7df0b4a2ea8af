package oura_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ringkit/oura-go/oura"
)

// The side-by-side benchmarks of issue 10: 500,000 heart-rate rows in
// 1,000-row pages over 405 days plus 1,000 daily_sleep documents in pages
// of 50, served from pre-encoded rows by a local server that filters by
// range and pages with opaque tokens, as Oura does.
const (
	sideRows     = 500_000
	sideStep     = 70 * time.Second // 500,000 rows cover 405 days
	sideDays     = 1000
	sideDayPage  = 50
	sideRowsPage = 1000
)

var (
	sideStart = time.Date(2024, time.March, 1, 0, 0, 0, 0, time.UTC)
	sideEnd   = sideStart.Add(sideRows * sideStep)
	sideDay0  = oura.NewDate(2024, time.March, 1)
	sideDayN  = sideDay0.AddDays(sideDays - 1)
)

type sideData struct {
	rows [][]byte // one encoded heart-rate row each
	docs [][]byte // one encoded daily_sleep document per day from sideDay0
}

var sideOnce = sync.OnceValue(func() *sideData {
	d := &sideData{rows: make([][]byte, sideRows), docs: make([][]byte, sideDays)}
	zone := time.FixedZone("", 2*3600)
	sources := []oura.HeartRateSource{oura.HeartRateSourceAwake, oura.HeartRateSourceRest, oura.HeartRateSourceSleep, oura.HeartRateSourceWorkout}
	for i := range d.rows {
		ts := sideStart.Add(time.Duration(i) * sideStep).In(zone)
		d.rows[i], _ = json.Marshal(oura.HeartRate{BPM: 50 + i%70, Source: sources[i/97%len(sources)], Timestamp: ts, TimestampUnix: ts.UnixMilli()})
	}
	for i := range d.docs {
		day := sideDay0.AddDays(i)
		score, eff := 60+i%40, 80+i%20
		d.docs[i], _ = json.Marshal(oura.DailySleep{
			ID: fmt.Sprintf("ds-%06d", i), Day: day, Score: &score,
			Timestamp:    day.In(zone),
			Contributors: oura.SleepContributors{Efficiency: &eff, DeepSleep: &score, Timing: &eff},
		})
	}
	return d
})

var sideBufs = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// sideServer serves the side-by-side data; every answer waits delay first.
func sideServer(tb testing.TB, delay time.Duration) *httptest.Server {
	tb.Helper()
	d := sideOnce()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if delay > 0 {
			time.Sleep(delay)
		}
		q := r.URL.Query()
		off := 0
		if tok := q.Get("next_token"); tok != "" {
			off, _ = strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(tok, "o+/"), "=="))
		}
		var items [][]byte
		var size int
		switch {
		case strings.HasSuffix(r.URL.Path, "/heartrate"):
			s, err1 := time.Parse(time.RFC3339, q.Get("start_datetime"))
			e, err2 := time.Parse(time.RFC3339, q.Get("end_datetime"))
			if err1 != nil || err2 != nil || e.Sub(s) > 30*24*time.Hour {
				http.Error(w, `{"detail":"bad range"}`, http.StatusBadRequest)
				return
			}
			lo := max(0, int((s.Sub(sideStart)+sideStep-1)/sideStep))
			hi := min(sideRows, int(e.Sub(sideStart)/sideStep)+1) // end inclusive
			if lo < hi {
				items = d.rows[lo:hi]
			}
			size = sideRowsPage
		case strings.HasSuffix(r.URL.Path, "/daily_sleep"):
			s, err1 := oura.ParseDate(q.Get("start_date"))
			e, err2 := oura.ParseDate(q.Get("end_date"))
			if err1 != nil || err2 != nil {
				http.Error(w, `{"detail":"bad range"}`, http.StatusBadRequest)
				return
			}
			lo := max(0, s.DaysSince(sideDay0))
			hi := min(sideDays, e.DaysSince(sideDay0)) // a bare end_date is exclusive
			if lo < hi {
				items = d.docs[lo:hi]
			}
			size = sideDayPage
		default:
			http.NotFound(w, r)
			return
		}
		items = items[min(off, len(items)):]
		more := len(items) > size
		items = items[:min(size, len(items))]
		b := sideBufs.Get().(*bytes.Buffer)
		defer sideBufs.Put(b)
		b.Reset()
		b.WriteString(`{"data":[`)
		for i, it := range items {
			if i > 0 {
				b.WriteByte(',')
			}
			b.Write(it)
		}
		b.WriteString(`],"next_token":`)
		if more {
			b.WriteString(`"o+/` + strconv.Itoa(off+size) + `=="`)
		} else {
			b.WriteString("null")
		}
		b.WriteByte('}')
		w.Header().Set("Content-Type", "application/json")
		w.Write(b.Bytes())
	}))
	tb.Cleanup(srv.Close)
	return srv
}

func sideClient(tb testing.TB, srv *httptest.Server, opts ...oura.Option) *oura.Client {
	tb.Helper()
	c, err := oura.NewClient(append([]oura.Option{oura.WithBaseURL(srv.URL), oura.WithToken("bench")}, opts...)...)
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

// plainLoop is what a user writes with net/http and encoding/json alone:
// 30-day heart-rate chunks and the day range, every page in turn.
func plainLoop(ctx context.Context, hc *http.Client, base string, start, end time.Time, d0, d1 oura.Date) ([]oura.HeartRate, []oura.DailySleep, error) {
	get := func(path string, q url.Values, out any) error {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/v2/usercollection/"+path+"?"+q.Encode(), nil)
		if err != nil {
			return err
		}
		req.Header.Set("Authorization", "Bearer bench")
		resp, err := hc.Do(req)
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		if err != nil {
			return err
		}
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("status %d", resp.StatusCode)
		}
		return json.Unmarshal(b, out)
	}
	var hr []oura.HeartRate
	for s := start; s.Before(end); s = s.Add(30 * 24 * time.Hour) {
		e := s.Add(30 * 24 * time.Hour)
		if e.After(end) {
			e = end
		}
		q := url.Values{"start_datetime": {s.Format(time.RFC3339)}, "end_datetime": {e.Add(-time.Second).Format(time.RFC3339)}}
		for {
			var p struct {
				Data      []oura.HeartRate `json:"data"`
				NextToken *string          `json:"next_token"`
			}
			if err := get("heartrate", q, &p); err != nil {
				return nil, nil, err
			}
			hr = append(hr, p.Data...)
			if p.NextToken == nil {
				break
			}
			q.Set("next_token", *p.NextToken)
		}
	}
	var ds []oura.DailySleep
	q := url.Values{"start_date": {d0.String()}, "end_date": {d1.AddDays(1).String()}}
	for {
		var p struct {
			Data      []oura.DailySleep `json:"data"`
			NextToken *string           `json:"next_token"`
		}
		if err := get("daily_sleep", q, &p); err != nil {
			return nil, nil, err
		}
		ds = append(ds, p.Data...)
		if p.NextToken == nil {
			break
		}
		q.Set("next_token", *p.NextToken)
	}
	return hr, ds, nil
}

// sdkCollectAll is the SDK's collect-all of the same data.
func sdkCollectAll(ctx context.Context, c *oura.Client, start, end time.Time, d0, d1 oura.Date) ([]oura.HeartRate, []oura.DailySleep, error) {
	hr, err := c.HeartRate(ctx, start, end)
	if err != nil {
		return nil, nil, err
	}
	ds, err := c.DailySleep(ctx, d0, d1)
	return hr, ds, err
}

func reportRows(b *testing.B, rows int) {
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*rows), "ns/row")
}

// BenchmarkSideBySide runs the plain loop and the SDK against the same
// server in one run, so their times compare.
func BenchmarkSideBySide(b *testing.B) {
	srv := sideServer(b, 0)
	ctx := context.Background()
	check := func(b *testing.B, hr []oura.HeartRate, ds []oura.DailySleep, err error) {
		if err != nil || len(hr) != sideRows || len(ds) != sideDays {
			b.Fatalf("%d rows, %d documents, %v", len(hr), len(ds), err)
		}
	}
	b.Run("loop", func(b *testing.B) {
		b.ReportAllocs()
		hc := &http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone()}
		for b.Loop() {
			hr, ds, err := plainLoop(ctx, hc, srv.URL, sideStart, sideEnd, sideDay0, sideDayN)
			check(b, hr, ds, err)
		}
		reportRows(b, sideRows)
	})
	for _, v := range sideVariants {
		c := sideClient(b, srv, v.opts...)
		b.Run("collect/"+v.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				hr, ds, err := sdkCollectAll(ctx, c, sideStart, sideEnd, sideDay0, sideDayN)
				check(b, hr, ds, err)
			}
			reportRows(b, sideRows)
		})
		b.Run("iterate/"+v.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				n := 0
				for _, err := range c.HeartRateIter(ctx, sideStart, sideEnd) {
					if err != nil {
						b.Fatal(err)
					}
					n++
				}
				if n != sideRows {
					b.Fatalf("%d rows", n)
				}
			}
			reportRows(b, sideRows)
		})
	}
}

// BenchmarkLatency100ms fetches a year of heart rate and of daily_sleep
// from a server that answers each request after 100 ms.
func BenchmarkLatency100ms(b *testing.B) {
	srv := sideServer(b, 100*time.Millisecond)
	ctx := context.Background()
	end := sideStart.AddDate(1, 0, 0)
	d1 := sideDay0.AddDays(364)
	for _, v := range sideVariants {
		c := sideClient(b, srv, v.opts...)
		b.Run(v.name, func(b *testing.B) {
			for b.Loop() {
				hr, err := c.HeartRate(ctx, sideStart, end)
				if err != nil || len(hr) == 0 {
					b.Fatalf("%d rows, %v", len(hr), err)
				}
				ds, err := c.DailySleep(ctx, sideDay0, d1)
				if err != nil || len(ds) != 365 {
					b.Fatalf("%d documents, %v", len(ds), err)
				}
			}
		})
	}
}
