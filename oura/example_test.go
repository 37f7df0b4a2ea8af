package oura_test

import (
	"context"
	"fmt"
	"log"
	"net/http/httptest"
	"time"

	"golang.org/x/oauth2"

	"github.com/ringkit/oura-go/oura"
	"github.com/ringkit/oura-go/oura/ouratest"
)

func ExampleClient_DailySleep() {
	// A fake Oura server; with a real account use
	// oura.NewClient(oura.WithToken(accessToken)).
	srv := ouratest.NewServer()
	defer srv.Close()
	client, err := srv.NewClient()
	if err != nil {
		log.Fatal(err)
	}

	start := oura.NewDate(2024, time.March, 5)
	end := oura.NewDate(2024, time.March, 8) // included
	days, err := client.DailySleep(context.Background(), start, end)
	if err != nil {
		log.Fatal(err)
	}
	for _, d := range days {
		if d.Score == nil {
			fmt.Println(d.Day, "no score")
			continue
		}
		fmt.Println(d.Day, *d.Score)
	}
	// Output:
	// 2024-03-05 80
	// 2024-03-06 no score
	// 2024-03-07 85
	// 2024-03-08 51
}

func ExampleClient_HeartRate() {
	srv := ouratest.NewServer()
	defer srv.Close()
	client, err := srv.NewClient()
	if err != nil {
		log.Fatal(err)
	}

	// Half-open: samples at or after start and before end.
	start := time.Date(2024, time.March, 1, 18, 0, 0, 0, time.UTC)
	end := start.Add(30 * time.Minute)
	rows, err := client.HeartRate(context.Background(), start, end)
	if err != nil {
		log.Fatal(err)
	}
	for _, r := range rows {
		fmt.Println(r.Timestamp.Format(time.Kitchen), r.BPM, r.Source)
	}
	// Output:
	// 6:00PM 77 awake
	// 6:05PM 75 awake
	// 6:10PM 78 awake
	// 6:15PM 78 awake
	// 6:20PM 74 awake
	// 6:25PM 81 awake
}

func ExampleClient_HeartRateIter() {
	srv := ouratest.NewServer()
	defer srv.Close()
	client, err := srv.NewClient()
	if err != nil {
		log.Fatal(err)
	}

	// A week of samples, one page (about 1,000 rows) in memory at a time.
	start := time.Date(2024, time.March, 1, 0, 0, 0, 0, time.UTC)
	n, sum := 0, 0
	for r, err := range client.HeartRateIter(context.Background(), start, start.AddDate(0, 0, 7)) {
		if err != nil {
			log.Fatal(err)
		}
		n++
		sum += r.BPM
	}
	fmt.Println(n, "samples")
	// Output:
	// 2016 samples
}

func ExampleLastDays() {
	week := oura.DateRange{Start: oura.NewDate(2024, time.February, 26), End: oura.NewDate(2024, time.March, 3)}
	fmt.Println(week, week.Days(), "days")
	for _, part := range week.Split(3) {
		fmt.Println(part)
	}
	// Output:
	// 2024-02-26..2024-03-03 7 days
	// 2024-02-26..2024-02-28
	// 2024-02-29..2024-03-02
	// 2024-03-03..2024-03-03
}

func ExampleNewRotatingTokenSource() {
	// The fake server plays Oura's API and its authorization server.
	srv := ouratest.NewServer()
	defer srv.Close()
	cfg := srv.OAuth2Config("") // oura.OAuth2Config(clientID, clientSecret, redirectURL) for Oura
	tok := srv.IssueToken()     // cfg.Exchange(ctx, code) after the user's consent
	tok.Expiry = time.Now().Add(-time.Minute)

	saved := 0
	ts, err := oura.NewRotatingTokenSource(context.Background(), cfg, tok, func(t *oauth2.Token) error {
		saved++ // store t for this user: its refresh token replaces the spent one
		return nil
	})
	if err != nil {
		log.Fatal(err)
	}
	client, err := oura.NewClient(oura.WithBaseURL(srv.URL), oura.WithTokenSource(ts))
	if err != nil {
		log.Fatal(err)
	}
	day := oura.NewDate(2024, time.March, 5)
	days, err := client.DailySleep(context.Background(), day, day)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(days), "day,", srv.Refreshes(), "refresh,", saved, "token saved before use")
	// Output:
	// 1 day, 1 refresh, 1 token saved before use
}

func ExampleNewWebhookHandler() {
	ctx := context.Background()
	srv := ouratest.NewServer() // Oura's API and its webhook subscriptions, faked
	defer srv.Close()
	client, err := srv.NewClient()
	if err != nil {
		log.Fatal(err)
	}
	_, secret := srv.WebhookCredentials()

	events := make(chan string, 1)
	handler, err := oura.NewWebhookHandler(oura.WebhookHandlerConfig{
		ClientSecret:      secret,
		VerificationToken: "my-verification-token",
		OnEvent: func(ctx context.Context, ev oura.WebhookEvent) error {
			doc, err := client.DocumentByID(ctx, ev.DataType, ev.ObjectID)
			if err != nil {
				return err // 500: Oura sends the event again
			}
			events <- fmt.Sprintf("%s %s %s: score %d", ev.EventType, ev.DataType, doc.(*oura.DailySleep).Day, *doc.(*oura.DailySleep).Score)
			return nil
		},
	})
	if err != nil {
		log.Fatal(err)
	}
	receiver := httptest.NewServer(handler) // your callback URL, served over https in production
	defer receiver.Close()

	subs, err := srv.NewWebhookClient()
	if err != nil {
		log.Fatal(err)
	}
	sub, err := subs.CreateSubscription(ctx, oura.CreateWebhookSubscriptionRequest{
		CallbackURL:       receiver.URL,
		VerificationToken: "my-verification-token", // the handler answers the challenge
		EventType:         oura.WebhookEventTypeUpdate,
		DataType:          oura.WebhookDataTypeDailySleep,
	})
	if err != nil {
		log.Fatal(err)
	}
	day := oura.NewDate(2024, time.March, 5)
	resp, err := srv.Deliver(ctx, sub.ID, oura.WebhookEvent{ObjectID: srv.Dataset().DailySleep(day, day)[0].ID})
	if err != nil {
		log.Fatal(err)
	}
	resp.Body.Close()
	fmt.Println(resp.Status)
	fmt.Println(<-events)
	// Output:
	// 200 OK
	// update daily_sleep 2024-03-05: score 80
}

func ExampleWithConcurrency() {
	srv := ouratest.NewServer()
	defer srv.Close()
	// A year's backfill over a slow link: 16 chains in flight instead of
	// the default 4; records still come in time order.
	client, err := srv.NewClient(oura.WithConcurrency(16))
	if err != nil {
		log.Fatal(err)
	}
	start := time.Date(2024, time.January, 1, 0, 0, 0, 0, time.UTC)
	rows, err := client.HeartRate(context.Background(), start, start.AddDate(1, 0, 0))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(rows) == len(srv.Dataset().HeartRate(start, start.AddDate(1, 0, 0))))
	fmt.Println(rows[0].Timestamp.Before(rows[len(rows)-1].Timestamp))
	// Output:
	// true
	// true
}
