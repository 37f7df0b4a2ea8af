// Command multiuser reads the last week of sleep of many users at once, as
// a service with many connected Oura accounts would: one Client per user,
// each with a token source that saves that user's rotated tokens to the
// user's file, and one rate limiter shared by all of them, sized for
// Oura's per-application limit of 5,000 requests per 5 minutes.
//
// With OURA_CLIENT_ID and OURA_CLIENT_SECRET set it reads the tokens of
// -tokens: one <user>.json file per user, as examples/oauth2 saves them.
// Without them it runs against the SDK's built-in fake server with
// -fake-users users, and says so.
//
//	go run ./examples/multiuser -tokens ./tokens -workers 8
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/time/rate"

	"github.com/ringkit/oura-go/internal/cli"
	"github.com/ringkit/oura-go/oura"
	"github.com/ringkit/oura-go/oura/ouratest"
)

var cmd = cli.Command{Name: "multiuser", Summary: `
Reads the last week of sleep of many users at once: one Client per user,
each saving that user's rotated tokens to <user>.json in -tokens, and one
rate limiter shared by all. With OURA_CLIENT_ID and OURA_CLIENT_SECRET set
it talks to Oura with the token files of -tokens (as examples/oauth2 saves
them); without them, to the SDK's built-in fake server with -fake-users
users. It says which.`, Env: []cli.Env{
	{Name: "OURA_CLIENT_ID", Doc: "the application's OAuth2 client id, to refresh the users' tokens. Unset: the built-in fake server."},
	{Name: "OURA_CLIENT_SECRET", Doc: "the application's OAuth2 client secret."},
}}

func main() { cmd.Exit(mainErr(os.Args[1:], os.Stdout, os.Getenv)) }

func mainErr(args []string, w io.Writer, getenv func(string) string) error {
	fs := cmd.FlagSet()
	dir := fs.String("tokens", "tokens", "directory of <user>.json token files (read and rewritten)")
	workers := fs.Int("workers", 8, "users fetched at the same time (1 to 100)")
	fakeUsers := fs.Int("fake-users", 5, "users of the fake server, without OURA_CLIENT_ID (1 to 1000)")
	if err := cmd.Parse(fs, args, w); err != nil {
		return err
	}
	switch {
	case *workers < 1 || *workers > 100:
		return cli.Usagef("-workers %d is not between 1 and 100", *workers)
	case *fakeUsers < 1 || *fakeUsers > 1000:
		return cli.Usagef("-fake-users %d is not between 1 and 1000", *fakeUsers)
	case *dir == "":
		return cli.Usagef("-tokens is empty")
	}
	if err := cli.BothOrNeither(getenv, "OURA_CLIENT_ID", "OURA_CLIENT_SECRET"); err != nil {
		return err
	}
	o := options{Dir: *dir, Workers: *workers, Days: 7, Loc: time.Local, Limiter: appLimiter()}
	if id := getenv("OURA_CLIENT_ID"); id != "" {
		cfg, err := oura.OAuth2Config(id, getenv("OURA_CLIENT_SECRET"), "") // refreshing needs no redirect
		if err != nil {
			return err
		}
		o.Config = cfg
		fmt.Fprintf(w, "OURA_CLIENT_ID is set: talking to Oura with the token files of %s.\n", *dir)
	} else {
		srv := ouratest.NewServer()
		defer srv.Close()
		fmt.Fprintf(w, "OURA_CLIENT_ID is not set: using the built-in fake server with %d fake users.\n", *fakeUsers)
		tmp, err := os.MkdirTemp("", "oura-multiuser-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		if err := fakeSetup(&o, srv, tmp, *fakeUsers); err != nil {
			return err
		}
	}
	return run(context.Background(), w, o)
}

// appLimiter keeps the whole application under Oura's limit: with a burst
// of b and b fewer requests per window, no 5-minute window holds more than
// 5,000 requests.
func appLimiter() *rate.Limiter {
	const perWindow, window, burst = 5000, 5 * time.Minute, 50
	return rate.NewLimiter(rate.Limit(float64(perWindow-burst)/window.Seconds()), burst)
}

