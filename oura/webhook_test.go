package oura_test

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/google/go-cmp/cmp"
	"gopkg.in/h2non/gock.v1"

	"github.com/ringkit/oura-go/oura"
	"github.com/ringkit/oura-go/oura/ouratest"
)

// Distinctive credentials, so a leak into any output is easy to spot.
const (
	whClientID = "app-client-7f3a"
	whSecret   = "whsec-Zq81-never-print-me-5e0c"
	whToken    = "vtok-4b9d-never-print-me"
)

// whShape is everything the tests pin about a subscription request.
type whShape struct {
	Method, URL                    string // URL as sent, path escaped
	ClientID, ClientSecret, Auth   string
	ContentType, Accept, UserAgent string
	Body                           string
}

func whShapeOf(r *http.Request) whShape {
	var body []byte
	if r.Body != nil {
		body, _ = io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
	}
	h := func(k string) string { return strings.Join(r.Header.Values(k), " | ") }
	return whShape{
		Method: r.Method, URL: r.URL.Scheme + "://" + r.URL.Host + r.URL.EscapedPath() + query(r),
		ClientID: h("x-client-id"), ClientSecret: h("x-client-secret"), Auth: h("Authorization"),
		ContentType: h("Content-Type"), Accept: h("Accept"), UserAgent: h("User-Agent"),
		Body: string(body),
	}
}

func query(r *http.Request) string {
	if r.URL.RawQuery == "" {
		return ""
	}
	return "?" + r.URL.RawQuery
}

// whRequest is the expected shape of a WebhookClient request.
func whRequest(method, path, body string) whShape {
	s := whShape{
		Method: method, URL: "https://api.ouraring.com" + path,
		ClientID: whClientID, ClientSecret: whSecret,
		Accept: "application/json", UserAgent: "oura-go/" + oura.Version, Body: body,
	}
	if body != "" {
		s.ContentType = "application/json"
	}
	return s
}

// whMock gives the test its own mock transport (see mockTransport); at
// cleanup it fails on mocks never called and requests that matched none.
func whMock(t *testing.T) {
	t.Helper()
	mockTransport(t)
}

// expect answers one request of exactly shape want with status and body.
func expect(t *testing.T, want whShape, status int, body string) {
	t.Helper()
	r := mockTransport(t).Mock("https://api.ouraring.com")
	r.SetMatcher(gock.NewEmptyMatcher())
	r.AddMatcher(func(req *http.Request, _ *gock.Request) (bool, error) {
		got := whShapeOf(req)
		if got != want {
			t.Errorf("request (-want +got):\n%s", cmp.Diff(want, got))
			return false, nil
		}
		return true, nil
	})
	resp := r.Reply(status)
	if body != "" {
		resp.Type("json").BodyString(body)
	}
}

