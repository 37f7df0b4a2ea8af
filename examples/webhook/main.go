// Command webhook receives Oura webhook deliveries: it answers Oura's
// verification of the callback URL, checks each delivery's signature, and
// for each event fetches the changed document and prints one line.
//
// Credentials come from the environment:
//
//   - OURA_TOKEN, a user's access token, to fetch documents;
//   - OURA_CLIENT_ID and OURA_CLIENT_SECRET, the application's, which sign
//     deliveries and manage subscriptions;
//   - OURA_VERIFICATION_TOKEN, optional, the token Oura sends back when it
//     verifies the callback (random otherwise).
//
// With -callback (the public https URL that reaches -addr) it first
// subscribes that URL to -event-type events on -data-type documents.
//
// Without OURA_TOKEN it fetches documents from the SDK's built-in fake
// server, and without OURA_CLIENT_ID and OURA_CLIENT_SECRET it subscribes
// on a fake server too, using its own address as the callback, and
// delivers one sample event, so the whole flow runs offline; it says so.
//
//	go run ./examples/webhook
//	go run ./examples/webhook -addr :8080 -callback https://example.com/oura
package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"sync"
	"time"

	"github.com/ringkit/oura-go/internal/cli"
	"github.com/ringkit/oura-go/oura"
	"github.com/ringkit/oura-go/oura/ouratest"
)

var cmd = cli.Command{Name: "webhook", Summary: `
Receives Oura webhook deliveries on -addr: answers Oura's verification of the
callback URL, checks each delivery's signature, fetches the changed document
and prints one line per event. With -callback (the public https URL that
reaches -addr) it first subscribes that URL. Documents come from Oura with
OURA_TOKEN, from the SDK's built-in fake server without; subscriptions are
made on Oura with OURA_CLIENT_ID and OURA_CLIENT_SECRET, on a fake server
without (which then delivers one sample event, so it all runs offline). It
says which.`, Env: []cli.Env{
	cli.EnvToken,
	{Name: "OURA_CLIENT_ID", Doc: "the application's client id, which manages subscriptions. Unset: a fake server."},
	{Name: "OURA_CLIENT_SECRET", Doc: "the application's client secret, which signs deliveries."},
	{Name: "OURA_VERIFICATION_TOKEN", Doc: "the token Oura sends back when it verifies the callback (random when unset)."},
}}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	err := run(ctx, os.Stdout, os.Args[1:], os.Getenv)
	stop()
	cmd.Exit(err)
}

// run serves the receiver until ctx ends.
func run(ctx context.Context, w io.Writer, args []string, getenv func(string) string) error {
	w = &syncWriter{w: w} // the receiver prints from its own goroutines
	fs := cmd.FlagSet()
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on")
	callback := fs.String("callback", "", "public URL of this receiver; when set, subscribe it first")
	eventType := fs.String("event-type", string(oura.WebhookEventTypeUpdate), "event type to subscribe to: create, update or delete")
	dataType := fs.String("data-type", string(oura.WebhookDataTypeDailySleep), "data type to subscribe to, such as daily_sleep or workout")
	if err := cmd.Parse(fs, args, w); err != nil {
		return err
	}
	et, dt := oura.WebhookEventType(*eventType), oura.WebhookDataType(*dataType)
	switch {
	case !et.Valid():
		return cli.Usagef("-event-type %q is not create, update or delete", et)
	case !dt.WellFormed(): // one the SDK does not know yet is sent: Oura decides
		return cli.Usagef("-data-type %q is not a data type name (letters, digits and _)", dt)
	case *addr == "":
		return cli.Usagef("-addr is empty")
	}
	if *callback != "" {
		if u, err := url.Parse(*callback); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return cli.Usagef("-callback %q is not an http or https URL", *callback)
		}
	}

	// Documents: Oura with OURA_TOKEN, the built-in fake server without.
	token := getenv("OURA_TOKEN")
	client, done, err := ouratest.ClientOrFake(token, w)
	if err != nil {
		return err
	}
	defer done()

	// Subscriptions and signatures: the application's credentials, or a
	// fake server's.
	var wc *oura.WebhookClient
	var fake *ouratest.Server
	id, secret := getenv("OURA_CLIENT_ID"), getenv("OURA_CLIENT_SECRET")
	switch {
	case id == "" && secret == "":
		fake = ouratest.NewServer()
		defer fake.Close()
		fmt.Fprintln(w, "OURA_CLIENT_ID and OURA_CLIENT_SECRET are not set: subscribing on the built-in fake server.")
		_, secret = fake.WebhookCredentials()
		wc, err = fake.NewWebhookClient()
	case id == "" || secret == "":
		return cli.BothOrNeither(getenv, "OURA_CLIENT_ID", "OURA_CLIENT_SECRET")
	default:
		fmt.Fprintln(w, "OURA_CLIENT_ID and OURA_CLIENT_SECRET are set: subscribing on Oura.")
		wc, err = oura.NewWebhookClient(id, secret)
	}
	if err != nil {
		return err
	}
	verification := getenv("OURA_VERIFICATION_TOKEN")
	if verification == "" {
		verification = randomToken()
	}

	h, err := newReceiver(w, client, secret, verification)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	hs := &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second}
	served := make(chan error, 1)
	go func() { served <- hs.Serve(ln) }()
	defer func() {
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		defer cancel()
		_ = hs.Shutdown(sctx)
	}()
	fmt.Fprintf(w, "Listening on http://%s\n", ln.Addr())

	if *callback == "" && fake != nil {
		*callback = "http://" + ln.Addr().String() + "/oura" // the fake can reach us here
	}
	if *callback != "" {
		sub, err := subscribe(ctx, wc, *callback, verification, et, dt)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "Subscribed %s to %s %s events until %s (id %s)\n",
			sub.CallbackURL, sub.EventType, sub.DataType, sub.ExpirationTime.Format(time.RFC3339), sub.ID)
		if fake != nil && token == "" {
			if err := deliverSample(ctx, w, fake, sub); err != nil {
				return err
			}
		}
	}

	select {
	case <-ctx.Done():
		return nil
	case err := <-served:
		return err
	}
}

