package oura_test

import (
	"context"
	"errors"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/ringkit/oura-go/oura"
	"github.com/ringkit/oura-go/oura/ouratest"
)

// failingSource is a token source whose Token fails like one of ours.
type failingSource struct{ err error }

func (s failingSource) Token() (*oauth2.Token, error) { return nil, s.err }

func TestErrorStringsSayOuraOnce(t *testing.T) {
	t.Parallel()
	srv := ouratest.NewServer(ouratest.WithTokenLifetime(time.Hour))
	defer srv.Close()
	c, err := srv.NewClient(oura.WithRetry(oura.RetryPolicy{MaxAttempts: 1}))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	var nilCtx context.Context
	errs := map[string]error{}
	add := func(name string, err error) { errs[name] = err }

	_, err = oura.NewClient()
	add("NewClient without token", err)
	_, err = oura.NewClient(oura.WithToken(" "))
	add("WithToken blank", err)
	_, err = oura.NewClient(oura.WithToken("t"), oura.WithRetry(oura.RetryPolicy{MaxAttempts: -1}))
	add("WithRetry", err)
	_, err = oura.NewClient(oura.WithToken("t"), oura.WithBaseURL("ftp://x"))
	add("WithBaseURL", err)
	_, err = oura.ParseDate("2024-13-01")
	add("ParseDate", err)
	_, err = c.DailySleep(ctx, mar1.AddDays(1), mar1)
	add("DailySleep end before start", err)
	_, err = c.DailySleep(ctx, mar1, mar1, oura.Fields("nope"))
	add("Fields unknown", err)
	_, err = c.DailySleep(ctx, mar1, mar1, oura.Fields())
	add("Fields empty", err)
	_, err = c.DailySleep(nilCtx, mar1, mar1)
	add("nil context", err)
	_, err = c.DailySleepByID(ctx, "..")
	add("bad id", err)
	_, err = c.DailySleepByID(ctx, "no-such-document")
	add("404", err)
	_, err = c.DocumentByID(ctx, "steps", "x")
	add("DocumentByID unknown type", err)
	for _, err := range c.WorkoutsIter(ctx, mar1, mar1.AddDays(-1)) {
		add("iterator", err)
	}
	_, err = c.HeartRatePage(ctx, time.Now().Add(-40*24*time.Hour), time.Now(), "")
	add("HeartRatePage too long", err)

	// A token source's error inside a request, and a save error inside a refresh.
	tc, _ := oura.NewClient(oura.WithTokenSource(failingSource{errors.New("oura: refreshing the access token: boom")}))
	_, err = tc.DailySleep(ctx, mar1, mar1)
	add("token source error", err)
	dir := filepath.Join(t.TempDir(), "missing-dir")
	ts, err := oura.NewRotatingTokenSource(ctx, srv.OAuth2Config(""), &oauth2.Token{RefreshToken: srv.IssueToken().RefreshToken},
		func(t *oauth2.Token) error { return oura.SaveTokenFile(filepath.Join(dir, "t.json"), t) })
	if err != nil {
		t.Fatal(err)
	}
	_, err = oura.NewClient(oura.WithTokenSource(ts), oura.WithBaseURL(srv.URL), oura.WithHTTPClient(srv.Client()))
	if err != nil {
		t.Fatal(err)
	}
	_, err = ts.Token()
	add("save error", err)
	_, err = oura.LoadTokenFile(filepath.Join(dir, "t.json"))
	add("LoadTokenFile", err)
	_, err = oura.NewRotatingTokenSource(ctx, nil, nil, nil)
	add("NewRotatingTokenSource", err)
	_, err = oura.OAuth2Config("", "", "")
	add("OAuth2Config", err)
	add("RevokeToken", oura.RevokeToken(ctx, http.DefaultClient, "ftp://x", "tok"))
	_, err = oura.NewWebhookHandler(oura.WebhookHandlerConfig{})
	add("NewWebhookHandler", err)
	_, err = oura.VerifyWebhook("s", http.Header{}, nil, time.Now(), 0)
	add("VerifyWebhook", err)
	w, _ := srv.NewWebhookClient()
	_, err = w.Subscription(ctx, "")
	add("Subscription", err)
	_, err = w.Subscription(ctx, "nope")
	add("Subscription 403", err)
	add("sentinel", oura.ErrInvalidArgument)

	// Calls on a nil or zero Client or WebhookClient: an error, no panic.
	var nilClient *oura.Client
	var zeroClient oura.Client
	var zeroWebhook oura.WebhookClient
	_, err = nilClient.PersonalInfo(ctx)
	add("nil Client PersonalInfo", err)
	_, err = nilClient.DailySleep(ctx, mar1, mar1)
	add("nil Client DailySleep", err)
	_, err = zeroClient.DailySleep(ctx, mar1, mar1)
	add("zero Client DailySleep", err)
	_, err = zeroClient.PersonalInfo(ctx)
	add("zero Client PersonalInfo", err)
	_, err = zeroClient.DailySleepByID(ctx, "x")
	add("zero Client DailySleepByID", err)
	add("zero Client Do", zeroClient.Do(ctx, http.MethodGet, "/v2/x", nil, nil))
	_, err = zeroWebhook.ListSubscriptions(ctx)
	add("zero WebhookClient ListSubscriptions", err)
	add("zero WebhookClient DeleteSubscription", zeroWebhook.DeleteSubscription(ctx, "x"))
	for _, name := range []string{"nil Client PersonalInfo", "nil Client DailySleep", "zero Client DailySleep",
		"zero Client PersonalInfo", "zero Client DailySleepByID", "zero Client Do",
		"zero WebhookClient ListSubscriptions", "zero WebhookClient DeleteSubscription"} {
		if !errors.Is(errs[name], oura.ErrInvalidArgument) {
			t.Errorf("%s: %v; want ErrInvalidArgument", name, errs[name])
		}
	}

	for name, err := range errs {
		if err == nil {
			t.Errorf("%s: no error", name)
			continue
		}
		if n := strings.Count(err.Error(), "oura:"); n > 1 || (n == 0 && name != "sentinel") {
			t.Errorf("%s: %q says oura: %d times", name, err, n)
		}
	}
	// The inner error a message trims still matches.
	if !errors.Is(errs["save error"], errs["save error"]) || !strings.Contains(errs["token source error"].Error(), "boom") {
		t.Errorf("inner errors lost: %v", errs["token source error"])
	}
}
