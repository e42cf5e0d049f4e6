//go:build linux

package main

import (
	"bufio"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"syscall"
)

// A clause search after a user's pause cost the server 2–3 times the CPU of
// the same search straight after another (docs/performance.md, stage 19):
// on this machine kind (a paravirtualised guest) a request that finds its
// page translations gone pays for each 4 KB page it touches again, and
// jieba's dictionary trie and the pinned postings are tens of thousands of
// such pages, read in no order. Backed by 2 MB pages they are a few
// hundred. Only memory already written densely is collapsed, so the
// resident size grows by at most the pages a chunk lacked.

const (
	hugePage      = 2 << 20
	smallPage     = 4 << 10
	madvCollapse  = 25  // MADV_COLLAPSE, Linux 6.1; not in package syscall
	densePerChunk = 448 // of 512 small pages present: at most 1/8 of a chunk is new memory
)

// collapseHugePages collapses the densely written 2 MB chunks of the
// process's private anonymous mappings into huge pages, and returns how
// many bytes were collapsed (the Go heap's dense chunks too: the runtime
// may split them again when it returns pages). Mappings the kernel refuses
// (marked no-huge-pages; a kernel without transparent huge pages) are
// skipped; only an unreadable /proc is an error. It stops
// when ctx ends: a server shutting down does not wait for it.
func collapseHugePages(ctx context.Context) (int64, error) {
	maps, err := os.Open("/proc/self/maps")
	if err != nil {
		return 0, fmt.Errorf("open /proc/self/maps: %w", err)
	}
	defer maps.Close()
	pagemap, err := os.Open("/proc/self/pagemap")
	if err != nil {
		return 0, fmt.Errorf("open /proc/self/pagemap: %w", err)
	}
	defer pagemap.Close()
	var ranges [][2]uintptr
	sc := bufio.NewScanner(maps)
	for sc.Scan() {
		if lo, hi, ok := anonMapping(sc.Text()); ok {
			ranges = append(ranges, [2]uintptr{lo, hi})
		}
	}
	if err := sc.Err(); err != nil {
		return 0, fmt.Errorf("read /proc/self/maps: %w", err)
	}
	var collapsed int64
	entries := make([]byte, hugePage/smallPage*8)
	for _, r := range ranges {
		if err := ctx.Err(); err != nil {
			return collapsed, err
		}
		for at := (r[0] + hugePage - 1) &^ (hugePage - 1); at+hugePage <= r[1]; at += hugePage {
			if _, err := pagemap.ReadAt(entries, int64(at/smallPage*8)); err != nil && !errors.Is(err, io.EOF) {
				return collapsed, fmt.Errorf("read /proc/self/pagemap: %w", err)
			}
			if present(entries) < densePerChunk {
				continue
			}
			_, _, errno := syscall.Syscall(syscall.SYS_MADVISE, at, hugePage, madvCollapse)
			if errno == syscall.EINVAL || errno == syscall.EPERM {
				break // this mapping cannot be collapsed; the next may
			}
			if errno == 0 {
				collapsed += hugePage
			}
			// EAGAIN, ENOMEM: no huge page free now; the chunk stays small
		}
	}
	return collapsed, nil
}

// anonMapping parses one line of /proc/self/maps, "lo-hi perms offset dev
// inode [path]", and reports the range of a private writable anonymous
// mapping (malloc's arenas and the brk heap included).
func anonMapping(line string) (lo, hi uintptr, ok bool) {
	f := strings.Fields(line)
	if len(f) < 5 || f[1] != "rw-p" || f[4] != "0" || (len(f) > 5 && f[5] != "[heap]") {
		return 0, 0, false
	}
	a, b, found := strings.Cut(f[0], "-")
	if !found {
		return 0, 0, false
	}
	l, err1 := strconv.ParseUint(a, 16, 64)
	h, err2 := strconv.ParseUint(b, 16, 64)
	if err1 != nil || err2 != nil || h <= l {
		return 0, 0, false
	}
	return uintptr(l), uintptr(h), true
}

// present counts the pagemap entries whose page is in memory (bit 63).
func present(entries []byte) int {
	n := 0
	for i := 0; i+8 <= len(entries); i += 8 {
		if binary.LittleEndian.Uint64(entries[i:])>>63 == 1 {
			n++
		}
	}
	return n
}
