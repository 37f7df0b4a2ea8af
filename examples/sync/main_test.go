package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/ringkit/oura-go/oura/ourasync"
	"github.com/ringkit/oura-go/oura/ourasync/sqlitemirror"
)

// total reads the "total" line of a summary: fetched, upserted, deleted.
func total(t *testing.T, out string) (fetched, upserted, deleted int) {
	t.Helper()
	m := regexp.MustCompile(`(?m)^total\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)$`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no total line in:\n%s", out)
	}
	n := func(s string) int { v, _ := strconv.Atoi(s); return v }
	return n(m[1]), n(m[2]), n(m[3])
}

func TestSecondRunShowsWhatChanged(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "oura.db")
	ctx := context.Background()
	var out1, out2 bytes.Buffer
	if err := run(ctx, []string{"-db", db, "-days", "20", "-streams", "connector"}, "", &out1); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out1.String(), "fake server") || !strings.Contains(out1.String(), "run 1") {
		t.Fatalf("the first run did not say it uses the fake server:\n%s", out1.String())
	}
	_, up1, _ := total(t, out1.String())
	// -days 20: the 20 days before the first run's day in UTC, through the
	// fake user's today (a day later in the evening: the user is east of UTC).
	if !regexp.MustCompile(`(?m)^daily_activity\s+2[12]\s`).MatchString(out1.String()) {
		t.Errorf("the first run with -days 20 did not backfill 21 days of daily_activity:\n%s", out1.String())
	}
	if up1 == 0 {
		t.Fatalf("the first run upserted nothing:\n%s", out1.String())
	}
	if err := run(ctx, []string{"-db", db, "-days", "20", "-streams", "connector"}, "", &out2); err != nil {
		t.Fatal(err)
	}
	s := out2.String()
	if !strings.Contains(s, "run 2") || !strings.Contains(s, "sleep updated") {
		t.Fatalf("the second run does not say what the fake changed:\n%s", s)
	}
	fetched, up2, del2 := total(t, s)
	if up2 == 0 || del2 == 0 || up2 >= up1/10 || fetched >= up1/5 {
		t.Fatalf("the second run: %d fetched, %d upserted, %d deleted after a first of %d: want a few changes and deletes\n%s", fetched, up2, del2, up1, s)
	}
	for _, line := range []string{"sleep_periods", "workouts"} {
		if !regexp.MustCompile(`(?m)^` + line + `\s+\d+\s+\d+\s+[1-9]`).MatchString(s) {
			t.Errorf("no delete in %s:\n%s", line, s)
		}
	}
	// The mirror holds the eight streams, and the state beside them.
	m, err := sqlitemirror.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	var user string
	if err := m.DB().QueryRow(`SELECT user FROM sync_state`).Scan(&user); err != nil {
		t.Fatal(err)
	}
	counts, err := m.Counts(ctx, user)
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range ourasync.ConnectorStreams {
		if counts[st] == 0 && st != ourasync.Tags {
			t.Errorf("no %s in the mirror: %v", st, counts)
		}
	}
}

func TestUsageNamesFlagsAndEnvironment(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	if err := run(context.Background(), []string{"-h"}, "", &out); !errors.Is(err, flag.ErrHelp) {
		t.Fatalf("-h: %v", err)
	}
	for _, want := range []string{"-db", "-days", "-streams", "OURA_TOKEN", "oura.db", "cd examples/sync && go run ."} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("usage does not name %s:\n%s", want, out.String())
		}
	}
	for _, args := range [][]string{{"-days", "-1"}, {"-days", "x"}, {"extra"},
		{"-db", filepath.Join(t.TempDir(), "x.db"), "-streams", "sleep"}} {
		if err := run(context.Background(), args, "", &out); !errors.Is(err, errUsage) {
			t.Errorf("%q: %v, want a usage error", args, err)
		}
	}
}
