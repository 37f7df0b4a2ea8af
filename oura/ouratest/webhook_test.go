package ouratest_test

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
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/ringkit/oura-go/oura"
	"github.com/ringkit/oura-go/oura/ouratest"
)

// receiver is a callback URL served by oura.NewWebhookHandler that records
// verifications and events.
type receiver struct {
	*httptest.Server
	mu            sync.Mutex
	verifications []string // the verification tokens received
	events        []oura.WebhookEvent
}

func newReceiver(t *testing.T, secret, token string) *receiver {
	t.Helper()
	rc := &receiver{}
	h, err := oura.NewWebhookHandler(oura.WebhookHandlerConfig{
		ClientSecret: secret, VerificationToken: token,
		OnEvent: func(_ context.Context, ev oura.WebhookEvent) error {
			rc.mu.Lock()
			defer rc.mu.Unlock()
			rc.events = append(rc.events, ev)
			return nil
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	rc.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet {
			rc.mu.Lock()
			rc.verifications = append(rc.verifications, r.URL.Query().Get("verification_token"))
			rc.mu.Unlock()
		}
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(rc.Close)
	return rc
}

func (rc *receiver) seen() ([]string, []oura.WebhookEvent) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([]string(nil), rc.verifications...), append([]oura.WebhookEvent(nil), rc.events...)
}

func newWebhookFake(t *testing.T, opts ...ouratest.Option) (*ouratest.Server, *oura.WebhookClient) {
	t.Helper()
	srv := ouratest.NewServer(opts...)
	t.Cleanup(srv.Close)
	wc, err := srv.NewWebhookClient(oura.WithRetry(oura.RetryPolicy{MaxAttempts: 1}))
	if err != nil {
		t.Fatal(err)
	}
	return srv, wc
}

var uuid4 = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

// checkExpiry checks that exp is SubscriptionLifetime after a moment
// between before and after.
func checkExpiry(t *testing.T, exp, before, after time.Time) {
	t.Helper()
	lo, hi := before.Add(ouratest.SubscriptionLifetime), after.Add(ouratest.SubscriptionLifetime)
	if exp.Before(lo) || exp.After(hi) {
		t.Fatalf("expiration %s not in [%s, %s]", exp, lo, hi)
	}
}

func TestWebhookSubscriptionLifecycle(t *testing.T) {
	t.Parallel()
	srv, wc := newWebhookFake(t)
	ctx := context.Background()
	first := newReceiver(t, ouratest.DefaultWebhookClientSecret, "vt-1")
	second := newReceiver(t, ouratest.DefaultWebhookClientSecret, "vt-2")

	before := time.Now()
	sub, err := wc.CreateSubscription(ctx, oura.CreateWebhookSubscriptionRequest{
		CallbackURL: first.URL + "/oura", VerificationToken: "vt-1",
		EventType: oura.WebhookEventTypeUpdate, DataType: oura.WebhookDataTypeDailySleep,
	})
	if err != nil {
		t.Fatal(err)
	}
	checkExpiry(t, sub.ExpirationTime, before, time.Now())
	if !uuid4.MatchString(sub.ID) {
		t.Fatalf("id %q is not a UUID v4", sub.ID)
	}
	want := oura.WebhookSubscription{ID: sub.ID, CallbackURL: first.URL + "/oura",
		EventType: oura.WebhookEventTypeUpdate, DataType: oura.WebhookDataTypeDailySleep, ExpirationTime: sub.ExpirationTime}
	if diff := cmp.Diff(want, *sub); diff != "" {
		t.Fatalf("(-want +got):\n%s", diff)
	}
	if v, _ := first.seen(); !cmp.Equal(v, []string{"vt-1"}) {
		t.Fatalf("verifications %q; want one with vt-1", v)
	}

	list, err := wc.ListSubscriptions(ctx)
	if err != nil || !cmp.Equal(list, []oura.WebhookSubscription{want}) {
		t.Fatalf("list %+v, %v", list, err)
	}
	got, err := wc.Subscription(ctx, sub.ID)
	if err != nil || !cmp.Equal(*got, want) {
		t.Fatalf("get %+v, %v", got, err)
	}

	// A new callback URL is verified with the new token.
	newURL := second.URL + "/hook"
	create := oura.WebhookEventTypeCreate
	got, err = wc.UpdateSubscription(ctx, sub.ID, oura.UpdateWebhookSubscriptionRequest{
		VerificationToken: "vt-2", CallbackURL: &newURL, EventType: &create,
	})
	if err != nil {
		t.Fatal(err)
	}
	want.CallbackURL, want.EventType = newURL, create
	if diff := cmp.Diff(want, *got); diff != "" {
		t.Fatalf("update (-want +got):\n%s", diff)
	}
	if v, _ := second.seen(); !cmp.Equal(v, []string{"vt-2"}) {
		t.Fatalf("verifications %q; want one with vt-2", v)
	}
	// Without a new callback URL, nothing is verified.
	tag := oura.WebhookDataTypeTag
	if got, err = wc.UpdateSubscription(ctx, sub.ID, oura.UpdateWebhookSubscriptionRequest{VerificationToken: "vt-3", DataType: &tag}); err != nil {
		t.Fatal(err)
	}
	want.DataType = tag
	if v, _ := second.seen(); len(v) != 1 || !cmp.Equal(*got, want) {
		t.Fatalf("got %+v after %d verifications", got, len(v))
	}

	before = time.Now()
	renewed, err := wc.RenewSubscription(ctx, sub.ID)
	if err != nil {
		t.Fatal(err)
	}
	checkExpiry(t, renewed.ExpirationTime, before, time.Now())
	if renewed.ExpirationTime.Before(sub.ExpirationTime) {
		t.Fatal("renewing moved the expiration back")
	}
	want.ExpirationTime = renewed.ExpirationTime
	if diff := cmp.Diff(want, srv.Subscriptions()[0]); diff != "" {
		t.Fatalf("stored (-want +got):\n%s", diff)
	}

	if err := wc.DeleteSubscription(ctx, sub.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := wc.Subscription(ctx, sub.ID); !errors.Is(err, oura.ErrForbidden) {
		t.Fatalf("get after delete: %v; want ErrForbidden", err)
	}
	for name, call := range map[string]func() error{
		"delete": func() error { return wc.DeleteSubscription(ctx, sub.ID) },
		"renew":  func() error { _, err := wc.RenewSubscription(ctx, sub.ID); return err },
		"update": func() error {
			_, err := wc.UpdateSubscription(ctx, sub.ID, oura.UpdateWebhookSubscriptionRequest{VerificationToken: "x"})
			return err
		},
	} {
		if err := call(); !errors.Is(err, oura.ErrForbidden) {
			t.Fatalf("%s after delete: %v; want ErrForbidden", name, err)
		}
	}
	if list, err := wc.ListSubscriptions(ctx); err != nil || len(list) != 0 {
		t.Fatalf("list after delete: %v, %v", list, err)
	}
}

func TestWebhookListKeepsCreationOrder(t *testing.T) {
	t.Parallel()
	_, wc := newWebhookFake(t)
	rc := newReceiver(t, ouratest.DefaultWebhookClientSecret, "vt")
	var ids []string
	for _, dt := range []oura.WebhookDataType{oura.WebhookDataTypeTag, oura.WebhookDataTypeSleep, oura.WebhookDataTypeWorkout, oura.WebhookDataTypeDailySleep} {
		sub, err := wc.CreateSubscription(context.Background(), oura.CreateWebhookSubscriptionRequest{
			CallbackURL: rc.URL, VerificationToken: "vt", EventType: oura.WebhookEventTypeCreate, DataType: dt})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, sub.ID)
	}
	list, err := wc.ListSubscriptions(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range list {
		got = append(got, s.ID)
	}
	if diff := cmp.Diff(ids, got); diff != "" {
		t.Fatalf("(-want +got):\n%s", diff)
	}
}

// raw sends a request to the webhook routes with the given credentials.
func raw(t *testing.T, srv *ouratest.Server, method, path, id, secret, body string) (int, http.Header, string) {
	t.Helper()
	req, err := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if id != "" {
		req.Header.Set("x-client-id", id)
	}
	if secret != "" {
		req.Header.Set("x-client-secret", secret)
	}
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, string(b)
}

func TestWebhookRoutesRequireCredentials(t *testing.T) {
	t.Parallel()
	srv, _ := newWebhookFake(t)
	id, secret := ouratest.DefaultWebhookClientID, ouratest.DefaultWebhookClientSecret
	for _, tt := range []struct{ name, id, secret string }{
		{"none", "", ""}, {"id only", id, ""}, {"secret only", "", secret},
		{"wrong id", "other-client", secret}, {"wrong secret", id, secret + "x"}, {"swapped", secret, id},
	} {
		t.Run(tt.name, func(t *testing.T) {
			for _, path := range []string{"/v2/webhook/subscription", "/v2/webhook/subscription/x", "/v2/webhook/nope"} {
				status, _, body := raw(t, srv, http.MethodGet, path, tt.id, tt.secret, "")
				if status != http.StatusUnauthorized || strings.Contains(body, secret) {
					t.Fatalf("%s: %d %s; want 401", path, status, body)
				}
			}
		})
	}
	// A user's bearer token is not a credential here.
	req, _ := http.NewRequest(http.MethodGet, srv.URL+"/v2/webhook/subscription", nil)
	req.Header.Set("Authorization", "Bearer "+srv.Token)
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("bearer token: %d; want 401", resp.StatusCode)
	}
	// Through the SDK.
	wc, err := oura.NewWebhookClient(id, "not-the-secret", oura.WithBaseURL(srv.URL), oura.WithHTTPClient(srv.Client()))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := wc.ListSubscriptions(context.Background()); !errors.Is(err, oura.ErrUnauthorized) {
		t.Fatalf("err = %v; want ErrUnauthorized", err)
	}
}

func TestWebhookRoutesMethodsAndPaths(t *testing.T) {
	t.Parallel()
	srv, wc := newWebhookFake(t)
	rc := newReceiver(t, ouratest.DefaultWebhookClientSecret, "vt")
	sub, err := wc.CreateSubscription(context.Background(), oura.CreateWebhookSubscriptionRequest{
		CallbackURL: rc.URL, VerificationToken: "vt", EventType: oura.WebhookEventTypeDelete, DataType: oura.WebhookDataTypeTag})
	if err != nil {
		t.Fatal(err)
	}
	id, secret := srv.WebhookCredentials()
	tests := []struct {
		method, path string
		status       int
		allow        string
	}{
		{"PATCH", "/v2/webhook/subscription", 405, "GET, POST"},
		{"DELETE", "/v2/webhook/subscription", 405, "GET, POST"},
		{"POST", "/v2/webhook/subscription/" + sub.ID, 405, "GET, PUT, DELETE"},
		{"GET", "/v2/webhook/subscription/renew/" + sub.ID, 405, "PUT"},
		{"GET", "/v2/webhook/subscription/" + sub.ID, 200, ""},
		{"GET", "/v2/webhook/subscription/" + strings.ToUpper(sub.ID), 403, ""},
		{"GET", "/v2/webhook/subscription/" + sub.ID + "%2Fx", 403, ""},
		{"GET", "/v2/webhook/subscription/" + sub.ID + "/x", 404, ""},
		{"PUT", "/v2/webhook/subscription/renew/" + sub.ID + "/x", 404, ""},
		{"PUT", "/v2/webhook/subscription/renew/", 404, ""},
		{"GET", "/v2/webhook/subscriptions", 404, ""},
		{"PUT", "/v2/webhook/subscription/renew/unknown", 403, ""},
		{"DELETE", "/v2/webhook/subscription/unknown", 403, ""},
	}
	for _, tt := range tests {
		status, h, body := raw(t, srv, tt.method, tt.path, id, secret, "")
		if status != tt.status || h.Get("Allow") != tt.allow {
			t.Errorf("%s %s: %d (Allow %q) %s; want %d (Allow %q)", tt.method, tt.path, status, h.Get("Allow"), body, tt.status, tt.allow)
		}
	}
}

func TestCreateValidatesTheBody(t *testing.T) {
	t.Parallel()
	srv, _ := newWebhookFake(t)
	id, secret := srv.WebhookCredentials()
	type item struct {
		Loc  []string `json:"loc"`
		Msg  string   `json:"msg"`
		Type string   `json:"type"`
	}
	missing := func(f string) item { return item{[]string{"body", f}, "Field required", "missing"} }
	tests := []struct {
		name, body string
		want       []item
	}{
		{"empty object", `{}`, []item{missing("callback_url"), missing("verification_token"), missing("event_type"), missing("data_type")}},
		{"not JSON", `callback_url=x`, []item{{[]string{"body"}, "Body should be a JSON object", "json_invalid"}}},
		{"nulls", `{"callback_url":null,"verification_token":"vt","event_type":"create","data_type":"tag"}`, []item{missing("callback_url")}},
		{"bad values", `{"callback_url":"/relative","verification_token":"","event_type":"upsert","data_type":"steps"}`, []item{
			{[]string{"body", "callback_url"}, "Value should be an absolute http(s) URL", "value_error"},
			{[]string{"body", "verification_token"}, "Value should not be empty", "value_error"},
			{[]string{"body", "event_type"}, "Value should be create, update or delete", "enum"},
			{[]string{"body", "data_type"}, "Value should be a known data type", "enum"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, _, body := raw(t, srv, http.MethodPost, "/v2/webhook/subscription", id, secret, tt.body)
			var got struct{ Detail []item }
			if status != http.StatusUnprocessableEntity || json.Unmarshal([]byte(body), &got) != nil {
				t.Fatalf("%d %s; want 422", status, body)
			}
			if diff := cmp.Diff(tt.want, got.Detail); diff != "" {
				t.Fatalf("(-want +got):\n%s", diff)
			}
		})
	}
	// An update needs its verification token.
	status, _, body := raw(t, srv, http.MethodPut, "/v2/webhook/subscription/x", id, secret, `{}`)
	if status != http.StatusForbidden { // the id is checked first
		t.Fatalf("%d %s", status, body)
	}
	if len(srv.Subscriptions()) != 0 {
		t.Fatal("an invalid body created a subscription")
	}
}

func TestCreateVerifiesTheCallback(t *testing.T) {
	t.Parallel()
	srv, wc := newWebhookFake(t)
	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close()
	echo := func(f func(challenge string) (int, string)) string {
		s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			status, body := f(r.URL.Query().Get("challenge"))
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(status)
			io.WriteString(w, body)
		}))
		t.Cleanup(s.Close)
		return s.URL
	}
	tests := []struct{ name, url, detail string }{
		{"wrong token", newReceiver(t, ouratest.DefaultWebhookClientSecret, "other-token").URL, "the callback answered 401"},
		{"wrong challenge", echo(func(string) (int, string) { return 200, `{"challenge":"nope"}` }), "did not echo the challenge"},
		{"no JSON", echo(func(c string) (int, string) { return 200, c }), "did not echo the challenge"},
		{"server error", echo(func(c string) (int, string) { return 500, `{"challenge":"` + c + `"}` }), "the callback answered 500"},
		{"unreachable", closed.URL, "no answer"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := wc.CreateSubscription(context.Background(), oura.CreateWebhookSubscriptionRequest{
				CallbackURL: tt.url, VerificationToken: "vt-secretish", EventType: oura.WebhookEventTypeUpdate, DataType: oura.WebhookDataTypeTag})
			var apiErr *oura.APIError
			if !errors.As(err, &apiErr) || apiErr.StatusCode != 400 || !strings.Contains(apiErr.Detail, tt.detail) {
				t.Fatalf("err = %v; want 400 mentioning %q", err, tt.detail)
			}
			if strings.Contains(err.Error(), "vt-secretish") {
				t.Fatalf("the error shows the verification token: %v", err)
			}
		})
	}
	// The challenge is echoed: it is accepted.
	ok := echo(func(c string) (int, string) { return 200, `{"challenge":"` + c + `"}` })
	if _, err := wc.CreateSubscription(context.Background(), oura.CreateWebhookSubscriptionRequest{
		CallbackURL: ok + "/?app=1", VerificationToken: "vt", EventType: oura.WebhookEventTypeUpdate, DataType: oura.WebhookDataTypeTag}); err != nil {
		t.Fatal(err)
	}
	if n := len(srv.Subscriptions()); n != 1 {
		t.Fatalf("%d subscriptions; want only the verified one", n)
	}
}

