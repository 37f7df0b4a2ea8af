//go:build !unix

package oura

import "time"

func processCPU() time.Duration { return 0 }
