// Command oauth2 connects an Oura account with the OAuth2 authorization-code
// flow and a loopback redirect, saves the token, then prints the sleep
// scores of the last seven days through a token source that saves every
// refreshed token to the same file.
//
// With OURA_CLIENT_ID and OURA_CLIENT_SECRET set it talks to Oura: register
// http://127.0.0.1:PORT/callback as a redirect URI of your application and
// pass -port PORT. Without them it runs against the SDK's built-in fake
// server, which approves at once, and says so.
//
//	go run ./examples/oauth2 -port 8080 -token-file oura-token.json
package main

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"runtime"
	"time"

	"golang.org/x/oauth2"

	"github.com/ringkit/oura-go/internal/cli"
	"github.com/ringkit/oura-go/oura"
	"github.com/ringkit/oura-go/oura/ouratest"
)

var cmd = cli.Command{Name: "oauth2", Summary: `
Connects an Oura account with the OAuth2 authorization-code flow and a
loopback redirect, saves the token to -token-file, then prints a week of
sleep scores, saving every refreshed token to the same file. With
OURA_CLIENT_ID and OURA_CLIENT_SECRET set it talks to Oura (register
http://127.0.0.1:PORT/callback as a redirect URI and pass -port PORT);
without them, to the SDK's built-in fake server, which approves at once. It
says which.`, Env: []cli.Env{
	{Name: "OURA_CLIENT_ID", Doc: "the application's OAuth2 client id. Unset: the built-in fake server."},
	{Name: "OURA_CLIENT_SECRET", Doc: "the application's OAuth2 client secret."},
}}

func main() { cmd.Exit(mainErr(os.Args[1:], os.Stdout, os.Getenv)) }

