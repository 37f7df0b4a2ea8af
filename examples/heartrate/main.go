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
	"log"
	"os"
	"time"

	"github.com/ringkit/oura-go/oura/ouratest"
)

func main() {
	if err := run(context.Background(), os.Stdout, os.Getenv("OURA_TOKEN"), time.Now()); err != nil {
		log.Fatal(err)
	}
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
