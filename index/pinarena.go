package index

import (
	"sync"
	"unsafe"
)

// The postings WarmPostings pins (64 MB) are held for the life of the
// index and hold no pointers, so they are kept outside the collector's
// heap: on the heap they counted as live data, and the collector lets the
// heap grow by as much again as it holds live (GOGC=100) before it
// collects, so pinning 64 MB let the server's heap grow by 128 MB, and each
// search's garbage landed on fresh pages for the whole first minutes of a
// server (stage 17 of docs/performance.md: minor page faults p50 22 → 99 a
// search, RSS after the 200 clause searches +65 MB). In an anonymous
// mapping they cost their own pages and nothing more.

// pinChunk is how much address space the arena maps at a time; only the
// pages written are memory.
const pinChunk = 4 << 20

// pinArena hands out pointer-free arrays from anonymous mappings. Nothing
// is freed but all at once, by reset (the memory is handed out again) when
// no array handed out is in use any more. The mappings are never unmapped:
// a search still running when the index closes (a server shutting down)
// may hold an array, and unmapping it would crash the process where
// bleve's own segments, reference-counted, stay readable. Only a server
// warms an index (one, for its life), so what is mapped is bounded by
// warmPinnedBytes.
type pinArena struct {
	mu     sync.Mutex
	chunks [][]byte
	ci, at int // the free space is chunks[ci][at:], then the chunks after it
}

// bytes returns n bytes, 8-aligned, or nil when no mapping could be made.
func (a *pinArena) bytes(n int) []byte {
	a.mu.Lock()
	defer a.mu.Unlock()
	n = (n + 7) &^ 7
	for a.ci < len(a.chunks) && len(a.chunks[a.ci])-a.at < n {
		a.ci, a.at = a.ci+1, 0
	}
	if a.ci == len(a.chunks) {
		b := mapAnon(max(pinChunk, n))
		if b == nil {
			return nil
		}
		a.chunks = append(a.chunks, b)
		a.at = 0
	}
	b := a.chunks[a.ci][a.at : a.at+n : a.at+n]
	a.at += n
	return b
}

// reset hands the arena's memory out again from its start.
func (a *pinArena) reset() {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.ci, a.at = 0, 0
}

// pinnedUint32s is an empty slice with room for n: from the arena when a
// is not nil and can map memory, else from the heap.
func pinnedUint32s(a *pinArena, n int) []uint32 {
	if a != nil && n > 0 {
		if b := a.bytes(4 * n); b != nil {
			return unsafe.Slice((*uint32)(unsafe.Pointer(unsafe.SliceData(b))), n)[:0]
		}
	}
	return make([]uint32, 0, n)
}

// pinnedFloat64s is pinnedUint32s for float64s.
func pinnedFloat64s(a *pinArena, n int) []float64 {
	if a != nil && n > 0 {
		if b := a.bytes(8 * n); b != nil {
			return unsafe.Slice((*float64)(unsafe.Pointer(unsafe.SliceData(b))), n)[:0]
		}
	}
	return make([]float64, 0, n)
}
