// Package cli is the command-line surface the examples share: a usage text
// naming every flag and environment variable, -h answered on stdout with
// exit status 0, and bad flag values reported as clear errors with status 2.
package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
)

// Env is an environment variable a command reads.
type Env struct{ Name, Doc string }

// ErrUsage is wrapped by errors about the command line.
var ErrUsage = errors.New("usage")

// Usagef returns an error about the command line; it matches ErrUsage.
func Usagef(format string, a ...any) error {
	return usageError(fmt.Sprintf(format, a...) + " (run with -h for usage)")
}

type usageError string

func (e usageError) Error() string        { return string(e) }
func (e usageError) Is(target error) bool { return target == ErrUsage }

// Command describes a command for its usage text.
type Command struct {
	Name    string
	Summary string // what it does and whether it talks to Oura or to the fake server
	Env     []Env
}

// FlagSet returns an empty flag set for c; Parse prints its usage.
func (c Command) FlagSet() *flag.FlagSet {
	fs := flag.NewFlagSet(c.Name, flag.ContinueOnError)
	fs.SetOutput(io.Discard) // Parse reports errors itself
	fs.Usage = func() {}
	return fs
}

// Parse parses args. For -h or -help it writes the usage to stdout and
// returns flag.ErrHelp; a bad flag or value, or a stray argument, is an
// error wrapping ErrUsage.
func (c Command) Parse(fs *flag.FlagSet, args []string, stdout io.Writer) error {
	err := fs.Parse(args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		c.Usage(fs, stdout)
		return flag.ErrHelp
	case err != nil:
		return Usagef("%v", err)
	case fs.NArg() > 0:
		return Usagef("unexpected arguments %q", fs.Args())
	}
	return nil
}

// Usage writes c's usage: the summary, the flags and the environment.
func (c Command) Usage(fs *flag.FlagSet, w io.Writer) {
	fmt.Fprintf(w, "Usage: go run ./examples/%s [flags]\n\n%s\n", c.Name, strings.TrimSpace(c.Summary))
	var flags strings.Builder
	fs.SetOutput(&flags)
	fs.PrintDefaults()
	fs.SetOutput(io.Discard)
	if flags.Len() > 0 {
		fmt.Fprintf(w, "\nFlags:\n%s", flags.String())
	} else {
		fmt.Fprintf(w, "\nFlags: none (but -h).\n")
	}
	if len(c.Env) > 0 {
		fmt.Fprintf(w, "\nEnvironment:\n")
		for _, e := range c.Env {
			fmt.Fprintf(w, "  %s\n    \t%s\n", e.Name, e.Doc)
		}
	}
}

// Exit ends the command with err: status 0 for nil or flag.ErrHelp, 2 for
// a usage error, 1 otherwise; errors go to stderr after the command name.
func (c Command) Exit(err error) {
	switch {
	case err == nil || errors.Is(err, flag.ErrHelp):
		os.Exit(0)
	case errors.Is(err, ErrUsage):
		fmt.Fprintf(os.Stderr, "%s: %v\n", c.Name, err)
		os.Exit(2)
	}
	fmt.Fprintf(os.Stderr, "%s: %v\n", c.Name, err)
	os.Exit(1)
}

// EnvToken is OURA_TOKEN, as the examples read it.
var EnvToken = Env{"OURA_TOKEN", "an OAuth2 access token for Oura's API. Unset: the example runs offline against " +
	"the SDK's built-in fake server (synthetic data) and says so."}

// BothOrNeither is a usage error unless the environment variables a and b
// are both set or both unset.
func BothOrNeither(getenv func(string) string, a, b string) error {
	if (getenv(a) == "") != (getenv(b) == "") {
		return Usagef("set both %s and %s, or neither", a, b)
	}
	return nil
}