func newWebhookClient(t *testing.T, opts ...oura.Option) *oura.WebhookClient {
	t.Helper()
	all := append([]oura.Option{oura.WithHTTPClient(mockTransport(t).Client()),
		oura.WithRetry(oura.RetryPolicy{MaxAttempts: 1})}, opts...)
	c, err := oura.NewWebhookClient(whClientID, whSecret, all...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func mustTime(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return t
}

const (
	subJSON = `{"id":"5f0d5a3e-8c43-4a4b-9a57-1d5c2f7b9e10","callback_url":"https://example.com/oura",` +
		`"event_type":"update","data_type":"daily_sleep","expiration_time":"2024-03-31T08:00:00.123456+00:00"}`
	subJSON2 = `{"id":"a1b2c3d4-0000-4000-8000-000000000002","callback_url":"https://example.com/tags",` +
		`"event_type":"create","data_type":"tag","expiration_time":"2024-04-02T10:30:00+00:00"}`
)

var (
	sub1 = oura.WebhookSubscription{
		ID: "5f0d5a3e-8c43-4a4b-9a57-1d5c2f7b9e10", CallbackURL: "https://example.com/oura",
		EventType: oura.WebhookEventTypeUpdate, DataType: oura.WebhookDataTypeDailySleep,
		ExpirationTime: mustTime("2024-03-31T08:00:00.123456Z"),
	}
	sub2 = oura.WebhookSubscription{
		ID: "a1b2c3d4-0000-4000-8000-000000000002", CallbackURL: "https://example.com/tags",
		EventType: oura.WebhookEventTypeCreate, DataType: oura.WebhookDataTypeTag,
		ExpirationTime: mustTime("2024-04-02T10:30:00Z"),
	}
)

func TestWebhookClientRequestShapes(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	newURL := "https://example.com/new"
	tag := oura.WebhookDataTypeTag
	create := oura.WebhookEventTypeCreate

	t.Run("list", func(t *testing.T) {
		whMock(t)
		expect(t, whRequest("GET", "/v2/webhook/subscription", ""), 200, "["+subJSON+","+subJSON2+"]")
		got, err := newWebhookClient(t).ListSubscriptions(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]oura.WebhookSubscription{sub1, sub2}, got); diff != "" {
			t.Fatalf("(-want +got):\n%s", diff)
		}
	})
	t.Run("list empty", func(t *testing.T) {
		whMock(t)
		expect(t, whRequest("GET", "/v2/webhook/subscription", ""), 200, "[]")
		got, err := newWebhookClient(t).ListSubscriptions(ctx)
		if err != nil || got == nil || len(got) != 0 {
			t.Fatalf("got %#v, %v; want an empty, non-nil slice", got, err)
		}
	})
	t.Run("create", func(t *testing.T) {
		whMock(t)
		expect(t, whRequest("POST", "/v2/webhook/subscription",
			`{"callback_url":"https://example.com/oura","data_type":"daily_sleep","event_type":"update","verification_token":"`+whToken+`"}`),
			201, subJSON)
		got, err := newWebhookClient(t).CreateSubscription(ctx, oura.CreateWebhookSubscriptionRequest{
			CallbackURL: "https://example.com/oura", VerificationToken: whToken,
			EventType: oura.WebhookEventTypeUpdate, DataType: oura.WebhookDataTypeDailySleep,
		})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(&sub1, got); diff != "" {
			t.Fatalf("(-want +got):\n%s", diff)
		}
	})
	t.Run("get with escaped id", func(t *testing.T) {
		whMock(t)
		expect(t, whRequest("GET", "/v2/webhook/subscription/a%20b%20c%3Fd%23e", ""), 200, subJSON)
		got, err := newWebhookClient(t).Subscription(ctx, "a b c?d#e")
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(&sub1, got); diff != "" {
			t.Fatalf("(-want +got):\n%s", diff)
		}
	})
	t.Run("update all fields", func(t *testing.T) {
		whMock(t)
		expect(t, whRequest("PUT", "/v2/webhook/subscription/"+sub2.ID,
			`{"callback_url":"https://example.com/new","data_type":"tag","event_type":"create","verification_token":"vt-2"}`),
			200, subJSON2)
		got, err := newWebhookClient(t).UpdateSubscription(ctx, sub2.ID, oura.UpdateWebhookSubscriptionRequest{
			VerificationToken: "vt-2", CallbackURL: &newURL, EventType: &create, DataType: &tag,
		})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(&sub2, got); diff != "" {
			t.Fatalf("(-want +got):\n%s", diff)
		}
	})
	t.Run("update token only", func(t *testing.T) {
		whMock(t)
		expect(t, whRequest("PUT", "/v2/webhook/subscription/"+sub1.ID, `{"verification_token":"vt-3"}`), 200, subJSON)
		if _, err := newWebhookClient(t).UpdateSubscription(ctx, sub1.ID,
			oura.UpdateWebhookSubscriptionRequest{VerificationToken: "vt-3"}); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("delete", func(t *testing.T) {
		whMock(t)
		expect(t, whRequest("DELETE", "/v2/webhook/subscription/x..", ""), 204, "")
		if err := newWebhookClient(t).DeleteSubscription(ctx, "x.."); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("renew", func(t *testing.T) {
		whMock(t)
		expect(t, whRequest("PUT", "/v2/webhook/subscription/renew/"+sub1.ID, ""), 200, subJSON)
		got, err := newWebhookClient(t).RenewSubscription(ctx, sub1.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(&sub1, got); diff != "" {
			t.Fatalf("(-want +got):\n%s", diff)
		}
	})
	t.Run("base URL and user agent", func(t *testing.T) {
		whMock(t)
		want := whRequest("GET", "/v2/webhook/subscription", "")
		want.URL = "https://proxy.example.com/oura/v2/webhook/subscription"
		want.UserAgent = "myapp/1.0 oura-go/" + oura.Version
		r := mockTransport(t).Mock("https://proxy.example.com")
		r.SetMatcher(gock.NewEmptyMatcher())
		r.AddMatcher(func(req *http.Request, _ *gock.Request) (bool, error) { return whShapeOf(req) == want, nil })
		r.Reply(200).Type("json").BodyString("[]")
		c := newWebhookClient(t, oura.WithBaseURL("https://proxy.example.com/oura/"), oura.WithUserAgent("myapp/1.0"))
		if _, err := c.ListSubscriptions(ctx); err != nil {
			t.Fatal(err)
		}
	})
}

func TestWebhookClientTypedErrors(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	t.Run("403 unknown id", func(t *testing.T) {
		whMock(t)
		expect(t, whRequest("GET", "/v2/webhook/subscription/nope", ""), 403, `{"detail":"no such subscription"}`)
		sub, err := newWebhookClient(t).Subscription(ctx, "nope")
		var apiErr *oura.APIError
		if sub != nil || !errors.Is(err, oura.ErrForbidden) || !errors.As(err, &apiErr) {
			t.Fatalf("got %v, %v; want ErrForbidden", sub, err)
		}
		want := &oura.APIError{StatusCode: 403, Method: "GET", Path: "/v2/webhook/subscription/nope", Detail: "no such subscription"}
		if diff := cmp.Diff(want, apiErr); diff != "" {
			t.Fatalf("(-want +got):\n%s", diff)
		}
		if got := err.Error(); got != "oura: Subscription: GET /v2/webhook/subscription/nope: 403 Forbidden: no such subscription" {
			t.Fatalf("error = %q", got)
		}
	})
	t.Run("422 with items", func(t *testing.T) {
		whMock(t)
		expect(t, whRequest("POST", "/v2/webhook/subscription",
			`{"callback_url":"https://example.com/oura","data_type":"tag","event_type":"delete","verification_token":"vt"}`),
			422, `{"detail":[{"loc":["body","callback_url"],"msg":"unreachable","type":"value_error"}]}`)
		_, err := newWebhookClient(t).CreateSubscription(ctx, oura.CreateWebhookSubscriptionRequest{
			CallbackURL: "https://example.com/oura", VerificationToken: "vt",
			EventType: oura.WebhookEventTypeDelete, DataType: oura.WebhookDataTypeTag,
		})
		var apiErr *oura.APIError
		if !errors.Is(err, oura.ErrValidation) || !errors.As(err, &apiErr) {
			t.Fatalf("err = %v; want ErrValidation", err)
		}
		want := []oura.ValidationErrorItem{{Loc: []any{"body", "callback_url"}, Msg: "unreachable", Type: "value_error"}}
		if diff := cmp.Diff(want, apiErr.ValidationErrors); diff != "" {
			t.Fatalf("(-want +got):\n%s", diff)
		}
	})
	t.Run("401 and 404 on delete", func(t *testing.T) {
		whMock(t)
		expect(t, whRequest("DELETE", "/v2/webhook/subscription/a", ""), 401, `{"detail":"bad credentials"}`)
		expect(t, whRequest("DELETE", "/v2/webhook/subscription/b", ""), 404, `{"detail":"gone"}`)
		c := newWebhookClient(t)
		if err := c.DeleteSubscription(ctx, "a"); !errors.Is(err, oura.ErrUnauthorized) {
			t.Fatalf("err = %v; want ErrUnauthorized", err)
		}
		if err := c.DeleteSubscription(ctx, "b"); !errors.Is(err, oura.ErrNotFound) {
			t.Fatalf("err = %v; want ErrNotFound", err)
		}
	})
	t.Run("null answer", func(t *testing.T) {
		whMock(t)
		expect(t, whRequest("PUT", "/v2/webhook/subscription/renew/a", ""), 200, `null`)
		if _, err := newWebhookClient(t).RenewSubscription(ctx, "a"); !errors.Is(err, oura.ErrBadResponse) {
			t.Fatalf("err = %v; want ErrBadResponse", err)
		}
	})
	t.Run("create is not retried after 503", func(t *testing.T) {
		whMock(t)
		var n atomic.Int32
		r := mockTransport(t).Mock("https://api.ouraring.com").Times(4)
		r.SetMatcher(gock.NewEmptyMatcher())
		r.AddMatcher(func(*http.Request, *gock.Request) (bool, error) { n.Add(1); return true, nil })
		r.Reply(503).Type("json").BodyString(`{"detail":"down"}`)
		c := newWebhookClient(t, oura.WithRetry(oura.RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond, MaxDelay: time.Millisecond}))
		_, err := c.CreateSubscription(ctx, oura.CreateWebhookSubscriptionRequest{
			CallbackURL: "https://example.com/oura", VerificationToken: "vt",
			EventType: oura.WebhookEventTypeDelete, DataType: oura.WebhookDataTypeTag,
		})
		if !errors.Is(err, oura.ErrServer) || n.Load() != 1 {
			t.Fatalf("err = %v after %d attempts; want ErrServer after 1", err, n.Load())
		}
		// The list is idempotent: it is retried.
		if _, err := c.ListSubscriptions(ctx); !errors.Is(err, oura.ErrServer) || n.Load() != 4 {
			t.Fatalf("err = %v after %d attempts in all; want 1 + 3", err, n.Load())
		}
	})
}

func TestWebhookClientValidatesBeforeSending(t *testing.T) {
	t.Parallel()
	whMock(t) // no mocks: any request fails the test
	c := newWebhookClient(t)
	ctx := context.Background()
	good := oura.CreateWebhookSubscriptionRequest{
		CallbackURL: "https://example.com/oura", VerificationToken: "vt",
		EventType: oura.WebhookEventTypeUpdate, DataType: oura.WebhookDataTypeDailySleep,
	}
	with := func(f func(*oura.CreateWebhookSubscriptionRequest)) oura.CreateWebhookSubscriptionRequest {
		r := good
		f(&r)
		return r
	}
	badEvent := oura.WebhookEventType("upsert")
	badData := oura.WebhookDataType("daily sleep")
	badURL := "http://example.com/oura"
	tests := []struct {
		name string
		call func() error
		want string
	}{
		{"get empty id", func() error { _, err := c.Subscription(ctx, ""); return err }, "invalid id"},
		{"get dot-dot", func() error { _, err := c.Subscription(ctx, ".."); return err }, "invalid id"},
		{"delete empty id", func() error { return c.DeleteSubscription(ctx, "") }, "invalid id"},
		{"delete dot", func() error { return c.DeleteSubscription(ctx, ".") }, "invalid id"},
		{"delete with slash", func() error { return c.DeleteSubscription(ctx, "x/..") }, "invalid id"},
		{"renew with slash", func() error { _, err := c.RenewSubscription(ctx, "../../usercollection/x"); return err }, "invalid id"},
		{"renew empty id", func() error { _, err := c.RenewSubscription(ctx, ""); return err }, "invalid id"},
		{"update empty id", func() error {
			_, err := c.UpdateSubscription(ctx, "", oura.UpdateWebhookSubscriptionRequest{VerificationToken: "vt"})
			return err
		}, "invalid id"},
		{"update empty token", func() error {
			_, err := c.UpdateSubscription(ctx, "id", oura.UpdateWebhookSubscriptionRequest{})
			return err
		}, "empty verification token"},
		{"update bad URL", func() error {
			_, err := c.UpdateSubscription(ctx, "id", oura.UpdateWebhookSubscriptionRequest{VerificationToken: "vt", CallbackURL: &badURL})
			return err
		}, "callback URL"},
		{"update bad event type", func() error {
			_, err := c.UpdateSubscription(ctx, "id", oura.UpdateWebhookSubscriptionRequest{VerificationToken: "vt", EventType: &badEvent})
			return err
		}, `unknown event type "upsert"`},
		{"update bad data type", func() error {
			_, err := c.UpdateSubscription(ctx, "id", oura.UpdateWebhookSubscriptionRequest{VerificationToken: "vt", DataType: &badData})
			return err
		}, `malformed data type "daily sleep"`},
	}
	for name, req := range map[string]oura.CreateWebhookSubscriptionRequest{
		"plain http":     with(func(r *oura.CreateWebhookSubscriptionRequest) { r.CallbackURL = "http://example.com/oura" }),
		"relative URL":   with(func(r *oura.CreateWebhookSubscriptionRequest) { r.CallbackURL = "/oura" }),
		"no URL":         with(func(r *oura.CreateWebhookSubscriptionRequest) { r.CallbackURL = "" }),
		"ftp URL":        with(func(r *oura.CreateWebhookSubscriptionRequest) { r.CallbackURL = "ftp://example.com/oura" }),
		"fragment":       with(func(r *oura.CreateWebhookSubscriptionRequest) { r.CallbackURL = "https://example.com/oura#x" }),
		"unparsable URL": with(func(r *oura.CreateWebhookSubscriptionRequest) { r.CallbackURL = "https://exa mple.com:x/" }),
		"empty token":    with(func(r *oura.CreateWebhookSubscriptionRequest) { r.VerificationToken = "" }),
		"blank token":    with(func(r *oura.CreateWebhookSubscriptionRequest) { r.VerificationToken = "  " }),
		"no event type":  with(func(r *oura.CreateWebhookSubscriptionRequest) { r.EventType = "" }),
		"bad event type": with(func(r *oura.CreateWebhookSubscriptionRequest) { r.EventType = "upsert" }),
		"no data type":   with(func(r *oura.CreateWebhookSubscriptionRequest) { r.DataType = "" }),
		"bad data type":  with(func(r *oura.CreateWebhookSubscriptionRequest) { r.DataType = "daily-sleep" }),
		"data type path": with(func(r *oura.CreateWebhookSubscriptionRequest) { r.DataType = "../sleep" }),
	} {
		tests = append(tests, struct {
			name string
			call func() error
			want string
		}{"create " + name, func() error { _, err := c.CreateSubscription(ctx, req); return err }, "CreateSubscription"})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.call()
			if !errors.Is(err, oura.ErrInvalidArgument) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v; want ErrInvalidArgument mentioning %q", err, tt.want)
			}
			if strings.Contains(err.Error(), whSecret) {
				t.Fatalf("the error shows the secret: %v", err)
			}
		})
	}
}

func TestCreateSubscriptionAcceptsLoopbackHTTP(t *testing.T) {
	t.Parallel()
	whMock(t)
	for _, u := range []string{"http://127.0.0.1:8080/oura", "http://localhost/oura", "http://[::1]:9/x", "https://example.com/oura?app=1"} {
		expect(t, whRequest("POST", "/v2/webhook/subscription",
			`{"callback_url":"`+u+`","data_type":"tag","event_type":"create","verification_token":"vt"}`), 201, subJSON2)
		if _, err := newWebhookClient(t).CreateSubscription(context.Background(), oura.CreateWebhookSubscriptionRequest{
			CallbackURL: u, VerificationToken: "vt", EventType: oura.WebhookEventTypeCreate, DataType: oura.WebhookDataTypeTag,
		}); err != nil {
			t.Fatalf("%s: %v", u, err)
		}
	}
}

func TestNewWebhookClientValidates(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		id, secret string
		opts       []oura.Option
		want       string
	}{
		{"empty id", "", whSecret, nil, "empty client id"},
		{"blank id", " ", whSecret, nil, "empty client id"},
		{"empty secret", whClientID, "", nil, "empty client secret"},
		{"secret with newline", whClientID, whSecret + "\n", nil, "client secret contains"},
		{"id with space", "a b", whSecret, nil, "client id contains"},
		{"token option", whClientID, whSecret, []oura.Option{oura.WithToken("t")}, "do not apply"},
		{"nil option", whClientID, whSecret, []oura.Option{nil}, "nil option"},
		{"plain http", whClientID, whSecret, []oura.Option{oura.WithBaseURL("http://example.com")}, "plain http"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := oura.NewWebhookClient(tt.id, tt.secret, tt.opts...)
			if c != nil || !errors.Is(err, oura.ErrInvalidArgument) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v, %v; want ErrInvalidArgument mentioning %q", c, err, tt.want)
			}
			if strings.Contains(err.Error(), whSecret) {
				t.Fatalf("the error shows the secret: %v", err)
			}
		})
	}
	if _, err := oura.NewWebhookClient(whClientID, whSecret, oura.WithBaseURL("http://127.0.0.1:1")); err != nil {
		t.Fatalf("loopback http: %v", err)
	}
}

