package oura_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/time/rate"

	"github.com/ringkit/oura-go/oura"
)

// pagedAPI answers each GET with pages[next_token] (the first page under
// "") and records the queries.
type pagedAPI struct {
	mu      sync.Mutex
	pages   map[string]string
	queries []url.Values
	paths   []string
}

func (p *pagedAPI) RoundTrip(r *http.Request) (*http.Response, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.queries = append(p.queries, r.URL.Query())
	p.paths = append(p.paths, r.URL.EscapedPath())
	body, ok := p.pages[r.URL.Query().Get("next_token")]
	if !ok {
		return answer(404, `{"detail":"no such page"}`)(r)
	}
	return answer(200, body)(r)
}

func pagedClient(t *testing.T, p *pagedAPI, opts ...oura.Option) *oura.Client {
	t.Helper()
	c, err := oura.NewClient(append([]oura.Option{oura.WithToken("tok-engine"),
		oura.WithHTTPClient(&http.Client{Transport: p}), oura.WithRetry(oura.RetryPolicy{MaxAttempts: 1})}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func ids[T any](vs []T, id func(T) string) []string {
	out := []string{}
	for _, v := range vs {
		out = append(out, id(v))
	}
	return out
}

func TestListingYieldsARepeatedDocumentOnce(t *testing.T) {
	t.Parallel()
	p := &pagedAPI{pages: map[string]string{
		"":   `{"data":[{"id":"a","day":"2024-03-01"},{"id":"b","day":"2024-03-01"}],"next_token":"p2"}`,
		"p2": `{"data":[{"id":"b","day":"2024-03-01"},{"id":"c","day":"2024-03-02"},{"id":"c","day":"2024-03-02"}],"next_token":null}`,
	}}
	c := pagedClient(t, p)
	got, err := c.DailySleep(context.Background(), mar1, mar1.AddDays(1))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"a", "b", "c"}, ids(got, func(v oura.DailySleep) string { return v.ID })); diff != "" {
		t.Errorf("ids (-want +got):\n%s", diff)
	}
	// One page on its own holds each document once too.
	page, err := c.DailySleepPage(context.Background(), mar1, mar1.AddDays(1), "p2")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"b", "c"}, ids(page.Data, func(v oura.DailySleep) string { return v.ID })); diff != "" {
		t.Errorf("page ids (-want +got):\n%s", diff)
	}
}

