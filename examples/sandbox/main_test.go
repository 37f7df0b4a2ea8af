package main

import (
	"bytes"
	"context"
	"github.com/ringkit/oura-go/internal/cli/clitest"
	"strings"
	"testing"

	"github.com/ringkit/oura-go/oura"
	"github.com/ringkit/oura-go/oura/ouratest"
)

func TestRunsOffline(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	if err := run(context.Background(), &out, ""); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "fake server") || strings.Count(out.String(), "\n") < 9 {
		t.Fatalf("unexpected output:\n%s", out.String())
	}
}

func TestAsksTheSandboxRoutes(t *testing.T) {
	t.Parallel()
	srv := ouratest.NewServer()
	defer srv.Close()
	var out bytes.Buffer
	if err := run(context.Background(), &out, srv.Token, oura.WithBaseURL(srv.URL)); err != nil {
		t.Fatal(err)
	}
	reqs := srv.Requests()
	if len(reqs) != 2 {
		t.Fatalf("%d requests; want 2", len(reqs))
	}
	for _, r := range reqs {
		if !strings.HasPrefix(r.Path, "/v2/sandbox/usercollection/") {
			t.Fatalf("request to %s; want a sandbox route", r.Path)
		}
	}
}

func TestHelpAndBadFlags(t *testing.T) {
	t.Parallel()
	clitest.Help(t, cmd, mainErr)
	clitest.BadArgs(t, mainErr, nil, map[string][]string{
		"unexpected arguments": {"extra"},
	})
}