func TestWebhookClientPrintsNoSecret(t *testing.T) {
	t.Parallel()
	c, err := oura.NewWebhookClient(whClientID, whSecret)
	if err != nil {
		t.Fatal(err)
	}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q"} {
		for _, v := range []any{c, *c} {
			if s := fmt.Sprintf(verb, v); strings.Contains(s, whSecret) || !strings.Contains(s, whClientID) {
				t.Fatalf("%s prints %s", verb, s)
			}
		}
	}
	h, err := oura.NewWebhookHandler(oura.WebhookHandlerConfig{ClientSecret: whSecret, VerificationToken: whToken,
		OnEvent: func(context.Context, oura.WebhookEvent) error { return nil }})
	if err != nil {
		t.Fatal(err)
	}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
		if s := fmt.Sprintf(verb, h); strings.Contains(s, whSecret) || strings.Contains(s, whToken) {
			t.Fatalf("%s of the handler prints %s", verb, s)
		}
	}
}

// A redirect to another host is refused, so neither the credential headers
// nor a body holding the verification token reach it.
func TestWebhookClientRefusesRedirectsToAnotherHost(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	seen := map[string]string{}
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		seen["other"] = r.Header.Get("x-client-id") + "|" + r.Header.Get("x-client-secret") + "|" + string(body)
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, "{}")
	}))
	defer other.Close()
	origin := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen["origin"] = r.Header.Get("x-client-id") + "|" + r.Header.Get("x-client-secret")
		mu.Unlock()
		http.Redirect(w, r, other.URL+r.URL.Path, http.StatusTemporaryRedirect)
	}))
	defer origin.Close()
	c, err := oura.NewWebhookClient(whClientID, whSecret, oura.WithBaseURL(origin.URL), oura.WithHTTPClient(origin.Client()))
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.CreateSubscription(context.Background(), oura.CreateWebhookSubscriptionRequest{
		CallbackURL: "https://example.com/hook", VerificationToken: "verify-me-please",
		EventType: oura.WebhookEventTypeCreate, DataType: oura.WebhookDataTypeDailySleep,
	})
	if err == nil || !strings.Contains(err.Error(), "refusing a redirect") {
		t.Fatalf("err = %v; want the redirect refused", err)
	}
	want := map[string]string{"origin": whClientID + "|" + whSecret}
	if diff := cmp.Diff(want, seen); diff != "" {
		t.Fatalf("requests seen (-want +got):\n%s", diff)
	}
}