func TestListingYieldsARepeatedSampleOnce(t *testing.T) {
	t.Parallel()
	p := &pagedAPI{pages: map[string]string{
		"": `{"data":[{"bpm":60,"source":"awake","timestamp":"2024-03-01T10:00:00+02:00"},
			{"bpm":61,"source":"awake","timestamp":"2024-03-01T10:05:00+02:00"}],"next_token":"p2"}`,
		// The same instants again, one in another offset; one with another source is another sample.
		"p2": `{"data":[{"bpm":61,"source":"awake","timestamp":"2024-03-01T08:05:00Z"},
			{"bpm":90,"source":"workout","timestamp":"2024-03-01T10:05:00+02:00"},
			{"bpm":62,"source":"awake","timestamp":"2024-03-01T10:10:00+02:00"}]}`,
	}}
	c := pagedClient(t, p)
	start := time.Date(2024, time.March, 1, 0, 0, 0, 0, time.UTC)
	got, err := c.HeartRate(context.Background(), start, start.Add(24*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"60 awake 08:00", "61 awake 08:05", "90 workout 08:05", "62 awake 08:10"}
	if diff := cmp.Diff(want, ids(got, func(v oura.HeartRate) string {
		return strings.Join([]string{strconv.Itoa(v.BPM), string(v.Source), v.Timestamp.UTC().Format("15:04")}, " ")
	})); diff != "" {
		t.Errorf("samples (-want +got):\n%s", diff)
	}

	b := &pagedAPI{pages: map[string]string{
		"":   `{"data":[{"level":80,"timestamp":"2024-03-01T10:00:00+02:00"}],"next_token":"p2"}`,
		"p2": `{"data":[{"level":80,"timestamp":"2024-03-01T10:00:00+02:00"},{"level":79,"timestamp":"2024-03-01T10:30:00+02:00"}]}`,
	}}
	levels, err := pagedClient(t, b).RingBatteryLevel(context.Background(), start, start.Add(24*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if len(levels) != 2 {
		t.Errorf("%d battery samples %+v; want 2", len(levels), levels)
	}
}

func TestNullElementIsNoRecord(t *testing.T) {
	t.Parallel()
	p := &pagedAPI{pages: map[string]string{
		"": `{"data":[null,{"id":"ring-1","color":"silver"},null],"next_token":null}`,
	}}
	c := pagedClient(t, p)
	rings, err := c.RingConfigurations(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"ring-1"}, ids(rings, func(v oura.RingConfiguration) string { return v.ID })); diff != "" {
		t.Errorf("rings (-want +got):\n%s", diff)
	}
	page, err := c.RingConfigurationsPage(context.Background(), "")
	if err != nil || len(page.Data) != 1 {
		t.Errorf("page %+v, %v; want the one ring", page, err)
	}
	hr := &pagedAPI{pages: map[string]string{
		"": `{"data":[null,{"bpm":60,"source":"awake","timestamp":"2024-03-01T10:00:00+02:00"},null]}`,
	}}
	start := time.Date(2024, time.March, 1, 0, 0, 0, 0, time.UTC)
	samples, err := pagedClient(t, hr).HeartRate(context.Background(), start, start.Add(24*time.Hour))
	if err != nil || len(samples) != 1 {
		t.Errorf("samples %+v, %v; want the one sample", samples, err)
	}
}

func TestSpanningPeriodsBelongToTheRangesTheyOverlap(t *testing.T) {
	t.Parallel()
	p := &pagedAPI{pages: map[string]string{
		"": `{"data":[
			{"id":"before","start_day":"2024-02-01","end_day":"2024-02-20","episodes":[]},
			{"id":"into","start_day":"2024-02-20","end_day":"2024-03-02","episodes":[]},
			{"id":"open","start_day":"2024-02-25","end_day":null,"episodes":[]},
			{"id":"inside","start_day":"2024-03-05","end_day":"2024-03-06","episodes":[]},
			{"id":"after","start_day":"2024-03-11","end_day":"2024-03-12","episodes":[]}
		],"next_token":null}`,
	}}
	c := pagedClient(t, p)
	got, err := c.RestModePeriods(context.Background(), mar1, mar1.AddDays(9))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"into", "open", "inside"}, ids(got, func(v oura.RestModePeriod) string { return v.ID })); diff != "" {
		t.Errorf("rest mode periods of 2024-03-01..10 (-want +got):\n%s", diff)
	}
	// Oura filters on the start day: the query reaches a year back.
	if q := p.queries[0]; q.Get("start_date") != "2023-02-28" || q.Get("end_date") != "2024-03-11" {
		t.Errorf("query %v; want start_date 2023-02-28, end_date 2024-03-11", q)
	}

	tags := &pagedAPI{pages: map[string]string{
		"": `{"data":[
			{"id":"long","start_day":"2024-02-27","end_day":"2024-03-01","start_time":"2024-02-27T20:00:00+01:00","end_time":"2024-03-01T08:00:00+01:00"},
			{"id":"point","start_day":"2024-02-29","end_day":null,"start_time":"2024-02-29T20:00:00+01:00"},
			{"id":"today","start_day":"2024-03-01","start_time":"2024-03-01T09:00:00+01:00"}
		],"next_token":null}`,
	}}
	got2, err := pagedClient(t, tags).EnhancedTags(context.Background(), mar1, mar1)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"long", "today"}, ids(got2, func(v oura.EnhancedTag) string { return v.ID })); diff != "" {
		t.Errorf("enhanced tags of 2024-03-01 (-want +got):\n%s", diff)
	}
	if q := tags.queries[0]; q.Get("start_date") != "2024-01-29" {
		t.Errorf("query %v; want start_date 2024-01-29 (31 days back)", q)
	}
}

func TestBadIDsSendNothing(t *testing.T) {
	t.Parallel()
	p := &pagedAPI{pages: map[string]string{}}
	c := pagedClient(t, p)
	w, err := oura.NewWebhookClient("id", "secret", oura.WithHTTPClient(&http.Client{Transport: p}))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, id := range []string{"", ".", "..", "a/b", "../daily_sleep", "/", `a\b`, "a\nb"} {
		calls := map[string]error{}
		_, calls["DailySleepByID"] = c.DailySleepByID(ctx, id)
		_, calls["WorkoutByID"] = c.WorkoutByID(ctx, id)
		_, calls["RingConfigurationByID"] = c.RingConfigurationByID(ctx, id)
		_, calls["DocumentByID"] = c.DocumentByID(ctx, oura.WebhookDataTypeSleep, id)
		_, calls["Subscription"] = w.Subscription(ctx, id)
		_, calls["RenewSubscription"] = w.RenewSubscription(ctx, id)
		calls["DeleteSubscription"] = w.DeleteSubscription(ctx, id)
		for name, err := range calls {
			if !errors.Is(err, oura.ErrInvalidArgument) || !strings.Contains(err.Error(), "invalid id") {
				t.Errorf("%s(%q): err = %v; want ErrInvalidArgument naming the id", name, id, err)
			}
		}
	}
	if len(p.paths) != 0 {
		t.Errorf("requests sent: %v", p.paths)
	}
}

