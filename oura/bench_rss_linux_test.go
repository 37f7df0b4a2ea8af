//go:build linux

package oura_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"
)

// BenchmarkPeakRSS runs the SDK in a child process (this test binary,
// running TestRSSChild) against a server in this process and reports the
// child's peak resident set (VmHWM: the rusage of a child started
// with vfork counts the parent's pages): the memory a program that streams or collects
// 500,000 rows needs.
func BenchmarkPeakRSS(b *testing.B) {
	srv := sideServer(b, 0)
	for _, mode := range []string{"stream", "collect"} {
		for i, v := range sideVariants {
			b.Run(mode+"/"+v.name, func(b *testing.B) {
				var peak int64
				for b.Loop() {
					cmd := exec.Command(os.Args[0], "-test.run=^TestRSSChild$", "-test.count=1")
					cmd.Env = append(os.Environ(), "OURA_RSS_CHILD="+srv.URL, "OURA_RSS_MODE="+mode, "OURA_RSS_VARIANT="+strconv.Itoa(i))
					out, err := cmd.CombinedOutput()
					if err != nil {
						b.Fatalf("%v: %s", err, out)
					}
					_, hwm, ok := strings.Cut(string(out), "rss-child-peak-kib=")
					kib, err := strconv.ParseInt(strings.Fields(hwm + " ")[0], 10, 64)
					if !ok || err != nil {
						b.Fatalf("no peak in %s", out)
					}
					peak = max(peak, kib)
				}
				b.ReportMetric(float64(peak)/1024, "peak-MiB")
			})
		}
	}
}

// TestRSSChild is the child of BenchmarkPeakRSS; it does nothing unless
// started by it.
func TestRSSChild(t *testing.T) {
	t.Parallel()
	base := os.Getenv("OURA_RSS_CHILD")
	if base == "" {
		t.Skip("run by BenchmarkPeakRSS only")
	}
	i, _ := strconv.Atoi(os.Getenv("OURA_RSS_VARIANT"))
	c := newRSSClient(t, base, i)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	n := 0
	switch os.Getenv("OURA_RSS_MODE") {
	case "stream":
		for _, err := range c.HeartRateIter(ctx, sideStart, sideEnd) {
			if err != nil {
				t.Fatal(err)
			}
			n++
		}
	default:
		rows, err := c.HeartRate(ctx, sideStart, sideEnd)
		if err != nil {
			t.Fatal(err)
		}
		n = len(rows)
	}
	if n != sideRows {
		t.Fatalf("%d rows", n)
	}
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Fatal(err)
	}
	for line := range strings.Lines(string(status)) {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			fmt.Printf("rss-child-peak-kib=%s\n", strings.TrimSuffix(strings.TrimSpace(v), " kB"))
		}
	}
}
