package oura_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/ringkit/oura-go/internal/gockclient"
	"gopkg.in/h2non/gock.v1"

	"github.com/ringkit/oura-go/oura"
)

// testToken is distinctive so a leak into an error message is easy to spot.
const testToken = "tok-Q7zX-never-print-me-31f9"

const apiHost = "api.ouraring.com"

// shape is everything the tests pin about a request.
type shape struct {
	Method, Scheme, Host string
	Path                 string // escaped, as sent on the wire
	Query                string // raw query string
	Authorization        string
	Accept               string
	UserAgent            string
}

func shapeOf(r *http.Request) shape {
	h := func(k string) string { return strings.Join(r.Header.Values(k), " | ") }
	return shape{
		Method: r.Method, Scheme: r.URL.Scheme, Host: r.URL.Host,
		Path: r.URL.EscapedPath(), Query: r.URL.RawQuery,
		Authorization: h("Authorization"), Accept: h("Accept"), UserAgent: h("User-Agent"),
	}
}

// get is the expected shape of a default client's GET.
func get(path, query string) shape {
	return shape{
		Method: http.MethodGet, Scheme: "https", Host: apiHost, Path: path, Query: query,
		Authorization: "Bearer " + testToken,
		Accept:        "application/json",
		UserAgent:     "oura-go/" + oura.Version,
	}
}

// mocks holds each test's gock transport (see internal/gockclient): the
// clients a test makes send through its own and nothing else does, so no
// request reaches the network and tests run in parallel.
var mocks sync.Map // *testing.T -> *gockclient.Transport

// mockTransport returns t's transport; at cleanup it fails on mocks never
// called and requests no mock matched.
func mockTransport(t *testing.T) *gockclient.Transport {
	if tr, ok := mocks.Load(t); ok {
		return tr.(*gockclient.Transport)
	}
	tr := gockclient.New(t)
	mocks.Store(t, tr)
	t.Cleanup(func() { mocks.Delete(t) })
	return tr
}

// mockAPI records every request of one test's transport.
type mockAPI struct {
	t    *testing.T
	tr   *gockclient.Transport
	mu   sync.Mutex
	seen []shape
}

func newMockAPI(t *testing.T) *mockAPI {
	t.Helper()
	m := &mockAPI{t: t, tr: mockTransport(t)}
	m.tr.Observe(func(r *http.Request, _ gock.Mock) {
		m.mu.Lock()
		defer m.mu.Unlock()
		m.seen = append(m.seen, shapeOf(r))
	})
	return m
}

// on registers a mock that answers only a request of exactly shape w.
func (m *mockAPI) on(w shape) *gock.Request {
	r := m.tr.Mock(w.Scheme + "://" + w.Host)
	r.SetMatcher(gock.NewEmptyMatcher())
	r.AddMatcher(func(req *http.Request, _ *gock.Request) (bool, error) {
		return shapeOf(req) == w, nil
	})
	return r
}

// onJSON answers a request of shape w with status and a JSON body.
func (m *mockAPI) onJSON(w shape, status int, body string) *gock.Response {
	return m.on(w).Reply(status).Type("json").BodyString(body)
}

// assertRequests checks the exact requests sent, in order.
func (m *mockAPI) assertRequests(want ...shape) {
	m.t.Helper()
	m.mu.Lock()
	defer m.mu.Unlock()
	if diff := cmp.Diff(want, m.seen); diff != "" {
		m.t.Errorf("requests (-want +got):\n%s", diff)
	}
}

func newClient(t *testing.T, opts ...oura.Option) *oura.Client {
	t.Helper()
	hc := mockTransport(t).Client()
	// One attempt: these tests are about request shapes; retry_test.go
	// covers retries. One chain: they pin the order of the requests.
	all := append([]oura.Option{oura.WithToken(testToken), oura.WithHTTPClient(hc),
		oura.WithRetry(oura.RetryPolicy{MaxAttempts: 1}), oura.WithConcurrency(1)}, opts...)
	c, err := oura.NewClient(all...)
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}
	return c
}