func TestDeliverSignsLikeOura(t *testing.T) {
	t.Parallel()
	srv, wc := newWebhookFake(t)
	type got struct {
		sig, ts, contentType, body string
	}
	seen := make(chan got, 1)
	cb := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet { // verification
			w.Header().Set("Content-Type", "application/json")
			json.NewEncoder(w).Encode(map[string]string{"challenge": r.URL.Query().Get("challenge")})
			return
		}
		b, _ := io.ReadAll(r.Body)
		seen <- got{r.Header.Get("x-oura-signature"), r.Header.Get("x-oura-timestamp"), r.Header.Get("Content-Type"), string(b)}
	}))
	defer cb.Close()
	sub, err := wc.CreateSubscription(context.Background(), oura.CreateWebhookSubscriptionRequest{
		CallbackURL: cb.URL, VerificationToken: "vt", EventType: oura.WebhookEventTypeCreate, DataType: oura.WebhookDataTypeWorkout})
	if err != nil {
		t.Fatal(err)
	}
	before := time.Now().Unix()
	resp, err := srv.Deliver(context.Background(), sub.ID, oura.WebhookEvent{
		ObjectID: "w-1", EventTime: time.Date(2024, time.March, 1, 8, 0, 0, 0, time.UTC), UserID: "u-9"})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	g := <-seen
	wantBody := `{"event_type":"create","data_type":"workout","object_id":"w-1","event_time":"2024-03-01T08:00:00+00:00","user_id":"u-9"}`
	if g.body != wantBody || g.contentType != "application/json" {
		t.Fatalf("body %s (%s); want %s", g.body, g.contentType, wantBody)
	}
	ts, err := strconv.ParseInt(g.ts, 10, 64)
	if err != nil || ts < before || ts > time.Now().Unix() {
		t.Fatalf("timestamp %q; want unix seconds of now", g.ts)
	}
	mac := hmac.New(sha256.New, []byte(ouratest.DefaultWebhookClientSecret))
	mac.Write([]byte(g.ts + g.body))
	if want := strings.ToUpper(hex.EncodeToString(mac.Sum(nil))); g.sig != want || ouratest.Signature(ouratest.DefaultWebhookClientSecret, g.ts, []byte(g.body)) != want {
		t.Fatalf("signature %s; want %s", g.sig, want)
	}
}

