// Command export does what the Oura data connector does: a full refresh of
// its eight streams, each written to one JSON Lines file (one record per
// line) in a directory.
//
// With OURA_TOKEN set it asks Oura; without it, it runs against the SDK's
// built-in fake server and says so.
//
//	go run ./examples/export -days 90 -out ./oura-export
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"iter"
	"os"
	"path/filepath"
	"time"

	"github.com/ringkit/oura-go/internal/cli"
	"github.com/ringkit/oura-go/oura"
	"github.com/ringkit/oura-go/oura/ouratest"
)

var cmd = cli.Command{Name: "export", Env: []cli.Env{cli.EnvToken}, Summary: `
Exports the eight streams of the Oura data connector (a full refresh), each
to one JSON Lines file in -out. With OURA_TOKEN set it talks to Oura's API;
without it, to the SDK's built-in fake server. It says which.`}

func main() { cmd.Exit(mainErr(os.Args[1:], os.Stdout, os.Getenv)) }

func mainErr(args []string, w io.Writer, getenv func(string) string) error {
	fs := cmd.FlagSet()
	days := fs.Int("days", 30, "number of days to export, ending today (1 to 7300)")
	out := fs.String("out", "oura-export", "output directory, created if missing")
	if err := cmd.Parse(fs, args, w); err != nil {
		return err
	}
	if *days < 1 || *days > 7300 {
		return cli.Usagef("-days %d is not between 1 and 7300", *days)
	}
	if *out == "" {
		return cli.Usagef("-out is empty")
	}
	return run(context.Background(), w, getenv("OURA_TOKEN"), *out, oura.LastDays(*days, time.Local))
}

func run(ctx context.Context, w io.Writer, token, dir string, r oura.DateRange) error {
	// With no token, run against the built-in fake server.
	client, done, err := ouratest.ClientOrFake(token, w)
	if err != nil {
		return err
	}
	defer done()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	hrStart, hrEnd := r.Times(time.Local)
	streams := []struct {
		name string
		recs iter.Seq2[any, error]
	}{
		{"daily_activity", anyOf(client.DailyActivityIter(ctx, r.Start, r.End))},
		{"daily_readiness", anyOf(client.DailyReadinessIter(ctx, r.Start, r.End))},
		{"daily_sleep", anyOf(client.DailySleepIter(ctx, r.Start, r.End))},
		{"heart_rate", anyOf(client.HeartRateIter(ctx, hrStart, hrEnd))},
		{"sessions", anyOf(client.SessionsIter(ctx, r.Start, r.End))},
		{"sleep_periods", anyOf(client.SleepPeriodsIter(ctx, r.Start, r.End))},
		//lint:ignore SA1019 the connector's tags stream is Oura's deprecated tag collection
		{"tags", anyOf(client.TagsIter(ctx, r.Start, r.End))},
		{"workouts", anyOf(client.WorkoutsIter(ctx, r.Start, r.End))},
	}
	fmt.Fprintf(w, "Exporting %s to %s\n", r, dir)
	for _, s := range streams {
		n, err := writeStream(filepath.Join(dir, s.name+".jsonl"), s.recs)
		if err != nil {
			return fmt.Errorf("%s: %w", s.name, err)
		}
		fmt.Fprintf(w, "  %-16s %7d records\n", s.name, n)
	}
	return nil
}

// writeStream writes records to path, one JSON document per line. The file
// appears only when the whole stream was read: a failed sync leaves no
// partial file behind.
func writeStream(path string, recs iter.Seq2[any, error]) (int, error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".export-*")
	if err != nil {
		return 0, err
	}
	defer os.Remove(tmp.Name())
	bw := bufio.NewWriter(tmp)
	enc := json.NewEncoder(bw)
	n := 0
	for rec, err := range recs {
		if err != nil {
			tmp.Close()
			return n, err
		}
		if err := enc.Encode(rec); err != nil {
			tmp.Close()
			return n, err
		}
		n++
	}
	if err := bw.Flush(); err != nil {
		tmp.Close()
		return n, err
	}
	if err := tmp.Close(); err != nil {
		return n, err
	}
	return n, os.Rename(tmp.Name(), path)
}

func anyOf[T any](seq iter.Seq2[T, error]) iter.Seq2[any, error] {
	return func(yield func(any, error) bool) {
		for v, err := range seq {
			if !yield(v, err) {
				return
			}
		}
	}
}
