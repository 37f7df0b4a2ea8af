package oura_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/ringkit/oura-go/oura"
	"github.com/ringkit/oura-go/oura/ouratest"
	"golang.org/x/oauth2"
)

func TestNewClientValidatesOptions(t *testing.T) {
	t.Parallel()
	tok := oura.WithToken("t0k3n")
	tests := []struct {
		name string
		opts []oura.Option
		want string // substring of the error, "" for success
	}{
		{"token", []oura.Option{tok}, ""},
		{"no credentials", nil, "no credentials"},
		{"empty token", []oura.Option{oura.WithToken("")}, "empty token"},
		{"blank token", []oura.Option{oura.WithToken("  ")}, "empty token"},
		{"token with newline", []oura.Option{oura.WithToken("abc\ndef")}, "white space"},
		{"token with NUL", []oura.Option{oura.WithToken("abc\x00def")}, "control characters"},
		{"token with DEL", []oura.Option{oura.WithToken("abc\x7fdef")}, "control characters"},
		{"nil token source", []oura.Option{oura.WithTokenSource(nil)}, "nil source"},
		{"two credentials", []oura.Option{tok, oura.WithTokenSource(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "x"}))}, "once"},
		{"nil http client", []oura.Option{tok, oura.WithHTTPClient(nil)}, "nil client"},
		{"nil option", []oura.Option{tok, nil}, "nil option"},
		{"malformed URL", []oura.Option{tok, oura.WithBaseURL("://nope")}, "not a URL"},
		{"relative URL", []oura.Option{tok, oura.WithBaseURL("/v2")}, "absolute"},
		{"ftp URL", []oura.Option{tok, oura.WithBaseURL("ftp://example.com")}, "absolute"},
		{"URL with query", []oura.Option{tok, oura.WithBaseURL("https://example.com/?a=b")}, "no query"},
		{"URL with user", []oura.Option{tok, oura.WithBaseURL("https://u:p@example.com")}, "absolute"},
		{"plain http elsewhere", []oura.Option{tok, oura.WithBaseURL("http://example.com")}, "plain http"},
		{"plain http opted in", []oura.Option{tok, oura.WithBaseURL("http://example.com"), oura.WithInsecureHTTP()}, ""},
		{"plain http loopback", []oura.Option{tok, oura.WithBaseURL("http://127.0.0.1:8080")}, ""},
		{"plain http localhost", []oura.Option{tok, oura.WithBaseURL("http://localhost:8080")}, ""},
		{"plain http ipv6 loopback", []oura.Option{tok, oura.WithBaseURL("http://[::1]:8080")}, ""},
		{"empty user agent", []oura.Option{tok, oura.WithUserAgent("")}, "not a valid product"},
		{"user agent with newline", []oura.Option{tok, oura.WithUserAgent("a\r\nX-Evil: 1")}, "not a valid product"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := oura.NewClient(tt.opts...)
			if tt.want == "" {
				if err != nil || c == nil {
					t.Fatalf("NewClient: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) || !errors.Is(err, oura.ErrInvalidArgument) {
				t.Fatalf("err = %v; want ErrInvalidArgument mentioning %q", err, tt.want)
			}
			if c != nil {
				t.Fatal("a client came back with the error")
			}
		})
	}
}

func TestClientPrintsNoToken(t *testing.T) {
	t.Parallel()
	const secret = "very-secret-access-token"
	c, err := oura.NewClient(oura.WithToken(secret))
	if err != nil {
		t.Fatal(err)
	}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q"} {
		if s := fmt.Sprintf(verb, c); strings.Contains(s, secret) {
			t.Fatalf("%s of the client shows the token: %s", verb, s)
		}
		if s := fmt.Sprintf(verb, *c); strings.Contains(s, secret) {
			t.Fatalf("%s of the client value shows the token: %s", verb, s)
		}
	}
}

func TestClientDoesNotChangeCallersHTTPClient(t *testing.T) {
	t.Parallel()
	srv := ouratest.NewServer()
	defer srv.Close()
	hc := srv.Client()
	before := *hc
	c, err := oura.NewClient(oura.WithBaseURL(srv.URL), oura.WithToken(srv.Token), oura.WithHTTPClient(hc))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.DailySleep(context.Background(), mar1, mar1); err != nil {
		t.Fatal(err)
	}
	if hc.Transport != before.Transport || hc.Jar != before.Jar || hc.Timeout != before.Timeout ||
		fmt.Sprintf("%p", hc.CheckRedirect) != fmt.Sprintf("%p", before.CheckRedirect) {
		t.Fatal("the caller's http.Client was changed")
	}
}