func TestNilContextIsAnError(t *testing.T) {
	t.Parallel()
	p := &pagedAPI{pages: map[string]string{"": `{"data":[],"next_token":null}`}}
	c := pagedClient(t, p)
	var nilCtx context.Context
	start := time.Date(2024, time.March, 1, 0, 0, 0, 0, time.UTC)
	errs := map[string]error{}
	_, errs["DailySleep"] = c.DailySleep(nilCtx, mar1, mar1)
	_, errs["DailySleepPage"] = c.DailySleepPage(nilCtx, mar1, mar1, "")
	_, errs["HeartRate"] = c.HeartRate(nilCtx, start, start.Add(time.Hour))
	_, errs["RingConfigurations"] = c.RingConfigurations(nilCtx)
	_, errs["DailySleepByID"] = c.DailySleepByID(nilCtx, "x")
	_, errs["PersonalInfo"] = c.PersonalInfo(nilCtx)
	for _, err := range c.SessionsIter(nilCtx, mar1, mar1) {
		errs["SessionsIter"] = err
	}
	for name, err := range errs {
		if !errors.Is(err, oura.ErrInvalidArgument) || !strings.Contains(err.Error(), "nil context") {
			t.Errorf("%s: err = %v; want ErrInvalidArgument for the nil context", name, err)
		}
	}
	if len(p.paths) != 0 {
		t.Errorf("requests sent: %v", p.paths)
	}
}

func TestBaseURLWithV2AndPrefixes(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ base, path string }{
		{"https://api.ouraring.com/v2", "/v2/usercollection/daily_sleep"},
		{"https://api.ouraring.com/v2/", "/v2/usercollection/daily_sleep"},
		{"https://proxy.example/oura", "/oura/v2/usercollection/daily_sleep"},
		{"https://proxy.example/oura/v2", "/oura/v2/usercollection/daily_sleep"},
	} {
		p := &pagedAPI{pages: map[string]string{}} // every request: 404
		c := pagedClient(t, p, oura.WithBaseURL(tc.base))
		_, err := c.DailySleep(context.Background(), mar1, mar1)
		var ae *oura.APIError
		if !errors.As(err, &ae) || ae.Path != tc.path || !strings.Contains(err.Error(), "GET "+tc.path+": 404") {
			t.Errorf("%s: err = %v; want a 404 naming %s", tc.base, err, tc.path)
		}
		if diff := cmp.Diff([]string{tc.path}, p.paths); diff != "" {
			t.Errorf("%s: paths (-want +got):\n%s", tc.base, diff)
		}
	}
}

// A base URL that ends in a route prefix, as copied from a request, would
// double it (/v2/usercollection/v2/usercollection/...): a clear error.
func TestBaseURLEndingInARoutePrefixIsAnError(t *testing.T) {
	t.Parallel()
	for _, base := range []string{
		"https://api.ouraring.com/v2/usercollection",
		"https://api.ouraring.com/v2/usercollection/",
		"https://api.ouraring.com/v2/sandbox/usercollection",
		"https://api.ouraring.com/v2/webhook/subscription",
		"https://proxy.example/oura/v2/usercollection",
	} {
		_, err := oura.NewClient(oura.WithToken("t"), oura.WithBaseURL(base))
		if !errors.Is(err, oura.ErrInvalidArgument) || !strings.Contains(err.Error(), "route prefix") {
			t.Errorf("%s: err = %v; want ErrInvalidArgument naming the route prefix", base, err)
		}
	}
}

func TestCheckRedirectUseLastResponseKeepsWorking(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/elsewhere", http.StatusFound)
	}))
	defer srv.Close()
	hc := srv.Client()
	hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	c, err := oura.NewClient(oura.WithToken("t"), oura.WithBaseURL(srv.URL), oura.WithHTTPClient(hc),
		oura.WithRetry(oura.RetryPolicy{MaxAttempts: 1}))
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.DailySleepByID(context.Background(), "x")
	var ae *oura.APIError
	if !errors.As(err, &ae) || ae.StatusCode != http.StatusFound {
		t.Fatalf("err = %v; want the 302 itself, as the CheckRedirect asked", err)
	}
}

