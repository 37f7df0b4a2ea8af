// Command sandbox reads Oura's sandbox: every collection with fake data,
// for trying the API before a user has granted access. It prints a week of
// readiness scores and workouts.
//
// With OURA_TOKEN set it asks Oura's sandbox routes; without it, it runs
// against the SDK's built-in fake server (which serves the sandbox routes
// too) and says so.
//
//	go run ./examples/sandbox
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

var cmd = cli.Command{Name: "sandbox", Env: []cli.Env{cli.EnvToken}, Summary: `
Prints a week of readiness scores and workouts from Oura's sandbox routes,
which serve fake data. With OURA_TOKEN set it talks to Oura's API; without
it, to the SDK's built-in fake server. It says which.`}

func main() { cmd.Exit(mainErr(os.Args[1:], os.Stdout, os.Getenv)) }

func mainErr(args []string, w io.Writer, getenv func(string) string) error {
	if err := cmd.Parse(cmd.FlagSet(), args, w); err != nil {
		return err
	}
	return run(context.Background(), w, getenv("OURA_TOKEN"))
}

func run(ctx context.Context, w io.Writer, token string, opts ...oura.Option) error {
	// WithSandbox sends every collection to /v2/sandbox/usercollection/.
	client, done, err := ouratest.ClientOrFake(token, w, append(opts, oura.WithSandbox())...)
	if err != nil {
		return err
	}
	defer done()

	week := oura.LastDays(7, time.Local)
	readiness, err := client.DailyReadiness(ctx, week.Start, week.End)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "Sandbox readiness %s:\n", week)
	for _, r := range readiness {
		score := "-"
		if r.Score != nil {
			score = fmt.Sprint(*r.Score)
		}
		fmt.Fprintf(w, "  %s  %s\n", r.Day, score)
	}
	workouts, err := client.Workouts(ctx, week.Start, week.End)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "Sandbox workouts: %d\n", len(workouts))
	for _, wo := range workouts {
		fmt.Fprintf(w, "  %s  %-18s %s\n", wo.Day, wo.Activity, wo.EndDatetime.Sub(wo.StartDatetime).Round(time.Minute))
	}
	return nil
}