func TestDeliverReachesTheHandler(t *testing.T) {
	t.Parallel()
	srv, wc := newWebhookFake(t)
	rc := newReceiver(t, ouratest.DefaultWebhookClientSecret, "vt")
	ctx := context.Background()
	sub, err := wc.CreateSubscription(ctx, oura.CreateWebhookSubscriptionRequest{
		CallbackURL: rc.URL, VerificationToken: "vt", EventType: oura.WebhookEventTypeUpdate, DataType: oura.WebhookDataTypeDailySleep})
	if err != nil {
		t.Fatal(err)
	}
	d := oura.NewDate(2024, time.March, 1)
	id := srv.Dataset().DailySleep(d, d)[0].ID
	before := time.Now().Truncate(time.Second)
	resp, err := srv.Deliver(ctx, sub.ID, oura.WebhookEvent{ObjectID: id})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d", resp.StatusCode)
	}
	_, events := rc.seen()
	if len(events) != 1 || events[0].EventTime.Before(before) || events[0].EventTime.After(time.Now()) {
		t.Fatalf("events %+v", events)
	}
	want := oura.WebhookEvent{EventType: oura.WebhookEventTypeUpdate, DataType: oura.WebhookDataTypeDailySleep,
		ObjectID: id, EventTime: events[0].EventTime, UserID: ouratest.DefaultWebhookUserID}
	if diff := cmp.Diff(want, events[0]); diff != "" {
		t.Fatalf("(-want +got):\n%s", diff)
	}

	// DeliverTo needs no subscription; it sends the event as given.
	ev := oura.WebhookEvent{EventType: oura.WebhookEventTypeDelete, DataType: oura.WebhookDataTypeTag, ObjectID: "t-1",
		EventTime: time.Date(2024, time.March, 2, 0, 0, 0, 0, time.UTC), UserID: "u"}
	if resp, err = srv.DeliverTo(ctx, rc.URL, ev); err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if _, events = rc.seen(); resp.StatusCode != 200 || len(events) != 2 || !cmp.Equal(events[1], ev) {
		t.Fatalf("status %d, events %+v", resp.StatusCode, events)
	}

	// Events the subscription does not cover, and unknown subscriptions.
	if _, err := srv.Deliver(ctx, sub.ID, oura.WebhookEvent{DataType: oura.WebhookDataTypeTag, ObjectID: "x"}); err == nil {
		t.Fatal("delivered a tag event on a daily_sleep subscription")
	}
	if _, err := srv.Deliver(ctx, "nope", oura.WebhookEvent{ObjectID: "x"}); err == nil {
		t.Fatal("delivered to an unknown subscription")
	}
	// A receiver with another secret refuses the delivery.
	other := newReceiver(t, "another-secret", "vt")
	if resp, err = srv.DeliverTo(ctx, other.URL, ev); err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if _, events := other.seen(); resp.StatusCode != http.StatusUnauthorized || len(events) != 0 {
		t.Fatalf("status %d, %d events; want 401 and none", resp.StatusCode, len(events))
	}
}

