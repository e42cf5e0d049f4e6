// Package mapfile reads a whole file as bytes that stay valid for the life
// of the process. On Unix the file is mapped read-only instead of read:
// its pages are shared with the page cache, are not part of the Go heap
// (the collector never scans or copies them), and only the pages a
// process touches count in its resident memory. The law snapshot and
// jieba's word table are read this way, so a server that looks up a few
// hundred articles does not hold 50 MB of law text in its heap.
//
// A mapping is never undone: strings that point into it may be anywhere
// in the program. Files read this way must be replaced by renaming a new
// file over them (corpus/atomicfile), never rewritten in place: a file
// truncated under a live mapping makes the process fault when it reads
// past the new end.
package mapfile

import (
	"fmt"
	"os"
)

// Read returns the content of path. The bytes must not be modified.
func Read(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return Map(f)
}

// Map is Read of an open file; the mapping outlives f.
func Map(f *os.File) ([]byte, error) {
	path := f.Name()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("stat %s: %w", path, err)
	}
	size := st.Size()
	if size == 0 {
		return []byte{}, nil
	}
	if int64(int(size)) != size || size < 0 {
		return nil, fmt.Errorf("map %s: file too large (%d bytes)", path, size)
	}
	b, err := mapFile(f, int(size))
	if err != nil {
		return nil, fmt.Errorf("map %s: %w", path, err)
	}
	return b, nil
}
