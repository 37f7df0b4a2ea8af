package cli_test

import (
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/ringkit/oura-go/internal/cli"
)

var cmd = cli.Command{Name: "demo", Summary: "Demonstrates. Talks to Oura, or to the fake server.",
	Env: []cli.Env{cli.EnvToken}}

// demoMain is a command's main, run by TestExitStatus in a child process.
func demoMain(args []string) {
	fs := cmd.FlagSet()
	n := fs.Int("n", 1, "a positive number")
	if err := cmd.Parse(fs, args, os.Stdout); err != nil {
		cmd.Exit(err)
	}
	if *n < 1 {
		cmd.Exit(cli.Usagef("-n %d is not positive", *n))
	}
	if *n == 7 {
		cmd.Exit(errors.New("seven fails"))
	}
	cmd.Exit(nil)
}

func TestMain(m *testing.M) {
	if args, ok := os.LookupEnv("CLI_DEMO_ARGS"); ok {
		demoMain(strings.Fields(args))
	}
	os.Exit(m.Run())
}

func TestExitStatus(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		args         string
		code         int
		stdout, errs string
	}{
		{"-h", 0, "Usage: go run ./examples/demo [flags]", ""},
		{"-n 3", 0, "", ""},
		{"-n x", 2, "", `demo: invalid value "x" for flag -n: parse error (run with -h for usage)`},
		{"-n 0", 2, "", "demo: -n 0 is not positive (run with -h for usage)"},
		{"-m", 2, "", "demo: flag provided but not defined: -m (run with -h for usage)"},
		{"stray", 2, "", `demo: unexpected arguments ["stray"] (run with -h for usage)`},
		{"-n 7", 1, "", "demo: seven fails"},
	} {
		c := exec.Command(os.Args[0])
		c.Env = append(os.Environ(), "CLI_DEMO_ARGS="+tc.args)
		var stdout, stderr strings.Builder
		c.Stdout, c.Stderr = &stdout, &stderr
		err := c.Run()
		code := 0
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		if code != tc.code || !strings.Contains(stdout.String(), tc.stdout) || strings.TrimSpace(stderr.String()) != tc.errs {
			t.Errorf("%q: status %d, stdout %q, stderr %q; want %d, %q, %q", tc.args, code, stdout.String(), stderr.String(), tc.code, tc.stdout, tc.errs)
		}
	}
}

func TestUsageNamesFlagsAndEnvironment(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	fs := cmd.FlagSet()
	fs.Int("n", 1, "a positive number")
	cmd.Usage(fs, &b)
	for _, want := range []string{"Demonstrates.", "-n int", "a positive number", "Environment:", "OURA_TOKEN"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("usage lacks %q:\n%s", want, b.String())
		}
	}
}