// countingSource counts Token calls and can fail.
type countingSource struct {
	calls int
	err   error
}

func (s *countingSource) Token() (*oauth2.Token, error) {
	s.calls++
	if s.err != nil {
		return nil, s.err
	}
	return &oauth2.Token{AccessToken: ouratest.DefaultToken, TokenType: "Bearer", Expiry: time.Now().Add(time.Hour)}, nil
}

func TestTokenSource(t *testing.T) {
	t.Parallel()
	srv := ouratest.NewServer(ouratest.WithPageSize(3))
	defer srv.Close()
	src := &countingSource{}
	c, err := oura.NewClient(oura.WithBaseURL(srv.URL), oura.WithTokenSource(src))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.DailySleep(context.Background(), mar1, mar1.AddDays(6)); err != nil {
		t.Fatal(err)
	}
	if src.calls != len(srv.Requests()) || src.calls < 2 {
		t.Fatalf("%d Token calls for %d requests; want one per request", src.calls, len(srv.Requests()))
	}

	bad := &countingSource{err: errors.New("refresh failed")}
	c, err = oura.NewClient(oura.WithBaseURL(srv.URL), oura.WithTokenSource(bad))
	if err != nil {
		t.Fatal(err)
	}
	before := len(srv.Requests())
	_, err = c.DailySleep(context.Background(), mar1, mar1)
	if err == nil || !strings.Contains(err.Error(), "refresh failed") {
		t.Fatalf("err = %v; want the token source's error", err)
	}
	if len(srv.Requests()) != before {
		t.Fatal("a request went out without a token")
	}
}

func TestWrongTokenIsUnauthorized(t *testing.T) {
	t.Parallel()
	srv := ouratest.NewServer()
	defer srv.Close()
	const secret = "wrong-secret-token-value"
	c, err := oura.NewClient(oura.WithBaseURL(srv.URL), oura.WithToken(secret))
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.DailySleep(context.Background(), mar1, mar1)
	if !errors.Is(err, oura.ErrUnauthorized) {
		t.Fatalf("err = %v; want ErrUnauthorized", err)
	}
	if strings.Contains(err.Error(), secret) || strings.Contains(fmt.Sprintf("%#v", err), secret) {
		t.Fatalf("the error shows the token: %v", err)
	}
}

func TestRedirectsToAnotherHostAreRefused(t *testing.T) {
	t.Parallel()
	var leaked []string
	other := ouratest.NewServer(ouratest.WithHook(func(w http.ResponseWriter, r *http.Request) bool {
		leaked = append(leaked, r.Header.Get("Authorization"))
		return false
	}))
	defer other.Close()
	// "localhost" and "127.0.0.1" are different hosts to net/http.
	target := strings.Replace(other.URL, "127.0.0.1", "localhost", 1)
	srv := ouratest.NewServer(ouratest.WithHook(func(w http.ResponseWriter, r *http.Request) bool {
		http.Redirect(w, r, target+r.URL.RequestURI(), http.StatusFound)
		return true
	}))
	defer srv.Close()
	c, err := srv.NewClient()
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.DailySleep(context.Background(), mar1, mar1)
	if err == nil || !strings.Contains(err.Error(), "refusing a redirect from http://127.0.0.1") {
		t.Fatalf("err = %v; want the redirect refused", err)
	}
	if len(leaked) != 0 || len(srv.Requests()) != 1 {
		t.Fatalf("other host got %q; %d requests to the first; want nothing and 1 (not retried)", leaked, len(srv.Requests()))
	}
}

func TestRedirectsOnTheSameHostKeepTheToken(t *testing.T) {
	t.Parallel()
	srv := ouratest.NewServer(ouratest.WithHook(func(w http.ResponseWriter, r *http.Request) bool {
		if strings.HasPrefix(r.URL.Path, "/old/") {
			http.Redirect(w, r, strings.TrimPrefix(r.URL.RequestURI(), "/old"), http.StatusMovedPermanently)
			return true
		}
		return false
	}))
	defer srv.Close()
	c, err := oura.NewClient(oura.WithBaseURL(srv.URL+"/old"), oura.WithToken(srv.Token))
	if err != nil {
		t.Fatal(err)
	}
	got, err := c.DailySleep(context.Background(), mar1, mar1)
	if err != nil || len(got) != 1 {
		t.Fatalf("got %d records, %v", len(got), err)
	}
}

