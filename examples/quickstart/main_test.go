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
	if err := run(context.Background(), &out, "", time.UTC); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if !strings.Contains(lines[0], "fake server") {
		t.Fatalf("the example did not say it uses the fake server:\n%s", out.String())
	}
	if len(lines) != 2+7 {
		t.Fatalf("want a header and 7 days:\n%s", out.String())
	}
	today := time.Now().UTC().Format(time.DateOnly)
	if !strings.HasPrefix(strings.TrimSpace(lines[8]), today) {
		t.Fatalf("last line should be today (%s):\n%s", today, out.String())
	}
}

func TestHelpAndBadFlags(t *testing.T) {
	t.Parallel()
	clitest.Help(t, cmd, mainErr)
	clitest.BadArgs(t, mainErr, nil, map[string][]string{
		"unexpected arguments":                 {"extra"},
		"flag provided but not defined: -days": {"-days", "3"},
	})
}