func TestRetryPolicyZeroFieldsAreDefaults(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		s := &script{replies: []reply{answer(503, `{}`)}}
		// MaxDelay 0 with a BaseDelay over the default MaxDelay: no error.
		if _, err := oura.NewClient(oura.WithToken("t"), oura.WithRetry(oura.RetryPolicy{BaseDelay: time.Minute})); err != nil {
			t.Fatalf("BaseDelay alone: %v", err)
		}
		c := scriptedClient(t, s, oura.WithRetry(oura.RetryPolicy{}))
		start := time.Now()
		_, err := sleepOnce(c)
		if !errors.Is(err, oura.ErrServer) || s.count() != oura.DefaultRetryPolicy.MaxAttempts {
			t.Fatalf("%d attempts, %v; want the default %d", s.count(), err, oura.DefaultRetryPolicy.MaxAttempts)
		}
		// Three jittered waits of 250-500 ms, 500 ms-1 s and 1-2 s.
		if e := time.Since(start); e < 1750*time.Millisecond || e > 3500*time.Millisecond {
			t.Fatalf("retries took %s; want the default backoff", e)
		}
	})
}

func TestWaitsPastTheDeadlineReturnTheLastErrorAtOnce(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		reply  reply
		policy oura.RetryPolicy
		is     error
		after  time.Duration
	}{
		{"Retry-After", answer(429, `{"detail":"slow down"}`, "Retry-After", "30"), oura.RetryPolicy{}, oura.ErrRateLimited, 30 * time.Second},
		{"backoff", answer(503, `{}`), oura.RetryPolicy{BaseDelay: 20 * time.Second}, oura.ErrServer, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				s := &script{replies: []reply{tc.reply, ok200}}
				c := scriptedClient(t, s, oura.WithRetry(tc.policy))
				ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
				defer cancel()
				start := time.Now()
				_, err := c.DailySleep(ctx, mar1, mar1)
				var ae *oura.APIError
				if !errors.Is(err, tc.is) || errors.Is(err, context.DeadlineExceeded) || !errors.As(err, &ae) || ae.RetryAfter != tc.after {
					t.Fatalf("err = %v; want the last answer's error with RetryAfter %s", err, tc.after)
				}
				if e := time.Since(start); e != 0 || s.count() != 1 {
					t.Fatalf("%d requests over %s; want 1 and no wait", s.count(), e)
				}
			})
		})
	}
	t.Run("rate limiter", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			lim := rate.NewLimiter(rate.Every(time.Minute), 1)
			s := &script{replies: []reply{answer(503, `{}`), ok200}}
			c := scriptedClient(t, s, oura.WithRateLimit(lim))
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			start := time.Now()
			_, err := c.DailySleep(ctx, mar1, mar1)
			if !errors.Is(err, oura.ErrServer) || errors.Is(err, context.DeadlineExceeded) {
				t.Fatalf("err = %v; want the 503 (the limiter's wait for a retry passes the deadline)", err)
			}
			if e := time.Since(start); e > 500*time.Millisecond {
				t.Fatalf("first call took %s; want the backoff alone, no limiter wait", e)
			}
			// No answer yet: the wait is refused at once as past the deadline.
			start = time.Now()
			_, err = c.DailySleep(ctx, mar1, mar1)
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Fatalf("err = %v; want context.DeadlineExceeded", err)
			}
			if e := time.Since(start); e != 0 || s.count() != 1 {
				t.Fatalf("%d requests over %s; want 1 and no wait", s.count(), e)
			}
			if lim.Tokens() < -0.01 {
				t.Fatalf("refused waits still hold the limiter: %v tokens", lim.Tokens())
			}
		})
	})
}