// Receiving.

var handlerNow = time.Date(2024, time.March, 1, 8, 0, 5, 0, time.UTC)

const deliveryBody = `{"event_type":"update","data_type":"daily_sleep","object_id":"8f7e6d5c-0000-4000-8000-000000000001",` +
	`"event_time":"2024-03-01T08:00:00+00:00","user_id":"user-42"}`

var deliveryEvent = oura.WebhookEvent{
	EventType: oura.WebhookEventTypeUpdate, DataType: oura.WebhookDataTypeDailySleep,
	ObjectID: "8f7e6d5c-0000-4000-8000-000000000001", EventTime: mustTime("2024-03-01T08:00:00Z"), UserID: "user-42",
}

func sign(secret, ts, body string) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(ts + body))
	return hex.EncodeToString(mac.Sum(nil))
}

func unix(t time.Time) string { return strconv.FormatInt(t.Unix(), 10) }

// indented re-serialises body with spaces and new lines.
func indented(body string) string {
	var b bytes.Buffer
	if err := json.Indent(&b, []byte(body), "", "  "); err != nil {
		panic(err)
	}
	return b.String()
}

func withTypes(et, dt string) oura.WebhookEvent {
	ev := deliveryEvent
	ev.EventType, ev.DataType = oura.WebhookEventType(et), oura.WebhookDataType(dt)
	return ev
}

