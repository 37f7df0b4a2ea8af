package oura_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/ringkit/oura-go/oura"
)

// Distinctive credentials with characters that URL-encoding changes.
const (
	echoToken        = "tok+Echo/7Qz=secret"
	echoClientSecret = "cs+Echo/8Rk=secret"
	echoVerification = "vt+Echo/9Wm=secret"
)

// echoed lists every form of the credentials the echo server repeats.
func echoed(creds ...string) string {
	var parts []string
	for _, c := range creds {
		parts = append(parts, c, url.QueryEscape(c), url.PathEscape(c), "Bearer "+c)
	}
	return strings.Join(parts, " ")
}

// echoServer answers every request with an error body that repeats the
// request's credentials (headers and body) in every form, shaped by mode.
func echoServer(t *testing.T, mode string, calls *atomic.Int32) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		body, _ := io.ReadAll(r.Body)
		var creds []string
		for _, h := range []string{"Authorization", "X-Client-Secret"} {
			if v := r.Header.Get(h); v != "" {
				creds = append(creds, strings.TrimPrefix(v, "Bearer "))
			}
		}
		var in map[string]any
		if json.Unmarshal(body, &in) == nil {
			if v, ok := in["verification_token"].(string); ok {
				creds = append(creds, v)
			}
		}
		text := "echo " + echoed(creds...) + " raw body " + string(body)
		switch mode {
		case "detail":
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(400)
			json.NewEncoder(w).Encode(map[string]string{"detail": text})
		case "422":
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(422)
			json.NewEncoder(w).Encode(map[string]any{"detail": []map[string]any{{
				"loc": []any{"query", text}, "msg": text, "type": "value_error." + text,
				"input": map[string]any{"auth": text, text: []any{text, 1}}, "ctx": map[string]any{"given": text},
			}}})
		case "problem":
			w.Header().Set("Content-Type", "application/problem+json")
			w.WriteHeader(403)
			json.NewEncoder(w).Encode(map[string]string{"title": text, "type": "about:blank"})
		case "long": // cut short at 300 characters, inside the first credential
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(400)
			json.NewEncoder(w).Encode(map[string]string{"detail": strings.Repeat("x ", 145) + text})
		case "plain":
			w.Header().Set("Content-Type", "text/plain")
			w.WriteHeader(401)
			io.WriteString(w, text)
		case "retried":
			w.Header().Set("Content-Type", "text/plain")
			w.WriteHeader(503)
			io.WriteString(w, text)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

// leaks reports which credentials appear, in any form, in s.
func leaks(s string, creds ...string) []string {
	var out []string
	for _, c := range creds {
		for _, form := range []string{c, url.QueryEscape(c), url.PathEscape(c), strings.SplitN(c, "/", 2)[1], c[:7]} {
			if strings.Contains(s, form) {
				out = append(out, form)
			}
		}
	}
	return out
}

func TestNoCredentialInAnythingDerivedFromAnAnswer(t *testing.T) {
	t.Parallel()
	creds := []string{echoToken, echoClientSecret, echoVerification}
	for _, mode := range []string{"detail", "long", "422", "problem", "plain", "retried"} {
		t.Run(mode, func(t *testing.T) {
			var calls atomic.Int32
			srv := echoServer(t, mode, &calls)
			var logs bytes.Buffer
			opts := []oura.Option{oura.WithBaseURL(srv.URL), oura.WithHTTPClient(srv.Client()),
				oura.WithLogger(slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))),
				oura.WithRetry(oura.RetryPolicy{MaxAttempts: 2, BaseDelay: 1, MaxDelay: 1})}
			c, err := oura.NewClient(append(opts, oura.WithToken(echoToken))...)
			if err != nil {
				t.Fatal(err)
			}
			w, err := oura.NewWebhookClient("client-id", echoClientSecret, opts...)
			if err != nil {
				t.Fatal(err)
			}
			ctx := context.Background()
			var errs []error
			_, err = c.DailySleep(ctx, mar1, mar1)
			errs = append(errs, err)
			_, err = c.DailySleepByID(ctx, "x")
			errs = append(errs, err)
			_, err = w.CreateSubscription(ctx, oura.CreateWebhookSubscriptionRequest{
				CallbackURL: "https://example.com/hook", VerificationToken: echoVerification,
				EventType: oura.WebhookEventTypeCreate, DataType: oura.WebhookDataTypeDailySleep})
			errs = append(errs, err)
			_, err = w.ListSubscriptions(ctx)
			errs = append(errs, err)
			if calls.Load() == 0 {
				t.Fatal("no request reached the echo server")
			}
			for i, err := range errs {
				if err == nil {
					t.Fatalf("call %d: no error", i)
				}
				var ae *oura.APIError
				if !errors.As(err, &ae) {
					t.Fatalf("call %d: %v is not an *APIError", i, err)
				}
				shown := fmt.Sprintf("%v | %+v | %#v | %s | %+v", err, ae, ae, ae.Detail, ae.ValidationErrors)
				if l := leaks(shown, creds...); len(l) > 0 {
					t.Errorf("call %d leaks %q in:\n%s", i, l, shown)
				}
				if !strings.Contains(shown, "[reda") {
					t.Errorf("call %d: nothing was redacted: %s", i, shown)
				}
			}
			if l := leaks(logs.String(), creds...); len(l) > 0 {
				t.Errorf("log lines leak %q:\n%s", l, logs.String())
			}
		})
	}
}