func TestWithWebhookClient(t *testing.T) {
	t.Parallel()
	srv, wc := newWebhookFake(t, ouratest.WithWebhookClient("my-app", "my-secret"))
	if id, secret := srv.WebhookCredentials(); id != "my-app" || secret != "my-secret" {
		t.Fatalf("credentials %q %q", id, secret)
	}
	if !strings.Contains(fmt.Sprint(wc), "my-app") {
		t.Fatalf("client %v", wc)
	}
	rc := newReceiver(t, "my-secret", "vt")
	sub, err := wc.CreateSubscription(context.Background(), oura.CreateWebhookSubscriptionRequest{
		CallbackURL: rc.URL, VerificationToken: "vt", EventType: oura.WebhookEventTypeUpdate, DataType: oura.WebhookDataTypeTag})
	if err != nil {
		t.Fatal(err)
	}
	resp, err := srv.Deliver(context.Background(), sub.ID, oura.WebhookEvent{ObjectID: "t"})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("status %d: the delivery was not signed with my-secret", resp.StatusCode)
	}
	status, _, _ := raw(t, srv, http.MethodGet, "/v2/webhook/subscription", ouratest.DefaultWebhookClientID, ouratest.DefaultWebhookClientSecret, "")
	if status != http.StatusUnauthorized {
		t.Fatalf("default credentials: %d; want 401", status)
	}
}

