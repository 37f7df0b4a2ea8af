// Command quickstart prints the sleep scores of the last seven days.
//
// With OURA_TOKEN set (an OAuth2 access token) it asks Oura; without it, it
// runs against the SDK's built-in fake server and says so.
//
//	go run ./examples/quickstart
package main

import (
	"context"
	"fmt"
	"io"
	"log"
	"os"
	"time"

	"github.com/ringkit/oura-go/oura"
	"github.com/ringkit/oura-go/oura/ouratest"
)

func main() {
	if err := run(context.Background(), os.Stdout, os.Getenv("OURA_TOKEN"), time.Local); err != nil {
		log.Fatal(err)
	}
}

func run(ctx context.Context, w io.Writer, token string, loc *time.Location) error {
	// With no token, run against the built-in fake server.
	client, done, err := ouratest.ClientOrFake(token, w)
	if err != nil {
		return err
	}
	defer done()

	week := oura.LastDays(7, loc)
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
