package ouratest_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/ringkit/oura-go/oura"
	"github.com/ringkit/oura-go/oura/ouratest"
)

type rawPage struct {
	Data      []map[string]any `json:"data"`
	NextToken *string          `json:"next_token"`
}

// get sends an authenticated GET and decodes the answer.
func get(t *testing.T, srv *ouratest.Server, path string, q url.Values) (int, rawPage, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, srv.URL+path+"?"+q.Encode(), nil)
	req.Header.Set("Authorization", "Bearer "+srv.Token)
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	var p rawPage
	if resp.StatusCode == http.StatusOK {
		if err := json.Unmarshal(body, &p); err != nil {
			t.Fatalf("%s: %v", body, err)
		}
	}
	return resp.StatusCode, p, string(body)
}

func days(p rawPage) []string {
	var out []string
	for _, d := range p.Data {
		out = append(out, d["day"].(string))
	}
	return out
}

func TestEndDateIsExclusiveLikeOura(t *testing.T) {
	t.Parallel()
	srv := ouratest.NewServer()
	defer srv.Close()
	status, p, body := get(t, srv, "/v2/usercollection/daily_sleep", url.Values{"start_date": {"2024-03-01"}, "end_date": {"2024-03-03"}})
	if status != 200 {
		t.Fatal(body)
	}
	if diff := cmp.Diff([]string{"2024-03-01", "2024-03-02"}, days(p)); diff != "" {
		t.Fatalf("(-want +got):\n%s", diff)
	}
}

func TestSleepStartDateIsExclusiveLikeOura(t *testing.T) {
	t.Parallel()
	srv := ouratest.NewServer()
	defer srv.Close()
	_, p, _ := get(t, srv, "/v2/usercollection/sleep", url.Values{"start_date": {"2024-03-01"}, "end_date": {"2024-03-03"}})
	for _, d := range days(p) {
		if d != "2024-03-02" {
			t.Fatalf("/sleep returned day %s; want only 2024-03-02", d)
		}
	}
	if len(p.Data) == 0 {
		t.Fatal("no sleep periods")
	}
}

func TestAuthIsRequired(t *testing.T) {
	t.Parallel()
	srv := ouratest.NewServer(ouratest.WithToken("abc"))
	defer srv.Close()
	for _, auth := range []string{"", "Bearer wrong", "abc", "Basic abc"} {
		req, _ := http.NewRequest(http.MethodGet, srv.URL+"/v2/usercollection/daily_sleep", nil)
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		resp, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusUnauthorized {
			t.Fatalf("Authorization %q: status %d; want 401", auth, resp.StatusCode)
		}
	}
}

func TestTokensArePagedAndOpaque(t *testing.T) {
	t.Parallel()
	srv := ouratest.NewServer(ouratest.WithPageSize(4))
	defer srv.Close()
	q := url.Values{"start_date": {"2024-03-01"}, "end_date": {"2024-03-11"}}
	var all []string
	for page := 0; ; page++ {
		status, p, body := get(t, srv, "/v2/usercollection/daily_readiness", q)
		if status != 200 {
			t.Fatal(body)
		}
		if len(p.Data) > 4 {
			t.Fatalf("page of %d; want at most 4", len(p.Data))
		}
		all = append(all, days(p)...)
		if p.NextToken == nil {
			break
		}
		if !strings.ContainsAny(*p.NextToken, "+") || !strings.Contains(*p.NextToken, "/") || !strings.HasSuffix(*p.NextToken, "=") {
			t.Fatalf("token %q lacks '+', '/' or '='", *p.NextToken)
		}
		q.Set("next_token", *p.NextToken)
	}
	if len(all) != 10 {
		t.Fatalf("%d documents over 10 days", len(all))
	}

	// A token only works with the filters it came with.
	_, p, _ := get(t, srv, "/v2/usercollection/daily_readiness", url.Values{"start_date": {"2024-03-01"}, "end_date": {"2024-03-11"}})
	status, _, _ := get(t, srv, "/v2/usercollection/daily_readiness", url.Values{"start_date": {"2024-03-02"}, "end_date": {"2024-03-11"}, "next_token": {*p.NextToken}})
	if status != http.StatusBadRequest {
		t.Fatalf("token with other filters: status %d; want 400", status)
	}
	// A token sent with '+' unescaped arrives as a space and is refused.
	req, _ := http.NewRequest(http.MethodGet, srv.URL+"/v2/usercollection/daily_readiness?start_date=2024-03-01&end_date=2024-03-11&next_token="+*p.NextToken, nil)
	req.Header.Set("Authorization", "Bearer "+srv.Token)
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest {
		t.Fatalf("unescaped token: status %d; want 400", resp.StatusCode)
	}
}