// goid returns the id of the calling goroutine.
func goid() string {
	b := make([]byte, 64)
	b = b[:runtime.Stack(b, false)]
	f := strings.Fields(string(b))
	return f[1] // "goroutine N [running]:..."
}

// goroutineSource records the goroutine each Token call runs on.
type goroutineSource struct {
	mu    sync.Mutex
	ids   []string
	token string
	out   chan struct{} // when set, Token waits for it to close
}

func (s *goroutineSource) Token() (*oauth2.Token, error) {
	s.mu.Lock()
	s.ids = append(s.ids, goid())
	s.mu.Unlock()
	if s.out != nil {
		<-s.out
	}
	return &oauth2.Token{AccessToken: s.token, TokenType: "Bearer"}, nil
}

func TestTokenIsFetchedOnTheCallersGoroutine(t *testing.T) {
	t.Parallel()
	srv := ouratest.NewServer()
	defer srv.Close()
	src := &goroutineSource{token: srv.Token}
	c, err := oura.NewClient(oura.WithBaseURL(srv.URL), oura.WithTokenSource(src))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	for range 3 {
		if _, err := c.DailySleep(ctx, mar1, mar1); err != nil {
			t.Fatal(err)
		}
	}
	want := []string{goid(), goid(), goid()}
	if diff := cmp.Diff(want, src.ids); diff != "" {
		t.Errorf("goroutines of the Token calls (-want +got):\n%s", diff)
	}
}

func TestBlockingTokenSourceLeavesNoGoroutineBehind(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		sent := 0
		hc := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
			sent++
			return nil, errors.New("unexpected request")
		})}
		src := &goroutineSource{token: "tok", out: make(chan struct{})}
		c, err := oura.NewClient(oura.WithTokenSource(src), oura.WithHTTPClient(hc))
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
		defer cancel()
		done := make(chan error)
		caller := make(chan string, 1)
		go func() {
			caller <- goid()
			_, err := c.DailySleep(ctx, mar1, mar1)
			done <- err
		}()
		time.Sleep(time.Second) // long past the deadline, while Token blocks
		synctest.Wait()
		close(src.out)
		if err := <-done; !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("err = %v; want the deadline", err)
		}
		if sent != 0 {
			t.Errorf("%d requests sent with a token that came after the deadline", sent)
		}
		// Token ran on the caller's goroutine: no goroutine of the SDK
		// waited on it, to be left behind when the caller gave up.
		if diff := cmp.Diff([]string{<-caller}, src.ids); diff != "" {
			t.Errorf("goroutines of the Token calls (-want +got):\n%s", diff)
		}
	})
}

func TestClientIsSafeForConcurrentUse(t *testing.T) {
	t.Parallel()
	srv := ouratest.NewServer(ouratest.WithPageSize(4))
	defer srv.Close()
	c, err := srv.NewClient()
	if err != nil {
		t.Fatal(err)
	}
	want := srv.Dataset().DailyReadiness(mar1, mar1.AddDays(30))
	errs := make(chan error, 8)
	for range 8 {
		go func() {
			got, err := c.DailyReadiness(context.Background(), mar1, mar1.AddDays(30))
			if err == nil && len(got) != len(want) {
				err = fmt.Errorf("%d records; want %d", len(got), len(want))
			}
			errs <- err
		}()
	}
	for range 8 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
}

func TestValuesPrintNoSecrets(t *testing.T) {
	t.Parallel()
	const secret = "s3cr3t-value-xyz"
	vals := []any{
		oura.WebhookHandlerConfig{ClientSecret: secret, VerificationToken: secret},
		oura.CreateWebhookSubscriptionRequest{CallbackURL: "https://x", VerificationToken: secret},
		&oura.CreateWebhookSubscriptionRequest{VerificationToken: secret},
		oura.UpdateWebhookSubscriptionRequest{VerificationToken: secret},
		&oura.APIError{StatusCode: 422, ValidationErrors: []oura.ValidationErrorItem{{Input: secret, Msg: "bad"}}},
	}
	for _, v := range vals {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
			if s := fmt.Sprintf(verb, v); strings.Contains(s, secret) {
				t.Errorf("%s of %T shows the secret: %s", verb, v, s)
			}
		}
	}
}