// newReceiver returns the callback's handler: for each verified event it
// fetches the changed document with client and prints one line on w.
func newReceiver(w io.Writer, client *oura.Client, secret, verificationToken string) (http.Handler, error) {
	var mu sync.Mutex // events arrive concurrently
	return oura.NewWebhookHandler(oura.WebhookHandlerConfig{
		ClientSecret:      secret,
		VerificationToken: verificationToken,
		OnEvent: func(ctx context.Context, ev oura.WebhookEvent) error {
			line, err := describe(ctx, client, ev)
			mu.Lock()
			defer mu.Unlock()
			fmt.Fprintf(w, "%s %s %s: %s\n", ev.EventType, ev.DataType, ev.ObjectID, line)
			return err // an error answers 500: Oura delivers the event again
		},
	})
}

// describe fetches the document of ev and returns it as JSON.
func describe(ctx context.Context, client *oura.Client, ev oura.WebhookEvent) (string, error) {
	if ev.EventType == oura.WebhookEventTypeDelete {
		return "deleted", nil
	}
	doc, err := client.DocumentByID(ctx, ev.DataType, ev.ObjectID)
	switch {
	case errors.Is(err, oura.ErrInvalidArgument):
		return "no by-id route for this data type", nil
	case errors.Is(err, oura.ErrNotFound):
		return "not found", nil
	case err != nil:
		return "error: " + err.Error(), err
	}
	b, err := json.Marshal(doc)
	if err != nil {
		return "error: " + err.Error(), err
	}
	return string(b), nil
}

// subscribe creates the subscription; Oura verifies callback before
// answering, so the receiver must already be serving.
func subscribe(ctx context.Context, wc *oura.WebhookClient, callback, verificationToken string,
	et oura.WebhookEventType, dt oura.WebhookDataType) (*oura.WebhookSubscription, error) {
	return wc.CreateSubscription(ctx, oura.CreateWebhookSubscriptionRequest{
		CallbackURL: callback, VerificationToken: verificationToken, EventType: et, DataType: dt,
	})
}

// deliverSample has the fake server deliver an event for yesterday's
// document of sub's data type, when the fake dataset has one.
func deliverSample(ctx context.Context, w io.Writer, fake *ouratest.Server, sub *oura.WebhookSubscription) error {
	d := oura.Today(time.Local).AddDays(-1)
	ds := fake.Dataset()
	var id string
	switch sub.DataType {
	case oura.WebhookDataTypeDailySleep:
		id = ds.DailySleep(d, d)[0].ID
	case oura.WebhookDataTypeDailyReadiness:
		id = ds.DailyReadiness(d, d)[0].ID
	case oura.WebhookDataTypeDailyActivity:
		id = ds.DailyActivity(d, d)[0].ID
	default:
		fmt.Fprintf(w, "No sample event for %s; waiting for deliveries.\n", sub.DataType)
		return nil
	}
	resp, err := fake.Deliver(ctx, sub.ID, oura.WebhookEvent{ObjectID: id})
	if err != nil {
		return err
	}
	resp.Body.Close()
	fmt.Fprintf(w, "Delivered a sample event: %s. Waiting for more (Ctrl-C to stop).\n", resp.Status)
	return nil
}

// syncWriter serializes writes.
type syncWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}

func randomToken() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
