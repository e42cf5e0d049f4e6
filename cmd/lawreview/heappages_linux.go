//go:build linux

package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"sync"
	"syscall"
	"unsafe"
)

// A cold `lawreview review` touched ~46 MB of fresh Go heap: 11,800 of its
// 15,000 page faults, each 5–10 µs of system time on this machine kind (a
// paravirtualised guest), about a sixth of the command's CPU. The kernel
// backs memory with 2 MB pages only where asked (transparent huge pages in
// "madvise" mode), and the Go runtime no longer asks for its heap; it maps
// the heap as it grows, each new mapping without the advice. So the
// command has the runtime map the room its heap will take at once, in one
// large allocation never written, advises huge pages on it and frees it:
// the heap then grows into advised memory, a fault per 2 MB instead of per
// 4 KB. Nothing is written, so the resident size grows only by the part
// of a 2 MB page the heap leaves unused. A kernel without transparent huge
// pages ignores the advice.

const (
	heapRoom     = 48 << 20 // a cold review's heap peaks at ~36 MB (GODEBUG=gctrace=1)
	madvHugePage = 14       // MADV_HUGEPAGE
)

var heapAdvised sync.Once

// heapOnHugePages advises huge pages for the heap's next heapRoom bytes;
// only the first call in a process does anything. It costs one garbage
// collection of the heap as it is (a millisecond at a command's start).
func heapOnHugePages() {
	heapAdvised.Do(func() { adviseHeap(heapRoom) })
}

// adviseHeap has the runtime map room bytes of heap, advises huge pages on
// the 2 MB pages inside them and frees them, and returns the advised
// range (empty when the advice was refused).
func adviseHeap(room uintptr) (lo, hi uintptr) {
	b := make([]byte, room) // fresh from the system: not zeroed, not touched
	p := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	lo, hi = (p+hugePage-1)&^(hugePage-1), (p+room)&^(hugePage-1)
	if lo < hi {
		// Best effort: a kernel that refuses changes nothing but the pages.
		if _, _, errno := syscall.Syscall(syscall.SYS_MADVISE, lo, hi-lo, madvHugePage); errno != 0 {
			lo, hi = 0, 0
		}
	}
	runtime.KeepAlive(b)
	runtime.GC() // frees the room for the allocations to come
	return lo, hi
}

// A server's first clause searches grow its heap (the postings, facts and
// texts they cache, the answers' buffers) from the ~20 MB left after the
// start's FreeOSMemory to 70–100 MB, and each fresh 4 KB page is a fault of
// 15–20 µs here: 100–800 faults a request, 2–15 ms, in the requests of the
// HTTP p95 (docs/performance.md, stage 21). serverHeapRoom is the heap room
// the server maps at start for that growth, advised for 2 MB pages.
const serverHeapRoom = 128 << 20

// serverHeapOnHugePages has the runtime map serverHeapRoom of heap beyond
// what is in use, advises huge pages on every 2 MB chunk of the heap's
// mapping with no page in memory (so no chunk the heap holds now is made
// resident whole by the kernel's khugepaged, which fills advised chunks
// that have pages), returns the room to the runtime, released, and
// reports the bytes advised and the heap mapping it looked at. The
// resident size grows only by the part of a 2 MB page the heap leaves
// unused. Called after debug.FreeOSMemory (the heap's free pages out, so
// that their chunks count as empty); it costs one more collection of the
// heap as it is.
func serverHeapOnHugePages() (advised int64, lo, hi uintptr, err error) {
	b := make([]byte, serverHeapRoom) // mapped, not touched
	p := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	defer func() {
		runtime.KeepAlive(b)
		b = nil
		debug.FreeOSMemory() // the room back, released: the runtime counts none of it resident
	}()
	lo, hi, err = mappingOf(p)
	if err != nil {
		return 0, 0, 0, err
	}
	pagemap, err := os.Open("/proc/self/pagemap")
	if err != nil {
		return 0, lo, hi, fmt.Errorf("open /proc/self/pagemap: %w", err)
	}
	defer pagemap.Close()
	entries := make([]byte, hugePage/smallPage*8)
	runs, err := emptyChunkRuns(lo, hi, func(at uintptr) (int, error) {
		if _, err := pagemap.ReadAt(entries, int64(at/smallPage*8)); err != nil && !errors.Is(err, io.EOF) {
			return 0, fmt.Errorf("read /proc/self/pagemap: %w", err)
		}
		return present(entries), nil
	})
	for _, r := range runs {
		// Best effort: a kernel that refuses changes nothing but the pages.
		if _, _, errno := syscall.Syscall(syscall.SYS_MADVISE, r[0], r[1]-r[0], madvHugePage); errno == 0 {
			advised += int64(r[1] - r[0])
		}
	}
	return advised, lo, hi, err
}

// emptyChunkRuns lists the runs of whole 2 MB chunks of [lo, hi) in which
// present (the pages in memory of the chunk at an address) finds none.
func emptyChunkRuns(lo, hi uintptr, present func(at uintptr) (int, error)) ([][2]uintptr, error) {
	var runs [][2]uintptr
	run := uintptr(0) // start of the current run, 0 for none
	at := (lo + hugePage - 1) &^ (hugePage - 1)
	for ; at+hugePage <= hi; at += hugePage {
		n, err := present(at)
		if err != nil {
			return runs, err
		}
		switch {
		case n > 0 && run != 0:
			runs = append(runs, [2]uintptr{run, at})
			run = 0
		case n == 0 && run == 0:
			run = at
		}
	}
	if run != 0 {
		runs = append(runs, [2]uintptr{run, at})
	}
	return runs, nil
}

// mappingOf is the range of private writable anonymous memory around
// address p, from /proc/self/maps: the mapping that holds it and those
// adjoining it (the heap is one span of address space; advice given to
// part of it, as adviseHeap's, splits it into several mappings).
func mappingOf(p uintptr) (lo, hi uintptr, err error) {
	maps, err := os.Open("/proc/self/maps")
	if err != nil {
		return 0, 0, fmt.Errorf("open /proc/self/maps: %w", err)
	}
	defer maps.Close()
	sc := bufio.NewScanner(maps)
	for sc.Scan() { // the lines are in address order
		a, b, ok := anonMapping(sc.Text())
		switch {
		case !ok:
			if lo <= p && p < hi {
				return lo, hi, nil
			}
			lo, hi = 0, 0
		case a == hi && hi != 0:
			hi = b
		default:
			if lo <= p && p < hi {
				return lo, hi, nil
			}
			lo, hi = a, b
		}
	}
	if err := sc.Err(); err != nil {
		return 0, 0, fmt.Errorf("read /proc/self/maps: %w", err)
	}
	if lo <= p && p < hi {
		return lo, hi, nil
	}
	return 0, 0, fmt.Errorf("no anonymous mapping holds the heap at %#x", p)
}