func TestWithCallbackClient(t *testing.T) {
	t.Parallel()
	h, err := oura.NewWebhookHandler(oura.WebhookHandlerConfig{ClientSecret: ouratest.DefaultWebhookClientSecret,
		VerificationToken: "vt", OnEvent: func(context.Context, oura.WebhookEvent) error { return nil }})
	if err != nil {
		t.Fatal(err)
	}
	tlsRecv := httptest.NewTLSServer(h)
	defer tlsRecv.Close()
	req := oura.CreateWebhookSubscriptionRequest{CallbackURL: tlsRecv.URL, VerificationToken: "vt",
		EventType: oura.WebhookEventTypeUpdate, DataType: oura.WebhookDataTypeTag}

	_, plain := newWebhookFake(t)
	if _, err := plain.CreateSubscription(context.Background(), req); !errors.Is(err, oura.ErrValidation) {
		t.Fatalf("err = %v; want the verification to fail on the unknown certificate", err)
	}
	srv, wc := newWebhookFake(t, ouratest.WithCallbackClient(tlsRecv.Client()))
	sub, err := wc.CreateSubscription(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := srv.Deliver(context.Background(), sub.ID, oura.WebhookEvent{ObjectID: "t"})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("status %d", resp.StatusCode)
	}
}

func TestWebhookRoutesAreSafeForConcurrentUse(t *testing.T) {
	t.Parallel()
	srv, wc := newWebhookFake(t)
	rc := newReceiver(t, ouratest.DefaultWebhookClientSecret, "vt")
	ctx := context.Background()
	const n = 16
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for range n {
		wg.Go(func() {
			sub, err := wc.CreateSubscription(ctx, oura.CreateWebhookSubscriptionRequest{CallbackURL: rc.URL, VerificationToken: "vt",
				EventType: oura.WebhookEventTypeUpdate, DataType: oura.WebhookDataTypeSession})
			if err == nil {
				_, err = wc.RenewSubscription(ctx, sub.ID)
			}
			if err == nil {
				_, err = wc.ListSubscriptions(ctx)
			}
			if err == nil {
				var resp *http.Response
				if resp, err = srv.Deliver(ctx, sub.ID, oura.WebhookEvent{ObjectID: sub.ID}); err == nil {
					resp.Body.Close()
				}
			}
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	ids := map[string]bool{}
	for _, s := range srv.Subscriptions() {
		ids[s.ID] = true
	}
	if _, events := rc.seen(); len(ids) != n || len(events) != n {
		t.Fatalf("%d distinct subscriptions, %d events; want %d each", len(ids), len(events), n)
	}
}

func TestNonCompactDeliveriesAreSignedOverTheCompactBody(t *testing.T) {
	t.Parallel()
	srv := ouratest.NewServer(ouratest.WithNonCompactDeliveries())
	defer srv.Close()
	var raw []byte
	var sig, ts string
	rawOnly := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		raw, _ = io.ReadAll(r.Body)
		sig, ts = r.Header.Get("x-oura-signature"), r.Header.Get("x-oura-timestamp")
	}))
	defer rawOnly.Close()
	ev := oura.WebhookEvent{EventType: oura.WebhookEventTypeCreate, DataType: oura.WebhookDataTypeWorkout, ObjectID: "w-1",
		EventTime: time.Date(2024, time.March, 1, 8, 0, 0, 0, time.UTC), UserID: "u"}
	resp, err := srv.DeliverTo(context.Background(), rawOnly.URL, ev)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	var compact bytes.Buffer
	if err := json.Compact(&compact, raw); err != nil || bytes.Equal(compact.Bytes(), raw) {
		t.Fatalf("body %q is not non-compact JSON (%v)", raw, err)
	}
	secret := ouratest.DefaultWebhookClientSecret
	if sig == ouratest.Signature(secret, ts, raw) || sig != ouratest.Signature(secret, ts, compact.Bytes()) {
		t.Fatalf("signature %s is not over the compact body alone", sig)
	}
	// The SDK's handler accepts it.
	rc := newReceiver(t, secret, "vt")
	if resp, err = srv.DeliverTo(context.Background(), rc.URL, ev); err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if _, events := rc.seen(); resp.StatusCode != http.StatusOK || len(events) != 1 || !cmp.Equal(events[0], ev) {
		t.Fatalf("status %d, events %+v", resp.StatusCode, events)
	}
}
