//go:build unix

package mapfile

import (
	"os"
	"syscall"
)

// Mapped reports whether Read maps files (true) or reads them into the
// heap (false) on this system.
const Mapped = true

func mapFile(f *os.File, size int) ([]byte, error) {
	return syscall.Mmap(int(f.Fd()), 0, size, syscall.PROT_READ, syscall.MAP_SHARED)
}
