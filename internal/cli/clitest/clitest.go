// Package clitest checks the command-line surface of the examples.
package clitest

import (
	"bytes"
	"errors"
	"flag"
	"io"
	"strings"
	"testing"

	"github.com/ringkit/oura-go/internal/cli"
)

// MainFunc is an example's main without the exit: it parses args, writes
// to w and reads the environment through getenv.
type MainFunc func(args []string, w io.Writer, getenv func(string) string) error

// Help checks that -h (and -help) returns flag.ErrHelp with a usage text
// naming every flag, every environment variable of cmd, and both Oura and
// the fake server, and that it sends nothing.
func Help(t *testing.T, cmd cli.Command, main MainFunc, flags ...string) {
	t.Helper()
	for _, h := range []string{"-h", "-help", "--help"} {
		var out bytes.Buffer
		err := main([]string{h}, &out, func(string) string { return "" })
		if !errors.Is(err, flag.ErrHelp) {
			t.Fatalf("%s: err = %v; want flag.ErrHelp (exit status 0)", h, err)
		}
		text := out.String()
		want := append([]string{"Usage: go run ./examples/" + cmd.Name, "Oura", "fake server"}, flags...)
		for _, e := range cmd.Env {
			want = append(want, e.Name)
		}
		for _, w := range want {
			if !strings.Contains(text, w) {
				t.Errorf("%s: usage does not name %q:\n%s", h, w, text)
			}
		}
		if strings.Contains(text, "OURA_TOKEN is not set") || strings.Contains(text, "using the built-in fake server") {
			t.Errorf("%s: the command ran instead of only printing its usage:\n%s", h, text)
		}
	}
}

// BadArgs checks that each args is a usage error (exit status 2) whose
// message holds the matching want.
func BadArgs(t *testing.T, main MainFunc, env map[string]string, cases map[string][]string) {
	t.Helper()
	for want, args := range cases {
		var out bytes.Buffer
		err := main(args, &out, func(k string) string { return env[k] })
		if !errors.Is(err, cli.ErrUsage) || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: err = %v; want a usage error naming %q", args, err, want)
		}
	}
}
