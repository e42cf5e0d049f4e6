//go:build !unix

package mapfile

import (
	"io"
	"os"
)

// Mapped reports whether Read maps files (true) or reads them into the
// heap (false) on this system.
const Mapped = false

// mapFile reads the file: without mmap the bytes live in the heap, as one
// object without pointers, which the collector does not scan.
func mapFile(f *os.File, size int) ([]byte, error) {
	b := make([]byte, size)
	_, err := io.ReadFull(f, b)
	return b, err
}
