package extract

import (
	"runtime"
	"sync"
	"syscall"

	"github.com/tetratelabs/wazero/experimental"
)

// mmapMemory is a PDFium linear memory backed by an anonymous mapping
// reserved at the sandbox's maximum: growing touches pages in place (the
// default []byte growth copies the whole memory, so a 1 GiB sandbox
// briefly held 2 GiB, then waited for the garbage collector), and closing
// the instance gives every page back at once. Each growth is also charged
// to pdfMemory, the budget all instances share.
type mmapMemory struct {
	buf  []byte
	heap bool // buf is a Go slice, not a mapping
	// Free may run while a killed call still grows the memory.
	mu    sync.Mutex
	size  uint64
	freed bool
}

// wasmMemoryPages is what wazero lets a sandbox ask for: the whole 4 GiB
// of wasm32, only reserved. The cap, pdfSandboxMemory, is enforced in
// Reallocate instead, so that every refusal is counted and a file that ran
// out of memory is told apart from a corrupt one.
const wasmMemoryPages = 65536

func newPDFAllocator() experimental.MemoryAllocator {
	return experimental.MemoryAllocatorFunc(func(capacity, maximum uint64) experimental.LinearMemory {
		b, err := syscall.Mmap(-1, 0, int(maximum), syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_PRIVATE|syscall.MAP_ANON|syscall.MAP_NORESERVE)
		if err != nil {
			// No address space for the reservation: a Go slice of the
			// maximum (untouched pages cost nothing until written).
			return &mmapMemory{buf: make([]byte, maximum), heap: true}
		}
		m := &mmapMemory{buf: b}
		runtime.SetFinalizer(m, unmap)
		return m
	})
}

func (m *mmapMemory) Reallocate(size uint64) []byte {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.freed || size > uint64(len(m.buf)) || size > pdfSandboxMemory {
		pdfMemory.refuse()
		return nil
	}
	if size > m.size {
		// The module's initial memory is always granted: wazero cannot
		// instantiate without it, and it is small.
		if !pdfMemory.take(int64(size-m.size), m.size == 0) {
			return nil // PDFium's malloc fails; it reports an error or traps
		}
		m.size = size
	}
	return m.buf[:size]
}

// Free gives the pages back to the system at once but keeps the mapping:
// wazero frees the memory when the module closes, and a module killed on
// its timeout (pdfTimeout) closes while its last call may still be running
// on another goroutine. That call then touches fresh zero pages instead of
// unmapped memory (a segmentation fault). The mapping itself goes when the
// memory is no longer reachable, which a running call prevents.
func (m *mmapMemory) Free() {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.freed {
		return
	}
	m.freed = true
	pdfMemory.give(int64(m.size))
	if !m.heap && m.size > 0 {
		_ = syscall.Madvise(m.buf[:m.size], syscall.MADV_DONTNEED)
	}
}

func unmap(m *mmapMemory) { _ = syscall.Munmap(m.buf) }