// delivery builds a POST as Oura sends it; empty sig or ts leave the
// header out.
func delivery(body, ts, sig string) *http.Request {
	r := httptest.NewRequest(http.MethodPost, "https://receiver.example.com/oura", strings.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	if ts != "" {
		r.Header.Set("x-oura-timestamp", ts)
	}
	if sig != "" {
		r.Header.Set("x-oura-signature", sig)
	}
	return r
}

// recorder counts OnEvent calls and keeps their events.
type recorder struct {
	mu     sync.Mutex
	events []oura.WebhookEvent
	err    error
}

func (rc *recorder) onEvent(_ context.Context, ev oura.WebhookEvent) error {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	rc.events = append(rc.events, ev)
	return rc.err
}

func (rc *recorder) got() []oura.WebhookEvent {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return rc.events
}

func newHandler(t *testing.T, cfg oura.WebhookHandlerConfig) http.Handler {
	t.Helper()
	if cfg.ClientSecret == "" {
		cfg.ClientSecret = whSecret
	}
	if cfg.VerificationToken == "" {
		cfg.VerificationToken = whToken
	}
	if cfg.Now == nil {
		cfg.Now = func() time.Time { return handlerNow }
	}
	h, err := oura.NewWebhookHandler(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func serve(h http.Handler, r *http.Request) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func TestWebhookHandlerDeliveries(t *testing.T) {
	t.Parallel()
	ts := unix(handlerNow)
	good := sign(whSecret, ts, deliveryBody)
	forged := sign("guessed-secret", ts, deliveryBody)
	otherApp := sign(whSecret+"x", ts, deliveryBody) // valid for another secret
	signed := func(ts, body string) *http.Request { return delivery(body, ts, sign(whSecret, ts, body)) }
	padded := deliveryBody + strings.Repeat(" ", 1024-len(deliveryBody)) // exactly MaxBodyBytes
	tests := []struct {
		name   string
		req    *http.Request
		status int
		want   []oura.WebhookEvent // events OnEvent saw
	}{
		{"valid", delivery(deliveryBody, ts, good), 200, []oura.WebhookEvent{deliveryEvent}},
		{"upper-case hex", delivery(deliveryBody, ts, strings.ToUpper(good)), 200, []oura.WebhookEvent{deliveryEvent}},
		{"millisecond timestamp", signed(strconv.FormatInt(handlerNow.UnixMilli()-1500, 10), deliveryBody), 200, []oura.WebhookEvent{deliveryEvent}},
		{"RFC 3339 timestamp", signed("2024-03-01T09:00:00+01:00", deliveryBody), 200, []oura.WebhookEvent{deliveryEvent}},
		{"oldest allowed", signed(unix(handlerNow.Add(-5*time.Minute)), deliveryBody), 200, []oura.WebhookEvent{deliveryEvent}},
		{"newest allowed", signed(unix(handlerNow.Add(5*time.Minute)), deliveryBody), 200, []oura.WebhookEvent{deliveryEvent}},
		{"body of exactly the limit", signed(ts, padded), 200, []oura.WebhookEvent{deliveryEvent}},
		{"forged signature", delivery(deliveryBody, ts, forged), 401, nil},
		{"wrong secret", delivery(deliveryBody, ts, otherApp), 401, nil},
		{"body changed after signing", delivery(strings.Replace(deliveryBody, "user-42", "user-43", 1), ts, good), 401, nil},
		{"timestamp changed after signing", delivery(deliveryBody, unix(handlerNow.Add(-time.Second)), good), 401, nil},
		{"signature not hex", delivery(deliveryBody, ts, "zz"+good[2:]), 401, nil},
		{"truncated signature", delivery(deliveryBody, ts, good[:62]), 401, nil},
		{"stale timestamp", signed(unix(handlerNow.Add(-5*time.Minute-time.Second)), deliveryBody), 401, nil},
		{"future timestamp", signed(unix(handlerNow.Add(5*time.Minute+time.Second)), deliveryBody), 401, nil},
		{"missing signature", delivery(deliveryBody, ts, ""), 401, nil},
		{"missing timestamp", delivery(deliveryBody, "", good), 400, nil},
		{"missing both", delivery(deliveryBody, "", ""), 400, nil},
		{"malformed timestamp", signed("yesterday", deliveryBody), 400, nil},
		{"negative timestamp", signed("-1709280005", deliveryBody), 400, nil},
		{"oversized body", signed(ts, padded+" "), 413, nil},
		{"malformed JSON", signed(ts, `{"event_type":"update",`), 400, nil},
		{"JSON array", signed(ts, `[]`), 400, nil},
		{"unknown event type", signed(ts, strings.Replace(deliveryBody, `"update"`, `"upsert"`, 1)), 200, []oura.WebhookEvent{withTypes("upsert", "daily_sleep")}},
		{"unknown data type", signed(ts, strings.Replace(deliveryBody, `"daily_sleep"`, `"meal_plan"`, 1)), 200, []oura.WebhookEvent{withTypes("update", "meal_plan")}},
		{"missing event type", signed(ts, strings.Replace(deliveryBody, `"update"`, `""`, 1)), 400, nil},
		{"non-compact body signed as sent", signed(ts, indented(deliveryBody)), 200, []oura.WebhookEvent{deliveryEvent}},
		{"non-compact body signed compact", delivery(indented(deliveryBody), ts, good), 200, []oura.WebhookEvent{deliveryEvent}},
		{"non-compact body signed otherwise", delivery(indented(deliveryBody), ts, sign(whSecret, ts, indented(deliveryBody)+" ")), 401, nil},
		{"missing object id", signed(ts, strings.Replace(deliveryBody, `"8f7e6d5c-0000-4000-8000-000000000001"`, `""`, 1)), 400, nil},
		{"malformed event time", signed(ts, strings.Replace(deliveryBody, "2024-03-01T08:00:00+00:00", "March 1st", 1)), 400, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var rc recorder
			h := newHandler(t, oura.WebhookHandlerConfig{OnEvent: rc.onEvent, MaxBodyBytes: 1024})
			w := serve(h, tt.req)
			if w.Code != tt.status {
				t.Fatalf("status %d, want %d: %s", w.Code, tt.status, w.Body)
			}
			if diff := cmp.Diff(tt.want, rc.got()); diff != "" {
				t.Fatalf("events (-want +got):\n%s", diff)
			}
			if b := w.Body.String(); strings.Contains(b, whSecret) || strings.Contains(b, whToken) {
				t.Fatalf("the answer shows a secret: %s", b)
			}
		})
	}
}

func TestWebhookHandlerOversizedBodyOfUnknownLength(t *testing.T) {
	t.Parallel()
	var rc recorder
	h := newHandler(t, oura.WebhookHandlerConfig{OnEvent: rc.onEvent, MaxBodyBytes: 100})
	ts := unix(handlerNow)
	body := deliveryBody + strings.Repeat(" ", 100)
	r := delivery(body, ts, sign(whSecret, ts, body))
	r.ContentLength = -1 // chunked: only reading tells
	if w := serve(h, r); w.Code != http.StatusRequestEntityTooLarge || len(rc.got()) != 0 {
		t.Fatalf("status %d, %d events; want 413 and none", w.Code, len(rc.got()))
	}
}

// A client request (Body nil) handed to ServeHTTP directly, as in a
// user's own test, is refused like an empty delivery, not a panic.
func TestWebhookHandlerRequestWithNilBody(t *testing.T) {
	t.Parallel()
	var rc recorder
	h := newHandler(t, oura.WebhookHandlerConfig{OnEvent: rc.onEvent})
	ts := unix(handlerNow)
	r := delivery("", ts, sign(whSecret, ts, ""))
	r.Body = nil
	if w := serve(h, r); w.Code != http.StatusBadRequest || len(rc.got()) != 0 {
		t.Fatalf("status %d, %d events; want 400 and none", w.Code, len(rc.got()))
	}
}

func TestWebhookHandlerEventTimeWithoutOffsetIsUTC(t *testing.T) {
	t.Parallel()
	var rc recorder
	h := newHandler(t, oura.WebhookHandlerConfig{OnEvent: rc.onEvent})
	ts := unix(handlerNow)
	for _, body := range []string{
		strings.Replace(deliveryBody, "2024-03-01T08:00:00+00:00", "2024-03-01T08:00:00", 1),
		strings.Replace(deliveryBody, "2024-03-01T08:00:00+00:00", "2024-03-01T10:00:00.000+02:00", 1),
	} {
		if w := serve(h, delivery(body, ts, sign(whSecret, ts, body))); w.Code != 200 {
			t.Fatalf("status %d: %s", w.Code, w.Body)
		}
	}
	got := rc.got()
	if len(got) != 2 || !got[0].EventTime.Equal(deliveryEvent.EventTime) || !got[1].EventTime.Equal(deliveryEvent.EventTime) ||
		got[0].EventTime.Location() != time.UTC {
		t.Fatalf("event times %v", got)
	}
	// A missing event_time is the zero time.
	body := `{"event_type":"create","data_type":"tag","object_id":"t1"}`
	if w := serve(h, delivery(body, ts, sign(whSecret, ts, body))); w.Code != 200 {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	want := oura.WebhookEvent{EventType: oura.WebhookEventTypeCreate, DataType: oura.WebhookDataTypeTag, ObjectID: "t1"}
	if diff := cmp.Diff(want, rc.got()[2]); diff != "" {
		t.Fatalf("(-want +got):\n%s", diff)
	}
}

func TestWebhookHandlerVerification(t *testing.T) {
	t.Parallel()
	var rc recorder
	h := newHandler(t, oura.WebhookHandlerConfig{OnEvent: rc.onEvent})
	tests := []struct {
		name, target string
		status       int
		body         string
	}{
		{"challenge", "/oura?verification_token=" + whToken + "&challenge=ch-8d1%2B%2F%3D", 200, `{"challenge":"ch-8d1+/="}` + "\n"},
		{"empty challenge", "/oura?verification_token=" + whToken + "&challenge=", 200, `{"challenge":""}` + "\n"},
		{"wrong token", "/oura?verification_token=guess&challenge=c", 401, "verification token mismatch\n"},
		{"token prefix", "/oura?verification_token=" + whToken[:5] + "&challenge=c", 401, "verification token mismatch\n"},
		{"token with suffix", "/oura?verification_token=" + whToken + "x&challenge=c", 401, "verification token mismatch\n"},
		{"no challenge", "/oura?verification_token=" + whToken, 400, "expected verification_token and challenge\n"},
		{"no token", "/oura?challenge=c", 400, "expected verification_token and challenge\n"},
		{"plain GET", "/oura", 400, "expected verification_token and challenge\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := serve(h, httptest.NewRequest(http.MethodGet, tt.target, nil))
			if w.Code != tt.status || w.Body.String() != tt.body {
				t.Fatalf("got %d %q; want %d %q", w.Code, w.Body, tt.status, tt.body)
			}
			if tt.status == 200 && w.Header().Get("Content-Type") != "application/json" {
				t.Fatalf("Content-Type %q", w.Header().Get("Content-Type"))
			}
		})
	}
	if len(rc.got()) != 0 {
		t.Fatal("a verification reached OnEvent")
	}
}

func TestWebhookHandlerMethods(t *testing.T) {
	t.Parallel()
	var rc recorder
	h := newHandler(t, oura.WebhookHandlerConfig{OnEvent: rc.onEvent})
	for _, m := range []string{http.MethodPut, http.MethodDelete, http.MethodPatch, http.MethodHead, http.MethodOptions} {
		w := serve(h, httptest.NewRequest(m, "/oura", nil))
		if w.Code != http.StatusMethodNotAllowed || w.Header().Get("Allow") != "GET, POST" {
			t.Fatalf("%s: %d, Allow %q", m, w.Code, w.Header().Get("Allow"))
		}
	}
}

func TestWebhookHandlerOnEventResult(t *testing.T) {
	t.Parallel()
	ts := unix(handlerNow)
	tests := []struct {
		name    string
		onEvent func(context.Context, oura.WebhookEvent) error
		status  int
	}{
		{"nil", func(context.Context, oura.WebhookEvent) error { return nil }, 200},
		{"error", func(context.Context, oura.WebhookEvent) error { return errors.New("database down: " + whSecret) }, 500},
		{"panic", func(context.Context, oura.WebhookEvent) error { panic("boom") }, 500},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHandler(t, oura.WebhookHandlerConfig{OnEvent: tt.onEvent})
			w := serve(h, delivery(deliveryBody, ts, sign(whSecret, ts, deliveryBody)))
			if w.Code != tt.status || strings.Contains(w.Body.String(), whSecret) {
				t.Fatalf("got %d %q; want %d", w.Code, w.Body, tt.status)
			}
		})
	}
}

