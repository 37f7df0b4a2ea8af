package main

import (
	"bytes"
	"github.com/ringkit/oura-go/internal/cli/clitest"
	"math"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/oauth2"
	"golang.org/x/time/rate"

	"github.com/ringkit/oura-go/oura"
	"github.com/ringkit/oura-go/oura/ouratest"
)

// concurrency counts the API requests in flight, holding each a moment so
// that requests sent together overlap.
type concurrency struct {
	mu       sync.Mutex
	now, max int
}

func (c *concurrency) hook(w http.ResponseWriter, r *http.Request) bool {
	if !strings.HasPrefix(r.URL.Path, "/v2/") {
		return false
	}
	c.mu.Lock()
	c.now++
	c.max = max(c.max, c.now)
	c.mu.Unlock()
	time.Sleep(50 * time.Millisecond)
	c.mu.Lock()
	c.now--
	c.mu.Unlock()
	return false
}

func TestEveryUserFetchedOneFailsAlone(t *testing.T) {
	t.Parallel()
	var inFlight concurrency
	srv := ouratest.NewServer(ouratest.WithHook(inFlight.hook))
	defer srv.Close()
	dir := t.TempDir()
	// A limiter that refills too slowly to matter: what it lost is what the
	// Clients took from it.
	const burst = 1000
	o := options{Workers: 2, Days: 7, Loc: time.UTC, Limiter: rate.NewLimiter(rate.Every(time.Hour), burst)}
	if err := fakeSetup(&o, srv, dir, 5); err != nil {
		t.Fatal(err)
	}
	// user03 disconnected the application: its access token is revoked.
	revoked, err := oura.LoadTokenFile(filepath.Join(dir, "user03.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := oura.RevokeToken(t.Context(), srv.Client(), srv.URL+"/oauth/revoke", revoked.AccessToken); err != nil {
		t.Fatal(err)
	}
	// user05's access token has expired: it is refreshed and saved.
	p5 := filepath.Join(dir, "user05.json")
	old5, _ := oura.LoadTokenFile(p5)
	old5.Expiry = time.Now().Add(-time.Minute)
	if err := oura.SaveTokenFile(p5, old5); err != nil {
		t.Fatal(err)
	}

	var out bytes.Buffer
	runErr := run(t.Context(), &out, o)
	if runErr == nil || runErr.Error() != "1 of 5 users failed" {
		t.Fatalf("run: %v, want 1 of 5 users failed", runErr)
	}

	week := oura.LastDays(7, time.UTC)
	ok := "  %s  " + summarize(srv.Dataset().DailySleep(week.Start, week.End))
	want := []string{
		"Sleep " + week.String() + ", 5 users:",
		strings.Replace(ok, "%s", "user01", 1),
		strings.Replace(ok, "%s", "user02", 1),
		"  user03  must connect again (access revoked or expired): ...: GET /v2/usercollection/daily_sleep: 401 Unauthorized: Unauthorized",
		strings.Replace(ok, "%s", "user04", 1),
		strings.Replace(ok, "%s", "user05", 1),
	}
	got := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if len(got) == len(want) { // the error's wording between its kind and its request is oura's
		head, tail, _ := strings.Cut(want[3], "...")
		if strings.HasPrefix(got[3], head) && strings.HasSuffix(got[3], tail) {
			got[3] = want[3]
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("output (-want +got):\n%s", diff)
	}
	if !strings.Contains(want[1], "7 days, average score") {
		t.Errorf("unexpected summary %q", want[1])
	}

	// One request per user, each drawn from the one shared limiter.
	api := 0
	for _, r := range srv.Requests() {
		if strings.HasPrefix(r.Path, "/v2/") {
			api++
		}
	}
	if api != 5 {
		t.Errorf("%d API requests, want 5", api)
	}
	if took := int(math.Round(burst - o.Limiter.Tokens())); took != api {
		t.Errorf("the shared limiter gave %d tokens for %d requests", took, api)
	}
	if inFlight.max != o.Workers {
		t.Errorf("at most %d requests in flight, want %d (the worker limit)", inFlight.max, o.Workers)
	}

	// user05's file holds the rotated token, whose refresh token is live.
	if srv.Refreshes() != 1 {
		t.Errorf("%d refreshes, want 1", srv.Refreshes())
	}
	new5, err := oura.LoadTokenFile(p5)
	if err != nil {
		t.Fatal(err)
	}
	if new5.RefreshToken == old5.RefreshToken || new5.AccessToken == old5.AccessToken {
		t.Error("user05's file still holds the spent token")
	}
	if fi, _ := os.Stat(p5); fi.Mode().Perm() != 0o600 {
		t.Errorf("user05's file mode %v", fi.Mode().Perm())
	}
	new5.Expiry = time.Now().Add(-time.Minute)
	if _, err := o.Config.TokenSource(t.Context(), new5).Token(); err != nil {
		t.Errorf("the saved refresh token does not work: %v", err)
	}

	for _, secret := range []string{revoked.AccessToken, revoked.RefreshToken, new5.RefreshToken, old5.RefreshToken, ouratest.DefaultClientSecret} {
		if strings.Contains(out.String()+runErr.Error(), secret) {
			t.Errorf("output shows a secret:\n%s", out.String())
		}
	}
}

func TestMissingOrEmptyDirectory(t *testing.T) {
	t.Parallel()
	srv := ouratest.NewServer()
	defer srv.Close()
	o := options{Workers: 1, Days: 1, Loc: time.UTC, Limiter: appLimiter(), Config: srv.OAuth2Config("")}
	o.Dir = t.TempDir()
	os.WriteFile(filepath.Join(o.Dir, ".user.json.tmp-1"), []byte("{}"), 0o600) // a leftover temporary file
	if err := run(t.Context(), &bytes.Buffer{}, o); err == nil || !strings.Contains(err.Error(), "no <user>.json") {
		t.Errorf("empty directory: %v", err)
	}
	o.Dir = filepath.Join(o.Dir, "missing")
	if err := run(t.Context(), &bytes.Buffer{}, o); err == nil {
		t.Error("missing directory: no error")
	}
}

func TestBadTokenFileIsThatUsersError(t *testing.T) {
	t.Parallel()
	srv := ouratest.NewServer()
	defer srv.Close()
	o := options{Workers: 3, Days: 2, Loc: time.UTC, Limiter: appLimiter()}
	if err := fakeSetup(&o, srv, t.TempDir(), 2); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(o.Dir, "broken.json"), []byte("{"), 0o600)
	oura.SaveTokenFile(filepath.Join(o.Dir, "norefresh.json"), &oauth2.Token{AccessToken: "x"})
	var out bytes.Buffer
	err := run(t.Context(), &out, o)
	if err == nil || err.Error() != "2 of 4 users failed" {
		t.Errorf("run: %v", err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 5 || !strings.HasPrefix(lines[1], "  broken     error: ") ||
		!strings.HasPrefix(lines[2], "  norefresh  error: oura: NewRotatingTokenSource: token without refresh token") ||
		!strings.Contains(lines[3], "user01     2 days") || !strings.Contains(lines[4], "user02     2 days") {
		t.Errorf("output:\n%s", out.String())
	}
}

func TestAppLimiterStaysUnderOurasLimit(t *testing.T) {
	t.Parallel()
	l := appLimiter()
	perWindow := float64(l.Burst()) + float64(l.Limit())*(5*time.Minute).Seconds()
	if math.Abs(perWindow-5000) > 1e-6 {
		t.Errorf("a 5-minute window allows %.1f requests, want 5000", perWindow)
	}
}

func TestHelpAndBadFlags(t *testing.T) {
	t.Parallel()
	clitest.Help(t, cmd, mainErr, "-tokens", "-workers", "-fake-users")
	clitest.BadArgs(t, mainErr, nil, map[string][]string{
		"-workers 0":             {"-workers", "0"},
		"-fake-users -1":         {"-fake-users", "-1"},
		"invalid value \"many\"": {"-workers", "many"},
		"-tokens is empty":       {"-tokens", ""},
	})
}
