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
	"os"
	"time"

	"github.com/ringkit/oura-go/internal/cli"
	"github.com/ringkit/oura-go/oura"
	"github.com/ringkit/oura-go/oura/ouratest"
)

var cmd = cli.Command{Name: "quickstart", Env: []cli.Env{cli.EnvToken}, Summary: `
Prints the sleep scores of the last seven days. With OURA_TOKEN set it talks
to Oura's API; without it, to the SDK's built-in fake server. It says which.`}

func main() { cmd.Exit(mainErr(os.Args[1:], os.Stdout, os.Getenv)) }

func mainErr(args []string, w io.Writer, getenv func(string) string) error {
	if err := cmd.Parse(cmd.FlagSet(), args, w); err != nil {
		return err
	}
	return run(context.Background(), w, getenv("OURA_TOKEN"), time.Local)
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