func TestWebhookHandlerContext(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		ts := unix(handlerNow)
		type seen struct {
			deadline        time.Time
			errAfterRequest error
			event           oura.WebhookEvent
		}
		got := make(chan seen, 1)
		reqCtx, endRequest := context.WithCancel(context.Background())
		h := newHandler(t, oura.WebhookHandlerConfig{Timeout: 3 * time.Second,
			OnEvent: func(ctx context.Context, ev oura.WebhookEvent) error {
				d, _ := ctx.Deadline()
				endRequest() // as when the client goes away
				synctest.Wait()
				got <- seen{d, ctx.Err(), ev}
				return nil
			}})
		start := time.Now()
		w := serve(h, delivery(deliveryBody, ts, sign(whSecret, ts, deliveryBody)).WithContext(reqCtx))
		s := <-got
		if w.Code != 200 || time.Since(start) != 0 {
			t.Fatalf("status %d after %s; want 200 at once", w.Code, time.Since(start))
		}
		if !s.deadline.Equal(start.Add(3*time.Second)) || s.errAfterRequest != nil {
			t.Fatalf("OnEvent's context: deadline %s (want %s), err %v after the request ended",
				s.deadline, start.Add(3*time.Second), s.errAfterRequest)
		}
		if diff := cmp.Diff(deliveryEvent, s.event); diff != "" {
			t.Fatalf("event (-want +got):\n%s", diff)
		}
	})
}