func TestHeartRatePagesAndLimit(t *testing.T) {
	t.Parallel()
	srv := ouratest.NewServer()
	defer srv.Close()
	q := url.Values{"start_datetime": {"2024-03-01T00:00:00+00:00"}, "end_datetime": {"2024-03-31T00:00:00+00:00"}}
	status, p, body := get(t, srv, "/v2/usercollection/heartrate", q)
	if status != 200 || len(p.Data) != 1000 || p.NextToken == nil {
		t.Fatalf("status %d, %d rows, token %v: %.200s", status, len(p.Data), p.NextToken, body)
	}
	// 30 days is the limit; one second more is refused.
	q.Set("end_datetime", "2024-03-31T00:00:01+00:00")
	if status, _, _ := get(t, srv, "/v2/usercollection/heartrate", q); status != http.StatusBadRequest {
		t.Fatalf("31-day range: status %d; want 400", status)
	}
	q.Set("end_datetime", "2024-03-02T00:00:00")
	if status, _, body := get(t, srv, "/v2/usercollection/heartrate", q); status != http.StatusUnprocessableEntity || !strings.Contains(body, `"loc":["query","end_datetime"]`) {
		t.Fatalf("no offset: status %d %s; want 422 naming end_datetime", status, body)
	}
	// The last page has no next_token at all, as Oura's time series.
	q = url.Values{"start_datetime": {"2024-03-01T00:00:00Z"}, "end_datetime": {"2024-03-01T01:00:00Z"}}
	_, p, body = get(t, srv, "/v2/usercollection/heartrate", q)
	if len(p.Data) != 13 || strings.Contains(body, "next_token") {
		t.Fatalf("%d rows; body %.300s", len(p.Data), body)
	}
}

func TestHooks(t *testing.T) {
	t.Parallel()
	srv := ouratest.NewServer(ouratest.WithHook(ouratest.RateLimitFirst(1, 7)), ouratest.WithHook(ouratest.FailFirst(1, 503)))
	defer srv.Close()
	q := url.Values{"start_date": {"2024-03-01"}, "end_date": {"2024-03-02"}}
	req := func() *http.Response {
		r, _ := http.NewRequest(http.MethodGet, srv.URL+"/v2/usercollection/daily_sleep?"+q.Encode(), nil)
		r.Header.Set("Authorization", "Bearer "+srv.Token)
		resp, err := srv.Client().Do(r)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	if r := req(); r.StatusCode != 429 || r.Header.Get("Retry-After") != "7" || r.Header.Get("X-RateLimit-Limit") != "5000" {
		t.Fatalf("first: %d %v", r.StatusCode, r.Header)
	}
	if r := req(); r.StatusCode != 503 {
		t.Fatalf("second: %d; want 503", r.StatusCode)
	}
	if r := req(); r.StatusCode != 200 {
		t.Fatalf("third: %d; want 200", r.StatusCode)
	}
	if n := len(srv.Requests()); n != 3 {
		t.Fatalf("%d requests recorded", n)
	}
}

func TestDataIsDeterministicAndRealistic(t *testing.T) {
	t.Parallel()
	a, b := ouratest.NewServer(), ouratest.NewServer()
	defer a.Close()
	defer b.Close()
	start, end := oura.NewDate(2024, time.January, 1), oura.NewDate(2024, time.March, 31)
	eq := cmp.Comparer(func(x, y time.Time) bool { return x.Equal(y) })
	if diff := cmp.Diff(a.Dataset().SleepPeriods(start, end), b.Dataset().SleepPeriods(start, end), eq); diff != "" {
		t.Fatalf("two servers disagree:\n%s", diff)
	}
	nullScores, nullItems := 0, 0
	for _, d := range a.Dataset().DailySleep(start, end) {
		if d.Score == nil {
			nullScores++
		}
	}
	for _, p := range a.Dataset().SleepPeriods(start, end) {
		if _, off := p.BedtimeStart.Zone(); off != 2*3600 {
			t.Fatalf("bedtime_start %s lacks the user's +02:00 offset", p.BedtimeStart)
		}
		if p.HeartRate != nil {
			for _, it := range p.HeartRate.Items {
				if it == nil {
					nullItems++
				}
			}
		}
	}
	if nullScores == 0 || nullItems == 0 {
		t.Fatalf("data has %d null scores and %d null sample items; want some of both", nullScores, nullItems)
	}
}

func TestDocumentsByID(t *testing.T) {
	t.Parallel()
	srv := ouratest.NewServer()
	defer srv.Close()
	w := srv.Dataset().Workouts(oura.NewDate(2024, time.March, 1), oura.NewDate(2024, time.March, 4))[0]
	status, _, body := get(t, srv, "/v2/usercollection/workout/"+w.ID, nil)
	if status != 200 || !strings.Contains(body, `"id":"`+w.ID+`"`) {
		t.Fatalf("status %d: %s", status, body)
	}
	for _, path := range []string{"/v2/usercollection/daily_sleep/" + w.ID, "/v2/usercollection/workout/nope", "/v2/usercollection/unknown"} {
		if status, _, _ := get(t, srv, path, nil); status != http.StatusNotFound {
			t.Fatalf("%s: status %d; want 404", path, status)
		}
	}
}
