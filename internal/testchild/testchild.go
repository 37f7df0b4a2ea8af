// Package testchild runs a test of the current test binary as a child
// process, for tests that kill a real process.
package testchild

import (
	"bufio"
	"os"
	"os/exec"
	"testing"
)

// Start runs the test binary's test named test in a child process, with
// env added to its environment, and returns once the child has written
// its first line to stdout, with that line (without its newline).
func Start(t testing.TB, test string, env ...string) (*exec.Cmd, string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^"+test+"$", "-test.count=1")
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		t.Fatalf("child %s: %q %v", test, line, err)
	}
	return cmd, line[:len(line)-1]
}