func TestWebhookHandlerNeverAnswers2xxForUnfinishedWork(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		onEvent func(ctx context.Context) error
		status  int
		after   time.Duration
	}{
		// Cut off at the deadline: OnEvent returns ctx.Err(), which is its answer.
		{"obeys its context", func(ctx context.Context) error { <-ctx.Done(); return ctx.Err() }, 500, oura.DefaultWebhookTimeout},
		// Returns nil when its context ends, as if done: it finished, 200.
		{"returns nil at the deadline", func(ctx context.Context) error { <-ctx.Done(); return nil }, 200, oura.DefaultWebhookTimeout},
		// Still running well past the deadline: 503, never 202.
		{"ignores its context", func(ctx context.Context) error { time.Sleep(time.Minute); return nil }, 503, oura.DefaultWebhookTimeout + 500*time.Millisecond},
	} {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				ts := unix(handlerNow)
				h := newHandler(t, oura.WebhookHandlerConfig{ // default Timeout: 8 s
					OnEvent: func(ctx context.Context, ev oura.WebhookEvent) error { return tc.onEvent(ctx) }})
				start := time.Now()
				w := serve(h, delivery(deliveryBody, ts, sign(whSecret, ts, deliveryBody)))
				if w.Code != tc.status || time.Since(start) != tc.after {
					t.Fatalf("status %d after %s; want %d after %s", w.Code, time.Since(start), tc.status, tc.after)
				}
				time.Sleep(time.Minute) // let a runaway OnEvent end inside the bubble
			})
		})
	}
}

func TestVerifyWebhookIsAPureFunction(t *testing.T) {
	t.Parallel()
	ts := unix(handlerNow)
	h := func(ts, sig string) http.Header {
		return http.Header{"X-Oura-Timestamp": {ts}, "X-Oura-Signature": {sig}}
	}
	ev, err := oura.VerifyWebhook(whSecret, h(ts, sign(whSecret, ts, deliveryBody)), []byte(deliveryBody), handlerNow, 0)
	if err != nil || !cmp.Equal(deliveryEvent, ev) {
		t.Fatalf("VerifyWebhook = %+v, %v", ev, err)
	}
	for _, tc := range []struct {
		name   string
		header http.Header
		body   string
		now    time.Time
		want   error
	}{
		{"no timestamp", h("", sign(whSecret, ts, deliveryBody)), deliveryBody, handlerNow, oura.ErrWebhookTimestamp},
		{"too old", h(ts, sign(whSecret, ts, deliveryBody)), deliveryBody, handlerNow.Add(time.Hour), oura.ErrWebhookTooOld},
		{"no signature", h(ts, ""), deliveryBody, handlerNow, oura.ErrWebhookSignature},
		{"wrong signature", h(ts, sign("other", ts, deliveryBody)), deliveryBody, handlerNow, oura.ErrWebhookSignature},
		{"not an event", h(ts, sign(whSecret, ts, `{"x":1}`)), `{"x":1}`, handlerNow, oura.ErrWebhookPayload},
	} {
		_, err := oura.VerifyWebhook(whSecret, tc.header, []byte(tc.body), tc.now, 0)
		if !errors.Is(err, tc.want) || strings.Contains(err.Error(), whSecret) {
			t.Errorf("%s: err = %v; want %v", tc.name, err, tc.want)
		}
	}
	// The tolerance is the caller's.
	if _, err := oura.VerifyWebhook(whSecret, h(ts, sign(whSecret, ts, deliveryBody)), []byte(deliveryBody),
		handlerNow.Add(time.Hour), 2*time.Hour); err != nil {
		t.Errorf("a 2 h tolerance refused a 1 h old delivery: %v", err)
	}
}

func TestWebhookHandlerAnswersErrorThatBeatsTheDeadline(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		ts := unix(handlerNow)
		h := newHandler(t, oura.WebhookHandlerConfig{Timeout: 2 * time.Second,
			OnEvent: func(ctx context.Context, ev oura.WebhookEvent) error {
				time.Sleep(2*time.Second - time.Nanosecond)
				return errors.New("failed late")
			}})
		w := serve(h, delivery(deliveryBody, ts, sign(whSecret, ts, deliveryBody)))
		if w.Code != http.StatusInternalServerError {
			t.Fatalf("status %d; want 500", w.Code)
		}
	})
}

func TestNewWebhookHandlerValidates(t *testing.T) {
	t.Parallel()
	on := func(context.Context, oura.WebhookEvent) error { return nil }
	tests := []struct {
		name string
		cfg  oura.WebhookHandlerConfig
		want string
	}{
		{"no secret", oura.WebhookHandlerConfig{VerificationToken: whToken, OnEvent: on}, "empty ClientSecret"},
		{"no token", oura.WebhookHandlerConfig{ClientSecret: whSecret, OnEvent: on}, "empty VerificationToken"},
		{"no OnEvent", oura.WebhookHandlerConfig{ClientSecret: whSecret, VerificationToken: whToken}, "nil OnEvent"},
		{"negative tolerance", oura.WebhookHandlerConfig{ClientSecret: whSecret, VerificationToken: whToken, OnEvent: on, Tolerance: -1}, "negative"},
		{"negative body cap", oura.WebhookHandlerConfig{ClientSecret: whSecret, VerificationToken: whToken, OnEvent: on, MaxBodyBytes: -1}, "negative"},
		{"negative timeout", oura.WebhookHandlerConfig{ClientSecret: whSecret, VerificationToken: whToken, OnEvent: on, Timeout: -1}, "negative"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, err := oura.NewWebhookHandler(tt.cfg)
			if h != nil || !errors.Is(err, oura.ErrInvalidArgument) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v, %v; want ErrInvalidArgument mentioning %q", h, err, tt.want)
			}
		})
	}
}

func TestWebhookHandlerDefaultTolerance(t *testing.T) {
	t.Parallel()
	// Without Now, the real clock judges the timestamp.
	var rc recorder
	h, err := oura.NewWebhookHandler(oura.WebhookHandlerConfig{ClientSecret: whSecret, VerificationToken: whToken, OnEvent: rc.onEvent})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		at     time.Time
		status int
	}{{time.Now(), 200}, {time.Now().Add(-4 * time.Minute), 200}, {time.Now().Add(-6 * time.Minute), 401}, {time.Now().Add(6 * time.Minute), 401}} {
		ts := unix(tt.at)
		if w := serve(h, delivery(deliveryBody, ts, sign(whSecret, ts, deliveryBody))); w.Code != tt.status {
			t.Fatalf("timestamp %s from now: status %d, want %d", time.Until(tt.at).Round(time.Minute), w.Code, tt.status)
		}
	}
}

// Fetching the document of an event.

var whDateEq = cmp.Comparer(func(a, b oura.Date) bool { return a == b })

type documentCase struct {
	dataType oura.WebhookDataType
	path     string // collection segment of the request
	id       string
	want     any // typed pointer
}

// docCase takes the first document of vs.
func docCase[T any](t *testing.T, dt oura.WebhookDataType, path string, vs []T, id func(*T) string) documentCase {
	t.Helper()
	if len(vs) == 0 {
		t.Fatalf("the dataset has no %s documents in the range", dt)
	}
	return documentCase{dt, path, id(&vs[0]), &vs[0]}
}

