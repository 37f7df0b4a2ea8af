package ourasync_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"time"

	"github.com/ringkit/oura-go/oura/ourasync"
	"github.com/ringkit/oura-go/oura/ouratest"
)

// A sync of the connector's eight streams into a JSON Lines change log and
// a state file, against a fake server whose data moves on a day between runs.
func ExampleSyncer_Run() {
	m := ouratest.NewMoving(time.Date(2024, time.March, 20, 9, 0, 0, 0, time.UTC))
	srv := ouratest.NewServer(ouratest.WithDataset(m.Dataset))
	defer srv.Close()
	client, _ := srv.NewClient()

	dir, _ := os.MkdirTemp("", "ourasync-example-")
	defer os.RemoveAll(dir)
	store, err := ourasync.NewFileStore(filepath.Join(dir, "state")) // one file per user
	if err != nil {
		log.Fatal(err)
	}
	changes, err := ourasync.OpenJSONLog(filepath.Join(dir, "changes.jsonl")) // or your database
	if err != nil {
		log.Fatal(err)
	}
	defer changes.Close()
	s, err := ourasync.New(ourasync.Config{
		Store:   store,
		Sink:    changes,
		Streams: ourasync.ConnectorStreams,
		Start:   m.Today().AddDays(-30),
		Now:     m.Now, // the fake's clock; leave nil for time.Now
	})
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	first, err := s.Run(ctx, "user-1", client)
	if err != nil {
		log.Fatal(err)
	}
	m.Step() // a day later: a revised score, a sleep deleted, a workout removed, ...
	second, err := s.Run(ctx, "user-1", client)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("first run: upserts", first.Streams[ourasync.SleepPeriods].Upserted)
	r := second.Streams[ourasync.SleepPeriods]
	fmt.Println("second run: upserts", r.Upserted, "deletes", r.Deleted, "unchanged", r.Skipped)
	// Output:
	// first run: upserts 37
	// second run: upserts 2 deletes 1 unchanged 8
}
