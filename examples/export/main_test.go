package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"github.com/ringkit/oura-go/internal/cli/clitest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ringkit/oura-go/oura"
	"github.com/ringkit/oura-go/oura/ouratest"
)

func TestExportsEightStreamsOffline(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	r := oura.DateRange{Start: oura.NewDate(2024, time.March, 1), End: oura.NewDate(2024, time.March, 20)}
	var out bytes.Buffer
	if err := run(context.Background(), &out, "", dir, r); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "fake server") {
		t.Fatalf("the example did not say it uses the fake server:\n%s", out.String())
	}
	ds := ouratest.NewServer().Dataset()
	hrStart, hrEnd := r.Times(time.Local)
	want := map[string]int{
		"daily_activity":  len(ds.DailyActivity(r.Start, r.End)),
		"daily_readiness": len(ds.DailyReadiness(r.Start, r.End)),
		"daily_sleep":     len(ds.DailySleep(r.Start, r.End)),
		"heart_rate":      len(ds.HeartRate(hrStart, hrEnd)),
		"sessions":        len(ds.Sessions(r.Start, r.End)),
		"sleep_periods":   len(ds.SleepPeriods(r.Start, r.End)),
		"tags":            len(ds.Tags(r.Start, r.End)),
		"workouts":        len(ds.Workouts(r.Start, r.End)),
	}
	for name, n := range want {
		f, err := os.Open(filepath.Join(dir, name+".jsonl"))
		if err != nil {
			t.Fatal(err)
		}
		lines := 0
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			var rec map[string]any
			if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
				t.Fatalf("%s line %d: %v", name, lines+1, err)
			}
			lines++
		}
		f.Close()
		if lines != n || n == 0 {
			t.Errorf("%s: %d lines; want %d (and more than 0)", name, lines, n)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 8 {
		t.Fatalf("%d files in the export directory; want 8", len(entries))
	}
}

func TestFailedStreamLeavesNoFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	srv := ouratest.NewServer(ouratest.WithHook(ouratest.FailFirst(1, 401)))
	defer srv.Close()
	c, err := srv.NewClient()
	if err != nil {
		t.Fatal(err)
	}
	d := oura.NewDate(2024, time.March, 1)
	_, err = writeStream(filepath.Join(dir, "daily_sleep.jsonl"), anyOf(c.DailySleepIter(context.Background(), d, d)))
	if err == nil {
		t.Fatal("want the 401")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Fatalf("files left behind: %v", entries)
	}
}

func TestHelpAndBadFlags(t *testing.T) {
	t.Parallel()
	clitest.Help(t, cmd, mainErr, "-days", "-out")
	clitest.BadArgs(t, mainErr, nil, map[string][]string{
		"-days 0 is not between 1 and 7300":  {"-days", "0"},
		"invalid value \"x\" for flag -days": {"-days", "x"},
		"-out is empty":                      {"-out", ""},
		"-days 9999":                         {"-days", "9999"},
	})
}