func TestLocalDateTimesWithoutOffsetDecode(t *testing.T) {
	t.Parallel()
	p := &pagedAPI{pages: map[string]string{
		"": `{"data":[
			{"id":"a","day":"2024-03-01","text":null,"tags":[],"timestamp":"2024-03-01T21:15:00"},
			{"id":"b","day":"2024-03-01","text":"x","tags":["t"],"timestamp":"2024-03-01T21:15:00.5+02:00"}
		],"next_token":null}`,
	}}
	tags, err := pagedClient(t, p).Tags(context.Background(), mar1, mar1)
	if err != nil {
		t.Fatal(err)
	}
	if len(tags) != 2 || tags[0].Timestamp.Location() != oura.UnknownOffset ||
		tags[0].Timestamp.Format(time.DateTime) != "2024-03-01 21:15:00" ||
		tags[1].Timestamp.Format(time.RFC3339Nano) != "2024-03-01T21:15:00.5+02:00" || tags[1].Text == nil {
		t.Fatalf("tags %+v", tags)
	}

	e := &pagedAPI{pages: map[string]string{
		"": `{"data":[
			{"id":"a","start_day":"2024-03-01","start_time":"2024-03-01T08:00:00","end_day":"2024-03-01","end_time":"2024-03-01T09:30:00"},
			{"id":"b","start_day":"2024-03-01","start_time":"2024-03-01T08:00:00-05:00","end_time":null,"tag_type_code":"tag_generic_nocaffeine"}
		],"next_token":null}`,
	}}
	et, err := pagedClient(t, e).EnhancedTags(context.Background(), mar1, mar1)
	if err != nil {
		t.Fatal(err)
	}
	if len(et) != 2 || et[0].StartTime.Location() != oura.UnknownOffset || et[0].EndTime == nil ||
		et[0].EndTime.Format(time.DateTime) != "2024-03-01 09:30:00" || et[0].EndTime.Location() != oura.UnknownOffset ||
		et[1].StartTime.Format(time.RFC3339) != "2024-03-01T08:00:00-05:00" || et[1].EndTime != nil ||
		et[1].TagTypeCode == nil || *et[1].TagTypeCode != "tag_generic_nocaffeine" {
		t.Fatalf("enhanced tags %+v", et)
	}

	bad := &pagedAPI{pages: map[string]string{
		"": `{"data":[{"id":"a","day":"2024-03-01","tags":[],"timestamp":"yesterday"}],"next_token":null}`,
	}}
	if _, err := pagedClient(t, bad).Tags(context.Background(), mar1, mar1); !errors.Is(err, oura.ErrBadResponse) {
		t.Fatalf("err = %v; want ErrBadResponse for a time that is none", err)
	}
}

// TestLocalDateTimesRoundTrip: a tag encoded to JSON and decoded again is
// the same tag, its offset-less times still in UnknownOffset and the others
// with their offset.
func TestLocalDateTimesRoundTrip(t *testing.T) {
	t.Parallel()
	local := time.Date(2024, time.March, 1, 21, 15, 0, 500, oura.UnknownOffset)
	east := time.Date(2024, time.March, 1, 8, 0, 0, 0, time.FixedZone("", 2*3600))
	text := "x"
	tags := []oura.Tag{
		{ID: "a", Day: mar1, Tags: []string{}, Timestamp: local},
		{ID: "b", Day: mar1, Tags: []string{"t"}, Text: &text, Timestamp: east},
	}
	enhanced := []oura.EnhancedTag{
		{ID: "a", StartDay: mar1, StartTime: local, EndTime: &local},
		{ID: "b", StartDay: mar1, StartTime: east},
	}
	b, err := json.Marshal(tags)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"timestamp":"2024-03-01T21:15:00.0000005"`) ||
		!strings.Contains(string(b), `"timestamp":"2024-03-01T08:00:00+02:00"`) {
		t.Fatalf("tags encode as %s", b)
	}
	var gotTags []oura.Tag
	if err := json.Unmarshal(b, &gotTags); err != nil {
		t.Fatal(err)
	}
	sameTime := cmp.Comparer(func(a, b time.Time) bool {
		_, ao := a.Zone()
		_, bo := b.Zone()
		return a.Equal(b) && ao == bo && (a.Location() == oura.UnknownOffset) == (b.Location() == oura.UnknownOffset)
	})
	if diff := cmp.Diff(tags, gotTags, sameTime); diff != "" {
		t.Fatalf("tags after a round trip (-want +got):\n%s", diff)
	}
	b, err = json.Marshal(enhanced)
	if err != nil {
		t.Fatal(err)
	}
	var gotEnhanced []oura.EnhancedTag
	if err := json.Unmarshal(b, &gotEnhanced); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(enhanced, gotEnhanced, sameTime); diff != "" {
		t.Fatalf("enhanced tags after a round trip (-want +got):\n%s\n%s", diff, b)
	}
}

func TestSpanningPeriodsStayOneQueryWithConcurrency(t *testing.T) {
	t.Parallel()
	p := &pagedAPI{pages: map[string]string{"": `{"data":[{"id":"a","start_day":"2024-01-10","end_day":"2024-05-01","episodes":[]}],"next_token":null}`}}
	c := pagedClient(t, p, oura.WithConcurrency(4))
	got, err := c.RestModePeriods(context.Background(), mar1, mar1.AddDays(199))
	if err != nil || len(got) != 1 {
		t.Fatalf("got %+v, %v; want the one period", got, err)
	}
	if len(p.queries) != 1 {
		t.Fatalf("%d queries %v; want one (each window would reach a year back again)", len(p.queries), p.queries)
	}
}
