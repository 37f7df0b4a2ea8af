package main

import (
	"bytes"
	"context"
	"github.com/ringkit/oura-go/internal/cli/clitest"
	"strings"
	"testing"
	"time"
)

func TestRunsOfflineAgainstTheFakeServer(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	now := time.Date(2024, time.March, 2, 9, 30, 0, 0, time.UTC)
	if err := run(context.Background(), &out, "", now); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if !strings.Contains(lines[0], "fake server") || len(lines) != 3+24 {
		t.Fatalf("unexpected output:\n%s", out.String())
	}
	if !strings.Contains(lines[1], "2024-03-01T09:00:00Z to 2024-03-02T09:00:00Z") {
		t.Fatalf("wrong window: %s", lines[1])
	}
	// Every hour has 12 samples at the fake server's 5-minute interval.
	for _, l := range lines[3:] {
		if f := strings.Fields(l); len(f) != 5 || f[1] != "12" {
			t.Fatalf("hour line %q; want 12 samples", l)
		}
	}
}

func TestHelpAndBadFlags(t *testing.T) {
	t.Parallel()
	clitest.Help(t, cmd, mainErr)
	clitest.BadArgs(t, mainErr, nil, map[string][]string{
		"unexpected arguments":          {"extra"},
		"flag provided but not defined": {"-x"},
	})
}