func TestDocumentByID(t *testing.T) {
	t.Parallel()
	srv := ouratest.NewServer()
	defer srv.Close()
	c, err := srv.NewClient()
	if err != nil {
		t.Fatal(err)
	}
	ds := srv.Dataset()
	start, end := oura.NewDate(2024, time.March, 1), oura.NewDate(2024, time.March, 31)
	cases := []documentCase{
		docCase(t, oura.WebhookDataTypeDailyActivity, "daily_activity", ds.DailyActivity(start, end), func(v *oura.DailyActivity) string { return v.ID }),
		docCase(t, oura.WebhookDataTypeDailyReadiness, "daily_readiness", ds.DailyReadiness(start, end), func(v *oura.DailyReadiness) string { return v.ID }),
		docCase(t, oura.WebhookDataTypeDailySleep, "daily_sleep", ds.DailySleep(start, end), func(v *oura.DailySleep) string { return v.ID }),
		docCase(t, oura.WebhookDataTypeSession, "session", ds.Sessions(start, end), func(v *oura.Session) string { return v.ID }),
		docCase(t, oura.WebhookDataTypeSleep, "sleep", ds.SleepPeriods(start, end), func(v *oura.SleepPeriod) string { return v.ID }),
		docCase(t, oura.WebhookDataTypeTag, "tag", ds.Tags(start, end), func(v *oura.Tag) string { return v.ID }),
		docCase(t, oura.WebhookDataTypeWorkout, "workout", ds.Workouts(start, end), func(v *oura.Workout) string { return v.ID }),
		docCase(t, oura.WebhookDataTypeDailyCardiovascularAge, "daily_cardiovascular_age", ds.DailyCardiovascularAge(start, end), func(v *oura.DailyCardiovascularAge) string { return v.ID }),
		docCase(t, oura.WebhookDataTypeDailyResilience, "daily_resilience", ds.DailyResilience(start, end), func(v *oura.DailyResilience) string { return v.ID }),
		docCase(t, oura.WebhookDataTypeDailySpO2, "daily_spo2", ds.DailySpO2(start, end), func(v *oura.DailySpO2) string { return v.ID }),
		docCase(t, oura.WebhookDataTypeDailyStress, "daily_stress", ds.DailyStress(start, end), func(v *oura.DailyStress) string { return v.ID }),
		docCase(t, oura.WebhookDataTypeEnhancedTag, "enhanced_tag", ds.EnhancedTags(start, end), func(v *oura.EnhancedTag) string { return v.ID }),
		docCase(t, oura.WebhookDataTypeRestModePeriod, "rest_mode_period", ds.RestModePeriods(start, end), func(v *oura.RestModePeriod) string { return v.ID }),
		docCase(t, oura.WebhookDataTypeSleepTime, "sleep_time", ds.SleepTimes(start, end), func(v *oura.SleepTime) string { return v.ID }),
		docCase(t, oura.WebhookDataTypeVO2Max, "vO2_max", ds.VO2Max(start, end), func(v *oura.VO2Max) string { return v.ID }),
		docCase(t, oura.WebhookDataTypeRingConfiguration, "ring_configuration", ds.RingConfigurations(), func(v *oura.RingConfiguration) string { return v.ID }),
	}
	// Every data type but meal has a by-id route.
	covered := map[oura.WebhookDataType]bool{oura.WebhookDataTypeMeal: true}
	for _, tt := range cases {
		covered[tt.dataType] = true
	}
	if len(covered) != 17 {
		t.Fatalf("cases cover %d of the 17 data types", len(covered))
	}
	for _, tt := range cases {
		t.Run(string(tt.dataType), func(t *testing.T) {
			before := len(srv.Requests())
			got, err := c.DocumentByID(context.Background(), tt.dataType, tt.id)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got, whDateEq); diff != "" {
				t.Fatalf("(-want +got):\n%s", diff)
			}
			reqs := srv.Requests()[before:]
			if len(reqs) != 1 || reqs[0].Path != "/v2/usercollection/"+tt.path+"/"+tt.id {
				t.Fatalf("requests %+v; want one for the document", reqs)
			}
		})
	}
}

func TestDocumentByIDErrors(t *testing.T) {
	t.Parallel()
	srv := ouratest.NewServer()
	defer srv.Close()
	c, err := srv.NewClient()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, dt := range []oura.WebhookDataType{oura.WebhookDataTypeMeal, "", "steps", "DAILY_SLEEP"} {
		doc, err := c.DocumentByID(ctx, dt, "some-id")
		if doc != nil || !errors.Is(err, oura.ErrInvalidArgument) || !strings.Contains(err.Error(), "no by-id route") {
			t.Fatalf("%q: got %v, %v; want ErrInvalidArgument", dt, doc, err)
		}
	}
	if doc, err := c.DocumentByID(ctx, oura.WebhookDataTypeDailySleep, ""); doc != nil || !errors.Is(err, oura.ErrInvalidArgument) {
		t.Fatalf("empty id: got %v, %v; want ErrInvalidArgument", doc, err)
	}
	if n := len(srv.Requests()); n != 0 {
		t.Fatalf("%d requests sent for bad input", n)
	}
	// An error leaves no typed nil behind: doc == nil holds.
	doc, err := c.DocumentByID(ctx, oura.WebhookDataTypeWorkout, "00000000-0000-4000-8000-000000000000")
	if doc != nil || !errors.Is(err, oura.ErrNotFound) {
		t.Fatalf("got %#v, %v; want nil and ErrNotFound", doc, err)
	}
}

func TestSubscriptionsAcceptDataTypesTheSDKDoesNotKnow(t *testing.T) {
	t.Parallel()
	whMock(t)
	expect(t, whRequest("POST", "/v2/webhook/subscription",
		`{"callback_url":"https://example.com/oura","data_type":"meal_plan","event_type":"create","verification_token":"vt"}`), 201, subJSON2)
	if _, err := newWebhookClient(t).CreateSubscription(context.Background(), oura.CreateWebhookSubscriptionRequest{
		CallbackURL: "https://example.com/oura", VerificationToken: "vt", EventType: oura.WebhookEventTypeCreate, DataType: "meal_plan",
	}); err != nil {
		t.Fatal(err)
	}
	whMock(t)
	dt := oura.WebhookDataType("meal_plan")
	expect(t, whRequest("PUT", "/v2/webhook/subscription/"+sub1.ID, `{"data_type":"meal_plan","verification_token":"vt"}`), 200, subJSON)
	if _, err := newWebhookClient(t).UpdateSubscription(context.Background(), sub1.ID,
		oura.UpdateWebhookSubscriptionRequest{VerificationToken: "vt", DataType: &dt}); err != nil {
		t.Fatal(err)
	}
}
