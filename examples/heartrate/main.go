// Command heartrate summarizes the heart rate of the last 24 hours per
// hour: samples, minimum, average and maximum beats per minute.
//
// With OURA_TOKEN set it asks Oura; without it, it runs against the SDK's
// built-in fake server and says so.
//
//	go run ./examples/heartrate
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/ringkit/oura-go/internal/cli"
	"github.com/ringkit/oura-go/oura/ouratest"
)

var cmd = cli.Command{Name: "heartrate", Env: []cli.Env{cli.EnvToken}, Summary: `
Summarizes the heart rate of the last 24 hours per hour. With OURA_TOKEN set
it talks to Oura's API; without it, to the SDK's built-in fake server. It
says which.`}

func main() { cmd.Exit(mainErr(os.Args[1:], os.Stdout, os.Getenv)) }

func mainErr(args []string, w io.Writer, getenv func(string) string) error {
	if err := cmd.Parse(cmd.FlagSet(), args, w); err != nil {
		return err
	}
	return run(context.Background(), w, getenv("OURA_TOKEN"), time.Now())
}

type stats struct{ n, min, max, sum int }

func run(ctx context.Context, w io.Writer, token string, now time.Time) error {
	// With no token, run against the built-in fake server.
	client, done, err := ouratest.ClientOrFake(token, w)
	if err != nil {
		return err
	}
	defer done()

	end := now.Truncate(time.Hour)
	start := end.Add(-24 * time.Hour)
	hours := make([]stats, 24)
	// The iterator fetches one page (about 1,000 samples) at a time.
	for hr, err := range client.HeartRateIter(ctx, start, end) {
		if err != nil {
			return err
		}
		h := &hours[int(hr.Timestamp.Sub(start)/time.Hour)]
		if h.n == 0 || hr.BPM < h.min {
			h.min = hr.BPM
		}
		h.max = max(h.max, hr.BPM)
		h.sum += hr.BPM
		h.n++
	}
	fmt.Fprintf(w, "Heart rate from %s to %s:\n", start.Format(time.RFC3339), end.Format(time.RFC3339))
	fmt.Fprintln(w, "  hour   samples  min  avg  max")
	for i, h := range hours {
		at := start.Add(time.Duration(i) * time.Hour).In(now.Location()).Format("15:04")
		if h.n == 0 {
			fmt.Fprintf(w, "  %s  %7d    -    -    -\n", at, 0)
			continue
		}
		fmt.Fprintf(w, "  %s  %7d  %3d  %3d  %3d\n", at, h.n, h.min, h.sum/h.n, h.max)
	}
	return nil
}