func fixture(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "internal", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func ptr[T any](v T) *T { return &v }

func ts(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func day(y int, m time.Month, d int) oura.Date { return oura.NewDate(y, m, d) }

// Date has only unexported fields; time.Time is compared with Equal, so
// offsets are checked separately with Format.
var cmpOpts = cmp.Options{cmp.Comparer(func(a, b oura.Date) bool { return a == b })}

func formatted[T any](vs []T, at func(T) time.Time) []string {
	out := []string{}
	for _, v := range vs {
		out = append(out, at(v).Format(time.RFC3339))
	}
	return out
}

const (
	dailySleepPath = "/v2/usercollection/daily_sleep"
	// next_token of daily_sleep_page1.json, raw and query-encoded.
	page1Token    = "MjAyNC0wMy0wMg+pg/9Xw=="
	page1TokenEnc = "MjAyNC0wMy0wMg%2Bpg%2F9Xw%3D%3D"
	sleepQuery    = "end_date=2024-03-03&start_date=2024-02-29"
	sleepQuery2   = "end_date=2024-03-03&next_token=" + page1TokenEnc + "&start_date=2024-02-29"
)

// The fixture documents that fall in 2024-03-01..2024-03-02.
var (
	sleepMar1 = oura.DailySleep{
		ID: "2f9b4d6a-1e3c-4a7b-8c5d-0e1f2a3b4c5d",
		Contributors: oura.SleepContributors{
			DeepSleep: ptr(64), Efficiency: nil, Latency: ptr(75), RemSleep: nil,
			Restfulness: ptr(71), Timing: nil, TotalSleep: ptr(88),
		},
		Day:       day(2024, time.March, 1),
		Score:     nil,
		Timestamp: ts("2024-03-01T00:00:00+02:00"),
	}
	sleepMar2 = oura.DailySleep{
		ID: "7d3e5f1a-9b2c-4d6e-8f0a-1b2c3d4e5f60",
		Contributors: oura.SleepContributors{
			DeepSleep: ptr(95), Efficiency: ptr(91), Latency: ptr(69), RemSleep: ptr(86),
			Restfulness: ptr(74), Timing: ptr(100), TotalSleep: ptr(92),
		},
		Day:       day(2024, time.March, 2),
		Score:     ptr(91),
		Timestamp: ts("2024-03-02T00:00:00-05:00"),
	}
)

func TestDailySleepTwoPages(t *testing.T) {
	t.Parallel()
	api := newMockAPI(t)
	c := newClient(t)
	first, second := get(dailySleepPath, sleepQuery), get(dailySleepPath, sleepQuery2)
	api.onJSON(first, 200, fixture(t, "daily_sleep_page1.json"))
	api.onJSON(second, 200, fixture(t, "daily_sleep_page2.json"))

	got, err := c.DailySleep(t.Context(), day(2024, time.March, 1), day(2024, time.March, 2))
	if err != nil {
		t.Fatal(err)
	}
	api.assertRequests(first, second)
	if diff := cmp.Diff([]oura.DailySleep{sleepMar1, sleepMar2}, got, cmpOpts); diff != "" {
		t.Errorf("DailySleep (-want +got):\n%s", diff)
	}
	stamps := formatted(got, func(d oura.DailySleep) time.Time { return d.Timestamp })
	if diff := cmp.Diff([]string{"2024-03-01T00:00:00+02:00", "2024-03-02T00:00:00-05:00"}, stamps); diff != "" {
		t.Errorf("timestamp offsets (-want +got):\n%s", diff)
	}
}

func TestDailySleepPageToken(t *testing.T) {
	t.Parallel()
	api := newMockAPI(t)
	c := newClient(t)
	first, second := get(dailySleepPath, sleepQuery), get(dailySleepPath, sleepQuery2)
	api.onJSON(first, 200, fixture(t, "daily_sleep_page1.json"))
	api.onJSON(second, 200, fixture(t, "daily_sleep_page2.json"))
	start, end := day(2024, time.March, 1), day(2024, time.March, 2)

	p1, err := c.DailySleepPage(t.Context(), start, end, "")
	if err != nil {
		t.Fatal(err)
	}
	want1 := &oura.Page[oura.DailySleep]{Data: []oura.DailySleep{sleepMar1}, NextToken: page1Token}
	if diff := cmp.Diff(want1, p1, cmpOpts); diff != "" {
		t.Errorf("page 1 (-want +got):\n%s", diff)
	}
	p2, err := c.DailySleepPage(t.Context(), start, end, p1.NextToken)
	if err != nil {
		t.Fatal(err)
	}
	want2 := &oura.Page[oura.DailySleep]{Data: []oura.DailySleep{sleepMar2}, NextToken: ""}
	if diff := cmp.Diff(want2, p2, cmpOpts); diff != "" {
		t.Errorf("page 2 (-want +got):\n%s", diff)
	}
	api.assertRequests(first, second)
}

func TestSleepPeriodsNulls(t *testing.T) {
	t.Parallel()
	api := newMockAPI(t)
	c := newClient(t)
	w := get("/v2/usercollection/sleep", "end_date=2024-03-02&start_date=2024-02-29")
	api.onJSON(w, 200, fixture(t, "sleep_page.json"))

	got, err := c.SleepPeriods(t.Context(), day(2024, time.March, 1), day(2024, time.March, 1))
	if err != nil {
		t.Fatal(err)
	}
	api.assertRequests(w)
	ring := "3c5a9e21-7f4b-4d0e-b6a8-2e1d9c7f5b34"
	want := []oura.SleepPeriod{
		{
			ID:                "9a8b7c6d-5e4f-4321-8fed-cba987654321",
			AppSleepPhase5Min: ptr("4421223"),
			AverageBreath:     ptr(14.625),
			AverageHeartRate:  ptr(54.375),
			AverageHRV:        ptr(48),
			AwakeTime:         ptr(2490),
			BedtimeEnd:        ts("2024-03-01T07:04:00+02:00"),
			BedtimeStart:      ts("2024-02-29T23:12:30+02:00"),
			Day:               day(2024, time.March, 1),
			DeepSleepDuration: ptr(5400),
			Efficiency:        ptr(91),
			HeartRate: &oura.Sample{
				Interval:  300,
				Items:     []*float64{nil, ptr(58.0), ptr(56.0), ptr(55.5), nil, ptr(53.0), ptr(52.0)},
				Timestamp: ts("2024-02-29T23:12:30+02:00"),
			},
			HRV: &oura.Sample{
				Interval:  300,
				Items:     []*float64{nil, ptr(41.0), ptr(46.0), nil, ptr(52.0), ptr(49.0), ptr(47.0)},
				Timestamp: ts("2024-02-29T23:12:30+02:00"),
			},
			Latency:            ptr(540),
			LightSleepDuration: ptr(13500),
			LowBatteryAlert:    false,
			LowestHeartRate:    ptr(49),
			Movement30Sec:      ptr("1112211111"),
			Period:             1,
			Readiness: &oura.SleepPeriodReadiness{
				Contributors: oura.ReadinessContributors{
					ActivityBalance: ptr(83), BodyTemperature: ptr(98), HRVBalance: ptr(76),
					PreviousDayActivity: ptr(85), PreviousNight: ptr(89), RecoveryIndex: ptr(100),
					RestingHeartRate: ptr(94), SleepBalance: ptr(81), SleepRegularity: nil,
				},
				Score:                     ptr(87),
				TemperatureDeviation:      ptr(-0.14),
				TemperatureTrendDeviation: ptr(0.06),
			},
			ReadinessScoreDelta:   ptr(1),
			RemSleepDuration:      ptr(6900),
			RestlessPeriods:       ptr(212),
			RingID:                ptr(ring),
			SleepAlgorithmVersion: ptr(oura.SleepAlgorithmVersionV2),
			SleepAnalysisReason:   ptr(oura.SleepAnalysisReasonForegroundSleepAnalysis),
			SleepPhase30Sec:       ptr("4422223333"),
			SleepPhase5Min:        ptr("4421223"),
			SleepScoreDelta:       ptr(2),
			TimeInBed:             28290,
			TotalSleepDuration:    ptr(25800),
			Type:                  ptr(oura.SleepTypeLongSleep),
		},
		{
			ID:                "e1f2a3b4-c5d6-4e7f-8091-a2b3c4d5e6f7",
			AwakeTime:         ptr(330),
			BedtimeEnd:        ts("2024-03-01T16:05:30+02:00"),
			BedtimeStart:      ts("2024-03-01T15:40:00+02:00"),
			Day:               day(2024, time.March, 1),
			DeepSleepDuration: ptr(0),
			HeartRate: &oura.Sample{
				Interval:  300,
				Items:     []*float64{nil, nil, ptr(61.0), nil, ptr(59.0), ptr(60.0)},
				Timestamp: ts("2024-03-01T15:40:00+02:00"),
			},
			LightSleepDuration:    ptr(1080),
			LowBatteryAlert:       true,
			Period:                2,
			RemSleepDuration:      ptr(120),
			SleepAlgorithmVersion: ptr(oura.SleepAlgorithmVersionV2),
			TimeInBed:             1530,
			TotalSleepDuration:    ptr(1200),
			Type:                  ptr(oura.SleepTypeLateNap),
		},
	}
	if diff := cmp.Diff(want, got, cmpOpts); diff != "" {
		t.Errorf("SleepPeriods (-want +got):\n%s", diff)
	}
	var stamps []string
	for _, p := range got {
		stamps = append(stamps, p.BedtimeStart.Format(time.RFC3339), p.HeartRate.Timestamp.Format(time.RFC3339))
	}
	wantStamps := []string{"2024-02-29T23:12:30+02:00", "2024-02-29T23:12:30+02:00", "2024-03-01T15:40:00+02:00", "2024-03-01T15:40:00+02:00"}
	if diff := cmp.Diff(wantStamps, stamps); diff != "" {
		t.Errorf("offsets (-want +got):\n%s", diff)
	}
}

func TestClientOptionsShapeRequests(t *testing.T) {
	t.Parallel()
	start, end := day(2024, time.March, 1), day(2024, time.March, 2)
	page2 := `{"data":[],"next_token":null}`

	t.Run("sandbox", func(t *testing.T) {
		api := newMockAPI(t)
		c := newClient(t, oura.WithSandbox())
		w := get("/v2/sandbox/usercollection/daily_sleep", sleepQuery)
		api.onJSON(w, 200, fixture(t, "daily_sleep_page2.json"))
		got, err := c.DailySleep(t.Context(), start, end)
		if err != nil {
			t.Fatal(err)
		}
		api.assertRequests(w)
		if diff := cmp.Diff([]oura.DailySleep{sleepMar2}, got, cmpOpts); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
	})

	for _, base := range []string{"https://proxy.example/oura", "https://proxy.example/oura/"} {
		t.Run("base URL "+base, func(t *testing.T) {
			api := newMockAPI(t)
			c := newClient(t, oura.WithBaseURL(base))
			w := get("/oura/v2/usercollection/daily_sleep", sleepQuery)
			w.Host = "proxy.example"
			api.onJSON(w, 200, page2)
			if _, err := c.DailySleep(t.Context(), start, end); err != nil {
				t.Fatal(err)
			}
			api.assertRequests(w)
		})
	}

	t.Run("user agent", func(t *testing.T) {
		api := newMockAPI(t)
		c := newClient(t, oura.WithUserAgent("myapp/1.2"))
		w := get(dailySleepPath, sleepQuery)
		w.UserAgent = "myapp/1.2 oura-go/" + oura.Version
		api.onJSON(w, 200, page2)
		if _, err := c.DailySleep(t.Context(), start, end); err != nil {
			t.Fatal(err)
		}
		api.assertRequests(w)
	})
}

func TestHeartRateOneDay(t *testing.T) {
	t.Parallel()
	api := newMockAPI(t)
	c := newClient(t)
	w := get("/v2/usercollection/heartrate",
		"end_datetime=2024-03-02T00%3A00%3A01%2B02%3A00&start_datetime=2024-02-29T23%3A59%3A59%2B02%3A00")
	api.onJSON(w, 200, fixture(t, "heartrate_page.json"))

	got, err := c.HeartRate(t.Context(), ts("2024-03-01T00:00:00+02:00"), ts("2024-03-02T00:00:00+02:00"))
	if err != nil {
		t.Fatal(err)
	}
	api.assertRequests(w)
	want := []oura.HeartRate{
		{BPM: 56, Source: oura.HeartRateSourceSleep, Timestamp: ts("2024-02-29T22:00:00Z"), TimestampUnix: 1709244000000},
		{BPM: 74, Source: oura.HeartRateSourceAwake, Timestamp: ts("2024-03-01T07:45:00Z"), TimestampUnix: 1709279100000},
		{BPM: 61, Source: oura.HeartRateSourceRest, Timestamp: ts("2024-03-01T21:59:59Z"), TimestampUnix: 1709330399000},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("HeartRate (-want +got):\n%s", diff)
	}
}

// Sub-second bounds: start_datetime rounds down, end_datetime rounds up,
// and rows are kept by the exact bounds.
func TestHeartRateSubSecondBounds(t *testing.T) {
	t.Parallel()
	api := newMockAPI(t)
	c := newClient(t)
	w := get("/v2/usercollection/heartrate",
		"end_datetime=2024-03-01T06%3A00%3A02%2B02%3A00&start_datetime=2024-02-29T23%3A59%3A59%2B02%3A00")
	api.onJSON(w, 200, `{"data":[
		{"bpm":58,"source":"sleep","timestamp":"2024-02-29T22:00:00.100+00:00","timestamp_unix":1709244000100},
		{"bpm":57,"source":"sleep","timestamp":"2024-02-29T22:00:00.250+00:00","timestamp_unix":1709244000250},
		{"bpm":63,"source":"awake","timestamp":"2024-03-01T04:00:00.500+00:00","timestamp_unix":1709265600500},
		{"bpm":64,"source":"awake","timestamp":"2024-03-01T04:00:00.750+00:00","timestamp_unix":1709265600750}]}`)

	got, err := c.HeartRate(t.Context(), ts("2024-03-01T00:00:00.250+02:00"), ts("2024-03-01T06:00:00.750+02:00"))
	if err != nil {
		t.Fatal(err)
	}
	api.assertRequests(w)
	var bpm []int
	for _, h := range got {
		bpm = append(bpm, h.BPM)
	}
	if diff := cmp.Diff([]int{57, 63}, bpm); diff != "" {
		t.Errorf("kept samples (-want +got):\n%s", diff)
	}
}

func TestHeartRateSplitsLongRanges(t *testing.T) {
	t.Parallel()
	api := newMockAPI(t)
	c := newClient(t)
	loc := time.FixedZone("EST", -5*3600)
	start := time.Date(2024, time.January, 10, 0, 0, 0, 0, loc)
	end := start.AddDate(0, 0, 65)
	const rfc = "2006-01-02T15:04:05-07:00"

	// Any heart-rate request with exactly the two filters; the body has rows
	// at both padded bounds and one second inside each.
	r := mockTransport(t).Mock("https://" + apiHost).Times(3)
	r.SetMatcher(gock.NewEmptyMatcher())
	r.AddMatcher(func(req *http.Request, _ *gock.Request) (bool, error) {
		s := shapeOf(req)
		q := req.URL.Query()
		s.Query = ""
		return s == get("/v2/usercollection/heartrate", "") && len(q) == 2 &&
			len(q["start_datetime"]) == 1 && len(q["end_datetime"]) == 1, nil
	})
	r.Reply(200).Map(func(res *http.Response) *http.Response {
		q := res.Request.URL.Query()
		s, err1 := time.Parse(time.RFC3339, q.Get("start_datetime"))
		e, err2 := time.Parse(time.RFC3339, q.Get("end_datetime"))
		if err := errors.Join(err1, err2); err != nil {
			res.StatusCode, res.Status = 500, "500 bad test query"
			return res
		}
		var rows []string
		for _, at := range []time.Time{s, s.Add(time.Second), e.Add(-2 * time.Second), e.Add(-time.Second)} {
			rows = append(rows, fmt.Sprintf(`{"bpm":60,"source":"awake","timestamp":%q,"timestamp_unix":%d}`,
				at.UTC().Format(rfc), at.UnixMilli()))
		}
		body := `{"data":[` + strings.Join(rows, ",") + `],"next_token":null}`
		res.Header.Set("Content-Type", "application/json")
		res.Body, res.ContentLength = io.NopCloser(strings.NewReader(body)), int64(len(body))
		return res
	})

	got, err := c.HeartRate(t.Context(), start, end)
	if err != nil {
		t.Fatal(err)
	}

	api.mu.Lock()
	seen := append([]shape(nil), api.seen...)
	api.mu.Unlock()
	if len(seen) != 3 {
		t.Fatalf("sent %d requests, want 3: %+v", len(seen), seen)
	}
	// Documented rule: chunks tile [start, end); each query asks for
	// chunkStart-1s .. chunkEnd+1s in the caller's zone and spans <= 30 days.
	var starts, ends []time.Time
	for i, s := range seen {
		q, err := url.ParseQuery(s.Query)
		if err != nil {
			t.Fatal(err)
		}
		if enc := q.Encode(); enc != s.Query {
			t.Errorf("request %d: query %q is not canonical (%q)", i, s.Query, enc)
		}
		for _, k := range []string{"start_datetime", "end_datetime"} {
			if !strings.HasSuffix(q.Get(k), "-05:00") {
				t.Errorf("request %d: %s=%q is not in the caller's zone", i, k, q.Get(k))
			}
		}
		starts = append(starts, ts(q.Get("start_datetime")))
		ends = append(ends, ts(q.Get("end_datetime")))
		if span := ends[i].Sub(starts[i]); span > 30*24*time.Hour {
			t.Errorf("request %d spans %s, over 30 days", i, span)
		}
	}
	if g := starts[0].Format(time.RFC3339); g != "2024-01-09T23:59:59-05:00" {
		t.Errorf("first start_datetime = %s", g)
	}
	if g := ends[2].Format(time.RFC3339); g != "2024-03-15T00:00:01-05:00" {
		t.Errorf("last end_datetime = %s", g)
	}
	var bounds []time.Time // chunk boundaries b0..b3
	bounds = append(bounds, starts[0].Add(time.Second))
	for i := 1; i < 3; i++ {
		prevEnd, nextStart := ends[i-1].Add(-time.Second), starts[i].Add(time.Second)
		if !prevEnd.Equal(nextStart) {
			t.Errorf("seam %d: chunk %d ends %s but chunk %d starts %s", i, i-1, prevEnd, i, nextStart)
		}
		if !nextStart.After(bounds[i-1]) {
			t.Errorf("chunk %d is empty", i-1)
		}
		bounds = append(bounds, nextStart)
	}
	bounds = append(bounds, end)

	// Each chunk keeps [b_i, b_i+1): its first second and its last second.
	var want []time.Time
	for i := 0; i < 3; i++ {
		want = append(want, bounds[i], bounds[i+1].Add(-time.Second))
	}
	var gotTimes []time.Time
	for _, h := range got {
		gotTimes = append(gotTimes, h.Timestamp)
	}
	if diff := cmp.Diff(want, gotTimes); diff != "" {
		t.Errorf("kept samples (-want +got):\n%s", diff)
	}
}

func TestWorkoutByIDEscapesID(t *testing.T) {
	t.Parallel()
	api := newMockAPI(t)
	c := newClient(t)
	w := get("/v2/usercollection/workout/abc%20def%20%3F%23", "")
	api.onJSON(w, 200, fixture(t, "workout.json"))

	got, err := c.WorkoutByID(t.Context(), "abc def ?#")
	if err != nil {
		t.Fatal(err)
	}
	api.assertRequests(w)
	want := &oura.Workout{
		ID:            "5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9",
		Activity:      "cycling",
		Calories:      ptr(412.5),
		Day:           day(2024, time.March, 2),
		Distance:      nil,
		EndDatetime:   ts("2024-03-02T08:47:12-05:00"),
		Intensity:     oura.WorkoutIntensityModerate,
		Label:         nil,
		Source:        oura.WorkoutSourceAutodetected,
		StartDatetime: ts("2024-03-02T07:55:03-05:00"),
	}
	if diff := cmp.Diff(want, got, cmpOpts); diff != "" {
		t.Errorf("WorkoutByID (-want +got):\n%s", diff)
	}
	if g := got.StartDatetime.Format(time.RFC3339); g != "2024-03-02T07:55:03-05:00" {
		t.Errorf("StartDatetime = %s, offset lost", g)
	}
}

var sentinels = []struct {
	name string
	err  error
}{
	{"ErrUnauthorized", oura.ErrUnauthorized},
	{"ErrForbidden", oura.ErrForbidden},
	{"ErrNotFound", oura.ErrNotFound},
	{"ErrRateLimited", oura.ErrRateLimited},
	{"ErrValidation", oura.ErrValidation},
	{"ErrUpgradeRequired", oura.ErrUpgradeRequired},
	{"ErrServer", oura.ErrServer},
	{"ErrInvalidArgument", oura.ErrInvalidArgument},
	{"ErrBadResponse", oura.ErrBadResponse},
	{"ErrRepeatedToken", oura.ErrRepeatedToken},
}

// matching lists the sentinels err matches.
func matching(err error) []string {
	var out []string
	for _, s := range sentinels {
		if errors.Is(err, s.err) {
			out = append(out, s.name)
		}
	}
	return out
}

// checkAPIError asserts err's sentinel, its *APIError, its message and that
// the token appears nowhere.
func checkAPIError(t *testing.T, err error, sentinel string, want *oura.APIError, wantMsg string) {
	t.Helper()
	if err == nil {
		t.Fatal("no error")
	}
	if diff := cmp.Diff([]string{sentinel}, matching(err)); diff != "" {
		t.Errorf("matched sentinels (-want +got):\n%s", diff)
	}
	var ae *oura.APIError
	if !errors.As(err, &ae) {
		t.Fatalf("%v is not an *APIError", err)
	}
	if diff := cmp.Diff(want, ae); diff != "" {
		t.Errorf("APIError (-want +got):\n%s", diff)
	}
	if err.Error() != wantMsg {
		t.Errorf("Error() = %q\nwant      %q", err.Error(), wantMsg)
	}
	for _, s := range []string{err.Error(), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", ae)} {
		if strings.Contains(s, testToken) {
			t.Errorf("error leaks the token: %s", s)
		}
	}
}

func TestAPIErrors(t *testing.T) {
	t.Parallel()
	start, end := day(2024, time.March, 1), day(2024, time.March, 2)

	t.Run("404 by id", func(t *testing.T) {
		api := newMockAPI(t)
		c := newClient(t)
		path := "/v2/usercollection/workout/abc%20def%20%3F"
		api.onJSON(get(path, ""), 404, `{"detail":"Not found"}`)
		got, err := c.WorkoutByID(t.Context(), "abc def ?")
		if got != nil {
			t.Errorf("got %+v with the error", got)
		}
		checkAPIError(t, err, "ErrNotFound",
			&oura.APIError{StatusCode: 404, Method: "GET", Path: path, Detail: "Not found"},
			"oura: WorkoutByID (workout): GET "+path+": 404 Not Found: Not found")
		api.assertRequests(get(path, ""))
	})

	t.Run("422 validation", func(t *testing.T) {
		api := newMockAPI(t)
		c := newClient(t)
		api.onJSON(get(dailySleepPath, sleepQuery), 422, fixture(t, "error_422.json"))
		got, err := c.DailySleep(t.Context(), start, end)
		if got != nil {
			t.Errorf("got %v with the error", got)
		}
		detail := "query.start_date: Input should be a valid date or datetime, input is too short; query.end_date: Field required"
		checkAPIError(t, err, "ErrValidation", &oura.APIError{
			StatusCode: 422, Method: "GET", Path: dailySleepPath, Detail: detail,
			ValidationErrors: []oura.ValidationErrorItem{
				{
					Loc:   []any{"query", "start_date"},
					Msg:   "Input should be a valid date or datetime, input is too short",
					Type:  "date_from_datetime_parsing",
					Input: "2024-3-1",
					Ctx:   &map[string]any{"error": "input is too short"},
				},
				{Loc: []any{"query", "end_date"}, Msg: "Field required", Type: "missing"},
			},
		}, "oura: DailySleep (daily_sleep) page 1: GET "+dailySleepPath+": 422 Unprocessable Entity: "+detail)
		var ae *oura.APIError
		if errors.As(err, &ae) {
			if want := "GET " + dailySleepPath + ": 422 Unprocessable Entity: " + detail; ae.Error() != want {
				t.Errorf("APIError.Error() = %q\nwant %q", ae.Error(), want)
			}
		}
		api.assertRequests(get(dailySleepPath, sleepQuery))
	})

	t.Run("429 rate limited", func(t *testing.T) {
		api := newMockAPI(t)
		c := newClient(t)
		api.onJSON(get(dailySleepPath, sleepQuery), 429, `{"detail":"Too many requests"}`).
			SetHeader("Retry-After", "17").
			SetHeader("X-RateLimit-Limit", "5000").
			SetHeader("X-RateLimit-Window", "300").
			SetHeader("X-RateLimit-Reset", "1709287217").
			SetHeader("X-RateLimit-Tier", "standard")
		_, err := c.DailySleep(t.Context(), start, end)
		checkAPIError(t, err, "ErrRateLimited", &oura.APIError{
			StatusCode: 429, Method: "GET", Path: dailySleepPath, Detail: "Too many requests",
			RetryAfter: 17 * time.Second,
			RateLimit:  oura.RateLimit{Limit: "5000", Window: "300", Reset: "1709287217", Tier: "standard"},
		}, "oura: DailySleep (daily_sleep) page 1: GET "+dailySleepPath+": 429 Too Many Requests: Too many requests (retry after 17s)")
		api.assertRequests(get(dailySleepPath, sleepQuery))
	})

	for _, tc := range []struct {
		status      int
		contentType string
		body        string
		sentinel    string
		detail      string
	}{
		{401, "application/json", `{"detail":"Invalid or expired access token"}`, "ErrUnauthorized", "Invalid or expired access token"},
		{403, "application/json", `{"detail":"The user's Oura membership has expired"}`, "ErrForbidden", "The user's Oura membership has expired"},
		{426, "application/json", `{"detail":"Update the Oura app to continue"}`, "ErrUpgradeRequired", "Update the Oura app to continue"},
		{503, "text/html", "<html>\n<body><h1>503 Service Unavailable</h1></body>\n</html>\n", "ErrServer",
			"<html> <body><h1>503 Service Unavailable</h1></body> </html>"},
	} {
		t.Run(fmt.Sprint(tc.status), func(t *testing.T) {
			api := newMockAPI(t)
			c := newClient(t)
			api.on(get(dailySleepPath, sleepQuery)).Reply(tc.status).
				SetHeader("Content-Type", tc.contentType).BodyString(tc.body)
			_, err := c.DailySleep(t.Context(), start, end)
			checkAPIError(t, err, tc.sentinel,
				&oura.APIError{StatusCode: tc.status, Method: "GET", Path: dailySleepPath, Detail: tc.detail},
				fmt.Sprintf("oura: DailySleep (daily_sleep) page 1: GET %s: %d %s: %s",
					dailySleepPath, tc.status, http.StatusText(tc.status), tc.detail))
			api.assertRequests(get(dailySleepPath, sleepQuery))
		})
	}
}

func TestBadInputSendsNoRequest(t *testing.T) {
	t.Parallel()
	mar1, mar2 := day(2024, time.March, 1), day(2024, time.March, 2)
	t0 := ts("2024-03-01T00:00:00+02:00")
	for _, tc := range []struct {
		name string
		op   string
		call func(ctx context.Context, c *oura.Client) (nilResult bool, err error)
	}{
		{"end before start", "DailySleep", func(ctx context.Context, c *oura.Client) (bool, error) {
			v, err := c.DailySleep(ctx, mar2, mar1)
			return v == nil, err
		}},
		{"zero start", "DailySleep", func(ctx context.Context, c *oura.Client) (bool, error) {
			v, err := c.DailySleep(ctx, oura.Date{}, mar1)
			return v == nil, err
		}},
		{"zero end", "SleepPeriods", func(ctx context.Context, c *oura.Client) (bool, error) {
			v, err := c.SleepPeriodsPage(ctx, mar1, oura.Date{}, "")
			return v == nil, err
		}},
		{"over 20 years", "Workouts", func(ctx context.Context, c *oura.Client) (bool, error) {
			v, err := c.Workouts(ctx, day(2000, time.January, 1), day(2021, time.January, 1))
			return v == nil, err
		}},
		{"iterator end before start", "DailySleep", func(ctx context.Context, c *oura.Client) (bool, error) {
			n := 0
			var last error
			for _, err := range c.DailySleepIter(ctx, mar2, mar1) {
				n++
				last = err
			}
			return n == 1, last
		}},
		{"empty id", "WorkoutByID", func(ctx context.Context, c *oura.Client) (bool, error) {
			v, err := c.WorkoutByID(ctx, "")
			return v == nil, err
		}},
		{"heart rate end before start", "HeartRate", func(ctx context.Context, c *oura.Client) (bool, error) {
			v, err := c.HeartRate(ctx, t0, t0.Add(-time.Hour))
			return v == nil, err
		}},
		{"heart rate zero end", "HeartRate", func(ctx context.Context, c *oura.Client) (bool, error) {
			v, err := c.HeartRate(ctx, t0, time.Time{})
			return v == nil, err
		}},
		{"heart rate page over 30 days", "HeartRate", func(ctx context.Context, c *oura.Client) (bool, error) {
			v, err := c.HeartRatePage(ctx, t0, t0.Add(31*24*time.Hour), "")
			return v == nil, err
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			api := newMockAPI(t) // no mocks: any request would be recorded and unmatched
			c := newClient(t)
			nilResult, err := tc.call(t.Context(), c)
			if !errors.Is(err, oura.ErrInvalidArgument) {
				t.Errorf("err = %v, want ErrInvalidArgument", err)
			}
			if err != nil && !strings.Contains(err.Error(), tc.op) {
				t.Errorf("error %q does not name %s", err, tc.op)
			}
			if !nilResult {
				t.Error("a result came with the error")
			}
			api.assertRequests()
		})
	}
}

func TestBadResponses(t *testing.T) {
	t.Parallel()
	start, end := day(2024, time.March, 1), day(2024, time.March, 2)
	page1 := fixture(t, "daily_sleep_page1.json")
	for _, tc := range []struct {
		name        string
		contentType string
		body        string
		msg         string // what the error must say
	}{
		{"html", "text/html; charset=utf-8", "<!doctype html><html><body>Maintenance</body></html>", "not JSON"},
		{"JSON labelled html", "text/html", `{"data":[],"next_token":null}`, "not JSON"},
		{"no content type", "", `{"data":[],"next_token":null}`, "not JSON"},
		{"no data array", "application/json", `{"next_token":null}`, "no data array"},
		{"truncated JSON", "application/json", page1[:len(page1)/2], "truncated"},
		{"data not an array", "application/json", `{"data":{"id":"x"},"next_token":null}`, "malformed"},
		{"trailing garbage", "application/json", `{"data":[],"next_token":null} {}`, "malformed"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			api := newMockAPI(t)
			c := newClient(t)
			api.on(get(dailySleepPath, sleepQuery)).Reply(200).
				SetHeader("Content-Type", tc.contentType).BodyString(tc.body)
			got, err := c.DailySleep(t.Context(), start, end)
			if got != nil {
				t.Errorf("got %v with the error", got)
			}
			if diff := cmp.Diff([]string{"ErrBadResponse"}, matching(err)); diff != "" {
				t.Errorf("err %v: matched sentinels (-want +got):\n%s", err, diff)
			}
			for _, sub := range []string{"DailySleep", "page 1", tc.msg} {
				if err != nil && !strings.Contains(err.Error(), sub) {
					t.Errorf("error %q does not say %q", err, sub)
				}
			}
			api.assertRequests(get(dailySleepPath, sleepQuery))
		})
	}

	t.Run("html on page 2", func(t *testing.T) {
		api := newMockAPI(t)
		c := newClient(t)
		api.onJSON(get(dailySleepPath, sleepQuery), 200, page1)
		api.on(get(dailySleepPath, sleepQuery2)).Reply(200).
			SetHeader("Content-Type", "text/html").BodyString("<html></html>")
		got, err := c.DailySleep(t.Context(), start, end)
		if got != nil || !errors.Is(err, oura.ErrBadResponse) {
			t.Fatalf("got %v, %v; want nil, ErrBadResponse", got, err)
		}
		if !strings.Contains(err.Error(), "page 2") {
			t.Errorf("error %q does not name page 2", err)
		}
		api.assertRequests(get(dailySleepPath, sleepQuery), get(dailySleepPath, sleepQuery2))
	})
}

// The fixtures use only field names the models know.
func TestFixturesMatchModels(t *testing.T) {
	t.Parallel()
	type page[T any] struct {
		Data      []T     `json:"data"`
		NextToken *string `json:"next_token"`
	}
	for name, v := range map[string]any{
		"daily_sleep_page1.json": &page[oura.DailySleep]{},
		"daily_sleep_page2.json": &page[oura.DailySleep]{},
		"sleep_page.json":        &page[oura.SleepPeriod]{},
		"heartrate_page.json":    &page[oura.HeartRate]{},
		"workout.json":           &oura.Workout{},
		"error_422.json":         &struct{ Detail []oura.ValidationErrorItem }{},
	} {
		dec := json.NewDecoder(bytes.NewReader([]byte(fixture(t, name))))
		dec.DisallowUnknownFields()
		if err := dec.Decode(v); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}
