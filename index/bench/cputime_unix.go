//go:build unix

package main

import (
	"syscall"
	"time"
)

// cpuTime is the user + system CPU time this process has used so far: a
// build's CPU cost, unlike its wall time, barely depends on what else the
// machine is running.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
