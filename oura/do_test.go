package oura_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/ringkit/oura-go/oura"
)

// recorded is what a test server saw of one request.
type recorded struct {
	Method, URI, Auth, ContentType, Body string
}

// recordingServer answers with the handlers in turn (the last one again
// once they run out) and records every request.
func recordingServer(t *testing.T, handlers ...http.HandlerFunc) (*httptest.Server, func() []recorded) {
	t.Helper()
	var mu sync.Mutex
	var seen []recorded
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		n := len(seen)
		seen = append(seen, recorded{r.Method, r.RequestURI, r.Header.Get("Authorization"), r.Header.Get("Content-Type"), string(b)})
		mu.Unlock()
		handlers[min(n, len(handlers)-1)](w, r)
	}))
	t.Cleanup(srv.Close)
	return srv, func() []recorded { mu.Lock(); defer mu.Unlock(); return append([]recorded(nil), seen...) }
}

func jsonReply(status int, body string, header ...string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		for i := 0; i+1 < len(header); i += 2 {
			w.Header().Set(header[i], header[i+1])
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		io.WriteString(w, body)
	}
}

func doClient(t *testing.T, srv *httptest.Server, opts ...oura.Option) *oura.Client {
	t.Helper()
	c, err := oura.NewClient(append([]oura.Option{oura.WithBaseURL(srv.URL), oura.WithToken("do-token"),
		oura.WithRetry(oura.RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond, MaxDelay: time.Millisecond})}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestDoGetDecodesIntoTheCallersValue(t *testing.T) {
	t.Parallel()
	srv, seen := recordingServer(t, jsonReply(200, `{"data":[{"id":"m1","day":"2026-01-02","kcal":640}],"next_token":"a+b/c="}`,
		"X-RateLimit-Limit", "5000", "X-RateLimit-Remaining", "4999"))
	c := doClient(t, srv)
	var page struct {
		Data []struct {
			ID   string    `json:"id"`
			Day  oura.Date `json:"day"`
			Kcal int       `json:"kcal"`
		} `json:"data"`
		NextToken *string `json:"next_token"`
	}
	var resp *http.Response
	err := c.Do(context.Background(), http.MethodGet, "/v2/usercollection/meal?start_date=2026-01-01&next_token=a%2Bb%2Fc%3D", nil, &page,
		oura.CaptureResponse(&resp))
	if err != nil {
		t.Fatal(err)
	}
	if page.Data[0].ID != "m1" || page.Data[0].Day != oura.NewDate(2026, 1, 2) || page.Data[0].Kcal != 640 || *page.NextToken != "a+b/c=" {
		t.Errorf("decoded %+v", page)
	}
	want := []recorded{{Method: "GET", URI: "/v2/usercollection/meal?next_token=a%2Bb%2Fc%3D&start_date=2026-01-01", Auth: "Bearer do-token"}}
	if diff := cmp.Diff(want, seen()); diff != "" {
		t.Errorf("requests (-want +got):\n%s", diff)
	}
	if resp == nil || resp.StatusCode != 200 || resp.Header.Get("X-RateLimit-Remaining") != "4999" || resp.Body != http.NoBody {
		t.Errorf("captured response %+v", resp)
	}
}

func TestDoPostsJSONAndRetriesThroughTheSharedPath(t *testing.T) {
	t.Parallel()
	srv, seen := recordingServer(t,
		jsonReply(429, `{"detail":"slow down"}`, "Retry-After", "0", "X-RateLimit-Remaining", "0"),
		jsonReply(201, `{"id":"sub-1"}`, "X-RateLimit-Remaining", "4998"))
	c := doClient(t, srv)
	var out struct{ ID string }
	var resp *http.Response
	in := map[string]string{"callback_url": "https://example.com/hook"}
	if err := c.Do(context.Background(), http.MethodPost, "/v2/new/route", in, &out, oura.CaptureResponse(&resp)); err != nil {
		t.Fatal(err)
	}
	body := `{"callback_url":"https://example.com/hook"}`
	want := []recorded{
		{Method: "POST", URI: "/v2/new/route", Auth: "Bearer do-token", ContentType: "application/json", Body: body},
		{Method: "POST", URI: "/v2/new/route", Auth: "Bearer do-token", ContentType: "application/json", Body: body},
	}
	if diff := cmp.Diff(want, seen()); diff != "" {
		t.Errorf("requests (-want +got):\n%s", diff)
	}
	if out.ID != "sub-1" || resp.StatusCode != 201 || resp.Header.Get("X-RateLimit-Remaining") != "4998" {
		t.Errorf("out %+v, response %d %v", out, resp.StatusCode, resp.Header)
	}
}

func TestDoTypedErrors(t *testing.T) {
	t.Parallel()
	srv, _ := recordingServer(t, jsonReply(404, `{"detail":"no such route"}`, "X-RateLimit-Limit", "5000"))
	c := doClient(t, srv)
	var resp *http.Response
	var out map[string]any
	err := c.Do(context.Background(), http.MethodDelete, "/v2/usercollection/meal/m%2F1", nil, &out, oura.CaptureResponse(&resp))
	var apiErr *oura.APIError
	if !errors.As(err, &apiErr) || !errors.Is(err, oura.ErrNotFound) {
		t.Fatalf("err = %v, want an *APIError matching ErrNotFound", err)
	}
	if got, want := err.Error(), "oura: Do: DELETE /v2/usercollection/meal/m%2F1: 404 Not Found: no such route"; got != want {
		t.Errorf("err = %q, want %q", got, want)
	}
	if apiErr.RateLimit.Limit != "5000" || resp == nil || resp.StatusCode != 404 || out != nil {
		t.Errorf("rate limit %+v, response %v, out %v", apiErr.RateLimit, resp, out)
	}

	srv2, _ := recordingServer(t, jsonReply(200, `{"data": [`))
	err = doClient(t, srv2).Do(context.Background(), http.MethodGet, "/v2/x", nil, &out)
	if !errors.Is(err, oura.ErrBadResponse) || !strings.Contains(err.Error(), "truncated JSON") {
		t.Errorf("truncated answer: err = %v, want ErrBadResponse", err)
	}
}

func TestDoWithoutOutDiscardsTheAnswer(t *testing.T) {
	t.Parallel()
	srv, seen := recordingServer(t, func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) })
	if err := doClient(t, srv).Do(context.Background(), http.MethodDelete, "/v2/webhook/subscription/1", nil, nil); err != nil {
		t.Fatal(err)
	}
	if n := len(seen()); n != 1 {
		t.Errorf("%d requests, want 1", n)
	}
}

