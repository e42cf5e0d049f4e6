//go:build linux

package main

import (
	"runtime"
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
