//go:build unix

package index

import (
	"syscall"
	"time"
)

// processCPU is the user + system CPU time this process has used so far
// (0 where it cannot be read): a benchmark's CPU per operation moves far
// less with the shared machine's load than its wall time.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