func TestDoRefusesBadInputBeforeSending(t *testing.T) {
	t.Parallel()
	srv, seen := recordingServer(t, jsonReply(200, `{}`))
	c := doClient(t, srv)
	var out map[string]any
	cases := []struct {
		name, method, path string
		body, out          any
		opts               []oura.CallOption
	}{
		{"empty method", "", "/v2/x", nil, &out, nil},
		{"method with space", "GET X", "/v2/x", nil, &out, nil},
		{"absolute URL", "GET", "https://evil.example.com/v2/x", nil, &out, nil},
		{"scheme-relative URL", "GET", "//evil.example.com/v2/x", nil, &out, nil},
		{"no leading slash", "GET", "v2/x", nil, &out, nil},
		{"fragment", "GET", "/v2/x#frag", nil, &out, nil},
		{"out not a pointer", "GET", "/v2/x", nil, out, nil},
		{"nil pointer out", "GET", "/v2/x", nil, (*map[string]any)(nil), nil},
		{"nil option", "GET", "/v2/x", nil, &out, []oura.CallOption{nil}},
		{"CaptureResponse(nil)", "GET", "/v2/x", nil, &out, []oura.CallOption{oura.CaptureResponse(nil)}},
	}
	for _, tc := range cases {
		err := c.Do(context.Background(), tc.method, tc.path, tc.body, tc.out, tc.opts...)
		if !errors.Is(err, oura.ErrInvalidArgument) {
			t.Errorf("%s: err = %v, want ErrInvalidArgument", tc.name, err)
		}
	}
	err := c.Do(context.Background(), "POST", "/v2/x", map[string]any{"f": func() {}}, &out)
	if err == nil || !strings.Contains(err.Error(), "encoding the request") {
		t.Errorf("unencodable body: err = %v", err)
	}
	if n := len(seen()); n != 0 {
		t.Errorf("%d requests sent for bad input", n)
	}
	var nilClient *oura.Client
	if err := nilClient.Do(context.Background(), "GET", "/v2/x", nil, nil); err == nil {
		t.Error("nil client: no error")
	}
}

// ExampleClient_Do calls a route the SDK has no method for and reads the
// rate-limit headers of the answer.
func ExampleClient_Do() {
	srv := httptest.NewServer(jsonReply(200, `{"data":[{"id":"m1"}],"next_token":null}`, "X-RateLimit-Limit", "5000"))
	defer srv.Close()
	client, _ := oura.NewClient(oura.WithBaseURL(srv.URL), oura.WithToken("token"))

	var page struct {
		Data []json.RawMessage `json:"data"`
	}
	var resp *http.Response
	err := client.Do(context.Background(), http.MethodGet, "/v2/usercollection/meal?start_date=2026-01-01", nil, &page,
		oura.CaptureResponse(&resp))
	if err != nil {
		panic(err)
	}
	fmt.Println(len(page.Data), "document; rate limit", resp.Header.Get("X-RateLimit-Limit"))
	// Output: 1 document; rate limit 5000
}