func mainErr(args []string, w io.Writer, getenv func(string) string) error {
	fs := cmd.FlagSet()
	port := fs.Int("port", 0, "loopback port of the redirect URI; Oura needs the registered one (0: any free port)")
	tokenFile := fs.String("token-file", "oura-token.json", "where to save the token (mode 0600)")
	if err := cmd.Parse(fs, args, w); err != nil {
		return err
	}
	switch {
	case *port < 0 || *port > 65535:
		return cli.Usagef("-port %d is not between 0 and 65535", *port)
	case *tokenFile == "":
		return cli.Usagef("-token-file is empty")
	}
	if err := cli.BothOrNeither(getenv, "OURA_CLIENT_ID", "OURA_CLIENT_SECRET"); err != nil {
		return err
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	ctx, cancel := context.WithTimeout(ctx, 5*time.Minute) // time to log in
	defer cancel()

	o := options{
		ClientID:     getenv("OURA_CLIENT_ID"),
		ClientSecret: getenv("OURA_CLIENT_SECRET"),
		Addr:         fmt.Sprintf("127.0.0.1:%d", *port),
		TokenFile:    *tokenFile,
		Loc:          time.Local,
	}
	browser := openBrowser
	if o.ClientID == "" {
		browser = follow // the fake server needs no login: play the browser
	}
	return run(ctx, w, o, browser)
}

type options struct {
	ClientID, ClientSecret string           // empty ClientID: the fake server
	Addr                   string           // loopback address of the redirect, such as 127.0.0.1:8080
	TokenFile              string           // where the token is saved
	Loc                    *time.Location   // for "the last seven days"
	Fake                   *ouratest.Server // the fake server to use; nil: a new one
}

// callback is what the redirect brought.
type callback struct {
	code string
	err  error
}

// run authorizes, saves the token and reads a week of sleep. openBrowser
// is handed the authorization URL.
func run(ctx context.Context, w io.Writer, o options, openBrowser func(url string) error) error {
	ln, err := net.Listen("tcp", o.Addr)
	if err != nil {
		return fmt.Errorf("listening for the redirect: %w", err)
	}
	defer ln.Close()
	redirect := "http://" + ln.Addr().String() + "/callback"

	var cfg *oauth2.Config
	var api []oura.Option
	if o.ClientID == "" {
		srv := o.Fake
		if srv == nil {
			srv = ouratest.NewServer()
			defer srv.Close()
		}
		fmt.Fprintln(w, "OURA_CLIENT_ID is not set: using the built-in fake server (automatic approval, synthetic data).")
		cfg = srv.OAuth2Config(redirect)
		api = []oura.Option{oura.WithBaseURL(srv.URL), oura.WithHTTPClient(srv.Client())}
	} else if cfg, err = oura.OAuth2Config(o.ClientID, o.ClientSecret, redirect, oura.ScopeDaily); err != nil {
		return err
	} else {
		fmt.Fprintln(w, "OURA_CLIENT_ID is set: connecting to Oura (cloud.ouraring.com, api.ouraring.com).")
	}

	// state ties the redirect to this run: a forged redirect lacks it.
	b := make([]byte, 24)
	rand.Read(b)
	state := base64.RawURLEncoding.EncodeToString(b)

	results := make(chan callback, 1)
	mux := http.NewServeMux()
	mux.HandleFunc("GET /callback", func(rw http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		var res callback
		switch {
		case subtle.ConstantTimeCompare([]byte(q.Get("state")), []byte(state)) != 1:
			res.err = errors.New("the redirect's state does not match this run's: refusing it")
		case q.Get("error") != "":
			res.err = fmt.Errorf("authorization refused: %.100q", q.Get("error"))
		case q.Get("code") == "":
			res.err = errors.New("the redirect carries no code")
		default:
			res.code = q.Get("code")
		}
		if res.err != nil {
			http.Error(rw, res.err.Error(), http.StatusBadRequest)
		} else {
			fmt.Fprintln(rw, "Oura is connected. You can close this window.")
		}
		select {
		case results <- res: // the first redirect decides
		default:
		}
	})
	hs := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go hs.Serve(ln)
	defer hs.Close()

	authURL := cfg.AuthCodeURL(state)
	fmt.Fprintf(w, "Open this address to connect your Oura account:\n\n  %s\n\n", authURL)
	if err := openBrowser(authURL); err != nil {
		fmt.Fprintf(w, "Could not open a browser (%v): open the address yourself.\n", err)
	}
	fmt.Fprintf(w, "Waiting for the redirect to %s ...\n", redirect)
	var res callback
	select {
	case res = <-results:
	case <-ctx.Done():
		return fmt.Errorf("waiting for the authorization: %w", ctx.Err())
	}
	if res.err != nil {
		return res.err
	}

	// ExchangeCode works for applications of both Oura developer portals
	// (each has its token endpoint); its errors never show the code.
	tok, err := oura.ExchangeCode(ctx, cfg, res.code)
	if err != nil {
		return err
	}
	if err := oura.SaveTokenFile(o.TokenFile, tok); err != nil {
		return err
	}
	fmt.Fprintf(w, "Saved the token to %s (mode 0600).\n", o.TokenFile)

	// Oura's refresh tokens are single-use: each refreshed token is saved
	// before it is used.
	ts, err := oura.NewRotatingTokenSource(ctx, cfg, tok, func(t *oauth2.Token) error {
		return oura.SaveTokenFile(o.TokenFile, t)
	})
	if err != nil {
		return err
	}
	client, err := oura.NewClient(append(api, oura.WithTokenSource(ts))...)
	if err != nil {
		return err
	}
	week := oura.LastDays(7, o.Loc)
	days, err := client.DailySleep(ctx, week.Start, week.End)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "Sleep scores %s:\n", week)
	for _, d := range days {
		score := "no score"
		if d.Score != nil {
			score = fmt.Sprint(*d.Score)
		}
		fmt.Fprintf(w, "  %s  %s\n", d.Day, score)
	}
	return nil
}

// openBrowser opens u in the system's browser.
func openBrowser(u string) error {
	switch runtime.GOOS {
	case "darwin":
		return exec.Command("open", u).Start()
	case "windows":
		return exec.Command("rundll32", "url.dll,FileProtocolHandler", u).Start()
	default:
		return exec.Command("xdg-open", u).Start()
	}
}

// follow plays the browser for the fake server: it follows u's redirects
// to the loopback callback.
func follow(u string) error {
	resp, err := http.Get(u)
	if err != nil {
		return err
	}
	resp.Body.Close()
	return nil
}