// fakeSetup points o at srv and writes token files for n fake users into dir.
func fakeSetup(o *options, srv *ouratest.Server, dir string, n int) error {
	for i := range n {
		if err := oura.SaveTokenFile(filepath.Join(dir, fmt.Sprintf("user%02d.json", i+1)), srv.IssueToken()); err != nil {
			return err
		}
	}
	o.Dir = dir
	o.Config = srv.OAuth2Config("")
	o.API = []oura.Option{oura.WithBaseURL(srv.URL), oura.WithHTTPClient(srv.Client())}
	return nil
}

type options struct {
	Dir     string         // <user>.json token files
	Config  *oauth2.Config // the application's, for refreshing
	API     []oura.Option  // more options of every Client, such as WithBaseURL
	Limiter *rate.Limiter  // shared by every Client
	Workers int            // users fetched at the same time
	Days    int
	Loc     *time.Location
}

// run prints one line per user, in the order of their names. A user's
// failure is that user's line; run then returns an error counting them.
func run(ctx context.Context, w io.Writer, o options) error {
	if o.Workers < 1 || o.Days < 1 || o.Limiter == nil || o.Config == nil {
		return errors.New("multiuser: need at least one worker and one day, a limiter and a config")
	}
	users, err := listUsers(o.Dir)
	if err != nil {
		return err
	}
	week := oura.LastDays(o.Days, o.Loc)
	lines := make([]string, len(users))
	failed := make([]bool, len(users))
	sem := make(chan struct{}, o.Workers) // at most Workers users at a time
	var wg sync.WaitGroup
	for i, u := range users {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			summary, err := fetch(ctx, o, filepath.Join(o.Dir, u+".json"), week)
			switch {
			case errors.Is(err, oura.ErrUnauthorized):
				lines[i], failed[i] = "must connect again (access revoked or expired): "+err.Error(), true
			case err != nil:
				lines[i], failed[i] = "error: "+err.Error(), true
			default:
				lines[i] = summary
			}
		})
	}
	wg.Wait()

	width := 0
	for _, u := range users {
		width = max(width, len(u))
	}
	fmt.Fprintf(w, "Sleep %s, %d users:\n", week, len(users))
	n := 0
	for i, u := range users {
		fmt.Fprintf(w, "  %-*s  %s\n", width, u, lines[i])
		if failed[i] {
			n++
		}
	}
	if n > 0 {
		return fmt.Errorf("%d of %d users failed", n, len(users))
	}
	return nil
}

// listUsers returns the names of dir's <user>.json files, sorted.
func listUsers(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var users []string
	for _, e := range entries {
		name, ok := strings.CutSuffix(e.Name(), ".json")
		if ok && name != "" && !strings.HasPrefix(name, ".") && e.Type().IsRegular() {
			users = append(users, name)
		}
	}
	if len(users) == 0 {
		return nil, fmt.Errorf("no <user>.json token files in %s", dir)
	}
	slices.Sort(users)
	return users, nil
}

// fetch reads one user's sleep over r with that user's own Client.
func fetch(ctx context.Context, o options, path string, r oura.DateRange) (string, error) {
	tok, err := oura.LoadTokenFile(path)
	if err != nil {
		return "", err
	}
	// Refreshed tokens go back to the user's file before they are used.
	ts, err := oura.NewRotatingTokenSource(ctx, o.Config, tok, func(t *oauth2.Token) error { return oura.SaveTokenFile(path, t) })
	if err != nil {
		return "", err
	}
	opts := append(slices.Clone(o.API), oura.WithTokenSource(ts), oura.WithRateLimit(o.Limiter))
	client, err := oura.NewClient(opts...)
	if err != nil {
		return "", err
	}
	days, err := client.DailySleep(ctx, r.Start, r.End)
	if err != nil {
		return "", err
	}
	return summarize(days), nil
}

// summarize describes a user's days: how many, and their average score.
func summarize(days []oura.DailySleep) string {
	sum, n := 0, 0
	for _, d := range days {
		if d.Score != nil {
			sum += *d.Score
			n++
		}
	}
	if n == 0 {
		return fmt.Sprintf("%d days, no scores", len(days))
	}
	return fmt.Sprintf("%d days, average score %d", len(days), (sum+n/2)/n)
}
