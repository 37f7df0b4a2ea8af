//go:build unix

package oura

import (
	"syscall"
	"time"
)

// processCPU is the CPU time this process has used, which a busy machine
// inflates far less than wall time.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
